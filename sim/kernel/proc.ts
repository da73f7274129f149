// Processes and threads: the PCB and TCB, with what the scheduler, the syscalls and the
// snapshot read. Lifecycle order as in xv6's proc.c: create → run → exit; `wait`, `clone` and
// zombies arrive with Kernel I.

import type { AddressSpace, Vma } from './vm';

export type ThreadState = 'runnable' | 'running' | 'sleeping' | 'stopped' | 'zombie';

/** How a process ended: `exit_group(code)` or killed by a signal. */
export type ExitStatus =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: number; readonly coreDumped: boolean; readonly reason?: string };

/** What a sleeping thread waits for. */
export type WaitChannel = { readonly kind: 'console-input' };

export class Thread {
  state: ThreadState = 'runnable';
  /** Saved x0..x31 while not running (slot 32 is the scratch register). */
  readonly regs = new Int32Array(33);
  pc = 0;
  /** Hart running it, or -1. */
  hart = -1;
  waitingFor: WaitChannel | null = null;
  /** CLONE_CHILD_CLEARTID / set_tid_address: cleared and futex-woken at exit. */
  clearChildTid = 0;
  /** Simulated cycles spent in user mode and in the kernel on its behalf. */
  userCycles = 0;
  systemCycles = 0;
  voluntarySwitches = 0;
  involuntarySwitches = 0;

  constructor(
    readonly tid: number,
    readonly process: Process,
  ) {}
}

export class Process {
  readonly threads: Thread[] = [];
  exitStatus: ExitStatus | null = null;
  /** Program break: start and current end (unaligned, as Linux keeps it). */
  brkStart = 0;
  brk = 0;
  heap: Vma | null = null;
  /** argv[0]'s basename, as /proc/PID/comm shows it (15 characters). */
  comm: string;

  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly aspace: AddressSpace,
    readonly path: string,
  ) {
    this.comm = (path.split('/').pop() ?? path).slice(0, 15);
  }

  get alive(): boolean {
    return this.exitStatus === null;
  }
}
