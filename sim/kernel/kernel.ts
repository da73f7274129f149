// The kernel's state and the operations every subsystem shares: the process table with its init,
// creating and ending processes and threads (zombies, reaping, orphans), putting threads on
// harts and taking them off (context switches and their cost; the TLB side is mmu.ts), and
// sleeping and waking with timeouts and interval timers on the simulated clock.

import { closeFd, openConsole } from './file';
import { Inodes } from './inodes';
import { SwitchHistory, type SwitchRecord } from './switch-history';
import { hangUpOrphanedGroups } from './job-control';
import { Tty } from './tty';
import { ignores, queueSignal, sendSignal } from './sigframe';
import { fireRealTimers, type RealTimer } from './sys-itimer';
import { HOST_SETTINGS } from '../checkpoint';
import type { CostModel } from '../cpu/cost';
import type { DecodedCache } from '../cpu/decoded-cache';
import type { Hart } from '../cpu/hart';
import type { HostConsole } from '../console';
import type { SchedPolicy } from '../config';
import type { EventLog } from '../events';
import type { PhysicalMemory } from '../mem/phys';
import type { SeededRandom } from '../random';
import { Mmu } from './mmu';
import { Timers } from './timers';
import { LoadAverage, LOAD_FREQ_NS, activeTasks } from './loadavg';
import { CpuTimes } from './cputime';
import { putOn, recordSwitch, switchTo, takeOff } from './context-switch';
import { PageCache } from '../fs/pagecache';
import { Vfs } from '../fs/vfs';
import { mappedFilePage } from '../fs/file-data';
import { flushExpired } from '../fs/writeback';
import { BOOT_EPOCH_SECONDS } from './sys-time';
import { Process, Thread, type ExitStatus, type WaitChannel } from './proc';
import { RLIMIT, defaultRlimits } from './rlimit';
import { Scheduler } from './sched';
import { FUTEX_BITSET_MATCH_ANY, futexKey, futexWake } from './futex';
import { SIGALRM, SIGCHLD, dumpsCore, type SignalCause } from './signal';
import { AddressSpace } from './vm';

export interface KernelConfig {
  /** Tag TLB entries with ASIDs; otherwise flush the TLB on every address-space switch. */
  readonly asid: boolean;
  readonly sliceCycles: number;
  readonly sched: SchedPolicy;
  /** Whether fds 0–2 are a terminal. */
  readonly tty: readonly boolean[];
}

export interface KernelCounters {
  syscalls: number;
  pageFaults: number;
  contextSwitches: number;
}

/** A sleeping syscall: what wakes it, and what it returns when only its timeout does. */
export interface Sleep {
  readonly channel: WaitChannel;
  /** Cycles at which the timeout expires (absolute); omitted for none. */
  readonly deadline?: number;
  /** The result on timeout; omitted to restart the syscall instead. */
  readonly timeoutResult?: number;
}

