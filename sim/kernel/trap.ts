// Entering the kernel from user mode: every trap the interpreter returns comes here. System
// calls go to the dispatcher, page faults to the address space, and the rest become signals
// with Linux's default actions. Breakpoints and watchpoints are not the kernel's business: they
// stop the machine for the debugger.

import type { Hart } from '../cpu/hart';
import type { Trap } from '../cpu/trap';
import { OutOfMemory } from '../mem/phys';
import type { Kernel } from './kernel';
import { outOfMemory } from './oom';
import type { Thread } from './proc';
import { RLIMIT } from './rlimit';
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP } from './signal';
import { MIGRATE, NO_RETURN, YIELD, dispatchSyscall, type DispatchOutcome } from './syscall';
import { syscallByNumber } from './syscall-table';
import type { FaultOutcome } from './vm';

/** What the machine does after a trap: keep running, or stop for the debugger. */
export type TrapOutcome = 'continue' | 'debug-stop';

export function handleTrap(kernel: Kernel, hart: Hart, thread: Thread, trap: Trap): TrapOutcome {
  if (trap.kind === 'breakpoint' || trap.kind === 'watchpoint') return 'debug-stop';
  // An LR reservation survives a syscall here, as on qemu-riscv32 (our oracle); real Linux
  // drops it on every return to user mode. Either is legal: the ISA lets SC fail at any time.
  // The machine drops it on context switches and when another hart may have stored.
  const pc = `at pc 0x${(hart.pc >>> 0).toString(16)}`;
  switch (trap.kind) {
    case 'ecall':
      systemCall(kernel, hart, thread);
      break;
    case 'loadPageFault':
    case 'storePageFault':
    case 'instructionPageFault':
      pageFault(kernel, hart, thread, trap.addr, trap.kind === 'loadPageFault' ? 'read' : trap.kind === 'storePageFault' ? 'write' : 'execute');
      break;
    case 'illegalInstruction':
      kernel.fatalSignal(thread, SIGILL, `illegal instruction 0x${(trap.word >>> 0).toString(16).padStart(8, '0')} ${pc}`, { code: 'ILL_ILLOPC', addr: hart.pc >>> 0 });
      break;
    case 'ebreak':
      kernel.fatalSignal(thread, SIGTRAP, `ebreak ${pc}`, { code: 'TRAP_BRKPT', addr: hart.pc >>> 0 });
      break;
    case 'misalignedAtomic':
      kernel.fatalSignal(thread, SIGBUS, `misaligned atomic access at 0x${trap.addr.toString(16)}`, { code: 'BUS_ADRALN', addr: trap.addr });
      break;
    case 'instructionMisaligned':
      kernel.fatalSignal(thread, SIGBUS, `jump to misaligned address 0x${trap.addr.toString(16)}`, { code: 'BUS_ADRALN', addr: trap.addr });
      break;
  }
  return 'continue';
}

function systemCall(kernel: Kernel, hart: Hart, thread: Thread): void {
  hart.cycles += kernel.cost.syscall;
  thread.systemCycles += kernel.cost.syscall;
  const entered = hart.cycles;
  // exit and exit_group are reported on entry, before the exit and thread events they cause
  // (strace prints `exit_group(0) = ?` and then `+++ exited with 0 +++`).
  const nr = hart.regs[17];
  const leaving = syscallByNumber(nr);
  if (leaving && (leaving.name === 'exit' || leaving.name === 'exit_group')) {
    const args = [hart.regs[10], hart.regs[11], hart.regs[12], hart.regs[13], hart.regs[14], hart.regs[15]];
    kernel.events.push({ kind: 'syscall', cycles: hart.cycles, startCycles: entered, hart: hart.id, pid: thread.process.pid, tid: thread.tid, nr, name: leaving.name, args, result: 'no-return' });
  }
  let outcome: DispatchOutcome;
  try {
    outcome = dispatchSyscall({ kernel, hart, thread, process: thread.process });
  } catch (error) {
    if (!(error instanceof OutOfMemory)) throw error;
    // No frame for the kernel's copy into user memory: the OOM killer makes room, and the call
    // runs again from its ecall (unless its own process was the one killed).
    outOfMemory(kernel);
    return;
  }
  kernel.countSyscall(outcome.name);
  if (!outcome.implemented) kernel.reportUnimplemented(outcome.nr, outcome.name);
  const { result } = outcome;
  const startCycles = thread.pendingSyscall?.startCycles ?? entered;
  const report = (value: number | 'blocked' | 'no-return') =>
    kernel.events.push({ kind: 'syscall', cycles: hart.cycles, startCycles, hart: hart.id, pid: thread.process.pid, tid: thread.tid, nr: outcome.nr, name: outcome.name, args: outcome.args, result: value });
  if (result === NO_RETURN) {
    if (leaving?.name !== 'exit' && leaving?.name !== 'exit_group') report('no-return');
    return;
  }
  if (typeof result === 'number' || result === YIELD || result === MIGRATE) {
    thread.pendingSyscall = null;
    thread.syscallProgress = 0;
    const value = typeof result === 'number' ? result : 0;
    hart.regs[10] = value;
    hart.pc = (hart.pc + 4) | 0;
    thread.retired++;
    report(value);
    if (result === YIELD) kernel.yield(hart, thread);
    else if (result === MIGRATE) kernel.migrate(thread);
    return;
  }
  thread.pendingSyscall ??= { nr: outcome.nr, name: outcome.name, args: outcome.args, startCycles };
  report('blocked');
  kernel.block(hart, thread, result.sleep);
}

function pageFault(kernel: Kernel, hart: Hart, thread: Thread, addr: number, access: 'read' | 'write' | 'execute'): void {
  hart.cycles += kernel.cost.pageFault;
  thread.systemCycles += kernel.cost.pageFault;
  kernel.counters.pageFaults++;
  const process = thread.process;
  let outcome: FaultOutcome;
  try {
    outcome = process.aspace.handleFault(addr, access, process.rlimits.soft(RLIMIT.STACK));
  } catch (error) {
    if (!(error instanceof OutOfMemory)) throw error;
    outOfMemory(kernel); // the instruction retries, unless its process was the one killed
    return;
  }
  if (outcome === 'cow') {
    hart.cycles += kernel.cost.cowCopy;
    thread.systemCycles += kernel.cost.cowCopy;
    process.faults.cow++;
    kernel.faultCounts.cow++;
  } else if (outcome === 'mapped' || outcome === 'stack-growth') {
    process.faults.minor++;
    kernel.faultCounts.minor++;
  }
  const segv = outcome === 'segv-maperr' || outcome === 'segv-accerr';
  kernel.events.push({ kind: 'pageFault', cycles: hart.cycles, hart: hart.id, pid: process.pid, tid: thread.tid, addr, access, outcome: outcome === 'segv-maperr' || outcome === 'segv-accerr' ? 'segv' : outcome });
  if (outcome === 'sigbus') {
    kernel.fatalSignal(thread, SIGBUS, `${access} of address 0x${addr.toString(16).padStart(8, '0')} at pc 0x${(hart.pc >>> 0).toString(16)} (past the end of the mapped file)`, { code: 'BUS_ADRERR', addr });
  }
  if (segv) {
    const why = outcome === 'segv-maperr' ? 'nothing is mapped there' : 'the mapping does not allow it';
    kernel.fatalSignal(thread, SIGSEGV, `${access} of address 0x${addr.toString(16).padStart(8, '0')} at pc 0x${(hart.pc >>> 0).toString(16)} (${why})`, { code: outcome === 'segv-maperr' ? 'SEGV_MAPERR' : 'SEGV_ACCERR', addr });
  }
}
