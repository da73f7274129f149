// The futex wait queues: how a futex word is named, and waking or moving the threads that sleep
// on it. Like Linux, a word in private memory is named by (address space, address) and one in
// MAP_SHARED memory by its place in the shared object, so forked processes meet there. Used by
// the futex syscall and by thread exit (CLONE_CHILD_CLEARTID wakes the joiner).

import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';

export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/** The name of the futex word at `va`: private to the address space unless it is MAP_SHARED memory. */
export function futexKey(process: Process, va: number, isPrivate: boolean): string {
  const vma = isPrivate ? undefined : process.aspace.findVma(va);
  if (vma?.sharedPages) return `shm${vma.sharedPages.inode}:${va - vma.start + vma.offset}`;
  return `as${process.aspace.rootPpn}:${va}`;
}

/** FUTEX_WAKE: wakes up to `count` waiters on `key` whose bitset meets `bitset`; returns how many. */
export function futexWake(kernel: Kernel, key: string, count: number, bitset: number, cycles = kernel.now()): number {
  let woken = 0;
  for (const thread of futexWaiters(kernel, key)) {
    if (woken >= count) break;
    if (thread.waitingFor?.kind !== 'futex' || (thread.waitingFor.bitset & bitset) === 0) continue;
    kernel.wakeThread(thread, 0, cycles);
    woken++;
  }
  return woken;
}

/** Threads sleeping on `key`, in the order they went to sleep. */
export function futexWaiters(kernel: Kernel, key: string): Thread[] {
  return kernel.sleeping.filter((t) => t.waitingFor?.kind === 'futex' && t.waitingFor.key === key);
}

/** FUTEX_REQUEUE's move: the thread sleeps on another futex word from now on. */
export function requeueWaiter(thread: Thread, key: string, va: number): void {
  thread.waitingFor = { kind: 'futex', key, bitset: FUTEX_BITSET_MATCH_ANY, va };
}
