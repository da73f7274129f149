// Line and instruction stepping for one thread, on top of the runtime's single instruction step
// and its fast run to a temporary breakpoint. `next` steps the line's instructions and runs over
// calls at full speed to their return address (sp checked, so recursion does not stop early);
// `stepIn` enters calls into code with source and stops after the callee's prologue; `stepOut`
// runs to the caller's return address. As gdb does, a step that lands in the middle of another
// line (back in a caller after a return) keeps going to the start of a line.

import { decode, type Decoded } from '../sim/isa/decode';
import { Op } from '../sim/isa/opcodes';
import { bodyStart } from './breakpoints';
import { LIBC_BASE } from './program';
import type { MachineRuntime } from './runtime';
import { readWord, threadRegisters, unwindStack } from './stack';

export type StepKind = 'over' | 'in' | 'out';

const RA = 1;
const SP = 2;
/** Instructions a line step may single-step before it yields to the host (and checks for pause). */
const YIELD_EVERY = 2_000;
/** Instructions a line step single-steps at most (calls run at full speed and do not count). */
const STEP_BUDGET = 2_000_000;

export async function stepInstruction(runtime: MachineRuntime, tid: number): Promise<void> {
  const outcome = runtime.stepInstruction(tid);
  if (!outcome) runtime.reportStop({ reason: 'step', tid, description: 'step' });
}

export async function stepOut(runtime: MachineRuntime, tid: number): Promise<void> {
  const frames = unwindStack(runtime.machine, runtime.programOf(tid), tid, 2);
  if (frames.length < 2) return runtime.continue();
  const caller = frames[1];
  const outcome = await runtime.runFast({ tid, address: caller.pc, minSp: caller.regs[SP] });
  if (outcome.kind === 'target') runtime.reportStop({ reason: 'step', tid, description: 'step out' });
}

/** Steps one source line (`over`: calls run through; `in`: calls into code with source are entered). */
export async function stepLine(runtime: MachineRuntime, tid: number, kind: 'over' | 'in'): Promise<void> {
  const debug = runtime.programOf(tid).debug;
  const start = threadRegisters(runtime.machine, tid);
  if (!debug || !start || !hasSource(runtime, tid, start.pc)) {
    // No source here (libc, no -g): finish the function when it was called from code with source.
    if (start && start.pc >= LIBC_BASE) return stepOut(runtime, tid);
    return stepInstruction(runtime, tid);
  }
  let range = debug.lineRangeAt(start.pc)!;
  let frameSp = start.regs[SP];
  for (let steps = 0; steps < STEP_BUDGET; steps++) {
    if (steps % YIELD_EVERY === YIELD_EVERY - 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (runtime.takePause()) return runtime.reportStop({ reason: 'pause', tid, description: 'paused' });
    }
    const now = threadRegisters(runtime.machine, tid);
    if (!now) return runtime.continue();
    const insn = instructionAt(runtime, now.pid, now.pc);
    const isCall = insn !== null && (insn.op === Op.JAL || insn.op === Op.JALR) && insn.rd === RA;
    if (runtime.stepInstruction(tid)) return;
    let after = threadRegisters(runtime.machine, tid);
    if (!after) return runtime.continue();
    // A blocking syscall (the thread sleeps at its ecall) or a call: the machine runs at full
    // speed until the thread is back at the next instruction.
    const blocked = after.state === 'sleeping' && after.pc === now.pc;
    if (isCall && !blocked && kind === 'in' && hasSource(runtime, tid, after.pc)) return finishPrologue(runtime, tid, after.pc);
    if (isCall || blocked) {
      const outcome = await runtime.runFast({ tid, address: now.pc + 4, minSp: now.regs[SP] });
      if (outcome.kind !== 'target') return;
      after = threadRegisters(runtime.machine, tid)!;
    }
    const pc = after.pc;
    if (!hasSource(runtime, tid, pc)) {
      // Returned into code without source (main returning into libc): let the program run on.
      if (after.regs[SP] > frameSp) return runtime.continue();
      continue;
    }
    const row = debug.lineForAddress(pc);
    if (!row || row.line === 0) continue;
    const outside = pc < range.low || pc >= range.high;
    const atLineStart = row.address === pc && row.isStmt;
    if (atLineStart && (outside || pc === range.low)) return runtime.reportStop({ reason: 'step', tid, description: 'step' });
    if (outside) {
      // Mid-way into another line (the rest of the caller's line after a return): step on through it.
      range = debug.lineRangeAt(pc) ?? range;
      frameSp = after.regs[SP];
    }
  }
  runtime.reportStop({ reason: 'step', tid, description: 'step (instruction budget reached)' });
}

// After a call into code with source: on to the callee's first statement, past its prologue.
async function finishPrologue(runtime: MachineRuntime, tid: number, entry: number): Promise<void> {
  const body = bodyStart(runtime.programOf(tid), entry);
  if (body !== entry) {
    const sp = threadRegisters(runtime.machine, tid)?.regs[SP] ?? 0;
    // The prologue moves sp down by the frame size: any sp below the entry's is this call's.
    const outcome = await runtime.runFast({ tid, address: body, minSp: sp - 0x10_0000 });
    if (outcome.kind !== 'target') return;
  }
  runtime.reportStop({ reason: 'step', tid, description: 'step in' });
}

function hasSource(runtime: MachineRuntime, tid: number, pc: number): boolean {
  if (pc >= LIBC_BASE) return false;
  const row = runtime.programOf(tid).debug?.lineForAddress(pc);
  return row !== undefined && row.line > 0;
}

function instructionAt(runtime: MachineRuntime, pid: number, pc: number): Decoded | null {
  const word = readWord(runtime.machine, pid, pc);
  return word === null ? null : decode(word);
}
