// Running a signal's handler, as arch/riscv/kernel/signal.c: on the way back to user mode, a
// pending signal the thread does not block is taken. A handler gets an rt_sigframe pushed on
// the user stack (siginfo, then a ucontext holding every register and the mask to restore),
// a0–a2 set to (signal, &info, &uc), and ra pointing at the kernel's sigreturn trampoline, a
// page shown in maps as [vdso] (riscv has no SA_RESTORER). rt_sigreturn puts it all back.
// Signals ignored are dropped; a default action kills the process, or stops it (job-control.ts).

import type { Hart } from '../cpu/hart';
import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { SIGCHLD, SIGCONT, SIGKILL, SIGSEGV, SIGSTOP, dumpsCore, signalDescription } from './signal';
import { STOP_SIGNALS, orphanedGroup, prepareSignal, stopProcess } from './job-control';
import { placeMapping } from './sys-mem';
import { writeTimespec } from './timespec';
import { PROT_EXEC, PROT_READ, anonVma } from './vma';
import { PAGE_SIZE } from '../mem/phys';

export const SIG_DFL = 0, SIG_IGN = 1;
export const SA_SIGINFO = 0x4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
/** Signals whose default action is to do nothing (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
export const IGNORED_BY_DEFAULT: ReadonlySet<number> = new Set([SIGCHLD, SIGCONT, 23, 28]);
export const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

export interface SigAction {
  readonly handler: number;
  readonly flags: number;
  readonly mask: bigint;
}

const SIGINFO_SIZE = 128;
const UCONTEXT_SIZE = 816;
const FRAME_SIZE = SIGINFO_SIZE + UCONTEXT_SIZE;
/** ucontext: uc_sigmask at 20, uc_mcontext (pc, then x1..x31) at 160, 16-byte aligned. */
const UC_SIGMASK = 20, UC_MCONTEXT = 160;
const SS_DISABLE = 2;
const SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;
/** li a7, 139 (rt_sigreturn); ecall */
const TRAMPOLINE = new Uint8Array(new Uint32Array([0x08b00893, 0x00000073]).buffer);

export const bit = (signal: number): bigint => 1n << BigInt(signal - 1);

/** How a pending signal was sent, for its siginfo. */
export interface PendingInfo {
  readonly code: 'SI_USER' | 'SI_TKILL' | 'SI_KERNEL' | ChildCode;
  readonly senderPid: number;
  readonly senderUid: number;
  /** SIGCHLD's si_status (see ChildCode). */
  readonly status?: number;
}

/** SIGCHLD's si_code: how the child changed. */
export type ChildCode = 'CLD_EXITED' | 'CLD_KILLED' | 'CLD_DUMPED' | 'CLD_STOPPED' | 'CLD_CONTINUED';
const CHILD_CODES: Record<ChildCode, number> = { CLD_EXITED: 1, CLD_KILLED: 2, CLD_DUMPED: 3, CLD_STOPPED: 5, CLD_CONTINUED: 6 };

/** Sleeps a handler's return restarts when it has SA_RESTART (man 7 signal); the others fail with EINTR. */
const RESTARTABLE: ReadonlySet<string> = new Set(['pipe', 'console-input', 'child', 'futex']);

/**
 * Makes `signal` pending for `process` (to be taken by a thread that does not block it), or for
 * one thread when `thread` is given (tkill, tgkill), and interrupts the taker if it sleeps: its
 * syscall fails with EINTR, or restarts after the handler when the handler has SA_RESTART and
 * the call is one Linux restarts.
 */
export function queueSignal(kernel: Kernel, process: Process, signal: number, info: PendingInfo, thread?: Thread): void {
  if (thread) thread.pendingSignals |= bit(signal);
  else process.pendingSignals |= bit(signal);
  if (!process.pendingInfo.has(signal)) process.pendingInfo.set(signal, info);
  if (stopsByDefault(process, signal)) return queueStop(kernel, process, signal, thread);
  const taker = thread ? (thread.sigmask & bit(signal) ? undefined : thread) : process.liveThreads.find((t) => !(t.sigmask & bit(signal)));
  if (!taker || taker.state !== 'sleeping' || !taker.waitingFor || taker.waitingFor.kind === 'vfork' || taker.waitingFor.kind === 'disk') return;
  const channel = taker.waitingFor;
  const restart = actionFor(process, signal).flags & SA_RESTART && RESTARTABLE.has(channel.kind);
  if (channel.kind === 'sleep' && channel.remaining) {
    const ns = Math.max(0, Math.round(kernel.cyclesToNs(taker.wakeAt - kernel.now())));
    const sec = Math.floor(ns / 1e9);
    writeTimespec(process, channel.remaining, { sec, nsec: ns - sec * 1e9 });
  }
  kernel.wakeThread(taker, restart ? null : -Errno.EINTR);
}

