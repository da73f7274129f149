// The scheduling policies against the textbook: sched-mix.c runs four jobs (arrivals 0, 1, 2,
// 3 ms; CPU bursts 8, 4, 9, 5 ms) on one core with free context switches, and prints each job's
// completion, turnaround and waiting time as measured inside the machine. The expected numbers
// below are the Gantt charts worked by hand, as a learner would on paper; the kernel's own
// overheads (syscalls, fork, the parent's waitpid wake-ups) may add a few microseconds.
// Then CFS's weighting by nice, and CPU affinity sharing one core between two threads.

import { describe, expect, it } from 'vitest';
import type { MachineOptions } from '../../sim/config';
import { runKernelProgram } from '../support/kernel-run';

interface JobTimes {
  completion: number;
  turnaround: number;
  waiting: number;
}

/** Milliseconds the measured times may exceed the paper ones by (kernel overheads). */
const TOLERANCE_MS = 0.05;

async function jobTimes(options: MachineOptions): Promise<JobTimes[]> {
  const run = await runKernelProgram('sched-mix', { machine: { cores: 1, memoryMiB: 16, costs: { contextSwitchNs: 0 }, maxTimeNs: 100e6, ...options } });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  return run.stdout.trimEnd().split('\n').map((line, i) => {
    const match = new RegExp(`^P${i + 1} completion=([\\d.]+) turnaround=([\\d.]+) waiting=([\\d.]+)$`).exec(line);
    expect(match, line).not.toBeNull();
    return { completion: Number(match![1]), turnaround: Number(match![2]), waiting: Number(match![3]) };
  });
}

function expectTextbook(measured: JobTimes[], completions: number[]): void {
  const arrivals = [0, 1, 2, 3], bursts = [8, 4, 9, 5];
  measured.forEach((job, i) => {
    const turnaround = completions[i] - arrivals[i];
    for (const [what, paper] of [['completion', completions[i]], ['turnaround', turnaround], ['waiting', turnaround - bursts[i]]] as const) {
      const got = job[what];
      expect(got - paper, `P${i + 1} ${what}: ${got} ms, on paper ${paper} ms`).toBeGreaterThanOrEqual(0);
      expect(got - paper, `P${i + 1} ${what}: ${got} ms, on paper ${paper} ms`).toBeLessThan(TOLERANCE_MS);
    }
  });
}

it('FCFS: P1 0-8, P2 8-12, P3 12-21, P4 21-26 (average waiting 8.75 ms)', async () => {
  expectTextbook(await jobTimes({ sched: 'fcfs' }), [8, 12, 21, 26]);
});

it('non-preemptive SJF by declared burst: P1 0-8, P2 8-12, P4 12-17, P3 17-26 (average waiting 7.75 ms)', async () => {
  expectTextbook(await jobTimes({ sched: 'sjf' }), [8, 12, 26, 17]);
});

it('round robin, quantum 6 ms: P1 0-6, P2 6-10, P3 10-16, P4 16-21, P1 21-23, P3 23-26 (average waiting 12 ms)', async () => {
  expectTextbook(await jobTimes({ sched: 'rr', sliceNs: 6e6 }), [23, 10, 26, 21]);
});

it('CFS on one core shares the CPU by nice weight: nice 0 gets about 1024/335 times what nice 5 gets', async () => {
  const run = await runKernelProgram('nice', { machine: { cores: 1, memoryMiB: 16, sched: 'cfs' } });
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  const cpu = (nice: number) => Number(new RegExp(`^nice ${nice} cpu_us=(\\d+)$`, 'm').exec(run.stdout)![1]);
  const [favoured, niced] = [cpu(0), cpu(5)];
  // Together they had the 40 ms the core was theirs.
  expect(favoured + niced).toBeGreaterThan(39_000);
  expect(favoured + niced).toBeLessThanOrEqual(40_500);
  expect(favoured / niced).toBeGreaterThan(2.8);
  expect(favoured / niced).toBeLessThan(3.3);
});

describe('CPU affinity: two spinning threads bound to CPU 0 of two share it, 10 ms of wall time', () => {
  async function pinned(how: 'pinned' | 'inherited') {
    const run = await runKernelProgram('cputime', { machine: { cores: 2, memoryMiB: 16 }, args: [how] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const [, wall, process, t1, t2, cpu1, cpu2] = /^wall_us=(\d+) process_us=(\d+) thread_us=(\d+),(\d+) cpus=(\d),(\d)\n$/.exec(run.stdout)!.map(Number);
    expect({ cpu1, cpu2 }).toEqual({ cpu1: 0, cpu2: 0 });
    // One core's worth of CPU in all, split about evenly (CFS, equal nice).
    expect(process).toBeLessThan(wall + 200);
    for (const thread of [t1, t2]) {
      expect(thread).toBeGreaterThan(4_000);
      expect(thread).toBeLessThan(6_000);
    }
  }

  it('each thread binding itself as it starts (sched_setaffinity moves a running thread)', async () => {
    await pinned('pinned');
  });

  it('threads created by a bound main inherit its affinity', async () => {
    await pinned('inherited');
  });
});
