// Clocks, sleeping and CPU-time accounting on the simulated clock: clock_gettime64 and friends
// (CLOCK_MONOTONIC counts simulated nanoseconds since boot; CLOCK_REALTIME starts at a fixed
// date so runs are reproducible), clock_nanosleep_time64, getrusage, times and sysinfo.

import { nsToTimespec, readTimespec, writeTimespec, type Timespec } from './timespec';
import { Errno } from './errno';
import type { Kernel } from './kernel';
import { kernelRusage } from './sys-clone';
import { sleep, type SyscallContext, type SyscallHandler } from './syscall';

export const CLOCK = {
  REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3, MONOTONIC_RAW: 4,
  REALTIME_COARSE: 5, MONOTONIC_COARSE: 6, BOOTTIME: 7, REALTIME_ALARM: 8, BOOTTIME_ALARM: 9, TAI: 11,
} as const;

/** The machine boots at 2026-01-01T00:00:00Z, whatever the host's clock says. */
export const BOOT_EPOCH_SECONDS = 1_767_225_600;
const TIMER_ABSTIME = 1;
const RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;
const CLOCK_TICKS_PER_SECOND = 100;


export const TIME_SYSCALLS: Record<string, SyscallHandler> = {
  clock_gettime64: (ctx, [clock, tp]) => {
    const now = clockNow(ctx, clock);
    if (now === null) return -Errno.EINVAL;
    return writeTimespec(ctx.process, tp >>> 0, now) ? 0 : -Errno.EFAULT;
  },
  clock_getres_time64: (ctx, [clock, res]) => {
    if (clockNow(ctx, clock) === null) return -Errno.EINVAL;
    return res === 0 || writeTimespec(ctx.process, res >>> 0, { sec: 0, nsec: 1 }) ? 0 : -Errno.EFAULT;
  },
  clock_nanosleep_time64: (ctx, [clock, flags, req, rem]) => {
    const { kernel, hart, process } = ctx;
    if (clock === CLOCK.THREAD_CPUTIME_ID) return -Errno.EINVAL;
    if (clockNow(ctx, clock) === null) return -Errno.EINVAL;
    const ts = readTimespec(process, req >>> 0);
    if (typeof ts === 'number') return -ts;
    const absolute = flags & TIMER_ABSTIME;
    const deadline = absolute ? timespecToCycles(kernel, clock === CLOCK.REALTIME || clock === CLOCK.TAI ? 'realtime' : 'monotonic', ts) : hart.cycles + kernel.nsToCycles(ts.sec * 1e9 + ts.nsec);
    if (deadline <= hart.cycles) return 0;
    // A relative sleep cut short by a signal handler reports the time it had left in `rem`.
    return sleep({ kind: 'sleep', remaining: absolute ? 0 : rem >>> 0 }, deadline, 0);
  },
  getrusage: ({ kernel, process, thread }, [who, usage]) => {
    let bytes: Uint8Array;
    if (who === RUSAGE_SELF) bytes = kernelRusage(kernel, process.userCycles, process.systemCycles, process);
    else if (who === RUSAGE_CHILDREN) bytes = kernelRusage(kernel, process.childUserCycles, process.childSystemCycles, null);
    else if (who === RUSAGE_THREAD) bytes = kernelRusage(kernel, thread.userCycles, thread.systemCycles, process, thread);
    else return -Errno.EINVAL;
    return process.aspace.copyOut(usage >>> 0, bytes) ? 0 : -Errno.EFAULT;
  },
  times: ({ kernel, hart, process }, [buf]) => {
    const ticks = (cycles: number) => Math.floor((kernel.cyclesToNs(cycles) * CLOCK_TICKS_PER_SECOND) / 1e9);
    if (buf !== 0) {
      const words = [process.userCycles, process.systemCycles, process.childUserCycles, process.childSystemCycles].map(ticks);
      if (!process.aspace.copyOut(buf >>> 0, new Uint8Array(new Int32Array(words).buffer))) return -Errno.EFAULT;
    }
    return ticks(hart.cycles) | 0;
  },
  sysinfo: ({ kernel, hart, process }, [info]) => {
    const bytes = new Uint8Array(64);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, Math.floor(kernel.cyclesToNs(hart.cycles) / 1e9), true); // uptime
    // loads[3]: /proc/loadavg's averages scaled from FSHIFT (11 bits) to SI_LOAD_SHIFT (16).
    kernel.loadavg.avenrun.forEach((load, i) => view.setUint32(4 + 4 * i, load * 32, true));
    view.setUint32(16, kernel.mem.frameCount * 4096, true); // totalram
    view.setUint32(20, kernel.mem.freeFrames * 4096, true); // freeram
    view.setUint16(40, kernel.liveProcesses.length, true); // procs
    view.setUint32(52, 1, true); // mem_unit
    return process.aspace.copyOut(info >>> 0, bytes) ? 0 : -Errno.EFAULT;
  },
};

/** What clock `clock` reads now for the calling thread, or null for an unknown clock. */
function clockNow({ kernel, hart, process, thread }: SyscallContext, clock: number): Timespec | null {
  switch (clock) {
    case CLOCK.REALTIME:
    case CLOCK.REALTIME_COARSE:
    case CLOCK.REALTIME_ALARM:
    case CLOCK.TAI:
      return addSeconds(nsToTimespec(kernel.cyclesToNs(hart.cycles)), BOOT_EPOCH_SECONDS);
    case CLOCK.MONOTONIC:
    case CLOCK.MONOTONIC_RAW:
    case CLOCK.MONOTONIC_COARSE:
    case CLOCK.BOOTTIME:
    case CLOCK.BOOTTIME_ALARM:
      return nsToTimespec(kernel.cyclesToNs(hart.cycles));
    case CLOCK.PROCESS_CPUTIME_ID:
      return nsToTimespec(kernel.cyclesToNs(process.userCycles + process.systemCycles));
    case CLOCK.THREAD_CPUTIME_ID:
      return nsToTimespec(kernel.cyclesToNs(thread.userCycles + thread.systemCycles));
    default:
      return null;
  }
}


function addSeconds(ts: Timespec, seconds: number): Timespec {
  return { sec: ts.sec + seconds, nsec: ts.nsec };
}

/** Cycles at which a clock reads `ts` (for absolute deadlines). */
export function timespecToCycles(kernel: Kernel, clock: 'realtime' | 'monotonic', ts: Timespec): number {
  const sec = clock === 'realtime' ? ts.sec - BOOT_EPOCH_SECONDS : ts.sec;
  return kernel.nsToCycles(sec * 1e9 + ts.nsec);
}
