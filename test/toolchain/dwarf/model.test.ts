// The debugger's model of clang -O0 programs (DWARF 4 and 5): functions with their frame base,
// parameters and nested block scopes; globals and static locals at fixed addresses; the C type
// graph (self-referential structs, bitfields, multi-dimensional arrays, function pointers,
// qualifiers); on the simulated machine, that every breakpoint address is reached, that
// variables located through the model hold the values the program computed and that CFI unwinds
// the call stack; and, for -O1 builds, that every variable at every pc can be located.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferConsole } from '../../../sim/console';
import { Machine, type RunState } from '../../../sim/machine';
import {
  formatExpression,
  loadDebugInfo,
  stripTypedefs,
  typeName,
  type CType,
  type DebugInfo,
  type Frame,
  type FunctionInfo,
  type StructType,
  type Variable,
} from '../../../sim/toolchain/dwarf';
import { buildVariant, listC, mainC, shapesH, variants } from './fixtures';

const O0 = variants.filter((v) => v.opt === '-O0');
const elfs = new Map<string, Uint8Array>();

beforeAll(() => {
  for (const v of O0) elfs.set(v.name, new Uint8Array(readFileSync(buildVariant(v))));
});

/** The 1-based line of `file` holding `text` (so the tests survive edits to the fixtures). */
function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" not in ${file}`);
  return i + 1;
}

function fn(info: DebugInfo, name: string): FunctionInfo {
  const f = info.functionsNamed(name)[0];
  if (!f) throw new Error(`no function ${name}`);
  return f;
}

function global(info: DebugInfo, name: string): Variable {
  const g = info.globals().find((v) => v.name === name);
  if (!g) throw new Error(`no global ${name}`);
  return g;
}

function struct(t: CType): StructType {
  const s = stripTypedefs(t);
  if (s.kind !== 'struct' && s.kind !== 'union') throw new Error(`${typeName(t)} is not a struct`);
  return s;
}

