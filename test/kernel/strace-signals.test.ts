// strace's lines for the signal calls of Kernel II and the tracer's signal lines: handlers and
// masks, interval timers, kill, the restart codes Linux's tracer sees when a signal interrupts
// a sleep, and rt_sigreturn read from the frame the handler returns through.

import { describe, expect, it } from 'vitest';
import type { MachineEvent } from '../../sim/events';
import { requireSyscall } from '../../sim/kernel/syscall-table';
import { SyscallTracer } from '../../sim/kernel/strace/tracer';
import { fakeMemory, line, words } from './strace-fake-memory';

const SIGINT = 2, SIGALRM = 14, SIGTERM = 15, SIGUSR1 = 10;
const sigbit = (n: number) => 1 << (n - 1);

/** An rt_sigframe at `va`: siginfo (signal first), uc_sigmask at 148, the saved a0 at 328. */
function frame(signal: number, mask: number, a0: number): number[] {
  const bytes = new Array<number>(944).fill(0);
  bytes.splice(0, 4, ...words(signal));
  bytes.splice(148, 8, ...words(mask, 0));
  bytes.splice(328, 4, ...words(a0));
  return bytes;
}

describe('handlers and masks', () => {
  it('rt_sigaction: the handler address, SA_RESTART, and no SA_RESTORER on riscv', () => {
    const mem = fakeMemory({ 0x8000: words(0x10234, 0x10000000, 0, 0), 0x8100: words(0x10234, 0x14000000, 0, 0) });
    expect(line('rt_sigaction', [SIGINT, 0x8000, 0, 8], 0, mem)).toBe('rt_sigaction(SIGINT, {sa_handler=0x10234, sa_mask=[], sa_flags=SA_RESTART}, NULL, 8) = 0');
    expect(line('rt_sigaction', [SIGINT, 0x8100, 0, 8], 0, mem)).toBe('rt_sigaction(SIGINT, {sa_handler=0x10234, sa_mask=[], sa_flags=SA_RESTART|0x4000000}, NULL, 8) = 0');
    expect(line('rt_sigaction', [9, 0x8000, 0, 8], -22, mem)).toBe('rt_sigaction(SIGKILL, {sa_handler=0x10234, sa_mask=[], sa_flags=SA_RESTART}, NULL, 8) = -1 EINVAL (Invalid argument)');
  });

  it('rt_sigpending and rt_sigsuspend show their sets; an interrupted rt_sigsuspend its restart code', () => {
    const mem = fakeMemory({ 0x8000: words(sigbit(SIGUSR1), 0), 0x9000: words(0, 0) });
    expect(line('rt_sigpending', [0x8000, 8], 0, mem)).toBe('rt_sigpending([USR1], 8) = 0');
    expect(line('rt_sigpending', [0x8000, 8], -14, mem)).toBe('rt_sigpending(0x8000, 8) = -1 EFAULT (Bad address)');
    expect(line('rt_sigsuspend', [0x9000, 8], -4, mem)).toBe('rt_sigsuspend([], 8) = ? ERESTARTNOHAND (To be restarted if no handler)');
    expect(line('rt_sigsuspend', [0x8000, 8], -4, mem)).toBe('rt_sigsuspend([USR1], 8) = ? ERESTARTNOHAND (To be restarted if no handler)');
    expect(line('rt_sigprocmask', [0, 0x8000, 0x9000, 8], 0, mem)).toBe('rt_sigprocmask(SIG_BLOCK, [USR1], [], 8) = 0');
    expect(line('rt_sigprocmask', [0, 0x8000, 0, 16], -22, mem)).toBe('rt_sigprocmask(SIG_BLOCK, 0x8000, NULL, 16) = -1 EINVAL (Invalid argument)');
  });

  it('rt_sigreturn: the mask it restores and the a0 it restores, from the frame at sp', () => {
    const mem = fakeMemory({ 0x7fffe000: frame(SIGALRM, 0, -4), 0x7fffd000: frame(SIGINT, sigbit(SIGUSR1), 0) });
    expect(line('rt_sigreturn', [SIGALRM, 0, 0, 0, 0, 0], 'no-return', mem, 0x7fffe000)).toBe('rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call)');
    expect(line('rt_sigreturn', [SIGINT, 0, 0, 0, 0, 0], 'no-return', mem, 0x7fffd000)).toBe('rt_sigreturn({mask=[USR1]}) = 0');
    // A kernel that reports the restored a0 itself is believed.
    expect(line('rt_sigreturn', [SIGINT, 0, 0, 0, 0, 0], 3, mem, 0x7fffd000)).toBe('rt_sigreturn({mask=[USR1]}) = 3');
    expect(line('rt_sigreturn', [SIGINT, 0, 0, 0, 0, 0], 'no-return', mem)).toBe('rt_sigreturn() = ?');
  });
});

