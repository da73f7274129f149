// Sending signals and the signal mask, as far as Kernel I goes: kill, tkill, tgkill and
// rt_sigprocmask with Linux's default actions (terminate, core, ignore). Handlers, stopping,
// pending delivery and sigreturn arrive with Kernel II; until then a blocked signal stays
// pending and an action a handler would take is the default one.

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, signalDescription } from './signal';
import { NO_RETURN, type SyscallContext, type SyscallHandler, type SyscallResult } from './syscall';

const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
/** Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
const IGNORED_BY_DEFAULT = new Set([SIGCHLD, SIGCONT, 23, 28]);
const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));
const MAX_SIGNAL = 64;

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

/** Takes the default action of `signal` on the target; true when that killed its process. */
function deliver(kernel: Kernel, sender: Thread, target: Thread, signal: number, code: 'SI_USER' | 'SI_TKILL'): boolean {
  if (signal === 0 || IGNORED_BY_DEFAULT.has(signal)) return false;
  if (blocks(target, signal)) {
    target.process.pendingSignals |= 1n << BigInt(signal - 1);
    return false;
  }
  if (signal === SIGSTOP || signal === 20 || signal === 21 || signal === 22) return false; // stopping: Kernel II
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
  return signal !== SIGKILL && signal !== SIGSTOP && (thread.sigmask & (1n << BigInt(signal - 1))) !== 0n;
}

function sigsetBytes(set: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, set, true);
  return bytes;
}
