// Processes end to end: fork's family tree in the event stream, what waitpid reports for an exit
// and for a death by signal, orphans adopted by init, zombies that linger in the process table
// until reaped, copy-on-write, the faults (NULL, a stray address, a read-only or unmapped page)
// that end a process with SIGSEGV and say where, signals' default actions, and the course's
// fork demo as a learner first runs it.

import { describe, expect, it } from 'vitest';
import type { ExitStatus } from '../../sim/kernel/proc';
import { eventsOf, runKernelProgram } from '../support/kernel-run';

const SIGSEGV = 11, SIGTERM = 15, SIGCHLD = 17;

describe('fork and waitpid', () => {
  it('reports exit codes and deaths by signal, and init adopts an orphan', async () => {
    const run = await runKernelProgram('fork-wait', { machine: { memoryMiB: 32 }, events: ['process', 'signal', 'exit'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const [main] = eventsOf(run, 'process');
    const parent = main.pid;
    const [exits, faults, killed, middle, orphan] = eventsOf(run, 'process').slice(1).map((e) => e.pid);
    expect(run.stdout).toBe([
      `exits pid=${exits} exited=42`,
      `faults pid=${faults} signaled=${SIGSEGV}`,
      'still running: waitpid WNOHANG=0',
      `killed pid=${killed} signaled=${SIGTERM}`,
      `middle pid=${middle} exited=7`,
      `orphan pid=${orphan} ppid=1`,
      `parent pid=${parent} waited for all: ECHILD`,
      '',
    ].join('\n'));

    // The family tree as fork built it: the orphan was born to the middle process.
    const ppids = Object.fromEntries(eventsOf(run, 'process').map((e) => [e.pid, e.ppid]));
    expect(ppids).toEqual({ [parent]: 1, [exits]: parent, [faults]: parent, [killed]: parent, [middle]: parent, [orphan]: middle });

    const signals = eventsOf(run, 'signal').map(({ pid, signal, code, addr, senderPid }) => ({ pid, signal, code, addr, senderPid }));
    expect(signals).toContainEqual({ pid: faults, signal: SIGSEGV, code: 'SEGV_MAPERR', addr: 0, senderPid: undefined });
    expect(signals).toContainEqual(expect.objectContaining({ pid: killed, signal: SIGTERM, code: 'SI_USER' }));
    // Each child's end raised SIGCHLD on its parent (ignored by default), saying how it ended.
    const sigchld = signals.filter((e) => e.signal === SIGCHLD).map(({ pid, code, senderPid }) => ({ pid, code, senderPid }));
    expect(sigchld).toEqual([
      { pid: parent, code: 'CLD_EXITED', senderPid: exits },
      { pid: parent, code: 'CLD_KILLED', senderPid: faults },
      { pid: parent, code: 'CLD_KILLED', senderPid: killed },
      { pid: parent, code: 'CLD_EXITED', senderPid: middle },
    ]);

    const statusOf = (pid: number) => eventsOf(run, 'exit').find((e) => e.pid === pid)?.status;
    expect(statusOf(exits)).toEqual({ kind: 'exited', code: 42 });
    expect(statusOf(faults)).toMatchObject({ kind: 'signaled', signal: SIGSEGV });
    expect(statusOf(killed)).toMatchObject({ kind: 'signaled', signal: SIGTERM, reason: expect.stringContaining(`sent by process ${parent}`) });
    // Everyone was reaped, by the parent or (the orphan) by init.
    expect([...run.machine.kernel.processes.keys()]).toEqual([1]);
  });

  it('copy-on-write: the child writing shared pages gets its own copies, the parent keeps its values', async () => {
    const run = await runKernelProgram('cow', { machine: { memoryMiB: 16 }, events: ['process', 'pageFault'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe('child sees 16 pages of its own\nparent sees 16 pages untouched\n');
    const [, child] = eventsOf(run, 'process').map((e) => e.pid);
    const cowPages = new Set(eventsOf(run, 'pageFault').filter((e) => e.pid === child && e.outcome === 'cow').map((e) => e.addr >>> 12));
    // Among them (with a stack page or two) the 16 data pages, one after another.
    const sixteenInARow = [...cowPages].some((first) => Array.from({ length: 16 }, (_, k) => first + k).every((page) => cowPages.has(page)));
    expect(sixteenInARow, `child COW pages ${[...cowPages].map((p) => p.toString(16)).join(' ')}`).toBe(true);
  });

  it("kill's signal event names the sending process", async () => {
    const run = await runKernelProgram('fork-wait', { machine: { memoryMiB: 32 }, events: ['process', 'signal'] });
    const [parent, , , killed] = eventsOf(run, 'process').map((e) => e.pid);
    expect(eventsOf(run, 'signal').find((e) => e.pid === killed)).toMatchObject({ signal: SIGTERM, code: 'SI_USER', senderPid: parent });
  });

  it('a child that exited stays in the process table, a zombie with its status, until the parent reaps it', async () => {
    let child = 0;
    const seen: { when: string; status: ExitStatus | null | undefined }[] = [];
    const run = await runKernelProgram('zombie', {
      machine: { memoryMiB: 16 },
      onEvent: (event, machine) => {
        if (event.kind === 'process' && event.ppid !== 1) child = event.pid;
        if (event.kind !== 'syscall' || event.pid === child || event.result === 'blocked') return;
        // The parent's nanosleep returning, and its waitid (wait4 in libc) returning.
        if (/nanosleep/.test(event.name)) seen.push({ when: 'parent woke', status: machine.process(child)?.exitStatus });
        if (event.name === 'waitid') seen.push({ when: 'parent reaped', status: machine.process(child)?.exitStatus });
      },
    });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe(`child=${child} reaped=${child} exit=3\n`);
    expect(seen).toEqual([
      { when: 'parent woke', status: { kind: 'exited', code: 3 } },
      { when: 'parent reaped', status: undefined },
    ]);
  });
});

describe('segmentation faults', () => {
  async function fault(mode: string) {
    const run = await runKernelProgram('segv', { machine: { memoryMiB: 16 }, args: [mode], events: ['signal', 'pageFault'] });
    const signals = eventsOf(run, 'signal');
    expect(signals).toHaveLength(1);
    return { run, signal: signals[0] };
  }

  it('a store through NULL: SIGSEGV, SEGV_MAPERR at address 0', async () => {
    const { run, signal } = await fault('null');
    expect(run.stdout).toBe('storing through NULL\n');
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: SIGSEGV });
    expect(signal).toMatchObject({ signal: SIGSEGV, code: 'SEGV_MAPERR', addr: 0 });
    expect(run.exit?.kind === 'signaled' && run.exit.reason).toMatch(/write of address 0x00000000\b/);
  });

  it('a store to 0x1234: the exact faulting address', async () => {
    const { run, signal } = await fault('addr');
    expect(signal).toMatchObject({ signal: SIGSEGV, code: 'SEGV_MAPERR', addr: 0x1234 });
    expect(run.exit?.kind === 'signaled' && run.exit.reason).toMatch(/0x00001234/);
  });

  it('a store to a page mprotect made read-only: SEGV_ACCERR', async () => {
    const { run, signal } = await fault('readonly');
    const page = parseInt(/page at 0x([0-9a-f]+) reads 'a'/.exec(run.stdout)![1], 16);
    expect(run.stdout).not.toContain('survived');
    expect(signal).toMatchObject({ signal: SIGSEGV, code: 'SEGV_ACCERR', addr: page + 1 });
    const last = eventsOf(run, 'pageFault').at(-1);
    expect(last).toMatchObject({ addr: page + 1, access: 'write', outcome: 'segv' });
    expect(run.exit?.kind === 'signaled' && run.exit.reason).toMatch(/does not allow/);
  });

  it('a load from a page munmap gave back: SEGV_MAPERR, its neighbours still mapped', async () => {
    const { run, signal } = await fault('unmapped');
    const page = parseInt(/^unmapped 0x([0-9a-f]+); reading it\n$/.exec(run.stdout)![1], 16);
    expect(signal).toMatchObject({ signal: SIGSEGV, code: 'SEGV_MAPERR', addr: page });
    expect(eventsOf(run, 'pageFault').at(-1)).toMatchObject({ addr: page, access: 'read', outcome: 'segv' });
  });
});

describe("signals' default actions", () => {
  it('kill(getpid(), SIGTERM) terminates the caller; the event says a process sent it (SI_USER)', async () => {
    const run = await runKernelProgram('signals', { machine: { memoryMiB: 16 }, args: ['kill-self'], events: ['signal'] });
    expect(run.stdout).toMatch(/^pid=\d+\n$/);
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: SIGTERM, coreDumped: false, reason: expect.stringContaining('Terminated') });
    expect(eventsOf(run, 'signal')).toMatchObject([{ signal: SIGTERM, code: 'SI_USER' }]);
  });

  it('abort() raises SIGABRT with tgkill (SI_TKILL); no core file under the default RLIMIT_CORE of 0', async () => {
    const run = await runKernelProgram('signals', { machine: { memoryMiB: 16 }, args: ['abort'], events: ['signal'] });
    expect(run.stdout).toMatch(/^pid=\d+\n$/);
    expect(run.exit).toMatchObject({ kind: 'signaled', signal: 6, coreDumped: false, reason: expect.stringContaining('Aborted') });
    expect(eventsOf(run, 'signal')).toMatchObject([{ signal: 6, code: 'SI_TKILL' }]);
  });
});

it("the course's fork demo runs unmodified: parent and child print once a second until the time limit", async () => {
  const run = await runKernelProgram('examples/course/fork-demo.c', { machine: { tty: [true, true, true], maxTimeNs: 3e9 }, events: ['process'] });
  const [parent, child] = eventsOf(run, 'process').map((e) => e.pid);
  const lines = run.stdout.trimEnd().split('\r\n'); // a terminal's line ends
  const parentLines = lines.filter((l) => l === `Parent process: PID = ${parent}, buffer[0] = 0`);
  const childLines = lines.filter((l) => l === `Child process: PID = ${child}, Y = 20, buffer[0] = 0`);
  expect(parentLines.length + childLines.length, run.stdout).toBe(lines.length);
  // At 0, 1 and 2 s; the one due at 3 s may or may not beat the limit.
  expect(parentLines.length).toBeGreaterThanOrEqual(3);
  expect(parentLines.length).toBeLessThanOrEqual(4);
  expect(Math.abs(childLines.length - parentLines.length)).toBeLessThanOrEqual(1);
  expect(run.exit).toMatchObject({ kind: 'signaled', signal: 9, reason: expect.stringContaining('time limit') });
  expect(run.stats.simNs).toBeGreaterThanOrEqual(3e9);
  expect(run.stats.simNs).toBeLessThan(3.01e9);
  // Both slept through those seconds: a few dozen syscalls, not a busy loop.
  expect(run.stats.kernel.syscalls).toBeLessThan(100);
});