describe('sending signals and timers', () => {
  it('kill and tgkill name the signal; 0 stays a number', () => {
    expect(line('kill', [1234, SIGTERM], 0)).toBe('kill(1234, SIGTERM) = 0');
    expect(line('kill', [1234, 0], 0)).toBe('kill(1234, 0) = 0');
    expect(line('kill', [-1234, SIGINT], 0)).toBe('kill(-1234, SIGINT) = 0');
    expect(line('kill', [99999, SIGTERM], -3)).toBe('kill(99999, SIGTERM) = -1 ESRCH (No such process)');
    expect(line('tgkill', [1234, 1235, 6], 0)).toBe('tgkill(1234, 1235, SIGABRT) = 0');
  });

  it('setitimer and getitimer: which by name, itimervals with 32-bit longs', () => {
    const mem = fakeMemory({ 0x5000: words(0, 0, 1, 0), 0x6000: words(0, 0, 0, 999000) });
    expect(line('setitimer', [0, 0x5000, 0], 0, mem)).toBe('setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=1, tv_usec=0}}, NULL) = 0');
    expect(line('setitimer', [0, 0x5000, 0x6000], 0, mem)).toBe(
      'setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=1, tv_usec=0}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=999000}}) = 0',
    );
    expect(line('getitimer', [0, 0x6000], 0, mem)).toBe('getitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=999000}}) = 0');
    expect(line('getitimer', [2, 0x6000], -22, mem)).toBe('getitimer(ITIMER_PROF, 0x6000) = -1 EINVAL (Invalid argument)');
  });
});

describe('interrupted sleeps', () => {
  it('show the restart code Linux returns to the tracer, not the EINTR the program gets', () => {
    expect(line('read', [0, 0x7000, 10], -4)).toBe('read(0, 0x7000, 10) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)');
    expect(line('waitid', [0, 0, 0x4000, 4, 0], -4)).toBe('waitid(P_ALL, 0, 0x4000, WEXITED, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)');
    const mem = fakeMemory({ 0x5000: words(1, 0, 0, 0), 0x6000: words(0, 0, 500, 0) });
    expect(line('clock_nanosleep_time64', [0, 0, 0x5000, 0x6000], -4, mem)).toBe(
      'clock_nanosleep_time64(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=0}, {tv_sec=0, tv_nsec=500}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
    );
    expect(line('futex_time64', [0x2000, 128, 1, 0, 0, 0], -4)).toBe('futex_time64(0x2000, FUTEX_WAIT_PRIVATE, 1, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)');
    // Calls Linux fails with EINTR itself keep it.
    expect(line('rt_sigtimedwait_time64', [0x2000, 0, 0, 8], -4)).toBe('rt_sigtimedwait_time64(0x2000, NULL, NULL, 8) = -1 EINTR (Interrupted system call)');
  });
});

