// Checks the riscv32 syscall table and errno list against the facts the rest of the system
// relies on: numbers unique and sorted, the exact set of numbers riscv32 defines (so a guard
// mistake that would let libc emit an absent call fails here), argument layout rules for
// 64-bit register pairs, alias resolution for debugger breakpoints, and errno naming.
import { describe, expect, it } from 'vitest';
import {
  SYSCALLS,
  SYSCALL_ALIASES,
  requireSyscall,
  resolveSyscallName,
  syscallByName,
  syscallByNumber,
  type ArgKind,
} from '../../sim/kernel/syscall-table';
import { Errno, KernelErrno, MAX_ERRNO, errnoName, isErrorReturn } from '../../sim/kernel/errno';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

// Every number riscv32 defines, written as ranges independently of the table: the gaps are
// the time32, stat64, rlimit and renameat guards, 42 (nfsservctl, gone), 243-257 except the
// two riscv calls, 295-402 (reserved) and 415 (never assigned).
const EXPECTED_NUMBERS = [
  ...range(0, 3), ...range(5, 37), ...range(39, 41), ...range(43, 71), ...range(74, 78),
  ...range(81, 85), ...range(89, 97), ...range(99, 100), ...range(102, 107), 109, 111,
  ...range(116, 126), ...range(128, 136), ...range(138, 162), ...range(165, 168),
  ...range(172, 181), ...range(184, 191), ...range(193, 242), 258, 259, ...range(261, 265),
  ...range(267, 291), 293, 294, ...range(403, 414), ...range(416, 470),
];

describe('SYSCALLS', () => {
  it('is sorted by number with unique numbers and names', () => {
    const numbers = SYSCALLS.map((s) => s.nr);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(SYSCALLS.map((s) => s.name)).size).toBe(SYSCALLS.length);
  });

  it('holds exactly the numbers riscv32 defines', () => {
    expect(SYSCALLS.map((s) => s.nr)).toEqual(EXPECTED_NUMBERS);
  });

  it.each([
    [63, 'read'], [64, 'write'], [56, 'openat'], [57, 'close'], [93, 'exit'], [94, 'exit_group'],
    [95, 'waitid'], [96, 'set_tid_address'], [172, 'getpid'], [214, 'brk'], [215, 'munmap'],
    [220, 'clone'], [221, 'execve'], [222, 'mmap2'], [226, 'mprotect'], [25, 'fcntl64'],
    [43, 'statfs64'], [44, 'fstatfs64'], [45, 'truncate64'], [46, 'ftruncate64'], [62, '_llseek'],
    [71, 'sendfile64'], [223, 'fadvise64_64'], [84, 'sync_file_range'], [258, 'riscv_hwprobe'],
    [259, 'riscv_flush_icache'], [261, 'prlimit64'], [276, 'renameat2'], [291, 'statx'],
    [403, 'clock_gettime64'], [407, 'clock_nanosleep_time64'], [413, 'pselect6_time64'],
    [414, 'ppoll_time64'], [422, 'futex_time64'], [424, 'pidfd_send_signal'],
    [425, 'io_uring_setup'], [426, 'io_uring_enter'], [427, 'io_uring_register'], [435, 'clone3'],
    [436, 'close_range'], [437, 'openat2'], [447, 'memfd_secret'], [462, 'mseal'], [470, 'listns'],
  ])('numbers %i as %s', (nr, name) => {
    expect(syscallByNumber(nr)?.name).toBe(name);
    expect(syscallByName(name)?.nr).toBe(nr);
  });

  it.each([4, 38, 42, 72, 73, 79, 80, 86, 87, 88, 98, 101, 108, 110, 112, 113, 114, 115, 127,
    137, 163, 164, 169, 170, 171, 182, 183, 192, 243, 244, 257, 260, 266, 292, 295, 402, 415,
    471, 1024, 1066, -1])('has no syscall %i', (nr) => {
    expect(syscallByNumber(nr)).toBeUndefined();
  });

  it.each(['fork', 'vfork', 'wait4', 'fstat', 'newfstatat', 'fstatat64', 'getrlimit', 'setrlimit',
    'lseek', 'mmap', 'clock_gettime', 'nanosleep', 'futex', 'ppoll', 'pselect6', 'gettimeofday',
    'renameat', 'utimensat', 'io_getevents', 'recvmmsg', 'semtimedop', 'rt_sigtimedwait',
    'nfsservctl', 'open', 'stat'])('has no syscall named %s', (name) => {
    expect(syscallByName(name)).toBeUndefined();
  });

  it('flags only lookup_dcookie as retired', () => {
    expect(SYSCALLS.filter((s) => s.retired).map((s) => s.name)).toEqual(['lookup_dcookie']);
  });

  it('keeps every call within six registers with distinct argument names', () => {
    for (const s of SYSCALLS) {
      expect(s.args.length, s.name).toBeLessThanOrEqual(6);
      expect(new Set(s.args.map((a) => a.name)).size, s.name).toBe(s.args.length);
    }
  });

  it('passes every 64-bit value as an adjacent register pair', () => {
    // Low word first, except _llseek whose prototype takes offset_high before offset_low.
    for (const s of SYSCALLS) {
      const kinds: ArgKind[] = s.args.map((a) => a.kind);
      const first: ArgKind = s.name === '_llseek' ? 'u64hi' : 'u64lo';
      const second: ArgKind = s.name === '_llseek' ? 'u64lo' : 'u64hi';
      for (let i = 0; i < kinds.length; i++) {
        if (kinds[i] === first) expect(kinds[i + 1], `${s.name} arg ${i}`).toBe(second);
        if (kinds[i] === second) expect(kinds[i - 1], `${s.name} arg ${i}`).toBe(first);
      }
    }
  });

  it('lays out the calls whose shapes are easy to get wrong', () => {
    const names = (n: string): string[] => requireSyscall(n).args.map((a) => a.name);
    expect(names('write')).toEqual(['fd', 'buf', 'count']);
    expect(names('_llseek')).toEqual(['fd', 'offset_high', 'offset_low', 'result', 'whence']);
    expect(names('pread64')).toEqual(['fd', 'buf', 'count', 'pos_lo', 'pos_hi']);
    expect(names('mmap2')).toEqual(['addr', 'length', 'prot', 'flags', 'fd', 'pgoffset']);
    expect(names('clone')).toEqual(['flags', 'stack', 'parent_tid', 'tls', 'child_tid']);
    expect(requireSyscall('fallocate').args.map((a) => a.kind)).toEqual(
      ['fd', 'flags', 'u64lo', 'u64hi', 'u64lo', 'u64hi'],
    );
    expect(requireSyscall('execve').args.map((a) => a.kind)).toEqual(['str', 'strv', 'strv']);
  });

  it('requireSyscall throws for an absent name', () => {
    expect(() => requireSyscall('fork')).toThrow(/fork/);
  });
});

