// The scheduler: which runnable thread each hart runs next, and when the timer takes the hart
// away. One run queue per hart, with four policies the course compares:
// - rr: round robin, a fixed time slice, preempted at its end when someone else waits;
// - fcfs: first come first served, never preempted (a thread runs until it blocks or exits);
// - sjf: shortest job first, non-preemptive, by the expected CPU burst (a declared runtime, see
//   `SchedEntity.runtimeHint`, else the textbook exponential average of past bursts);
// - cfs: a fair scheduler in the manner of Linux's CFS, by virtual runtime weighted by nice.
// An idle hart takes work from the busiest queue it may run (simple balancing); a thread stays
// on the hart it last ran on while that hart exists in its affinity mask.

import type { SchedPolicy } from '../config';

/** Linux's sched_prio_to_weight: nice -20 … 19 to a load weight (nice 0 = 1024). */
const NICE_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

/** SCHED_IDLE threads run with Linux's WEIGHT_IDLEPRIO, below even nice 19. */
const SCHED_IDLE_POLICY = 5;
const IDLE_WEIGHT = 3;

/** Weight of the newest burst in SJF's prediction τ(n+1) = α·t(n) + (1 − α)·τ(n). */
const SJF_ALPHA = 0.5;

/** A thread's scheduling state; inherited by clone (nice, affinity, hint, vruntime). */
export class SchedEntity {
  nice = 0;
  /** The POSIX policy it asked for (SCHED_OTHER 0, BATCH 3, IDLE 5) and its real-time priority. */
  posixPolicy = 0;
  rtPriority = 0;
  /** SCHED_RESET_ON_FORK: children start as SCHED_OTHER with a nice value of at least 0. */
  resetOnFork = false;
  /** CPUs it may run on, bit n for hart n. */
  affinity = 0xff;
  /** CFS virtual runtime, in weighted cycles. */
  vruntime = 0;
  /** Queue it belongs to, or last ran on; -1 before its first run. */
  hart = -1;
  /** Order it became runnable in (FIFO ties). */
  arrival = 0;
  /** SJF: predicted next CPU burst (cycles), and the burst being measured. */
  predictedBurst = 0;
  burst = 0;
  /** SJF: CPU time the job declared it needs (sched_setattr's sched_runtime), in cycles; 0 = none. */
  runtimeHint = 0;

  inherit(from: SchedEntity): void {
    const reset = from.resetOnFork;
    this.nice = reset ? Math.max(0, from.nice) : from.nice;
    this.posixPolicy = reset ? 0 : from.posixPolicy;
    this.rtPriority = reset ? 0 : from.rtPriority;
    this.affinity = from.affinity;
    this.vruntime = from.vruntime;
    this.predictedBurst = from.predictedBurst;
    this.runtimeHint = from.runtimeHint;
  }

  get weight(): number {
    return this.posixPolicy === SCHED_IDLE_POLICY ? IDLE_WEIGHT : NICE_TO_WEIGHT[this.nice + 20];
  }
}

/** What the scheduler needs to know of a thread. */
export interface Schedulable {
  readonly tid: number;
  readonly sched: SchedEntity;
}

export class Scheduler<T extends Schedulable = Schedulable> {
  private readonly queues: T[][];
  private readonly minVruntime: number[];
  private arrivals = 0;

  constructor(
    readonly policy: SchedPolicy,
    /** Cycles a thread may run before the timer considers preempting it. */
    readonly sliceCycles: number,
    readonly harts: number,
    /** Whether a hart runs nothing right now (woken threads prefer idle harts). */
    private readonly isIdle: (hart: number) => boolean,
  ) {
    this.queues = Array.from({ length: harts }, () => []);
    this.minVruntime = new Array<number>(harts).fill(0);
  }

  /** Threads waiting on every queue. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues) n += q.length;
    return n;
  }

  /** The queues as tids, each in the order its policy would take them. */
  runQueues(): number[][] {
    return this.queues.map((q) => [...q].sort((a, b) => this.compare(a, b)).map((t) => t.tid));
  }