describe('SyscallTracer’s signal lines', () => {
  const syscall = (name: string, args: number[], result: number | 'no-return', tid = 13): MachineEvent => ({
    kind: 'syscall', cycles: 2000, startCycles: 0, hart: 0, pid: 13, tid, nr: requireSyscall(name).nr, name, args, result,
  });
  const signal = (sig: number, code: 'SI_KERNEL' | 'SI_USER', senderPid?: number): MachineEvent => ({ kind: 'signal', cycles: 1, pid: 13, tid: 13, signal: sig, code, ...(senderPid ? { senderPid } : {}) });

  it('finds rt_sigreturn’s frame where sp pointed when the handler’s frame was pushed, innermost first', () => {
    const mem = fakeMemory({ 0x7fffe000: frame(SIGALRM, sigbit(SIGUSR1), -4), 0x7fffd000: frame(SIGINT, 0, 7) });
    let sp = 0x7fffe000;
    const tracer = new SyscallTracer(mem, { cyclesToNs: (c) => c, stackPointer: () => sp });
    const text = (events: MachineEvent[]) => events.flatMap((e) => tracer.lines(e)).map((l) => l.replace(/ +=/, ' =').replace(/ <.*>$/, ''));
    expect(text([syscall('rt_sigsuspend', [0x7fffe000 + 148, 8], -4), signal(SIGALRM, 'SI_KERNEL')])).toEqual([
      '[pid    13] rt_sigsuspend([USR1], 8) = ? ERESTARTNOHAND (To be restarted if no handler)',
      '[pid    13] --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---',
    ]);
    sp = 0x7fffd000; // a second signal interrupts the first handler
    expect(text([signal(SIGINT, 'SI_USER', 13), syscall('rt_sigreturn', [SIGINT], 'no-return'), syscall('rt_sigreturn', [0], 'no-return')])).toEqual([
      '[pid    13] --- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=13, si_uid=1000} ---',
      '[pid    13] rt_sigreturn({mask=[]}) = 7',
      '[pid    13] rt_sigreturn({mask=[USR1]}) = -1 EINTR (Interrupted system call)',
    ]);
  });

  it('takes no frame from a signal event that pushed none (SIGCHLD announced at the child’s exit)', () => {
    const mem = fakeMemory({ 0x7fffe000: frame(SIGALRM, 0, 0), 0x7fff0000: words(0) });
    let sp = 0x7fffe000;
    const tracer = new SyscallTracer(mem, { cyclesToNs: (c) => c, stackPointer: () => sp });
    tracer.lines(signal(SIGALRM, 'SI_KERNEL'));
    sp = 0x7fff0000;
    tracer.lines({ kind: 'signal', cycles: 2, pid: 13, tid: 13, signal: 17, code: 'CLD_EXITED', senderPid: 14 });
    expect(tracer.lines(syscall('rt_sigreturn', [0], 'no-return'))[0]).toMatch(/^\[pid    13\] rt_sigreturn\(\{mask=\[\]\}\) += 0 </);
  });

  it('shows a SIGCHLD the kernel sent as SI_KERNEL with its numbers', () => {
    const mem = fakeMemory({ 0x4000: words(17, 0, 0x80, 3, 1000, 0, 0, 0) });
    expect(line('waitid', [0, 0, 0x4000, 4, 0], 0, mem)).toBe('waitid(P_ALL, 0, {si_signo=SIGCHLD, si_code=SI_KERNEL, si_pid=3, si_uid=1000, si_status=0, si_utime=0, si_stime=0}, WEXITED, NULL) = 0');
  });

  it('shows a call its process died in, `= ?`, before the kill', () => {
    const tracer = new SyscallTracer(fakeMemory({}), { cyclesToNs: (c) => c });
    tracer.lines({ kind: 'exit', cycles: 2, pid: 13, status: { kind: 'signaled', signal: 13, coreDumped: false } });
    expect(tracer.lines(syscall('write', [4, 0x1000, 1], 'no-return')).map((l) => l.replace(/ +=/, ' ='))).toEqual([
      '[pid    13] write(4, 0x1000, 1) = ? <0.000002>',
      '[pid    13] +++ killed by SIGPIPE +++',
    ]);
  });
});
