// The recent context switches, kept for the scheduler panel longer than the event ring keeps
// them (a busy run's syscalls and faults push switches out of it).

import type { MachineEvent } from '../events';

/** Switches kept. */
export const SWITCH_HISTORY = 2048;

/** One context switch: the 'switch' event itself. */
export type SwitchRecord = Extract<MachineEvent, { kind: 'switch' }>;

export class SwitchHistory {
  private readonly ring: SwitchRecord[] = [];
  private next = 0;

  add(record: SwitchRecord): void {
    this.ring[this.next] = record;
    this.next = (this.next + 1) % SWITCH_HISTORY;
  }

  /** Up to 2,048, oldest first. */
  all(): SwitchRecord[] {
    const ring = this.ring;
    return ring.length < SWITCH_HISTORY ? [...ring] : [...ring.slice(this.next), ...ring.slice(0, this.next)];
  }
}
