// Job control, as kernel/signal.c does it: a stop signal's default action stops every thread of
// the process (its state T) and tells the parent (SIGCHLD with CLD_STOPPED, waitid's WSTOPPED);
// SIGCONT continues it wherever it is sent from, even when blocked or caught, and tells the
// parent too (CLD_CONTINUED, WCONTINUED). A thread asleep in an interruptible call when its
// process stops keeps sleeping; whatever wakes it finds the process stopped and leaves it stopped
// (Linux lets it stop at once and restarts the call: the program cannot tell the difference).
// Process groups with no parent in another group of the same session are orphaned: a terminal's
// stop signals (SIGTSTP, SIGTTIN, SIGTTOU) do nothing to them, as nothing would ever continue them.

import type { Kernel } from './kernel';
import { takeOff } from './context-switch';
import type { Process } from './proc';
import { SIGCHLD, SIGCONT, SIGHUP, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU } from './signal';
import { actionFor, bit, ignores, queueSignal, sendSignal } from './sigframe';

export const STOP_SIGNALS: ReadonlySet<number> = new Set([SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]);
const STOP_MASK = [...STOP_SIGNALS].reduce((mask, s) => mask | (1n << BigInt(s - 1)), 0n);
/** sa_flags: no SIGCHLD when a child stops or continues. */
const SA_NOCLDSTOP = 1;

/**
 * What sending `signal` does at once, before it is queued (Linux's prepare_signal): a stop
 * signal discards a pending SIGCONT, and SIGCONT discards pending stop signals and continues a
 * stopped process.
 */
export function prepareSignal(kernel: Kernel, process: Process, signal: number): void {
  if (STOP_SIGNALS.has(signal)) discardPending(process, bit(SIGCONT));
  if (signal !== SIGCONT) return;
  discardPending(process, STOP_MASK);
  if (process.stopSignal !== 0) continueProcess(kernel, process);
}

/** Stops every thread of `process` (a stop signal's default action, taken by one of its threads). */
export function stopProcess(kernel: Kernel, process: Process, signal: number): void {
  if (!process.alive || process.stopSignal !== 0) return;
  process.stopSignal = signal;
  for (const thread of process.liveThreads) {
    if (thread.hart >= 0) takeOff(kernel, kernel.harts[thread.hart], 'blocked');
    kernel.scheduler.remove(thread);
    if (thread.waitingFor === null) thread.state = 'stopped'; // still asleep otherwise
  }
  notifyParent(kernel, process, 'stopped');
}

/** SIGCONT: the stopped threads run again, and those asleep go on sleeping. */
export function continueProcess(kernel: Kernel, process: Process): void {
  process.stopSignal = 0;
  for (const thread of process.liveThreads) {
    if (thread.state !== 'stopped') continue;
    thread.state = 'runnable';
    thread.readyAt = Math.max(thread.readyAt, kernel.now());
    kernel.scheduler.enqueue(thread, false);
  }
  notifyParent(kernel, process, 'continued');
}

// The parent's waitid may now report the change once (WSTOPPED or WCONTINUED), and it gets a
// SIGCHLD unless it asked not to with SA_NOCLDSTOP.
function notifyParent(kernel: Kernel, child: Process, change: 'stopped' | 'continued'): void {
  child.jobReport = change;
  const parent = kernel.processes.get(child.ppid);
  if (!parent || parent === kernel.init || !parent.alive) return;
  const code = change === 'stopped' ? 'CLD_STOPPED' : 'CLD_CONTINUED';
  const info = { code, senderPid: child.pid, senderUid: child.uid, status: change === 'stopped' ? child.stopSignal : SIGCONT } as const;
  // A handled SIGCHLD is reported when it is delivered; an ignored one when it happens.
  if (!ignores(parent, SIGCHLD) && !(actionFor(parent, SIGCHLD).flags & SA_NOCLDSTOP)) queueSignal(kernel, parent, SIGCHLD, info);
  else kernel.events.push({ kind: 'signal', cycles: kernel.now(), pid: parent.pid, tid: parent.pid, signal: SIGCHLD, code, senderPid: child.pid, status: info.status });
  kernel.wakeWhere((t) => t.process === parent && t.waitingFor?.kind === 'child');
}

function discardPending(process: Process, mask: bigint): void {
  process.pendingSignals &= ~mask;
  for (const thread of process.threads) thread.pendingSignals &= ~mask;
}

/**
 * Whether process group `pgid` is orphaned (POSIX): no member has a parent in a different group
 * of the same session. An empty group counts as orphaned.
 */
export function orphanedGroup(kernel: Kernel, pgid: number): boolean {
  for (const member of kernel.liveProcesses) {
    if (member.pgid !== pgid) continue;
    const parent = kernel.processes.get(member.ppid);
    if (parent && parent.alive && parent.pgid !== pgid && parent.sid === member.sid) return false;
  }
  return true;
}

/**
 * After `exited` ended (the processes given: it and its children, now init's): a group that has
 * become orphaned with a stopped member gets SIGHUP then SIGCONT, as POSIX asks, so that it
 * does not stay stopped for ever.
 */
export function hangUpOrphanedGroups(kernel: Kernel, touched: readonly Process[]): void {
  const info = { code: 'SI_KERNEL', senderPid: 0, senderUid: 0 } as const;
  for (const pgid of new Set(touched.map((p) => p.pgid))) {
    const members = groupMembers(kernel, pgid);
    if (!members.some((p) => p.stopSignal !== 0) || !orphanedGroup(kernel, pgid)) continue;
    for (const member of members) sendSignal(kernel, member, SIGHUP, info, 'its process group was orphaned while stopped (SIGHUP)');
    for (const member of members) sendSignal(kernel, member, SIGCONT, info, '');
  }
}

/** The live members of process group `pgid`. */
export function groupMembers(kernel: Kernel, pgid: number): Process[] {
  return kernel.liveProcesses.filter((p) => p.pgid === pgid);
}
