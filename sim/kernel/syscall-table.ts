// The one system-call table of the simulated machine: every syscall number that Linux defines
// for riscv32, with argument names and kinds, shared by the kernel's dispatcher, the debugger's
// syscall breakpoints, the strace-like tracer and the libc stub generator. Numbering follows
// the kernel's scripts/syscall.tbl (the asm-generic unistd.h layout) filtered by the ABIs that
// riscv32 selects: "common", "32", "riscv" and "memfd_secret", but not "time32", "stat64",
// "rlimit", "renameat", "newstat" or "64" (see the guard notes above SYSCALLS). Any number not
// listed here is absent on riscv32: the kernel answers -ENOSYS and libc must never emit it. The
// file is longer than usual only because the table is pure data, one line per syscall.

/**
 * How the debugger, tracer and stub generator should read one argument register.
 * - `int`/`uint`: a plain signed/unsigned number (commands, counts, whence, ...).
 * - `size`: a byte or element count, usually the length of the preceding `buf`.
 * - `fd`: a file descriptor; `dirfd`: a directory descriptor where -100 means AT_FDCWD.
 * - `pid`/`uid`/`gid`/`signal`/`clockid`: identifiers worth printing symbolically.
 * - `flags`/`mode`: bit sets (O_*, PROT_*, MAP_*, ...) and permission bits.
 * - `u64lo`/`u64hi`: one half of a 64-bit value split over two registers (see below).
 * - `ptr`: any other user address (structs, out-parameters, mapping addresses).
 * - `str`: a NUL-terminated string read from user memory (paths, names).
 * - `strv`: a NULL-terminated array of string pointers (execve's argv and envp).
 * - `buf`: user bytes whose length is the next `size` argument (or, for reads, the result).
 */
export type ArgKind =
  | 'int' | 'uint' | 'size' | 'fd' | 'dirfd' | 'pid' | 'uid' | 'gid' | 'signal' | 'clockid'
  | 'flags' | 'mode' | 'u64lo' | 'u64hi' | 'ptr' | 'str' | 'strv' | 'buf';

export interface SyscallArg {
  readonly name: string;
  readonly kind: ArgKind;
}

export interface SyscallSpec {
  readonly nr: number;
  /** The name strace and the man pages use (the kernel's header spells 62 `llseek`). */
  readonly name: string;
  /** In register order a0..a5; 64-bit values occupy two consecutive entries. */
  readonly args: readonly SyscallArg[];
  /** The number is still defined but the kernel wires it to sys_ni_syscall (always -ENOSYS). */
  readonly retired?: true;
}

type A = readonly [name: string, kind: ArgKind];
// Up to six tuples: riscv32 passes syscall arguments in a0..a5 only, so a seventh cannot exist.
type Args = [] | [A] | [A, A] | [A, A, A] | [A, A, A, A] | [A, A, A, A, A] | [A, A, A, A, A, A];

function sc(nr: number, name: string, ...args: Args): SyscallSpec {
  return { nr, name, args: args.map(([n, kind]) => ({ name: n, kind })) };
}

