// Per-call decoders for the calls strace prints better than their argument kinds alone: flag
// words with their own names, structs, calls whose arguments depend on one another (clone's
// optional pointers, openat's mode, futex's op). Everything else goes through genericArgs.

import {
  AT_FLAGS, CLONE_CHILD_CLEARTID, CLONE_CHILD_SETTID, CLONE_PARENT_SETTID, CLONE_PIDFD, CLONE_SETTLS, CLOCK_IDS,
  FUTEX_CMD_MASK, IOCTL_REQUESTS, O_CREAT, O_TMPFILE, PROT, RLIMIT_RESOURCES, SEEK_WHENCE, SIGPROCMASK_HOW,
  STATX_MASK, TIMER_FLAGS, WAIT_IDTYPES, WAIT_OPTIONS, cloneFlagsText, fdFlagsText, flagsText, futexOpText,
  mapFlagsText, openFlagsText, statxFlagsText, xlatText,
} from './decode-flags';
import {
  iovecText, rlimitText, sigactionText, sigsetText, statxText, termiosText, timespecText, utsnameText, winsizeText,
} from './decode-structs';
import {
  bufferText, dirfdText, genericArgs, pathArgText, signedArg, structArg, succeeded, unsignedArg, type CallContext,
} from './call-context';
import { hex, octalMode, pointer } from './quote';
import { memorySiginfoText } from './siginfo';
import { Errno } from '../errno';
import { signalName } from '../signal';
import { join64 } from './user-memory';

type Decoder = (ctx: CallContext) => string[];


function intOut(ctx: CallContext, va: number): string {
  return structArg(ctx, va, succeeded(ctx), (mem, at) => {
    const v = mem.u32(at);
    return v === null ? null : `[${v | 0}]`;
  });
}

function clone(ctx: CallContext): string[] {
  const [flags, stack, parentTid, tls, childTid] = ctx.args;
  const out = [`child_stack=${pointer(stack)}`, `flags=${cloneFlagsText(flags)}`];
  if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) out.push(`parent_tid=${intOut(ctx, parentTid)}`);
  if (flags & CLONE_SETTLS) out.push(`tls=${pointer(tls)}`);
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) out.push(`child_tidptr=${pointer(childTid)}`);
  return out;
}

function mmap2(ctx: CallContext): string[] {
  const [addr, length, prot, flags, , pgoff] = ctx.args;
  const offset = (pgoff >>> 0) * 4096;
  return [pointer(addr), String(length >>> 0), flagsText(PROT, prot, 'PROT_NONE'), mapFlagsText(flags), String(signedArg(ctx, 4)), offset === 0 ? '0' : hex(offset)];
}

