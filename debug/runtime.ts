// The machine under debug, without DAP (mock-debug's runtime): it loads the program, runs the
// machine in slices that yield to the host's event loop (so a pause is answered at once even in
// an infinite loop), keeps breakpoints installed, decides which machine stops the user sees
// (conditions, hit counts, logpoints, a step's temporary breakpoint), single-steps instructions
// (line stepping is built on these in debug/stepping.ts) and reports everything as typed
// RuntimeEvents, each stop tagged with an epoch.

import type { MachineOptions } from '../sim/config';
import type { EventStop } from '../sim/event-stops';
import { Machine, type MachineFiles, type RunState } from '../sim/machine';
import { signalDescription, signalName } from '../sim/kernel/signal';
import { describeSyscall } from '../sim/kernel/strace/format';
import { BreakpointTable, functionBodyAddress, type UserBreakpoint } from './breakpoints';
import { programFromElf, type Program } from './program';
import type { StopReason } from './protocol';
import { threadRegisters } from './stack';
import { eventStopsFor, type EnabledFilter } from './syscall-filters';
import { DebugConsole } from './terminal-input';
import { History, type ReplayStop } from './history';

export type RuntimeEvent =
  | { readonly kind: 'stopped'; readonly reason: StopReason; readonly pid: number; readonly tid: number; readonly description: string; readonly text?: string; readonly breakpointIds: readonly number[]; readonly epoch: number; readonly timeNs: number; readonly instructions: number }
  | { readonly kind: 'output'; readonly category: 'stdout' | 'stderr' | 'console'; readonly text: string }
  | { readonly kind: 'thread'; readonly reason: 'started' | 'exited'; readonly tid: number }
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'terminated' };

/** Where a fast run should come back to the stepper: `tid` reaching `address` with sp ≥ `minSp` (not a deeper recursion). */
export interface RunTarget {
  readonly tid: number;
  readonly address: number;
  readonly minSp: number;
}

/** How a run ended: at its target, at a stop to report (already reported), or with the program. */
export type RunOutcome = { readonly kind: 'target' } | { readonly kind: 'reported' } | { readonly kind: 'ended' };

/** A stop the user sees, before it gets its epoch. */
export interface StopInfo {
  readonly reason: StopReason;
  readonly tid: number;
  readonly description: string;
  readonly text?: string;
  readonly breakpointIds?: readonly number[];
}

const SP = 2;
/** Wall time one slice may take, so pause is answered within a frame or two. */
const SLICE_BUDGET_MS = 8;
/** A slice whose cycles cost far more than usual (a burst of forks) is cut here. */
const SLICE_DEADLINE_MS = 12;

/** What breakpoint conditions and log messages are evaluated with (the values layer, through the session). */
export interface BreakpointEvaluator {
  /** Whether `expression` is non-zero in thread `tid`'s innermost frame; throws Error with a message to show. */
  condition(tid: number, expression: string): boolean;
  /** A log message with each `{expression}` replaced by its value. */
  interpolate(tid: number, message: string): string;
}

export interface LaunchOptions {
  readonly argv: readonly string[];
  readonly stdin: string;
  /** A terminal is attached: after `stdin`, reads wait for typed input (else end of file). */
  readonly interactive?: boolean;
  /** Keep checkpoints for reverse execution (on unless false)... */
  readonly history?: boolean;
  /** ...at least this much running apart (wall ms; the default suits a person at the keyboard; 0: at every slice). */
  readonly checkpointEveryMs?: number;
  readonly machine: MachineOptions;
  /** What the machine's file tree holds besides its own (the workspace, the userland). */
  readonly files?: MachineFiles;
}