// A stop signal is taken like any other, by a thread on its way to user mode, which then stops
// its whole process. When no thread would get there (all asleep, or stopped already), the
// process stops now — unless a thread is on a hart (its syscall must finish first): then a
// sleeper is woken to take it, its call restarted once the process continues.
function queueStop(kernel: Kernel, process: Process, signal: number, thread?: Thread): void {
  const takers = (thread ? [thread] : process.liveThreads).filter((t) => !(t.sigmask & bit(signal)));
  if (takers.some((t) => t.waitingFor === null && t.state !== 'stopped')) return;
  if (process.liveThreads.every((t) => t.hart < 0)) {
    if (thread) thread.pendingSignals &= ~bit(signal);
    else process.pendingSignals &= ~bit(signal);
    process.pendingInfo.delete(signal);
    if (signal === SIGSTOP || !orphanedGroup(kernel, process.pgid)) stopProcess(kernel, process, signal);
    return;
  }
  const sleeper = takers.find((t) => t.waitingFor !== null && t.waitingFor.kind !== 'vfork' && t.waitingFor.kind !== 'disk');
  if (sleeper) kernel.wakeThread(sleeper, null);
}

/** Whether `signal`'s action for `process` is the default one and that stops it. */
function stopsByDefault(process: Process, signal: number): boolean {
  return STOP_SIGNALS.has(signal) && actionFor(process, signal).handler === SIG_DFL;
}

/**
 * A signal from outside the process's own threads (the terminal's ^C, a kill): dropped when
 * ignored, queued when every thread blocks it or a handler is set, else its default action: now
 * when that kills, on the way to user mode when it stops. SIGCONT continues the process first.
 */
export function sendSignal(kernel: Kernel, process: Process, signal: number, info: PendingInfo, reason: string): void {
  prepareSignal(kernel, process, signal);
  const outcome = disposition(process, signal, process.liveThreads.every((t) => t.sigmask & bit(signal)));
  if (outcome === 'queue' || (outcome === 'default' && defersDefault(process, signal))) queueSignal(kernel, process, signal, info);
  else if (outcome === 'default') kernel.killProcess(process, signal, reason, { code: info.code, senderPid: info.senderPid });
}

/**
 * Whether a default action waits in the pending set instead of happening at once: stopping,
 * and a core dump of a stopped process (Linux kills a stopped process at once only for the
 * signals that dump no core).
 */
export function defersDefault(process: Process, signal: number): boolean {
  return STOP_SIGNALS.has(signal) || (process.stopSignal !== 0 && dumpsCore(signal));
}

/**
 * What sending `signal` does, `blocked` saying whether the thread(s) that could take it block
 * it: dropped (ignored), queued (for a handler, or until unblocked), or its default action now.
 * SIGKILL and SIGSTOP can be neither blocked nor caught.
 */
export function disposition(process: Process, signal: number, blocked: boolean): 'drop' | 'queue' | 'default' {
  if (signal === SIGKILL || signal === SIGSTOP) return 'default';
  if (blocked) return 'queue';
  if (ignores(process, signal)) return 'drop';
  return actionFor(process, signal).handler === SIG_DFL ? 'default' : 'queue';
}

/** Signals pending for `thread`: its own and its process's. */
export function pendingFor(thread: Thread): bigint {
  return thread.pendingSignals | thread.process.pendingSignals;
}

/** The action a process takes for `signal` (SIG_DFL when never set). */
export function actionFor(process: Process, signal: number): SigAction {
  return process.sigactions.get(signal) ?? { handler: SIG_DFL, flags: 0, mask: 0n };
}

/** Whether `signal` would be dropped on arrival (SIG_IGN, or ignored by default with SIG_DFL). */
export function ignores(process: Process, signal: number): boolean {
  const { handler } = actionFor(process, signal);
  return handler === SIG_IGN || (handler === SIG_DFL && IGNORED_BY_DEFAULT.has(signal));
}

/**
 * Before `thread` runs user code on `hart`: takes the pending signals it does not block, lowest
 * first. A handler gets its frame; a default action kills or stops the process. Returns false
 * when the thread must not run (its process died or stopped).
 */
export function takePendingSignal(kernel: Kernel, hart: Hart, thread: Thread): boolean {
  const process = thread.process;
  const ready = pendingFor(thread) & ~thread.sigmask;
  if (ready === 0n) return restoreSavedMask(thread);
  let signal = 1;
  while (!(ready & bit(signal))) signal++;
  // The thread's own signals first, as Linux's dequeue_signal takes them.
  if (thread.pendingSignals & bit(signal)) thread.pendingSignals &= ~bit(signal);
  else process.pendingSignals &= ~bit(signal);
  const info = process.pendingInfo.get(signal);
  process.pendingInfo.delete(signal);
  const action = actionFor(process, signal);
  if (action.handler === SIG_IGN || (action.handler === SIG_DFL && IGNORED_BY_DEFAULT.has(signal))) return takePendingSignal(kernel, hart, thread);
  if (action.handler === SIG_DFL && STOP_SIGNALS.has(signal)) {
    // A terminal's stop signal does nothing to an orphaned group: nothing would continue it.
    if (signal !== SIGSTOP && orphanedGroup(kernel, process.pgid)) return takePendingSignal(kernel, hart, thread);
    stopProcess(kernel, process, signal);
    return false;
  }
  if (action.handler === SIG_DFL) {
    kernel.killProcess(process, signal, signalDescription(signal), { code: info?.code ?? 'SI_KERNEL', senderPid: info?.senderPid, thread });
    return false;
  }
  if (!pushFrame(kernel, hart, thread, signal, action, info)) return false;
  // Every other signal still deliverable gets its frame too, on top: the last one taken runs
  // first, then returns into the one before (as Linux loops before returning to user mode).
  return pendingFor(thread) & ~thread.sigmask ? takePendingSignal(kernel, hart, thread) : true;
}

