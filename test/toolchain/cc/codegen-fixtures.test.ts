// The differential fixtures (test/fixtures/diff/*.c, real programs: sorting, hashing, bignums,
// a VM, signals, argv/stdin handling) compiled by oslab's compiler instead of clang, linked by
// oslab's linker with the fixture's own flags: each must behave exactly as the clang + lld
// build does, on qemu-riscv32 and on oslab's machine.

import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, listFixtures } from '../../support/build-fixtures';
import { runQemu } from '../../support/qemu';
import { linkOptionsFor } from '../link/support';
import { buildProgram, int64Helpers, ourAssembly, runBoth } from './codegen-support';

/** Fixtures our compiler rejects on purpose, with the feature they need. */
const unsupported: Readonly<Record<string, string>> = {
  sys_enosys: 'inline asm',
  elf_execstack: 'inline asm',
  fencei_selfmod: 'inline asm',
  isa_alu_imm: 'inline asm',
  isa_alu_rr: 'inline asm',
  isa_amo: 'inline asm',
  isa_branches: 'inline asm',
  isa_csr_counters: 'inline asm',
  isa_div: 'inline asm',
  isa_loads_stores: 'inline asm',
  isa_mul: 'inline asm',
  mem_misaligned: 'inline asm',
  sig_exec_data: 'inline asm',
  sig_exec_stack: 'inline asm',
  sig_segv_straddle: 'inline asm',
  stack_recursion: 'inline asm',
};

const fixtures = listFixtures().filter((fx) => fx.source.endsWith('.c') && !(fx.name in unsupported));

beforeAll(async () => {
  await buildFixtures();
}, 600_000);

describe('differential fixtures compiled by oslab’s compiler', () => {
  it('still lists every fixture it skips', () => {
    const names = new Set(listFixtures().map((fx) => fx.name));
    expect(Object.keys(unsupported).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(fixtures.map((fx) => [fx.name, fx] as const))('%s runs as the clang build does', async (name, fx) => {
    const assembly = { [`${name}.s`]: ourAssembly(fx.source) };
    const elf = await buildProgram(name, { assembly, clang: { 'int64-arith.c': int64Helpers } }, linkOptionsFor(fx.ldflags), fx.runtime);
    const [reference, ours] = await Promise.all([runQemu(fx.elf, { args: fx.args, stdin: fx.stdin }), runBoth(elf, fx.args, fx.stdin)]);
    expect(reference.status).toBe(fx.status);
    expect({ stdout: ours.stdout, status: ours.status }).toEqual({ stdout: reference.stdout, status: reference.status });
    expect(ours.oslab).toEqual({ stdout: reference.stdout, status: reference.status });
  });
});
