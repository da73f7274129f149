// The machine as plain data (snapshot-types.ts): built on demand from the kernel's process table,
// the harts, their TLBs and caches, and the scheduler, for the debugger, the panels, the labs and
// `oslab run --maps`. Building it only reads: page tables are read without faulting, so taking a
// snapshot never changes what the program does next. The cost is O(resident pages).

import { SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_SIGINFO, SIG_DFL, SIG_IGN } from './kernel/sigframe';
import { signalName } from './kernel/signal';
import { L } from './kernel/tty-ldisc';
import type { Hart } from './cpu/hart';
import { LINE_SHIFT, LINE_SIZE, SERVED_BY_BITS, type CacheLevel, type CachePath } from './mem/cache';
import { DRAM_BASE, PAGE_SIZE } from './mem/phys';
import { disassemble } from './isa/disasm';
import { ASID_SHIFT, type TlbEvent } from './mem/tlb';
import type { Kernel } from './kernel/kernel';
import type { FdEntry, Process, Thread } from './kernel/proc';
import { RLIMIT_NAMES } from './kernel/rlimit';
import { pageTableView, residentSpace } from './kernel/smaps';
import { vmaView } from './fs/procfs-mm';
import type { Machine } from './machine';
import type {
  CacheAccessView, CacheLevelView, CacheWayView, FdView, HartView, MachineSnapshot, PageTableView, ProcessAccounting, ProcessState, ProcessView,
  RlimitView, SchedulerView, SignalsView, TerminalView, ThreadView, TlbEventView, TlbView, VmaView,
} from './snapshot-types';
import { CACHE_LINES_SHOWN } from './snapshot-types';
import { collectStats } from './stats';
import { describeStorage } from './fs/storage-view';

const REGISTERS = 32;

export function machineSnapshot(machine: Machine, epoch = 0): MachineSnapshot {
  const kernel = machine.kernel;
  const l3 = machine.harts[0]?.caches?.l3;
  return {
    epoch,
    cycles: kernel.now(),
    simNs: machine.simNs(),
    processes: [...kernel.processes.values()].sort((a, b) => a.pid - b.pid).map((p) => describeProcess(machine, p)),
    harts: machine.harts.map((h) => describeHart(kernel, h)),
    scheduler: describeScheduler(machine),
    sharedCaches: l3 ? [describeCache(l3)] : [],
    terminal: describeTerminal(machine),
    memory: { totalFrames: machine.mem.frameCount, freeFrames: machine.mem.freeFrames, pageCacheFrames: kernel.pageCache.size, pageSize: PAGE_SIZE },
    stats: collectStats(machine),
    storage: describeStorage(kernel),
  };
}

/** The terminal's foreground group and mode, when fds 0–2 have one. */
function describeTerminal(machine: Machine): TerminalView | null {
  if (!machine.config.tty.some((t) => t)) return null;
  const tty = machine.kernel.tty;
  const lflag = tty.termios.lflag;
  return { session: tty.session, foregroundPgid: tty.pgrp, canonical: (lflag & L.ICANON) !== 0, echo: (lflag & L.ECHO) !== 0, signals: (lflag & L.ISIG) !== 0, rows: tty.winsize.rows, cols: tty.winsize.cols };
}

/** One process, while it is in the process table (zombies included); null otherwise. */
export function processView(machine: Machine, pid: number): ProcessView | null {
  const process = machine.kernel.processes.get(pid);
  return process ? describeProcess(machine, process) : null;
}

/** The process's page table, while it has one (a reaped or torn-down zombie has none). */
export function pageTable(machine: Machine, pid: number): PageTableView | null {
  const process = machine.kernel.processes.get(pid);
  return process ? pageTableView(machine.kernel, process) : null;
}

// ---- processes ----

function describeProcess(machine: Machine, process: Process): ProcessView {
  const kernel = machine.kernel;
  const aspace = residentSpace(kernel, process);
  const vmas = aspace ? aspace.vmas.all.map((v) => vmaView(kernel, aspace, v)) : [];
  const threads = process.alive ? process.threads.filter((t) => t.state !== 'zombie') : [];
  return {
    pid: process.pid,
    ppid: process.ppid,
    pgid: process.pgid,
    sid: process.sid,
    uid: process.uid,
    gid: process.gid,
    comm: process.comm,
    argv: [...process.argv],
    cwd: kernel.vfs.pathOf(process.cwd),
    state: processState(process),
    exitStatus: process.exitStatus && { ...process.exitStatus },
    threads: threads.map((t) => describeThread(machine, t)),
    vmas,
    fds: [...process.fds].sort(([a], [b]) => a - b).map(([fd, entry]) => describeFd(fd, entry)),
    rlimits: RLIMIT_NAMES.map((resource, i) => describeRlimit(process, resource, i)),
    signals: describeSignals(process),
    accounting: accounting(machine, process, vmas),
    rootPpn: process.aspace.rootPpn,
    asid: process.aspace.asid,
  };
}