export class Kernel {
  /** The debugger's settings, not the machine's state (see checkpoint.ts). */
  static readonly [HOST_SETTINGS] = ['holdFatalSignals'];
  readonly processes = new Map<number, Process>();
  readonly scheduler: Scheduler<Thread>;
  readonly counters: KernelCounters = { syscalls: 0, pageFaults: 0, contextSwitches: 0 };
  readonly syscallCounts = new Map<string, number>();
  readonly switchCounts = { voluntary: 0, involuntary: 0 };
  readonly faultCounts = { minor: 0, major: 0, cow: 0 };
  /** Thread on each hart, or null while the hart idles. */
  readonly current: (Thread | null)[];
  readonly pageCache: PageCache;
  readonly init: Process;
  /** The recent context switches (the Scheduler panel's timeline). */
  readonly switchHistory = new SwitchHistory();
  /** Every process that has ended, in order (for per-process statistics). */
  readonly ended: Process[] = [];
  /** What the kernel told the user once (unimplemented syscalls): also in the run's stats. */
  readonly notices: string[] = [];
  /** Told of every page that becomes resident (the machine places pending breakpoints). */
  onPageMapped: ((aspace: AddressSpace, pageVa: number, ppn: number) => void) | null = null;
  /** Hold fatal signals for the debugger (see fatalSignal). */
  holdFatalSignals = false;
  /** Linux's max_threads / 2: RLIMIT_NPROC's default. */
  readonly nprocDefault: number;
  /** Linux's max_threads: tasks the whole machine may hold. */
  readonly maxThreads: number;
  /** Tasks counted against RLIMIT_NPROC: live threads plus unreaped zombies. */
  tasks = 0;
  /** Processes not yet ended, init excluded (kept as a count: the run loop asks at every trap). */
  liveCount = 0;
  readonly mmu: Mmu;
  readonly inodes = new Inodes();
  /** The terminal fds 0–2 are when the config says so (/dev/pts/0). */
  readonly tty = new Tty();
  readonly vfs: Vfs;
  /** /proc/loadavg's averages, and each hart's user, system and idle time (/proc/stat). */
  readonly loadavg: LoadAverage;
  readonly cpuTimes: CpuTimes;
  /** File I/O as `--stats` reports it. */
  readonly io = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, fsyncs: 0, cacheHits: 0, cacheMisses: 0 };
  private readonly reportedSyscalls = new Set<number>();
  private nextPid = 1;
  private readonly timers = new Timers();

  constructor(
    readonly mem: PhysicalMemory,
    readonly decoded: DecodedCache,
    readonly harts: readonly Hart[],
    readonly cost: CostModel,
    readonly config: KernelConfig,
    readonly console: HostConsole,
    readonly random: SeededRandom,
    readonly events: EventLog,
  ) {
    this.current = harts.map(() => null);
    this.mmu = new Mmu(harts, config.asid, (hart) => this.current[hart.id]?.process.aspace ?? null);
    this.scheduler = new Scheduler<Thread>(config.sched, config.sliceCycles, harts.length, (h) => this.current[h] === null);
    this.pageCache = new PageCache(mem);
    this.vfs = new Vfs(this.realtimeNs());
    this.loadavg = new LoadAverage(this.nsToCycles(LOAD_FREQ_NS));
    this.cpuTimes = new CpuTimes(harts.length);
    // Linux: max_threads = RAM pages / (8 × THREAD_SIZE / PAGE_SIZE), with 8 KiB kernel stacks.
    this.maxThreads = Math.max(20, Math.floor(mem.frameCount / 16));
    this.nprocDefault = Math.floor(this.maxThreads / 2);
    this.init = this.createProcess(null, this.newAddressSpace(), '/sbin/init', ['/sbin/init']);
  }

  // ---- processes ----

  newAddressSpace(): AddressSpace {
    return new AddressSpace(this.mem, {
      shootdown: (aspace, vpn) => this.mmu.shootdown(aspace, vpn),
      flush: (aspace) => this.mmu.flush(aspace),
      wroteFrame: (h, length) => this.decoded.invalidate(h, length),
      pageMapped: (aspace, pageVa, ppn) => this.onPageMapped?.(aspace, pageVa, ppn),
      pageCache: this.pageCache,
      vfsPage: (file, index, write) => mappedFilePage(this, file, index, write),
    });
  }

  /** A new process; `parent` null for init and for programs the host loads (they become init's children). */
  createProcess(parent: Process | null, aspace: AddressSpace, path: string, argv: readonly string[], inheritFrom: Process | null = parent): Process {
    const pid = this.nextPid++;
    const ppid = parent?.pid ?? (pid === 1 ? 0 : 1);
    const process = new Process(pid, ppid, aspace, path, argv, this.now(), inheritFrom);
    if (!inheritFrom) {
      process.rlimits = defaultRlimits(this.nprocDefault);
      openConsole(process, this.config.tty);
      process.cwd = this.vfs.root;
    }
    this.processes.set(pid, process);
    if (pid !== 1) {
      this.liveCount++;
      this.events.push({ kind: 'process', cycles: this.now(), pid, ppid, comm: process.comm });
    }
    return process;
  }

  /**
   * A new runnable thread; the first one of a process takes the pid as its tid. A clone inherits
   * its creator's scheduling settings before it is queued (affinity decides the queue).
   */
  createThread(process: Process, startCycles = this.now(), creator?: Thread): Thread {
    const tid = process.threads.length === 0 ? process.pid : this.nextPid++;
    const thread = new Thread(tid, process, startCycles);
    if (creator) {
      thread.sched.inherit(creator.sched);
      thread.sigmask = creator.sigmask;
    }
    thread.readyAt = startCycles;
    process.threads.push(thread);
    this.tasks++;
    if (tid !== process.pid) this.events.push({ kind: 'thread', cycles: startCycles, pid: process.pid, tid, change: 'created' });
    this.scheduler.enqueue(thread, true);
    return thread;
  }

  /** The thread with this tid (tids are unique machine-wide); zombies only when asked for. */
  thread(tid: number, includeZombies = false): Thread | undefined {
    for (const process of this.processes.values()) {
      const thread = process.threads.find((t) => t.tid === tid && (includeZombies || t.state !== 'zombie'));
      if (thread) return thread;
    }
    return undefined;
  }

  /** Processes not yet ended (running, runnable or sleeping), init excluded. */
  get liveProcesses(): Process[] {
    return [...this.processes.values()].filter((p) => p.alive && p !== this.init);
  }

  /** Children of `parent`, zombies included. */
  childrenOf(parent: Process): Process[] {
    return [...this.processes.values()].filter((p) => p.ppid === parent.pid && p !== parent);
  }

  exitThread(thread: Thread, code: number): void {
    const process = thread.process;
    if (process.liveThreads.length === 1) {
      this.exitProcess(process, { kind: 'exited', code });
      return;
    }
    this.retireThread(thread);
    this.clearChildTid(thread);
    this.tasks--;
    this.events.push({ kind: 'thread', cycles: this.now(), pid: process.pid, tid: thread.tid, change: 'exited' });
  }

  exitProcess(process: Process, status: ExitStatus): void {
    if (!process.alive) return;
    for (const thread of process.threads) if (thread.state !== 'zombie') this.retireThread(thread);
    this.tasks -= process.threads.length - 1; // the zombie counts as one task until reaped
    this.finishProcess(process, status);
  }

  /** execve's de_thread: every other thread of the caller's process ends, silently. */
  endOtherThreads(survivor: Thread): void {
    for (const thread of survivor.process.liveThreads) {
      if (thread === survivor) continue;
      this.retireThread(thread);
      this.tasks--;
      this.events.push({ kind: 'thread', cycles: this.now(), pid: thread.process.pid, tid: thread.tid, change: 'exited' });
    }
  }

  /** A process has a new program (`call`: what execve was asked): a vfork parent waiting for it goes on. */
  execed(process: Process, call: { path: string; argv: readonly string[]; envc: number; envp: number }): void {
    this.events.push({ kind: 'exec', cycles: this.now(), pid: process.pid, ...call, program: process.path });
    this.releaseVforkParent(process);
  }

  /** A signal's default action: the whole process dies (SIGSEGV, SIGILL, SIGKILL, ...). */
  killProcess(process: Process, signal: number, reason: string, cause: SignalCause = {}): void {
    if (!process.alive) return;
    const tid = cause.thread?.tid ?? process.liveThreads[0]?.tid ?? process.pid;
    const { addr, senderPid } = cause;
    this.events.push({
      kind: 'signal', cycles: this.now(), pid: process.pid, tid, signal, code: cause.code ?? 'SI_KERNEL',
      ...(addr !== undefined ? { addr } : {}), ...(senderPid !== undefined ? { senderPid } : {}),
    });
    // A core is "dumped" (WCOREDUMP, CLD_DUMPED) only when RLIMIT_CORE allows one: by default it is 0.
    const coreDumped = dumpsCore(signal) && process.rlimits.soft(RLIMIT.CORE) > 0;
    this.exitProcess(process, { kind: 'signaled', signal, coreDumped, reason });
  }

  /**
   * A signal whose default action kills `thread`'s process, raised by the thread itself (a
   * fault, or abort's tgkill). While a debugger holds fatal signals, it waits on the thread
   * (which stops there, the faulting instruction not retired) and is delivered when the thread
   * resumes — as gdb shows a SIGSEGV before the process dies of it.
   */
  fatalSignal(thread: Thread, signal: number, reason: string, cause: SignalCause = {}): void {
    if (this.holdFatalSignals && !thread.heldSignal) {
      thread.heldSignal = { signal, reason, cause: { ...cause, thread }, announced: false };
      return;
    }
    thread.heldSignal = null;
    this.killProcess(thread.process, signal, reason, { ...cause, thread });
  }

  /** waitid found a zombie child and consumed it: it leaves the process table. */
  reap(child: Process, parent: Process): void {
    parent.childUserCycles += child.userCycles + child.childUserCycles;
    parent.childSystemCycles += child.systemCycles + child.childSystemCycles;
    this.processes.delete(child.pid);
    this.tasks--;
  }

  private retireThread(thread: Thread): void {
    if (thread.hart >= 0) takeOff(this, this.harts[thread.hart], 'exited');
    this.scheduler.remove(thread);
    this.timers.wake(thread);
    thread.waitingFor = null;
    thread.state = 'zombie';
  }

  // CLONE_CHILD_CLEARTID: a joining thread sleeps on the tid word; clear it and wake one waiter.
  private clearChildTid(thread: Thread): void {
    const va = thread.clearChildTid;
    if (va === 0) return;
    if (thread.process.aspace.writeU32(va, 0)) futexWake(this, futexKey(thread.process, va, true), 1, FUTEX_BITSET_MATCH_ANY);
  }

  private finishProcess(process: Process, status: ExitStatus): void {
    process.exitStatus = status;
    process.endCycles = this.now();
    this.ended.push(process);
    this.liveCount--;
    this.events.push({ kind: 'exit', cycles: this.now(), pid: process.pid, status });
    for (const fd of [...process.fds.keys()]) closeFd(this, process, fd);
    this.setRealTimer(process, null);
    if (--process.aspace.users === 0) process.aspace.destroy();
    const children = this.childrenOf(process);
    for (const child of children) {
      child.ppid = 1;
      if (!child.alive) this.reap(child, this.init);
    }
    hangUpOrphanedGroups(this, [process, ...children]);
    const parent = this.processes.get(process.ppid);
    if (!parent || parent === this.init) {
      this.reap(process, this.init);
    } else {
      const code = status.kind === 'exited' ? 'CLD_EXITED' : status.coreDumped ? 'CLD_DUMPED' : 'CLD_KILLED';
      const info = { code, senderPid: process.pid, senderUid: process.uid, status: status.kind === 'exited' ? status.code : status.signal } as const;
      // A handled SIGCHLD is reported when it is delivered; an ignored one when it happens.
      if (!ignores(parent, SIGCHLD)) queueSignal(this, parent, SIGCHLD, info);
      else this.events.push({ kind: 'signal', cycles: this.now(), pid: parent.pid, tid: parent.pid, signal: SIGCHLD, code, senderPid: process.pid, status: info.status });
      this.wakeWhere((t) => t.process === parent && t.waitingFor?.kind === 'child');
    }
    this.releaseVforkParent(process);
  }

  /** The parent of a CLONE_VFORK child goes on once the child execs or exits; its clone returns the child's pid. */
  private releaseVforkParent(child: Process): void {
    for (const t of this.timers.sleeping) if (t.waitingFor?.kind === 'vfork' && t.waitingFor.child === child.pid) this.wakeThread(t, child.pid);
  }

  // ---- sleeping and waking ----

  block(hart: Hart, thread: Thread, sleep: Sleep): void {
    thread.voluntarySwitches++;
    this.switchCounts.voluntary++;
    this.scheduler.endBurst(thread);
    takeOff(this, hart, 'blocked');
    thread.state = 'sleeping';
    thread.waitingFor = sleep.channel;
    thread.wakeAt = sleep.deadline ?? Infinity;
    thread.timeoutResult = sleep.timeoutResult ?? null;
    this.timers.sleep(thread);
  }

  /**
   * Wakes a sleeping thread at `cycles`. With a result its syscall completes with it; without,
   * the syscall restarts from its ecall and looks again.
   */
  wakeThread(thread: Thread, result: number | null, cycles = this.now()): void {
    if (!this.timers.wake(thread)) return;
    thread.waitingFor = null;
    thread.wakeAt = Infinity;
    if (result !== null) this.completeSyscall(thread, result, cycles);
    thread.readyAt = Math.max(thread.readyAt, cycles);
    if (thread.process.stopSignal !== 0) thread.state = 'stopped'; // it runs when SIGCONT comes
    else this.scheduler.enqueue(thread, false);
  }

  /** Wakes every sleeper `match` selects, restarting their syscalls. */
  wakeWhere(match: (thread: Thread) => boolean): void {
    for (const thread of this.timers.sleeping) if (match(thread)) this.wakeThread(thread, null);
  }

  /** Wakes every thread sleeping on a channel of this kind. */
  wake(kind: WaitChannel['kind']): void {
    this.wakeWhere((t) => t.waitingFor?.kind === kind);
  }

  /** Wakes the sleepers whose timeout has passed by `cycles`, and fires the interval timers due. */
  expireTimers(cycles: number): void {
    this.loadavg.tick(cycles, () => activeTasks(this));
    flushExpired(this, cycles); // the writeback flusher's ticks (it keeps no sleeper of its own)
    if (cycles < this.nextTimer() || this.nextTimer() === Infinity) return;
    for (const thread of this.timers.sleeping) {
      if (thread.wakeAt > cycles) continue;
      this.wakeThread(thread, thread.timeoutResult, thread.wakeAt);
    }
    const due = this.timers.dueTimers(cycles);
    fireRealTimers(this, due, cycles, (p) => sendSignal(this, p, SIGALRM, { code: 'SI_KERNEL', senderPid: 0, senderUid: 0 }, 'its timer (alarm, setitimer) expired'));
  }

  /** Arms (or with null disarms) a process's ITIMER_REAL. */
  setRealTimer(process: Process, timer: RealTimer | null): void {
    process.realTimer = timer;
    this.timers.arm(process, timer !== null && process.alive);
  }

  /** The earliest timeout of any sleeper or interval timer (Infinity for none). */
  nextTimer(): number {
    return this.timers.next();
  }

  get sleeping(): readonly Thread[] {
    return this.timers.sleeping;
  }

  /** Sends the completion of a syscall that slept, and returns its result to the thread. */
  private completeSyscall(thread: Thread, result: number, cycles: number): void {
    thread.regs[10] = result;
    thread.pc = (thread.pc + 4) | 0;
    thread.retired++;
    thread.syscallProgress = 0;
    const call = thread.pendingSyscall;
    thread.pendingSyscall = null;
    if (!call) return;
    const { nr, name, args, startCycles } = call;
    this.events.push({ kind: 'syscall', cycles, startCycles, hart: -1, pid: thread.process.pid, tid: thread.tid, nr, name, args, result });
  }

  // ---- harts ----

  /** Puts a runnable thread on every idle hart; returns whether any hart got one. */
  dispatchIdleHarts(): boolean {
    let dispatched = false;
    for (const hart of this.harts) {
      if (this.current[hart.id] !== null) continue;
      const next = this.scheduler.pickNext(hart.id);
      if (!next) continue;
      putOn(this, hart, next, 'dispatched');
      dispatched = true;
    }
    return dispatched;
  }

  /** The timer fired on `hart`: the policy decides whether the running thread yields the hart. */
  preempt(hart: Hart): void {
    const thread = this.current[hart.id];
    hart.timerDeadline = hart.cycles + this.config.sliceCycles;
    if (!thread || !this.scheduler.shouldPreempt(hart.id, thread)) return;
    thread.involuntarySwitches++;
    this.switchCounts.involuntary++;
    switchTo(this, hart, 'preempted');
  }

  /** sched_yield: the thread goes behind the others waiting for this hart. */
  yield(hart: Hart, thread: Thread): void {
    if (this.scheduler.waiting === 0) return;
    thread.voluntarySwitches++;
    this.switchCounts.voluntary++;
    switchTo(this, hart, 'yielded');
  }

  /**
   * The thread's affinity changed: if its hart or queue is no longer allowed, it moves (a running
   * thread is taken off its hart at once, as Linux's migration does).
   */
  migrate(thread: Thread): void {
    if (thread.state === 'runnable' && ((thread.sched.affinity >> thread.sched.hart) & 1) === 0) {
      this.scheduler.remove(thread);
      this.scheduler.enqueue(thread, false);
      return;
    }
    if (thread.hart < 0 || (thread.sched.affinity >> thread.hart) & 1) return;
    const hart = this.harts[thread.hart];
    thread.involuntarySwitches++;
    this.switchCounts.involuntary++;
    takeOff(this, hart, 'preempted', false);
    this.scheduler.enqueue(thread, false);
    const next = this.scheduler.pickNext(hart.id);
    if (next) putOn(this, hart, next, 'preempted', thread.tid);
    else recordSwitch(this, hart.cycles, hart.id, thread.tid, null, 'preempted');
  }

  /** The most recent context switches (up to 2,048), oldest first. */
  get switches(): SwitchRecord[] {
    return this.switchHistory.all();
  }

  // ---- reporting ----

  countSyscall(name: string): void {
    this.counters.syscalls++;
    this.syscallCounts.set(name, (this.syscallCounts.get(name) ?? 0) + 1);
  }

  reportUnimplemented(nr: number, name: string): void {
    if (this.reportedSyscalls.has(nr)) return;
    this.reportedSyscalls.add(nr);
    const message = `syscall ${nr} (${name}) is not implemented yet; it returned -ENOSYS`;
    this.notices.push(message);
    this.events.push({ kind: 'notice', cycles: this.now(), message });
  }

  cyclesToNs(cycles: number): number {
    return cycles / this.cost.cyclesPerNs;
  }

  nsToCycles(ns: number): number {
    return Math.round(ns * this.cost.cyclesPerNs);
  }

  /** CLOCK_REALTIME in nanoseconds: file times. */
  realtimeNs(): number {
    return BOOT_EPOCH_SECONDS * 1e9 + Math.floor(this.cyclesToNs(this.now()));
  }

  /** Simulated time: the furthest any hart has got, in cycles. */
  now(): number {
    let t = 0;
    for (const hart of this.harts) t = Math.max(t, hart.cycles);
    return t;
  }
}
