// The scheduler: which runnable thread a hart runs next. Round robin over one run queue with a
// timer slice for now; Kernel I brings per-hart queues and the FCFS, SJF and CFS-like policies.

import type { Thread } from './proc';

export class Scheduler {
  private readonly queue: Thread[] = [];

  constructor(
    /** Cycles a thread may run before the timer preempts it for a waiting one. */
    readonly sliceCycles: number,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  makeRunnable(thread: Thread): void {
    thread.state = 'runnable';
    if (!this.queue.includes(thread)) this.queue.push(thread);
  }

  remove(thread: Thread): void {
    const at = this.queue.indexOf(thread);
    if (at >= 0) this.queue.splice(at, 1);
  }

  pickNext(): Thread | undefined {
    return this.queue.shift();
  }
}
