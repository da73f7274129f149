// Scheduling syscalls: sched_yield, nice values (setpriority/getpriority, whose raw result is
// 20 − nice), CPU affinity, the POSIX policy queries, and sched_setattr, whose sched_runtime
// oslab reads as the CPU time a job declares it needs — the "burst length" the SJF policy
// schedules by (Linux uses that field only for SCHED_DEADLINE).

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { RLIMIT } from './rlimit';
import { writeTimespec } from './timespec';
import { MIGRATE, YIELD, type SyscallContext, type SyscallHandler } from './syscall';

const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
const SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5, SCHED_DEADLINE = 6;
const SCHED_RESET_ON_FORK = 0x40000000;
const SCHED_ATTR_SIZE = 48;

export const SCHED_SYSCALLS: Record<string, SyscallHandler> = {
  sched_yield: () => YIELD,
  getpriority: ({ kernel, thread }, [which, who]) => {
    const threads = selectThreads(kernel, thread, which, who);
    if (typeof threads === 'number') return -threads;
    return 20 - Math.min(...threads.map((t) => t.sched.nice));
  },
  setpriority: ({ kernel, thread }, [which, who, niceval]) => {
    const threads = selectThreads(kernel, thread, which, who);
    if (typeof threads === 'number') return -threads;
    const nice = Math.max(-20, Math.min(19, niceval));
    for (const t of threads) {
      if (nice < t.sched.nice && !mayLowerNice(t.process, nice)) return -Errno.EACCES;
      t.sched.nice = nice;
    }
    return 0;
  },
  sched_setaffinity: ({ kernel, thread, process }, [pid, length, maskPtr]) => {
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    const bytes = process.aspace.copyIn(maskPtr >>> 0, Math.min(length >>> 0, 4));
    if (!bytes) return -Errno.EFAULT;
    let mask = 0;
    bytes.forEach((b, i) => (mask |= b << (8 * i)));
    mask &= (1 << kernel.harts.length) - 1;
    if (mask === 0) return -Errno.EINVAL;
    target.sched.affinity = mask;
    if (target === thread) return MIGRATE;
    kernel.migrate(target);
    return 0;
  },
  sched_getaffinity: ({ kernel, thread, process }, [pid, length, maskPtr]) => {
    if ((length >>> 0) < 4 || (length & 3) !== 0) return -Errno.EINVAL;
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    const mask = target.sched.affinity & ((1 << kernel.harts.length) - 1);
    return process.aspace.writeU32(maskPtr >>> 0, mask) ? 4 : -Errno.EFAULT;
  },
  sched_getscheduler: ({ kernel, thread }, [pid]) => {
    if (pid < 0) return -Errno.EINVAL;
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    return target.sched.posixPolicy | (target.sched.resetOnFork ? SCHED_RESET_ON_FORK : 0);
  },
  sched_setscheduler: (ctx, [pid, policy, param]) => setPolicy(ctx, pid, policy, param >>> 0),
  sched_getparam: ({ kernel, thread, process }, [pid, param]) => {
    if (pid < 0 || param === 0) return -Errno.EINVAL;
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    return process.aspace.writeU32(param >>> 0, target.sched.rtPriority) ? 0 : -Errno.EFAULT;
  },
  sched_setparam: (ctx, [pid, param]) => {
    const target = pid === 0 ? ctx.thread : ctx.kernel.thread(pid);
    return setPolicy(ctx, pid, target ? target.sched.posixPolicy : SCHED_OTHER, param >>> 0);
  },
  sched_get_priority_max: (_ctx, [policy]) => (policy === SCHED_FIFO || policy === SCHED_RR ? 99 : isPolicy(policy) ? 0 : -Errno.EINVAL),
  sched_get_priority_min: (_ctx, [policy]) => (policy === SCHED_FIFO || policy === SCHED_RR ? 1 : isPolicy(policy) ? 0 : -Errno.EINVAL),
  sched_rr_get_interval_time64: ({ kernel, process }, [, tp]) => {
    const ns = kernel.cyclesToNs(kernel.config.sliceCycles);
    return writeTimespec(process, tp >>> 0, { sec: Math.floor(ns / 1e9), nsec: Math.round(ns % 1e9) }) ? 0 : -Errno.EFAULT;
  },
  sched_setattr: (ctx, [pid, attr, flags]) => setAttr(ctx, pid, attr >>> 0, flags),
  sched_getattr: ({ kernel, thread, process }, [pid, attr, size, flags]) => {
    if (flags !== 0 || (size >>> 0) < SCHED_ATTR_SIZE) return -Errno.EINVAL;
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    const bytes = new Uint8Array(SCHED_ATTR_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, SCHED_ATTR_SIZE, true);
    view.setUint32(4, target.sched.posixPolicy, true);
    view.setInt32(16, target.sched.nice, true);
    view.setBigUint64(24, BigInt(Math.round(kernel.cyclesToNs(target.sched.runtimeHint))), true);
    return process.aspace.copyOut(attr >>> 0, bytes) ? 0 : -Errno.EFAULT;
  },
  getcpu: ({ hart, process }, [cpu, node]) => {
    if (cpu !== 0 && !process.aspace.writeU32(cpu >>> 0, hart.id)) return -Errno.EFAULT;
    if (node !== 0 && !process.aspace.writeU32(node >>> 0, 0)) return -Errno.EFAULT;
    return 0;
  },
};

