// futex_time64: the one sleep-and-wake primitive under mutexes, condition variables, semaphores,
// barriers and pthread_join. A futex is a 32-bit word in user memory: WAIT sleeps only if the word
// still holds the expected value (checked atomically with going to sleep), WAKE wakes sleepers on
// the same word (futex.ts names the words and keeps the wait queues).

import { Errno } from './errno';
import { FUTEX_BITSET_MATCH_ANY, futexKey, futexWake, futexWaiters, requeueWaiter } from './futex';
import type { Kernel } from './kernel';
import { sleep, type SyscallContext, type SyscallHandler, type SyscallResult } from './syscall';
import { timespecToCycles } from './sys-time';
import { readTimespec } from './timespec';

export const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5;
export const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
export const FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

export const FUTEX_SYSCALLS: Record<string, SyscallHandler> = {
  futex_time64: (ctx, [uaddr, op, val, timeout, uaddr2, val3]) => futex(ctx, uaddr >>> 0, op >>> 0, val, timeout >>> 0, uaddr2 >>> 0, val3 >>> 0),
};

function futex(ctx: SyscallContext, uaddr: number, op: number, val: number, timeout: number, uaddr2: number, val3: number): SyscallResult {
  const { kernel, process, hart } = ctx;
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const isPrivate = (op & FUTEX_PRIVATE_FLAG) !== 0;
  if (op & FUTEX_CLOCK_REALTIME && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAIT) return -Errno.ENOSYS;
  if (uaddr % 4 !== 0) return -Errno.EINVAL;
  const key = futexKey(process, uaddr, isPrivate);
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset === 0) return -Errno.EINVAL;
      let deadline: number | undefined;
      if (timeout !== 0) {
        const ts = readTimespec(process, timeout);
        if (typeof ts === 'number') return -ts;
        // FUTEX_WAIT's timeout is relative; WAIT_BITSET's an absolute time on the chosen clock.
        deadline = cmd === FUTEX_WAIT ? hart.cycles + kernel.nsToCycles(ts.sec * 1e9 + ts.nsec) : timespecToCycles(kernel, op & FUTEX_CLOCK_REALTIME ? 'realtime' : 'monotonic', ts);
      }
      const word = process.aspace.readU32(uaddr);
      if (word === null) return -Errno.EFAULT;
      if (word !== val >>> 0) return -Errno.EAGAIN;
      if (deadline !== undefined && deadline <= hart.cycles) return -Errno.ETIMEDOUT;
      return sleep({ kind: 'futex', key, bitset, va: uaddr }, deadline, -Errno.ETIMEDOUT);
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? FUTEX_BITSET_MATCH_ANY : val3;
      if (bitset === 0) return -Errno.EINVAL;
      return futexWake(kernel, key, Math.max(0, val), bitset, hart.cycles);
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      if (cmd === FUTEX_CMP_REQUEUE) {
        const word = process.aspace.readU32(uaddr);
        if (word === null) return -Errno.EFAULT;
        if (word !== val3) return -Errno.EAGAIN;
      }
      // The fourth argument is not a timeout here but how many more waiters to move.
      return requeue(kernel, key, futexKey(process, uaddr2, isPrivate), uaddr2, Math.max(0, val), Math.max(0, timeout | 0), hart.cycles);
    }
    case FUTEX_WAKE_OP:
      return wakeOp(ctx, key, uaddr2, isPrivate, val, timeout | 0, val3);
    default:
      return -Errno.ENOSYS;
  }
}

function requeue(kernel: Kernel, from: string, to: string, toVa: number, wake: number, move: number, cycles: number): number {
  const woken = futexWake(kernel, from, wake, FUTEX_BITSET_MATCH_ANY, cycles);
  let moved = 0;
  for (const thread of futexWaiters(kernel, from)) {
    if (moved >= move) break;
    requeueWaiter(thread, to, toVa);
    moved++;
  }
  return woken + moved;
}

// FUTEX_WAKE_OP: atomically apply an operation to *uaddr2, wake on uaddr, and also wake on
// uaddr2 if the old value of *uaddr2 passes a comparison (both encoded in val3).
function wakeOp({ kernel, process, hart }: SyscallContext, key: string, uaddr2: number, isPrivate: boolean, wake: number, wake2: number, encoded: number): SyscallResult {
  const op = (encoded >>> 28) & 7, shiftArg = (encoded >>> 28) & 8, cmp = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  if (shiftArg) oparg = 1 << (oparg & 31);
  const old = process.aspace.readU32(uaddr2);
  if (old === null) return -Errno.EFAULT;
  const ops = [() => oparg, () => old + oparg, () => old | oparg, () => old & ~oparg, () => old ^ oparg];
  if (op >= ops.length || cmp > 5) return -Errno.ENOSYS;
  if (!process.aspace.writeU32(uaddr2, ops[op]() >>> 0)) return -Errno.EFAULT;
  const o = old | 0;
  const passes = [o === cmparg, o !== cmparg, o < cmparg, o <= cmparg, o > cmparg, o >= cmparg][cmp];
  let woken = futexWake(kernel, key, Math.max(0, wake), FUTEX_BITSET_MATCH_ANY, hart.cycles);
  if (passes) woken += futexWake(kernel, futexKey(process, uaddr2, isPrivate), Math.max(0, wake2), FUTEX_BITSET_MATCH_ANY, hart.cycles);
  return woken;
}
