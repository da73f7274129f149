// Signals from the program's side: kill, tkill and tgkill; the mask (rt_sigprocmask), the
// actions (rt_sigaction), waiting for one (rt_sigsuspend, and ppoll on nothing: libc's pause),
// what is pending (rt_sigpending) and the return from a handler (rt_sigreturn). A signal with a
// handler, or blocked, is queued and taken on the way back to user mode (sigframe.ts); with
// the default action it takes effect at once, or, when that stops the process, on the way to
// user mode (job-control.ts).

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { SIGKILL, SIGSTOP, signalDescription } from './signal';
import { SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_SIGINFO, SIG_DFL, UNBLOCKABLE, actionFor, bit, defersDefault, disposition, ignores, pendingFor, queueSignal, sigreturn } from './sigframe';
import { prepareSignal } from './job-control';
import { NO_RETURN, sleep, type SyscallContext, type SyscallHandler, type SyscallResult } from './syscall';

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
const MAX_SIGNAL = 64;
/** The flags rt_sigaction keeps (SA_NOCLDSTOP, SA_NOCLDWAIT and the rest; SA_RESTORER does not exist on riscv). */
const KNOWN_FLAGS = 0x1 | 0x2 | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND;

export const SIGNAL_SYSCALLS: Record<string, SyscallHandler> = {
  kill: (ctx, [pid, signal]) => kill(ctx, pid, signal),
  tkill: (ctx, [tid, signal]) => sendToThread(ctx, tid <= 0 ? undefined : ctx.kernel.thread(tid), signal),
  tgkill: (ctx, [tgid, tid, signal]) => {
    if (tgid <= 0 || tid <= 0) return -Errno.EINVAL;
    const target = ctx.kernel.thread(tid);
    return sendToThread(ctx, target?.process.pid === tgid ? target : undefined, signal);
  },
  rt_sigprocmask: ({ thread, process }, [how, setPtr, oldPtr, size]) => {
    if (size !== 8) return -Errno.EINVAL;
    if (oldPtr !== 0 && !process.aspace.copyOut(oldPtr >>> 0, sigsetBytes(thread.sigmask))) return -Errno.EFAULT;
    if (setPtr === 0) return 0;
    const bytes = process.aspace.copyIn(setPtr >>> 0, 8);
    if (!bytes) return -Errno.EFAULT;
    const set = new DataView(bytes.buffer).getBigUint64(0, true) & ~UNBLOCKABLE;
    if (how === SIG_BLOCK) thread.sigmask |= set;
    else if (how === SIG_UNBLOCK) thread.sigmask &= ~set;
    else if (how === SIG_SETMASK) thread.sigmask = set;
    else return -Errno.EINVAL;
    return 0;
  },
  rt_sigaction: ({ process }, [signal, actPtr, oldPtr, size]) => {
    if (size !== 8 || signal < 1 || signal > MAX_SIGNAL) return -Errno.EINVAL;
    let next = null;
    if (actPtr !== 0) {
      if (signal === SIGKILL || signal === SIGSTOP) return -Errno.EINVAL;
      const bytes = process.aspace.copyIn(actPtr >>> 0, 16);
      if (!bytes) return -Errno.EFAULT;
      const view = new DataView(bytes.buffer);
      next = { handler: view.getUint32(0, true), flags: view.getUint32(4, true) & KNOWN_FLAGS, mask: view.getBigUint64(8, true) & ~UNBLOCKABLE };
    }
    if (oldPtr !== 0) {
      const old = actionFor(process, signal);
      const bytes = new Uint8Array(16);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, old.handler, true);
      view.setUint32(4, old.flags, true);
      view.setBigUint64(8, old.mask, true);
      if (!process.aspace.copyOut(oldPtr >>> 0, bytes)) return -Errno.EFAULT;
    }
    if (next) {
      if (next.handler === SIG_DFL && next.flags === 0 && next.mask === 0n) process.sigactions.delete(signal);
      else process.sigactions.set(signal, next);
      // Setting SIG_IGN (or SIG_DFL for a signal ignored by default) discards it if pending.
      if (ignores(process, signal)) {
        process.pendingSignals &= ~bit(signal);
        for (const t of process.threads) t.pendingSignals &= ~bit(signal);
      }
    }
    return 0;
  },
  rt_sigreturn: ({ hart, thread }) => sigreturn(hart, thread) ?? NO_RETURN,
  rt_sigpending: ({ thread, process }, [setPtr, size]) => {
    if (size !== 8) return -Errno.EINVAL;
    return process.aspace.copyOut(setPtr >>> 0, sigsetBytes(pendingFor(thread) & thread.sigmask)) ? 0 : -Errno.EFAULT;
  },
  rt_sigsuspend: ({ thread, process }, [setPtr, size]) => {
    if (size !== 8) return -Errno.EINVAL;
    // A signal ends it with EINTR, and the handler's frame restores the caller's mask.
    const bytes = process.aspace.copyIn(setPtr >>> 0, 8);
    if (!bytes) return -Errno.EFAULT;
    thread.savedSigmask ??= thread.sigmask;
    thread.sigmask = new DataView(bytes.buffer).getBigUint64(0, true) & ~UNBLOCKABLE;
    if (pendingFor(thread) & ~thread.sigmask) return -Errno.EINTR;
    return sleep({ kind: 'signal' });
  },
  ppoll_time64: ({ thread }, [fds, nfds, timeout]) => {
    // Only polling nothing until a signal (libc's pause) so far; readiness comes with the network.
    if (nfds !== 0 || fds !== 0 || timeout !== 0) return -Errno.ENOSYS;
    return pendingFor(thread) & ~thread.sigmask ? -Errno.EINTR : sleep({ kind: 'signal' });
  },
};