  /** Puts `thread` on a run queue: its own hart's, or an idle allowed hart's, else the shortest. */
  enqueue(thread: T, fresh: boolean): void {
    if (this.queues.some((q) => q.includes(thread))) return;
    const e = thread.sched;
    const hart = this.chooseHart(e);
    e.hart = hart;
    e.arrival = this.arrivals++;
    if (this.policy === 'cfs') {
      // A new thread starts at the queue's minimum; a sleeper gets at most half a slice of credit.
      const floor = this.minVruntime[hart] - (fresh ? 0 : this.sliceCycles / 2);
      e.vruntime = Math.max(e.vruntime, floor);
    }
    this.queues[hart].push(thread);
  }

  remove(thread: T): void {
    for (const q of this.queues) {
      const at = q.indexOf(thread);
      if (at >= 0) q.splice(at, 1);
    }
  }

  /**
   * The thread `hart` runs next, taken off its queue (or stolen from the busiest other queue).
   * `yielder` (sched_yield's caller) is passed over while anyone else may run, as Linux's
   * yield skips the current task.
   */
  pickNext(hart: number, yielder?: T): T | undefined {
    const queue = this.queues[hart].length > 0 ? this.queues[hart] : this.busiestFor(hart);
    if (!queue) return undefined;
    let best: T | undefined;
    for (const t of queue) {
      if (!((t.sched.affinity >> hart) & 1) || (t === yielder && queue.length > 1)) continue;
      if (!best || this.compare(t, best) < 0) best = t;
    }
    if (!best && yielder && queue.includes(yielder)) best = yielder;
    if (!best) return undefined;
    queue.splice(queue.indexOf(best), 1);
    best.sched.hart = hart;
    if (this.policy === 'cfs') this.minVruntime[hart] = Math.max(this.minVruntime[hart], best.sched.vruntime);
    return best;
  }

  /**
   * The timer fired on `hart` while `current` runs: should another thread get the hart? Only
   * this hart's queue counts (other queues' threads wait for their own hart, or an idle one).
   */
  shouldPreempt(hart: number, current: T): boolean {
    const queue = this.queues[hart];
    if (queue.length === 0) return false;
    switch (this.policy) {
      case 'rr':
        return true;
      case 'fcfs':
      case 'sjf':
        return false;
      case 'cfs':
        return queue.some((t) => t.sched.vruntime < current.sched.vruntime);
    }
  }

  /** Charges `cycles` of CPU to a running thread. */
  account(thread: T, cycles: number): void {
    const e = thread.sched;
    e.burst += cycles;
    if (this.policy === 'cfs') e.vruntime += (cycles * 1024) / e.weight;
  }

  /** The thread gave up the CPU by blocking: its CPU burst ends (SJF learns from it). */
  endBurst(thread: T): void {
    const e = thread.sched;
    e.predictedBurst = e.predictedBurst === 0 ? e.burst : SJF_ALPHA * e.burst + (1 - SJF_ALPHA) * e.predictedBurst;
    e.burst = 0;
  }

  private compare(a: T, b: T): number {
    const x = a.sched, y = b.sched;
    switch (this.policy) {
      case 'cfs':
        return x.vruntime - y.vruntime || x.arrival - y.arrival;
      case 'sjf':
        return expectedBurst(x) - expectedBurst(y) || x.arrival - y.arrival;
      default:
        return x.arrival - y.arrival;
    }
  }

  private chooseHart(e: SchedEntity): number {
    const allowed = (h: number) => (e.affinity >> h) & 1;
    if (e.hart >= 0 && allowed(e.hart) && (this.isIdle(e.hart) || !this.anyIdle(allowed))) return e.hart;
    let best = -1;
    for (let h = 0; h < this.harts; h++) {
      if (!allowed(h)) continue;
      if (best < 0 || this.load(h) < this.load(best)) best = h;
    }
    return best < 0 ? 0 : best;
  }

  private anyIdle(allowed: (h: number) => number): boolean {
    for (let h = 0; h < this.harts; h++) if (allowed(h) && this.isIdle(h)) return true;
    return false;
  }

  private load(hart: number): number {
    return this.queues[hart].length + (this.isIdle(hart) ? 0 : 1);
  }

  /** The longest other queue holding a thread allowed on `hart`. */
  private busiestFor(hart: number): T[] | undefined {
    let best: T[] | undefined;
    for (const q of this.queues) {
      if (q === this.queues[hart] || !q.some((t) => (t.sched.affinity >> hart) & 1)) continue;
      if (!best || q.length > best.length) best = q;
    }
    return best;
  }
}

function expectedBurst(e: SchedEntity): number {
  return e.runtimeHint > 0 ? e.runtimeHint : e.predictedBurst;
}
