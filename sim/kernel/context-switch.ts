// Putting threads on harts and taking them off: the context switch itself (registers saved and
// loaded, the address space activated, its cost charged, a fresh time slice) and its record for
// the Scheduler panel. The kernel decides when (kernel.ts: blocking, preemption, yield,
// migration); this is how.

import type { Hart } from '../cpu/hart';
import type { SwitchReason } from '../events';
import type { Kernel } from './kernel';
import type { Thread } from './proc';
import type { SwitchRecord } from './switch-history';

// The running thread goes back on the run queue and the policy picks who runs: one switch,
// recorded once as from → to.
export function switchTo(kernel: Kernel, hart: Hart, reason: SwitchReason): void {
  const from = kernel.current[hart.id]!;
  takeOff(kernel, hart, reason, false);
  kernel.scheduler.enqueue(from, false);
  const next = kernel.scheduler.pickNext(hart.id, reason === 'yielded' ? from : undefined)!;
  putOn(kernel, hart, next, reason, from.tid);
}

export function putOn(kernel: Kernel, hart: Hart, thread: Thread, reason: SwitchReason, from: number | null = null): void {
  kernel.current[hart.id] = thread;
  kernel.cpuTimes.start(hart.id, thread);
  thread.hart = hart.id;
  thread.state = 'running';
  if (hart.cycles < thread.readyAt) hart.cycles = thread.readyAt; // the hart idled until then
  hart.regs.set(thread.regs);
  hart.pc = thread.pc;
  hart.reservationValid = false;
  kernel.mmu.activate(hart, thread.process.aspace);
  hart.cycles += kernel.cost.contextSwitch;
  thread.systemCycles += kernel.cost.contextSwitch;
  hart.timerDeadline = hart.cycles + kernel.config.sliceCycles; // a fresh time slice
  kernel.counters.contextSwitches++;
  recordSwitch(kernel, hart.cycles, hart.id, from, thread.tid, reason);
}

/** Takes `hart`'s thread off it, its registers saved (it stays runnable unless the caller says otherwise). */
export function takeOff(kernel: Kernel, hart: Hart, reason: SwitchReason, record = true): void {
  const thread = kernel.current[hart.id];
  if (!thread) return;
  thread.regs.set(hart.regs);
  thread.pc = hart.pc;
  thread.hart = -1;
  thread.readyAt = hart.cycles;
  if (thread.state === 'running') thread.state = 'runnable';
  kernel.cpuTimes.stop(hart.id);
  kernel.current[hart.id] = null;
  if (record) recordSwitch(kernel, hart.cycles, hart.id, thread.tid, null, reason);
}

export function recordSwitch(kernel: Kernel, cycles: number, hart: number, from: number | null, to: number | null, reason: SwitchReason): void {
  const record: SwitchRecord = { kind: 'switch', cycles, hart, from, to, reason };
  kernel.switchHistory.add(record);
  kernel.events.push(record);
}
