// Interval timers: setitimer and getitimer for ITIMER_REAL (libc's alarm), on the simulated
// clock. When a process's timer expires it gets SIGALRM (whose default action ends it, "Alarm
// clock"), and the timer re-arms with its interval. The kernel's timer list counts these
// deadlines beside its sleepers' (Kernel.nextTimer), so a program in pause() waiting for an
// alarm is not mistaken for a deadlock. fork's child starts without timers, as on Linux.

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import type { SyscallHandler } from './syscall';

const ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;

/** A process's ITIMER_REAL: when it next fires and how often after that (cycles; 0: once). */
export interface RealTimer {
  deadline: number;
  interval: number;
}

export const ITIMER_SYSCALLS: Record<string, SyscallHandler> = {
  getitimer: ({ kernel, process }, [which, valuePtr]) => {
    if (which !== ITIMER_REAL) return which === ITIMER_VIRTUAL || which === ITIMER_PROF ? -Errno.ENOSYS : -Errno.EINVAL;
    return process.aspace.copyOut(valuePtr >>> 0, itimerval(kernel, process.realTimer)) ? 0 : -Errno.EFAULT;
  },
  setitimer: ({ kernel, process }, [which, newPtr, oldPtr]) => {
    if (which !== ITIMER_REAL) return which === ITIMER_VIRTUAL || which === ITIMER_PROF ? -Errno.ENOSYS : -Errno.EINVAL;
    let next: RealTimer | null = null;
    if (newPtr !== 0) {
      const bytes = process.aspace.copyIn(newPtr >>> 0, 16);
      if (!bytes) return -Errno.EFAULT;
      const [intervalSec, intervalUsec, valueSec, valueUsec] = new Int32Array(bytes.buffer);
      if (!validUsec(intervalUsec) || !validUsec(valueUsec) || intervalSec < 0 || valueSec < 0) return -Errno.EINVAL;
      const value = valueSec * 1e6 + valueUsec;
      if (value > 0) next = { deadline: kernel.now() + kernel.nsToCycles(value * 1000), interval: kernel.nsToCycles((intervalSec * 1e6 + intervalUsec) * 1000) };
    }
    if (oldPtr !== 0 && !process.aspace.copyOut(oldPtr >>> 0, itimerval(kernel, process.realTimer))) return -Errno.EFAULT;
    if (newPtr !== 0) kernel.setRealTimer(process, next);
    return 0;
  },
};

const validUsec = (usec: number) => usec >= 0 && usec < 1_000_000;

// struct itimerval with riscv32's 32-bit longs: interval, then the time left.
function itimerval(kernel: Kernel, timer: RealTimer | null): Uint8Array {
  const split = (cycles: number) => {
    const usec = Math.ceil(kernel.cyclesToNs(cycles) / 1000);
    return [Math.floor(usec / 1e6), usec % 1e6];
  };
  const left = timer ? Math.max(1, timer.deadline - kernel.now()) : 0;
  return new Uint8Array(new Int32Array([...split(timer?.interval ?? 0), ...split(left)]).buffer);
}

/** Fires the real timers due by `cycles`: SIGALRM, and the next period when there is one. */
export function fireRealTimers(kernel: Kernel, due: readonly Process[], cycles: number, send: (process: Process) => void): void {
  for (const process of due) {
    const timer = process.realTimer!;
    if (timer.interval > 0) {
      while (timer.deadline <= cycles) timer.deadline += timer.interval;
      kernel.setRealTimer(process, timer);
    } else {
      kernel.setRealTimer(process, null);
    }
    send(process);
  }
}
