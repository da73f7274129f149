// Signal numbers (Linux asm-generic), their names and the descriptions a shell prints, and
// which default actions dump core (what each default action is: sigframe.ts and job-control.ts).

import type { SignalCode } from '../events';
import type { Thread } from './proc';

/** Where a signal came from, for its 'signal' event (siginfo's si_code, si_addr, si_pid). */
export interface SignalCause {
  readonly code?: SignalCode;
  /** The faulting address (SIGSEGV, SIGBUS, SIGILL). */
  readonly addr?: number;
  /** The thread that faulted, or that the signal was sent to. */
  readonly thread?: Thread;
  readonly senderPid?: number;
}

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8;
export const SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15;
export const SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGXFSZ = 25, SIGWINCH = 28, SIGSYS = 31;

const NAMES: Record<number, [string, string]> = {
  1: ['SIGHUP', 'Hangup'],
  2: ['SIGINT', 'Interrupt'],
  3: ['SIGQUIT', 'Quit'],
  4: ['SIGILL', 'Illegal instruction'],
  5: ['SIGTRAP', 'Trace/breakpoint trap'],
  6: ['SIGABRT', 'Aborted'],
  7: ['SIGBUS', 'Bus error'],
  8: ['SIGFPE', 'Floating point exception'],
  9: ['SIGKILL', 'Killed'],
  10: ['SIGUSR1', 'User defined signal 1'],
  11: ['SIGSEGV', 'Segmentation fault'],
  12: ['SIGUSR2', 'User defined signal 2'],
  13: ['SIGPIPE', 'Broken pipe'],
  14: ['SIGALRM', 'Alarm clock'],
  15: ['SIGTERM', 'Terminated'],
  16: ['SIGSTKFLT', 'Stack fault'],
  17: ['SIGCHLD', 'Child exited'],
  18: ['SIGCONT', 'Continued'],
  19: ['SIGSTOP', 'Stopped (signal)'],
  20: ['SIGTSTP', 'Stopped'],
  21: ['SIGTTIN', 'Stopped (tty input)'],
  22: ['SIGTTOU', 'Stopped (tty output)'],
  23: ['SIGURG', 'Urgent I/O condition'],
  24: ['SIGXCPU', 'CPU time limit exceeded'],
  25: ['SIGXFSZ', 'File size limit exceeded'],
  26: ['SIGVTALRM', 'Virtual timer expired'],
  27: ['SIGPROF', 'Profiling timer expired'],
  28: ['SIGWINCH', 'Window changed'],
  29: ['SIGIO', 'I/O possible'],
  30: ['SIGPWR', 'Power failure'],
  31: ['SIGSYS', 'Bad system call'],
};

const CORE_DUMPING = new Set([SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, 24, 25, SIGSYS]);

export function signalName(signal: number): string {
  return NAMES[signal]?.[0] ?? `SIG${signal}`;
}

/** What a shell prints when a child dies of `signal` ("Segmentation fault"). */
export function signalDescription(signal: number): string {
  return NAMES[signal]?.[1] ?? `Unknown signal ${signal}`;
}

export function dumpsCore(signal: number): boolean {
  return CORE_DUMPING.has(signal);
}
