// `-g` in the program a user builds: C with DWARF linked against oslab's libc (whose objects
// bring their own debug info) must still pass llvm-dwarfdump --verify, the debugger-side reader
// must find the program's functions among the library's, and a struct passed by reference (its
// slot holds the object's address: DW_OP_fbreg, DW_OP_deref) must read back on the machine.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../../sim/console';
import { buildExecutable } from '../../../sim/toolchain/driver';
import { loadDebugInfo } from '../../../sim/toolchain/dwarf';
import { libcBuildOptions } from '../../support/libc';
import { Session, scratchPath, verifyProblems } from './debug-info-support';

const PROGRAM = `#include <stdio.h>
struct triple { int a; int b; int c; };
static int sum(struct triple t) {
  int s = t.a + t.b + t.c;
  return s;
}
int main(void) {
  struct triple t = { 10, 12, 20 };
  printf("%d\\n", sum(t));
  return 0;
}
`;

describe('a -g program linked with libc', () => {
  it('passes llvm-dwarfdump --verify, and a stopped run shows its variables', async () => {
    const { executable } = buildExecutable([{ path: '/home/user/hello.c', bytes: new TextEncoder().encode(PROGRAM) }], libcBuildOptions({ debug: true, compDir: '/home/user' }));
    const path = scratchPath('hello.elf');
    writeFileSync(path, executable);
    expect(verifyProblems(path)).toBe('');
    const debug = loadDebugInfo(executable);
    const sum = debug.functionsNamed('sum');
    expect(sum.map((f) => [f.declFile, f.declLine, f.external])).toEqual([['/home/user/hello.c', 3, false]]);
    const session = new Session(debug, executable, '/home/user/hello.c');
    await session.runToLine(5);
    expect([session.value('s'), session.member('t', 'a'), session.member('t', 'c')]).toEqual([42, 10, 20]);
    expect(await session.machine.run()).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    expect((session.machine.console as BufferConsole).text(1)).toBe('42\n');
  });
});
