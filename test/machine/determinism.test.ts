// The machine is deterministic, and its two interpreter loops agree: the same program, input,
// seed and options give the same output and the same statistics to the cycle, whether run
// twice, or run through the fast loop and the single-step (traced) loop.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHES } from '../../sim/config';
import { buildDir } from '../support/build-fixtures';
import { runInProcess } from '../support/machine-run';

const PROGRAMS = ['algo_sort', 'algo_hash', 'mem_misaligned', 'isa_lrsc', 'isa_amo', 'fencei_selfmod', 'stack_recursion', 'sys_brk', 'sig_segv_null', 'code_page_cross'];
const elf = (name: string) => join(buildDir, `${name}.elf`);

describe.each([
  ['caches off', { caches: null }],
  ['caches on', { caches: DEFAULT_CACHES }],
])('with %s', (_label, options) => {
  it.each(PROGRAMS)('%s runs identically twice', async (name) => {
    const first = await runInProcess(elf(name), options);
    const second = await runInProcess(elf(name), options);
    expect(second).toEqual(first);
    expect(first.stats.instructions).toBeGreaterThan(100);
  });

  it.each(PROGRAMS)('%s gives the same output and stats in the fast and single-step loops', async (name) => {
    const fast = await runInProcess(elf(name), options);
    const stepped = await runInProcess(elf(name), { ...options, singleStep: true });
    expect(stepped).toEqual(fast);
  });
});

describe('configuration changes what it should, and only that', () => {
  it('a different seed changes AT_RANDOM but not a program that ignores it', async () => {
    const a = await runInProcess(elf('algo_sort'), { seed: 1 });
    const b = await runInProcess(elf('algo_sort'), { seed: 2 });
    expect(b.stdout).toBe(a.stdout);
    expect(b.stats.cycles).toBe(a.stats.cycles);
  });

  it('modelling caches changes simulated time, never results', async () => {
    const off = await runInProcess(elf('algo_hash'), { caches: null });
    const on = await runInProcess(elf('algo_hash'), { caches: DEFAULT_CACHES });
    expect(on.stdout).toBe(off.stdout);
    expect(on.stats.instructions).toBe(off.stats.instructions);
    expect(on.stats.caches.l1.misses).toBeGreaterThan(0);
    expect(off.stats.caches.enabled).toBe(false);
    expect(on.stats.cycles).not.toBe(off.stats.cycles);
  });

  it('a smaller TLB misses more on the same program', async () => {
    const big = await runInProcess(elf('mem_bss_large'), { tlb: { entries: 256, ways: 4 } });
    const small = await runInProcess(elf('mem_bss_large'), { tlb: { entries: 4, ways: 4 } });
    expect(small.stdout).toBe(big.stdout);
    expect(small.stats.tlb.misses).toBeGreaterThan(big.stats.tlb.misses);
    expect(small.stats.cycles).toBeGreaterThan(big.stats.cycles);
  });
});
