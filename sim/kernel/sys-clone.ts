// Making and ending processes and threads: clone (fork is clone(SIGCHLD); pthread_create passes
// CLONE_VM|CLONE_THREAD|…), exit, exit_group and waitid, riscv32's only wait call (exits, and
// with WSTOPPED/WCONTINUED a child's stops and continues), with the flag checks Linux's
// copy_process and kernel_waitid make.

import type { Hart } from '../cpu/hart';
import { OutOfMemory } from '../mem/phys';
import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { RLIMIT } from './rlimit';
import { SIGCHLD, SIGCONT } from './signal';
import { NO_RETURN, sleep, type SyscallContext, type SyscallHandler, type SyscallResult } from './syscall';

export const CLONE = {
  VM: 0x100, FS: 0x200, FILES: 0x400, SIGHAND: 0x800, PIDFD: 0x1000, PTRACE: 0x2000, VFORK: 0x4000,
  PARENT: 0x8000, THREAD: 0x10000, NEWNS: 0x20000, SYSVSEM: 0x40000, SETTLS: 0x80000,
  PARENT_SETTID: 0x100000, CHILD_CLEARTID: 0x200000, DETACHED: 0x400000, UNTRACED: 0x800000,
  CHILD_SETTID: 0x1000000, NEWCGROUP: 0x2000000, NEWUTS: 0x4000000, NEWIPC: 0x8000000,
  NEWUSER: 0x10000000, NEWPID: 0x20000000, NEWNET: 0x40000000, IO: 0x80000000,
} as const;

const NAMESPACES = CLONE.NEWNS | CLONE.NEWCGROUP | CLONE.NEWUTS | CLONE.NEWIPC | CLONE.NEWUSER | CLONE.NEWPID | CLONE.NEWNET;

export const WNOHANG = 1, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;
const __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = 0x80000000;
const WAIT_OPTIONS = WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE;
export const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

export const CLONE_SYSCALLS: Record<string, SyscallHandler> = {
  clone: (ctx, [flags, stack, ptid, tls, ctid]) => clone(ctx, flags >>> 0, stack >>> 0, ptid >>> 0, tls, ctid >>> 0),
  exit: ({ kernel, thread }, [code]) => {
    kernel.exitThread(thread, code & 0xff);
    return NO_RETURN;
  },
  exit_group: ({ kernel, process }, [code]) => {
    kernel.exitProcess(process, { kind: 'exited', code: code & 0xff });
    return NO_RETURN;
  },
  waitid: (ctx, [idtype, id, infop, options, rusage]) => waitid(ctx, idtype, id, infop >>> 0, options >>> 0, rusage >>> 0),
  set_tid_address: ({ thread }, [tidptr]) => {
    thread.clearChildTid = tidptr >>> 0;
    return thread.tid;
  },
  // The robust list is where a dying thread's held futexes are found; oslab records it (for the
  // debugger's Thread view) but no libc mutex here is robust, so nothing walks it at exit.
  set_robust_list: ({ thread }, [head, length]) => {
    if (length !== 12) return -Errno.EINVAL;
    thread.robustList = head >>> 0;
    return 0;
  },
  get_robust_list: ({ kernel, process, thread }, [pid, headPtr, lengthPtr]) => {
    const target = pid === 0 ? thread : kernel.thread(pid);
    if (!target) return -Errno.ESRCH;
    const ok = process.aspace.writeU32(headPtr >>> 0, target.robustList) && process.aspace.writeU32(lengthPtr >>> 0, 12);
    return ok ? 0 : -Errno.EFAULT;
  },
};

