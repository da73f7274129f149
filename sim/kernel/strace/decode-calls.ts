// Per-call decoders for the calls strace prints better than their argument kinds alone: flag
// words with their own names, structs, calls whose arguments depend on one another (clone's
// optional pointers, futex's op). The file, signal, ioctl, fcntl and poll calls have their own
// modules; this one gathers every decoder into the tables format.ts looks up. Everything else
// goes through genericArgs.

import {
  CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID, CLONE_PARENT_SETTID, CLONE_PIDFD, CLONE_SETTLS, CLOCK_IDS,
  FUTEX_CMD_MASK, PROT, RLIMIT_RESOURCES, TIMER_FLAGS, WAIT_IDTYPES, WAIT_OPTIONS, cloneFlagsText, flagsText,
  futexOpText, mapFlagsText, xlatText,
} from './decode-flags';
import { rlimitText, timespecText, utsnameText } from './decode-structs';
import { intPointerText, signedArg, structArg, succeeded, unsignedArg, type ArgsDecoder, type CallContext, type ResultDecoder } from './call-context';
import { fcntl64, fcntl64Result } from './decode-fcntl';
import { FILE_DECODERS, FILE_RESULTS } from './decode-files';
import { ioctl } from './decode-ioctl';
import { ppoll, ppollResult } from './decode-poll';
import { SIGNAL_DECODERS, SIGNAL_RESULTS } from './decode-signals';
import { hex, pointer } from './quote';
import { memorySiginfoText } from './siginfo';
import { Errno } from '../errno';

function clone(ctx: CallContext): string[] {
  const [flags, stack, parentTid, tls, childTid] = ctx.args;
  const out = [`child_stack=${pointer(stack)}`, `flags=${cloneFlagsText(flags)}`];
  if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) out.push(`parent_tid=${intPointerText(ctx, parentTid, succeeded(ctx))}`);
  if (flags & CLONE_SETTLS) out.push(`tls=${pointer(tls)}`);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) out.push(`child_tidptr=${pointer(childTid)}`);
  return out;
}

function mmap2(ctx: CallContext): string[] {
  const [addr, length, prot, flags, , pgoff] = ctx.args;
  const offset = (pgoff >>> 0) * 4096;
  return [pointer(addr), String(length >>> 0), flagsText(PROT, prot, 'PROT_NONE'), mapFlagsText(flags), String(signedArg(ctx, 4)), offset === 0 ? '0' : hex(offset)];
}

const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;

function bitsetText(v: number): string {
  return v >>> 0 === 0xffffffff ? 'FUTEX_BITSET_MATCH_ANY' : hex(v >>> 0);
}

function futex(ctx: CallContext): string[] {
  const [uaddr, op, val, timeout, uaddr2, val3] = ctx.args;
  const head = [pointer(uaddr), futexOpText(op), String(val >>> 0)];
  const time = () => structArg(ctx, timeout, true, timespecText);
  switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
      return [...head, time()];
    case FUTEX_WAKE:
      return head;
    case FUTEX_WAIT_BITSET:
      return [...head, time(), bitsetText(val3)];
    case FUTEX_WAKE_BITSET:
      return [...head, bitsetText(val3)];
    case FUTEX_REQUEUE:
      return [...head, String(timeout >>> 0), pointer(uaddr2)];
    case FUTEX_CMP_REQUEUE:
      return [...head, String(timeout >>> 0), pointer(uaddr2), String(val3 >>> 0)];
    default:
      return [...head, pointer(timeout), pointer(uaddr2), hex(val3 >>> 0)];
  }
}

function waitid(ctx: CallContext): string[] {
  const [idtype, id, infop, options, rusage] = ctx.args;
  return [
    xlatText(WAIT_IDTYPES, idtype, 'P_???'),
    String(id | 0),
    structArg(ctx, infop, succeeded(ctx), memorySiginfoText),
    flagsText(WAIT_OPTIONS, options),
    pointer(rusage),
  ];
}

function clockTimeOut(ctx: CallContext): string[] {
  return [xlatText(CLOCK_IDS, signedArg(ctx, 0), 'CLOCK_???'), structArg(ctx, ctx.args[1], succeeded(ctx), timespecText)];
}

function clockTimeIn(ctx: CallContext): string[] {
  return [xlatText(CLOCK_IDS, signedArg(ctx, 0), 'CLOCK_???'), structArg(ctx, ctx.args[1], true, timespecText)];
}

function clockNanosleep(ctx: CallContext): string[] {
  const [, flags, request, remain] = ctx.args;
  // The remaining time is only written when a signal cut the sleep short.
  const interrupted = ctx.result === -Errno.EINTR;
  return [xlatText(CLOCK_IDS, signedArg(ctx, 0), 'CLOCK_???'), flagsText(TIMER_FLAGS, flags), structArg(ctx, request, true, timespecText), structArg(ctx, remain, interrupted, timespecText)];
}

function prlimit64(ctx: CallContext): string[] {
  const [pid, resource, newLimit, oldLimit] = ctx.args;
  return [String(pid | 0), xlatText(RLIMIT_RESOURCES, resource, 'RLIMIT_???'), structArg(ctx, newLimit, true, rlimitText), structArg(ctx, oldLimit, succeeded(ctx), rlimitText)];
}

function mprotect(ctx: CallContext): string[] {
  return [pointer(ctx.args[0]), String(unsignedArg(ctx, 1)), flagsText(PROT, ctx.args[2], 'PROT_NONE')];
}

export const CALL_DECODERS: Readonly<Record<string, ArgsDecoder>> = {
  clone,
  mmap2,
  mprotect,
  futex_time64: futex,
  waitid,
  clock_gettime64: clockTimeOut,
  clock_getres_time64: clockTimeOut,
  clock_settime64: clockTimeIn,
  clock_nanosleep_time64: clockNanosleep,
  prlimit64,
  uname: (ctx) => [structArg(ctx, ctx.args[0], succeeded(ctx), utsnameText)],
  ioctl,
  fcntl64,
  ppoll_time64: ppoll,
  ...FILE_DECODERS,
  ...SIGNAL_DECODERS,
};

export const RESULT_DECODERS: Readonly<Record<string, ResultDecoder>> = {
  fcntl64: fcntl64Result,
  ppoll_time64: ppollResult,
  ...FILE_RESULTS,
  ...SIGNAL_RESULTS,
};
