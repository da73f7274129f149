// Machine snapshots as the debugger and the panels read them: plain data that survives JSON and
// structuredClone, taken at a syscall without changing the run, with processes (state, what a
// sleeper waits for, registers), VMAs with smaps figures, harts with their TLBs, the scheduler.

import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import type { MachineSnapshot, ProcessView } from '../../sim/snapshot-types';
import { buildFixture, runWithMarkers } from '../fixtures/snapshot/markers';

const SYS_MADVISE = 233, SYS_WAITID = 95;

/** Every value reachable is a finite number, a string, a boolean, null, an array or a plain object. */
function plainValues(value: unknown, path = 'snapshot'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [];
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainValues(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([k, v]) => plainValues(v, `${path}.${k}`));
  }
  return [`${path} is ${Object.prototype.toString.call(value)}`];
}

async function snapshotsOfCow(everySyscall: boolean) {
  const machine = new Machine({ cores: 2, sched: 'rr' }, new BufferConsole());
  const main = machine.load(buildFixture('cow.c'), { path: '/bin/cow' });
  const snapshots: MachineSnapshot[] = [];
  const exits: (ProcessView | null)[] = [];
  const unsubscribe = machine.events.subscribe((e) => {
    if (e.kind === 'syscall' && everySyscall) machine.snapshot(snapshots.length);
    if (e.kind === 'exit') exits.push(machine.processView(e.pid));
  });
  const state = await runWithMarkers(machine, 'madvise', () => snapshots.push(machine.snapshot(snapshots.length)));
  unsubscribe();
  return { machine, state, snapshots, exits, stats: machine.stats(), main };
}

describe('a snapshot taken at a syscall', async () => {
  const run = await snapshotsOfCow(false);
  const first = run.snapshots[0];
  const byPid = (s: MachineSnapshot, pid: number): ProcessView => s.processes.find((p) => p.pid === pid)!;
  const child = first.processes.find((p) => p.ppid === run.main.pid)!;

  it('is plain data: JSON and structuredClone give it back unchanged', () => {
    expect(plainValues(first)).toEqual([]);
    expect(JSON.parse(JSON.stringify(first))).toStrictEqual(first);
    expect(structuredClone(first)).toStrictEqual(first);
  });

  it('holds init, the parent sleeping in waitid and the child running on a hart with its registers', () => {
    expect(first.processes.map((p) => p.pid)).toEqual([1, run.main.pid, child.pid]);
    const parent = byPid(first, run.main.pid);
    expect(parent).toMatchObject({ state: 'sleeping', comm: 'cow', argv: ['/bin/cow'] });
    expect(parent.threads).toHaveLength(1);
    expect(parent.threads[0]).toMatchObject({ tid: run.main.pid, state: 'sleeping', hart: -1, waitingFor: 'waitid' });
    expect(parent.threads[0].regs[17]).toBe(SYS_WAITID); // a7, saved when it blocked
    expect(child.state).toBe('running');
    const [thread] = child.threads;
    expect(thread.waitingFor).toBeNull();
    expect(thread.regs[17]).toBe(SYS_MADVISE);
    expect(thread.regs[10]).toBe(0); // madvise's result, already in a0
    const hart = first.harts[thread.hart];
    expect(hart).toMatchObject({ tid: thread.tid, pid: child.pid, pc: thread.pc, regs: thread.regs });
    expect(hart.satp.rootPpn).toBe(child.rootPpn);
  });

  it('shows each hart’s TLB entries, the run queues and the switches so far', () => {
    expect(first.harts).toHaveLength(2);
    const running = first.harts.find((h) => h.tid === child.pid)!;
    expect(running.tlb.entries).toBe(64);
    expect(running.tlb.valid.length).toBeGreaterThan(0);
    // The child's buffer pages it just touched are in its hart's TLB, tagged with its ASID.
    expect(running.tlb.valid.some((e) => e.asid === child.asid && e.ppn > 0)).toBe(true);
    expect(first.scheduler).toMatchObject({ policy: 'rr', runQueues: [[], []] });
    expect(first.scheduler.switches.some((s) => s.to === child.pid && s.reason === 'dispatched')).toBe(true);
    expect(first.memory.freeFrames).toBeLessThan(first.memory.totalFrames);
    expect(first.stats.kernel.syscalls).toBeGreaterThan(0);
  });

  it('lists VMAs as maps does, with rlimits (unlimited as null) and the console fds', () => {
    const parent = byPid(first, run.main.pid);
    expect(parent.vmas.map((v) => v.name)).toEqual(expect.arrayContaining(['/bin/cow', '/lib/libc.so', '[stack]']));
    expect(parent.vmas.find((v) => v.name === '[stack]')!.perms).toBe('rw-p');
    expect(parent.vmas.find((v) => v.name === '/lib/libc.so' && v.perms === 'r-xp')).toBeDefined();
    expect(parent.rlimits.find((r) => r.resource === 'STACK')).toEqual({ resource: 'STACK', soft: 8 * 1024 * 1024, hard: null });
    // The test's console is no terminal: fds 0–2 are pipes, as /proc/PID/fd would show them.
    expect(parent.fds.map((f) => [f.fd, f.kind, f.target])).toEqual([[0, 'pipe', 'pipe:[100]'], [1, 'pipe', 'pipe:[101]'], [2, 'pipe', 'pipe:[102]']]);
    expect(parent.accounting.rss).toBe(parent.vmas.reduce((n, v) => n + v.smaps.rss, 0));
  });

  it('does not change the run: snapshots at every syscall leave its result, stats and marked moments the same', async () => {
    const watched = await snapshotsOfCow(true);
    expect(watched.state).toEqual(run.state);
    expect(watched.stats).toEqual(run.stats);
    expect(watched.snapshots).toStrictEqual(run.snapshots);
  });

  it('of a process at its exit event is a zombie that still shows its maps; once reaped there is none', () => {
    const [childExit, parentExit] = run.exits;
    expect(childExit).toMatchObject({ pid: child.pid, state: 'zombie', exitStatus: { kind: 'exited', code: 0 }, threads: [] });
    expect(childExit!.vmas.map((v) => v.name)).toContain('[stack]');
    expect(parentExit).toMatchObject({ pid: run.main.pid, state: 'zombie' });
    expect(run.machine.processView(child.pid)).toBeNull();
    expect(run.machine.pageTable(run.main.pid)).toBeNull();
  });
});