function clone({ kernel, hart, thread, process }: SyscallContext, flags: number, stack: number, ptid: number, tls: number, ctid: number): SyscallResult {
  const invalid = cloneFlagError(flags);
  if (invalid) return -invalid;
  if (kernel.tasks >= kernel.maxThreads || kernel.tasks >= process.rlimits.soft(RLIMIT.NPROC)) return -Errno.EAGAIN;
  let child: Thread;
  try {
    child = flags & CLONE.THREAD ? kernel.createThread(process, hart.cycles, thread) : forkProcess(kernel, process, flags, hart, thread);
  } catch (error) {
    if (error instanceof OutOfMemory) return -Errno.ENOMEM;
    throw error;
  }
  child.regs.set(hart.regs);
  child.regs[10] = 0;
  child.pc = (hart.pc + 4) | 0;
  if (stack !== 0) child.regs[2] = stack | 0;
  if (flags & CLONE.SETTLS) child.regs[4] = tls;
  if (flags & CLONE.PARENT_SETTID) process.aspace.writeU32(ptid, child.tid);
  if (flags & CLONE.CHILD_SETTID) child.process.aspace.writeU32(ctid, child.tid);
  if (flags & CLONE.CHILD_CLEARTID) child.clearChildTid = ctid;
  if (flags & CLONE.VFORK) {
    // The parent sleeps until the child exits (or, with Kernel II, execs); then clone returns.
    return sleep({ kind: 'vfork', child: child.process.pid });
  }
  return child.tid;
}

/** The errno copy_process gives for an impossible combination, or 0. */
function cloneFlagError(flags: number): number {
  if ((flags & (CLONE.NEWNS | CLONE.FS)) === (CLONE.NEWNS | CLONE.FS)) return Errno.EINVAL;
  if (flags & CLONE.THREAD && !(flags & CLONE.SIGHAND)) return Errno.EINVAL;
  if (flags & CLONE.SIGHAND && !(flags & CLONE.VM)) return Errno.EINVAL;
  if (flags & NAMESPACES) return Errno.EPERM; // an ordinary user may not make namespaces here
  if (!(flags & CLONE.THREAD) && (flags & 0xff) > 64) return Errno.EINVAL;
  return 0;
}

/** A new process: a copy-on-write copy of the address space, or the same one with CLONE_VM. */
// fork charges the page-table work it does: one L2 access per resident page whose PTE it copies.
function forkProcess(kernel: Kernel, parent: Process, flags: number, hart: Hart, creator: Thread): Thread {
  let aspace = parent.aspace;
  if (flags & CLONE.VM) {
    aspace.users++;
  } else {
    aspace = kernel.newAddressSpace();
    try {
      const copied = parent.aspace.copyInto(aspace);
      hart.cycles += copied * kernel.cost.l2;
      kernel.current[hart.id]!.systemCycles += copied * kernel.cost.l2;
    } catch (error) {
      aspace.destroy();
      throw error;
    }
  }
  const realParent = flags & CLONE.PARENT ? kernel.processes.get(parent.ppid) ?? parent : parent;
  const child = kernel.createProcess(realParent, aspace, parent.path, parent.argv, parent);
  child.exitSignal = flags & 0xff;
  child.brkStart = parent.brkStart;
  child.brk = parent.brk;
  child.comm = parent.comm;
  return kernel.createThread(child, hart.cycles, creator);
}

function waitid({ kernel, process }: SyscallContext, idtype: number, id: number, infop: number, options: number, rusage: number): SyscallResult {
  if (options & ~WAIT_OPTIONS || !(options & (WEXITED | WSTOPPED | WCONTINUED))) return -Errno.EINVAL;
  const matches = childMatcher(process, idtype, id, options);
  if (typeof matches === 'number') return -matches;
  const children = kernel.childrenOf(process).filter(matches);
  if (children.length === 0) return -Errno.ECHILD;
  // Each child in turn, as wait_consider_task: its exit first, then an unreported stop or continue.
  const zombie = options & WEXITED ? children.find((c) => !c.alive) : undefined;
  const changed = zombie ? undefined : children.find((c) => c.alive && jobChange(c, options) !== null);
  if (changed) return reportJobChange(kernel, process, changed, infop, options, rusage);
  if (!zombie) {
    if (!(options & WNOHANG)) return sleep({ kind: 'child' });
    return infop === 0 || writeSiginfo(process, infop, 0, 0, 0, 0) ? 0 : -Errno.EFAULT;
  }
  const status = zombie.exitStatus!;
  const code = status.kind === 'exited' ? CLD_EXITED : status.coreDumped ? CLD_DUMPED : CLD_KILLED;
  const value = status.kind === 'exited' ? status.code : status.signal;
  if (infop !== 0 && !writeSiginfo(process, infop, SIGCHLD, code, zombie.pid, value)) return -Errno.EFAULT;
  if (rusage !== 0 && !process.aspace.copyOut(rusage, kernelRusage(kernel, zombie.userCycles + zombie.childUserCycles, zombie.systemCycles + zombie.childSystemCycles, zombie))) {
    return -Errno.EFAULT;
  }
  if (!(options & WNOWAIT)) kernel.reap(zombie, process);
  return 0;
}

