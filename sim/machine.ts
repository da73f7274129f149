// The machine facade: what the CLI, the debug adapter, the panels and the labs use. It boots the
// hardware (memory, harts, caches) and the kernel, loads programs, runs them in slices that
// interleave the harts deterministically by simulated time, and reports statistics and events.
// Nothing outside `sim/` reaches past this API.

import { BufferConsole, type HostConsole } from './console';
import { machineConfig, type MachineConfig, type MachineOptions } from './config';
import { costModel, cyclesToNs, type CostModel } from './cpu/cost';
import { DecodedCache } from './cpu/decoded-cache';
import { Hart } from './cpu/hart';
import { executeBlocks } from './cpu/blocks';
import { execute } from './cpu/interpreter';
import { executeTraced } from './cpu/trace';
import { ECALL, type Trap } from './cpu/trap';
import { WatchList } from './cpu/watch';
import { EventLog } from './events';
import { CacheLevel, CachePath } from './mem/cache';
import { PhysicalMemory } from './mem/phys';
import { P_CODE } from './mem/tlb';
import { spawnProgram } from './kernel/exec';
import { Kernel } from './kernel/kernel';
import type { ExitStatus, Process, Thread } from './kernel/proc';
import { SIGKILL, signalName } from './kernel/signal';
import { handleTrap } from './kernel/trap';
import { takePendingSignal } from './kernel/sigframe';
import { SeededRandom } from './random';
import { HartTurns } from './turns';
import { readElf } from './toolchain/elf/read';
import { collectStats, type MachineStats } from './stats';
import { machineSnapshot, pageTable, processView } from './snapshot';
import type { MachineSnapshot, PageTableView, ProcessView } from './snapshot-types';
import { EventStopper, type EventStops } from './event-stops';
import type { LoadOptions, MachineCheckpoint, RunGoal, RunState, ThreadRegisters } from './machine-types';
import { CheckpointTaker } from './checkpoint';
import { DebugPoints } from './debug-points';
import { bootFiles, type MachineFiles } from './fs/boot';
import { fileAtPath } from './fs/file-data';

export type { MachineFiles } from './fs/boot';
export type { HostTree, HostStat, HostWriter } from './fs/hostfs';
export type { LoadOptions, MachineCheckpoint, RunGoal, RunState, ThreadRegisters } from './machine-types';

/** Why every process dies when `maxTimeNs` is reached (the CLI names the limit as the user gave it). */
export const TIME_LIMIT_REASON = "the run's simulated time limit was reached";
/** `step` runs the machine in rounds of this many cycles, at most this many rounds. */
const STEP_WAIT_CYCLES = 10_000, STEP_ROUNDS = 1_000;
/** A slice of `run()` between yields to the host's event loop, in cycles. */
const SLICE_CYCLES = 20_000_000;

export class Machine {
  readonly config: MachineConfig;
  readonly mem: PhysicalMemory;
  readonly cost: CostModel;
  readonly harts: readonly Hart[];
  readonly kernel: Kernel;
  readonly events = new EventLog();
  readonly watch = new WatchList();
  private readonly decoded: DecodedCache;
  private main: Process | null = null;
  private lastHart: Hart | null = null;
  private readonly timeLimit: number;
  private readonly turns: HartTurns;
  private pauseRequested = false;
  private readonly stopper: EventStopper;
  private readonly points: DebugPoints;
  private readonly checkpoints: CheckpointTaker;

