// Several harts and several processes: two programs time-share one hart (the timer preempts,
// each switch is charged), or run side by side on two harts interleaved by simulated time; and
// switching address spaces flushes the TLB only when ASIDs are off.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import type { MachineOptions } from '../../sim/config';
import { Machine } from '../../sim/machine';
import { buildDir } from '../support/build-fixtures';

const sortElf = readFileSync(join(buildDir, 'algo_sort.elf'));

async function runTwo(options: MachineOptions) {
  const console = new BufferConsole();
  const machine = new Machine(options, console);
  const a = machine.load(sortElf, { path: 'a' });
  const b = machine.load(sortElf, { path: 'b' });
  const switches: { hart: number; to: number | null; reason: string }[] = [];
  machine.events.subscribe((e) => {
    if (e.kind === 'switch') switches.push({ hart: e.hart, to: e.to, reason: e.reason });
  });
  const state = await machine.run();
  return { machine, state, stdout: console.text(1), stats: machine.stats(), a, b, switches };
}

describe('two processes', () => {
  it('on one hart take turns: the timer preempts them and the run takes about twice as long', async () => {
    const one = await runTwo({ cores: 1 });
    expect(one.a.exitStatus).toEqual({ kind: 'exited', code: 0 });
    expect(one.b.exitStatus).toEqual({ kind: 'exited', code: 0 });
    expect(one.switches.filter((s) => s.reason === 'preempted' && s.to !== null).length).toBeGreaterThan(2);
    expect(new Set(one.switches.map((s) => s.hart))).toEqual(new Set([0]));
    const two = await runTwo({ cores: 2 });
    expect(new Set(two.switches.map((s) => s.hart))).toEqual(new Set([0, 1]));
    expect(two.switches.filter((s) => s.reason === 'preempted')).toHaveLength(0);
    // Running side by side interleaves their write()s differently; the bytes are the same.
    expect([...two.stdout].sort().join('')).toBe([...one.stdout].sort().join(''));
    expect(one.stats.cycles / two.stats.cycles).toBeGreaterThan(1.8);
    expect(one.stats.instructions).toBe(two.stats.instructions);
  });

  it('on two harts interleave deterministically', async () => {
    const first = await runTwo({ cores: 2 });
    const second = await runTwo({ cores: 2 });
    expect(second.stdout).toBe(first.stdout);
    expect(second.stats).toEqual(first.stats);
    expect(second.switches).toEqual(first.switches);
  });

  it('flush the TLB at every switch without ASIDs, and keep their entries apart with them', async () => {
    const tagged = await runTwo({ cores: 1, asid: true });
    const flushed = await runTwo({ cores: 1, asid: false });
    expect(tagged.stats.tlb.flushes).toBe(0);
    expect(flushed.stats.tlb.flushes).toBeGreaterThanOrEqual(flushed.stats.kernel.contextSwitches - 1);
    expect(flushed.stats.tlb.misses).toBeGreaterThan(tagged.stats.tlb.misses);
    expect(flushed.stats.cycles).toBeGreaterThan(tagged.stats.cycles);
    expect(flushed.stdout).toBe(tagged.stdout);
  });
});
