// The DWARF emitter on a hand-built unit (a typed AST and codegen's frame as the contract
// describes them, with hand-written code for the function bodies): llvm-dwarfdump must accept
// the object and the linked program, and both it and oslab's debugger-side reader must see the
// functions, variables, frame slots and C types the unit declares.

import { describe, expect, it } from 'vitest';
import type {
  FunctionDefinition, FunctionFrame, GlobalDefinition, GlobalVariable, LexicalScope, LocalVariable, TranslationUnit,
} from '../../../sim/toolchain/cc/ast';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { emitDebugInfo } from '../../../sim/toolchain/cc/debug-info';
import type { SourceFile, SourceLocation } from '../../../sim/toolchain/cc/token';
import {
  CHAR, INT, LLONG, UINT, VOID, arrayOf, pointerTo, type CType, type EnumDecl, type FunctionType, type RecordDecl,
} from '../../../sim/toolchain/cc/types';
import { loadDebugInfo, stripTypedefs, typeName } from '../../../sim/toolchain/dwarf';
import { BufferConsole } from '../../../sim/console';
import { Machine } from '../../../sim/machine';
import { build, dwarfdump, fileDirectives, verifyProblems } from './debug-info-support';

const SOURCE = `typedef unsigned int u32;
struct point { int x, y; struct point *next; };
enum color { RED, GREEN = 5 };
int g = 3;
static const char *names[2];
int (*fp)(int, char);
struct opaque *op;
int f(int a, struct point *p, struct point q) {
  static int counter;
  u32 x = a;
  { long long y = 2; x += y; }
  return x;
}
void _start(void) { enum color c; }
`;

const file: SourceFile = { name: 't.c', path: '/src/t.c', text: SOURCE, id: 1, system: false };
const at = (line: number, column = 1): SourceLocation => ({ file, line, column });

function handBuiltUnit() {
  const point: RecordDecl = { kind: 'struct', tag: 'point', loc: at(2, 8), members: [], size: 12, align: 4, complete: true, flexible: false };
  const pointType: CType = { kind: 'struct', decl: point };
  point.members.push(
    { name: 'x', type: INT, offset: 0, loc: at(2, 20) },
    { name: 'y', type: INT, offset: 4, loc: at(2, 23) },
    { name: 'next', type: pointerTo(pointType), offset: 8, loc: at(2, 41) },
  );
  const opaque: RecordDecl = { kind: 'struct', tag: 'opaque', loc: at(7, 8), members: [], size: 0, align: 1, complete: false, flexible: false };
  const color: EnumDecl = { tag: 'color', loc: at(3, 6), constants: [{ name: 'RED', value: 0 }, { name: 'GREEN', value: 5 }], complete: true };
  const u32: CType = { ...UINT, typedefName: 'u32', typedefLoc: at(1, 22) };
  const fnType = (returnType: CType, params: CType[]): FunctionType => ({ kind: 'function', returnType, params: params.map((type) => ({ name: null, type })), variadic: false, prototyped: true });

  const global = (name: string, type: CType, line: number, internal = false, symbol = name): GlobalVariable => ({ kind: 'global', name, type, loc: at(line, 5), symbol, internal });
  const g = global('g', INT, 4);
  const names = global('names', arrayOf(pointerTo({ ...CHAR, qualifiers: { const: true } }), 2), 5, true);
  const fp = global('fp', pointerTo(fnType(INT, [INT, CHAR])), 6);
  const op = global('op', pointerTo({ kind: 'struct', decl: opaque }), 7);
  const counter = global('counter', INT, 9, true, 'counter.1');
  const defined = (variable: GlobalVariable): GlobalDefinition => ({ variable, init: null, readonly: false, userVisible: true });

  const local = (kind: 'local' | 'param', name: string, type: CType, line: number, artificial = false): LocalVariable => ({ kind, name, type, loc: at(line, 7), artificial });
  const a = local('param', 'a', INT, 8);
  const p = local('param', 'p', pointerTo(pointType), 8);
  const q = local('param', 'q', pointType, 8);
  const x = local('local', 'x', u32, 10);
  const y = local('local', 'y', LLONG, 11);
  const tmp = local('local', 'tmp', INT, 12, true);
  const inner: LexicalScope = { variables: [y], children: [] };
  const fScope: LexicalScope = { variables: [counter, x, tmp], children: [inner] };
  const body = { kind: 'block' as const, loc: at(8, 30), body: [], scope: fScope };
  const fDef: FunctionDefinition = {
    variable: { kind: 'function', name: 'f', type: fnType(INT, [INT, pointerTo(pointType), pointType]), loc: at(8, 5), symbol: 'f', internal: false },
    type: fnType(INT, [INT, pointerTo(pointType), pointType]), params: [a, p, q], locals: [x, y, tmp], body, scope: fScope, endLoc: at(13),
  };
  const c = local('local', 'c', { kind: 'enum', decl: color }, 14);
  const startScope: LexicalScope = { variables: [c], children: [] };
  const startDef: FunctionDefinition = {
    variable: { kind: 'function', name: '_start', type: fnType(VOID, []), loc: at(14, 6), symbol: '_start', internal: false },
    type: fnType(VOID, []), params: [], locals: [c], body: { kind: 'block', loc: at(14, 19), body: [], scope: startScope }, scope: startScope, endLoc: at(14, 34),
  };
  const unit: TranslationUnit = { functions: [fDef, startDef], globals: [g, names, fp, op, counter].map(defined), externs: [] };
  const frames = new Map<FunctionDefinition, FunctionFrame>([
    [fDef, { endLabel: '.Lf_end', slots: new Map([[a, { offset: -20, indirect: false }], [p, { offset: -24, indirect: false }], [q, { offset: -48, indirect: true }], [x, { offset: -28, indirect: false }], [y, { offset: -40, indirect: false }], [tmp, { offset: -44, indirect: false }]]), scopes: new Map([[inner, { begin: '.Lblock_begin', end: '.Lblock_end' }]]) }],
    [startDef, { endLabel: '.Lstart_end', slots: new Map([[c, { offset: -12, indirect: false }]]), scopes: new Map() }],
  ]);
  return { unit, frames };
}