  constructor(options: MachineOptions = {}, readonly console: HostConsole = new BufferConsole(), files: MachineFiles = {}) {
    this.config = machineConfig(options);
    this.cost = costModel(this.config.costs);
    this.mem = new PhysicalMemory(this.config.memoryMiB);
    this.decoded = new DecodedCache(this.mem);
    this.mem.onFrameAllocated = (hostPage) => this.decoded.dropFrame(hostPage);
    this.decoded.onNewCodeFrame = (hostPage) => this.markCodeFrame(hostPage);
    const shared = { mem: this.mem, decoded: this.decoded, cost: this.cost, watch: this.watch, timebaseHz: this.config.timebaseHz };
    const l3 = this.config.caches && new CacheLevel('L3', this.config.caches.l3);
    const latency = { l1: this.cost.l1, l2: this.cost.l2, l3: this.cost.l3, ram: this.cost.ram };
    this.harts = Array.from({ length: this.config.cores }, (_, id) => {
      const caches = this.config.caches && l3
        ? new CachePath(new CacheLevel(`L1D`, this.config.caches.l1), new CacheLevel('L2', this.config.caches.l2), l3, latency)
        : null;
      return new Hart(id, shared, this.config.tlb, caches);
    });
    const sliceCycles = Math.max(1, Math.round(this.config.sliceNs * this.cost.cyclesPerNs));
    const kernelConfig = { asid: this.config.asid, sliceCycles, sched: this.config.sched, tty: this.config.tty };
    this.kernel = new Kernel(this.mem, this.decoded, this.harts, this.cost, kernelConfig, this.console, new SeededRandom(this.config.seed), this.events);
    bootFiles(this.kernel, files, this.config.disk);
    this.turns = new HartTurns(this.config.seed);
    this.stopper = new EventStopper(this.kernel, this.events);
    this.points = new DebugPoints(this.mem, this.decoded, this.watch, this.harts);
    this.kernel.onPageMapped = (aspace, pageVa, ppn) => this.points.pageMapped(aspace, pageVa, ppn);
    this.timeLimit = this.config.maxTimeNs === null ? Infinity : Math.round(this.config.maxTimeNs * this.cost.cyclesPerNs);
    const infrastructure = new Set<object>([this.mem, this.decoded, this.cost, this.config, this.console, this.watch, ...this.harts.map((h) => h.shared)]);
    this.checkpoints = new CheckpointTaker(this.mem, infrastructure);
  }

  /** Loads a static RV32 ELF as a new process. Throws ElfError for a file that is not one. */
  load(elf: Uint8Array, options: LoadOptions): Process {
    const image = readElf(elf);
    const argv = options.argv ?? [options.path];
    const process = spawnProgram(this.kernel, null, { image, path: options.path, argv, envp: options.envp ?? [] });
    process.cwd = this.kernel.vfs.workingDirectory(options.cwd);
    this.main ??= process;
    return process;
  }

  /** A file of the machine's tree (what a program wrote, a program in /bin), looked at without changing the run; null when there is none. */
  readFile(path: string): Uint8Array | null {
    return fileAtPath(this.kernel, path);
  }

  /** Terminal input became available: the terminal takes it in (^C acts now) and wakes its readers. */
  consoleReadable(): void {
    this.kernel.tty.inputReady(this.kernel);
  }

  /** Runs until about `cycles` more simulated cycles have passed, or something stops the run. */
  runSlice(cycles = SLICE_CYCLES, goal: RunGoal | null = null): RunState {
    return this.runUntil(this.kernel.now() + cycles, goal);
  }

  /**
   * Runs until the harts reach simulated cycle `end` ('running'), `goal` is reached,
   * `shouldYield` (a host's wall-clock budget) says to stop for now ('yielded'), or something
   * stops the run. The state at a given `end` is the same however the run got there,
   * which is what lets a debugger replay deliver input at the very point it first arrived.
   */
  runUntil(end: number, goal: RunGoal | null = null, shouldYield?: () => boolean): RunState {
    this.points.liftFor(goal, this.kernel);
    if (goal !== null && this.reached(goal)) return { kind: 'reached' };
    for (;;) {
      // Between two harts' runs: cutting a slice anywhere leaves the run as it is.
      if (shouldYield?.()) return { kind: 'yielded' };
      // A stop due before the run ends (the last process exiting) is still reported.
      const due = this.stopper.takePending();
      if (due) return { kind: 'event', ...due };
      const done = this.finished();
      if (done) return done;
      if (this.pauseRequested) {
        this.pauseRequested = false;
        return { kind: 'paused' };
      }
      const frontier = this.frontier();
      if (frontier < Infinity) this.kernel.expireTimers(frontier);
      const woken = this.stopper.takePending();
      if (woken) return { kind: 'event', ...woken };
      this.dispatch();
      const hart = this.nextHart();
      if (!hart) {
        const idle = this.idle();
        if (idle) return idle;
        continue;
      }
      if (hart.cycles >= this.timeLimit) {
        this.endEverything(SIGKILL, TIME_LIMIT_REASON);
        continue;
      }
      if (hart.cycles >= end) return { kind: 'running' };
      const stop = this.runHart(hart, this.limitFor(hart, end), this.config.singleStep, goal);
      if (stop) return stop;
    }
  }

