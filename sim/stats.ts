// Run statistics as a plain, serialisable object: what `oslab run --stats` writes and what labs
// assert on. Machine-wide totals first, then per hart.

import type { Process } from './kernel/proc';
import { signalName } from './kernel/signal';
import type { Machine } from './machine';

export interface LevelStats {
  hits: number;
  misses: number;
  writebacks: number;
}

export interface MachineStats {
  instructions: number;
  /** Simulated duration of the run: the furthest any hart got. */
  cycles: number;
  simNs: number;
  harts: { id: number; instructions: number; cycles: number }[];
  tlb: { hits: number; misses: number; flushes: number; evictions: number; shootdowns: number; walks: number };
  caches: { enabled: boolean; l1: LevelStats; l2: LevelStats; l3: LevelStats };
  kernel: { syscalls: number; pageFaults: number; contextSwitches: number };
  pageFaults: { minor: number; major: number; cow: number };
  contextSwitches: { voluntary: number; involuntary: number };
  /** How often each syscall was made, by name (as strace -c counts them). */
  syscalls: Record<string, number>;
  /** Every process of the run, in pid order (at most MAX_PROCESS_STATS). */
  processes: ProcessStats[];
  misalignedAccesses: number;
  memory: { totalFrames: number; freeFrames: number };
  /** File I/O: read/write calls and their bytes, fsync/fdatasync calls, page cache lookups that hit or missed. */
  io: { reads: number; writes: number; bytesRead: number; bytesWritten: number; fsyncs: number; cacheHits: number; cacheMisses: number };
  /** Things the kernel reported once, e.g. syscalls that returned -ENOSYS for lack of a handler. */
  notices: string[];
}

export interface ProcessStats {
  pid: number;
  ppid: number;
  comm: string;
  /** "running", "exited 0", "killed by SIGSEGV". */
  status: string;
  threads: number;
  userNs: number;
  systemNs: number;
  pageFaults: { minor: number; major: number; cow: number };
  contextSwitches: { voluntary: number; involuntary: number };
  /** Peak resident memory, in KiB (ru_maxrss). */
  maxRssKiB: number;
}

/** Runs with more processes list the first ones only (a fork bomb would make the file huge). */
const MAX_PROCESS_STATS = 1000;

export function collectStats(machine: Machine): MachineStats {
  const tlb = { hits: 0, misses: 0, flushes: 0, evictions: 0, shootdowns: 0, walks: 0 };
  const zero = (): LevelStats => ({ hits: 0, misses: 0, writebacks: 0 });
  const caches = { enabled: machine.config.caches !== null, l1: zero(), l2: zero(), l3: zero() };
  let misaligned = 0;
  for (const hart of machine.harts) {
    const t = hart.tlb.counters;
    tlb.hits += t.hits;
    tlb.misses += t.misses;
    tlb.flushes += t.flushes;
    tlb.evictions += t.evictions;
    tlb.shootdowns += t.shootdowns;
    tlb.walks += hart.counters.walks;
    misaligned += hart.counters.misalignedAccesses;
    if (hart.caches) {
      add(caches.l1, hart.caches.l1.counters);
      add(caches.l2, hart.caches.l2.counters);
    }
  }
  const l3 = machine.harts[0]?.caches?.l3;
  if (l3) add(caches.l3, l3.counters);
  const cycles = machine.kernel.now();
  return {
    instructions: machine.harts.reduce((n, h) => n + h.instret, 0),
    cycles,
    simNs: machine.simNs(),
    harts: machine.harts.map((h) => ({ id: h.id, instructions: h.instret, cycles: h.cycles })),
    tlb,
    caches,
    kernel: { ...machine.kernel.counters },
    pageFaults: { ...machine.kernel.faultCounts },
    contextSwitches: { ...machine.kernel.switchCounts },
    syscalls: Object.fromEntries([...machine.kernel.syscallCounts].sort(([a], [b]) => a.localeCompare(b))),
    processes: processStats(machine),
    misalignedAccesses: misaligned,
    memory: { totalFrames: machine.mem.frameCount, freeFrames: machine.mem.freeFrames },
    io: { ...machine.kernel.io },
    notices: [...machine.kernel.notices],
  };
}

function processStats(machine: Machine): ProcessStats[] {
  const kernel = machine.kernel;
  const seen = new Map<number, Process>();
  for (const p of [...kernel.ended, ...kernel.processes.values()]) if (p !== kernel.init) seen.set(p.pid, p);
  const ns = (cycles: number) => Math.round(kernel.cyclesToNs(cycles));
  return [...seen.values()].sort((a, b) => a.pid - b.pid).slice(0, MAX_PROCESS_STATS).map((p) => ({
    pid: p.pid,
    ppid: p.ppid,
    comm: p.comm,
    status: describeStatus(p),
    threads: p.threads.length,
    userNs: ns(p.userCycles),
    systemNs: ns(p.systemCycles),
    pageFaults: { ...p.faults },
    contextSwitches: {
      voluntary: p.threads.reduce((n, t) => n + t.voluntarySwitches, 0),
      involuntary: p.threads.reduce((n, t) => n + t.involuntarySwitches, 0),
    },
    maxRssKiB: p.aspace.peakResidentPages * 4,
  }));
}

function describeStatus(p: Process): string {
  const s = p.exitStatus;
  if (!s) return 'running';
  return s.kind === 'exited' ? `exited ${s.code}` : `killed by ${signalName(s.signal)}`;
}

function add(into: LevelStats, from: LevelStats): void {
  into.hits += from.hits;
  into.misses += from.misses;
  into.writebacks += from.writebacks;
}
