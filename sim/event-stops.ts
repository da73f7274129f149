// Kernel events a debugger may stop the machine at, beside breakpoints and watchpoints: a
// syscall about to run or just returned, a fatal signal about to be delivered, a process created
// or ended. The debug adapter turns its exception-breakpoint filters into an `EventStops`; the
// machine checks them on its slow paths only (traps), so the fast loop never pays for them.

import { HOST_SETTINGS } from './checkpoint';
import type { Hart } from './cpu/hart';
import type { EventLog, MachineEvent, SignalCode } from './events';
import type { Kernel } from './kernel/kernel';
import type { ExitStatus, Thread } from './kernel/proc';
import { syscallByNumber } from './kernel/syscall-table';

/** A system call as the stop predicates see it: a0..a5 at entry. */
export interface SyscallCall {
  readonly pid: number;
  readonly tid: number;
  readonly nr: number;
  readonly name: string;
  readonly args: readonly number[];
}

export interface EventStops {
  /** Stop before a syscall runs when this says so (the thread's pc is at its ecall). */
  readonly syscallEntry?: (call: SyscallCall) => boolean;
  /** Stop when a syscall has returned (pc after the ecall, a0 the result). */
  readonly syscallExit?: (call: SyscallCall, result: number) => boolean;
  /**
   * Stop when a signal is about to kill a process (a fault: SIGSEGV, SIGBUS, SIGILL, SIGTRAP; or
   * a fatal signal the process sent itself, as abort does). The faulting instruction has not
   * retired; resuming delivers the signal.
   */
  readonly signal?: boolean;
  /** Stop the parent when clone has made a new process (after clone returns in the parent). */
  readonly processCreated?: boolean;
  /** Stop when a process has ended (it is a zombie, its memory still mapped). */
  readonly processExited?: boolean;
}

/** Why the machine stopped at a kernel event. */
export type EventStop =
  | { readonly kind: 'syscall-entry'; readonly call: SyscallCall }
  | { readonly kind: 'syscall-exit'; readonly call: SyscallCall; readonly result: number }
  | { readonly kind: 'signal'; readonly signal: number; readonly code: SignalCode; readonly addr?: number; readonly reason: string }
  | { readonly kind: 'process-created'; readonly childPid: number }
  | { readonly kind: 'process-exited'; readonly exitedPid: number; readonly status: ExitStatus };

/** Where the machine is stopped for an EventStop: the thread the event concerns. */
export interface EventStopState {
  readonly hart: number;
  readonly pid: number;
  readonly tid: number;
  readonly stop: EventStop;
}

/**
 * Decides the machine's event stops: asked before a syscall runs and after every trap, it
 * watches the event stream for completions, new processes and exits, and the kernel's held
 * fatal signals. At most one stop is reported at a time; the first wins.
 */
export class EventStopper {
  /** Which stops the debugger asked for is its setting, not the machine's state. */
  static readonly [HOST_SETTINGS] = ['stops'];
  private stops: EventStops = {};
  private pending: EventStopState | null = null;

  constructor(
    private readonly kernel: Kernel,
    events: EventLog,
  ) {
    events.subscribe((event) => this.observe(event));
  }

  set(stops: EventStops): void {
    this.stops = stops;
    this.kernel.holdFatalSignals = stops.signal === true;
  }

  /**
   * The thread trapped on an ecall: stop at its entry? Then the thread is marked, and when it
   * resumes the machine handles the trap it took, without executing the ecall again.
   */
  atSyscallEntry(hart: Hart, thread: Thread): EventStopState | null {
    const predicate = this.stops.syscallEntry;
    // A call that slept and restarts is the same call: it stopped at its first entry.
    if (!predicate || thread.pendingSyscall !== null) return null;
    const spec = syscallByNumber(hart.regs[17]);
    const call: SyscallCall = {
      pid: thread.process.pid,
      tid: thread.tid,
      nr: hart.regs[17],
      name: spec?.name ?? `syscall_${hart.regs[17]}`,
      args: [hart.regs[10], hart.regs[11], hart.regs[12], hart.regs[13], hart.regs[14], hart.regs[15]],
    };
    if (!predicate(call)) return null;
    thread.entryStopped = true;
    return { hart: hart.id, pid: call.pid, tid: call.tid, stop: { kind: 'syscall-entry', call } };
  }

  /** After a trap on `hart` (running `thread`): a stop that became due while it was handled. */
  take(hart: Hart, thread: Thread): EventStopState | null {
    const held = thread.heldSignal;
    if (held && !held.announced) {
      held.announced = true;
      const { code = 'SI_KERNEL', addr } = held.cause;
      this.pending = null;
      return { hart: hart.id, pid: thread.process.pid, tid: thread.tid, stop: { kind: 'signal', signal: held.signal, code, ...(addr !== undefined ? { addr } : {}), reason: held.reason } };
    }
    const pending = this.takePending();
    return pending && { ...pending, hart: pending.hart < 0 ? hart.id : pending.hart };
  }

  /** A stop that became due outside any trap (a timer completing a sleep, a time-limit kill). */
  takePending(): EventStopState | null {
    const pending = this.pending;
    this.pending = null;
    return pending;
  }

  private observe(event: MachineEvent): void {
    if (this.pending) return;
    switch (event.kind) {
      case 'syscall': {
        const predicate = this.stops.syscallExit;
        if (!predicate || typeof event.result !== 'number') return;
        const call: SyscallCall = { pid: event.pid, tid: event.tid, nr: event.nr, name: event.name, args: event.args };
        if (predicate(call, event.result)) this.pending = { hart: event.hart, pid: event.pid, tid: event.tid, stop: { kind: 'syscall-exit', call, result: event.result } };
        return;
      }
      case 'process': {
        if (!this.stops.processCreated || event.ppid === 0) return;
        const parent = this.kernel.processes.get(event.ppid);
        const creator = this.kernel.current.find((t) => t?.process === parent) ?? parent?.liveThreads[0];
        if (creator) this.pending = { hart: creator.hart, pid: event.ppid, tid: creator.tid, stop: { kind: 'process-created', childPid: event.pid } };
        return;
      }
      case 'exit': {
        if (!this.stops.processExited) return;
        const exited = this.kernel.processes.get(event.pid);
        const parent = exited && this.kernel.processes.get(exited.ppid);
        const witness = parent?.liveThreads[0] ?? this.kernel.current.find((t) => t !== null && t.process.alive) ?? null;
        this.pending = { hart: witness?.hart ?? -1, pid: event.pid, tid: witness?.tid ?? -1, stop: { kind: 'process-exited', exitedPid: event.pid, status: event.status } };
        return;
      }
      default:
        return;
    }
  }
}
