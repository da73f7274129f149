// The run's history, for reverse execution: checkpoints of the machine taken as it runs forward
// (with the terminal's input position), and replay from them. The machine is deterministic and
// typed input is logged where it arrived (terminal-input.ts), so running forward from a
// checkpoint makes the very same run again; going back is restoring the checkpoint before the
// moment wanted and replaying up to it.

import type { Machine, MachineCheckpoint, RunGoal, RunState } from '../sim/machine';
import type { ConsoleState, DebugConsole } from './terminal-input';

/** Wall time a forward run goes between checkpoints, at least... */
const MIN_GAP_MS = 40;
/** ...and at least this many times what taking the last one cost. */
const COST_FACTOR = 10;
/** Checkpoints kept; beyond it every other one is dropped (the first always stays). */
const MAX_MARKS = 48;
/** Cycles per replay slice, between yields to the host. */
const REPLAY_SLICE = 2_000_000;
const YIELD_MS = 12;

export interface Mark {
  readonly checkpoint: MachineCheckpoint;
  readonly console: ConsoleState;
  /** Instructions retired by every hart at the checkpoint. */
  readonly instructions: number;
  /** Each thread's completed instructions then (see Thread.retired). */
  readonly retired: ReadonlyMap<number, number>;
}

/** A stop met while replaying: a breakpoint or watchpoint trap, or a kernel event stop. */
export type ReplayStop = Extract<RunState, { kind: 'stopped' } | { kind: 'event' }>;

/** Told of every stop a replay meets, numbered from 0; true ends the replay there. */
export type ReplayVisitor = (stop: ReplayStop, index: number) => boolean;

export class History {
  private readonly marks: Mark[] = [];
  private sinceMark = performance.now();
  private lastCost = 0;
  /** The longest a checkpoint took (wall ms), for the bench. */
  longestCheckpointMs = 0;
  /** The furthest the run has got (instructions); what lies before it has been seen once. */
  frontier = 0;

  constructor(
    private readonly machine: Machine,
    private readonly console: DebugConsole,
    private readonly minGapMs = MIN_GAP_MS,
  ) {
    this.mark();
  }

  /**
   * Between slices of a forward run: notes how far the run got, and says whether a checkpoint
   * is due (then `mark`; the runtime gives it an event-loop turn of its own).
   */
  due(): boolean {
    const now = this.machine.instructions;
    // Behind the frontier the run is one already recorded, with its checkpoints; and a
    // checkpoint needs something to have run since the last.
    if (now < this.frontier || now === this.marks[this.marks.length - 1].instructions) return false;
    this.frontier = now;
    // A gap of 0 asks for one at every slice, whatever it costs (tests that need many).
    return this.minGapMs === 0 || performance.now() - this.sinceMark >= Math.max(this.minGapMs, COST_FACTOR * this.lastCost);
  }

  /** Checkpoints held now. */
  get size(): number {
    return this.marks.length;
  }

  /** Memory or registers were changed by hand: the run ahead is no longer the one recorded. */
  forgetFuture(): void {
    const now = this.machine.instructions;
    while (this.marks.length > 1 && this.marks[this.marks.length - 1].instructions > now) this.marks.pop();
    this.console.forgetFuture();
    this.frontier = now;
  }

  /** Checkpoints from the latest to the first, among those taken before `instructions`. */
  marksBefore(instructions: number): Mark[] {
    return this.marks.filter((m) => m.instructions < instructions || m === this.marks[0]).reverse();
  }

  /** The checkpoint after `mark` (where a replay of its stretch ends), if any. */
  markAfter(mark: Mark): Mark | undefined {
    return this.marks[this.marks.indexOf(mark) + 1];
  }

  /** Goes back to `mark` (the terminal's input included). Breakpoints are gone afterwards. */
  restore(mark: Mark): void {
    this.machine.restore(mark.checkpoint);
    this.console.restore(mark.console);
  }

  /**
   * Runs on from where the machine is until `goal`, telling `visit` of every stop met; a
   * breakpoint met is stepped over as a forward run does. Returns what ended the replay: the
   * goal ('reached'), a stop `visit` chose, a pause (`paused()` is asked between slices), or
   * the run's end.
   */
  async replay(goal: RunGoal, visit: ReplayVisitor, paused: () => boolean = () => false): Promise<RunState> {
    this.console.muted = true;
    let index = 0;
    let since = performance.now();
    try {
      for (;;) {
        const deadline = since + YIELD_MS;
        let state: RunState | null = this.console.runSlice(this.machine, this.machine.kernel.now() + REPLAY_SLICE, goal, () => performance.now() > deadline);
        while (state && (state.kind === 'stopped' || state.kind === 'event')) {
          if (visit(state, index++)) return state;
          state = state.kind === 'stopped' && state.trap.kind === 'breakpoint' ? this.machine.stepOverBreakpoint(state.hart) : null;
        }
        if (state && state.kind !== 'running' && state.kind !== 'yielded') return state;
        if (performance.now() - since > YIELD_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (paused()) return { kind: 'paused' };
          since = performance.now();
        }
      }
    } finally {
      this.console.muted = false;
    }
  }

  /** Takes a checkpoint now. */
  mark(): void {
    const started = performance.now();
    const retired = new Map<number, number>();
    for (const process of this.machine.kernel.processes.values()) for (const thread of process.threads) retired.set(thread.tid, thread.retired);
    const instructions = this.machine.instructions;
    this.sinceMark = started;
    // Nothing has run since the last one (the program waits for input): keep that one.
    if (this.marks.length > 0 && this.marks[this.marks.length - 1].instructions === instructions) return;
    this.marks.push({ checkpoint: this.machine.checkpoint(), console: this.console.save(), instructions, retired });
    if (this.marks.length > MAX_MARKS) this.thin();
    this.lastCost = performance.now() - started;
    this.longestCheckpointMs = Math.max(this.longestCheckpointMs, this.lastCost);
    this.sinceMark = performance.now();
  }

  // Keeps the first checkpoint and every other one after it: older history gets sparser.
  private thin(): void {
    const kept = this.marks.filter((_, i) => i === 0 || i % 2 === 0 || i === this.marks.length - 1);
    this.marks.length = 0;
    this.marks.push(...kept);
  }
}
