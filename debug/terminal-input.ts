// The program's terminal under the debugger (the machine's HostConsole). Output becomes runtime
// events. Input is the launch's `stdin`, then, in an interactive session, what the user types:
// raw keys for the kernel's line discipline, which echoes and edits them (a ^C request is the
// key ^C; end of input is the terminal hanging up).
// Typed input does not reach the machine the moment it arrives: it waits for a point a replay
// can find again (the end of a slice, which is a simulated cycle count, or the machine idle with
// every thread waiting for input), and each delivery is logged, so reverse execution replays
// the same run with the same input at the same moments.

import type { HostConsole } from '../sim/console';
import type { Machine, RunState, RunGoal } from '../sim/machine';

/** What the user did at the terminal. */
export type TypedAction = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'eof' } | { readonly kind: 'interrupt' };

/** Where in the run an action reached the machine. */
export type DeliveryPoint = { readonly kind: 'slice-end'; readonly cycles: number } | { readonly kind: 'idle' };

export interface Delivery {
  readonly at: DeliveryPoint;
  readonly action: TypedAction;
}

/** The console's part of a checkpoint. */
export interface ConsoleState {
  readonly applied: number;
  readonly offset: number;
}

export type OutputSink = (category: 'stdout' | 'stderr', text: string) => void;

/** The key an interrupt request types: the terminal's VINTR, which sends SIGINT to the foreground group. */
const CTRL_C = new Uint8Array([0x03]);

export class DebugConsole implements HostConsole {
  private readonly decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  private readonly stdin: Uint8Array;
  /** Every delivery so far, in order; the machine has had the first `applied`. */
  private readonly log: Delivery[] = [];
  private applied = 0;
  /** The bytes of the launch's stdin and of the applied deliveries, and how far the program has read. */
  private input: Uint8Array;
  private offset = 0;
  private ended: boolean;
  private queued: TypedAction[] = [];
  private typed: (() => void) | null = null;
  /** While a replay re-runs what the user has seen, output is not shown again. */
  muted = false;

  constructor(stdin: string, readonly interactive: boolean, private readonly sink: OutputSink) {
    this.stdin = new TextEncoder().encode(stdin);
    this.input = this.stdin;
    this.ended = !interactive;
  }

  write(fd: 1 | 2, bytes: Uint8Array): void {
    const text = this.decoders[fd].decode(bytes, { stream: true });
    if (text && !this.muted) this.sink(fd === 1 ? 'stdout' : 'stderr', text);
  }

  read(max: number): Uint8Array | null {
    if (this.offset < this.input.length) {
      const chunk = this.input.subarray(this.offset, this.offset + max);
      this.offset += chunk.length;
      return chunk;
    }
    return this.ended ? new Uint8Array(0) : null;
  }

  /** The user typed something; it reaches the machine at the next delivery point. */
  type(action: TypedAction): void {
    if (!this.interactive) return;
    this.queued.push(action);
    this.typed?.();
  }

  /** Resolves when something is typed (or at once if something waits). */
  whenTyped(): Promise<void> {
    if (this.queued.length > 0) return Promise.resolve();
    return new Promise((resolve) => (this.typed = () => ((this.typed = null), resolve())));
  }

  /** Stops waiting in `whenTyped` (a pause or the end of the session). */
  wake(): void {
    this.typed?.();
  }

  save(): ConsoleState {
    return { applied: this.applied, offset: this.offset };
  }

  /** Back to a checkpoint's console: later deliveries are replayed from the log. */
  restore(state: ConsoleState): void {
    this.applied = 0;
    this.input = this.stdin;
    this.ended = !this.interactive;
    for (let i = 0; i < state.applied; i++) this.absorb(this.log[i].action);
    this.applied = state.applied;
    this.offset = state.offset;
  }

  /** What was logged after this point will not happen (the run was changed by hand): forget it. */
  forgetFuture(): void {
    this.log.length = this.applied;
  }

  /**
   * One slice of a run to simulated cycle `end`, with input delivered where it is due: while
   * replaying, the logged deliveries at their points; otherwise what was typed, at the slice's end
   * or when every thread waits for input. 'waiting-input' means nothing is there to deliver.
   */
  runSlice(machine: Machine, end: number, goal: RunGoal | null, shouldYield?: () => boolean): RunState {
    const logged = this.applied < this.log.length ? this.log[this.applied] : null;
    const due = logged?.at.kind === 'slice-end' ? logged.at.cycles : Infinity;
    const state = machine.runUntil(Math.min(end, due), goal, shouldYield);
    if (state.kind === 'running' && due <= end) {
      this.apply(machine);
    } else if (state.kind === 'running' && logged === null && this.queued.length > 0) {
      this.deliver(machine, { kind: 'slice-end', cycles: end });
    } else if (state.kind === 'waiting-input') {
      if (logged?.at.kind === 'idle') this.apply(machine);
      else if (logged === null && this.queued.length > 0) this.deliver(machine, { kind: 'idle' });
      else return state;
      return { kind: 'running' };
    }
    return state;
  }

  private deliver(machine: Machine, at: DeliveryPoint): void {
    for (const action of this.queued) this.log.push({ at, action });
    this.queued = [];
    this.apply(machine);
  }

  // The next logged delivery and the others made at the same point, as they were made: together.
  private apply(machine: Machine): void {
    const at = this.log[this.applied].at;
    while (this.applied < this.log.length && this.log[this.applied].at === at) {
      const { action } = this.log[this.applied++];
      this.absorb(action);
      machine.consoleReadable();
    }
  }

  private absorb(action: TypedAction): void {
    if (action.kind === 'eof') this.ended = true;
    if (action.kind === 'eof') return;
    const bytes = action.kind === 'bytes' ? action.bytes : CTRL_C;
    const grown = new Uint8Array(this.input.length + bytes.length);
    grown.set(this.input);
    grown.set(bytes, this.input.length);
    this.input = grown;
  }
}
