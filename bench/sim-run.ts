// Runs one benchmark program on a fresh oslab Machine and measures it. The programs print a
// "begin" line when their setup is done and a "checksum" line when the measured kernel is, each
// in one write(); the console below snapshots the machine's statistics, the wall clock and the
// process's CPU time at every write, so the measured phase is exactly the instructions between
// those two system calls, with nothing of the setup (filling 16 MiB, its page faults) in it.

import { DEFAULT_CACHES } from '../sim/config';
import { BufferConsole } from '../sim/console';
import type { ExitStatus } from '../sim/kernel/proc';
import { Machine } from '../sim/machine';
import type { MachineStats } from '../sim/stats';

export interface Counters {
  instructions: number;
  cycles: number;
  simNs: number;
  tlbHits: number;
  tlbMisses: number;
  walks: number;
  l1: { hits: number; misses: number };
  l2: { hits: number; misses: number };
  l3: { hits: number; misses: number };
  pageFaults: number;
  syscalls: number;
}

/** What one stretch of a run cost: host time and simulated counters. */
export interface Span extends Counters {
  wallMs: number;
  /** Host CPU time of this process over the span (all threads: JIT and GC included). */
  cpuMs: number;
}

export interface SimRun {
  readonly stdout: string;
  readonly exit: ExitStatus;
  /** From `new Machine` to the halt. */
  readonly whole: Span;
  /** Between the "begin" and "checksum" lines; null if the program never printed both. */
  readonly measured: Span | null;
  readonly checksum: string | null;
}

interface Mark {
  readonly line: string;
  readonly wall: number;
  readonly cpu: number;
  readonly counters: Counters;
}

function counters(stats: MachineStats): Counters {
  const c = stats.caches;
  return {
    instructions: stats.instructions,
    cycles: stats.cycles,
    simNs: stats.simNs,
    tlbHits: stats.tlb.hits,
    tlbMisses: stats.tlb.misses,
    walks: stats.tlb.walks,
    l1: { hits: c.l1.hits, misses: c.l1.misses },
    l2: { hits: c.l2.hits, misses: c.l2.misses },
    l3: { hits: c.l3.hits, misses: c.l3.misses },
    pageFaults: stats.kernel.pageFaults,
    syscalls: stats.kernel.syscalls,
  };
}

const zero: Counters = {
  instructions: 0,
  cycles: 0,
  simNs: 0,
  tlbHits: 0,
  tlbMisses: 0,
  walks: 0,
  l1: { hits: 0, misses: 0 },
  l2: { hits: 0, misses: 0 },
  l3: { hits: 0, misses: 0 },
  pageFaults: 0,
  syscalls: 0,
};

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function span(from: Mark, to: Mark): Span {
  const a = from.counters;
  const b = to.counters;
  const level = (x: { hits: number; misses: number }, y: { hits: number; misses: number }) => ({ hits: y.hits - x.hits, misses: y.misses - x.misses });
  return {
    wallMs: to.wall - from.wall,
    cpuMs: to.cpu - from.cpu,
    instructions: b.instructions - a.instructions,
    cycles: b.cycles - a.cycles,
    simNs: b.simNs - a.simNs,
    tlbHits: b.tlbHits - a.tlbHits,
    tlbMisses: b.tlbMisses - a.tlbMisses,
    walks: b.walks - a.walks,
    l1: level(a.l1, b.l1),
    l2: level(a.l2, b.l2),
    l3: level(a.l3, b.l3),
    pageFaults: b.pageFaults - a.pageFaults,
    syscalls: b.syscalls - a.syscalls,
  };
}

/** Collects output like BufferConsole and snapshots the machine at every write. */
class MarkingConsole extends BufferConsole {
  machine: Machine | null = null;
  readonly marks: Mark[] = [];

  override write(fd: 1 | 2, bytes: Uint8Array): void {
    super.write(fd, bytes);
    if (this.machine === null) return;
    const line = new TextDecoder().decode(bytes).trim();
    this.marks.push({ line, wall: performance.now(), cpu: cpuNow(), counters: counters(this.machine.stats()) });
  }
}

export interface SimOptions {
  readonly caches: boolean;
}

export function runOnMachine(elf: Uint8Array, argv: readonly string[], options: SimOptions): SimRun {
  const console = new MarkingConsole();
  const start: Mark = { line: '', wall: performance.now(), cpu: cpuNow(), counters: zero };
  const machine = new Machine(
    { caches: options.caches ? DEFAULT_CACHES : null, tlb: { entries: 64, ways: 4 }, asid: true, memoryMiB: 128, cores: 1 },
    console,
  );
  console.machine = machine;
  machine.load(elf, { path: argv[0], argv });
  let state = machine.runSlice();
  while (state.kind === 'running') state = machine.runSlice();
  const end: Mark = { line: '', wall: performance.now(), cpu: cpuNow(), counters: counters(machine.stats()) };
  if (state.kind !== 'halted') throw new Error(`${argv.join(' ')}: the machine stopped unexpectedly (${state.kind})`);

  const begin = console.marks.find((m) => m.line === 'begin');
  const done = console.marks.find((m) => m.line.startsWith('checksum '));
  return {
    stdout: console.text(1),
    exit: state.exit,
    whole: span(start, end),
    measured: begin && done ? span(begin, done) : null,
    checksum: done ? done.line.slice('checksum '.length) : null,
  };
}