/** The stop (WSTOPPED) or continue (WCONTINUED) of `child` that waitid would report now, if any. */
function jobChange(child: Process, options: number): 'stopped' | 'continued' | null {
  if (child.jobReport === 'stopped' && options & WSTOPPED && child.stopSignal !== 0) return 'stopped';
  if (child.jobReport === 'continued' && options & WCONTINUED) return 'continued';
  return null;
}

// Reported once, unless WNOWAIT; the child stays in the process table.
function reportJobChange(kernel: Kernel, process: Process, child: Process, infop: number, options: number, rusage: number): SyscallResult {
  const stopped = jobChange(child, options) === 'stopped';
  const ok = infop === 0 || writeSiginfo(process, infop, SIGCHLD, stopped ? CLD_STOPPED : CLD_CONTINUED, child.pid, stopped ? child.stopSignal : SIGCONT);
  if (!ok) return -Errno.EFAULT;
  if (rusage !== 0 && !process.aspace.copyOut(rusage, kernelRusage(kernel, child.userCycles, child.systemCycles, child))) return -Errno.EFAULT;
  if (!(options & WNOWAIT)) child.jobReport = null;
  return 0;
}

/** Which children an idtype/id pair selects, or an errno. */
function childMatcher(process: Process, idtype: number, id: number, options: number): ((child: Process) => boolean) | number {
  // Without __WALL, a waiter sees either the SIGCHLD children (default) or the others (__WCLONE).
  const kindOk = (c: Process) => (options & __WALL) !== 0 || ((options & __WCLONE) !== 0) !== (c.exitSignal === SIGCHLD);
  switch (idtype) {
    case P_ALL:
      return kindOk;
    case P_PID:
      return id <= 0 ? Errno.EINVAL : (c) => c.pid === id && kindOk(c);
    case P_PGID: {
      if (id < 0) return Errno.EINVAL;
      const pgid = id === 0 ? process.pgid : id;
      return (c) => c.pgid === pgid && kindOk(c);
    }
    case P_PIDFD:
      return Errno.EBADF;
    default:
      return Errno.EINVAL;
  }
}

/** waitid writes only these six siginfo fields (si_signo, si_errno, si_code, si_pid, si_uid, si_status). */
function writeSiginfo(process: Process, va: number, signo: number, code: number, pid: number, status: number): boolean {
  const bytes = new Uint8Array(24);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, signo, true);
  view.setInt32(8, code, true);
  view.setInt32(12, pid, true);
  view.setInt32(16, pid === 0 ? 0 : process.uid, true);
  view.setInt32(20, status, true);
  return process.aspace.copyOut(va, bytes);
}

/** struct rusage as the riscv32 kernel writes it: two old timevals, then fourteen longs. */
export function kernelRusage(kernel: Kernel, userCycles: number, systemCycles: number, who: Process | null, thread?: Thread): Uint8Array {
  const bytes = new Uint8Array(72);
  const view = new DataView(bytes.buffer);
  const timeval = (offset: number, cycles: number) => {
    const us = Math.floor(kernel.cyclesToNs(cycles) / 1000);
    view.setInt32(offset, Math.floor(us / 1e6), true);
    view.setInt32(offset + 4, us % 1e6, true);
  };
  timeval(0, userCycles);
  timeval(8, systemCycles);
  if (who) {
    const long = (index: number, value: number) => view.setInt32(16 + index * 4, value, true);
    long(0, who.aspace.peakResidentPages * 4); // ru_maxrss in KiB
    long(4, who.faults.minor + who.faults.cow); // ru_minflt
    long(5, who.faults.major); // ru_majflt
    const threads = thread ? [thread] : who.threads;
    long(12, threads.reduce((n, t) => n + t.voluntarySwitches, 0)); // ru_nvcsw
    long(13, threads.reduce((n, t) => n + t.involuntarySwitches, 0)); // ru_nivcsw
  }
  return bytes;
}
