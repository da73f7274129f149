// Reproducibility, which the course relies on (a learner's race shows up again when they rerun
// with the same --seed): a program with forks, threads, sleeps and an unlocked counter gives
// the same event stream, output and statistics on every run with the same seed, while the seed
// moves where the harts interleave.

import { expect, it } from 'vitest';
import type { EventKind } from '../../sim/events';
import { runKernelProgram } from '../support/kernel-run';

const ALL_EVENTS: EventKind[] = ['syscall', 'pageFault', 'switch', 'process', 'thread', 'signal', 'exit', 'notice'];

async function lifecycle(seed: number) {
  const run = await runKernelProgram('lifecycle', { machine: { cores: 2, seed, memoryMiB: 32 }, events: ALL_EVENTS });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  expect(run.stdout).toMatch(/^(child [01] shared=\d+\n){2}parent sum=1\n$/);
  return { events: run.events.map((e) => JSON.stringify(e)), stats: run.stats, stdout: run.stdout };
}

it('the same seed gives the same events, output and statistics', async () => {
  const first = await lifecycle(7);
  const second = await lifecycle(7);
  expect(first.events.length).toBeGreaterThan(100);
  expect(second.stdout).toBe(first.stdout);
  expect(second.stats).toEqual(first.stats);
  // The first event that differs, rather than a diff of thousands of them.
  const at = first.events.findIndex((event, i) => second.events[i] !== event);
  expect(at === -1 ? null : { at, first: first.events[at], second: second.events[at] }).toBeNull();
  expect(second.events).toHaveLength(first.events.length);
});

it('another seed interleaves the harts differently', async () => {
  const streams = new Set<string>();
  for (const seed of [1, 2, 3]) streams.add((await lifecycle(seed)).events.join('\n'));
  expect(streams.size).toBeGreaterThan(1);
});
