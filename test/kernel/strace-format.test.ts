// The strace-style formatter against lines copied from strace 6.1 on Linux (x86-64 runs of the
// same calls, with riscv32's syscall names and numbers): arguments decoded from a fake process
// memory, errors with glibc's messages, structs, signals and exits, and the tracer's framing.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MachineEvent } from '../../sim/events';
import { requireSyscall } from '../../sim/kernel/syscall-table';
import { describeSyscall, durationText } from '../../sim/kernel/strace/format';
import { errorMessage } from '../../sim/kernel/strace/strerror';
import { SyscallTracer } from '../../sim/kernel/strace/tracer';
import { fakeMemory, line, none, words } from './strace-fake-memory';

describe('strings and buffers', () => {
  it('quotes what write wrote', () => {
    expect(line('write', [1, 0x1000, 3], 3, fakeMemory({ 0x1000: 'hi\n' }))).toBe('write(1, "hi\\n", 3) = 3');
  });

  it('escapes as strace does: C escapes, shortest octal unless a digit follows', () => {
    const mem = fakeMemory({ 0x1000: [9, 0, 27, 0, 0x31, 0x22, 0x5c, 0xff, 10] });
    expect(line('write', [1, 0x1000, 9], 9, mem)).toBe('write(1, "\\t\\0\\33\\0001\\"\\\\\\377\\n", 9) = 9');
  });

  it('cuts buffers at 32 bytes with ... after the quote', () => {
    const text = '0123456789012345678901234567890123456789\n';
    expect(line('write', [1, 0x1000, 41], 41, fakeMemory({ 0x1000: text }))).toBe('write(1, "01234567890123456789012345678901"..., 41) = 41');
  });

  it('shows read’s buffer after the call, only as far as it was filled', () => {
    expect(line('read', [0, 0x1000, 64], 6, fakeMemory({ 0x1000: 'hello\nXXXXXXXX' }))).toBe('read(0, "hello\\n", 64) = 6');
  });

  it('shows an address when the buffer is unreadable or the call failed', () => {
    expect(line('read', [99, 0x7ffcf448, 8], -9)).toBe('read(99, 0x7ffcf448, 8) = -1 EBADF (Bad file descriptor)');
    expect(line('write', [1, 0xdead0000, 3], -14)).toBe('write(1, 0xdead0000, 3) = -1 EFAULT (Bad address)');
  });
});

describe('flags and errors', () => {
  it('openat: AT_FDCWD, the path, access mode and flags, the mode only with O_CREAT', () => {
    const mem = fakeMemory({ 0x2000: '/nope\0', 0x3000: '/tmp/st.out\0' });
    expect(line('openat', [-100, 0x2000, 0o2000000, 0], -2, mem)).toBe('openat(AT_FDCWD, "/nope", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)');
    expect(line('openat', [-100, 0x3000, 0o1101, 0o644], 3, mem)).toBe('openat(AT_FDCWD, "/tmp/st.out", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3');
    expect(line('openat', [-100, 0x2000, 0o2204000 | 0o20000, 0], 3, mem)).toBe('openat(AT_FDCWD, "/nope", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY|FASYNC) = 3');
    expect(line('openat', [-100, 0x2000, 0o20200002, 0o600], 3, mem)).toBe('openat(AT_FDCWD, "/nope", O_RDWR|O_TMPFILE, 0600) = 3');
  });

  it('mmap2, mprotect and brk: PROT_*/MAP_* names, byte offsets and addresses in hex', () => {
    expect(line('mmap2', [0, 8192, 3, 0x22, -1, 0], 0x7fb54000)).toBe('mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fb54000');
    expect(line('mmap2', [0x10000, 4096, 5, 0x12, 3, 2], 0x10000)).toBe('mmap2(0x10000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED, 3, 0x2000) = 0x10000');
    expect(line('mmap2', [0, 1 << 30, 3, 0x22, -1, 0], -12)).toBe('mmap2(NULL, 1073741824, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)');
    expect(line('mmap2', [0x10000000, 4096, 7, 0x2e132, -1, 0], 0x10000000)).toBe(
      'mmap2(0x10000000, 4096, PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS|MAP_NORESERVE|MAP_POPULATE|MAP_GROWSDOWN|MAP_LOCKED|MAP_STACK, -1, 0) = 0x10000000',
    );
    expect(line('mprotect', [0x7fb54000, 4096, 0], 0)).toBe('mprotect(0x7fb54000, 4096, PROT_NONE) = 0');
    expect(line('brk', [0], 0x5000)).toBe('brk(NULL) = 0x5000');
  });

  it('clone: fork’s SIGCHLD alone, and the pthread flags with their pointers', () => {
    expect(line('clone', [17, 0, 0, 0, 0], 14)).toBe('clone(child_stack=NULL, flags=SIGCHLD) = 14');
    const threadFlags = 0x3d0f00;
    const mem = fakeMemory({ 0x6000: words(15) });
    expect(line('clone', [threadFlags, 0x7f000000, 0x6000, 0x7f0006c0, 0x6000], 15, mem)).toBe(
      'clone(child_stack=0x7f000000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, parent_tid=[15], tls=0x7f0006c0, child_tidptr=0x6000) = 15',
    );
  });

  it('futex: the op by name, arguments by op', () => {
    expect(line('futex_time64', [0x2000, 129, 1, 0, 0, 0], 0)).toBe('futex_time64(0x2000, FUTEX_WAKE_PRIVATE, 1) = 0');
    expect(line('futex_time64', [0x2000, 128, 1, 0, 0, 0], -11)).toBe('futex_time64(0x2000, FUTEX_WAIT_PRIVATE, 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)');
    expect(line('futex_time64', [0x2000, 9 | 256, 14, 0, 0, 0xffffffff], 0)).toBe('futex_time64(0x2000, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 14, NULL, FUTEX_BITSET_MATCH_ANY) = 0');
  });

  it('exit_group returns ?', () => {
    expect(line('exit_group', [0], 'no-return')).toBe('exit_group(0) = ?');
  });

  it('an unknown errno and a number outside the table', () => {
    expect(errorMessage(41)).toBe('Unknown error 41');
    expect(describeSyscall({ pid: 13, nr: 500, args: [1, 0, 0, 0, 0, 0], result: -38 }, none)).toEqual({
      call: 'syscall_0x1f4(0x1, 0, 0, 0, 0, 0)',
      result: '-1 ENOSYS (Function not implemented)',
    });
  });
});

