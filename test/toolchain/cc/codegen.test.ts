// The C compiler end to end on feature programs (test/fixtures/abi/cg_*.c, chibicc-style
// ASSERT lines): compiled by oslab's compiler, assembled and linked by oslab's toolchain, run on
// qemu-riscv32 and on oslab's machine, and compared line for line with clang's build.

import { describe, expect, it } from 'vitest';
import { buildProgram, fixture, int64Helpers, ourAssembly, runBoth, abiDir } from './codegen-support';
import { join } from 'node:path';
import { symbols } from '../../support/compile';
import { compileToAssembly } from '../../../sim/toolchain/cc';

const programs = ['cg_arith', 'cg_int64', 'cg_control', 'cg_memory', 'cg_atomic'];

describe('compiled C runs as clang’s build does', () => {
  it.each(programs)('%s', async (name) => {
    const source = join(abiDir, `${name}.c`);
    const ours = await buildProgram(`${name}-ours`, { assembly: { [`${name}.s`]: ourAssembly(source) }, clang: { 'int64-arith.c': int64Helpers } });
    const reference = await buildProgram(`${name}-clang`, { clang: { [`${name}.c`]: fixture(`${name}.c`), 'int64-arith.c': int64Helpers } });
    const [got, want] = await Promise.all([runBoth(ours), runBoth(reference)]);
    expect(want.status).toBe(0);
    expect(got.stdout.split('\n').filter((l) => l.includes('FAIL'))).toEqual([]);
    expect({ stdout: got.stdout, status: got.status }).toEqual({ stdout: want.stdout, status: 0 });
    expect(got.oslab).toEqual({ stdout: got.stdout, status: 0 });
  });
});

describe('frames', () => {
  it('keeps ra at -4(s0) and the caller’s s0 at -8(s0) in normal, variadic, sret and big-frame functions', async () => {
    const elf = await buildProgram('cg_frames', {
      assembly: { 'cg_frames.s': ourAssembly(join(abiDir, 'cg_frames.c')) },
      clang: { 'walk_chain.c': fixture('walk_chain.c') },
    });
    const run = await runBoth(elf);
    expect(run.status).toBe(0);
    expect(run.oslab).toEqual({ stdout: run.stdout, status: 0 });
    const functions = [...symbols(elf)].sort((a, b) => a[1] - b[1]);
    const owner = (address: number): string => functions.filter(([, start]) => start <= address).at(-1)?.[0] ?? '?';
    const returnAddresses = run.stdout.split('\n').filter((l) => l.startsWith('0x')).map((l) => Number(l));
    expect(returnAddresses.map(owner)).toEqual(['level3', 'level2', 'level1', 'main']);
  });
});

describe('what codegen refuses', () => {
  it('reports 8-byte atomics as a diagnostic at the operation', () => {
    const text = '_Atomic long long c;\nint main(void) {\n  c += 5;\n  return 0;\n}\n';
    expect(() => compileToAssembly({ file: 'atomic64.c', text, host: { readFile: () => null } })).toThrow(
      /atomic64\.c:3:5: error: atomic operations on 8-byte objects are not supported by oslab's C compiler yet/,
    );
  });
});