describe('two different programs loaded side by side', async () => {
  const machine = new Machine({ cores: 2 }, new BufferConsole());
  const digits = machine.load(buildFixture('greet_digits.c'), { path: '/bin/digits' });
  const words = machine.load(buildFixture('greet_words.c'), { path: '/bin/words' });
  const marks: { pid: number; snapshot: MachineSnapshot }[] = [];
  await runWithMarkers(machine, 'getppid', (e) => marks.push({ pid: e.pid, snapshot: machine.snapshot() }));
  const last = marks.find((m) => m.pid === words.pid)!.snapshot;
  const libcText = (p: ProcessView) => p.vmas.find((v) => v.name === '/lib/libc.so' && v.perms === 'r-xp')!;

  it('map libc’s text from the same page-cache frames: its Pss is about half its Rss', () => {
    for (const pid of [digits.pid, words.pid]) {
      const text = libcText(last.processes.find((p) => p.pid === pid)!).smaps;
      expect(text.rss).toBeGreaterThan(4 * 4096);
      expect(text.sharedClean).toBeGreaterThan(text.rss * 0.7);
      expect(text.pss / text.rss).toBeGreaterThan(0.45);
      expect(text.pss / text.rss).toBeLessThan(0.65);
      expect(text.anonymous).toBe(0);
    }
  });

  it('while the one that marked first sleeps in usleep until a given time', () => {
    expect(marks.map((m) => m.pid)).toEqual([digits.pid, words.pid]);
    const sleeper = last.processes.find((p) => p.pid === digits.pid)!;
    expect(sleeper.state).toBe('sleeping');
    expect(sleeper.threads[0].waitingFor).toMatch(/^sleep until \d+(\.\d+)? ms$/);
    const until = Number(/until ([\d.]+)/.exec(sleeper.threads[0].waitingFor!)![1]);
    expect(until).toBeGreaterThan(last.simNs / 1e6);
    expect(until).toBeLessThan(last.simNs / 1e6 + 50.001);
  });
});

describe('a page made PROT_NONE', async () => {
  const machine = new Machine({}, new BufferConsole());
  const main = machine.load(buildFixture('prot_none.c'), { path: '/bin/prot_none' });
  const marks: { view: ProcessView; at: number; leaf: number | undefined }[] = [];
  const state = await runWithMarkers(machine, 'madvise', (e) => {
    const at = e.args[0] >>> 0;
    const leaves = machine.pageTable(main.pid)!.tables.flatMap((t) => t.leaves);
    marks.push({ view: machine.processView(main.pid)!, at, leaf: leaves.find((l) => l.vpn === (at >>> 12) + 1)?.flags });
  });

  it('shows as its own ---p row, still resident, and keeps its contents when opened again', () => {
    expect(state).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    const rows = (m: (typeof marks)[number]) => m.view.vmas.filter((v) => v.start >= m.at && v.end <= m.at + 3 * 4096);
    expect(rows(marks[0]).map((v) => [v.perms, v.end - v.start, v.smaps.rss])).toEqual([
      ['rw-p', 4096, 4096],
      ['---p', 4096, 4096],
      ['rw-p', 4096, 4096],
    ]);
    expect(marks[0].leaf! & 1).toBe(0); // V clear
    expect(marks[0].leaf! & (1 << 9)).not.toBe(0); // parked: the frame is kept
    expect(rows(marks[1]).map((v) => [v.perms, v.end - v.start])).toEqual([['rw-p', 3 * 4096]]);
  });
});

describe('a thread blocked on a mutex', async () => {
  const machine = new Machine({ cores: 2 }, new BufferConsole());
  const main = machine.load(buildFixture('futex_wait.c'), { path: '/bin/futex_wait' });
  const views: ProcessView[] = [];
  const state = await runWithMarkers(machine, 'getppid', () => views.push(machine.processView(main.pid)!));

  it('sleeps on the futex word while the main thread runs', () => {
    expect(state).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    const [view] = views;
    expect(view.state).toBe('running');
    expect(view.threads.map((t) => t.state)).toEqual(['running', 'sleeping']);
    expect(view.threads[1].waitingFor).toMatch(/^futex at 0x[0-9a-f]+$/);
    expect(view.threads[1].tid).not.toBe(main.pid);
  });
});
