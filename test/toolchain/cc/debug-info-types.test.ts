// The type DIEs against clang's: globals of every kind of C type, described by our emitter from
// hand-built types and by clang -g from the same declarations, must read back under the same
// names in llvm-dwarfdump, and each distinct type must be described once.

import { describe, expect, it } from 'vitest';
import type { GlobalDefinition, TranslationUnit } from '../../../sim/toolchain/cc/ast';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { emitDebugInfo } from '../../../sim/toolchain/cc/debug-info';
import type { SourceFile } from '../../../sim/toolchain/cc/token';
import {
  BOOL, CHAR, INT, LLONG, LONG, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG, USHORT, VOID, arrayOf, pointerTo,
  type CType, type EnumDecl, type FunctionType, type RecordDecl,
} from '../../../sim/toolchain/cc/types';
import { buildObject, clangObject, dwarfdump, fileDirectives, variableTypes, verifyProblems } from './debug-info-support';

const SOURCE = `typedef unsigned int u32;
struct fl { int n; char d[]; };
enum neg { A = -1, B };
union u { int i; char c[4]; };
struct node { int value; struct node *next; };
_Bool vb; char vc; signed char vsc; unsigned char vuc; short vs; unsigned short vus;
int vi; unsigned vu; long vl; unsigned long vul; long long vll; unsigned long long vull;
const volatile int cv;
u32 *pu;
int (*vf)(int, ...);
int (*pf)();
void (*vfp)(void);
void *vp;
const void *cvp;
int m[2][3];
struct fl *flp;
enum neg en;
union u uu;
char *const cpc;
int (*pa)[4];
struct node list;
const u32 cu;
`;

const file: SourceFile = { name: 'types.c', path: 'types.c', text: SOURCE, id: 1, system: false };
const at = (line: number, column = 1) => ({ file, line, column });

function record(kind: 'struct' | 'union', tag: string, line: number, size: number, members: [string, CType, number][]): CType {
  const decl: RecordDecl = { kind, tag, loc: at(line, 8), members: [], size, align: 4, complete: true, flexible: false };
  decl.members.push(...members.map(([name, type, offset]) => ({ name, type, offset, loc: at(line) })));
  return { kind, decl };
}

function declarations(): [string, CType][] {
  const u32: CType = { ...UINT, typedefName: 'u32', typedefLoc: at(1, 22) };
  const neg: EnumDecl = { tag: 'neg', loc: at(3, 6), constants: [{ name: 'A', value: -1 }, { name: 'B', value: 0 }], complete: true };
  const fn = (returnType: CType, params: CType[], extra: Partial<FunctionType> = {}): FunctionType =>
    ({ kind: 'function', returnType, params: params.map((type) => ({ name: null, type })), variadic: false, prototyped: true, ...extra });
  const nodeDecl: RecordDecl = { kind: 'struct', tag: 'node', loc: at(5, 8), members: [], size: 8, align: 4, complete: true, flexible: false };
  const node: CType = { kind: 'struct', decl: nodeDecl };
  nodeDecl.members.push({ name: 'value', type: INT, offset: 0, loc: at(5) }, { name: 'next', type: pointerTo(node), offset: 4, loc: at(5) });
  return [
    ['vb', BOOL], ['vc', CHAR], ['vsc', SCHAR], ['vuc', UCHAR], ['vs', SHORT], ['vus', USHORT],
    ['vi', INT], ['vu', UINT], ['vl', LONG], ['vul', ULONG], ['vll', LLONG], ['vull', ULLONG],
    ['cv', { ...INT, qualifiers: { const: true, volatile: true } }],
    ['pu', pointerTo(u32)],
    ['vf', pointerTo(fn(INT, [INT], { variadic: true }))],
    ['pf', pointerTo(fn(INT, [], { prototyped: false }))],
    ['vfp', pointerTo(fn(VOID, []))],
    ['vp', pointerTo(VOID)],
    ['cvp', pointerTo({ ...VOID, qualifiers: { const: true } })],
    ['m', arrayOf(arrayOf(INT, 3), 2)],
    ['flp', pointerTo(record('struct', 'fl', 2, 4, [['n', INT, 0], ['d', arrayOf(CHAR, null), 4]]))],
    ['en', { kind: 'enum', decl: neg }],
    ['uu', record('union', 'u', 4, 4, [['i', INT, 0], ['c', arrayOf(CHAR, 4), 0]])],
    ['cpc', { ...pointerTo(CHAR), qualifiers: { const: true } }],
    ['pa', pointerTo(arrayOf(INT, 4))],
    ['list', node],
    ['cu', { ...u32, qualifiers: { const: true } }],
  ];
}

