// Who a process is and what it may use: ids (pid, tid, uid, process groups and sessions),
// uname, getrandom from the machine's seeded generator, and resource limits (prlimit64, the
// only rlimit call riscv32 has).

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { RLIMIT, RLIM_NLIMITS, type Rlimit } from './rlimit';
import type { SyscallHandler } from './syscall';

/** Everyone runs as an ordinary user: uid and gid 1000, like a desktop Linux account. */
export const USER_ID = 1000;

/** What uname(2) reports: a Linux on a 32-bit RISC-V board. */
export const UTSNAME = {
  sysname: 'Linux',
  nodename: 'oslab',
  release: '6.6.0-oslab',
  version: '#1 SMP PREEMPT oslab',
  machine: 'riscv32',
  domainname: '(none)',
} as const;

const GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

export const PROC_SYSCALLS: Record<string, SyscallHandler> = {
  getpid: ({ process }) => process.pid,
  getppid: ({ process }) => process.ppid,
  gettid: ({ thread }) => thread.tid,
  getuid: ({ process }) => process.uid,
  geteuid: ({ process }) => process.uid,
  getgid: ({ process }) => process.gid,
  getegid: ({ process }) => process.gid,
  getpgid: ({ kernel, process }, [pid]) => {
    const target = pid === 0 ? process : kernel.processes.get(pid);
    return target ? target.pgid : -Errno.ESRCH;
  },
  setpgid: ({ kernel, process }, [pid, pgid]) => {
    const target = pid === 0 ? process : kernel.processes.get(pid);
    if (pgid < 0) return -Errno.EINVAL;
    if (!target || (target !== process && target.ppid !== process.pid)) return -Errno.ESRCH;
    if (target.sid !== process.sid) return -Errno.EPERM;
    target.pgid = pgid === 0 ? target.pid : pgid;
    return 0;
  },
  getsid: ({ kernel, process }, [pid]) => {
    const target = pid === 0 ? process : kernel.processes.get(pid);
    return target ? target.sid : -Errno.ESRCH;
  },
  setsid: ({ kernel, process }) => {
    const leadsGroup = [...kernel.processes.values()].some((p) => p !== process && p.pgid === process.pid);
    if (process.pgid === process.pid || leadsGroup) return -Errno.EPERM;
    process.sid = process.pgid = process.pid;
    return process.pid;
  },
  uname: ({ process }, [buf]) => {
    const bytes = new Uint8Array(6 * 65);
    Object.values(UTSNAME).forEach((field, i) => bytes.set(new TextEncoder().encode(field), i * 65));
    return process.aspace.copyOut(buf >>> 0, bytes) ? 0 : -Errno.EFAULT;
  },
  getrandom: ({ kernel, process }, [buf, length, flags]) => {
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) || (flags & (GRND_RANDOM | GRND_INSECURE)) === (GRND_RANDOM | GRND_INSECURE)) return -Errno.EINVAL;
    const count = Math.min(length >>> 0, 33554431);
    return process.aspace.copyOut(buf >>> 0, kernel.random.fill(new Uint8Array(count))) ? count : -Errno.EFAULT;
  },
  prlimit64: ({ kernel, process }, [pid, resource, newPtr, oldPtr]) => prlimit(kernel, process, pid, resource, newPtr >>> 0, oldPtr >>> 0),
  umask: ({ process }, [mask]) => {
    const old = process.umask;
    process.umask = mask & 0o777;
    return old;
  },
};

function prlimit(kernel: Kernel, caller: Process, pid: number, resource: number, newPtr: number, oldPtr: number): number {
  if (resource < 0 || resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const target = pid === 0 ? caller : kernel.processes.get(pid);
  if (!target || !target.alive) return -Errno.ESRCH;
  let next: Rlimit | null = null;
  if (newPtr !== 0) {
    const bytes = caller.aspace.copyIn(newPtr, 16);
    if (!bytes) return -Errno.EFAULT;
    const view = new DataView(bytes.buffer);
    next = { soft: fromRlim(view.getBigUint64(0, true)), hard: fromRlim(view.getBigUint64(8, true)) };
    if (next.soft > next.hard) return -Errno.EINVAL;
    // Only privilege raises a hard limit; an ordinary user may lower it, or move the soft one under it.
    if (next.hard > target.rlimits.get(resource).hard) return -Errno.EPERM;
    if (resource === RLIMIT.NOFILE && next.hard > 1024 * 1024) return -Errno.EPERM;
  }
  if (oldPtr !== 0) {
    const old = target.rlimits.get(resource);
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, toRlim(old.soft), true);
    view.setBigUint64(8, toRlim(old.hard), true);
    if (!caller.aspace.copyOut(oldPtr, bytes)) return -Errno.EFAULT;
  }
  if (next) target.rlimits.set(resource, next);
  return 0;
}

function fromRlim(value: bigint): number {
  return value === RLIM_INFINITY ? Infinity : Number(value);
}

function toRlim(value: number): bigint {
  return Number.isFinite(value) ? BigInt(value) : RLIM_INFINITY;
}