  /**
   * Runs the machine until thread `tid` has completed one more instruction (its traps handled
   * as in a run: a syscall, a page fault), the other harts taking their turns as in any run, so a
   * step does not change the run. A breakpoint under the thread is lifted for that instruction
   * (for that thread only). Returns 'running' when the step completed, or the thread slept or
   * ended; otherwise what stopped it first (another thread's breakpoint, an event, the run's end).
   */
  step(tid: number): RunState {
    const thread = this.findThread(tid);
    if (thread.state === 'zombie' || !thread.process.alive) return this.finished() ?? { kind: 'running' };
    if (thread.state === 'sleeping') return { kind: 'running' };
    const goal: RunGoal = { thread: { tid, retired: thread.retired + 1, orBlocked: true, lift: true } };
    for (let round = 0; round < STEP_ROUNDS; round++) {
      const state = this.runSlice(STEP_WAIT_CYCLES, goal);
      if (state.kind === 'reached') return { kind: 'running' };
      if (state.kind !== 'running') return state;
    }
    return { kind: 'running' };
  }

  /** Which kernel events stop the run (RunState 'event'): the debugger's exception filters. */
  setEventStops(stops: EventStops): void {
    this.stopper.set(stops);
  }

  /** Asks a running `run()` to stop at its next slice boundary with { kind: 'paused' }. */
  pause(): void {
    this.pauseRequested = true;
  }

