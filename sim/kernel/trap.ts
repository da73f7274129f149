// Entering the kernel from user mode: every trap the interpreter returns comes here. System
// calls go to the dispatcher, page faults to the address space, and the rest become signals
// with Linux's default actions. Breakpoints and watchpoints are not the kernel's business: they
// stop the machine for the debugger.

import type { Hart } from '../cpu/hart';
import type { Trap } from '../cpu/trap';
import type { Kernel } from './kernel';
import type { Thread } from './proc';
import { SIGBUS, SIGILL, SIGSEGV, SIGTRAP } from './signal';
import { NO_RETURN, dispatchSyscall } from './syscall';

/** What the machine does after a trap: keep running, or stop for the debugger. */
export type TrapOutcome = 'continue' | 'debug-stop';

export function handleTrap(kernel: Kernel, hart: Hart, thread: Thread, trap: Trap): TrapOutcome {
  if (trap.kind === 'breakpoint' || trap.kind === 'watchpoint') return 'debug-stop';
  // An LR reservation survives a syscall here, as on qemu-riscv32 (our oracle); real Linux
  // drops it on every return to user mode. Either is legal: the ISA lets SC fail at any time.
  // The machine drops it on context switches and when another hart may have stored.
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
      kernel.killProcess(thread.process, SIGILL, `illegal instruction 0x${(trap.word >>> 0).toString(16).padStart(8, '0')} at pc 0x${(hart.pc >>> 0).toString(16)}`);
      break;
    case 'ebreak':
      kernel.killProcess(thread.process, SIGTRAP, `ebreak at pc 0x${(hart.pc >>> 0).toString(16)}`);
      break;
    case 'misalignedAtomic':
      kernel.killProcess(thread.process, SIGBUS, `misaligned atomic access at 0x${trap.addr.toString(16)}`);
      break;
    case 'instructionMisaligned':
      kernel.killProcess(thread.process, SIGBUS, `jump to misaligned address 0x${trap.addr.toString(16)}`);
      break;
  }
  return 'continue';
}

function systemCall(kernel: Kernel, hart: Hart, thread: Thread): void {
  hart.cycles += kernel.cost.syscall;
  thread.systemCycles += kernel.cost.syscall;
  kernel.counters.syscalls++;
  const outcome = dispatchSyscall({ kernel, hart, thread, process: thread.process });
  if (!outcome.implemented) kernel.reportUnimplemented(outcome.nr, outcome.name);
  const { result } = outcome;
  kernel.events.push({
    kind: 'syscall',
    cycles: hart.cycles,
    hart: hart.id,
    pid: thread.process.pid,
    tid: thread.tid,
    nr: outcome.nr,
    name: outcome.name,
    args: outcome.args,
    result: typeof result === 'number' ? result : result === NO_RETURN ? 'no-return' : 'blocked',
  });
  if (result === NO_RETURN) return;
  if (typeof result === 'number') {
    hart.regs[10] = result;
    hart.pc = (hart.pc + 4) | 0;
    return;
  }
  kernel.block(hart, thread, result.block);
}

function pageFault(kernel: Kernel, hart: Hart, thread: Thread, addr: number, access: 'read' | 'write' | 'execute'): void {
  hart.cycles += kernel.cost.pageFault;
  thread.systemCycles += kernel.cost.pageFault;
  kernel.counters.pageFaults++;
  const mapped = thread.process.aspace.handleFault(addr, access);
  kernel.events.push({ kind: 'pageFault', cycles: hart.cycles, hart: hart.id, pid: thread.process.pid, tid: thread.tid, addr, access, outcome: mapped ? 'mapped' : 'segv' });
  if (!mapped) kernel.killProcess(thread.process, SIGSEGV, `${access} of address 0x${addr.toString(16).padStart(8, '0')} at pc 0x${(hart.pc >>> 0).toString(16)}`);
}
