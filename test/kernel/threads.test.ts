// Threads as a learner meets them, end to end on the simulated machine: a data race that loses
// updates (and a mutex that fixes it), a condition-variable producer/consumer whose threads
// sleep on futexes instead of spinning, fifty threads sharing one process and address space, a
// deadlock the machine diagnoses, threads ending with their process, and CPU-time clocks.

import { describe, expect, it } from 'vitest';
import { eventsOf, runKernelProgram } from '../support/kernel-run';

const SIGSEGV = 11;
const SEEDS = [1, 2, 3, 4, 5];

async function raceCount(mode: 'locked' | 'unlocked', seed: number): Promise<{ count: number; expected: number }> {
  const run = await runKernelProgram('race', { machine: { cores: 2, seed, memoryMiB: 16 }, args: ['2', '20000', mode] });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  const match = /^count=(\d+) expected=(\d+)\n$/.exec(run.stdout);
  expect(match, run.stdout).not.toBeNull();
  return { count: Number(match![1]), expected: Number(match![2]) };
}

describe('a counter shared by two threads on two cores', () => {
  it('loses updates without a lock for some seed, never more than it could', async () => {
    const counts: number[] = [];
    for (const seed of SEEDS) {
      const { count, expected } = await raceCount('unlocked', seed);
      expect(count).toBeLessThanOrEqual(expected);
      counts.push(count);
    }
    expect(counts.some((count) => count < 40000), `counts ${counts.join(', ')}`).toBe(true);
  });

  it('loses none under a pthread mutex, whatever the seed', async () => {
    for (const seed of SEEDS) expect(await raceCount('locked', seed)).toEqual({ count: 40000, expected: 40000 });
  });

  it('loses the same updates when the same seed runs again', async () => {
    const first = await raceCount('unlocked', 2);
    expect(await raceCount('unlocked', 2)).toEqual(first);
  });
});

it('producer/consumer with condition variables delivers every item once, and waiting threads sleep', async () => {
  const run = await runKernelProgram('prodcons', { machine: { cores: 2, memoryMiB: 16 }, events: ['syscall', 'switch', 'thread'] });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  // Producers send 1..500 and 501..1000: the sum of 1..1000.
  expect(run.stdout).toBe('consumed=1000 checksum=500500\n');
  const workers = new Set(eventsOf(run, 'thread').filter((e) => e.change === 'created').map((e) => e.tid));
  expect(workers.size).toBe(4);
  const futexWaits = eventsOf(run, 'syscall').filter((e) => e.name.startsWith('futex') && e.result === 'blocked');
  expect(futexWaits.length).toBeGreaterThan(0);
  // Every worker blocked at least once (a full or an empty buffer): it slept, it did not spin.
  const blocked = new Set(eventsOf(run, 'switch').filter((e) => e.reason === 'blocked').map((e) => e.from));
  for (const tid of workers) expect(blocked.has(tid), `thread ${tid} never blocked`).toBe(true);
});

it('fifty threads of one process: distinct tids, one pid, one address space', async () => {
  const run = await runKernelProgram('threads50', { machine: { cores: 2, memoryMiB: 32 }, events: ['process', 'thread', 'exit'] });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  const [summary, ...tidLines] = run.stdout.trimEnd().split('\n');
  const pid = Number(/^pid=(\d+)/.exec(summary)![1]);
  // marked=50: each thread's store into main's stack was seen by main.
  expect(summary).toBe(`pid=${pid} distinct_tids=50 same_pid=50 marked=50`);
  const printedTids = tidLines.map((line) => Number(line.replace('tid ', '')));

  const created = eventsOf(run, 'thread').filter((e) => e.change === 'created');
  const exited = eventsOf(run, 'thread').filter((e) => e.change === 'exited');
  expect(created.map((e) => e.tid)).toEqual(printedTids);
  expect(new Set(exited.map((e) => e.tid))).toEqual(new Set(printedTids));
  for (const e of [...created, ...exited]) expect(e.pid).toBe(pid);
  // Threads are not processes: the only process is the program itself.
  expect(eventsOf(run, 'process').map((e) => e.pid)).toEqual([pid]);
  expect(eventsOf(run, 'exit').map((e) => e.pid)).toEqual([pid]);
});

it('two threads taking two mutexes in opposite orders deadlock, and the machine says who waits', async () => {
  const run = await runKernelProgram('deadlock', { machine: { cores: 2, memoryMiB: 16 }, events: ['process', 'thread'] });
  const [{ pid }] = eventsOf(run, 'process');
  const [t1, t2] = eventsOf(run, 'thread').map((e) => e.tid);
  expect(run.state.kind).toBe('deadlocked');
  expect(run.exit).toBeNull();
  expect(run.stdout).toBe('');
  const sleepers = run.state.kind === 'deadlocked' ? [...run.state.sleepers].sort() : [];
  // main in pthread_join (on t1's tid word), each thread on the mutex the other holds.
  expect(sleepers).toEqual([pid, t1, t2].map((tid) => expect.stringMatching(new RegExp(`^pid ${pid} tid ${tid} waits for a futex at 0x[0-9a-f]+$`))));
  expect(new Set(sleepers.map((s) => s.split(' at ')[1])).size).toBe(3);
});