describe.each(O0.map((v) => [v.name]))('%s', (name) => {
  const info = (): DebugInfo => loadDebugInfo(elfs.get(name) ?? new Uint8Array());

  it('lists every function with its range, declaration, prologue end and frame base (DW_OP_reg8: s0)', () => {
    const d = info();
    d.check();
    expect(d.functions().map((f) => f.name)).toEqual(['add', 'log_nothing', 'mul', 'compute', 'main', 'area', 'bump', 'list_sum', 'area', 'list_push']);
    for (const f of d.functions()) {
      expect(f.frameBase.kind === 'expr' && formatExpression(f.frameBase.expr, 4)).toBe('DW_OP_reg8 X8');
      expect(f.bodyStart).toBeGreaterThan(f.low);
      expect(f.bodyStart).toBeLessThan(f.high);
      expect(d.lineForAddress(f.bodyStart)?.prologueEnd).toBe(true);
    }
    const compute = fn(d, 'compute');
    expect(compute).toMatchObject({ declFile: mainC, declLine: lineOf(mainC, 'int compute('), external: true, variadic: false });
    expect(d.lineForAddress(compute.bodyStart)?.line).toBe(lineOf(mainC, 'int total = 0;'));
    expect(compute.parameters.map((p) => `${typeName(p.type)} ${p.name} ${p.storage}`)).toEqual(['int n parameter', 'binop f parameter']);
    expect(fn(d, 'add').external).toBe(false);
    expect(fn(d, 'log_nothing').variadic).toBe(true);
    expect(d.functionsNamed('area').map((f) => [f.declFile, f.declLine])).toEqual([
      [shapesH, lineOf(shapesH, 'static inline int area')],
      [shapesH, lineOf(shapesH, 'static inline int area')],
    ]);
    const push = fn(d, 'list_push');
    expect(d.functionAt(push.low)).toBe(push);
    expect(d.functionAt(push.high)).toBeUndefined();
    expect(d.functionAt(0)).toBeUndefined();
  });

  it('gives the scopes at a pc innermost first, each block with its own variables', () => {
    const d = info();
    const [pc] = d.addressesForLine(mainC, lineOf(mainC, 'total += extra;'));
    const scopes = d.scopesAt(pc);
    expect(scopes.map((s) => [s.kind, s.variables.map((v) => v.name)])).toEqual([
      ['block', ['extra']],
      ['block', ['sq']],
      ['block', ['i']],
      ['function', ['n', 'f', 'total']],
    ]);
    expect(scopes.every((s) => s.function.name === 'compute')).toBe(true);
    const [elsePc] = d.addressesForLine(mainC, lineOf(mainC, 'total += zero;'));
    expect(d.scopesAt(elsePc)[0].variables.map((v) => `${typeName(v.type)} ${v.name}`)).toEqual(['volatile int zero']);
    const [localPc] = d.addressesForLine(mainC, lineOf(mainC, 'total += local[1][2];'));
    const local = d.scopesAt(localPc)[0].variables[0];
    expect(typeName(local.type)).toBe('unsigned char[2][3]');
    expect(local.location.kind === 'expr' && formatExpression(local.location.expr, 4)).toMatch(/^DW_OP_fbreg -\d+$/);
    const bump = fn(d, 'bump');
    const calls = d.scopesAt(bump.bodyStart).flatMap((s) => s.variables).find((v) => v.name === 'calls');
    expect(calls).toMatchObject({ storage: 'staticLocal' });
    expect(calls?.address).toBeGreaterThan(0);
    expect(bump.parameters.map((p) => typeName(p.type))).toEqual(['int *restrict']);
  });

  it('describes globals with C types, fixed addresses and declaration lines', () => {
    const d = info();
    const rows = d.globals().map((g) => `${g.storage} ${typeName(g.type)} ${g.name}`);
    expect(rows).toEqual([
      'global int counter',
      'global char[6] message',
      'global long long big',
      'global _Bool flag',
      'global unsigned short[2] shorts',
      'global struct rect box',
      'global int * ptr',
      'global int ** pptr',
      'global const char *const[2] names',
      'global i8 tiny',
      'global float ratio',
      'global double precise',
      'global struct <anonymous> anon',
      'global struct ops[2] table',
      'global int[3][4] grid',
      'global union value val',
      'global struct opaque * hidden',
      'global void * anything',
      'fileStatic const volatile u32 magic',
      'global int list_calls',
    ]);
    for (const g of d.globals()) expect(g.address, g.name).toBeGreaterThan(0x10000);
    expect(global(d, 'counter')).toMatchObject({ declFile: mainC, declLine: lineOf(mainC, 'int counter') });
    expect(global(d, 'list_calls')).toMatchObject({ declFile: listC, declLine: lineOf(listC, 'int list_calls') });
  });

  it('builds the type graph: nested, self-referential and anonymous structs, bitfields, unions, enums, arrays, function pointers', () => {
    const d = info();
    const rect = struct(global(d, 'box').type);
    expect(rect.size).toBe(24);
    expect(rect.members.map((m) => [m.name, typeName(m.type), m.offset, m.bitOffset, m.bitSize])).toEqual([
      ['min', 'struct point', 0, undefined, undefined],
      ['max', 'struct point', 8, undefined, undefined],
      ['fill', 'color_t', 16, undefined, undefined],
      ['flags', 'unsigned int', 20, 0, 3],
      ['visible', 'unsigned int', 20, 3, 1],
      ['level', 'int', 20, 4, 4],
    ]);
    expect(struct(rect.members[0].type).members.map((m) => m.name)).toEqual(['x', 'y']);
    const color = stripTypedefs(rect.members[2].type);
    expect(color.kind === 'enum' && color.enumerators).toEqual([
      { name: 'RED', value: 0 },
      { name: 'GREEN', value: 5 },
      { name: 'BLUE', value: -2 },
    ]);

    const push = fn(d, 'list_push');
    const nodePtr = stripTypedefs(push.returnType);
    if (nodePtr.kind !== 'pointer') throw new Error('list_push does not return a pointer');
    const node = struct(nodePtr.target);
    expect(node.members.map((m) => `${typeName(m.type)} ${m.name} @${m.offset}`)).toEqual(['int key @0', 'struct node * next @4', 'struct node *[2] children @8']);
    const next = node.members[1].type;
    expect(next.kind === 'pointer' && next.target).toBe(node); // the same object: a cycle, not a copy

    const anon = struct(global(d, 'anon').type);
    expect(anon.name).toBeUndefined();
    expect(anon.members.map((m) => [m.name, typeName(m.type), m.offset])).toEqual([
      ['tag', 'int', 0],
      [undefined, 'union <anonymous>', 4],
      ['history', 'int[4]', 8],
    ]);
    expect(struct(anon.members[1].type).members.map((m) => `${typeName(m.type)} ${m.name}`)).toEqual(['int n', 'char c']);

    const value = struct(global(d, 'val').type);
    expect(value.kind).toBe('union');
    expect(value.members.map((m) => [typeName(m.type), m.name, m.offset])).toEqual([
      ['int', 'i', 0],
      ['unsigned char[4]', 'bytes', 0],
      ['struct point *', 'p', 0],
    ]);

    const grid = global(d, 'grid').type;
    expect(grid).toMatchObject({ kind: 'array', count: 3, size: 48, element: { kind: 'array', count: 4, size: 16, element: { kind: 'base', name: 'int', size: 4, encoding: 'signed' } } });

    const ops = stripTypedefs(global(d, 'table').type);
    if (ops.kind !== 'array') throw new Error('table is not an array');
    expect(struct(ops.element).members.map((m) => `${typeName(m.type)} | ${typeName(stripTypedefs(m.type))}`)).toEqual([
      'const char * | const char *',
      'binop | int (*)(int, int)',
      'void (*)(const char *, ...) | void (*)(const char *, ...)',
    ]);
    const hidden = global(d, 'hidden').type;
    expect(hidden.kind === 'pointer' && hidden.target).toMatchObject({ kind: 'struct', name: 'opaque', incomplete: true, size: undefined, members: [] });
    expect(global(d, 'message').type).toMatchObject({ element: { encoding: 'unsignedChar' } }); // RISC-V char is unsigned
    expect(global(d, 'tiny').type).toMatchObject({ kind: 'typedef', name: 'i8', size: 1, target: { encoding: 'signedChar' } });
    expect(global(d, 'flag').type).toMatchObject({ encoding: 'bool', size: 1 });
    expect(global(d, 'magic').type).toMatchObject({ kind: 'qualified', qualifier: 'const', target: { kind: 'qualified', qualifier: 'volatile' } });
  });

  it('puts line breakpoints at every statement start of the line, in every unit that has code for it', () => {
    const d = info();
    const forLine = lineOf(mainC, 'for (int i = 0;');
    const forAddrs = d.addressesForLine(mainC, forLine);
    expect(forAddrs).toHaveLength(2); // the initialisation, and the increment at the loop's end
    const areaLine = lineOf(shapesH, 'int w = r->max.x');
    const areaAddrs = d.addressesForLine(shapesH, areaLine);
    expect(areaAddrs.map((a) => d.functionAt(a)?.unit.root.name)).toEqual(['fixtures/main.c', 'fixtures/list.c']);
    for (const file of d.sourceFiles()) {
      for (const line of d.lines.linesWithCode(file)) {
        for (const a of d.addressesForLine(file, line)) {
          const row = d.lineForAddress(a);
          expect(row, `${file}:${line}`).toMatchObject({ address: a, line, isStmt: true });
          expect(row?.file).toBe(file);
        }
      }
    }
    expect(d.addressesForLine(mainC, 1)).toEqual([]);
    const [sqPc] = d.addressesForLine(mainC, lineOf(mainC, 'int sq = f(i, i);'));
    const sqRange = d.lineRangeAt(sqPc + 4);
    expect(sqRange?.low).toBe(sqPc);
    expect(d.lineForAddress(sqRange?.high ?? 0)?.line).toBe(lineOf(mainC, 'if (sq > 4)'));
    expect(d.lineForAddress((sqRange?.high ?? 0) - 4)?.line).toBe(lineOf(mainC, 'int sq = f(i, i);'));
    expect(d.lines.nearestLineWithCode(mainC, lineOf(mainC, 'int compute(') - 1)).toBe(lineOf(mainC, 'int compute('));
    expect(d.addressesForLine('fixtures/main.c', forLine)).toEqual(forAddrs); // a unique path suffix also matches
    const unnormalised = `/elsewhere/..${mainC.replace(/\/fixtures\/main\.c$/, '/./fixtures/main.c')}`;
    expect(d.addressesForLine(unnormalised, forLine)).toEqual(forAddrs);
    expect(d.sourceFiles()).toEqual([listC, mainC, shapesH, mainC.replace('main.c', 'start.S')]);
  });

  it('on the simulator, every breakpoint address is reached and variables hold what the program computed', async () => {
    const d = info();
    const machine = new Machine({ cores: 1 }, new BufferConsole());
    const pid = machine.load(elfs.get(name) ?? new Uint8Array(), { path: 'dwarf' }).pid;
    const breakpoints = new Set<number>();
    for (const file of d.sourceFiles()) for (const line of d.lines.linesWithCode(file)) for (const a of d.addressesForLine(file, line)) breakpoints.add(a);
    for (const a of breakpoints) expect(machine.setBreakpoint(pid, a)).toBe(true);
    const hart = machine.harts[0];
    const frame = (): Frame => ({
      pc: hart.pc >>> 0,
      readRegister: (n) => hart.regs[n] >>> 0,
      readMemory: (address, size) => machine.readMemory(pid, address, size) ?? undefined,
    });
    const read = (v: Variable, offset = 0, size = 4): number => {
      const loc = d.locate(v, frame());
      if (loc.kind !== 'memory') throw new Error(`${v.name} is not in memory`);
      const bytes = machine.readMemory(pid, loc.address + offset, size);
      if (!bytes) throw new Error(`${v.name} is unreadable`);
      const view = new DataView(bytes.buffer, bytes.byteOffset, size);
      return size === 1 ? view.getUint8(0) : view.getInt32(0, true);
    };
    const deref = (address: number): number => {
      const bytes = machine.readMemory(pid, address >>> 0, 4);
      return bytes ? new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true) : NaN;
    };
    const visible = (name: string): Variable => {
      const v = d.scopesAt(hart.pc >>> 0).flatMap((s) => s.variables).find((x) => x.name === name) ?? d.globals().find((x) => x.name === name);
      if (!v) throw new Error(`${name} is not visible at 0x${(hart.pc >>> 0).toString(16)}`);
      return v;
    };
    const reached = new Set<number>();
    const seen: string[] = [];
    let exit: RunState | undefined;
    for (;;) {
      const state = await machine.run();
      if (state.kind === 'halted') {
        exit = state;
        break;
      }
      if (state.kind !== 'stopped') throw new Error(`unexpected ${state.kind}`);
      const pc = hart.pc >>> 0;
      const seenBefore = seen.length;
      reached.add(pc);
      const row = d.lineForAddress(pc);
      const fnName = d.functionAt(pc)?.name;
      if (row?.file === mainC && row.line === lineOf(mainC, 'return total;')) seen.push(`total=${read(visible('total'))}`);
      if (row?.file === shapesH && row.line === lineOf(shapesH, 'return w * h;')) {
        seen.push(`${fnName} w=${read(visible('w'))} h=${read(visible('h'))} &box=${(read(visible('r')) >>> 0) === global(d, 'box').address}`);
        // clang -O0: the frame base (s0) is the CFA (the caller's sp) in a non-variadic function.
        const areaFn = d.functionAt(pc);
        expect(areaFn && d.frameBase(areaFn, frame())).toBe(d.cfa(frame()));
        // Unwind by CFI, and read a variable of the caller's frame with the unwound registers.
        const chain: string[] = [];
        let f: Frame | undefined = frame();
        let callerN = '';
        while (f) {
          const caller: Frame = f;
          chain.push(d.functionAt(caller.pc)?.name ?? '?');
          if (chain.length === 2 && chain[1] === 'list_push') {
            const n = d.scopesAt(caller.pc).flatMap((x) => x.variables).find((v) => v.name === 'n');
            const loc = n && d.locate(n, caller);
            callerN = loc?.kind === 'memory' ? ` n->key=${deref(deref(loc.address))}` : ' n?';
          }
          const up = d.unwind(caller);
          f = up && { pc: up.returnAddress, readRegister: (r) => up.registers.get(r) ?? 0, readMemory: caller.readMemory };
        }
        seen.push(`  ${chain.join(' < ')}${callerN}`);
      }
      if (row?.file === listC && row.line === lineOf(listC, 'return sum;')) seen.push(`sum=${read(visible('sum'))} calls=${read(visible('list_calls'))}`);
      if (row?.file === mainC && row.line === lineOf(mainC, 'return calls;')) seen.push(`calls=${read(visible('calls'))} *out=${deref(read(visible('out')))}`);
      if (row?.file === mainC && row.line === lineOf(mainC, 'total += local[1][2];')) seen.push(`local[1][2]=${read(visible('local'), 5, 1)}`);
      if (row?.file === mainC && row.line === lineOf(mainC, 'return s + (int)c')) {
        const box = visible('box');
        const bits = read(box, 20);
        seen.push(`box.max.y=${read(box, 12)} flags=${bits & 7} visible=${(bits >> 3) & 1} level=${(bits << 24) >> 28} grid[1][2]=${read(visible('grid'), 4 * (4 + 2))}`);
      }
      // stepOverBreakpoint returns, without handling it, the trap of the instruction under the
      // breakpoint: the page fault of a first load from a demand-paged page, or _start's exit
      // ecall. Lift the breakpoint and run one instruction's slice so the kernel handles it; after
      // a fault run() stops here again, and the retry finds the page mapped.
      if (machine.stepOverBreakpoint(state.hart)) {
        machine.clearBreakpoint(pid, pc);
        const after = machine.runSlice(1);
        if (after.kind === 'halted') {
          exit = after;
          break;
        }
        machine.setBreakpoint(pid, pc);
        if ((hart.pc >>> 0) === pc) {
          reached.delete(pc);
          seen.length = seenBefore;
        }
      }
    }
    expect(exit).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 20 } });
    expect(seen).toEqual([
      'area w=1 h=2 &box=false',
      '  area < list_push < main < ? n->key=1',
      'area w=2 h=2 &box=false',
      '  area < list_push < main < ? n->key=2',
      'sum=9 calls=1',
      'local[1][2]=6',
      'total=8',
      'area w=3 h=4 &box=true',
      '  area < main < ?',
      'calls=1 *out=1',
      'box.max.y=6 flags=5 visible=1 level=-3 grid[1][2]=65291',
    ]);
    // Unreached breakpoints: only in the functions the program never calls, and _start's spin
    // after its exit call.
    const unreached = [...breakpoints].filter((a) => !reached.has(a)).map((a) => d.functionAt(a)?.name ?? `${d.lineForAddress(a)?.file}:${d.lineForAddress(a)?.line}`);
    const startS = mainC.replace('main.c', 'start.S');
    expect(new Set(unreached)).toEqual(new Set(['mul', 'log_nothing', `${startS}:${lineOf(startS, '1:  j')}`]));
  });
});

describe.each(variants.filter((v) => v.opt === '-O1').map((v) => [v.name, v] as const))('%s (optimised)', (_name, v) => {
  it('locates every variable visible at every instruction (registers, pieces, stack and constant values, location lists)', () => {
    const d = loadDebugInfo(new Uint8Array(readFileSync(buildVariant(v))));
    d.check();
    const kinds = new Set<string>();
    const frame = (pc: number): Frame => ({ pc, readRegister: (n) => 0x1000 + n, readMemory: (_a, size) => new Uint8Array(size) });
    for (const fn of d.functions()) {
      for (let pc = fn.low; pc < fn.high; pc += 4) {
        for (const scope of d.scopesAt(pc)) for (const x of scope.variables) kinds.add(d.locate(x, frame(pc)).kind);
        expect(d.cfa(frame(pc))).toBeGreaterThan(0);
      }
    }
    expect([...kinds].sort()).toEqual(['implicit', 'memory', 'pieces', 'register', 'unavailable', 'value']);
    expect(d.scopesAt(d.functionsNamed('main')[0].bodyStart).length).toBeGreaterThan(0);
  });
});