describe('SYSCALL_ALIASES', () => {
  it('only maps names that are not real syscalls onto real ones', () => {
    for (const [alias, target] of SYSCALL_ALIASES) {
      expect(syscallByName(alias), alias).toBeUndefined();
      expect(syscallByName(target), `${alias} -> ${target}`).toBeDefined();
    }
  });

  it.each([
    ['fork', 'clone'], ['vfork', 'clone'], ['wait', 'waitid'], ['wait4', 'waitid'],
    ['waitpid', 'waitid'], ['mmap', 'mmap2'], ['sleep', 'clock_nanosleep_time64'],
    ['nanosleep', 'clock_nanosleep_time64'], ['stat', 'statx'], ['fstat', 'statx'],
    ['lseek', '_llseek'], ['llseek', '_llseek'], ['futex', 'futex_time64'],
    ['select', 'pselect6_time64'], ['poll', 'ppoll_time64'], ['clock_gettime', 'clock_gettime64'],
    ['dup2', 'dup3'], ['getrlimit', 'prlimit64'], ['setrlimit', 'prlimit64'], ['open', 'openat'],
    ['write', 'write'], ['SYS_write', 'write'], ['__NR__llseek', '_llseek'], [' sys_read ', 'read'],
  ])('resolves %s to %s', (input, name) => {
    expect(resolveSyscallName(input)?.name).toBe(name);
  });

  it('resolves nothing for unknown names', () => {
    expect(resolveSyscallName('frobnicate')).toBeUndefined();
    expect(resolveSyscallName('')).toBeUndefined();
  });
});

describe('Errno', () => {
  it('covers 1..133 except the two numbers Linux leaves unassigned', () => {
    const canonical = new Set<number>();
    for (let n = 1; n <= 133; n++) if (errnoName(n) !== undefined) canonical.add(n);
    expect(range(1, 133).filter((n) => !canonical.has(n))).toEqual([41, 58]);
  });

  it('names numbers canonically, in either sign', () => {
    expect(Errno.ENOENT).toBe(2);
    expect(Errno.ENOSYS).toBe(38);
    expect(Errno.EHWPOISON).toBe(133);
    expect(Errno.EWOULDBLOCK).toBe(Errno.EAGAIN);
    expect(Errno.EDEADLOCK).toBe(Errno.EDEADLK);
    expect(errnoName(11)).toBe('EAGAIN');
    expect(errnoName(35)).toBe('EDEADLK');
    expect(errnoName(-2)).toBe('ENOENT');
    expect(errnoName(0)).toBeUndefined();
    expect(errnoName(KernelErrno.ERESTARTSYS)).toBe('ERESTARTSYS');
  });

  it('recognises error returns by the -4095..-1 convention', () => {
    expect(isErrorReturn(-Errno.ENOENT)).toBe(true);
    expect(isErrorReturn(0xfffffffe)).toBe(true); // -2 read back as an unsigned register
    expect(isErrorReturn(-MAX_ERRNO)).toBe(true);
    expect(isErrorReturn(-MAX_ERRNO - 1)).toBe(false); // e.g. an mmap2 address near the top
    expect(isErrorReturn(0)).toBe(false);
    expect(isErrorReturn(3)).toBe(false);
  });
});