function ourObject(): string {
  const ctx = new CompileContext({ file: 'types.c', debug: true, host: { readFile: () => null } });
  const decls = declarations();
  const globals: GlobalDefinition[] = decls.map(([name, type], i) => ({
    variable: { kind: 'global', name, type, loc: at(6 + i), symbol: name, internal: false },
    init: null, readonly: false, userVisible: true,
  }));
  const unit: TranslationUnit = { functions: [], globals, externs: [] };
  const debug = emitDebugInfo(ctx, unit, new Map());
  const data = decls.map(([name]) => `\t.globl\t${name}\n${name}:\t.zero\t8\n`).join('');
  return buildObject(`${fileDirectives(ctx)}\t.bss\n${data}${debug}`, 'types').objectPath;
}

describe('type DIEs', () => {
  const ours = ourObject();
  const theirs = clangObject(SOURCE, 'types');

  it('pass llvm-dwarfdump --verify', () => {
    expect(verifyProblems(ours)).toBe('');
  });

  it('read back under the names clang’s read back under', () => {
    const expected = variableTypes(theirs);
    const actual = variableTypes(ours);
    expect(actual.size).toBe(declarations().length);
    for (const [name] of declarations()) expect([name, actual.get(`/${name}`)]).toEqual([name, expected.get(`/${name}`)]);
  });

  it('describe base types with clang’s names, encodings and sizes, each once', () => {
    const baseTypes = (path: string) =>
      dwarfdump(path, '--debug-info').split(/\n\s*\n/).filter((e) => e.includes('DW_TAG_base_type')).map((e) => e.replace(/^0x[0-9a-f]+:/, '').replace(/\s+/g, ' ').trim()).sort();
    const mine = baseTypes(ours);
    expect(new Set(mine).size).toBe(mine.length);
    expect(mine).toEqual(baseTypes(theirs));
  });

  it('describe each struct once, the self-referential one included', () => {
    const dump = dwarfdump(ours, '--debug-info');
    expect(dump.match(/DW_AT_name\t\("node"\)/g)).toHaveLength(1);
    expect(dump).toMatch(/DW_AT_name\t\("next"\)\s+DW_AT_type\t\(0x[0-9a-f]+ "node \*"\)/);
    expect(dump).toMatch(/DW_AT_name\t\("A"\)\s+DW_AT_const_value\t\(-1\)/);
  });
});

const TAB = '\t';

describe('the compile unit', () => {
  it('keeps file and directory names exactly, whatever characters they hold', () => {
    const ctx = new CompileContext({ file: 'dir\\wëird "name".c', compDir: '/tmp/a\tb', debug: true, host: { readFile: () => null } });
    const { objectPath } = buildObject(emitDebugInfo(ctx, { functions: [], globals: [], externs: [] }, new Map()), 'names');
    expect(verifyProblems(objectPath)).toBe('');
    const dump = dwarfdump(objectPath, '--debug-info');
    // (llvm-dwarfdump prints them escaped, UTF-8 bytes in octal)
    expect(dump).toContain(String.raw`DW_AT_name${TAB}("dir\\w\303\253ird \"name\".c")`);
    expect(dump).toContain(String.raw`DW_AT_comp_dir${TAB}("/tmp/a\tb")`);
    expect(dump).not.toContain('DW_AT_low_pc');
  });
});
