// siginfo_t as strace prints it, from the two places it comes from: a `signal` event of the
// machine (the `--- SIGSEGV {...} ---` lines) and a struct in user memory (waitid's infop). The
// fields shown depend on si_code and the signal, following strace's printsiginfo().

import type { ExitStatus } from '../proc';
import type { SignalCode } from '../../events';
import { SIGBUS, SIGCHLD, SIGFPE, SIGILL, SIGSEGV, signalName } from '../signal';
import { pointer } from './quote';
import type { UserMemory } from './user-memory';

const FAULT_SIGNALS = new Set([SIGILL, SIGBUS, SIGFPE, SIGSEGV]);

const GENERIC_CODES: Record<number, string> = { 0: 'SI_USER', 0x80: 'SI_KERNEL', [-1]: 'SI_QUEUE', [-2]: 'SI_TIMER', [-3]: 'SI_MESGQ', [-4]: 'SI_ASYNCIO', [-5]: 'SI_SIGIO', [-6]: 'SI_TKILL' };
const CODES_BY_SIGNAL: Record<number, readonly string[]> = {
  4: ['ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC', 'ILL_PRVREG', 'ILL_COPROC', 'ILL_BADSTK'],
  5: ['TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT'],
  7: ['BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'],
  8: ['FPE_INTDIV', 'FPE_INTOVF', 'FPE_FLTDIV', 'FPE_FLTOVF', 'FPE_FLTUND', 'FPE_FLTRES', 'FPE_FLTINV', 'FPE_FLTSUB'],
  11: ['SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'],
  17: ['CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED'],
};

function codeName(signal: number, code: number): string {
  if (code <= 0 || code === 0x80) return GENERIC_CODES[code] ?? String(code);
  return CODES_BY_SIGNAL[signal]?.[code - 1] ?? String(code);
}

/** The fields after si_code, given what the signal carries. */
interface SiginfoFields {
  readonly signal: number;
  readonly code: number;
  readonly pid?: number;
  readonly uid?: number;
  readonly status?: number;
  readonly utime?: number;
  readonly stime?: number;
  readonly addr?: number;
}

// clock_t in USER_HZ (100) ticks; strace 6 adds the seconds in a comment when non-zero.
function clockTicks(ticks: number): string {
  return ticks === 0 ? '0' : `${ticks} /* ${(ticks / 100).toFixed(2)} s */`;
}

export function siginfoText(f: SiginfoFields): string {
  let s = `{si_signo=${signalName(f.signal)}, si_code=${codeName(f.signal, f.code)}`;
  const fromUser = f.code <= 0;
  if (fromUser || f.signal === SIGCHLD) s += `, si_pid=${f.pid ?? 0}, si_uid=${f.uid ?? 0}`;
  if (!fromUser && f.signal === SIGCHLD) {
    const status = f.status ?? 0;
    s += `, si_status=${f.code === 1 || status === 0 ? status : signalName(status)}, si_utime=${clockTicks(f.utime ?? 0)}, si_stime=${clockTicks(f.stime ?? 0)}`;
  } else if (!fromUser && FAULT_SIGNALS.has(f.signal)) {
    s += `, si_addr=${pointer(f.addr ?? 0)}`;
  }
  return s + '}';
}

const EVENT_CODES: Record<SignalCode, number> = {
  SEGV_MAPERR: 1, SEGV_ACCERR: 2, BUS_ADRALN: 1, BUS_ADRERR: 2, ILL_ILLOPC: 1, TRAP_BRKPT: 1, SI_KERNEL: 0x80, SI_USER: 0, SI_TKILL: -6,
  CLD_EXITED: 1, CLD_KILLED: 2, CLD_DUMPED: 3, CLD_STOPPED: 5, CLD_CONTINUED: 6,
};

/**
 * siginfo of a raised signal. SIGCHLD's status comes with the event; without it, the tracer
 * passes the status it saw in that child's `exit` event.
 */
export function eventSiginfoText(
  event: { readonly signal: number; readonly code: SignalCode; readonly addr?: number; readonly senderPid?: number; readonly status?: number },
  uid: number,
  childStatus: ExitStatus | undefined,
): string {
  const status = event.status ?? (childStatus === undefined ? 0 : childStatus.kind === 'exited' ? childStatus.code : childStatus.signal);
  return siginfoText({ signal: event.signal, code: EVENT_CODES[event.code], pid: event.senderPid, uid, status, addr: event.addr });
}

/** A siginfo_t in user memory (riscv32 layout: three ints, then the union at offset 12). */
export function memorySiginfoText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 8);
  if (w === null) return null;
  if (w[0] === 0) return '{}';
  const code = w[2] | 0;
  return siginfoText({ signal: w[0], code, pid: w[3], uid: w[4], status: w[5] | 0, utime: w[6], stime: w[7], addr: w[3] });
}
