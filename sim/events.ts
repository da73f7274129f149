// The machine's event stream: what happened, in order, with the simulated time it happened at.
// Kept in a bounded ring (old events fall off) and pushed to subscribers; the debugger, the
// panels and tracing read it instead of reaching into the kernel.

import type { ExitStatus } from './kernel/proc';

export type SwitchReason = 'dispatched' | 'preempted' | 'blocked' | 'yielded' | 'exited';

export type MachineEvent =
  | { readonly kind: 'syscall'; readonly cycles: number; readonly hart: number; readonly pid: number; readonly tid: number; readonly nr: number; readonly name: string; readonly args: readonly number[]; readonly result: number | 'blocked' | 'no-return' }
  | { readonly kind: 'pageFault'; readonly cycles: number; readonly hart: number; readonly pid: number; readonly tid: number; readonly addr: number; readonly access: 'read' | 'write' | 'execute'; readonly outcome: 'mapped' | 'segv' }
  | { readonly kind: 'switch'; readonly cycles: number; readonly hart: number; readonly from: number | null; readonly to: number | null; readonly reason: SwitchReason }
  | { readonly kind: 'exit'; readonly cycles: number; readonly pid: number; readonly status: ExitStatus }
  | { readonly kind: 'notice'; readonly cycles: number; readonly message: string };

export type EventKind = MachineEvent['kind'];

export class EventLog {
  private readonly ring: (MachineEvent | undefined)[];
  private next = 0;
  private total = 0;
  private readonly listeners = new Set<(event: MachineEvent) => void>();

  constructor(readonly capacity = 4096) {
    this.ring = new Array(capacity);
  }

  push(event: MachineEvent): void {
    this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
    for (const listener of this.listeners) listener(event);
  }

  /** Events still held, oldest first. */
  recent(): MachineEvent[] {
    const held = Math.min(this.total, this.capacity);
    const out: MachineEvent[] = [];
    for (let i = 0; i < held; i++) out.push(this.ring[(this.next - held + i + this.capacity) % this.capacity]!);
    return out;
  }

  /** Every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: MachineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
