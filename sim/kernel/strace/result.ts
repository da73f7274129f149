// The text after `= `: a number, an address in hex, `-1 ENOENT (No such file or directory)`, or
// `? ERESTARTSYS (...)` for a call a signal interrupted. Linux's tracer sees those restart codes,
// not the EINTR the program later gets (rt_sigreturn then restores -EINTR into a0), so a call
// this kernel ends with EINTR is shown with the code Linux's version of the call returns.

import { errnoName, KernelErrno, MAX_ERRNO, Errno } from '../errno';
import { FUTEX_CMD_MASK } from './decode-flags';
import type { CallContext } from './call-context';
import { hex } from './quote';
import { errorMessage } from './strerror';

// Calls that return an address, which strace prints in hex.
const ADDRESS_RESULTS = new Set(['mmap2', 'brk', 'mremap', 'shmat']);

const RESTART_MESSAGES: ReadonlyMap<number, string> = new Map([
  [KernelErrno.ERESTARTSYS, 'To be restarted if SA_RESTART is set'],
  [KernelErrno.ERESTARTNOINTR, 'To be restarted'],
  [KernelErrno.ERESTARTNOHAND, 'To be restarted if no handler'],
  [KernelErrno.ERESTART_RESTARTBLOCK, 'Interrupted by signal'],
]);

/** A raw return value as strace prints it. */
export function resultText(name: string, result: number | 'no-return'): string {
  if (result === 'no-return') return '?';
  if (result < 0 && result >= -MAX_ERRNO) {
    const n = -result;
    const restart = RESTART_MESSAGES.get(n);
    if (restart !== undefined) return `? ${errnoName(n)} (${restart})`;
    return `-1 ${errnoName(n) ?? `E${n}`} (${errorMessage(n)})`;
  }
  return ADDRESS_RESULTS.has(name) ? hex(result >>> 0) : String(result | 0);
}

// Sleeps that Linux's handler return restarts when SA_RESTART allows it.
const RESTART_SYS = new Set([
  'read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'preadv', 'pwritev', 'openat', 'ioctl', 'flock',
  'fcntl64', 'waitid', 'accept', 'accept4', 'connect', 'recvfrom', 'sendto', 'recvmsg', 'sendmsg',
]);
// Sleeps that wait for a signal or give up on one: restarted only when no handler ran.
const RESTART_NO_HANDLER = new Set(['rt_sigsuspend', 'ppoll_time64', 'pselect6_time64']);
const FUTEX_WAIT = 0, FUTEX_WAIT_BITSET = 9, TIMER_ABSTIME = 1;

/** The restart code Linux's version of this call returns where this kernel returns EINTR. */
function restartCode(ctx: CallContext): number | null {
  const name = ctx.spec.name;
  if (RESTART_SYS.has(name)) return KernelErrno.ERESTARTSYS;
  if (RESTART_NO_HANDLER.has(name)) return KernelErrno.ERESTARTNOHAND;
  if (name === 'clock_nanosleep_time64') {
    const absolute = (ctx.args[1] & TIMER_ABSTIME) !== 0;
    return absolute ? KernelErrno.ERESTARTNOHAND : KernelErrno.ERESTART_RESTARTBLOCK;
  }
  if (name === 'futex_time64') {
    const cmd = ctx.args[1] & FUTEX_CMD_MASK;
    if (cmd !== FUTEX_WAIT && cmd !== FUTEX_WAIT_BITSET) return null;
    // A wait with a timeout restarts through restart_syscall with the time left.
    return ctx.args[3] === 0 ? KernelErrno.ERESTARTSYS : KernelErrno.ERESTART_RESTARTBLOCK;
  }
  return null;
}

/** The result of a call that has returned, when no per-call decoder says more. */
export function callResultText(ctx: CallContext): string {
  const result = ctx.result ?? 'no-return';
  if (result === -Errno.EINTR) {
    const code = restartCode(ctx);
    if (code !== null) return resultText(ctx.spec.name, -code);
  }
  return resultText(ctx.spec.name, result);
}