function processState(process: Process): ProcessState {
  if (!process.alive) return 'zombie';
  if (process.stopSignal !== 0) return 'stopped'; // job control's T, even for a thread still asleep in a call
  const states = new Set(process.liveThreads.map((t) => t.state));
  if (states.has('running')) return 'running';
  if (states.has('runnable')) return 'runnable';
  if (states.size > 0 && [...states].every((s) => s === 'stopped')) return 'stopped';
  return 'sleeping';
}

function accounting(machine: Machine, process: Process, vmas: readonly VmaView[]): ProcessAccounting {
  const ns = (cycles: number) => machine.kernel.cyclesToNs(cycles);
  const sum = (of: (t: Thread) => number) => process.threads.reduce((n, t) => n + of(t), 0);
  return {
    userNs: ns(process.userCycles),
    systemNs: ns(process.systemCycles),
    minorFaults: process.faults.minor,
    majorFaults: process.faults.major,
    cowFaults: process.faults.cow,
    voluntarySwitches: sum((t) => t.voluntarySwitches),
    involuntarySwitches: sum((t) => t.involuntarySwitches),
    rss: vmas.reduce((n, v) => n + v.smaps.rss, 0),
    pss: vmas.reduce((n, v) => n + v.smaps.pss, 0),
  };
}

const FD_KINDS: readonly FdView['kind'][] = ['tty', 'file', 'pipe', 'socket', 'epoll'];

function describeFd(fd: number, entry: FdEntry): FdView {
  // The console's streams are pipes when the host's stdin/stdout are (not a terminal): say so, as /proc/PID/fd does.
  const console = entry.file.object.kind === 'tty' && entry.file.target.startsWith('pipe:');
  const kind = console ? 'pipe' : (FD_KINDS.find((k) => k === entry.file.object.kind) ?? 'other');
  return { fd, kind, target: entry.file.target, cloexec: entry.cloexec };
}

const SA_FLAG_NAMES: readonly [number, string][] = [[SA_SIGINFO, 'SA_SIGINFO'], [SA_RESTART, 'SA_RESTART'], [SA_NODEFER, 'SA_NODEFER'], [SA_RESETHAND, 'SA_RESETHAND'], [SA_ONSTACK, 'SA_ONSTACK']];

function describeSignals(process: Process): SignalsView {
  const handled = [...process.sigactions].filter(([, a]) => a.handler !== SIG_DFL && a.handler !== SIG_IGN).sort(([a], [b]) => a - b);
  return {
    handled: handled.map(([signal, a]) => ({ signal: signalName(signal), handler: a.handler >>> 0, flags: SA_FLAG_NAMES.filter(([f]) => a.flags & f).map(([, name]) => name) })),
    ignored: [...process.sigactions].filter(([, a]) => a.handler === SIG_IGN).map(([signal]) => signal).sort((a, b) => a - b).map(signalName),
    pending: signalNames(process.pendingSignals),
  };
}

function signalNames(set: bigint): string[] {
  const names: string[] = [];
  for (let signal = 1; signal <= 64; signal++) if (set & (1n << BigInt(signal - 1))) names.push(signalName(signal));
  return names;
}

function describeRlimit(process: Process, resource: string, index: number): RlimitView {
  const { soft, hard } = process.rlimits.get(index);
  const finite = (n: number) => (Number.isFinite(n) ? n : null);
  return { resource, soft: finite(soft), hard: finite(hard) };
}

// ---- threads ----

function describeThread(machine: Machine, thread: Thread): ThreadView {
  const kernel = machine.kernel;
  const hart = thread.hart >= 0 ? machine.harts[thread.hart] : null;
  const regs = Array.from((hart ?? thread).regs.subarray(0, REGISTERS), (r) => r >>> 0);
  return {
    tid: thread.tid,
    pid: thread.process.pid,
    state: thread.state,
    hart: thread.hart,
    pc: (hart ?? thread).pc >>> 0,
    regs,
    waitingFor: waitingFor(kernel, thread),
    blockedSignals: signalNames(thread.sigmask),
    pendingSignals: signalNames(thread.pendingSignals),
    nice: thread.sched.nice,
    userNs: kernel.cyclesToNs(thread.userCycles),
    systemNs: kernel.cyclesToNs(thread.systemCycles),
    voluntarySwitches: thread.voluntarySwitches,
    involuntarySwitches: thread.involuntarySwitches,
  };
}

/** A sleeping thread's wait channel in words, with its timeout when it has one. */
function waitingFor(kernel: Kernel, thread: Thread): string | null {
  const w = thread.waitingFor;
  if (thread.state !== 'sleeping' || !w) return null;
  const until = Number.isFinite(thread.wakeAt) ? formatMs(kernel.cyclesToNs(thread.wakeAt)) : null;
  switch (w.kind) {
    case 'sleep':
      return until ? `sleep until ${until}` : 'sleep';
    case 'futex':
      return `futex at 0x${(w.va >>> 0).toString(16)}${until ? ` (timeout at ${until})` : ''}`;
    case 'child':
      return 'waitid';
    case 'vfork':
      return `vfork child ${w.child}`;
    case 'console-input':
      return 'console input';
    case 'pipe':
      return `pipe:[${w.pipe.inode}]`;
    case 'signal':
      return 'a signal';
    case 'disk':
      return 'the disk';
    case 'trace':
      return 'trace_pipe';
  }
}

