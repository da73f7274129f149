// One system call being described: its table entry, its argument registers, its result (absent
// while it has not returned yet: a syscall breakpoint stop) and the traced process's memory, plus
// the generic decoding of an argument from its ArgKind, which the per-call decoders fall back on.

import type { ArgKind, SyscallSpec } from '../syscall-table';
import { AT_FDCWD, CLOCK_IDS, xlatText } from './decode-flags';
import { hex, octalMode, pointer, quoteBytes } from './quote';
import { signalName } from '../signal';
import { join64, type UserMemory } from './user-memory';

const PATH_MAX = 4096;

export interface CallContext {
  readonly spec: SyscallSpec;
  readonly args: readonly number[];
  /** The raw result, 'no-return' for exit/exit_group, undefined before the call has returned. */
  readonly result: number | 'no-return' | undefined;
  readonly mem: UserMemory;
  /** strace's -s: bytes of a string or buffer to show. */
  readonly limit: number;
  /** The stack pointer at entry, where rt_sigreturn finds its frame; undefined when unknown. */
  readonly sp?: number;
}

/** A call's arguments as strace prints them, one string each. */
export type ArgsDecoder = (ctx: CallContext) => string[];
/**
 * What follows `= ` when strace says more than the bare number (`0x1 (flags FD_CLOEXEC)`,
 * `1 ([{fd=3, revents=POLLIN}])`), or null for the usual form.
 */
export type ResultDecoder = (ctx: CallContext) => string | null;

/** Whether the call returned successfully, so its output arguments hold something to show. */
export function succeeded(ctx: CallContext): boolean {
  return typeof ctx.result === 'number' && !(ctx.result < 0 && ctx.result >= -4095);
}

export function signedArg(ctx: CallContext, i: number): number {
  return ctx.args[i] | 0;
}

export function unsignedArg(ctx: CallContext, i: number): number {
  return ctx.args[i] >>> 0;
}

export function dirfdText(value: number): string {
  return (value | 0) === AT_FDCWD ? 'AT_FDCWD' : String(value | 0);
}

/** A NUL-terminated string argument; paths are shown whole (PATH_MAX), other strings to -s. */
export function stringArgText(ctx: CallContext, va: number, max = ctx.limit): string {
  if (va >>> 0 === 0) return 'NULL';
  const s = ctx.mem.cString(va, max);
  return s === null ? pointer(va) : quoteBytes(s.bytes, !s.terminated);
}

export function pathArgText(ctx: CallContext, va: number): string {
  return stringArgText(ctx, va, PATH_MAX);
}

/** `length` bytes at `va`, cut at -s with strace's `...`. */
export function bufferText(ctx: CallContext, va: number, length: number): string {
  const bytes = ctx.mem.bytes(va, Math.min(Math.max(length, 0), ctx.limit));
  return bytes === null ? pointer(va) : quoteBytes(bytes, length > ctx.limit);
}

/** A struct argument: its decoding when `show` and readable, else the bare address. */
export function structArg(ctx: CallContext, va: number, show: boolean, decode: (mem: UserMemory, va: number) => string | null): string {
  if (va >>> 0 === 0) return 'NULL';
  return (show ? decode(ctx.mem, va) : null) ?? pointer(va);
}

/** An int the call reads or writes through a pointer: `[1234]`. */
export function intPointerText(ctx: CallContext, va: number, show: boolean): string {
  return structArg(ctx, va, show, (mem, at) => {
    const v = mem.u32(at);
    return v === null ? null : `[${v | 0}]`;
  });
}

/** A NULL-terminated string vector (execve's argv): `["ls", "-l"]`. */
export function stringVectorText(ctx: CallContext, va: number): string {
  if (va >>> 0 === 0) return 'NULL';
  const items: string[] = [];
  for (let at = va; items.length < ctx.limit; at += 4) {
    const p = ctx.mem.u32(at);
    if (p === null) return items.length === 0 ? pointer(va) : `[${items.join(', ')}, ...]`;
    if (p === 0) return `[${items.join(', ')}]`;
    items.push(stringArgText(ctx, p));
  }
  return `[${items.join(', ')}, ...]`;
}

/** envp is only counted without -v: its address and a `3 vars` comment. */
export function environmentText(ctx: CallContext, va: number): string {
  if (va >>> 0 === 0) return 'NULL';
  let count = 0;
  for (let at = va; ; at += 4, count++) {
    const p = ctx.mem.u32(at);
    if (p === null) return pointer(va);
    if (p === 0) break;
  }
  return `${pointer(va)} /* ${count} var${count === 1 ? '' : 's'} */`;
}

// Calls whose `buf` is filled by the kernel: shown after return, as many bytes as the result says.
const OUTPUT_BUFFERS = new Set(['read', 'pread64', 'readlinkat', 'getrandom', 'recvfrom', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr', 'mq_timedreceive_time64', 'getxattrat', 'listxattrat']);

/**
 * Every argument decoded from its kind alone, 64-bit halves joined into one value. Per-call
 * decoders replace this list for the calls strace knows better.
 */
export function genericArgs(ctx: CallContext): string[] {
  const out: string[] = [];
  const kinds = ctx.spec.args;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i].kind;
    const v = ctx.args[i] ?? 0;
    switch (kind) {
      case 'u64lo':
      case 'u64hi': {
        // _llseek passes the high word first; everything else low word first.
        const [lo, hi] = kind === 'u64lo' ? [v, ctx.args[i + 1] ?? 0] : [ctx.args[i + 1] ?? 0, v];
        out.push(String(join64(lo, hi)));
        i++;
        break;
      }
      case 'buf': {
        const sizeIndex = kinds.findIndex((k, j) => j > i && k.kind === 'size');
        const declared = sizeIndex < 0 ? 0 : unsignedArg(ctx, sizeIndex);
        if (!OUTPUT_BUFFERS.has(ctx.spec.name)) out.push(v === 0 ? 'NULL' : bufferText(ctx, v, declared));
        else out.push(succeeded(ctx) && typeof ctx.result === 'number' ? bufferText(ctx, v, ctx.result) : pointer(v));
        break;
      }
      default:
        out.push(scalarText(ctx, kind, v, kinds[i].name));
    }
  }
  return out;
}

function scalarText(ctx: CallContext, kind: ArgKind, v: number, name: string): string {
  switch (kind) {
    case 'uint':
    case 'size':
      return String(v >>> 0);
    case 'dirfd':
      return dirfdText(v);
    case 'signal':
      return v === 0 ? '0' : signalName(v);
    case 'clockid':
      return xlatText(CLOCK_IDS, v | 0, 'CLOCK_???');
    case 'flags':
      return v >>> 0 === 0 ? '0' : hex(v);
    case 'mode':
      return octalMode(v);
    case 'ptr':
      return pointer(v);
    case 'str':
      return name.includes('path') || name === 'target' ? pathArgText(ctx, v) : stringArgText(ctx, v);
    case 'strv':
      return name === 'envp' ? environmentText(ctx, v) : stringVectorText(ctx, v);
    default:
      return String(v | 0);
  }
}