// What codegen would write for the two bodies (clang -O0's shape): _start calls f(7, 0).
const CODE = `	.text
	.globl	f
f:
	.loc	1 8 0
	addi	sp, sp, -48
	sw	ra, 44(sp)
	sw	s0, 40(sp)
	addi	s0, sp, 48
	sw	a0, -20(s0)
	sw	a1, -24(s0)
	.loc	1 10 11 prologue_end
	sw	a0, -28(s0)
.Lblock_begin:
	.loc	1 11 15
	li	a0, 2
	sw	a0, -40(s0)
	sw	zero, -36(s0)
.Lblock_end:
	.loc	1 12 3
	lw	a0, -28(s0)
	lw	ra, 44(sp)
	lw	s0, 40(sp)
	addi	sp, sp, 48
	ret
.Lf_end:
	.globl	_start
_start:
	.loc	1 14 0
	addi	sp, sp, -16
	sw	ra, 12(sp)
	sw	s0, 8(sp)
	addi	s0, sp, 16
	.loc	1 14 21 prologue_end
	li	a0, 7
	li	a1, 0
	call	f
	li	a7, 93
	ecall
.Lstart_end:
	.data
	.globl	g
g:	.word	3
	.bss
names:	.zero	8
	.globl	fp
fp:	.zero	4
	.globl	op
op:	.zero	4
counter.1:	.zero	4
`;

function compileHandBuilt() {
  const ctx = new CompileContext({ file: 't.c', compDir: '/src', debug: true, host: { readFile: () => null } });
  ctx.lineTableFile(file);
  const { unit, frames } = handBuiltUnit();
  const debug = emitDebugInfo(ctx, unit, frames);
  return build(fileDirectives(ctx) + CODE + debug, 't');
}