// No handler ran: rt_sigsuspend's caller gets its own mask back as it returns.
function restoreSavedMask(thread: Thread): boolean {
  if (thread.savedSigmask !== null) thread.sigmask = thread.savedSigmask;
  thread.savedSigmask = null;
  return true;
}

function pushFrame(kernel: Kernel, hart: Hart, thread: Thread, signal: number, action: SigAction, info: PendingInfo | undefined): boolean {
  const process = thread.process;
  const frame = ((hart.regs[2] >>> 0) - FRAME_SIZE) & ~15;
  const bytes = new Uint8Array(FRAME_SIZE);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, signal, true);
  const code = info?.code ?? 'SI_KERNEL';
  view.setInt32(8, code === 'SI_TKILL' ? SI_TKILL : code === 'SI_USER' ? SI_USER : code === 'SI_KERNEL' ? SI_KERNEL : CHILD_CODES[code], true);
  if (info && info.code !== 'SI_KERNEL') {
    view.setInt32(12, info.senderPid, true);
    view.setUint32(16, info.senderUid, true);
  }
  if (info?.status !== undefined) view.setInt32(20, info.status, true); // _sigchld's si_status (times stay 0)
  const uc = SIGINFO_SIZE;
  view.setUint32(uc + 12, SS_DISABLE, true); // uc_stack: no alternate stack
  view.setBigUint64(uc + UC_SIGMASK, thread.savedSigmask ?? thread.sigmask, true);
  view.setUint32(uc + UC_MCONTEXT, hart.pc >>> 0, true);
  for (let r = 1; r < 32; r++) view.setUint32(uc + UC_MCONTEXT + 4 * r, hart.regs[r] >>> 0, true);
  const trampoline = sigreturnTrampoline(process);
  if (trampoline === null || !process.aspace.copyOut(frame >>> 0, bytes)) {
    kernel.killProcess(process, SIGSEGV, `no room on the stack for the ${signalDescription(signal)} handler's frame`, { code: 'SI_KERNEL', thread });
    return false;
  }
  thread.savedSigmask = null;
  thread.sigmask = (thread.sigmask | action.mask | (action.flags & SA_NODEFER ? 0n : bit(signal))) & ~UNBLOCKABLE;
  if (action.flags & SA_RESETHAND) process.sigactions.delete(signal);
  hart.regs[2] = frame | 0;
  hart.regs[10] = signal;
  hart.regs[11] = (frame + 0) | 0;
  hart.regs[12] = (frame + uc) | 0;
  hart.regs[1] = trampoline | 0;
  hart.pc = action.handler | 0;
  kernel.events.push({ kind: 'signal', cycles: hart.cycles, pid: process.pid, tid: thread.tid, signal, code, ...(info ? { senderPid: info.senderPid } : {}), ...(info?.status !== undefined ? { status: info.status } : {}) });
  return true;
}

/** rt_sigreturn: the registers and mask saved in the frame at sp come back. */
export function sigreturn(hart: Hart, thread: Thread): number | null {
  const uc = (hart.regs[2] >>> 0) + SIGINFO_SIZE;
  const saved = thread.process.aspace.copyIn(uc, UCONTEXT_SIZE);
  if (saved === null) return -Errno.EFAULT;
  const view = new DataView(saved.buffer);
  thread.sigmask = view.getBigUint64(UC_SIGMASK, true) & ~UNBLOCKABLE;
  hart.pc = view.getInt32(UC_MCONTEXT, true);
  for (let r = 1; r < 32; r++) hart.regs[r] = view.getInt32(UC_MCONTEXT + 4 * r, true);
  return null;
}

// The trampoline page, mapped the first time a process needs it (kept across fork with the
// address space), where mmap would place a page.
function sigreturnTrampoline(process: Process): number | null {
  const aspace = process.aspace;
  const existing = aspace.vmas.all.find((v) => v.name === '[vdso]');
  if (existing) return existing.start;
  const start = placeMapping(process, 0, PAGE_SIZE);
  if (start === null) return null;
  const file = { id: 'vdso', path: '[vdso]', dev: '00:00', inode: 0 }; // one page cache entry for every process
  aspace.addVma(anonVma(start, start + PAGE_SIZE, PROT_READ | PROT_EXEC, { name: '[vdso]', backings: [{ bytes: TRAMPOLINE, offset: 0, size: TRAMPOLINE.length, vaddr: start }], file }));
  return start;
}