function kill(ctx: SyscallContext, pid: number, signal: number): SyscallResult {
  const { kernel, process } = ctx;
  if (signal < 0 || signal > MAX_SIGNAL) return -Errno.EINVAL;
  let targets: Process[];
  if (pid > 0) targets = kernel.liveProcesses.filter((p) => p.pid === pid);
  else if (pid === 0) targets = kernel.liveProcesses.filter((p) => p.pgid === process.pgid);
  else if (pid === -1) targets = kernel.liveProcesses.filter((p) => p !== process);
  else targets = kernel.liveProcesses.filter((p) => p.pgid === -pid);
  if (pid === -1 && signal !== 0) targets.push(process); // kill(-1) reaches the caller last
  if (targets.length === 0) return -Errno.ESRCH;
  let result: SyscallResult = 0;
  for (const target of targets) {
    const thread = target.liveThreads.find((t) => !blocks(t, signal)) ?? target.liveThreads[0];
    if (thread && deliver(kernel, ctx.thread, thread, signal, 'SI_USER') && target === process) result = NO_RETURN;
  }
  return result;
}

function sendToThread(ctx: SyscallContext, target: Thread | undefined, signal: number): SyscallResult {
  if (signal < 0 || signal > MAX_SIGNAL) return -Errno.EINVAL;
  if (!target) return -Errno.ESRCH;
  return deliver(ctx.kernel, ctx.thread, target, signal, 'SI_TKILL') && target.process === ctx.process ? NO_RETURN : 0;
}

/**
 * Sends `signal` to the target: dropped when ignored, queued when blocked or handled (the
 * handler runs on the way back to user mode), else its default action at once. True when that
 * killed the target's process.
 */
function deliver(kernel: Kernel, sender: Thread, target: Thread, signal: number, code: 'SI_USER' | 'SI_TKILL'): boolean {
  if (signal === 0) return false;
  prepareSignal(kernel, target.process, signal);
  const outcome = disposition(target.process, signal, blocks(target, signal));
  if (outcome === 'drop') return false;
  if (outcome === 'queue' || defersDefault(target.process, signal)) {
    // tkill and tgkill name one thread; kill names the process, any of whose threads may take it.
    queueSignal(kernel, target.process, signal, { code, senderPid: sender.process.pid, senderUid: sender.process.uid }, code === 'SI_TKILL' ? target : undefined);
    return false;
  }
  const cause = { code, senderPid: sender.process.pid };
  if (sender.process === target.process) {
    // A process killing itself (abort's tgkill) is a fatal signal of the sending thread.
    kernel.fatalSignal(sender, signal, `${signalDescription(signal)}, sent by itself`, cause);
    return sender.process.exitStatus !== null;
  }
  kernel.killProcess(target.process, signal, `${signalDescription(signal)}, sent by process ${sender.process.pid}`, { ...cause, thread: target });
  return true;
}

function blocks(thread: Thread, signal: number): boolean {
  return (thread.sigmask & bit(signal)) !== 0n; // SIGKILL and SIGSTOP never are in a mask (UNBLOCKABLE)
}

function sigsetBytes(set: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, set, true);
  return bytes;
}
