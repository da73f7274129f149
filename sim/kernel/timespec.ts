// struct __kernel_timespec (64-bit seconds, 64-bit nanoseconds) in user memory, for every
// syscall that takes or gives a time. Apart from sys-time.ts so that the kernel's own modules
// (signal delivery) can use it without importing a syscall table.

import { Errno } from './errno';
import type { Process } from './proc';

/** A timespec as seconds and nanoseconds (apart: realtime nanoseconds exceed 2^53). */
export interface Timespec {
  readonly sec: number;
  readonly nsec: number;
}

export function nsToTimespec(ns: number): Timespec {
  const sec = Math.floor(ns / 1e9);
  return { sec, nsec: Math.floor(ns - sec * 1e9) };
}

/** Reads a struct __kernel_timespec (64-bit seconds, 64-bit nanoseconds); an errno when invalid. */
export function readTimespec(process: Process, va: number): Timespec | number {
  const bytes = process.aspace.copyIn(va, 16);
  if (!bytes) return Errno.EFAULT;
  const view = new DataView(bytes.buffer);
  const sec = Number(view.getBigInt64(0, true));
  const nsec = Number(view.getBigInt64(8, true));
  if (sec < 0 || nsec < 0 || nsec >= 1e9) return Errno.EINVAL;
  return { sec, nsec };
}

export function writeTimespec(process: Process, va: number, ts: Timespec): boolean {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, BigInt(ts.sec), true);
  view.setBigInt64(8, BigInt(ts.nsec), true);
  return process.aspace.copyOut(va, bytes);
}

