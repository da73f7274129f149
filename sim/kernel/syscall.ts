// The syscall dispatcher: reads a7 and a0–a5 and finds the handler by the table's name for that
// number. A handler returns the result for a0, asks to sleep (the thread blocks on a wait
// channel, optionally with a timeout), or says nothing returns (the thread is gone). Numbers the
// table does not have, and table entries without a handler yet, return -ENOSYS; the kernel
// reports each such number once.

import { PIPE_SYSCALLS } from './sys-pipe';
import { ITIMER_SYSCALLS } from './sys-itimer';
import type { Hart } from '../cpu/hart';
import { Errno } from './errno';
import type { Kernel, Sleep } from './kernel';
import type { Process, Thread } from './proc';
import { syscallByNumber } from './syscall-table';
import { CLONE_SYSCALLS } from './sys-clone';
import { FD_SYSCALLS } from './sys-fd';
import { FUTEX_SYSCALLS } from './sys-futex';
import { IO_SYSCALLS } from './sys-io';
import { MEM_SYSCALLS } from './sys-mem';
import { PROC_SYSCALLS } from './sys-proc';
import { SCHED_SYSCALLS } from './sys-sched';
import { SIGNAL_SYSCALLS } from './sys-signal';
import { TIME_SYSCALLS } from './sys-time';
import { TTY_SYSCALLS } from './sys-tty';
import { FILE_SYSCALLS } from './sys-file';
import { STAT_SYSCALLS } from './sys-stat';
import { SYNC_SYSCALLS } from './sys-sync';
import { EXEC_SYSCALLS } from './sys-exec';

export interface SyscallContext {
  readonly kernel: Kernel;
  readonly hart: Hart;
  readonly thread: Thread;
  readonly process: Process;
}

/** The thread sleeps (see `Sleep`: woken with a result, or restarted from its ecall). */
export interface Block {
  readonly sleep: Sleep;
}

/** The thread (or its whole process) is gone: nothing returns to user mode. */
export const NO_RETURN = Symbol('no-return');

/** The call returns 0, then the thread yields its hart to the next runnable one (sched_yield). */
export const YIELD = Symbol('yield');

/** The call returns 0, then the calling thread leaves a hart its affinity no longer allows. */
export const MIGRATE = Symbol('migrate');

export type SyscallResult = number | Block | typeof NO_RETURN | typeof YIELD | typeof MIGRATE;

export type SyscallHandler = (ctx: SyscallContext, args: readonly number[]) => SyscallResult;

/** Sleeps until woken with a result (futex, nanosleep), or restarts on waking when none is given. */
export function sleep(channel: Sleep['channel'], deadline?: number, timeoutResult?: number): Block {
  return { sleep: { channel, deadline, timeoutResult } };
}

// Built on first use, not at load: the syscall modules import this one (for sleep() and the
// result markers), so at load time some of their tables may not exist yet.
let handlers: ReadonlyMap<string, SyscallHandler> | null = null;
function handlerTable(): ReadonlyMap<string, SyscallHandler> {
  handlers ??= new Map(
    Object.entries({
      ...PROC_SYSCALLS, ...CLONE_SYSCALLS, ...FUTEX_SYSCALLS, ...TIME_SYSCALLS, ...SCHED_SYSCALLS,
      ...MEM_SYSCALLS, ...SIGNAL_SYSCALLS, ...FD_SYSCALLS, ...IO_SYSCALLS, ...PIPE_SYSCALLS, ...ITIMER_SYSCALLS, ...TTY_SYSCALLS,
      ...FILE_SYSCALLS, ...STAT_SYSCALLS, ...SYNC_SYSCALLS, ...EXEC_SYSCALLS,
    }),
  );
  return handlers;
}

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
  const handler = spec && handlerTable().get(spec.name);
  if (!spec || !handler) {
    return { nr, name: spec?.name ?? `syscall_${nr}`, args, result: -Errno.ENOSYS, implemented: false };
  }
  return { nr, name: spec.name, args, result: handler(ctx, args), implemented: true };
}

/** Names of the syscalls with handlers (for documentation and tests). */
export function implementedSyscalls(): string[] {
  return [...handlerTable().keys()].sort();
}