  /** Runs to the end (or a debugger stop, or input starvation), yielding to the host between slices. */
  async run(): Promise<RunState> {
    for (;;) {
      const state = this.runSlice();
      if (state.kind !== 'running') return state;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  stats(): MachineStats {
    return collectStats(this);
  }

  simNs(): number {
    return cyclesToNs(this.cost, this.kernel.now());
  }

  /** The first program's exit status, once it has one. */
  get exitStatus(): ExitStatus | null {
    return this.main?.exitStatus ?? null;
  }

  // ---- breakpoints ----

  /**
   * Sets a breakpoint at `va` in process `pid`. Returns false when `va` is not executable there.
   * The breakpoint is on the physical instruction, so it also fires for processes sharing that
   * code; the debugger filters by process. A page not yet resident is not faulted in (that would
   * change the run): the breakpoint waits and is placed when the page is mapped.
   */
  setBreakpoint(pid: number, va: number): boolean {
    return this.points.setBreakpoint(this.processOrThrow(pid).aspace, va >>> 0);
  }

  clearBreakpoint(pid: number, va: number): void {
    this.points.clearBreakpoint(this.processOrThrow(pid).aspace, va >>> 0);
  }

  /** Every breakpoint gone, in every process (a debugger replay sets its own). */
  clearBreakpoints(): void {
    this.points.clearBreakpoints();
  }

  /** Watches `size` bytes at `va` in `pid`; accesses of the given kinds stop the run after they happen. */
  addWatchpoint(pid: number, va: number, size: number, access: { read: boolean; write: boolean }): number {
    return this.points.addWatchpoint(this.processOrThrow(pid).aspace.rootPpn, va, size, access);
  }

  removeWatchpoint(id: number): void {
    this.points.removeWatchpoint(id);
  }

  /**
   * Resumes a hart stopped at a breakpoint by executing the instruction under it once, with its
   * traps handled as in a run (a first-touch page fault is served and the instruction retried;
   * an ecall enters the kernel). Returns a stop if that instruction caused one.
   */
  stepOverBreakpoint(hartId: number): RunState | null {
    const hart = this.harts[hartId];
    const thread = this.kernel.current[hart.id];
    if (!thread) return null;
    const h = thread.process.aspace.userHost(hart.pc >>> 0, 'execute');
    if (h < 0 || !this.decoded.hasBreakpoint(h)) return null;
    const pc = hart.pc;
    this.points.lift(thread.tid, pc >>> 0, h);
    try {
      // Page faults on fetch and on data each retry the instruction: a few rounds at most.
      for (let round = 0; round < 4 && hart.pc === pc && this.kernel.current[hart.id] === thread && thread.process.alive; round++) {
        const stop = this.runHart(hart, 1);
        if (stop) return stop;
      }
      return null;
    } finally {
      this.points.lift(null);
    }
  }

  /**
   * Reads process memory as the program would see it (null where it may not read), without
   * touching the machine: no page faulted in, so looking does not change the run.
   */
  readMemory(pid: number, va: number, length: number): Uint8Array | null {
    return this.processOrThrow(pid).aspace.peek(va >>> 0, length);
  }

  /**
   * Writes process memory where the program itself may write (the debugger's setVariable and
   * writeMemory); false when some byte is not writable (bytes before it are written). A page
   * shared copy-on-write is copied first, as the program's own store would.
   */
  writeMemory(pid: number, va: number, bytes: Uint8Array): boolean {
    return this.processOrThrow(pid).aspace.copyOut(va >>> 0, bytes);
  }

  // ---- history ----

  /**
   * The machine's state now, to come back to with `restore` (the debugger's reverse execution).
   * Memory is kept as the frames in use, shared with the previous checkpoint where unchanged.
   * Debugger settings are not part of it: breakpoints, watchpoints and event stops stay as set.
   */
  checkpoint(): MachineCheckpoint {
    const roots = [this.kernel, ...this.harts, this.turns, this.stopper, this.events, ...(this.main ? [this.main] : [])];
    return { state: this.checkpoints.take(roots), lastHart: this.lastHart?.id ?? -1, instructions: this.instructions };
  }

  /**
   * Goes back to a checkpoint of this machine. Breakpoints are gone afterwards (the code they
   * patched may not even be mapped at that moment): the debugger sets them again.
   */
  restore(checkpoint: MachineCheckpoint): void {
    this.checkpoints.restore(checkpoint.state);
    this.lastHart = checkpoint.lastHart >= 0 ? this.harts[checkpoint.lastHart] : null;
    this.decoded.forgetAll();
    this.points.forgetBreakpoints();
    this.pauseRequested = false;
    for (const hart of this.harts) hart.rebindFetch();
  }

  /** Instructions retired by every hart since the machine started. */
  get instructions(): number {
    let n = 0;
    for (const hart of this.harts) n += hart.instret;
    return n;
  }

  // ---- internals ----

  private runHart(hart: Hart, limit: number, exact = this.config.singleStep, goal: RunGoal | null = null): RunState | null {
    const thread = this.kernel.current[hart.id]!;
    // Each instruction costs at least a cycle: a limit of n cycles runs at most n instructions.
    if (goal?.thread?.tid === thread.tid) limit = Math.min(limit, Math.max(1, goal.thread.retired - thread.retired));
    if (goal?.instructions !== undefined) limit = Math.min(limit, Math.max(1, goal.instructions - this.instructions));
    if (thread.heldSignal?.announced) {
      // The debugger showed the fatal signal; resuming delivers it.
      const { signal, reason, cause } = thread.heldSignal;
      this.kernel.fatalSignal(thread, signal, reason, cause);
      return null;
    }
    // On the way (back) to user mode: a pending signal's handler, or its default action.
    if ((thread.process.pendingSignals !== 0n || thread.pendingSignals !== 0n || thread.savedSigmask !== null) && !thread.entryStopped && !takePendingSignal(this.kernel, hart, thread)) return null;
    // Another hart ran since this one stopped and may have stored to the reserved word.
    if (this.lastHart !== hart) hart.reservationValid = false;
    this.lastHart = hart;
    let trap: Trap | null = ECALL;
    if (thread.entryStopped) {
      thread.entryStopped = false; // stopped at its syscall's entry: the ecall has executed
    } else {
      const before = hart.cycles;
      const retired = hart.instret;
      const lift = this.points.liftedUnder(thread.tid, hart.pc >>> 0);
      if (lift >= 0) this.decoded.clearBreakpoint(lift);
      try {
        trap = exact || lift >= 0 ? executeTraced(hart, lift >= 0 ? 1 : limit) : this.config.engine === 'blocks' ? executeBlocks(hart, limit) : execute(hart, limit);
      } finally {
        if (lift >= 0) this.decoded.setBreakpoint(lift);
      }
      thread.retired += hart.instret - retired;
      const ran = hart.cycles - before;
      thread.userCycles += ran;
      this.kernel.scheduler.account(thread, ran);
      if (this.config.maxInstructions !== null && this.instructions >= this.config.maxInstructions) {
        this.endEverything(SIGKILL, `the run's instruction budget (${this.config.maxInstructions}) is exhausted`);
        return null;
      }
      const entry = trap?.kind === 'ecall' ? this.stopper.atSyscallEntry(hart, thread) : null;
      if (entry) return { kind: 'event', ...entry };
    }
    if (trap !== null && handleTrap(this.kernel, hart, thread, trap) === 'debug-stop') {
      return { kind: 'stopped', hart: hart.id, pid: thread.process.pid, tid: thread.tid, trap };
    }
    // The timer first, as in a run without stops, so that stopping does not move a preemption.
    if (hart.cycles >= hart.timerDeadline && this.kernel.current[hart.id] === thread) this.kernel.preempt(hart);
    const due = trap !== null ? this.stopper.take(hart, thread) : null;
    if (due) return { kind: 'event', ...due };
    return goal !== null && this.reached(goal) ? { kind: 'reached' } : null;
  }

  private reached(goal: RunGoal): boolean {
    if (goal.instructions !== undefined && this.instructions >= goal.instructions) return true;
    if (!goal.thread) return false;
    const thread = this.kernel.thread(goal.thread.tid, true);
    if (!thread) return false;
    return thread.retired >= goal.thread.retired || thread.state === 'zombie' || (goal.thread.orBlocked === true && thread.state === 'sleeping');
  }


  // Idle harts sleep through time; one that gets work starts at the earliest busy hart's time
  // (or later: a thread never starts before it became runnable).
  private dispatch(): void {
    if (this.kernel.scheduler.waiting === 0) return;
    const start = this.frontier();
    const from = start === Infinity ? this.kernel.now() : start;
    for (const hart of this.harts) {
      if (this.kernel.current[hart.id] === null && hart.cycles < from) hart.cycles = from;
    }
    // A hart that was idle has work now: the turn ends, so the harts interleave again.
    if (this.kernel.dispatchIdleHarts()) this.turns.end();
  }

  /** The simulated time every busy hart has reached (Infinity when all idle). */
  private frontier(): number {
    let t = Infinity;
    for (const hart of this.harts) if (this.kernel.current[hart.id] !== null) t = Math.min(t, hart.cycles);
    return t;
  }

  // Nothing runs. Time jumps to the next timeout if there is one; otherwise the run waits for
  // input, is deadlocked, or is over.
  private idle(): RunState | null {
    const timer = this.kernel.nextTimer();
    if (timer < Infinity) {
      if (timer >= this.timeLimit) {
        for (const hart of this.harts) hart.cycles = Math.max(hart.cycles, this.timeLimit);
        this.endEverything(SIGKILL, TIME_LIMIT_REASON);
        return null;
      }
      // Every hart idles until then: the machine's clock is at the timer, even if what it wakes
      // is reported (a syscall-exit stop) before a hart has taken the woken thread.
      for (const hart of this.harts) hart.cycles = Math.max(hart.cycles, timer);
      this.kernel.expireTimers(timer);
      return null;
    }
    const sleepers = this.kernel.sleeping;
    if (sleepers.some((t) => t.waitingFor?.kind === 'console-input')) return { kind: 'waiting-input' };
    // Stopped processes (job control) wait for a SIGCONT that nothing is left to send.
    const stopped = this.kernel.liveProcesses.filter((p) => p.stopSignal !== 0).map((p) => `pid ${p.pid} is stopped (${signalName(p.stopSignal)})`);
    if (sleepers.length > 0 || stopped.length > 0) return { kind: 'deadlocked', sleepers: [...sleepers.filter((t) => t.process.stopSignal === 0).map(describeSleeper), ...stopped] };
    return this.halt();
  }

  /** Kills every process (a limit of the run was reached). */
  endEverything(signal: number, reason: string): void {
    for (const p of this.kernel.liveProcesses) this.kernel.killProcess(p, signal, reason);
  }

  /** The hart to run next (see HartTurns); idle harts' timers are off while they idle. */
  private nextHart(): Hart | null {
    const busy = (hart: Hart) => this.kernel.current[hart.id] !== null;
    for (const hart of this.harts) if (!busy(hart)) hart.timerDeadline = Infinity;
    return this.turns.next(this.harts, busy);
  }

  // Stopping at the slice's end is safe for the schedule: the turn goes on in the next slice.
  private limitFor(hart: Hart, end: number): number {
    const until = Math.min(end, this.turns.until, hart.timerDeadline, this.timeLimit);
    let limit = Math.max(1, until - hart.cycles);
    if (this.config.maxInstructions !== null) limit = Math.min(limit, Math.max(1, this.config.maxInstructions - this.instructions));
    return limit;
  }

  private finished(): RunState | null {
    if (this.main && !this.main.alive && this.kernel.liveCount === 0) return this.halt();
    return null;
  }

  /**
   * One thread's state and registers (x0..x31 and pc as unsigned numbers: from its hart while it
   * runs, else as saved), cheaply: what the debugger needs at every stop. Null for no such thread.
   */
  threadState(tid: number): ThreadRegisters | null {
    const thread = this.kernel.thread(tid, true);
    if (!thread) return null;
    const source = thread.hart >= 0 ? this.harts[thread.hart] : thread;
    const regs = Array.from(source.regs.subarray(0, 32), (r) => r >>> 0);
    return { pid: thread.process.pid, tid, pc: source.pc >>> 0, regs, hart: thread.hart, state: thread.state, retired: thread.retired };
  }

  /** The process with this pid, while it is in the process table (zombies included). */
  process(pid: number): Process | undefined {
    return this.kernel.processes.get(pid);
  }

  private halt(): RunState {
    return { kind: 'halted', exit: this.main?.exitStatus ?? { kind: 'exited', code: 0 } };
  }

  // A frame now holds decoded code: stores to it must take the slow path on every hart.
  private markCodeFrame(hostPage: number): void {
    for (const hart of this.harts) hart.tlb.forEachMapping(hostPage, (slot) => hart.tlb.setPerm(slot, hart.tlb.perm[slot] | P_CODE));
  }

  private findThread(tid: number): Thread {
    const thread = this.kernel.thread(tid, true);
    if (!thread) throw new Error(`no thread ${tid}`);
    return thread;
  }

  private processOrThrow(pid: number): Process {
    const process = this.kernel.processes.get(pid);
    if (!process || !process.alive) throw new Error(`no process ${pid}`);
    return process;
  }

  // ---- snapshots (sim/snapshot.ts): plain data, read without side effects ----

  /** The whole machine as serialisable data; `epoch` tags it for panels that drop stale ones. */
  snapshot(epoch = 0): MachineSnapshot {
    return machineSnapshot(this, epoch);
  }

  /** One process (zombies included) with its threads, VMAs and smaps figures; null once reaped. */
  processView(pid: number): ProcessView | null {
    return processView(this, pid);
  }

  /** A process's page table with each frame's sharing; null once its memory is gone. */
  pageTable(pid: number): PageTableView | null {
    return pageTable(this, pid);
  }
}

function describeSleeper(thread: Thread): string {
  const w = thread.waitingFor;
  const what = !w ? 'nothing' : w.kind === 'futex' ? `a futex at 0x${(w.va >>> 0).toString(16)}` : w.kind === 'child' ? 'a child (waitid)' : w.kind === 'vfork' ? `vfork child ${w.child}` : w.kind === 'pipe' ? `pipe:[${w.pipe.inode}]` : w.kind;
  return `pid ${thread.process.pid} tid ${thread.tid} waits for ${what}`;
}