describe('threads end with their process', () => {
  it('a fault in one thread kills the whole process, main included', async () => {
    const run = await runKernelProgram('thread-exit', { machine: { cores: 2, memoryMiB: 16 }, args: ['fault'], events: ['thread', 'signal', 'exit'] });
    expect(run.state.kind).toBe('halted');
    expect(run.stdout).toBe('');
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: SIGSEGV });
    expect(eventsOf(run, 'signal')).toMatchObject([{ signal: SIGSEGV, code: 'SEGV_MAPERR', addr: 0 }]);
    expect(eventsOf(run, 'exit')).toHaveLength(1);
    expect(run.machine.kernel.tasks).toBe(0);
  });

  it("the fault's signal event names the thread that faulted, not main", async () => {
    const run = await runKernelProgram('thread-exit', { machine: { cores: 2, memoryMiB: 16 }, args: ['fault'], events: ['thread', 'signal'] });
    const [faulting] = eventsOf(run, 'thread');
    expect(eventsOf(run, 'signal')).toMatchObject([{ tid: faulting.tid, signal: SIGSEGV }]);
  });

  it("main returning ends a spinning and a sleeping thread too, with main's exit code", async () => {
    const run = await runKernelProgram('thread-exit', { machine: { cores: 2, memoryMiB: 16, maxTimeNs: 1e9 }, args: ['return'], events: ['thread'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 5 });
    // Long before the time limit: nothing kept running after main's exit_group.
    expect(run.stats.simNs).toBeLessThan(5e6);
    expect(run.machine.kernel.tasks).toBe(0);
    expect(eventsOf(run, 'thread').filter((e) => e.change === 'created')).toHaveLength(2);
  });

  it('main calling pthread_exit leaves the process running in its other thread', async () => {
    const run = await runKernelProgram('thread-exit', { machine: { cores: 2, memoryMiB: 16 }, args: ['main-exits'], events: ['process', 'thread', 'exit'] });
    expect(run.stdout).toBe('worker still running after main left\n');
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    // Main leaves as a thread (tid = pid); the process ends 1 ms later, with its last thread.
    const [{ pid }] = eventsOf(run, 'process');
    const mainLeft = eventsOf(run, 'thread').find((e) => e.tid === pid && e.change === 'exited');
    const [exit] = eventsOf(run, 'exit');
    expect(mainLeft).toBeDefined();
    expect(exit.cycles - mainLeft!.cycles).toBeGreaterThan(run.machine.cost.cyclesPerNs * 1e6);
  });

  it('fork in a multithreaded process copies only the calling thread', async () => {
    let childThreads = -1;
    const run = await runKernelProgram('thread-exit', {
      machine: { cores: 2, memoryMiB: 16 },
      args: ['fork'],
      events: ['process', 'thread'],
      onEvent: (event, machine) => {
        const child = machine.process(event.kind === 'exit' ? event.pid : -1);
        if (child && child.ppid !== 1) childThreads = child.threads.length;
      },
    });
    expect(run.stdout).toBe('child exited 9\n');
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(childThreads).toBe(1);
    const [parent, child] = eventsOf(run, 'process').map((e) => e.pid);
    expect(eventsOf(run, 'thread').map((e) => e.pid)).not.toContain(child);
    expect(eventsOf(run, 'thread').filter((e) => e.change === 'created').map((e) => e.pid)).toEqual([parent]);
  });
});

it("a process's CPU clock sums its threads: two spinning threads on two cores use 20 ms of CPU in 10 ms", async () => {
  const run = await runKernelProgram('cputime', { machine: { cores: 2, memoryMiB: 16 } });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  const [, wall, process, t1, t2] = /^wall_us=(\d+) process_us=(\d+) thread_us=(\d+),(\d+) cpus=[01],[01]\n$/.exec(run.stdout)!.map(Number);
  expect(wall).toBeGreaterThanOrEqual(10_000);
  expect(wall).toBeLessThan(10_200);
  for (const thread of [t1, t2]) {
    expect(thread).toBeGreaterThan(9_800);
    expect(thread).toBeLessThanOrEqual(wall);
  }
  expect(process).toBeGreaterThanOrEqual(t1 + t2);
  expect(process).toBeLessThan(t1 + t2 + 200); // plus main's own few syscalls
});