function isPolicy(policy: number): boolean {
  return [SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE].includes(policy);
}

// __sched_setscheduler's order: arguments, then the priority's range, then permission. The
// POSIX policy is recorded per thread (and inherited); the machine's own scheduler (--sched)
// decides who runs, except that SCHED_IDLE weighs least under cfs.
function setPolicy({ kernel, thread, process }: SyscallContext, pid: number, requested: number, param: number): number {
  if (pid < 0 || param === 0) return -Errno.EINVAL;
  const target = pid === 0 ? thread : kernel.thread(pid);
  if (!target) return -Errno.ESRCH;
  const resetOnFork = (requested & SCHED_RESET_ON_FORK) !== 0;
  const policy = requested & ~SCHED_RESET_ON_FORK;
  if (!isPolicy(policy) || policy === SCHED_DEADLINE) return -Errno.EINVAL;
  const priority = process.aspace.readU32(param);
  if (priority === null) return -Errno.EFAULT;
  const realtime = policy === SCHED_FIFO || policy === SCHED_RR;
  if (realtime ? priority < 1 || priority > 99 : priority !== 0) return -Errno.EINVAL;
  if (realtime && priority > target.process.rlimits.soft(RLIMIT.RTPRIO)) return -Errno.EPERM;
  target.sched.posixPolicy = policy;
  target.sched.rtPriority = priority;
  target.sched.resetOnFork = resetOnFork;
  return 0;
}

function setAttr({ kernel, thread, process }: SyscallContext, pid: number, attr: number, flags: number): number {
  if (flags !== 0) return -Errno.EINVAL;
  const target = pid === 0 ? thread : kernel.thread(pid);
  if (!target) return -Errno.ESRCH;
  const bytes = process.aspace.copyIn(attr, SCHED_ATTR_SIZE);
  if (!bytes) return -Errno.EFAULT;
  const view = new DataView(bytes.buffer);
  const size = view.getUint32(0, true);
  if (size !== 0 && size < SCHED_ATTR_SIZE) return -Errno.E2BIG;
  const policy = view.getUint32(4, true);
  const nice = Math.max(-20, Math.min(19, view.getInt32(16, true)));
  if (!isPolicy(policy)) return -Errno.EINVAL;
  if (policy !== SCHED_OTHER && policy !== SCHED_BATCH && policy !== SCHED_IDLE) return -Errno.EPERM;
  if (nice < target.sched.nice && !mayLowerNice(target.process, nice)) return -Errno.EPERM;
  target.sched.nice = nice;
  target.sched.posixPolicy = policy;
  target.sched.runtimeHint = kernel.nsToCycles(Number(view.getBigUint64(24, true)));
  return 0;
}

// can_nice(): lowering the nice value needs 20 − nice ≤ RLIMIT_NICE (0 for a plain user).
function mayLowerNice(process: Process, nice: number): boolean {
  return 20 - nice <= process.rlimits.soft(RLIMIT.NICE);
}

/** The threads a which/who pair of getpriority/setpriority names, or an errno. */
function selectThreads(kernel: Kernel, caller: Thread, which: number, who: number): Thread[] | number {
  const live = (p: Process) => p.liveThreads;
  switch (which) {
    case PRIO_PROCESS: {
      if (who === 0) return [caller];
      const t = kernel.thread(who);
      return t ? [t] : Errno.ESRCH;
    }
    case PRIO_PGRP: {
      const pgid = who === 0 ? caller.process.pgid : who;
      const threads = kernel.liveProcesses.filter((p) => p.pgid === pgid).flatMap(live);
      return threads.length > 0 ? threads : Errno.ESRCH;
    }
    case PRIO_USER: {
      const uid = who === 0 ? caller.process.uid : who;
      const threads = kernel.liveProcesses.filter((p) => p.uid === uid).flatMap(live);
      return threads.length > 0 ? threads : Errno.ESRCH;
    }
    default:
      return Errno.EINVAL;
  }
}
