// Limits that keep a runaway program from taking the machine down: a fork bomb stopped by
// RLIMIT_NPROC (fork fails with EAGAIN, the task count never passes the limit; zombies and
// threads count too) and by the run's simulated time limit, after which every process is gone
// and the machine's memory is free; and RLIMIT_STACK and RLIMIT_AS as a program sets them.

import { describe, expect, it } from 'vitest';
import { STACK_TOP } from '../../sim/kernel/exec';
import { Machine } from '../../sim/machine';
import { eventsOf, runKernelProgram } from '../support/kernel-run';

/** forkbomb.c lowers RLIMIT_NPROC to this before forking. */
const NPROC_LIMIT = 50;
const EAGAIN = 11;

/** The most tasks (threads and unreaped zombies, what RLIMIT_NPROC counts) ever held at once. */
function peakTasks(): { onEvent: (event: unknown, machine: Machine) => void; peak: () => number } {
  let peak = 0;
  return {
    onEvent: (_event, machine) => {
      peak = Math.max(peak, machine.kernel.tasks);
    },
    peak: () => peak,
  };
}

describe('a fork bomb under RLIMIT_NPROC', () => {
  it('forks until EAGAIN at the limit, then forks again once the children are reaped', async () => {
    const tasks = peakTasks();
    const run = await runKernelProgram('forkbomb', { machine: { memoryMiB: 64 }, args: ['count'], onEvent: tasks.onEvent, events: ['process'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    // The parent is one of the 50 tasks: 49 children fit.
    expect(run.stdout).toBe(`forked=${NPROC_LIMIT - 1} errno=EAGAIN\nreaped=${NPROC_LIMIT - 1}\nfork after reaping works\n`);
    expect(tasks.peak()).toBe(NPROC_LIMIT);
    expect(eventsOf(run, 'process')).toHaveLength(1 + (NPROC_LIMIT - 1) + 1);
  });

  it('`while (1) fork();` stays at the limit until the time limit kills it all, leaving nothing behind', async () => {
    const tasks = peakTasks();
    const run = await runKernelProgram('forkbomb', {
      machine: { memoryMiB: 64, maxTimeNs: 3e6 },
      args: ['bomb'],
      onEvent: tasks.onEvent,
      events: ['syscall', 'exit'],
    });
    expect(run.state).toMatchObject({ kind: 'halted' });
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: 9, reason: expect.stringContaining('time limit') });
    expect(tasks.peak()).toBe(NPROC_LIMIT);
    const forks = eventsOf(run, 'syscall').filter((e) => e.name === 'clone');
    expect(forks.filter((e) => e.result === -EAGAIN).length).toBeGreaterThan(forks.filter((e) => typeof e.result === 'number' && e.result > 0).length);
    // Every process of the bomb died, and init reaped the orphans: only init is left, and every
    // frame is free again but the page cache's copy of the program.
    expect(eventsOf(run, 'exit')).toHaveLength(NPROC_LIMIT);
    const kernel = run.machine.kernel;
    expect([...kernel.processes.keys()]).toEqual([1]);
    expect(kernel.tasks).toBe(0);
    const booted = new Machine({ memoryMiB: 64 }).mem.freeFrames; // init's page table only
    expect(run.machine.mem.freeFrames + kernel.pageCache.size).toBe(booted);
    expect(run.stats.simNs).toBeGreaterThanOrEqual(3e6);
    expect(run.stats.simNs).toBeLessThan(3.01e6);
  });

  it('zombies hold their slots: fork fails at the limit until the parent reaps one', async () => {
    const run = await runKernelProgram('forkbomb', { machine: { memoryMiB: 64 }, args: ['zombies'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe(`zombies=${NPROC_LIMIT - 1} errno=EAGAIN still_fails=1 after_one_reaped=works\n`);
  });

  it('threads count against it too: pthread_create fails with EAGAIN', async () => {
    const tasks = peakTasks();
    const run = await runKernelProgram('forkbomb', { machine: { memoryMiB: 64 }, args: ['threads'], onEvent: tasks.onEvent });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe(`threads=${NPROC_LIMIT - 1} error=EAGAIN\n`);
    expect(tasks.peak()).toBe(NPROC_LIMIT);
  });
});

describe('limits a program sets on itself', () => {
  it('RLIMIT_STACK: unbounded recursion grows the stack to the limit, then dies with SIGSEGV', async () => {
    const run = await runKernelProgram('rlimits', { machine: { memoryMiB: 16 }, args: ['stack'], events: ['pageFault', 'signal'] });
    expect(run.stdout).toBe('recursing\n');
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: 11 });
    const faults = eventsOf(run, 'pageFault');
    const limitEnd = STACK_TOP - 256 * 1024; // the lowest address the stack may reach
    // It grew past its initial mapping, page by page, down to the limit's last page...
    const grown = faults.filter((e) => e.outcome === 'stack-growth').map((e) => e.addr);
    expect(grown.length).toBeGreaterThan(0);
    expect(Math.min(...grown) >>> 12).toBe(limitEnd >>> 12);
    // ...and the next page down is a segmentation fault.
    const [signal] = eventsOf(run, 'signal');
    expect(signal).toMatchObject({ code: 'SEGV_MAPERR' });
    expect(signal.addr).toBeLessThan(limitEnd);
    expect(signal.addr).toBeGreaterThanOrEqual(limitEnd - 4096);
    expect(faults.at(-1)).toMatchObject({ outcome: 'segv', addr: signal.addr });
  });

  it('RLIMIT_AS: an allocation past the address-space limit fails with ENOMEM, a smaller one works', async () => {
    const run = await runKernelProgram('rlimits', { machine: { memoryMiB: 16 }, args: ['as'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe('big=NULL errno=ENOMEM small=ok\n');
  });
});