describe('structs', () => {
  it('waitid: idtype, the child’s siginfo, options', () => {
    const info = words(17, 0, 1, 14, 1000, 3, 0, 0);
    expect(line('waitid', [1, 14, 0x4000, 4, 0], 0, fakeMemory({ 0x4000: info }))).toBe(
      'waitid(P_PID, 14, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=14, si_uid=1000, si_status=3, si_utime=0, si_stime=0}, WEXITED, NULL) = 0',
    );
    const killed = words(17, 0, 2, 15, 1000, 11, 1, 0);
    expect(line('waitid', [0, 0, 0x4000, 4, 0], 0, fakeMemory({ 0x4000: killed }))).toBe(
      'waitid(P_ALL, 0, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=15, si_uid=1000, si_status=SIGSEGV, si_utime=1 /* 0.01 s */, si_stime=0}, WEXITED, NULL) = 0',
    );
    expect(line('waitid', [0, 0, 0x4000, 0x4100000f, 0], -10)).toBe('waitid(P_ALL, 0, 0x4000, WNOHANG|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|__WALL, NULL) = -1 ECHILD (No child processes)');
    expect(line('waitid', [0, 0, 0x4000, 5, 0], 0, fakeMemory({ 0x4000: words(0, 0, 0, 0, 0, 0, 0, 0) }))).toBe('waitid(P_ALL, 0, {}, WNOHANG|WEXITED, NULL) = 0');
  });

  it('timespecs: clock_gettime’s output after return, its address before', () => {
    const mem = fakeMemory({ 0x5000: words(1, 0, 500, 0) });
    expect(line('clock_gettime64', [1, 0x5000], 0, mem)).toBe('clock_gettime64(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=500}) = 0');
    expect(line('clock_gettime64', [1, 0x5000], undefined, mem)).toBe('clock_gettime64(CLOCK_MONOTONIC, 0x5000)');
    expect(line('clock_nanosleep_time64', [0, 0, 0x5000, 0], 0, mem)).toBe('clock_nanosleep_time64(CLOCK_REALTIME, 0, {tv_sec=1, tv_nsec=500}, NULL) = 0');
  });

  it('prlimit64: resource names and strace’s way with limits', () => {
    const mem = fakeMemory({ 0x5000: words(1024, 0, 65536, 0), 0x6000: words(8192 * 1024, 0, 0xffffffff, 0xffffffff) });
    expect(line('prlimit64', [0, 7, 0, 0x5000], 0, mem)).toBe('prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=64*1024}) = 0');
    expect(line('prlimit64', [0, 3, 0, 0x6000], 0, mem)).toBe('prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0');
  });

  it('uname, abbreviated', () => {
    const buf = new Uint8Array(65 * 6);
    buf.set(new TextEncoder().encode('Linux'), 0);
    buf.set(new TextEncoder().encode('oslab'), 65);
    expect(line('uname', [0x7000], 0, fakeMemory({ 0x7000: buf }))).toBe('uname({sysname="Linux", nodename="oslab", ...}) = 0');
  });

  it('ioctl: TCGETS decoded on a terminal, an address on ENOTTY', () => {
    const termios = words(0o2400, 0o5, 0o277, 0o105073);
    expect(line('ioctl', [0, 0x5401, 0x7000], 0, fakeMemory({ 0x7000: termios }))).toBe(
      'ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0',
    );
    expect(line('ioctl', [1, 0x5401, 0x7ffcf600], -25)).toBe('ioctl(1, TCGETS, 0x7ffcf600) = -1 ENOTTY (Inappropriate ioctl for device)');
    expect(line('ioctl', [0, 0x5413, 0x7000], 0, fakeMemory({ 0x7000: [24, 0, 80, 0, 0, 0, 0, 0] }))).toBe('ioctl(0, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0');
  });

  it('rt_sigaction and rt_sigprocmask: handlers, masks, complemented masks', () => {
    const act = words(1, 0, 1 << 1, 0); // SIG_IGN, no flags, mask {SIGINT}
    expect(line('rt_sigaction', [10, 0x8000, 0, 8], 0, fakeMemory({ 0x8000: act }))).toBe('rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=[INT], sa_flags=0}, NULL, 8) = 0');
    const all = words(0x10234, 0xd8000007, 0, 0);
    expect(line('rt_sigaction', [17, 0x8000, 0, 8], 0, fakeMemory({ 0x8000: all }))).toBe(
      'rt_sigaction(SIGCHLD, {sa_handler=0x10234, sa_mask=[], sa_flags=SA_ONSTACK|SA_RESTART|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT}, NULL, 8) = 0',
    );
    const mem = fakeMemory({ 0x8000: words(0xffffffff, 0xffffffff), 0x9000: words(0, 0) });
    expect(line('rt_sigprocmask', [0, 0x8000, 0x9000, 8], 0, mem)).toBe('rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0');
    const most = fakeMemory({ 0x8000: words(~((1 << 8) | (1 << 18) | (1 << 31)), ~1) });
    expect(line('rt_sigprocmask', [2, 0x8000, 0, 8], 0, most)).toBe('rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], NULL, 8) = 0');
  });

  it('statx: sync type first, the mask, the struct abbreviated', () => {
    const stx = new Uint8Array(256);
    stx.set(words(0x17ff, 4096, 0, 0, 1, 1000, 1000, 0o100644, 1, 0, 1495, 0), 0);
    const mem = fakeMemory({ 0x2000: '/tmp/st.c\0', 0x9000: stx });
    expect(line('statx', [-100, 0x2000, 0, 0x7ff, 0x9000], 0, mem)).toBe(
      'statx(AT_FDCWD, "/tmp/st.c", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1495, ...}) = 0',
    );
  });

  it('execve: the path, argv in full, envp only counted', () => {
    const mem = fakeMemory({ 0x1000: '/bin/ls\0ls\0-l\0HOME=/\0TERM=xterm\0', 0x2000: words(0x1008, 0x100b, 0), 0x3000: words(0x100e, 0x1015, 0) });
    expect(line('execve', [0x1000, 0x2000, 0x3000], 0, mem)).toBe('execve("/bin/ls", ["ls", "-l"], 0x3000 /* 2 vars */) = 0');
  });

  it('pipe2, _llseek and getcwd: values the kernel wrote back', () => {
    const mem = fakeMemory({ 0x1000: words(3, 4), 0x2000: words(100, 0), 0x3000: '/home/user\0' });
    expect(line('pipe2', [0x1000, 0o2000000], 0, mem)).toBe('pipe2([3, 4], O_CLOEXEC) = 0');
    expect(line('_llseek', [3, 0, 100, 0x2000, 0], 0, mem)).toBe('_llseek(3, 100, [100], SEEK_SET) = 0');
    expect(line('getcwd', [0x3000, 4096], 11, mem)).toBe('getcwd("/home/user", 4096) = 11');
  });

  it('writev: each iovec’s bytes', () => {
    const mem = fakeMemory({ 0x3000: words(0x1000, 3, 0x1010, 4), 0x1000: 'hi\n\0\0\0\0\0\0\0\0\0\0\0\0\0you\n' });
    expect(line('writev', [1, 0x3000, 2], 7, mem)).toBe('writev(1, [{iov_base="hi\\n", iov_len=3}, {iov_base="you\\n", iov_len=4}], 2) = 7');
  });
});

