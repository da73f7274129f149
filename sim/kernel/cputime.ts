// Each hart's time, split as /proc/stat and /proc/uptime report it: user and system time of
// whatever ran there, the rest idle. A thread's own user and system cycles are counted where
// they are charged; this only notes them when the thread goes on a hart and when it comes off,
// so the difference is exactly what it used on that hart.

import type { Thread } from './proc';

interface Stint {
  readonly thread: Thread;
  readonly user: number;
  readonly system: number;
}

export class CpuTimes {
  /** User and system cycles of finished stints, by hart. */
  readonly user: number[];
  readonly system: number[];
  /** The thread on each hart and its counters when it went on, or null while the hart idles. */
  private readonly stints: (Stint | null)[];

  constructor(harts: number) {
    this.user = new Array<number>(harts).fill(0);
    this.system = new Array<number>(harts).fill(0);
    this.stints = new Array<Stint | null>(harts).fill(null);
  }

  /** `thread` goes on `hart` (before the switch's own cost is charged to it). */
  start(hart: number, thread: Thread): void {
    this.stints[hart] = { thread, user: thread.userCycles, system: thread.systemCycles };
  }

  /** The thread on `hart` comes off. */
  stop(hart: number): void {
    const stint = this.stints[hart];
    if (!stint) return;
    this.user[hart] += stint.thread.userCycles - stint.user;
    this.system[hart] += stint.thread.systemCycles - stint.system;
    this.stints[hart] = null;
  }

  /** User and system cycles of `hart` so far, the stint in progress included. */
  busy(hart: number): { user: number; system: number } {
    const stint = this.stints[hart];
    return {
      user: this.user[hart] + (stint ? stint.thread.userCycles - stint.user : 0),
      system: this.system[hart] + (stint ? stint.thread.systemCycles - stint.system : 0),
    };
  }
}
