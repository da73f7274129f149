// Decoders for the file and descriptor calls: openat's flags and conditional mode, the *at
// calls' flag words, statx, _llseek, getdents64, getcwd, pipe2, dup3, readv/writev, and the
// results strace annotates (umask in octal). fcntl64 lives in decode-fcntl.ts.

import {
  ACCESS_MODES, FACCESSAT_FLAGS, O_CREAT, RENAME_FLAGS, SEEK_WHENCE, STATX_MASK, UNLINKAT_FLAGS, __O_TMPFILE,
  fdFlagsText, flagsText, openFlagsText, statxFlagsText, xlatText,
} from './decode-flags';
import { iovecText, statxText } from './decode-structs';
import {
  dirfdText, genericArgs, pathArgText, signedArg, structArg, succeeded, type ArgsDecoder, type CallContext, type ResultDecoder,
} from './call-context';
import { octalMode, pointer, quoteBytes } from './quote';
import { join64 } from './user-memory';

function openat(ctx: CallContext): string[] {
  const flags = ctx.args[2] >>> 0;
  const out = [dirfdText(ctx.args[0]), pathArgText(ctx, ctx.args[1]), openFlagsText(flags)];
  // strace tests the __O_TMPFILE bit alone, not all of O_TMPFILE (which includes O_DIRECTORY).
  if (flags & (O_CREAT | __O_TMPFILE)) out.push(octalMode(ctx.args[3]));
  return out;
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

function dup3(ctx: CallContext): string[] {
  return [String(signedArg(ctx, 0)), String(signedArg(ctx, 1)), fdFlagsText(ctx.args[2])];
}

function iovCall(output: boolean): ArgsDecoder {
  return (ctx) => {
    const [fd, iov, count, ...rest] = genericArgs(ctx);
    // writev shows each buffer whole (to -s); readv only what the kernel filled in.
    const total = !output ? Infinity : typeof ctx.result === 'number' && succeeded(ctx) ? ctx.result : 0;
    const shown = output && !succeeded(ctx) ? null : iovecText(ctx.mem, ctx.args[1], signedArg(ctx, 2), total, ctx.limit);
    return [fd, shown ?? iov, count, ...rest];
  };
}

// A path, so not cut at -s; the result counts the NUL.
function getcwd(ctx: CallContext): string[] {
  const [buf, size] = ctx.args;
  const length = succeeded(ctx) && typeof ctx.result === 'number' ? Math.max(ctx.result - 1, 0) : -1;
  const bytes = length < 0 ? null : ctx.mem.bytes(buf, length);
  return [bytes === null ? pointer(buf) : quoteBytes(bytes, false), String(size >>> 0)];
}

// Without -v strace counts the entries instead of printing them.
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

function unlinkat(ctx: CallContext): string[] {
  return [dirfdText(ctx.args[0]), pathArgText(ctx, ctx.args[1]), flagsText(UNLINKAT_FLAGS, ctx.args[2])];
}

function renameat2(ctx: CallContext): string[] {
  const [olddirfd, oldpath, newdirfd, newpath, flags] = ctx.args;
  return [dirfdText(olddirfd), pathArgText(ctx, oldpath), dirfdText(newdirfd), pathArgText(ctx, newpath), flagsText(RENAME_FLAGS, flags)];
}

function faccessat(ctx: CallContext): string[] {
  return [dirfdText(ctx.args[0]), pathArgText(ctx, ctx.args[1]), flagsText(ACCESS_MODES, ctx.args[2], 'F_OK')];
}

function faccessat2(ctx: CallContext): string[] {
  return [...faccessat(ctx), flagsText(FACCESSAT_FLAGS, ctx.args[3])];
}

/** C's `%#o`: 0 alone, otherwise a leading 0 (umask's old mask). */
function umaskResult(ctx: CallContext): string | null {
  if (typeof ctx.result !== 'number' || !succeeded(ctx)) return null;
  return ctx.result === 0 ? '0' : `0${(ctx.result >>> 0).toString(8)}`;
}

export const FILE_DECODERS: Readonly<Record<string, ArgsDecoder>> = {
  openat,
  statx,
  _llseek: llseek,
  pipe2,
  dup3,
  readv: iovCall(true),
  writev: iovCall(false),
  preadv: iovCall(true),
  pwritev: iovCall(false),
  getcwd,
  getdents64,
  unlinkat,
  renameat2,
  faccessat,
  faccessat2,
};

export const FILE_RESULTS: Readonly<Record<string, ResultDecoder>> = {
  umask: umaskResult,
};
