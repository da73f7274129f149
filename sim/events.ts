// The machine's event stream: what happened, in order, with the simulated time it happened at.
// Kept in a bounded ring (old events fall off) and pushed to subscribers; the debugger, the
// panels and tracing read it instead of reaching into the kernel.

import { SHARED_ELEMENTS } from './checkpoint';
import type { BlockRequest } from './fs/blockdev';
import type { ExitStatus } from './kernel/proc';

export type SwitchReason = 'dispatched' | 'preempted' | 'blocked' | 'yielded' | 'exited';

export type MachineEvent =
  /**
   * A system call completed (or blocked: it restarts from its ecall when woken, and the event is
   * sent again). `startCycles` is when the thread first entered it, so a call that slept spans
   * [startCycles, cycles]. `args` holds a0..a5 as they were at entry.
   */
  | { readonly kind: 'syscall'; readonly cycles: number; readonly startCycles: number; readonly hart: number; readonly pid: number; readonly tid: number; readonly nr: number; readonly name: string; readonly args: readonly number[]; readonly result: number | 'blocked' | 'no-return' }
  | { readonly kind: 'pageFault'; readonly cycles: number; readonly hart: number; readonly pid: number; readonly tid: number; readonly addr: number; readonly access: 'read' | 'write' | 'execute'; readonly outcome: PageFaultOutcome }
  | { readonly kind: 'switch'; readonly cycles: number; readonly hart: number; readonly from: number | null; readonly to: number | null; readonly reason: SwitchReason }
  /** A process came to be: `clone` without CLONE_THREAD (fork), or a program loaded by the host (ppid 0). */
  | { readonly kind: 'process'; readonly cycles: number; readonly pid: number; readonly ppid: number; readonly comm: string }
  /** execve replaced a process's program: the path and argv the call gave (a script's interpreter is `program`). */
  | { readonly kind: 'exec'; readonly cycles: number; readonly pid: number; readonly path: string; readonly argv: readonly string[]; readonly envc: number; readonly envp: number; readonly program: string }
  /** A thread was created in an existing process (`clone` with CLONE_THREAD) or ended. */
  | { readonly kind: 'thread'; readonly cycles: number; readonly pid: number; readonly tid: number; readonly change: 'created' | 'exited' }
  /**
   * A signal was raised on a thread: by a fault (SIGSEGV with the faulting address, SIGBUS,
   * SIGILL...), by the kernel (SIGCHLD, SIGKILL at a limit) or by another process.
   */
  | { readonly kind: 'signal'; readonly cycles: number; readonly pid: number; readonly tid: number; readonly signal: number; readonly code: SignalCode; readonly addr?: number; readonly senderPid?: number; /** SIGCHLD's si_status: the exit code, or the signal that killed, stopped or continued the child. */ readonly status?: number }
  /**
   * A process ended. Sent while its address space still exists, so a listener may read its
   * memory map (`oslab run --maps`) before the kernel tears it down.
   */
  | { readonly kind: 'exit'; readonly cycles: number; readonly pid: number; readonly status: ExitStatus }
  | { readonly kind: 'notice'; readonly cycles: number; readonly message: string }
  /**
   * A block device took a request (`cycles` is when it was queued): it starts when the device is
   * free (`startAt`) and completes at `doneAt`. The Storage panel's device step of a read.
   */
  | ({ readonly kind: 'blockRequest'; readonly cycles: number; readonly device: string } & BlockRequest)
  /** A page of a block-backed file in the page cache: looked up (hit or miss), filled from the device, written back, dropped. */
  | { readonly kind: 'pageCache'; readonly cycles: number; readonly file: string; readonly index: number; readonly outcome: PageCacheOutcome }
  /**
   * Dirty pages went to the device: by the flusher's timer, background writeback or a writer
   * over the dirty limit, fsync/fdatasync/sync, O_DIRECT's coherence, or reclaim. `doneAt` is
   * when the last write (and flush, for fsync) completes: what a waiting caller waits for.
   */
  | { readonly kind: 'writeback'; readonly cycles: number; readonly reason: WritebackReason; readonly pages: number; readonly doneAt: number; readonly waits: boolean };

export type PageCacheOutcome = 'hit' | 'miss' | 'filled' | 'hole' | 'written-back' | 'dropped';
export type WritebackReason = 'timer' | 'background' | 'throttle' | 'fsync' | 'fdatasync' | 'sync' | 'direct' | 'reclaim';

/** What a page fault came to: a zero/file page mapped, a copy-on-write split, or a SIGSEGV. */
export type PageFaultOutcome = 'mapped' | 'cow' | 'stack-growth' | 'segv' | 'sigbus';

/** si_code of a raised signal, as siginfo carries it. */
export type SignalCode = 'SEGV_MAPERR' | 'SEGV_ACCERR' | 'BUS_ADRALN' | 'BUS_ADRERR' | 'ILL_ILLOPC' | 'TRAP_BRKPT' | 'SI_KERNEL' | 'SI_USER' | 'SI_TKILL' | 'CLD_EXITED' | 'CLD_KILLED' | 'CLD_DUMPED' | 'CLD_STOPPED' | 'CLD_CONTINUED';

export type EventKind = MachineEvent['kind'];

export class EventLog {
  /** Events are never changed once pushed: a checkpoint copies the ring, not the events. */
  static readonly [SHARED_ELEMENTS] = ['ring'];
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
