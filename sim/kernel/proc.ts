// Processes and threads: the PCB and TCB, with what the scheduler, the syscalls and the snapshot
// read. Lifecycle as in xv6's proc.c: created by clone (or loaded by the host), runnable,
// running, sleeping on a wait channel, zombie until the parent reaps it with waitid.

import type { AddressSpace } from './vm';
import type { DirectoryInode } from '../fs/inode';
import type { SignalCause } from './signal';
import { SchedEntity } from './sched';
import { defaultRlimits, RLIMIT, type Rlimits } from './rlimit';
import { fdFor, type FdEntry } from './file';
import type { Pipe } from './pipe';
import type { PendingInfo, SigAction } from './sigframe';
import type { RealTimer } from './sys-itimer';

export type ThreadState = 'runnable' | 'running' | 'sleeping' | 'stopped' | 'zombie';

/** How a process ended: `exit_group(code)` or killed by a signal. */
export type ExitStatus =
  | { readonly kind: 'exited'; readonly code: number }
  | { readonly kind: 'signaled'; readonly signal: number; readonly coreDumped: boolean; readonly reason?: string };

/** What a sleeping thread waits for. */
export type WaitChannel =
  | { readonly kind: 'console-input' }
  /** FUTEX_WAIT: `key` names the futex word (per address space, or physical when shared). */
  | { readonly kind: 'futex'; readonly key: string; readonly bitset: number; readonly va: number }
  /** nanosleep and friends: only the deadline wakes it. */
  | { readonly kind: 'sleep'; readonly remaining?: number }
  /** waitid: any change in a child's state wakes it to look again. */
  | { readonly kind: 'child' }
  /** rt_sigsuspend, ppoll with nothing to poll: only a signal wakes it. */
  | { readonly kind: 'signal' }
  /** The parent of a CLONE_VFORK child, until that child exits. */
  | { readonly kind: 'vfork'; readonly child: number }
  /** A pipe's reader waiting for bytes or a writer for room: any change to the pipe wakes it. */
  | { readonly kind: 'pipe'; readonly pipe: Pipe }
  /** A file read, write or fsync waiting for the storage device (uninterruptible, Linux's D state). */
  | { readonly kind: 'disk' }
  /** A reader of /sys/kernel/tracing/trace_pipe waiting for lines. */
  | { readonly kind: 'trace' };

/** The syscall a thread is in while it sleeps, for the event sent when it completes. */
export interface PendingSyscall {
  readonly nr: number;
  readonly name: string;
  readonly args: readonly number[];
  readonly startCycles: number;
}

export class Thread {
  state: ThreadState = 'runnable';
  /** Saved x0..x31 while not running (slot 32 is the scratch register). */
  readonly regs = new Int32Array(33);
  pc = 0;
  /** Hart running it, or -1. */
  hart = -1;
  /** Simulated time it became runnable: no hart may start it earlier. */
  readyAt = 0;
  waitingFor: WaitChannel | null = null;
  /** When a sleeping thread's timeout expires (cycles); Infinity for none. */
  wakeAt = Infinity;
  /** The result a timeout gives the sleeping syscall; null restarts it instead. */
  timeoutResult: number | null = null;
  pendingSyscall: PendingSyscall | null = null;
  /** CLONE_CHILD_CLEARTID / set_tid_address: cleared and futex-woken at exit. */
  clearChildTid = 0;
  robustList = 0;
  /** Blocked signals (rt_sigprocmask), bit n-1 for signal n. */
  sigmask = 0n;
  /** Signals sent to this thread alone (tkill, tgkill), beside its process's pending set. */
  pendingSignals = 0n;
  /** rt_sigsuspend's caller's own mask, which the handler's frame restores; null otherwise. */
  savedSigmask: bigint | null = null;
  readonly sched = new SchedEntity();
  /**
   * A fatal signal held for the debugger (see Kernel.fatalSignal): delivered when the thread next
   * runs. `announced` once the machine has reported the stop.
   */
  heldSignal: { readonly signal: number; readonly reason: string; readonly cause: SignalCause; announced: boolean } | null = null;
  /** How far a blocking syscall that sleeps part-way got (bytes a long pipe write moved), kept across its restarts. */
  syscallProgress = 0;
  /** The thread stopped at this syscall's entry already; the ecall runs when it resumes. */
  entryStopped = false;
  /**
   * Instructions it has completed (an ecall once its syscall returns): the position a debugger's
   * step and a replay aim at, the same however often the run was stopped.
   */
  retired = 0;
  /** Simulated cycles spent in user mode and in the kernel on its behalf. */
  userCycles = 0;
  systemCycles = 0;
  voluntarySwitches = 0;
  involuntarySwitches = 0;

