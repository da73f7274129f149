// The calling convention against clang's, both ways: test/fixtures/abi/abi_caller.c calls every
// signature abi_callee.c defines (narrow ints, long long in every register position and split
// across a7 and the stack, variadic long long and structs, structs of 1..20 bytes by value and
// returned, pointers, function pointers both ways, more than eight arguments). Each half is
// built by oslab's compiler or by clang (-O0 and -O2, whose callees trust the caller's
// extensions), linked by oslab's linker, and must print exactly what the all-clang build prints.

import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { abiDir, buildProgram, fixture, int64Helpers, ourAssembly, runBoth } from './codegen-support';
import type { RunResult } from '../../support/qemu';

type Builder = 'ours' | 'clang-O0' | 'clang-O2';
const pairs: readonly [Builder, Builder][] = [
  ['ours', 'clang-O0'],
  ['ours', 'clang-O2'],
  ['clang-O0', 'ours'],
  ['clang-O2', 'ours'],
  ['ours', 'ours'],
];

let reference: RunResult;

async function build(caller: Builder, callee: Builder): Promise<string> {
  const assembly: Record<string, string> = {};
  const clangParts: Record<string, string> = { 'int64-arith.c': int64Helpers };
  const clangFlags: string[] = [];
  for (const [role, who] of [['abi_caller', caller], ['abi_callee', callee]] as const) {
    if (who === 'ours') assembly[`${role}.s`] = ourAssembly(join(abiDir, `${role}.c`));
    else {
      clangParts[`${role}.c`] = fixture(`${role}.c`);
      if (who === 'clang-O2') clangFlags.push('-O2');
    }
  }
  return buildProgram(`abi-${caller}-${callee}`, { assembly, clang: clangParts, clangFlags });
}

beforeAll(async () => {
  reference = await runBoth(await build('clang-O0', 'clang-O0'));
});

describe('the ILP32 calling convention matches clang’s', () => {
  it('the all-clang reference passes its own checks', () => {
    expect(reference.status).toBe(0);
    expect(reference.stdout).toMatch(/checks: \d+, failures: 0/);
  });

  it.each(pairs)('caller built by %s, callee by %s', async (caller, callee) => {
    const run = await runBoth(await build(caller, callee));
    expect(run.stdout.split('\n').filter((l) => l.includes('FAIL'))).toEqual([]);
    expect({ stdout: run.stdout, status: run.status }).toEqual({ stdout: reference.stdout, status: 0 });
    expect(run.oslab).toEqual({ stdout: run.stdout, status: 0 });
  });
});