// Guards applied (riscv32 = __BITS_PER_LONG 32, ABIs common + 32 + riscv + memfd_secret):
// - No time32 ABI (no __ARCH_WANT_TIME32_SYSCALLS): 4 io_getevents, 72 pselect6, 73 ppoll,
//   86/87 timerfd_{set,get}time, 88 utimensat, 98 futex, 101 nanosleep, 108/110 timer_{get,set}time,
//   112-115 clock_*, 127 sched_rr_get_interval, 137 rt_sigtimedwait, 169-171 gettimeofday/
//   settimeofday/adjtimex, 182/183 mq_timed*, 192 semtimedop, 243 recvmmsg, 260 wait4,
//   266 clock_adjtime, 292 io_pgetevents are absent; their *_time64 twins live at 403-423.
// - No stat64/newstat ABI: 79 fstatat64/newfstatat and 80 fstat64/fstat are absent (use statx).
// - No rlimit ABI (__ARCH_WANT_SET_GET_RLIMIT is LP64-only): 163/164 absent (use prlimit64).
// - No renameat ABI: 38 is absent (use renameat2). 42 nfsservctl is no longer defined at all.
// - The "32" ABI picks the 64-bit-offset names: 25 fcntl64, 43 statfs64, 44 fstatfs64,
//   45 truncate64, 46 ftruncate64, 62 _llseek, 71 sendfile64, 222 mmap2, 223 fadvise64_64.
// - riscv ABI: 258 riscv_hwprobe and 259 riscv_flush_icache (244 + 14 and 244 + 15).
// - __ARCH_WANT_SYS_CLONE3 gives 435 clone3; __ARCH_WANT_MEMFD_SECRET gives 447 memfd_secret.
// - 84 is sync_file_range (not sync_file_range2: riscv has no register-pair alignment rule).
// - 415 was never assigned on any architecture; 295-402 are reserved to line up with the others.
//
// 64-bit arguments: the riscv32 kernel entry aliases a0..a5 onto the C prototype, so a 64-bit
// value takes the next two registers, low word first, with no even-register alignment (musl's
// riscv32 __SYSCALL_LL_O is the same as __SYSCALL_LL_E). _llseek, preadv and friends instead
// take explicit halves in the order their prototype declares (_llseek: high word first).
// clone follows CLONE_BACKWARDS order on riscv: flags, stack, parent_tid, tls, child_tid.
// mmap2's last argument counts 4096-byte units whatever the page size (riscv shifts it by 12).
export const SYSCALLS: readonly SyscallSpec[] = [
  sc(0, 'io_setup', ['nr_events', 'uint'], ['ctxp', 'ptr']),
  sc(1, 'io_destroy', ['ctx', 'uint']),
  sc(2, 'io_submit', ['ctx_id', 'uint'], ['nr', 'int'], ['iocbpp', 'ptr']),
  sc(3, 'io_cancel', ['ctx_id', 'uint'], ['iocb', 'ptr'], ['result', 'ptr']),
  sc(5, 'setxattr', ['pathname', 'str'], ['name', 'str'], ['value', 'buf'], ['size', 'size'], ['flags', 'flags']),
  sc(6, 'lsetxattr', ['pathname', 'str'], ['name', 'str'], ['value', 'buf'], ['size', 'size'], ['flags', 'flags']),
  sc(7, 'fsetxattr', ['fd', 'fd'], ['name', 'str'], ['value', 'buf'], ['size', 'size'], ['flags', 'flags']),
  sc(8, 'getxattr', ['pathname', 'str'], ['name', 'str'], ['value', 'buf'], ['size', 'size']),
  sc(9, 'lgetxattr', ['pathname', 'str'], ['name', 'str'], ['value', 'buf'], ['size', 'size']),
  sc(10, 'fgetxattr', ['fd', 'fd'], ['name', 'str'], ['value', 'buf'], ['size', 'size']),
  sc(11, 'listxattr', ['pathname', 'str'], ['list', 'buf'], ['size', 'size']),
  sc(12, 'llistxattr', ['pathname', 'str'], ['list', 'buf'], ['size', 'size']),
  sc(13, 'flistxattr', ['fd', 'fd'], ['list', 'buf'], ['size', 'size']),
  sc(14, 'removexattr', ['pathname', 'str'], ['name', 'str']),
  sc(15, 'lremovexattr', ['pathname', 'str'], ['name', 'str']),
  sc(16, 'fremovexattr', ['fd', 'fd'], ['name', 'str']),
  sc(17, 'getcwd', ['buf', 'buf'], ['size', 'size']),
  { ...sc(18, 'lookup_dcookie', ['cookie_lo', 'u64lo'], ['cookie_hi', 'u64hi'], ['buf', 'buf'], ['len', 'size']), retired: true },
  sc(19, 'eventfd2', ['initval', 'uint'], ['flags', 'flags']),
  sc(20, 'epoll_create1', ['flags', 'flags']),
  sc(21, 'epoll_ctl', ['epfd', 'fd'], ['op', 'int'], ['fd', 'fd'], ['event', 'ptr']),
  sc(22, 'epoll_pwait', ['epfd', 'fd'], ['events', 'ptr'], ['maxevents', 'int'], ['timeout', 'int'], ['sigmask', 'ptr'], ['sigsetsize', 'size']),
  sc(23, 'dup', ['oldfd', 'fd']),
  sc(24, 'dup3', ['oldfd', 'fd'], ['newfd', 'fd'], ['flags', 'flags']),
  sc(25, 'fcntl64', ['fd', 'fd'], ['cmd', 'int'], ['arg', 'uint']),
  sc(26, 'inotify_init1', ['flags', 'flags']),
  sc(27, 'inotify_add_watch', ['fd', 'fd'], ['pathname', 'str'], ['mask', 'flags']),
  sc(28, 'inotify_rm_watch', ['fd', 'fd'], ['wd', 'int']),
  sc(29, 'ioctl', ['fd', 'fd'], ['cmd', 'uint'], ['arg', 'uint']),
  sc(30, 'ioprio_set', ['which', 'int'], ['who', 'int'], ['ioprio', 'int']),
  sc(31, 'ioprio_get', ['which', 'int'], ['who', 'int']),
  sc(32, 'flock', ['fd', 'fd'], ['operation', 'int']),
  sc(33, 'mknodat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode'], ['dev', 'uint']),
  sc(34, 'mkdirat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode']),
  sc(35, 'unlinkat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags']),
  sc(36, 'symlinkat', ['target', 'str'], ['newdirfd', 'dirfd'], ['linkpath', 'str']),
  sc(37, 'linkat', ['olddirfd', 'dirfd'], ['oldpath', 'str'], ['newdirfd', 'dirfd'], ['newpath', 'str'], ['flags', 'flags']),
  sc(39, 'umount2', ['target', 'str'], ['flags', 'flags']),
  sc(40, 'mount', ['source', 'str'], ['target', 'str'], ['filesystemtype', 'str'], ['mountflags', 'flags'], ['data', 'ptr']),
  sc(41, 'pivot_root', ['new_root', 'str'], ['put_old', 'str']),
  sc(43, 'statfs64', ['pathname', 'str'], ['sz', 'size'], ['buf', 'ptr']),
  sc(44, 'fstatfs64', ['fd', 'fd'], ['sz', 'size'], ['buf', 'ptr']),
  sc(45, 'truncate64', ['pathname', 'str'], ['length_lo', 'u64lo'], ['length_hi', 'u64hi']),
  sc(46, 'ftruncate64', ['fd', 'fd'], ['length_lo', 'u64lo'], ['length_hi', 'u64hi']),
  sc(47, 'fallocate', ['fd', 'fd'], ['mode', 'flags'], ['offset_lo', 'u64lo'], ['offset_hi', 'u64hi'], ['len_lo', 'u64lo'], ['len_hi', 'u64hi']),
  sc(48, 'faccessat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode']),
  sc(49, 'chdir', ['path', 'str']),
  sc(50, 'fchdir', ['fd', 'fd']),
  sc(51, 'chroot', ['path', 'str']),
  sc(52, 'fchmod', ['fd', 'fd'], ['mode', 'mode']),
  sc(53, 'fchmodat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode']),
  sc(54, 'fchownat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['owner', 'uid'], ['group', 'gid'], ['flags', 'flags']),
  sc(55, 'fchown', ['fd', 'fd'], ['owner', 'uid'], ['group', 'gid']),
  sc(56, 'openat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags'], ['mode', 'mode']),
  sc(57, 'close', ['fd', 'fd']),
  sc(58, 'vhangup'),
  sc(59, 'pipe2', ['pipefd', 'ptr'], ['flags', 'flags']),
  sc(60, 'quotactl', ['cmd', 'uint'], ['special', 'str'], ['id', 'int'], ['addr', 'ptr']),
  sc(61, 'getdents64', ['fd', 'fd'], ['dirp', 'buf'], ['count', 'size']),
  sc(62, '_llseek', ['fd', 'fd'], ['offset_high', 'u64hi'], ['offset_low', 'u64lo'], ['result', 'ptr'], ['whence', 'int']),
  sc(63, 'read', ['fd', 'fd'], ['buf', 'buf'], ['count', 'size']),
  sc(64, 'write', ['fd', 'fd'], ['buf', 'buf'], ['count', 'size']),
  sc(65, 'readv', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int']),
  sc(66, 'writev', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int']),
  sc(67, 'pread64', ['fd', 'fd'], ['buf', 'buf'], ['count', 'size'], ['pos_lo', 'u64lo'], ['pos_hi', 'u64hi']),
  sc(68, 'pwrite64', ['fd', 'fd'], ['buf', 'buf'], ['count', 'size'], ['pos_lo', 'u64lo'], ['pos_hi', 'u64hi']),
  sc(69, 'preadv', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int'], ['pos_l', 'u64lo'], ['pos_h', 'u64hi']),
  sc(70, 'pwritev', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int'], ['pos_l', 'u64lo'], ['pos_h', 'u64hi']),
  sc(71, 'sendfile64', ['out_fd', 'fd'], ['in_fd', 'fd'], ['offset', 'ptr'], ['count', 'size']),
  sc(74, 'signalfd4', ['fd', 'fd'], ['mask', 'ptr'], ['sizemask', 'size'], ['flags', 'flags']),
  sc(75, 'vmsplice', ['fd', 'fd'], ['iov', 'ptr'], ['nr_segs', 'uint'], ['flags', 'flags']),
  sc(76, 'splice', ['fd_in', 'fd'], ['off_in', 'ptr'], ['fd_out', 'fd'], ['off_out', 'ptr'], ['len', 'size'], ['flags', 'flags']),
  sc(77, 'tee', ['fd_in', 'fd'], ['fd_out', 'fd'], ['len', 'size'], ['flags', 'flags']),
  sc(78, 'readlinkat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['buf', 'buf'], ['bufsiz', 'size']),
  sc(81, 'sync'),
  sc(82, 'fsync', ['fd', 'fd']),
  sc(83, 'fdatasync', ['fd', 'fd']),
  sc(84, 'sync_file_range', ['fd', 'fd'], ['offset_lo', 'u64lo'], ['offset_hi', 'u64hi'], ['nbytes_lo', 'u64lo'], ['nbytes_hi', 'u64hi'], ['flags', 'flags']),
  sc(85, 'timerfd_create', ['clockid', 'clockid'], ['flags', 'flags']),
  sc(89, 'acct', ['filename', 'str']),
  sc(90, 'capget', ['hdrp', 'ptr'], ['datap', 'ptr']),
  sc(91, 'capset', ['hdrp', 'ptr'], ['datap', 'ptr']),
  sc(92, 'personality', ['persona', 'uint']),
  sc(93, 'exit', ['status', 'int']),
  sc(94, 'exit_group', ['status', 'int']),
  sc(95, 'waitid', ['idtype', 'int'], ['id', 'pid'], ['infop', 'ptr'], ['options', 'flags'], ['rusage', 'ptr']),
  sc(96, 'set_tid_address', ['tidptr', 'ptr']),
  sc(97, 'unshare', ['flags', 'flags']),
  sc(99, 'set_robust_list', ['head', 'ptr'], ['len', 'size']),
  sc(100, 'get_robust_list', ['pid', 'pid'], ['head_ptr', 'ptr'], ['len_ptr', 'ptr']),
  sc(102, 'getitimer', ['which', 'int'], ['curr_value', 'ptr']),
  sc(103, 'setitimer', ['which', 'int'], ['new_value', 'ptr'], ['old_value', 'ptr']),
  sc(104, 'kexec_load', ['entry', 'uint'], ['nr_segments', 'uint'], ['segments', 'ptr'], ['flags', 'flags']),
  sc(105, 'init_module', ['module_image', 'buf'], ['len', 'size'], ['param_values', 'str']),
  sc(106, 'delete_module', ['name', 'str'], ['flags', 'flags']),
  sc(107, 'timer_create', ['clockid', 'clockid'], ['sevp', 'ptr'], ['timerid', 'ptr']),
  sc(109, 'timer_getoverrun', ['timerid', 'int']),
  sc(111, 'timer_delete', ['timerid', 'int']),
  sc(116, 'syslog', ['type', 'int'], ['bufp', 'buf'], ['len', 'size']),
  sc(117, 'ptrace', ['request', 'int'], ['pid', 'pid'], ['addr', 'ptr'], ['data', 'ptr']),
  sc(118, 'sched_setparam', ['pid', 'pid'], ['param', 'ptr']),
  sc(119, 'sched_setscheduler', ['pid', 'pid'], ['policy', 'int'], ['param', 'ptr']),
  sc(120, 'sched_getscheduler', ['pid', 'pid']),
  sc(121, 'sched_getparam', ['pid', 'pid'], ['param', 'ptr']),
  sc(122, 'sched_setaffinity', ['pid', 'pid'], ['cpusetsize', 'size'], ['mask', 'ptr']),
  sc(123, 'sched_getaffinity', ['pid', 'pid'], ['cpusetsize', 'size'], ['mask', 'ptr']),
  sc(124, 'sched_yield'),
  sc(125, 'sched_get_priority_max', ['policy', 'int']),
  sc(126, 'sched_get_priority_min', ['policy', 'int']),
  sc(128, 'restart_syscall'),
  sc(129, 'kill', ['pid', 'pid'], ['sig', 'signal']),
  sc(130, 'tkill', ['tid', 'pid'], ['sig', 'signal']),
  sc(131, 'tgkill', ['tgid', 'pid'], ['tid', 'pid'], ['sig', 'signal']),
  sc(132, 'sigaltstack', ['ss', 'ptr'], ['old_ss', 'ptr']),
  sc(133, 'rt_sigsuspend', ['mask', 'ptr'], ['sigsetsize', 'size']),
  sc(134, 'rt_sigaction', ['signum', 'signal'], ['act', 'ptr'], ['oldact', 'ptr'], ['sigsetsize', 'size']),
  sc(135, 'rt_sigprocmask', ['how', 'int'], ['set', 'ptr'], ['oldset', 'ptr'], ['sigsetsize', 'size']),
  sc(136, 'rt_sigpending', ['set', 'ptr'], ['sigsetsize', 'size']),
  sc(138, 'rt_sigqueueinfo', ['tgid', 'pid'], ['sig', 'signal'], ['info', 'ptr']),
  sc(139, 'rt_sigreturn'),
  sc(140, 'setpriority', ['which', 'int'], ['who', 'int'], ['prio', 'int']),
  sc(141, 'getpriority', ['which', 'int'], ['who', 'int']),
  sc(142, 'reboot', ['magic', 'uint'], ['magic2', 'uint'], ['cmd', 'uint'], ['arg', 'ptr']),
  sc(143, 'setregid', ['rgid', 'gid'], ['egid', 'gid']),
  sc(144, 'setgid', ['gid', 'gid']),
  sc(145, 'setreuid', ['ruid', 'uid'], ['euid', 'uid']),
  sc(146, 'setuid', ['uid', 'uid']),
  sc(147, 'setresuid', ['ruid', 'uid'], ['euid', 'uid'], ['suid', 'uid']),
  sc(148, 'getresuid', ['ruid', 'ptr'], ['euid', 'ptr'], ['suid', 'ptr']),
  sc(149, 'setresgid', ['rgid', 'gid'], ['egid', 'gid'], ['sgid', 'gid']),
  sc(150, 'getresgid', ['rgid', 'ptr'], ['egid', 'ptr'], ['sgid', 'ptr']),
  sc(151, 'setfsuid', ['fsuid', 'uid']),
  sc(152, 'setfsgid', ['fsgid', 'gid']),
  sc(153, 'times', ['buf', 'ptr']),
  sc(154, 'setpgid', ['pid', 'pid'], ['pgid', 'pid']),
  sc(155, 'getpgid', ['pid', 'pid']),
  sc(156, 'getsid', ['pid', 'pid']),
  sc(157, 'setsid'),
  sc(158, 'getgroups', ['size', 'int'], ['list', 'ptr']),
  sc(159, 'setgroups', ['size', 'int'], ['list', 'ptr']),
  sc(160, 'uname', ['buf', 'ptr']),
  sc(161, 'sethostname', ['name', 'buf'], ['len', 'size']),
  sc(162, 'setdomainname', ['name', 'buf'], ['len', 'size']),
  sc(165, 'getrusage', ['who', 'int'], ['usage', 'ptr']),
  sc(166, 'umask', ['mask', 'mode']),
  sc(167, 'prctl', ['option', 'int'], ['arg2', 'uint'], ['arg3', 'uint'], ['arg4', 'uint'], ['arg5', 'uint']),
  sc(168, 'getcpu', ['cpu', 'ptr'], ['node', 'ptr'], ['tcache', 'ptr']),
  sc(172, 'getpid'),
  sc(173, 'getppid'),
  sc(174, 'getuid'),
  sc(175, 'geteuid'),
  sc(176, 'getgid'),
  sc(177, 'getegid'),
  sc(178, 'gettid'),
  sc(179, 'sysinfo', ['info', 'ptr']),
  sc(180, 'mq_open', ['name', 'str'], ['oflag', 'flags'], ['mode', 'mode'], ['attr', 'ptr']),
  sc(181, 'mq_unlink', ['name', 'str']),
  sc(184, 'mq_notify', ['mqdes', 'fd'], ['sevp', 'ptr']),
  sc(185, 'mq_getsetattr', ['mqdes', 'fd'], ['newattr', 'ptr'], ['oldattr', 'ptr']),
  sc(186, 'msgget', ['key', 'int'], ['msgflg', 'flags']),
  sc(187, 'msgctl', ['msqid', 'int'], ['cmd', 'int'], ['buf', 'ptr']),
  sc(188, 'msgrcv', ['msqid', 'int'], ['msgp', 'ptr'], ['msgsz', 'size'], ['msgtyp', 'int'], ['msgflg', 'flags']),
  sc(189, 'msgsnd', ['msqid', 'int'], ['msgp', 'ptr'], ['msgsz', 'size'], ['msgflg', 'flags']),
  sc(190, 'semget', ['key', 'int'], ['nsems', 'int'], ['semflg', 'flags']),
  sc(191, 'semctl', ['semid', 'int'], ['semnum', 'int'], ['cmd', 'int'], ['arg', 'uint']),
  sc(193, 'semop', ['semid', 'int'], ['sops', 'ptr'], ['nsops', 'uint']),
  sc(194, 'shmget', ['key', 'int'], ['size', 'size'], ['shmflg', 'flags']),
  sc(195, 'shmctl', ['shmid', 'int'], ['cmd', 'int'], ['buf', 'ptr']),
  sc(196, 'shmat', ['shmid', 'int'], ['shmaddr', 'ptr'], ['shmflg', 'flags']),
  sc(197, 'shmdt', ['shmaddr', 'ptr']),
  sc(198, 'socket', ['domain', 'int'], ['type', 'int'], ['protocol', 'int']),
  sc(199, 'socketpair', ['domain', 'int'], ['type', 'int'], ['protocol', 'int'], ['sv', 'ptr']),
  sc(200, 'bind', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'size']),
  sc(201, 'listen', ['sockfd', 'fd'], ['backlog', 'int']),
  sc(202, 'accept', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'ptr']),
  sc(203, 'connect', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'size']),
  sc(204, 'getsockname', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'ptr']),
  sc(205, 'getpeername', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'ptr']),
  sc(206, 'sendto', ['sockfd', 'fd'], ['buf', 'buf'], ['len', 'size'], ['flags', 'flags'], ['dest_addr', 'ptr'], ['addrlen', 'size']),
  sc(207, 'recvfrom', ['sockfd', 'fd'], ['buf', 'buf'], ['len', 'size'], ['flags', 'flags'], ['src_addr', 'ptr'], ['addrlen', 'ptr']),
  sc(208, 'setsockopt', ['sockfd', 'fd'], ['level', 'int'], ['optname', 'int'], ['optval', 'buf'], ['optlen', 'size']),
  sc(209, 'getsockopt', ['sockfd', 'fd'], ['level', 'int'], ['optname', 'int'], ['optval', 'ptr'], ['optlen', 'ptr']),
  sc(210, 'shutdown', ['sockfd', 'fd'], ['how', 'int']),
  sc(211, 'sendmsg', ['sockfd', 'fd'], ['msg', 'ptr'], ['flags', 'flags']),
  sc(212, 'recvmsg', ['sockfd', 'fd'], ['msg', 'ptr'], ['flags', 'flags']),
  sc(213, 'readahead', ['fd', 'fd'], ['offset_lo', 'u64lo'], ['offset_hi', 'u64hi'], ['count', 'size']),
  sc(214, 'brk', ['addr', 'ptr']),
  sc(215, 'munmap', ['addr', 'ptr'], ['length', 'size']),
  sc(216, 'mremap', ['old_address', 'ptr'], ['old_size', 'size'], ['new_size', 'size'], ['flags', 'flags'], ['new_address', 'ptr']),
  sc(217, 'add_key', ['type', 'str'], ['description', 'str'], ['payload', 'buf'], ['plen', 'size'], ['keyring', 'int']),
  sc(218, 'request_key', ['type', 'str'], ['description', 'str'], ['callout_info', 'str'], ['dest_keyring', 'int']),
  sc(219, 'keyctl', ['operation', 'int'], ['arg2', 'uint'], ['arg3', 'uint'], ['arg4', 'uint'], ['arg5', 'uint']),
  sc(220, 'clone', ['flags', 'flags'], ['stack', 'ptr'], ['parent_tid', 'ptr'], ['tls', 'ptr'], ['child_tid', 'ptr']),
  sc(221, 'execve', ['pathname', 'str'], ['argv', 'strv'], ['envp', 'strv']),
  sc(222, 'mmap2', ['addr', 'ptr'], ['length', 'size'], ['prot', 'flags'], ['flags', 'flags'], ['fd', 'fd'], ['pgoffset', 'uint']),
  sc(223, 'fadvise64_64', ['fd', 'fd'], ['offset_lo', 'u64lo'], ['offset_hi', 'u64hi'], ['len_lo', 'u64lo'], ['len_hi', 'u64hi'], ['advice', 'int']),
  sc(224, 'swapon', ['path', 'str'], ['swapflags', 'flags']),
  sc(225, 'swapoff', ['path', 'str']),
  sc(226, 'mprotect', ['addr', 'ptr'], ['len', 'size'], ['prot', 'flags']),
  sc(227, 'msync', ['addr', 'ptr'], ['length', 'size'], ['flags', 'flags']),
  sc(228, 'mlock', ['addr', 'ptr'], ['len', 'size']),
  sc(229, 'munlock', ['addr', 'ptr'], ['len', 'size']),
  sc(230, 'mlockall', ['flags', 'flags']),
  sc(231, 'munlockall'),
  sc(232, 'mincore', ['addr', 'ptr'], ['length', 'size'], ['vec', 'ptr']),
  sc(233, 'madvise', ['addr', 'ptr'], ['length', 'size'], ['advice', 'int']),
  sc(234, 'remap_file_pages', ['addr', 'ptr'], ['size', 'size'], ['prot', 'flags'], ['pgoff', 'uint'], ['flags', 'flags']),
  sc(235, 'mbind', ['addr', 'ptr'], ['len', 'size'], ['mode', 'int'], ['nodemask', 'ptr'], ['maxnode', 'uint'], ['flags', 'flags']),
  sc(236, 'get_mempolicy', ['mode', 'ptr'], ['nodemask', 'ptr'], ['maxnode', 'uint'], ['addr', 'ptr'], ['flags', 'flags']),
  sc(237, 'set_mempolicy', ['mode', 'int'], ['nodemask', 'ptr'], ['maxnode', 'uint']),
  sc(238, 'migrate_pages', ['pid', 'pid'], ['maxnode', 'uint'], ['old_nodes', 'ptr'], ['new_nodes', 'ptr']),
  sc(239, 'move_pages', ['pid', 'pid'], ['count', 'uint'], ['pages', 'ptr'], ['nodes', 'ptr'], ['status', 'ptr'], ['flags', 'flags']),
  sc(240, 'rt_tgsigqueueinfo', ['tgid', 'pid'], ['tid', 'pid'], ['sig', 'signal'], ['info', 'ptr']),
  sc(241, 'perf_event_open', ['attr', 'ptr'], ['pid', 'pid'], ['cpu', 'int'], ['group_fd', 'fd'], ['flags', 'flags']),
  sc(242, 'accept4', ['sockfd', 'fd'], ['addr', 'ptr'], ['addrlen', 'ptr'], ['flags', 'flags']),
  sc(258, 'riscv_hwprobe', ['pairs', 'ptr'], ['pair_count', 'size'], ['cpusetsize', 'size'], ['cpus', 'ptr'], ['flags', 'flags']),
  sc(259, 'riscv_flush_icache', ['start', 'ptr'], ['end', 'ptr'], ['flags', 'flags']),
  sc(261, 'prlimit64', ['pid', 'pid'], ['resource', 'int'], ['new_limit', 'ptr'], ['old_limit', 'ptr']),
  sc(262, 'fanotify_init', ['flags', 'flags'], ['event_f_flags', 'flags']),
  sc(263, 'fanotify_mark', ['fanotify_fd', 'fd'], ['flags', 'flags'], ['mask_lo', 'u64lo'], ['mask_hi', 'u64hi'], ['dirfd', 'dirfd'], ['pathname', 'str']),
  sc(264, 'name_to_handle_at', ['dirfd', 'dirfd'], ['pathname', 'str'], ['handle', 'ptr'], ['mount_id', 'ptr'], ['flags', 'flags']),
  sc(265, 'open_by_handle_at', ['mount_fd', 'fd'], ['handle', 'ptr'], ['flags', 'flags']),
  sc(267, 'syncfs', ['fd', 'fd']),
  sc(268, 'setns', ['fd', 'fd'], ['nstype', 'flags']),
  sc(269, 'sendmmsg', ['sockfd', 'fd'], ['msgvec', 'ptr'], ['vlen', 'uint'], ['flags', 'flags']),
  sc(270, 'process_vm_readv', ['pid', 'pid'], ['local_iov', 'ptr'], ['liovcnt', 'uint'], ['remote_iov', 'ptr'], ['riovcnt', 'uint'], ['flags', 'flags']),
  sc(271, 'process_vm_writev', ['pid', 'pid'], ['local_iov', 'ptr'], ['liovcnt', 'uint'], ['remote_iov', 'ptr'], ['riovcnt', 'uint'], ['flags', 'flags']),
  sc(272, 'kcmp', ['pid1', 'pid'], ['pid2', 'pid'], ['type', 'int'], ['idx1', 'uint'], ['idx2', 'uint']),
  sc(273, 'finit_module', ['fd', 'fd'], ['param_values', 'str'], ['flags', 'flags']),
  sc(274, 'sched_setattr', ['pid', 'pid'], ['attr', 'ptr'], ['flags', 'flags']),
  sc(275, 'sched_getattr', ['pid', 'pid'], ['attr', 'ptr'], ['size', 'size'], ['flags', 'flags']),
  sc(276, 'renameat2', ['olddirfd', 'dirfd'], ['oldpath', 'str'], ['newdirfd', 'dirfd'], ['newpath', 'str'], ['flags', 'flags']),
  sc(277, 'seccomp', ['operation', 'uint'], ['flags', 'flags'], ['args', 'ptr']),
  sc(278, 'getrandom', ['buf', 'buf'], ['buflen', 'size'], ['flags', 'flags']),
  sc(279, 'memfd_create', ['name', 'str'], ['flags', 'flags']),
  sc(280, 'bpf', ['cmd', 'int'], ['attr', 'ptr'], ['size', 'size']),
  sc(281, 'execveat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['argv', 'strv'], ['envp', 'strv'], ['flags', 'flags']),
  sc(282, 'userfaultfd', ['flags', 'flags']),
  sc(283, 'membarrier', ['cmd', 'int'], ['flags', 'flags'], ['cpu_id', 'int']),
  sc(284, 'mlock2', ['addr', 'ptr'], ['len', 'size'], ['flags', 'flags']),
  sc(285, 'copy_file_range', ['fd_in', 'fd'], ['off_in', 'ptr'], ['fd_out', 'fd'], ['off_out', 'ptr'], ['len', 'size'], ['flags', 'flags']),
  sc(286, 'preadv2', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int'], ['pos_l', 'u64lo'], ['pos_h', 'u64hi'], ['flags', 'flags']),
  sc(287, 'pwritev2', ['fd', 'fd'], ['iov', 'ptr'], ['iovcnt', 'int'], ['pos_l', 'u64lo'], ['pos_h', 'u64hi'], ['flags', 'flags']),
  sc(288, 'pkey_mprotect', ['addr', 'ptr'], ['len', 'size'], ['prot', 'flags'], ['pkey', 'int']),
  sc(289, 'pkey_alloc', ['flags', 'flags'], ['access_rights', 'uint']),
  sc(290, 'pkey_free', ['pkey', 'int']),
  sc(291, 'statx', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags'], ['mask', 'flags'], ['statxbuf', 'ptr']),
  sc(293, 'rseq', ['rseq', 'ptr'], ['rseq_len', 'size'], ['flags', 'flags'], ['sig', 'uint']),
  sc(294, 'kexec_file_load', ['kernel_fd', 'fd'], ['initrd_fd', 'fd'], ['cmdline_len', 'size'], ['cmdline', 'str'], ['flags', 'flags']),
  // 403-423: the 64-bit time_t replacements for every time32 call that riscv32 lacks.
  sc(403, 'clock_gettime64', ['clockid', 'clockid'], ['tp', 'ptr']),
  sc(404, 'clock_settime64', ['clockid', 'clockid'], ['tp', 'ptr']),
  sc(405, 'clock_adjtime64', ['clockid', 'clockid'], ['buf', 'ptr']),
  sc(406, 'clock_getres_time64', ['clockid', 'clockid'], ['res', 'ptr']),
  sc(407, 'clock_nanosleep_time64', ['clockid', 'clockid'], ['flags', 'flags'], ['request', 'ptr'], ['remain', 'ptr']),
  sc(408, 'timer_gettime64', ['timerid', 'int'], ['curr_value', 'ptr']),
  sc(409, 'timer_settime64', ['timerid', 'int'], ['flags', 'flags'], ['new_value', 'ptr'], ['old_value', 'ptr']),
  sc(410, 'timerfd_gettime64', ['fd', 'fd'], ['curr_value', 'ptr']),
  sc(411, 'timerfd_settime64', ['fd', 'fd'], ['flags', 'flags'], ['new_value', 'ptr'], ['old_value', 'ptr']),
  sc(412, 'utimensat_time64', ['dirfd', 'dirfd'], ['pathname', 'str'], ['times', 'ptr'], ['flags', 'flags']),
  sc(413, 'pselect6_time64', ['nfds', 'int'], ['readfds', 'ptr'], ['writefds', 'ptr'], ['exceptfds', 'ptr'], ['timeout', 'ptr'], ['sigmask', 'ptr']),
  sc(414, 'ppoll_time64', ['fds', 'ptr'], ['nfds', 'uint'], ['tmo_p', 'ptr'], ['sigmask', 'ptr'], ['sigsetsize', 'size']),
  sc(416, 'io_pgetevents_time64', ['ctx_id', 'uint'], ['min_nr', 'int'], ['nr', 'int'], ['events', 'ptr'], ['timeout', 'ptr'], ['usig', 'ptr']),
  sc(417, 'recvmmsg_time64', ['sockfd', 'fd'], ['msgvec', 'ptr'], ['vlen', 'uint'], ['flags', 'flags'], ['timeout', 'ptr']),
  sc(418, 'mq_timedsend_time64', ['mqdes', 'fd'], ['msg_ptr', 'buf'], ['msg_len', 'size'], ['msg_prio', 'uint'], ['abs_timeout', 'ptr']),
  sc(419, 'mq_timedreceive_time64', ['mqdes', 'fd'], ['msg_ptr', 'buf'], ['msg_len', 'size'], ['msg_prio', 'ptr'], ['abs_timeout', 'ptr']),
  sc(420, 'semtimedop_time64', ['semid', 'int'], ['sops', 'ptr'], ['nsops', 'uint'], ['timeout', 'ptr']),
  sc(421, 'rt_sigtimedwait_time64', ['set', 'ptr'], ['info', 'ptr'], ['timeout', 'ptr'], ['sigsetsize', 'size']),
  sc(422, 'futex_time64', ['uaddr', 'ptr'], ['futex_op', 'int'], ['val', 'uint'], ['timeout', 'ptr'], ['uaddr2', 'ptr'], ['val3', 'uint']),
  sc(423, 'sched_rr_get_interval_time64', ['pid', 'pid'], ['tp', 'ptr']),
  // 424 onwards: numbered identically on every architecture.
  sc(424, 'pidfd_send_signal', ['pidfd', 'fd'], ['sig', 'signal'], ['info', 'ptr'], ['flags', 'flags']),
  sc(425, 'io_uring_setup', ['entries', 'uint'], ['params', 'ptr']),
  sc(426, 'io_uring_enter', ['fd', 'fd'], ['to_submit', 'uint'], ['min_complete', 'uint'], ['flags', 'flags'], ['arg', 'ptr'], ['argsz', 'size']),
  sc(427, 'io_uring_register', ['fd', 'fd'], ['opcode', 'uint'], ['arg', 'ptr'], ['nr_args', 'uint']),
  sc(428, 'open_tree', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags']),
  sc(429, 'move_mount', ['from_dirfd', 'dirfd'], ['from_pathname', 'str'], ['to_dirfd', 'dirfd'], ['to_pathname', 'str'], ['flags', 'flags']),
  sc(430, 'fsopen', ['fsname', 'str'], ['flags', 'flags']),
  sc(431, 'fsconfig', ['fd', 'fd'], ['cmd', 'uint'], ['key', 'str'], ['value', 'ptr'], ['aux', 'int']),
  sc(432, 'fsmount', ['fd', 'fd'], ['flags', 'flags'], ['attr_flags', 'flags']),
  sc(433, 'fspick', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags']),
  sc(434, 'pidfd_open', ['pid', 'pid'], ['flags', 'flags']),
  sc(435, 'clone3', ['cl_args', 'ptr'], ['size', 'size']),
  sc(436, 'close_range', ['first', 'fd'], ['last', 'fd'], ['flags', 'flags']),
  sc(437, 'openat2', ['dirfd', 'dirfd'], ['pathname', 'str'], ['how', 'ptr'], ['size', 'size']),
  sc(438, 'pidfd_getfd', ['pidfd', 'fd'], ['targetfd', 'int'], ['flags', 'flags']),
  sc(439, 'faccessat2', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode'], ['flags', 'flags']),
  sc(440, 'process_madvise', ['pidfd', 'fd'], ['iovec', 'ptr'], ['vlen', 'size'], ['advice', 'int'], ['flags', 'flags']),
  sc(441, 'epoll_pwait2', ['epfd', 'fd'], ['events', 'ptr'], ['maxevents', 'int'], ['timeout', 'ptr'], ['sigmask', 'ptr'], ['sigsetsize', 'size']),
  sc(442, 'mount_setattr', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags'], ['attr', 'ptr'], ['size', 'size']),
  sc(443, 'quotactl_fd', ['fd', 'fd'], ['cmd', 'uint'], ['id', 'int'], ['addr', 'ptr']),
  sc(444, 'landlock_create_ruleset', ['attr', 'ptr'], ['size', 'size'], ['flags', 'flags']),
  sc(445, 'landlock_add_rule', ['ruleset_fd', 'fd'], ['rule_type', 'int'], ['rule_attr', 'ptr'], ['flags', 'flags']),
  sc(446, 'landlock_restrict_self', ['ruleset_fd', 'fd'], ['flags', 'flags']),
  sc(447, 'memfd_secret', ['flags', 'flags']),
  sc(448, 'process_mrelease', ['pidfd', 'fd'], ['flags', 'flags']),
  sc(449, 'futex_waitv', ['waiters', 'ptr'], ['nr_futexes', 'uint'], ['flags', 'flags'], ['timeout', 'ptr'], ['clockid', 'clockid']),
  sc(450, 'set_mempolicy_home_node', ['start', 'ptr'], ['len', 'size'], ['home_node', 'uint'], ['flags', 'flags']),
  sc(451, 'cachestat', ['fd', 'fd'], ['cstat_range', 'ptr'], ['cstat', 'ptr'], ['flags', 'flags']),
  sc(452, 'fchmodat2', ['dirfd', 'dirfd'], ['pathname', 'str'], ['mode', 'mode'], ['flags', 'flags']),
  sc(453, 'map_shadow_stack', ['addr', 'ptr'], ['size', 'size'], ['flags', 'flags']),
  sc(454, 'futex_wake', ['uaddr', 'ptr'], ['mask', 'uint'], ['nr', 'int'], ['flags', 'flags']),
  sc(455, 'futex_wait', ['uaddr', 'ptr'], ['val', 'uint'], ['mask', 'uint'], ['flags', 'flags'], ['timeout', 'ptr'], ['clockid', 'clockid']),
  sc(456, 'futex_requeue', ['waiters', 'ptr'], ['flags', 'flags'], ['nr_wake', 'int'], ['nr_requeue', 'int']),
  sc(457, 'statmount', ['req', 'ptr'], ['buf', 'ptr'], ['bufsize', 'size'], ['flags', 'flags']),
  sc(458, 'listmount', ['req', 'ptr'], ['mnt_ids', 'ptr'], ['nr_mnt_ids', 'size'], ['flags', 'flags']),
  sc(459, 'lsm_get_self_attr', ['attr', 'uint'], ['ctx', 'ptr'], ['size', 'ptr'], ['flags', 'flags']),
  sc(460, 'lsm_set_self_attr', ['attr', 'uint'], ['ctx', 'ptr'], ['size', 'size'], ['flags', 'flags']),
  sc(461, 'lsm_list_modules', ['ids', 'ptr'], ['size', 'ptr'], ['flags', 'flags']),
  sc(462, 'mseal', ['addr', 'ptr'], ['len', 'size'], ['flags', 'flags']),
  sc(463, 'setxattrat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['at_flags', 'flags'], ['name', 'str'], ['args', 'ptr'], ['size', 'size']),
  sc(464, 'getxattrat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['at_flags', 'flags'], ['name', 'str'], ['args', 'ptr'], ['size', 'size']),
  sc(465, 'listxattrat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['at_flags', 'flags'], ['list', 'buf'], ['size', 'size']),
  sc(466, 'removexattrat', ['dirfd', 'dirfd'], ['pathname', 'str'], ['at_flags', 'flags'], ['name', 'str']),
  sc(467, 'open_tree_attr', ['dirfd', 'dirfd'], ['pathname', 'str'], ['flags', 'flags'], ['attr', 'ptr'], ['size', 'size']),
  sc(468, 'file_getattr', ['dirfd', 'dirfd'], ['pathname', 'str'], ['fattr', 'ptr'], ['size', 'size'], ['at_flags', 'flags']),
  sc(469, 'file_setattr', ['dirfd', 'dirfd'], ['pathname', 'str'], ['fattr', 'ptr'], ['size', 'size'], ['at_flags', 'flags']),
  sc(470, 'listns', ['req', 'ptr'], ['ns_ids', 'ptr'], ['nr_ns_ids', 'size'], ['flags', 'flags']),
];

/**
 * Familiar names (other architectures' syscalls, libc functions, time32 and 32-bit-offset
 * variants) mapped to the riscv32 syscall that does the job, so `break syscall fork` or
 * `trace stat` in the debugger catches what libc actually emits.
 */
export const SYSCALL_ALIASES: ReadonlyMap<string, string> = new Map([
  // Processes: libc builds fork, vfork and pthread_create on clone; every wait on waitid.
  ['fork', 'clone'], ['vfork', 'clone'], ['wait', 'waitid'], ['wait3', 'waitid'],
  ['wait4', 'waitid'], ['waitpid', 'waitid'], ['getpgrp', 'getpgid'], ['setpgrp', 'setpgid'],
  ['_exit', 'exit_group'],
  // Files: the *at forms replaced the path-only calls in asm-generic.
  ['open', 'openat'], ['creat', 'openat'], ['mkdir', 'mkdirat'], ['mknod', 'mknodat'],
  ['unlink', 'unlinkat'], ['rmdir', 'unlinkat'], ['rename', 'renameat2'], ['renameat', 'renameat2'],
  ['link', 'linkat'], ['symlink', 'symlinkat'], ['readlink', 'readlinkat'], ['access', 'faccessat'],
  ['chmod', 'fchmodat'], ['chown', 'fchownat'], ['lchown', 'fchownat'], ['umount', 'umount2'],
  ['getdents', 'getdents64'], ['pipe', 'pipe2'], ['dup2', 'dup3'],
  ['stat', 'statx'], ['lstat', 'statx'], ['fstat', 'statx'], ['fstatat', 'statx'],
  ['newfstatat', 'statx'], ['stat64', 'statx'], ['lstat64', 'statx'], ['fstat64', 'statx'],
  ['fstatat64', 'statx'],
  // 32-bit-offset names: riscv32 only has the 64-bit-offset variants.
  ['lseek', '_llseek'], ['llseek', '_llseek'], ['fcntl', 'fcntl64'], ['statfs', 'statfs64'],
  ['fstatfs', 'fstatfs64'], ['truncate', 'truncate64'], ['ftruncate', 'ftruncate64'],
  ['sendfile', 'sendfile64'], ['fadvise64', 'fadvise64_64'], ['posix_fadvise', 'fadvise64_64'],
  ['mmap', 'mmap2'], ['pread', 'pread64'], ['pwrite', 'pwrite64'],
  // Time: no time32 calls exist, so these all land on the *_time64 / *64 numbers.
  ['time', 'clock_gettime64'], ['gettimeofday', 'clock_gettime64'],
  ['clock_gettime', 'clock_gettime64'], ['settimeofday', 'clock_settime64'],
  ['stime', 'clock_settime64'], ['clock_settime', 'clock_settime64'],
  ['adjtimex', 'clock_adjtime64'], ['clock_adjtime', 'clock_adjtime64'],
  ['clock_getres', 'clock_getres_time64'], ['sleep', 'clock_nanosleep_time64'],
  ['usleep', 'clock_nanosleep_time64'], ['nanosleep', 'clock_nanosleep_time64'],
  ['clock_nanosleep', 'clock_nanosleep_time64'], ['timer_gettime', 'timer_gettime64'],
  ['timer_settime', 'timer_settime64'], ['timerfd_gettime', 'timerfd_gettime64'],
  ['timerfd_settime', 'timerfd_settime64'], ['utimensat', 'utimensat_time64'],
  ['utime', 'utimensat_time64'], ['utimes', 'utimensat_time64'], ['futimes', 'utimensat_time64'],
  ['select', 'pselect6_time64'], ['pselect', 'pselect6_time64'], ['pselect6', 'pselect6_time64'],
  ['poll', 'ppoll_time64'], ['ppoll', 'ppoll_time64'], ['io_getevents', 'io_pgetevents_time64'],
  ['io_pgetevents', 'io_pgetevents_time64'], ['recvmmsg', 'recvmmsg_time64'],
  ['mq_timedsend', 'mq_timedsend_time64'], ['mq_send', 'mq_timedsend_time64'],
  ['mq_timedreceive', 'mq_timedreceive_time64'], ['mq_receive', 'mq_timedreceive_time64'],
  ['semtimedop', 'semtimedop_time64'], ['rt_sigtimedwait', 'rt_sigtimedwait_time64'],
  ['sigtimedwait', 'rt_sigtimedwait_time64'], ['sigwaitinfo', 'rt_sigtimedwait_time64'],
  ['futex', 'futex_time64'], ['sched_rr_get_interval', 'sched_rr_get_interval_time64'],
  ['alarm', 'setitimer'],
  // Resource limits: getrlimit/setrlimit are LP64-only.
  ['getrlimit', 'prlimit64'], ['setrlimit', 'prlimit64'], ['ugetrlimit', 'prlimit64'],
  // Signals and descriptors created by the older one-argument forms.
  ['signal', 'rt_sigaction'], ['sigaction', 'rt_sigaction'], ['sigprocmask', 'rt_sigprocmask'],
  ['sigpending', 'rt_sigpending'], ['sigsuspend', 'rt_sigsuspend'], ['sigreturn', 'rt_sigreturn'],
  ['epoll_create', 'epoll_create1'], ['epoll_wait', 'epoll_pwait'], ['eventfd', 'eventfd2'],
  ['inotify_init', 'inotify_init1'], ['signalfd', 'signalfd4'],
]);

const BY_NUMBER = new Map<number, SyscallSpec>(SYSCALLS.map((s) => [s.nr, s]));
const BY_NAME = new Map<string, SyscallSpec>(SYSCALLS.map((s) => [s.name, s]));

export function syscallByNumber(nr: number): SyscallSpec | undefined {
  return BY_NUMBER.get(nr);
}

export function syscallByName(name: string): SyscallSpec | undefined {
  return BY_NAME.get(name);
}

/**
 * Resolves what a user types at a breakpoint or trace filter: a real name, a C-style prefixed
 * name (`SYS_write`, `__NR_write`, `sys_write`) or an alias from SYSCALL_ALIASES.
 */
export function resolveSyscallName(nameOrAlias: string): SyscallSpec | undefined {
  const bare = nameOrAlias.trim().replace(/^(?:__NR_|SYS_|sys_)/, '').toLowerCase();
  const direct = BY_NAME.get(bare);
  if (direct) return direct;
  const target = SYSCALL_ALIASES.get(bare);
  return target === undefined ? undefined : BY_NAME.get(target);
}

/**
 * The spec for a name the caller knows exists (kernel dispatch setup, generated libc stubs);
 * throws instead of returning undefined so a typo fails at start-up, not at the first call.
 */
export function requireSyscall(name: string): SyscallSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`no riscv32 syscall named ${name}`);
  return spec;
}