describe('SyscallTracer', () => {
  const tracer = () => new SyscallTracer(fakeMemory({ 0x1000: 'hi\n' }), { cyclesToNs: (c) => c });
  const syscall = (name: string, args: number[], result: number | 'blocked' | 'no-return', tid = 13, start = 0, end = 2000): MachineEvent => ({
    kind: 'syscall', cycles: end, startCycles: start, hart: 0, pid: 13, tid, nr: requireSyscall(name).nr, name, args, result,
  });

  it('prefixes [pid TID], puts = at column 40 and appends the time spent', () => {
    expect(tracer().lines(syscall('write', [1, 0x1000, 3], 3))).toEqual(['[pid    13] write(1, "hi\\n", 3)         = 3 <0.000002>']);
  });

  it('skips the blocked half of a call and times the whole call when it completes', () => {
    const t = tracer();
    expect(t.lines(syscall('read', [0, 0x1000, 3], 'blocked', 13, 100, 150))).toEqual([]);
    expect(t.lines(syscall('read', [0, 0x1000, 3], 3, 13, 100, 2_500_100))[0]).toMatch(/^\[pid    13\] read\(0, "hi\\n", 3\) +?= 3 <0\.002500>$/);
  });

  it('shows signals, and exits after the exit_group that caused them', () => {
    const t = tracer();
    expect(t.lines({ kind: 'signal', cycles: 1, pid: 13, tid: 13, signal: 11, code: 'SEGV_MAPERR', addr: 0 })).toEqual(['[pid    13] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---']);
    expect(t.lines({ kind: 'exit', cycles: 2, pid: 13, status: { kind: 'exited', code: 0 } })).toEqual([]);
    expect(t.lines(syscall('exit_group', [0], 'no-return'))).toEqual(['[pid    13] exit_group(0)               = ? <0.000002>', '[pid    13] +++ exited with 0 +++']);
    expect(t.lines({ kind: 'exit', cycles: 3, pid: 14, status: { kind: 'signaled', signal: 11, coreDumped: false } })).toEqual([]);
    expect(t.flush()).toEqual(['[pid    14] +++ killed by SIGSEGV +++']);
  });

  it('shows a thread’s exit call before its +++ line, and every thread’s end after exit_group', () => {
    const t = tracer();
    expect(t.lines({ kind: 'thread', cycles: 1, pid: 13, tid: 14, change: 'exited' })).toEqual([]);
    expect(t.lines(syscall('exit', [5], 'no-return', 14))).toEqual(['[pid    14] exit(5)                     = ? <0.000002>', '[pid    14] +++ exited with 5 +++']);
    expect(t.lines({ kind: 'thread', cycles: 2, pid: 13, tid: 15, change: 'exited' })).toEqual([]);
    expect(t.lines({ kind: 'exit', cycles: 2, pid: 13, status: { kind: 'exited', code: 2 } })).toEqual([]);
    expect(t.lines(syscall('exit_group', [2], 'no-return', 16))).toEqual([
      '[pid    16] exit_group(2)               = ? <0.000002>',
      '[pid    15] +++ exited with 2 +++',
      '[pid    13] +++ exited with 2 +++',
    ]);
  });

  it('fills a SIGCHLD’s si_status from the child’s exit, and never shows SIGKILL', () => {
    const t = tracer();
    t.lines({ kind: 'exit', cycles: 2, pid: 14, status: { kind: 'exited', code: 3 } });
    expect(t.lines({ kind: 'signal', cycles: 3, pid: 13, tid: 13, signal: 17, code: 'CLD_EXITED', senderPid: 14 })).toEqual([
      '[pid    14] +++ exited with 3 +++',
      '[pid    13] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=14, si_uid=1000, si_status=3, si_utime=0, si_stime=0} ---',
    ]);
    expect(t.lines({ kind: 'signal', cycles: 4, pid: 13, tid: 13, signal: 9, code: 'SI_KERNEL' })).toEqual([]);
  });

  it('durations truncate to microseconds', () => {
    expect(durationText(1999)).toBe('<0.000001>');
    expect(durationText(3_000_000_000)).toBe('<3.000000>');
  });
});

describe('strerror texts', () => {
  it('match sim/libc’s strerror for every errno', () => {
    const source = readFileSync(join(__dirname, '../../sim/libc/src/c/string/strerror.c'), 'utf8');
    const body = source.slice(source.indexOf('error_messages[] = {'), source.indexOf('};'));
    const entries = [...body.matchAll(/"((?:[^"\\]|\\.)*)"|\b0,/g)].map((m) => m[1]);
    expect(entries.length).toBeGreaterThan(130);
    entries.forEach((text, n) => expect(errorMessage(n)).toBe(text ?? `Unknown error ${n}`));
  });
});
