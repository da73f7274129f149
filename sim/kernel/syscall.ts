// The syscall dispatcher: reads a7 and a0–a5, finds the handler by the table's name for that
// number, writes the result to a0. Numbers the table does not have, and table entries without a
// handler yet, return -ENOSYS; the kernel reports each such number once.

import type { Hart } from '../cpu/hart';
import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process, Thread, WaitChannel } from './proc';
import { syscallByNumber } from './syscall-table';
import { IO_SYSCALLS } from './sys-io';
import { MEM_SYSCALLS } from './sys-mem';
import { PROC_SYSCALLS } from './sys-proc';
import { TTY_SYSCALLS } from './sys-tty';

export interface SyscallContext {
  readonly kernel: Kernel;
  readonly hart: Hart;
  readonly thread: Thread;
  readonly process: Process;
}

/** The thread sleeps; the syscall restarts from its ecall when it wakes. */
export interface Block {
  readonly block: WaitChannel;
}

/** The thread (or its whole process) is gone: nothing returns to user mode. */
export const NO_RETURN = Symbol('no-return');

export type SyscallResult = number | Block | typeof NO_RETURN;

export type SyscallHandler = (ctx: SyscallContext, args: readonly number[]) => SyscallResult;

const HANDLERS: ReadonlyMap<string, SyscallHandler> = new Map(
  Object.entries({ ...PROC_SYSCALLS, ...MEM_SYSCALLS, ...IO_SYSCALLS, ...TTY_SYSCALLS }),
);

export interface DispatchOutcome {
  readonly nr: number;
  readonly name: string;
  readonly args: readonly number[];
  readonly result: SyscallResult;
  readonly implemented: boolean;
}

export function dispatchSyscall(ctx: SyscallContext): DispatchOutcome {
  const regs = ctx.hart.regs;
  const nr = regs[17];
  const args = [regs[10], regs[11], regs[12], regs[13], regs[14], regs[15]];
  const spec = syscallByNumber(nr);
  const handler = spec && HANDLERS.get(spec.name);
  if (!spec || !handler) {
    return { nr, name: spec?.name ?? `syscall_${nr}`, args, result: -Errno.ENOSYS, implemented: false };
  }
  return { nr, name: spec.name, args: args.slice(0, spec.args.length), result: handler(ctx, args), implemented: true };
}

/** Names of the syscalls with handlers (for documentation and tests). */
export function implementedSyscalls(): string[] {
  return [...HANDLERS.keys()].sort();
}