export class MachineRuntime {
  readonly machine: Machine;
  readonly breakpoints = new BreakpointTable();
  evaluator: BreakpointEvaluator | null = null;
  epoch = 0;
  /** The thread of the last stop (what a resume steps off a breakpoint first). */
  lastStoppedTid: number;
  private readonly mainPid: number;
  private readonly installed = new Set<number>();
  private temporary: number | null = null;
  private pauseRequested = false;
  private running = false;
  private ended = false;
  private sliceCycles = 200_000;
  private readonly liveThreads = new Map<number, number>();
  /** Machine watchpoint id → the data breakpoint it serves. */
  private readonly watchpoints = new Map<number, { id: number; address: number; size: number }>();
  private nextDataBreakpointId = 1_000_000;

  readonly console: DebugConsole;
  /** Checkpoints for stepBack and reverseContinue (debug/reverse.ts); null with history off. */
  readonly history: History | null;
  /** The longest one slice of a free run took (wall ms), for the bench. */
  longestSliceMs = 0;
  /** A replay is re-running what the user has seen: no thread events, no output. */
  private replaying = false;
  /** Programs processes started with execve (and their children inherited), by pid. */
  private readonly execed = new Map<number, Program>();

  constructor(readonly program: Program, launch: LaunchOptions, private readonly emit: (event: RuntimeEvent) => void) {
    this.console = new DebugConsole(launch.stdin, launch.interactive === true, (category, text) => {
      // Output from before the furthest point reached was shown the first time through.
      if (!this.history || this.machine.instructions >= this.history.frontier) emit({ kind: 'output', category, text });
    });
    this.machine = new Machine(launch.machine, this.console, launch.files);
    this.machine.events.subscribe((event) => {
      if (this.replaying) return;
      if (event.kind === 'process') {
        this.threadStarted(event.pid, event.pid);
        const inherited = this.execed.get(event.ppid);
        if (inherited) this.execed.set(event.pid, inherited);
      } else if (event.kind === 'exec') this.execed.set(event.pid, programFromElf(event.program, this.machine.readFile(event.program) ?? new Uint8Array()));
      else if (event.kind === 'thread') event.change === 'created' ? this.threadStarted(event.pid, event.tid) : this.threadExited(event.tid);
      else if (event.kind === 'exit') {
        for (const [tid, pid] of this.liveThreads) if (pid === event.pid) this.threadExited(tid);
      } else if (event.kind === 'notice') emit({ kind: 'output', category: 'console', text: `oslab: ${event.message}\n` });
    });
    const process = this.machine.load(program.elf, { path: program.path, argv: launch.argv });
    this.mainPid = process.pid;
    this.lastStoppedTid = process.pid;
    this.history = launch.history === false ? null : new History(this.machine, this.console, launch.checkpointEveryMs);
  }

