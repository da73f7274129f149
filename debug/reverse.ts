// Reverse execution (DAP stepBack and reverseContinue) on the run's history (history.ts). Going
// back is a search and a replay: from the latest checkpoint before now, replay up to now and note
// every place the answer could be (the thread at a line's start, a breakpoint that holds); the
// last one noted is the answer, reached by restoring the same checkpoint and replaying to it.
// With nothing there, the stretch before the previous checkpoint is searched, and so on back to
// the start. Replays run with the program's breakpoints of the search, and the same stops come in
// the same order each time, so "the 7th stop" names one moment.

import type { RunState } from '../sim/machine';
import { bodyStart } from './breakpoints';
import type { Mark, ReplayStop } from './history';
import { LIBC_BASE, type Program } from './program';
import type { MachineRuntime, StopInfo } from './runtime';
import { threadRegisters } from './stack';

const SP = 2;

/** Where a search found its answer: the stop with this index in a replay from `mark`. */
interface Found {
  readonly mark: Mark;
  readonly index: number;
  readonly stop: StopInfo;
}

/** Steps thread `tid` back one instruction: to just after it completed the one before. */
export async function stepBackInstruction(runtime: MachineRuntime, tid: number): Promise<void> {
  const history = runtime.history!;
  const now = threadRegisters(runtime.machine, tid);
  const goal = (now?.retired ?? 0) - 1;
  const mark = history.marksBefore(runtime.machine.instructions).find((m) => (m.retired.get(tid) ?? 0) <= goal);
  if (goal < 0 || !mark) return runtime.reportStop({ reason: 'step', tid, description: 'no earlier instruction in this thread' });
  await replaying(runtime, tid, async () => {
    history.restore(mark);
    runtime.setReplayBreakpoints([]);
    const state = await history.replay({ thread: { tid, retired: goal } }, () => false, () => runtime.takePause());
    return state.kind === 'paused' ? 'paused' : { reason: 'step', tid, description: 'step back' };
  });
}

/**
 * Steps thread `tid` back one source line: to the latest moment before now when it stood at the
 * start of a line in this function or a caller (not in a callee), as `next` run backwards.
 */
export async function stepBackLine(runtime: MachineRuntime, tid: number): Promise<void> {
  const now = threadRegisters(runtime.machine, tid);
  if (!now || !runtime.programOf(tid).debug) return stepBackInstruction(runtime, tid);
  const sp = now.regs[SP];
  const starts = lineStarts(runtime.programOf(tid));
  await replaying(runtime, tid, async () => {
    const found = await search(runtime, starts, (stop) => {
      if (stop.kind !== 'stopped' || stop.tid !== tid || stop.trap.kind !== 'breakpoint') return null;
      const at = threadRegisters(runtime.machine, tid);
      return at && at.regs[SP] >= sp ? { reason: 'step', tid, description: 'step back' } : null;
    });
    return arrive(runtime, found, starts, { reason: 'step', tid, description: 'no earlier line in the recorded history' });
  });
}

/** Runs backwards to the latest stop a forward run would have made (breakpoints, data breakpoints, event filters). */
export async function reverseContinue(runtime: MachineRuntime, tid: number): Promise<void> {
  const addresses = [...runtime.breakpoints.addresses()];
  await replaying(runtime, tid, async () => {
    const found = await search(runtime, addresses, (stop) => runtime.stopFor(stop));
    return arrive(runtime, found, addresses, { reason: 'entry', tid, description: 'the start of the recorded history' });
  });
}

/**
 * Runs `go` as one replay for the user: it ends in the stop `go` names, a pause where the replay
 * got to (the user paused a long search), or, should the history fail, a stop saying so.
 */
async function replaying(runtime: MachineRuntime, tid: number, go: () => Promise<StopInfo | 'paused'>): Promise<void> {
  let stop: StopInfo;
  runtime.beginReplay();
  try {
    const outcome = await go();
    stop = outcome === 'paused' ? { reason: 'pause', tid, description: 'paused while going back' } : outcome;
  } catch (error) {
    stop = { reason: 'exception', tid, description: 'reverse execution failed', text: `reverse execution failed: ${(error as Error).message}` };
  } finally {
    runtime.endReplay();
  }
  runtime.reportStop(stop);
}

// Searches the stretches between checkpoints from now backwards for the last stop `accept` takes.
async function search(runtime: MachineRuntime, addresses: readonly number[], accept: (stop: ReplayStop) => StopInfo | null): Promise<Found | null | 'paused'> {
  const history = runtime.history!;
  let end = runtime.machine.instructions;
  for (const mark of history.marksBefore(end)) {
    let last: Found | null = null;
    history.restore(mark);
    runtime.setReplayBreakpoints(addresses);
    const visit = (stop: ReplayStop, index: number): boolean => {
      const info = accept(stop);
      if (info) last = { mark, index, stop: info };
      return false;
    };
    const state = await history.replay({ instructions: end }, visit, () => runtime.takePause());
    if (state.kind === 'paused') return 'paused';
    if (!reachedOrEnded(state)) throw new Error(`the replay did not come back to where it started (${state.kind})`);
    if (last) return last;
    end = mark.instructions;
  }
  return null;
}

// Replays to what the search found; with nothing found, to the start of the recorded history.
async function arrive(runtime: MachineRuntime, found: Found | null | 'paused', addresses: readonly number[], otherwise: StopInfo): Promise<StopInfo | 'paused'> {
  const history = runtime.history!;
  if (found === 'paused') return found;
  if (!found) {
    history.restore(history.marksBefore(Infinity).at(-1)!);
    return otherwise;
  }
  history.restore(found.mark);
  runtime.setReplayBreakpoints(addresses);
  const state = await history.replay({}, (_stop, index) => index === found.index, () => runtime.takePause());
  return state.kind === 'paused' ? 'paused' : found.stop;
}

function reachedOrEnded(state: RunState): boolean {
  return state.kind === 'reached' || state.kind === 'halted';
}

const lineStartCache = new WeakMap<Program, number[]>();

/** The address of every line's first instruction in the program's own code (prologues skipped). */
function lineStarts(program: Program): number[] {
  const cached = lineStartCache.get(program);
  if (cached) return cached;
  const starts: number[] = [];
  const debug = program.debug;
  for (const fn of debug?.functions() ?? []) {
    if (fn.low >= LIBC_BASE) continue;
    const body = bodyStart(program, fn.low);
    for (let a = fn.low; a < fn.high; a += 4) {
      const row = debug!.lineForAddress(a);
      if (row && row.address === a && row.isStmt && row.line > 0 && (a >= body || a === fn.low && body === fn.low)) starts.push(a);
    }
  }
  lineStartCache.set(program, starts);
  return starts;
}