function openat(ctx: CallContext): string[] {
  const flags = ctx.args[2] >>> 0;
  const out = [dirfdText(ctx.args[0]), pathArgText(ctx, ctx.args[1]), openFlagsText(flags)];
  if (flags & O_CREAT || (flags & O_TMPFILE) === O_TMPFILE) out.push(octalMode(ctx.args[3]));
  return out;
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

function rtSigaction(ctx: CallContext): string[] {
  const [signum, act, oldact, size] = ctx.args;
  return [signalName(signum), structArg(ctx, act, true, sigactionText), structArg(ctx, oldact, succeeded(ctx), sigactionText), String(size >>> 0)];
}

function rtSigprocmask(ctx: CallContext): string[] {
  const [how, set, oldset, size] = ctx.args;
  return [xlatText(SIGPROCMASK_HOW, how, 'SIG_???'), structArg(ctx, set, true, sigsetText), structArg(ctx, oldset, succeeded(ctx), sigsetText), String(size >>> 0)];
}

function prlimit64(ctx: CallContext): string[] {
  const [pid, resource, newLimit, oldLimit] = ctx.args;
  return [String(pid | 0), xlatText(RLIMIT_RESOURCES, resource, 'RLIMIT_???'), structArg(ctx, newLimit, true, rlimitText), structArg(ctx, oldLimit, succeeded(ctx), rlimitText)];
}

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
const INT_OUT_REQUESTS = new Set([0x540f, 0x541b, 0x5429]); // TIOCGPGRP, FIONREAD, TIOCGSID

function ioctl(ctx: CallContext): string[] {
  const [fd, request, arg] = ctx.args;
  const head = [String(fd | 0), xlatText(IOCTL_REQUESTS, request >>> 0, 'IOC_???')];
  switch (request >>> 0) {
    case TCGETS:
      return [...head, structArg(ctx, arg, succeeded(ctx), termiosText)];
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
      return [...head, structArg(ctx, arg, true, termiosText)];
    case TIOCGWINSZ:
      return [...head, structArg(ctx, arg, succeeded(ctx), winsizeText)];
    case TIOCSWINSZ:
      return [...head, structArg(ctx, arg, true, winsizeText)];
    default:
      if (INT_OUT_REQUESTS.has(request >>> 0)) return [...head, intOut(ctx, arg)];
      return [...head, pointer(arg)];
  }
}

function statx(ctx: CallContext): string[] {
  const [dirfd, path, flags, mask, buf] = ctx.args;
  return [dirfdText(dirfd), pathArgText(ctx, path), statxFlagsText(flags), flagsText(STATX_MASK, mask), structArg(ctx, buf, succeeded(ctx), statxText)];
}

function llseek(ctx: CallContext): string[] {
  const [fd, high, low, result, whence] = ctx.args;
  const out = structArg(ctx, result, succeeded(ctx), (mem, at) => {
    const w = mem.words(at, 2);
    return w === null ? null : `[${join64(w[0], w[1])}]`;
  });
  return [String(fd | 0), String(join64(low, high)), out, xlatText(SEEK_WHENCE, whence, 'SEEK_???')];
}

function pipe2(ctx: CallContext): string[] {
  const [fds, flags] = ctx.args;
  const pair = structArg(ctx, fds, succeeded(ctx), (mem, at) => {
    const w = mem.words(at, 2);
    return w === null ? null : `[${w[0] | 0}, ${w[1] | 0}]`;
  });
  return [pair, fdFlagsText(flags)];
}

function iovCall(output: boolean): Decoder {
  return (ctx) => {
    const [fd, iov, count, ...rest] = genericArgs(ctx);
    // writev shows each buffer whole (to -s); readv only what the kernel filled in.
    const total = !output ? Infinity : typeof ctx.result === 'number' && succeeded(ctx) ? ctx.result : 0;
    const shown = output && !succeeded(ctx) ? null : iovecText(ctx.mem, ctx.args[1], signedArg(ctx, 2), total, ctx.limit);
    return [fd, shown ?? iov, count, ...rest];
  };
}

function getcwd(ctx: CallContext): string[] {
  const [buf, size] = ctx.args;
  const shown = succeeded(ctx) && typeof ctx.result === 'number' ? bufferText(ctx, buf, Math.max(ctx.result - 1, 0)) : pointer(buf);
  return [shown, String(size >>> 0)];
}

function getdents64(ctx: CallContext): string[] {
  const [fd, dirp, count] = ctx.args;
  let text = pointer(dirp);
  if (succeeded(ctx) && typeof ctx.result === 'number' && dirp !== 0) {
    let entries = 0;
    for (let at = 0; at + 19 <= ctx.result; entries++) {
      const reclen = ctx.mem.bytes(dirp + at + 16, 2);
      if (reclen === null || (reclen[0] | (reclen[1] << 8)) === 0) break;
      at += reclen[0] | (reclen[1] << 8);
    }
    text += ` /* ${entries} entries */`;
  }
  return [String(fd | 0), text, String(count >>> 0)];
}

const F_COMMANDS = ['F_DUPFD', 'F_GETFD', 'F_SETFD', 'F_GETFL', 'F_SETFL', 'F_GETLK', 'F_SETLK', 'F_SETLKW', 'F_SETOWN', 'F_GETOWN'];
const F_DUPFD_CLOEXEC = 1030;

function fcntl64(ctx: CallContext): string[] {
  const [fd, cmd, arg] = ctx.args;
  const name = cmd === F_DUPFD_CLOEXEC ? 'F_DUPFD_CLOEXEC' : (F_COMMANDS[cmd] ?? hex(cmd));
  switch (name) {
    case 'F_GETFD':
    case 'F_GETFL':
      return [String(fd | 0), name];
    case 'F_SETFD':
      return [String(fd | 0), name, arg === 1 ? 'FD_CLOEXEC' : String(arg)];
    case 'F_SETFL':
      return [String(fd | 0), name, openFlagsText(arg)];
    default:
      return [String(fd | 0), name, String(arg | 0)];
  }
}

function unlinkat(ctx: CallContext): string[] {
  return [dirfdText(ctx.args[0]), pathArgText(ctx, ctx.args[1]), flagsText(AT_FLAGS, ctx.args[2])];
}

function dup3(ctx: CallContext): string[] {
  return [String(signedArg(ctx, 0)), String(signedArg(ctx, 1)), fdFlagsText(ctx.args[2])];
}

function mprotect(ctx: CallContext): string[] {
  return [pointer(ctx.args[0]), String(unsignedArg(ctx, 1)), flagsText(PROT, ctx.args[2], 'PROT_NONE')];
}

export const CALL_DECODERS: Readonly<Record<string, Decoder>> = {
  clone,
  mmap2,
  mprotect,
  openat,
  futex_time64: futex,
  waitid,
  clock_gettime64: clockTimeOut,
  clock_getres_time64: clockTimeOut,
  clock_settime64: clockTimeIn,
  clock_nanosleep_time64: clockNanosleep,
  rt_sigaction: rtSigaction,
  rt_sigprocmask: rtSigprocmask,
  prlimit64,
  uname: (ctx) => [structArg(ctx, ctx.args[0], succeeded(ctx), utsnameText)],
  ioctl,
  statx,
  _llseek: llseek,
  pipe2,
  dup3,
  readv: iovCall(true),
  writev: iovCall(false),
  getcwd,
  getdents64,
  fcntl64,
  unlinkat,
};