  /** The program thread `tid`'s process runs: the launched one, or what it exec'd. */
  programOf(tid: number): Program {
    const pid = this.machine.threadState(tid)?.pid ?? tid;
    const execed = this.execed.get(pid);
    // After going back in time the process may not have exec'd yet: the path tells.
    return execed && this.machine.process(pid)?.path === execed.path ? execed : this.program;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  // ---- breakpoints ----

  /** Makes the machine's breakpoints match the table (plus a step's temporary one). */
  syncBreakpoints(): void {
    const pid = this.anchorPid();
    if (pid === null) return;
    const wanted = this.breakpoints.addresses();
    if (this.temporary !== null) wanted.add(this.temporary);
    for (const va of this.installed) if (!wanted.has(va)) this.machine.clearBreakpoint(pid, va);
    for (const va of [...this.installed]) if (!wanted.has(va)) this.installed.delete(va);
    for (const va of wanted) if (!this.installed.has(va) && this.machine.setBreakpoint(pid, va)) this.installed.add(va);
  }

  /** Replaces the data breakpoints (watchpoints on a process's bytes); returns each one's id and state. */
  setDataBreakpoints(requests: readonly { pid: number; address: number; size: number; access: 'read' | 'write' | 'readWrite' }[]): { id: number; verified: boolean; message?: string }[] {
    for (const id of this.watchpoints.keys()) this.machine.removeWatchpoint(id);
    this.watchpoints.clear();
    return requests.map((r) => {
      const id = this.nextDataBreakpointId++;
      try {
        const watch = this.machine.addWatchpoint(r.pid, r.address, r.size, { read: r.access !== 'write', write: r.access !== 'read' });
        this.watchpoints.set(watch, { id, ...r });
        return { id, verified: true };
      } catch (error) {
        return { id, verified: false, message: (error as Error).message };
      }
    });
  }

  setExceptionFilters(filters: readonly EnabledFilter[]): void {
    this.machine.setEventStops(eventStopsFor(filters));
  }

  // ---- run control ----

  /** Starts the program: to main's first statement when stopping on entry, else free. */
  async start(stopOnEntry: boolean): Promise<void> {
    if (!stopOnEntry) return this.continue();
    const main = functionBodyAddress(this.program, 'main');
    if (main === undefined) return this.reportStop({ reason: 'entry', tid: this.mainPid, description: 'entry point' });
    const outcome = await this.runFast({ tid: this.mainPid, address: main, minSp: 0 });
    if (outcome.kind === 'target') this.reportStop({ reason: 'entry', tid: this.mainPid, description: 'main' });
  }

  async continue(): Promise<void> {
    await this.runFast(null);
  }

  pause(): void {
    if (!this.running) return;
    this.pauseRequested = true;
    this.console.wake();
  }

  // ---- the terminal ----

  /** Bytes the user typed: the program reads them (see DebugConsole for when they arrive). */
  typeInput(bytes: Uint8Array): void {
    this.console.type({ kind: 'bytes', bytes });
  }

  /** The terminal went away: the program's stdin is at its end. */
  typeEndOfInput(): void {
    this.console.type({ kind: 'eof' });
  }

  /** The key ^C: SIGINT to the terminal's foreground process group. */
  interrupt(): void {
    this.console.type({ kind: 'interrupt' });
  }

  /** Ends the run: every process is killed and the session is told it terminated. */
  terminate(): void {
    this.pauseRequested = true;
    this.console.wake();
    if (this.ended) return;
    this.ended = true;
    this.emit({ kind: 'terminated' });
  }

  /**
   * Runs the whole machine in slices until something the user sees stops it (reported here), the
   * program ends (reported), or `target` is reached (left to the caller).
   */
  async runFast(target: RunTarget | null): Promise<RunOutcome> {
    if (this.ended) return { kind: 'ended' };
    this.running = true;
    this.temporary = target?.address ?? null;
    this.syncBreakpoints();
    try {
      // Only a thread that has stopped sits on a breakpoint it already reported.
      const first = this.epoch > 0 ? this.stepOffBreakpoint(this.lastStoppedTid) : null;
      if (first) {
        const outcome = this.handle(first, target);
        if (outcome) return outcome;
      }
      for (;;) {
        if (this.pauseRequested || this.ended) return this.pausedOrEnded();
        if (this.history?.due()) {
          // A checkpoint gets an event-loop turn of its own, not one shared with a slice.
          this.history.mark();
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        const started = performance.now();
        const deadline = started + SLICE_DEADLINE_MS;
        const state = this.console.runSlice(this.machine, this.machine.kernel.now() + this.sliceCycles, null, () => performance.now() > deadline);
        this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - started);
        this.adaptSlice(performance.now() - started);
        if (state.kind === 'waiting-input' && this.console.interactive) {
          // Every thread waits for the terminal: wait for the user (a pause still answers).
          await this.console.whenTyped();
          continue;
        }
        const outcome = this.handle(state, target);
        if (outcome) return outcome;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
      this.temporary = null;
      if (!this.ended) this.syncBreakpoints();
    }
  }

  /**
   * Runs one instruction of thread `tid` (Machine.step lifts a breakpoint under it). Returns null
   * when it retired normally, else the outcome of what stopped it (already reported).
   */
  stepInstruction(tid: number): RunOutcome | null {
    return this.handle(this.machine.step(tid), null);
  }

  /** Reports a stop at the current state (a step that finished, a pause). */
  reportStop(stop: StopInfo): void {
    const pid = threadRegisters(this.machine, stop.tid)?.pid ?? this.mainPid;
    this.lastStoppedTid = stop.tid;
    this.pauseRequested = false;
    const instructions = this.machine.instructions;
    if (this.history) this.history.frontier = Math.max(this.history.frontier, instructions);
    this.emit({ kind: 'stopped', reason: stop.reason, pid, tid: stop.tid, description: stop.description, text: stop.text, breakpointIds: stop.breakpointIds ?? [], epoch: ++this.epoch, timeNs: this.machine.simNs(), instructions });
  }

  /** The pause flag, read by the stepper between instructions; clears it. */
  takePause(): boolean {
    const paused = this.pauseRequested;
    this.pauseRequested = false;
    return paused;
  }

  // ---- internals ----

  // A thread sitting on an installed breakpoint would trap again at once: run that one
  // instruction with the breakpoint lifted.
  private stepOffBreakpoint(tid: number): RunState | null {
    const thread = threadRegisters(this.machine, tid);
    const pid = this.anchorPid();
    if (!thread || pid === null || !this.installed.has(thread.pc)) return null;
    return this.machine.step(tid); // lifts the breakpoint for this thread's one instruction
  }

  /** What a machine state means for the user; null to keep running. */
  private handle(state: RunState, target: RunTarget | null): RunOutcome | null {
    switch (state.kind) {
      case 'running':
      case 'reached':
      case 'yielded':
        return null;
      case 'paused':
        return this.pausedOrEnded();
      case 'halted': {
        const exit = state.exit;
        if (exit.kind === 'exited') return this.end(exit.code);
        this.emit({ kind: 'output', category: 'console', text: `oslab: ${this.program.path}: ${signalDescription(exit.signal)} [${signalName(exit.signal)}]${exit.reason ? `: ${exit.reason}` : ''}\n` });
        return this.end(128 + exit.signal);
      }
      case 'deadlocked':
        this.reportStop({ reason: 'exception', tid: this.anyThread(), description: 'deadlock', text: `deadlock: every thread is blocked and nothing can wake them:\n${state.sleepers.join('\n')}` });
        return { kind: 'reported' };
      case 'waiting-input':
        this.reportStop({ reason: 'exception', tid: this.anyThread(), description: 'waiting for input', text: 'every thread waits for terminal input, and stdin is at its end' });
        return { kind: 'reported' };
      case 'event':
        // A process that has ended has no thread left to stop: its main thread's id names it.
        this.reportStop({ reason: 'exception', tid: state.tid >= 0 ? state.tid : state.pid, ...this.describeEvent(state.pid, state.stop) });
        return { kind: 'reported' };
      case 'stopped':
        return this.handleTrap(state, target);
    }
  }

  private handleTrap(state: Extract<RunState, { kind: 'stopped' }>, target: RunTarget | null): RunOutcome | null {
    if (state.trap.kind === 'watchpoint') {
      this.reportStop(this.watchpointStop(state.tid, state.trap));
      return { kind: 'reported' };
    }
    const thread = threadRegisters(this.machine, state.tid);
    if (!thread) return null;
    if (target && state.tid === target.tid && thread.pc === target.address && thread.regs[SP] >= target.minSp) return { kind: 'target' };
    const hits = this.breakpointsHit(state.tid, thread.pc, true);
    if (!Array.isArray(hits)) {
      this.reportStop(hits);
      return { kind: 'reported' };
    }
    for (const bp of hits) if (bp.logMessage !== undefined) this.emit({ kind: 'output', category: 'console', text: `${this.logText(state.tid, bp.logMessage)}\n` });
    const stop = this.breakpointStop(state.tid, hits);
    if (stop) {
      this.reportStop(stop);
      return { kind: 'reported' };
    }
    // Not ours to stop at (another thread at a step's breakpoint, a logpoint, a hit count not reached).
    const next = this.stepOffBreakpoint(state.tid);
    return next ? this.handle(next, target) : null;
  }

  /**
   * The user breakpoints at `pc` whose condition holds for thread `tid`, counted as hits when
   * `count` (a replay only looks); a stop to report when a condition cannot be evaluated.
   */
  private breakpointsHit(tid: number, pc: number, count: boolean): UserBreakpoint[] | StopInfo {
    const hits: UserBreakpoint[] = [];
    for (const bp of this.breakpoints.at(pc)) {
      let holds: boolean;
      try {
        holds = bp.condition === undefined || this.evaluator === null || this.evaluator.condition(tid, bp.condition);
      } catch (error) {
        return { reason: 'breakpoint', tid, description: 'breakpoint condition error', text: `cannot evaluate the condition '${bp.condition}': ${(error as Error).message}`, breakpointIds: [bp.id] };
      }
      if (holds && (!count || this.breakpoints.hit(bp))) hits.push(bp);
    }
    return hits;
  }

  // The stop a set of breakpoint hits makes (logpoints do not stop).
  private breakpointStop(tid: number, hits: readonly UserBreakpoint[]): StopInfo | null {
    const stopping = hits.filter((b) => b.logMessage === undefined);
    if (stopping.length === 0) return null;
    const kind = stopping[0].kind;
    const reason: StopReason = kind === 'function' ? 'function breakpoint' : kind === 'instruction' ? 'instruction breakpoint' : 'breakpoint';
    return { reason, tid, description: reason, breakpointIds: stopping.map((b) => b.id) };
  }

  // ---- replays (debug/reverse.ts) ----

  /**
   * The stop a forward run would show for a stop met in a replay, or null for none (a logpoint,
   * a condition that does not hold). Hit counts are neither counted nor applied going backwards.
   */
  stopFor(stop: ReplayStop): StopInfo | null {
    if (stop.kind === 'event') return { reason: 'exception', tid: stop.tid >= 0 ? stop.tid : stop.pid, ...this.describeEvent(stop.pid, stop.stop) };
    if (stop.trap.kind === 'watchpoint') return this.watchpointStop(stop.tid, stop.trap);
    const pc = threadRegisters(this.machine, stop.tid)?.pc;
    if (pc === undefined) return null;
    const hits = this.breakpointsHit(stop.tid, pc, false);
    return Array.isArray(hits) ? this.breakpointStop(stop.tid, hits) : hits;
  }

  /** A replay begins: thread events and output wait until it is over; a pause may end it. */
  beginReplay(): void {
    this.replaying = true;
    this.running = true;
  }

  /** Only these breakpoints (code addresses of the program) are set while a replay runs. */
  setReplayBreakpoints(addresses: Iterable<number>): void {
    this.machine.clearBreakpoints();
    this.installed.clear();
    const pid = this.anchorPid();
    if (pid !== null) for (const va of addresses) this.machine.setBreakpoint(pid, va);
  }

  /** The replay is over: the user's breakpoints back, and the thread list told what changed. */
  endReplay(): void {
    this.replaying = false;
    this.running = false;
    this.machine.clearBreakpoints();
    this.installed.clear();
    this.syncBreakpoints();
    const live = new Map<number, number>();
    for (const process of this.machine.kernel.processes.values()) {
      if (process.alive) for (const thread of process.liveThreads) live.set(thread.tid, process.pid);
    }
    for (const tid of [...this.liveThreads.keys()]) if (!live.has(tid)) this.threadExited(tid);
    for (const [tid, pid] of live) this.threadStarted(pid, tid);
  }

  private watchpointStop(tid: number, trap: Extract<RunState, { kind: 'stopped' }>['trap'] & { kind: 'watchpoint' }): StopInfo {
    const ids = [...this.watchpoints.values()].filter((w) => trap.addr < w.address + w.size && w.address < trap.addr + trap.size).map((w) => w.id);
    return { reason: 'data breakpoint', tid, description: `${trap.access} of ${trap.size} bytes at 0x${trap.addr.toString(16)}`, breakpointIds: ids };
  }

  private logText(tid: number, message: string): string {
    if (!this.evaluator) return message;
    try {
      return this.evaluator.interpolate(tid, message);
    } catch (error) {
      return `${message} (${(error as Error).message})`;
    }
  }

  private describeEvent(pid: number, stop: EventStop): { description: string; text: string } {
    const read = (p: number, va: number, n: number) => {
      try {
        return this.machine.readMemory(p, va, n);
      } catch {
        return null;
      }
    };
    switch (stop.kind) {
      case 'syscall-entry': {
        const call = describeSyscall({ pid, nr: stop.call.nr, args: stop.call.args }, read).call;
        return { description: `syscall ${call}`, text: `pid ${pid} tid ${stop.call.tid} is entering ${call}` };
      }
      case 'syscall-exit': {
        const d = describeSyscall({ pid, nr: stop.call.nr, args: stop.call.args, result: stop.result }, read);
        return { description: `syscall ${d.call} = ${d.result}`, text: `pid ${pid} tid ${stop.call.tid}: ${d.call} = ${d.result}` };
      }
      case 'signal':
        return { description: `signal ${signalName(stop.signal)}`, text: `${signalName(stop.signal)} (${stop.code}): ${stop.reason}` };
      case 'process-created':
        return { description: `process ${stop.childPid} created`, text: `pid ${pid} created process ${stop.childPid}` };
      case 'process-exited': {
        const s = stop.status;
        const how = s.kind === 'exited' ? `exited with status ${s.code}` : `killed by ${signalName(s.signal)}`;
        return { description: `process ${stop.exitedPid} ${how}`, text: `process ${stop.exitedPid} ${how}` };
      }
    }
  }

  private pausedOrEnded(): RunOutcome {
    if (this.ended) return { kind: 'ended' };
    this.reportStop({ reason: 'pause', tid: this.anyThread(), description: 'paused' });
    return { kind: 'reported' };
  }

  private end(exitCode: number): RunOutcome {
    if (!this.ended) {
      this.ended = true;
      this.emit({ kind: 'exited', exitCode });
      this.emit({ kind: 'terminated' });
    }
    return { kind: 'ended' };
  }

  // Slices sized to SLICE_BUDGET_MS of wall time: long enough to amortise the yield, short
  // enough that a pause request waits for at most one.
  // The next slice is scaled by how far this one missed the budget (forks and exits make some
  // cycles far dearer than others), at most doubling, at least a tenth.
  private adaptSlice(ms: number): void {
    const factor = Math.min(2, Math.max(0.1, SLICE_BUDGET_MS / Math.max(ms, 0.01)));
    this.sliceCycles = Math.min(50_000_000, Math.max(10_000, Math.floor(this.sliceCycles * factor)));
  }

  /** The thread a stop not caused by one thread is reported on: the last stopped one while it lives, else any. */
  private anyThread(): number {
    if (threadRegisters(this.machine, this.lastStoppedTid)) return this.lastStoppedTid;
    for (const tid of this.liveThreads.keys()) if (threadRegisters(this.machine, tid)) return tid;
    return this.mainPid;
  }

  /** A live process whose address space holds the program's code (breakpoints are on its frames). */
  private anchorPid(): number | null {
    if (this.machine.process(this.mainPid)?.alive) return this.mainPid;
    for (const pid of new Set(this.liveThreads.values())) if (this.machine.process(pid)?.alive) return pid;
    return null;
  }

  private threadStarted(pid: number, tid: number): void {
    if (this.liveThreads.has(tid)) return;
    this.liveThreads.set(tid, pid);
    this.emit({ kind: 'thread', reason: 'started', tid });
  }

  private threadExited(tid: number): void {
    if (!this.liveThreads.delete(tid)) return;
    this.emit({ kind: 'thread', reason: 'exited', tid });
  }
}