  constructor(
    readonly tid: number,
    readonly process: Process,
    readonly createdCycles: number,
  ) {}
}

export type { FdEntry } from './file';

export interface ProcessFaults {
  minor: number;
  major: number;
  cow: number;
}

export class Process {
  readonly threads: Thread[] = [];
  exitStatus: ExitStatus | null = null;
  /** Signal sent to the parent at exit (SIGCHLD for fork; clone's low byte). */
  exitSignal = 0;
  /** The signal that stopped it (job control, state T); 0 while it is not stopped. */
  stopSignal = 0;
  /** A stop or continue its parent's waitid has yet to report (WSTOPPED, WCONTINUED). */
  jobReport: 'stopped' | 'continued' | null = null;
  pgid: number;
  sid: number;
  uid = 1000;
  gid = 1000;
  /** The working directory; the kernel sets it for programs the host starts. */
  cwd!: DirectoryInode;
  umask = 0o022;
  /** Program break: start and current end (unaligned, as Linux keeps it). */
  brkStart = 0;
  brk = 0;
  /** argv[0]'s basename, as /proc/PID/comm shows it (15 characters). */
  comm: string;
  readonly fds = new Map<number, FdEntry>();
  rlimits: Rlimits;
  /** Signals pending for the process, bit n-1 for signal n, and how each was sent. */
  pendingSignals = 0n;
  readonly pendingInfo = new Map<number, PendingInfo>();
  /** rt_sigaction's settings by signal; absent means SIG_DFL. Shared by its threads, copied by fork. */
  sigactions = new Map<number, SigAction>();
  /** setitimer(ITIMER_REAL) (alarm); null when disarmed. Set through Kernel.setRealTimer. */
  realTimer: RealTimer | null = null;
  readonly faults: ProcessFaults = { minor: 0, major: 0, cow: 0 };
  /** Reaped children's times (getrusage(RUSAGE_CHILDREN), waitid's rusage). */
  childUserCycles = 0;
  childSystemCycles = 0;
  /** Simulated time it started and ended (cycles). */
  readonly startCycles: number;
  endCycles = 0;

  constructor(
    readonly pid: number,
    public ppid: number,
    public aspace: AddressSpace,
    /** The program it runs (execve changes it). */
    public path: string,
    public argv: readonly string[],
    startCycles: number,
    parent: Process | null,
  ) {
    this.comm = (path.split('/').pop() ?? path).slice(0, 15);
    this.startCycles = startCycles;
    this.pgid = parent?.pgid ?? pid;
    this.sid = parent?.sid ?? pid;
    this.rlimits = parent ? parent.rlimits.clone() : defaultRlimits();
    if (parent) {
      this.cwd = parent.cwd;
      this.umask = parent.umask;
      this.uid = parent.uid;
      this.gid = parent.gid;
      this.sigactions = new Map(parent.sigactions);
      for (const [fd, entry] of parent.fds) this.fds.set(fd, fdFor(entry.file, entry.cloexec));
    }
  }

  get alive(): boolean {
    return this.exitStatus === null;
  }

  /** Descriptor numbers must be below RLIMIT_NOFILE's soft value. */
  get fdLimit(): number {
    return this.rlimits.soft(RLIMIT.NOFILE);
  }

  get liveThreads(): Thread[] {
    return this.threads.filter((t) => t.state !== 'zombie');
  }

  /** Time in user mode and in the kernel, summed over every thread it has had. */
  get userCycles(): number {
    return this.threads.reduce((n, t) => n + t.userCycles, 0);
  }

  get systemCycles(): number {
    return this.threads.reduce((n, t) => n + t.systemCycles, 0);
  }
}
