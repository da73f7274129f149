// `-g` end to end: C compiled by oslab cc, assembled and linked by oslab's toolchain, run on the
// simulated machine under breakpoints set through the line table. The variables a debugger
// shows there (found through DWARF, read relative to s0) must hold what the program computed;
// llvm-dwarfdump must accept the object and the program; and every variable must be described
// with the type and scope nesting clang -g gives the same source.

import { describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import { compileToAssembly } from '../../../sim/toolchain/cc';
import { loadDebugInfo, stripTypedefs, typeName } from '../../../sim/toolchain/dwarf';
import { link } from '../../../sim/toolchain/link';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { writeFileSync } from 'node:fs';
import { Session, clangObject, dwarfdump, functionShapes, scratchPath, variableTypes, verifyProblems } from './debug-info-support';

const HEADER = `struct point { int x; int y; };
typedef unsigned int u32;
`;

const MAIN = `#include "shapes.h"
int total = 10;
static int calls;
int scale(struct point *p, int k) {
  static int seen;
  u32 sum = 0;
  for (int i = 0; i < k; i++) {
    int step = p->x + i;
    sum += step;
  }
  seen++;
  calls++;
  return (int)sum + p->y;
}
int main(void) {
  struct point pt = { 3, 4 };
  char tag[4] = "ok";
  int r = scale(&pt, 3);
  total += r;
  return r == 16 && tag[0] == 'o' ? 0 : 1;
}
`;
const LINE = { stepAdded: 9, scaleReturn: 13, afterCall: 19 };

// The program's own _start: there is no libc in this test.
const START = `	.globl	_start
_start:
	call	main
	li	a7, 93
	ecall
`;

function compile(): { objectPath: string; executable: Uint8Array; executablePath: string } {
  const files = new Map([['/work/shapes.h', HEADER]]);
  const { assembly } = compileToAssembly({ file: 'main.c', text: MAIN, debug: true, compDir: '/work', includeDirs: ['/work'], host: { readFile: (p) => files.get(p) ?? null } });
  const object = assemble(assembly, { file: 'main.c' }).object;
  const objectPath = scratchPath('main.o');
  writeFileSync(objectPath.replace(/\.o$/, '.s'), assembly);
  writeFileSync(objectPath, writeObject(object));
  const start = assemble(START, { file: 'start.s' }).object;
  const { executable } = link([{ kind: 'object', object: start }, { kind: 'object', object }], {});
  const executablePath = scratchPath('main.elf');
  writeFileSync(executablePath, executable);
  return { objectPath, executable, executablePath };
}

describe('C compiled with -g', () => {
  const built = compile();
  const debug = loadDebugInfo(built.executable);

  it('passes llvm-dwarfdump --verify as an object and as a linked program', () => {
    expect(verifyProblems(built.objectPath)).toBe('');
    expect(verifyProblems(built.executablePath)).toBe('');
  });

  it('describes every variable with the type clang gives it', () => {
    const theirs = variableTypes(clangObject(MAIN.replace('#include "shapes.h"\n', HEADER), 'main'));
    const ours = variableTypes(built.objectPath);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it('nests scopes as clang does', () => {
    const reference = clangObject(MAIN.replace('#include "shapes.h"\n', HEADER), 'nesting');
    const ours = functionShapes(built.objectPath);
    expect(ours.get('scale')).toContain('    DW_TAG_variable step');
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(functionShapes(reference)));
  });

  it('names the declaring file and line of functions, variables and struct members', () => {
    const scale = debug.functionsNamed('scale')[0];
    expect([scale.declFile, scale.declLine]).toEqual(['/work/main.c', 4]);
    const p = scale.parameters[0];
    const point = stripTypedefs(p.type);
    if (point.kind !== 'pointer') throw new Error('p is not a pointer');
    expect(typeName(point.target)).toBe('struct point');
    const dump = dwarfdump(built.objectPath, '--debug-info');
    expect(dump).toMatch(/DW_AT_name\t\("point"\)\s+DW_AT_byte_size\t\(8\)\s+DW_AT_decl_file\t\("\/work\/shapes.h"\)\s+DW_AT_decl_line\t\(1\)/);
    expect(dump).toMatch(/DW_AT_name\t\("u32"\)\s+DW_AT_decl_file\t\("\/work\/shapes.h"\)\s+DW_AT_decl_line\t\(2\)/);
  });

  it('shows a running program’s locals, parameters, statics and struct members at line breakpoints', async () => {
    const s = new Session(debug, built.executable, '/work/main.c');
    await s.runToLine(LINE.stepAdded);
    expect([s.value('i'), s.value('step'), s.value('sum'), s.value('k')]).toEqual([0, 3, 0, 3]);
    expect([s.member('p', 'x'), s.member('p', 'y')]).toEqual([3, 4]);
    await s.runToLine(LINE.stepAdded);
    expect([s.value('i'), s.value('step'), s.value('sum')]).toEqual([1, 4, 3]);
    await s.runToLine(LINE.scaleReturn);
    expect([s.value('sum'), s.value('seen'), s.value('calls')]).toEqual([12, 1, 1]);
    expect(s.variable('seen').storage).toBe('staticLocal');
    await s.runToLine(LINE.afterCall);
    expect([s.value('r'), s.value('total'), s.member('pt', 'x'), s.member('pt', 'y')]).toEqual([16, 10, 3, 4]);
    const tag = s.variable('tag');
    expect(typeName(tag.type)).toBe('char[4]');
    expect(s.machine.readMemory(s.pid, s.address(tag), 3)).toEqual(new Uint8Array([0x6f, 0x6b, 0]));
    expect(await s.machine.run()).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });
});
