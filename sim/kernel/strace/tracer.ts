// Turns the machine's event stream into strace -f -T lines: one per completed system call, a
// `--- SIG... ---` line per signal, `+++ exited with N +++` or `+++ killed by SIG... +++` per
// process. A call that blocked is shown once, when it finally completes, with its whole duration.

import type { MachineEvent } from '../../events';
import type { ExitStatus } from '../proc';
import { SIGKILL, signalName } from '../signal';
import { USER_ID } from '../sys-proc';
import { describeSyscall, durationText, pidPrefix, syscallLine, type FormatOptions } from './format';
import { eventSiginfoText } from './siginfo';
import type { MemoryReader } from './user-memory';

export interface TracerOptions extends FormatOptions {
  /** Simulated nanoseconds of a cycle count (the machine's cost model). */
  readonly cyclesToNs: (cycles: number) => number;
}

export class SyscallTracer {
  /** Exit statuses seen, so a parent's SIGCHLD line can show its child's si_status. */
  private readonly exited = new Map<number, ExitStatus>();
  /** The code a thread passed to exit(), and a process to exit_group(), for the `+++ exited +++` lines. */
  private readonly threadExitCodes = new Map<number, number>();
  private readonly groupExitCodes = new Map<number, number>();
  /**
   * `+++` lines wait for the next printed line: the kernel announces a thread's or a process's end
   * before the exit or exit_group call that caused it returns its event, and strace shows the
   * call first. Rendered late, so a thread's line can use the code its exit() call carries.
   */
  private held: { pid: number; render: () => string }[] = [];

  constructor(
    private readonly read: MemoryReader,
    private readonly options: TracerOptions,
  ) {}

  /** The lines one event adds to the trace (none for events strace does not show). */
  lines(event: MachineEvent): string[] {
    const caused = event.kind === 'syscall' && (event.name === 'exit_group' || event.name === 'exit') && this.held.some((h) => h.pid === event.pid);
    const lines = this.eventLines(event);
    // Events that print nothing (switches, faults, other ends) leave the held lines waiting.
    if (lines.length === 0) return lines;
    const released = this.flush();
    return caused ? [...lines, ...released] : [...released, ...lines];
  }

  /** Lines still held back; call once the run has ended. */
  flush(): string[] {
    const held = this.held;
    this.held = [];
    return held.map((h) => h.render());
  }

  private eventLines(event: MachineEvent): string[] {
    switch (event.kind) {
      case 'syscall': {
        const result = event.result;
        if (result === 'blocked') return [];
        if (event.name === 'exit') this.threadExitCodes.set(event.tid, event.args[0] & 0xff);
        if (event.name === 'exit_group') this.groupExitCodes.set(event.pid, event.args[0] & 0xff);
        const d = describeSyscall({ pid: event.pid, nr: event.nr, args: event.args, result }, this.read, this.options);
        const duration = durationText(this.options.cyclesToNs(event.cycles - event.startCycles));
        return [syscallLine(pidPrefix(event.tid), { call: d.call, result: d.result ?? '?' }, duration)];
      }
      case 'signal':
        // SIGKILL is never delivered through a signal-delivery stop, so strace never shows it.
        if (event.signal === SIGKILL) return [];
        return [`${pidPrefix(event.tid)}--- ${signalName(event.signal)} ${eventSiginfoText(event, USER_ID, event.senderPid === undefined ? undefined : this.exited.get(event.senderPid))} ---`];
      case 'thread': {
        if (event.change !== 'exited' || event.tid === event.pid) return [];
        const { pid, tid } = event;
        this.held.push({ pid, render: () => `${pidPrefix(tid)}+++ exited with ${this.threadExitCodes.get(tid) ?? this.groupExitCodes.get(pid) ?? 0} +++` });
        return [];
      }
      case 'exit': {
        const { pid, status } = event;
        this.exited.set(pid, status);
        this.held.push({ pid, render: () => `${pidPrefix(pid)}${exitText(status)}` });
        return [];
      }
      default:
        return [];
    }
  }
}

/** `+++ exited with 0 +++` or `+++ killed by SIGSEGV (core dumped) +++`. */
export function exitText(status: ExitStatus): string {
  if (status.kind === 'exited') return `+++ exited with ${status.code} +++`;
  return `+++ killed by ${signalName(status.signal)} ${status.coreDumped ? '(core dumped) ' : ''}+++`;
}
