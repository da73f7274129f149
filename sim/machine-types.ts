// The machine's API types: how a run ends (RunState), where a debugger's run stops (RunGoal),
// a thread as the debugger reads it, and what loading a program takes. sim/machine.ts re-exports
// them; they live apart so that the facade stays readable.

import type { Trap } from './cpu/trap';
import type { EventStop } from './event-stops';
import type { ExitStatus, ThreadState } from './kernel/proc';
import type { Checkpoint } from './checkpoint';

export type RunState =
  /** The slice ended; call again to go on. */
  | { readonly kind: 'running' }
  /** Every thread sleeps, and some wait for terminal input. */
  | { readonly kind: 'waiting-input' }
  /** Every thread sleeps and nothing can wake them (no input, no timer): the program is stuck. */
  | { readonly kind: 'deadlocked'; readonly sleepers: readonly string[] }
  /** The host's `shouldYield` said so (it has other work); the run goes on when called again. */
  | { readonly kind: 'yielded' }
  /** `pause()` was called; call `run` again to go on. */
  | { readonly kind: 'paused' }
  /** A breakpoint or watchpoint stopped `hart` (for the debugger). */
  | { readonly kind: 'stopped'; readonly hart: number; readonly pid: number; readonly tid: number; readonly trap: Trap }
  /** The thread of a run's goal (see RunGoal) got there. */
  | { readonly kind: 'reached' }
  /** A kernel event the debugger asked to stop at (see `setEventStops`) stopped thread `tid`. */
  | { readonly kind: 'event'; readonly hart: number; readonly pid: number; readonly tid: number; readonly stop: EventStop }
  /** The program loaded first has ended, and with it the run. */
  | { readonly kind: 'halted'; readonly exit: ExitStatus };

/** A thread as the debugger's stack unwinder starts from it. */
export interface ThreadRegisters {
  readonly pid: number;
  readonly tid: number;
  readonly pc: number;
  readonly regs: readonly number[];
  /** Hart running it, or -1. */
  readonly hart: number;
  readonly state: ThreadState;
  /** Instructions it has completed (see Thread.retired). */
  readonly retired: number;
}

/**
 * Where a debugger's run stops ('reached'): when thread `thread.tid` has completed
 * `thread.retired` instructions (see Thread.retired; with `orBlocked`, also when it sleeps or
 * ends first), or when the harts together have retired `instructions`, whichever comes first.
 * With `lift`, a breakpoint under the thread when the goal is first run is lifted for it alone
 * until it has executed that instruction (stepping off a breakpoint).
 */
export interface RunGoal {
  readonly thread?: { readonly tid: number; readonly retired: number; readonly orBlocked?: boolean; readonly lift?: boolean };
  readonly instructions?: number;
}

/** A machine's state at one moment, to go back to (see `checkpoint`). */
export interface MachineCheckpoint {
  readonly state: Checkpoint;
  readonly lastHart: number;
  /** Instructions retired by every hart when it was taken. */
  readonly instructions: number;
}

export interface LoadOptions {
  /** The path the program sees as its own (argv[0] defaults to it). */
  readonly path: string;
  readonly argv?: readonly string[];
  readonly envp?: readonly string[];
  /** Its working directory (default: /workspace when the host mounted one, else /home/user). */
  readonly cwd?: string;
}

