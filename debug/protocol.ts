// The oslab debug protocol beyond standard DAP, declared once and shared by the adapter, the
// extension, the panels and the tests: the launch arguments of debug type `oslab`, the custom
// events the adapter sends, and the ids of the exception-breakpoint filters.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SchedPolicy } from '../sim/config';
import type { MachineEvent, MachineSnapshot, PageTableView } from '../sim/snapshot-types';

export const DEBUG_TYPE = 'oslab';

/** `launch` arguments (launch.json). Sizes and durations as `oslab run` takes them. */
export interface OslabLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** A .c or .s file (built with -g against oslab's libc) or a static RV32 ELF. */
  readonly program: string;
  readonly args?: readonly string[];
  /** What the program reads from stdin; end of file after it. */
  readonly stdin?: string;
  /** Where relative paths (program, sources) are resolved; the debugger's own cwd by default. */
  readonly cwd?: string;
  readonly cores?: number;
  /** Physical memory in MiB. */
  readonly memory?: number;
  readonly scheduler?: SchedPolicy;
  /** The scheduler's time slice in nanoseconds. */
  readonly timeslice?: number;
  /** TLB entries per hart. */
  readonly tlb?: number;
  readonly asid?: boolean;
  readonly caches?: boolean;
  readonly seed?: number;
  /** Stop at main's first statement (at the ELF entry point without debug info). */
  readonly stopOnEntry?: boolean;
  /**
   * Keep the run's history for reverse execution (stepBack, reverseContinue): checkpoints as it
   * runs, replay to go back. On unless false.
   */
  readonly history?: boolean;
  /**
   * Let the program's changes under /workspace (the `cwd` folder, as the machine sees it) reach
   * the real files. Off by default: they stay in the machine.
   */
  readonly mountRw?: boolean;
  /**
   * Where the program's terminal is (the name other debuggers use): the Debug Console (output
   * only; stdin is `stdin` then end of file), or a terminal the user types into (`stdin` first).
   * The default is VS Code's terminal in VS Code, the Debug Console for other clients (launchConsole).
   */
  readonly console?: ProgramConsole;
}

export type ProgramConsole = 'internalConsole' | 'integratedTerminal';

/** A launch's `console`, defaulted: in VS Code a terminal the user can type into, elsewhere the Debug Console. */
export function launchConsole(launch: { readonly console?: unknown }, inVsCode: boolean): ProgramConsole {
  if (launch.console === 'integratedTerminal' || launch.console === 'internalConsole') return launch.console;
  return inVsCode ? 'integratedTerminal' : 'internalConsole';
}

/** Custom request `oslab/terminalInput`: what the user did in the program's terminal. */
export const TERMINAL_INPUT_REQUEST = 'oslab/terminalInput';
export interface OslabTerminalInputArguments {
  /** Keys typed, raw: the machine's terminal echoes and edits them (its line discipline is the kernel's). */
  readonly text?: string;
  /** The terminal went away (closed), after `text`: reads see end of file from then on. (^D is a key in `text`.) */
  readonly eof?: boolean;
  /** The key ^C, typed after `text`: SIGINT to the foreground process group unless the program turned ISIG off. */
  readonly interrupt?: boolean;
}

/** Custom event `oslab/terminalOutput`: program output for the terminal VS Code shows (instead of `output` events). */
export const TERMINAL_OUTPUT_EVENT = 'oslab/terminalOutput';
export interface OslabTerminalOutputBody {
  readonly text: string;
  readonly category: 'stdout' | 'stderr';
}

export interface OslabTerminalOutputEvent extends DebugProtocol.Event {
  readonly event: typeof TERMINAL_OUTPUT_EVENT;
  readonly body: OslabTerminalOutputBody;
}

/** Exception-breakpoint filter ids: kernel events the machine can stop at. */
export const FILTER_SYSCALL = 'syscall';
export const FILTER_SYSCALL_EXIT = 'syscall-exit';
export const FILTER_SIGNAL = 'signal';
export const FILTER_PROCESS_CREATED = 'process-created';
export const FILTER_PROCESS_EXITED = 'process-exited';
export type FilterId = typeof FILTER_SYSCALL | typeof FILTER_SYSCALL_EXIT | typeof FILTER_SIGNAL | typeof FILTER_PROCESS_CREATED | typeof FILTER_PROCESS_EXITED;

/** Why the machine stopped, as `oslab/stopped` reports it (the DAP `stopped` reason, or finer). */
export type StopReason = 'entry' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'data breakpoint' | 'step' | 'pause' | 'exception';

/** Custom event `oslab/stopped`: sent right after every DAP `stopped` event. */
export const STOPPED_EVENT = 'oslab/stopped';
export interface OslabStoppedBody {
  /** Bumped at every stop; panels drop replies and snapshots of older epochs. */
  readonly epoch: number;
  readonly pid: number;
  readonly tid: number;
  readonly reason: StopReason;
  /** What the stop was about, as shown to the user ("clone(flags=…)", "breakpoint at main.c:12"). */
  readonly description: string;
  /** The machine's simulated clock at the stop, in nanoseconds (always sent by oslab's adapter). */
  readonly timeNs?: number;
  /** Instructions retired by every hart since the machine started (always sent by oslab's adapter). */
  readonly instructions?: number;
}

export interface OslabStoppedEvent extends DebugProtocol.Event {
  readonly event: typeof STOPPED_EVENT;
  readonly body: OslabStoppedBody;
}

/**
 * Custom request `oslab/panelData`: the machine as the panels show it, for the thread the user
 * selected (Call Stack, or a click in a panel). Answered at a stop and between slices of a run.
 */
export const PANEL_DATA_REQUEST = 'oslab/panelData';
export interface OslabPanelDataArguments {
  /** The selected thread; the last stop's when absent or gone. */
  readonly tid?: number;
}

/** What `oslab/panelData` answers: one snapshot with the selected process's page table and the recent kernel events. */
export interface PanelData {
  /** The stop it belongs to (`oslab/stopped`'s epoch); a running machine's data carries the last stop's. */
  readonly epoch: number;
  /** Bumped at every reply: of two replies, the higher is the newer state. */
  readonly sequence: number;
  readonly running: boolean;
  /** The thread the panels follow and its process; null when no thread is left. */
  readonly selected: { readonly pid: number; readonly tid: number } | null;
  readonly snapshot: MachineSnapshot;
  /** The selected process's Sv32 page table. */
  readonly pageTable: PageTableView | null;
  /** The machine's most recent events of the kinds panels read (not page faults), oldest first (bounded). */
  readonly events: readonly MachineEvent[];
}
