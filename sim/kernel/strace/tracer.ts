// Turns the machine's event stream into strace -f -T lines: one per completed system call, a
// `--- SIG... ---` line per signal, `+++ exited with N +++` or `+++ killed by SIG... +++` per
// process. A call that blocked is shown once, when it finally completes, with its whole duration.

import type { MachineEvent } from '../../events';
import type { ExitStatus } from '../proc';
import { SIGKILL, signalName } from '../signal';
import { USER_ID } from '../sys-proc';
import { describeSyscall, durationText, pidPrefix, syscallLine, type FormatOptions } from './format';
import { eventSiginfoText } from './siginfo';
import { quoteBytes } from './quote';
import type { MemoryReader } from './user-memory';

export interface TracerOptions extends FormatOptions {
  /** Simulated nanoseconds of a cycle count (the machine's cost model). */
  readonly cyclesToNs: (cycles: number) => number;
  /**
   * A live thread's stack pointer (`Machine.threadState(tid).regs[2]`). When a handler's frame
   * is pushed it is the frame's address, which rt_sigreturn's line needs; without it that
   * line shows no argument and `= ?`.
   */
  readonly stackPointer?: (tid: number) => number | null;
}

export class SyscallTracer {
  /** Exit statuses seen, so a parent's SIGCHLD line can show its child's si_status. */
  private readonly exited = new Map<number, ExitStatus>();
  /** The code a thread passed to exit(), and a process to exit_group(), for the `+++ exited +++` lines. */
  private readonly threadExitCodes = new Map<number, number>();
  private readonly groupExitCodes = new Map<number, number>();
  /** What a successful execve was asked, from its exec event (sent before the call's own). */
  private readonly execs = new Map<number, Extract<MachineEvent, { kind: 'exec' }>>();
  /**
   * `+++` lines wait for the next printed line: the kernel announces a thread's or a process's end
   * before the exit or exit_group call that caused it returns its event, and strace shows the
   * call first. Rendered late, so a thread's line can use the code its exit() call carries.
   */
  private held: { pid: number; render: () => string }[] = [];
  /** Each thread's signal frames not yet returned from, innermost last. */
  private readonly frames = new Map<number, number[]>();

  constructor(
    private readonly read: MemoryReader,
    private readonly options: TracerOptions,
  ) {}

  /** The lines one event adds to the trace (none for events strace does not show). */
  lines(event: MachineEvent): string[] {
    // exit and exit_group end their process; any other call that never returns (but
    // rt_sigreturn, which returns elsewhere) was cut short by its process's death, and strace
    // shows it, `= ?`, before that death too.
    const cutShort = event.kind === 'syscall' && event.result === 'no-return' && event.name !== 'rt_sigreturn';
    const caused = cutShort && this.held.some((h) => h.pid === event.pid);
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
        const sp = event.name === 'rt_sigreturn' ? this.frames.get(event.tid)?.pop() : undefined;
        const exec = event.name === 'execve' || event.name === 'execveat' ? this.execs.get(event.pid) : undefined;
        this.execs.delete(event.pid);
        // A successful execve's strings are gone with the old address space: the exec event kept them.
        if (exec && result === 0) return [syscallLine(pidPrefix(event.tid), { call: execCallText(exec), result: '0' }, durationText(this.options.cyclesToNs(event.cycles - event.startCycles)))];
        const d = describeSyscall({ pid: event.pid, nr: event.nr, args: event.args, result, sp }, this.read, this.options);
        const duration = durationText(this.options.cyclesToNs(event.cycles - event.startCycles));
        return [syscallLine(pidPrefix(event.tid), { call: d.call, result: d.result ?? '?' }, duration)];
      }
      case 'signal':
        // SIGKILL is never delivered through a signal-delivery stop, so strace never shows it.
        if (event.signal === SIGKILL) return [];
        this.noteFrame(event.pid, event.tid, event.signal);
        return [`${pidPrefix(event.tid)}--- ${signalName(event.signal)} ${eventSiginfoText(event, USER_ID, event.senderPid === undefined ? undefined : this.exited.get(event.senderPid))} ---`];
      case 'exec':
        this.execs.set(event.pid, event);
        return [];
      case 'thread': {
        if (event.change !== 'exited' || event.tid === event.pid) return [];
        const { pid, tid } = event;
        this.frames.delete(tid);
        this.held.push({ pid, render: () => `${pidPrefix(tid)}+++ exited with ${this.threadExitCodes.get(tid) ?? this.groupExitCodes.get(pid) ?? 0} +++` });
        return [];
      }
      case 'exit': {
        const { pid, status } = event;
        this.exited.set(pid, status);
        this.frames.delete(pid);
        this.held.push({ pid, render: () => `${pidPrefix(pid)}${exitText(status)}` });
        return [];
      }
      default:
        return [];
    }
  }

  // A handler's signal event comes as its frame is pushed, with sp already pointing at it. Other
  // signal events (a fatal signal, SIGCHLD announced as the child exits) push no frame: the
  // siginfo at the top of a frame, whose first word is the signal, tells them apart.
  private noteFrame(pid: number, tid: number, signal: number): void {
    const sp = this.options.stackPointer?.(tid);
    if (sp === null || sp === undefined) return;
    let signo: number | null;
    try {
      signo = this.read(pid, sp, 4)?.reduce((word, byte, i) => word + byte * 2 ** (8 * i), 0) ?? null;
    } catch {
      return;
    }
    if (signo !== signal) return;
    const frames = this.frames.get(tid) ?? [];
    frames.push(sp);
    this.frames.set(tid, frames);
  }
}

/** `+++ exited with 0 +++` or `+++ killed by SIGSEGV (core dumped) +++`. */
export function exitText(status: ExitStatus): string {
  if (status.kind === 'exited') return `+++ exited with ${status.code} +++`;
  return `+++ killed by ${signalName(status.signal)} ${status.coreDumped ? '(core dumped) ' : ''}+++`;
}

// execve's line as strace prints it at the call's entry: the path, argv quoted, and envp as an
// address with a count of its variables.
function execCallText(exec: Extract<MachineEvent, { kind: 'exec' }>): string {
  const quote = (text: string) => quoteBytes(new TextEncoder().encode(text), false);
  const argv = exec.argv.map(quote).join(', ');
  return `execve(${quote(exec.path)}, [${argv}], 0x${exec.envp.toString(16)} /* ${exec.envc} var${exec.envc === 1 ? '' : 's'} */)`;
}
