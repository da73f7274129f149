// strace's line format for one system call, as a pure function of the call (number, argument
// registers, result) and a reader of the caller's memory: `write(1, "hi\n", 3)` and `3`, or
// `-1 ENOENT (No such file or directory)`. `oslab run --trace` prints these through
// SyscallTracer; the debugger reuses describeSyscall to say which call a thread stopped in.

import { syscallByNumber, type SyscallSpec } from '../syscall-table';
import { CALL_DECODERS, RESULT_DECODERS } from './decode-calls';
import { genericArgs, type CallContext } from './call-context';
import { DEFAULT_STRING_LIMIT, hex } from './quote';
import { callResultText } from './result';
import { UserMemory, type MemoryReader } from './user-memory';

export interface SyscallCall {
  readonly pid: number;
  readonly nr: number;
  /** a0..a5 at entry. */
  readonly args: readonly number[];
  /** Negative = -errno; 'no-return' for exit/exit_group; undefined while still inside the call. */
  readonly result?: number | 'no-return';
  /** The stack pointer at entry, which rt_sigreturn needs to find its frame. */
  readonly sp?: number;
}

export interface FormatOptions {
  /** strace's -s (default 32). */
  readonly stringLimit?: number;
}

export interface SyscallDescription {
  /** `write(1, "hi\n", 3)`. */
  readonly call: string;
  /** What follows `= `: `3`, `0x5000`, `?`, `-1 ENOENT (No such file or directory)`; null before return. */
  readonly result: string | null;
}

export function describeSyscall(call: SyscallCall, read: MemoryReader, options: FormatOptions = {}): SyscallDescription {
  const spec = syscallByNumber(call.nr) ?? unknownSpec(call.nr);
  const ctx: CallContext = { spec, args: call.args, result: call.result, mem: new UserMemory(read, call.pid), limit: options.stringLimit ?? DEFAULT_STRING_LIMIT, sp: call.sp };
  const args = (CALL_DECODERS[spec.name] ?? genericArgs)(ctx);
  const result = call.result === undefined ? null : (RESULT_DECODERS[spec.name]?.(ctx) ?? callResultText(ctx));
  return { call: `${spec.name}(${args.join(', ')})`, result };
}

// A number the table does not know: strace shows `syscall_0x1c3(...)` with all six registers in hex.
function unknownSpec(nr: number): SyscallSpec {
  const reg = (i: number) => ({ name: `a${i}`, kind: 'flags' as const });
  return { nr, name: `syscall_${hex(nr)}`, args: [0, 1, 2, 3, 4, 5].map(reg) };
}

/** strace -T: time spent in the call, `<0.000002>`, truncated to microseconds as strace does. */
export function durationText(ns: number): string {
  const us = Math.floor(ns / 1000);
  return `<${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}>`;
}

/** strace -f's `[pid    13] ` prefix (the thread's id, right-aligned in five columns). */
export function pidPrefix(tid: number): string {
  return `[pid ${String(tid).padStart(5)}] `;
}

/** strace's default -a 40: the column where `= result` starts, when the call is short enough. */
const RESULT_COLUMN = 40;

/** One finished call as a trace line: prefix, call, `= result` at column 40, duration. */
export function syscallLine(prefix: string, d: { call: string; result: string }, duration: string): string {
  const head = `${prefix}${d.call} `;
  return `${head.padEnd(RESULT_COLUMN)}= ${d.result} ${duration}`;
}