/** Simulated time in milliseconds, to the nanosecond: "12.5 ms". */
function formatMs(ns: number): string {
  return `${Number((ns / 1e6).toFixed(6))} ms`;
}

// ---- harts ----

function describeHart(kernel: Kernel, hart: Hart): HartView {
  const thread = kernel.current[hart.id];
  return {
    id: hart.id,
    tid: thread?.tid ?? null,
    pid: thread?.process.pid ?? null,
    pc: hart.pc >>> 0,
    instruction: thread ? describeInstruction(thread, hart.pc >>> 0) : null,
    regs: Array.from(hart.regs.subarray(0, REGISTERS), (r) => r >>> 0),
    cycles: hart.cycles,
    instructions: hart.instret,
    satp: { rootPpn: hart.rootPpn, asid: hart.asid },
    tlb: describeTlb(hart),
    caches: hart.caches ? [describeCache(hart.caches.l1), describeCache(hart.caches.l2)] : [],
    recentAccesses: hart.caches ? describeRecentAccesses(hart.caches) : [],
  };
}

/** The word at pc read as the debugger reads memory (peek: nothing faulted in), disassembled. */
function describeInstruction(thread: Thread, pc: number): HartView['instruction'] {
  const bytes = thread.process.aspace.peek(pc, 4);
  if (!bytes) return null;
  const word = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  return { word, text: disassemble(word, pc) };
}

function describeTlb(hart: Hart): TlbView {
  const tlb = hart.tlb;
  return {
    entries: tlb.entries,
    ways: tlb.ways,
    valid: tlb.validSlots().map((slot) => ({
      set: slot >> tlb.wayShift,
      way: slot & (tlb.ways - 1),
      vpn: tlb.tag[slot] & 0xfffff,
      ppn: tlb.ppn[slot] >>> 0,
      asid: tlb.tag[slot] >>> ASID_SHIFT,
      flags: tlb.pteFlags[slot],
    })),
    hits: tlb.counters.hits,
    misses: tlb.counters.misses,
    flushes: tlb.counters.flushes,
    evictions: tlb.counters.evictions,
    shootdowns: tlb.counters.shootdowns,
    recent: tlb.events.list().map(describeTlbEvent),
  };
}

function describeTlbEvent(e: TlbEvent): TlbEventView {
  const { seq, cycles, vpn, asid } = e;
  switch (e.kind) {
    case 'miss':
      return { kind: 'miss', seq, cycles, vpn, asid, ppn: e.value < 0 ? null : e.value };
    case 'refill':
      return { kind: 'refill', seq, cycles, vpn, asid, ppn: e.value };
    case 'eviction':
    case 'shootdown':
      return { kind: e.kind, seq, cycles, vpn, asid };
    case 'flush':
      return { kind: 'flush', seq, cycles, reason: e.reason ?? 'switch', asid: asid < 0 ? null : asid, dropped: e.value };
  }
}

function describeCache(level: CacheLevel): CacheLevelView {
  return {
    name: level.name,
    sizeBytes: level.sets * level.ways * LINE_SIZE,
    sets: level.sets,
    ways: level.ways,
    lineBytes: LINE_SIZE,
    hits: level.counters.hits,
    misses: level.counters.misses,
    writebacks: level.counters.writebacks,
    contents: level.sets * level.ways <= CACHE_LINES_SHOWN ? describeCacheContents(level) : null,
  };
}

/** Physical address of a cache line number (lines count from the start of RAM). */
function lineAddress(line: number): number {
  return (DRAM_BASE + line * LINE_SIZE) >>> 0;
}

function describeCacheContents(level: CacheLevel): (CacheWayView | null)[][] {
  const setBits = Math.log2(level.sets);
  return Array.from({ length: level.sets }, (_, set) => {
    const ways: (CacheWayView | null)[] = new Array<CacheWayView | null>(level.ways).fill(null);
    level.waysByRecency(set).forEach((way, lruRank) => {
      const slot = set * level.ways + way;
      const address = lineAddress(level.lines[slot]!);
      ways[way] = { address, tag: address >>> (LINE_SHIFT + setBits), dirty: level.dirty[slot] === 1, lruRank };
    });
    return ways;
  });
}

function describeRecentAccesses(path: CachePath): CacheAccessView[] {
  return path.recentAccesses().map(({ entry, repeats }) => ({
    lineAddress: lineAddress(entry >>> SERVED_BY_BITS),
    servedBy: (entry & ((1 << SERVED_BY_BITS) - 1)) as CacheAccessView['servedBy'],
    repeats,
  }));
}

// ---- scheduler ----

function describeScheduler(machine: Machine): SchedulerView {
  const kernel = machine.kernel;
  return {
    policy: kernel.scheduler.policy,
    sliceNs: machine.config.sliceNs,
    runQueues: kernel.scheduler.runQueues(),
    switches: kernel.switches.map((s) => ({ cycles: s.cycles, hart: s.hart, from: s.from, to: s.to, reason: s.reason })),
  };
}