describe('DWARF for a hand-built unit', () => {
  const built = compileHandBuilt();

  it('passes llvm-dwarfdump --verify as an object and as a linked program', () => {
    expect(verifyProblems(built.objectPath)).toBe('');
    expect(verifyProblems(built.executablePath)).toBe('');
  });

  it('describes the unit, functions and variables as llvm-dwarfdump reads them', () => {
    const dump = dwarfdump(built.executablePath, '--debug-info');
    expect(dump).toContain('DW_AT_producer\t("oslab cc")');
    expect(dump).toContain('DW_AT_language\t(DW_LANG_C11)');
    expect(dump).toContain('DW_AT_comp_dir\t("/src")');
    expect(dump).toMatch(/DW_AT_name\t\("f"\)[\s\S]*DW_AT_external/);
    expect(dump).toMatch(/DW_AT_location\t\(DW_OP_fbreg -20\)\s+DW_AT_name\t\("a"\)/);
    expect(dump).toMatch(/DW_AT_name\t\("__ARRAY_SIZE_TYPE__"\)/);
    expect(dump).toMatch(/DW_TAG_typedef\s+DW_AT_type\t\(0x[0-9a-f]+ "unsigned int"\)\s+DW_AT_name\t\("u32"\)/);
    expect(dump).toMatch(/DW_AT_name\t\("opaque"\)\s+DW_AT_declaration\t\(true\)/);
    expect(dump).toMatch(/DW_AT_location\t\(DW_OP_fbreg -48, DW_OP_deref\)\s+DW_AT_name\t\("q"\)/);
    expect(dump).not.toContain('"tmp"');
  });

  it('gives oslab’s reader functions, frame slots, blocks, globals and C types', () => {
    const debug = loadDebugInfo(built.executable);
    const [model] = debug.unitModels();
    const f = model.functions.find((fn) => fn.name === 'f');
    expect(f).toBeDefined();
    expect(f!.parameters.map((v) => `${typeName(v.type)} ${v.name}`)).toEqual(['int a', 'struct point * p', 'struct point q']);
    expect(f!.declLine).toBe(8);
    expect(f!.declFile).toBe('/src/t.c');
    // Inside the nested block: y there, x and counter one level out.
    const [inBlock] = debug.addressesForLine('/src/t.c', 11);
    expect(inBlock).toBeGreaterThan(f!.low);
    const scopes = debug.scopesAt(inBlock);
    const names = scopes.map((s) => s.variables.map((v) => v.name));
    expect(names[0]).toEqual(['y']);
    expect(names.flat()).toEqual(expect.arrayContaining(['y', 'x', 'counter', 'a', 'p']));
    const all = scopes.flatMap((s) => s.variables);
    const x = all.find((v) => v.name === 'x')!;
    expect(typeName(x.type)).toBe('u32');
    expect(stripTypedefs(x.type)).toMatchObject({ kind: 'base', name: 'unsigned int', size: 4 });
    const y = all.find((v) => v.name === 'y')!;
    const s0 = 0x4000_0000;
    expect(debug.locate(y, { pc: inBlock, readRegister: (r) => (r === 8 ? s0 : 0), readMemory: () => undefined })).toMatchObject({ kind: 'memory', address: s0 - 40 });
    // A struct passed by reference: its slot holds the object's address.
    const q = f!.parameters[2];
    const memory = (address: number) => (address === s0 - 48 ? new Uint8Array([0x10, 0x20, 0, 0]) : undefined);
    expect(debug.locate(q, { pc: inBlock, readRegister: (r) => (r === 8 ? s0 : 0), readMemory: memory })).toMatchObject({ kind: 'memory', address: 0x2010 });
    const counter = all.find((v) => v.name === 'counter')!;
    expect(counter.storage).toBe('staticLocal');
    const p = f!.parameters[1];
    const point = stripTypedefs(p.type);
    expect(point.kind).toBe('pointer');
    if (point.kind !== 'pointer' || point.target.kind !== 'struct') throw new Error('p is not a struct pointer');
    expect(point.target.members.map((m) => [m.name, m.offset, typeName(m.type)])).toEqual([['x', 0, 'int'], ['y', 4, 'int'], ['next', 8, 'struct point *']]);
    const globals = new Map(model.variables.map((v) => [v.name, v]));
    expect([...globals.keys()].sort()).toEqual(['fp', 'g', 'names', 'op']);
    expect(typeName(globals.get('names')!.type)).toBe('const char *[2]');
    expect(typeName(globals.get('fp')!.type)).toBe('int (*)(int, char)');
    expect(globals.get('names')!.storage).toBe('fileStatic');
    expect(globals.get('g')!.address).toBeGreaterThan(0);
  });

  it('lets a debugger stop at a line on the simulator and read locals through their locations', async () => {
    const debug = loadDebugInfo(built.executable);
    const machine = new Machine({ cores: 1 }, new BufferConsole());
    const { pid } = machine.load(built.executable, { path: 't' });
    const [line12] = debug.addressesForLine('/src/t.c', 12);
    expect(machine.setBreakpoint(pid, line12)).toBe(true);
    expect(await machine.run()).toMatchObject({ kind: 'stopped', pid });
    const hart = machine.harts[0];
    const frame = { pc: hart.pc >>> 0, readRegister: (r: number) => hart.regs[r] >>> 0, readMemory: (a: number, n: number) => machine.readMemory(pid, a, n) ?? undefined };
    const word = (name: string): number => {
      const v = debug.scopesAt(frame.pc).flatMap((s) => s.variables).find((x) => x.name === name)!;
      const loc = debug.locate(v, frame);
      if (loc.kind !== 'memory') throw new Error(`${name} is not in memory`);
      const bytes = machine.readMemory(pid, loc.address, 4)!;
      return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
    };
    expect(frame.pc).toBe(line12);
    expect([word('a'), word('p'), word('x')]).toEqual([7, 0, 7]);
  });
});
