// Who is asleep and when the kernel must next look at the clock: the sleeping threads (with
// their timeouts) and the processes with an armed ITIMER_REAL. The earliest deadline is cached
// and recomputed only after either set changes, since the run loop asks for it at every turn.

import type { Process, Thread } from './proc';

export class Timers {
  private readonly sleepers = new Set<Thread>();
  private readonly timed = new Set<Process>();
  private earliest: number | null = null;

  sleep(thread: Thread): void {
    this.sleepers.add(thread);
    this.earliest = null;
  }

  /** Takes `thread` off the sleepers; false when it was not asleep. */
  wake(thread: Thread): boolean {
    if (!this.sleepers.delete(thread)) return false;
    this.earliest = null;
    return true;
  }

  /** The sleepers, as a copy safe to iterate while waking them. */
  get sleeping(): Thread[] {
    return [...this.sleepers];
  }

  /** Counts a process's ITIMER_REAL among the deadlines (or, when disarmed, no longer). */
  arm(process: Process, armed: boolean): void {
    if (armed) this.timed.add(process);
    else this.timed.delete(process);
    this.earliest = null;
  }

  /** The processes whose ITIMER_REAL is due by `cycles`. */
  dueTimers(cycles: number): Process[] {
    return [...this.timed].filter((p) => p.realTimer!.deadline <= cycles);
  }

  /** The earliest timeout of any sleeper or interval timer (Infinity for none). */
  next(): number {
    if (this.earliest === null) {
      let next = Infinity;
      for (const thread of this.sleepers) next = Math.min(next, thread.wakeAt);
      for (const process of this.timed) next = Math.min(next, process.realTimer!.deadline);
      this.earliest = next;
    }
    return this.earliest;
  }
}
