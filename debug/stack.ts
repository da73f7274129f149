// Unwinding a stopped thread's stack. oslab cc always keeps the frame pointer (ra at -4(s0), the
// caller's s0 at -8(s0)) and emits no call frame information, so the chain of s0 is the stack
// (clang -O0 keeps the same frame layout). The innermost frame may be in a prologue or an
// epilogue, where s0 still (or again) belongs to the caller: it is recognised from the
// instructions around pc. Also here: reading one thread's registers and memory words.

import type { Machine, ThreadRegisters } from '../sim/machine';
import { decode } from '../sim/isa/decode';
import { Op } from '../sim/isa/opcodes';
import type { StoppedFrame } from './values/api';
import { LIBC_BASE, type Program } from './program';

const RA = 1;
const SP = 2;
const S0 = 8;
const MAX_FRAMES = 64;

export type { ThreadRegisters };

/** One thread's registers: the hart's while it runs there, else the saved ones. */
export function threadRegisters(machine: Machine, tid: number): ThreadRegisters | null {
  return machine.threadState(tid);
}

/** A frame as the Call Stack view shows it, with what the values layer needs. */
export interface StackFrameInfo extends StoppedFrame {
  readonly name: string;
  /** Source position, when the frame's code has line information and is not libc's. */
  readonly source?: { readonly path: string; readonly line: number; readonly column: number };
  readonly libc: boolean;
}

export function unwindStack(machine: Machine, program: Program, tid: number, limit = MAX_FRAMES): StackFrameInfo[] {
  const top = threadRegisters(machine, tid);
  if (!top) return [];
  const word = (va: number): number | null => readWord(machine, top.pid, va);
  const frames: StackFrameInfo[] = [];
  let pc = top.pc;
  let regs = [...top.regs];
  for (let depth = 0; depth < limit; depth++) {
    frames.push(describeFrame(program, top.pid, tid, depth, pc, regs));
    const caller = depth === 0 && !framePointerSetUp(word, program, pc) ? { pc: regs[RA], s0: regs[S0], sp: regs[SP] } : callerByFramePointer(word, regs[S0]);
    if (!caller || caller.pc === 0 || caller.pc === pc && caller.sp === regs[SP]) break;
    if (!program.symbols.at(caller.pc - 4) && !program.debug?.functionAt(caller.pc - 4)) break;
    regs = [...regs];
    regs[S0] = caller.s0;
    regs[SP] = caller.sp;
    pc = caller.pc;
    if (caller.s0 === 0 && depth > 0) {
      frames.push(describeFrame(program, top.pid, tid, depth + 1, pc, regs));
      break;
    }
  }
  return frames;
}

function callerByFramePointer(word: (va: number) => number | null, s0: number): { pc: number; s0: number; sp: number } | null {
  if (s0 === 0 || s0 % 4 !== 0) return null;
  const ra = word(s0 - 4);
  const savedS0 = word(s0 - 8);
  if (ra === null || savedS0 === null) return null;
  return { pc: ra, s0: savedS0, sp: s0 };
}

function describeFrame(program: Program, pid: number, tid: number, depth: number, pc: number, regs: readonly number[]): StackFrameInfo {
  // A return address points after the call: look the caller's line up at the call itself.
  const lookup = depth === 0 ? pc : pc - 4;
  const libc = pc >= LIBC_BASE;
  const fn = program.debug?.functionAt(lookup);
  const symbol = program.symbols.at(lookup);
  const fnName = fn?.name ?? symbol?.name ?? `0x${pc.toString(16)}`;
  const row = libc ? undefined : program.debug?.lineForAddress(lookup);
  const source = row && row.line > 0 ? { path: row.file, line: row.line, column: row.column } : undefined;
  return {
    pid,
    tid,
    depth,
    pc,
    regs,
    cfa: regs[S0],
    debug: libc ? null : program.debug,
    name: libc ? `[libc] ${fnName}` : fnName,
    source,
    libc,
  };
}

/**
 * Whether s0 is the frame's own at pc: after the prologue's `addi s0, sp, N` and before the
 * epilogue's `lw s0, N(sp)`. Outside that window ra and s0 still hold the caller's values.
 */
export function framePointerSetUp(word: (va: number) => number | null, program: Program, pc: number): boolean {
  const start = program.debug?.functionAt(pc)?.low ?? program.symbols.at(pc)?.address;
  if (start === undefined) return true;
  let setUp = false;
  for (let a = start; a < pc && a < start + 64; a += 4) {
    const d = decodeAt(word, a);
    if (d && d.op === Op.ADDI && d.rd === S0 && d.rs1 === SP) setUp = true;
  }
  if (!setUp) return false;
  for (let a = pc; a < pc + 32; a += 4) {
    const d = decodeAt(word, a);
    if (!d) break;
    if (d.op === Op.LW && d.rd === S0 && d.rs1 === SP) return true;
    if (d.op === Op.JALR && d.rd === 0 && d.rs1 === RA) return false;
  }
  return true;
}

function decodeAt(word: (va: number) => number | null, va: number): ReturnType<typeof decode> {
  const w = word(va);
  return w === null ? null : decode(w);
}

/** A little-endian word of process memory; null where unreadable or once the process is gone. */
export function readWord(machine: Machine, pid: number, va: number): number | null {
  let bytes: Uint8Array | null;
  try {
    bytes = machine.readMemory(pid, va, 4);
  } catch {
    return null;
  }
  return bytes ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 : null;
}
