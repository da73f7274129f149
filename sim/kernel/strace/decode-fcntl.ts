// fcntl64 as strace prints it: the command by name, the third argument decoded by command (fd
// flags, open flags, a struct flock, a signal, a plain number) or left out when the command
// takes none, and the results it annotates: `= 0x1 (flags FD_CLOEXEC)`, `= 0x802 (flags O_RDWR|O_NONBLOCK)`.

import { FCNTL_COMMANDS, FD_FLAGS, SEEK_WHENCE, flagsText, openFlagsText, xlatText, type Xlat } from './decode-flags';
import { structArg, succeeded, type CallContext } from './call-context';
import { hex } from './quote';
import { signalName } from '../signal';
import { join64, type UserMemory } from './user-memory';

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7;
const F_SETOWN = 8, F_GETOWN = 9, F_SETSIG = 10, F_GETSIG = 11, F_GETLK64 = 12, F_SETLK64 = 13, F_SETLKW64 = 14;
const F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
const F_SETLEASE = 1024, F_GETLEASE = 1025, F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032, F_GET_SEALS = 1034;

const LOCK_TYPES: Xlat = [[0, 'F_RDLCK'], [1, 'F_WRLCK'], [2, 'F_UNLCK'], [4, 'F_EXLCK'], [8, 'F_SHLCK']];
// Commands whose only argument is the descriptor.
const NO_ARGUMENT = new Set([F_GETFD, F_GETFL, F_GETOWN, F_GETSIG, F_GETLEASE, F_GETPIPE_SZ, F_GET_SEALS]);

/**
 * struct flock (32-bit offsets at 4 and 8, pid at 12) or flock64 (the 64-bit offsets aligned to
 * 8, pid at 24), as riscv32 lays them out; the pid only for the GETLK commands, which fill it.
 */
function flockText(mem: UserMemory, va: number, wide: boolean, withPid: boolean): string | null {
  const w = mem.words(va, wide ? 7 : 4);
  if (w === null) return null;
  const type = w[0] & 0xffff, whence = w[0] >>> 16;
  const [start, len, pid] = wide ? [join64(w[2], w[3]), join64(w[4], w[5]), w[6] | 0] : [w[1] | 0, w[2] | 0, w[3] | 0];
  const head = `{l_type=${xlatText(LOCK_TYPES, type, 'F_???')}, l_whence=${xlatText(SEEK_WHENCE, whence, 'SEEK_???')}, l_start=${start}, l_len=${len}`;
  return `${head}${withPid ? `, l_pid=${pid}` : ''}}`;
}

function lockArg(ctx: CallContext, cmd: number): string {
  const getter = cmd === F_GETLK || cmd === F_GETLK64 || cmd === F_OFD_GETLK;
  const wide = cmd >= F_GETLK64 && cmd <= F_OFD_SETLKW;
  // GETLK's struct is what the kernel wrote back: only worth reading after success.
  return structArg(ctx, ctx.args[2], !getter || succeeded(ctx), (mem, va) => flockText(mem, va, wide, getter));
}

function thirdArg(ctx: CallContext, cmd: number): string | null {
  const arg = ctx.args[2];
  switch (cmd) {
    case F_SETFD:
      return flagsText(FD_FLAGS, arg);
    case F_SETFL:
      return openFlagsText(arg);
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_SETOWN:
    case F_SETPIPE_SZ:
      return String(arg | 0);
    case F_SETSIG:
      return arg === 0 ? '0' : signalName(arg);
    case F_SETLEASE:
      return xlatText(LOCK_TYPES, arg, 'F_???');
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_GETLK64:
    case F_SETLK64:
    case F_SETLKW64:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return lockArg(ctx, cmd);
    default:
      return NO_ARGUMENT.has(cmd) ? null : arg >>> 0 === 0 ? '0' : hex(arg);
  }
}

export function fcntl64(ctx: CallContext): string[] {
  const cmd = ctx.args[1] >>> 0;
  const third = thirdArg(ctx, cmd);
  const head = [String(ctx.args[0] | 0), xlatText(FCNTL_COMMANDS, cmd, 'F_???')];
  return third === null ? head : [...head, third];
}

// C's `%#x`, which prints zero without its 0x.
function printfHex(n: number): string {
  return n === 0 ? '0' : hex(n);
}

/** F_GETFD's and F_GETFL's flags, F_GETSIG's signal and F_GETLEASE's lock type beside the number. */
export function fcntl64Result(ctx: CallContext): string | null {
  if (typeof ctx.result !== 'number' || !succeeded(ctx)) return null;
  const value = ctx.result >>> 0;
  switch (ctx.args[1] >>> 0) {
    case F_GETFD:
      return value === 0 ? null : `${printfHex(value)} (flags ${flagsText(FD_FLAGS, value)})`;
    case F_GETFL:
      return `${printfHex(value)} (flags ${openFlagsText(value)})`;
    case F_GETSIG:
      return value === 0 ? null : `${value} (${signalName(value)})`;
    case F_GETLEASE:
      return `${printfHex(value)} (${xlatText(LOCK_TYPES, value, 'F_???')})`;
    default:
      return null;
  }
}
