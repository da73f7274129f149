// Symbolic names for flag words and enumerations, as strace's xlat tables spell them for
// riscv32 (asm-generic values), and the two ways strace prints them: a bit set joined with `|`
// (leftover bits in hex) and a single value (unknown values in hex with a `/* NAME_??? */`).

import { signalName } from '../signal';
import { hex, octalMode } from './quote';

export type Xlat = readonly (readonly [value: number, name: string])[];

/** Bits joined with `|`, largest named groups first as listed; `zero` names the empty set. */
export function flagsText(table: Xlat, value: number, zero = '0'): string {
  let rest = value >>> 0;
  if (rest === 0) return zero;
  const parts: string[] = [];
  for (const [bits, name] of table) {
    if (bits !== 0 && (rest & bits) >>> 0 === bits >>> 0) {
      parts.push(name);
      rest = (rest & ~bits) >>> 0;
    }
  }
  if (rest !== 0) parts.push(hex(rest));
  return parts.join('|');
}

/** One value's name, or the number in hex followed by strace's PREFIX_??? comment. */
export function xlatText(table: Xlat, value: number, unknownComment: string): string {
  const hit = table.find(([v]) => v === value);
  return hit ? hit[1] : `${hex(value)} /* ${unknownComment} */`;
}

// Access modes first (they are values, not bits), then the flag bits (include/uapi/asm-generic/fcntl.h).
const OPEN_ACCESS: Xlat = [[0, 'O_RDONLY'], [1, 'O_WRONLY'], [2, 'O_RDWR'], [3, 'O_ACCMODE']];
// In strace's order, which is not the bits' order (checked against strace 6.1): O_DIRECTORY and
// FASYNC (its name for O_ASYNC) come last; O_SYNC before O_DSYNC and O_TMPFILE before
// O_DIRECTORY, as each contains the other's bits.
const OPEN_FLAGS: Xlat = [
  [0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'], [0o4010000, 'O_SYNC'], [0o4000000, '__O_SYNC'], [0o10000, 'O_DSYNC'], [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'], [0o400000, 'O_NOFOLLOW'], [0o1000000, 'O_NOATIME'], [0o2000000, 'O_CLOEXEC'],
  [0o10000000, 'O_PATH'], [0o20200000, 'O_TMPFILE'], [0o20000000, '__O_TMPFILE'], [0o200000, 'O_DIRECTORY'], [0o20000, 'FASYNC'],
];
export const O_CREAT = 0o100;
/** The bit O_TMPFILE adds to O_DIRECTORY; strace shows open's mode whenever it is set. */
export const __O_TMPFILE = 0o20000000;

/** open/openat flags: `O_RDONLY|O_CLOEXEC`. */
export function openFlagsText(flags: number): string {
  const rest = (flags & ~3) >>> 0;
  const access = OPEN_ACCESS[flags & 3][1];
  return rest === 0 ? access : `${access}|${flagsText(OPEN_FLAGS, rest)}`;
}

/** Flags that take only O_CLOEXEC/O_NONBLOCK (pipe2, dup3, eventfd2...). */
export function fdFlagsText(flags: number): string {
  return flagsText(OPEN_FLAGS, flags);
}

/** F_GETFD's result and F_SETFD's argument. */
export const FD_FLAGS: Xlat = [[1, 'FD_CLOEXEC']];

/** fcntl commands (include/uapi/asm-generic/fcntl.h with 32-bit longs, linux/fcntl.h). */
export const FCNTL_COMMANDS: Xlat = [
  [0, 'F_DUPFD'], [1, 'F_GETFD'], [2, 'F_SETFD'], [3, 'F_GETFL'], [4, 'F_SETFL'], [5, 'F_GETLK'], [6, 'F_SETLK'],
  [7, 'F_SETLKW'], [8, 'F_SETOWN'], [9, 'F_GETOWN'], [10, 'F_SETSIG'], [11, 'F_GETSIG'], [12, 'F_GETLK64'],
  [13, 'F_SETLK64'], [14, 'F_SETLKW64'], [15, 'F_SETOWN_EX'], [16, 'F_GETOWN_EX'], [17, 'F_GETOWNER_UIDS'],
  [36, 'F_OFD_GETLK'], [37, 'F_OFD_SETLK'], [38, 'F_OFD_SETLKW'], [1024, 'F_SETLEASE'], [1025, 'F_GETLEASE'],
  [1026, 'F_NOTIFY'], [1029, 'F_CANCELLK'], [1030, 'F_DUPFD_CLOEXEC'], [1031, 'F_SETPIPE_SZ'], [1032, 'F_GETPIPE_SZ'],
  [1033, 'F_ADD_SEALS'], [1034, 'F_GET_SEALS'],
];

/** access/faccessat modes: F_OK is the empty set. */
export const ACCESS_MODES: Xlat = [[4, 'R_OK'], [2, 'W_OK'], [1, 'X_OK']];
export const FACCESSAT_FLAGS: Xlat = [[0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_EACCESS'], [0x1000, 'AT_EMPTY_PATH']];
export const UNLINKAT_FLAGS: Xlat = [[0x200, 'AT_REMOVEDIR']];
export const RENAME_FLAGS: Xlat = [[1, 'RENAME_NOREPLACE'], [2, 'RENAME_EXCHANGE'], [4, 'RENAME_WHITEOUT']];

/** poll events (include/uapi/asm-generic/poll.h). */
export const POLL_EVENTS: Xlat = [
  [0x1, 'POLLIN'], [0x2, 'POLLPRI'], [0x4, 'POLLOUT'], [0x8, 'POLLERR'], [0x10, 'POLLHUP'], [0x20, 'POLLNVAL'],
  [0x40, 'POLLRDNORM'], [0x80, 'POLLRDBAND'], [0x100, 'POLLWRNORM'], [0x200, 'POLLWRBAND'], [0x400, 'POLLMSG'],
  [0x1000, 'POLLREMOVE'], [0x2000, 'POLLRDHUP'], [0x8000, 'POLL_BUSY_LOOP'],
];

export const ITIMER_WHICH: Xlat = [[0, 'ITIMER_REAL'], [1, 'ITIMER_VIRTUAL'], [2, 'ITIMER_PROF']];

export const PROT: Xlat = [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC'], [0x8, 'PROT_SEM'], [0x01000000, 'PROT_GROWSDOWN'], [0x02000000, 'PROT_GROWSUP']];

const MAP_TYPES: Xlat = [[1, 'MAP_SHARED'], [2, 'MAP_PRIVATE'], [3, 'MAP_SHARED_VALIDATE']];
// strace's order (checked against strace 6.1), not the bits'.
const MAP_FLAGS: Xlat = [
  [0x10, 'MAP_FIXED'], [0x20, 'MAP_ANONYMOUS'], [0x4000, 'MAP_NORESERVE'], [0x8000, 'MAP_POPULATE'],
  [0x10000, 'MAP_NONBLOCK'], [0x100, 'MAP_GROWSDOWN'], [0x800, 'MAP_DENYWRITE'], [0x1000, 'MAP_EXECUTABLE'],
  [0x2000, 'MAP_LOCKED'], [0x20000, 'MAP_STACK'], [0x40000, 'MAP_HUGETLB'], [0x80000, 'MAP_SYNC'],
  [0x100000, 'MAP_FIXED_NOREPLACE'],
];

/** mmap flags: the mapping type (a value in the low four bits), then the flag bits. */
export function mapFlagsText(flags: number): string {
  const type = flags & 0xf;
  const typeText = MAP_TYPES.find(([v]) => v === type)?.[1] ?? `${hex(type)} /* MAP_??? */`;
  const rest = (flags & ~0xf) >>> 0;
  return rest === 0 ? typeText : `${typeText}|${flagsText(MAP_FLAGS, rest)}`;
}

export const CLONE_FLAGS: Xlat = [
  [0x100, 'CLONE_VM'], [0x200, 'CLONE_FS'], [0x400, 'CLONE_FILES'], [0x800, 'CLONE_SIGHAND'],
  [0x1000, 'CLONE_PIDFD'], [0x2000, 'CLONE_PTRACE'], [0x4000, 'CLONE_VFORK'], [0x8000, 'CLONE_PARENT'],
  [0x10000, 'CLONE_THREAD'], [0x20000, 'CLONE_NEWNS'], [0x40000, 'CLONE_SYSVSEM'], [0x80000, 'CLONE_SETTLS'],
  [0x100000, 'CLONE_PARENT_SETTID'], [0x200000, 'CLONE_CHILD_CLEARTID'], [0x400000, 'CLONE_DETACHED'],
  [0x800000, 'CLONE_UNTRACED'], [0x1000000, 'CLONE_CHILD_SETTID'], [0x2000000, 'CLONE_NEWCGROUP'],
  [0x4000000, 'CLONE_NEWUTS'], [0x8000000, 'CLONE_NEWIPC'], [0x10000000, 'CLONE_NEWUSER'],
  [0x20000000, 'CLONE_NEWPID'], [0x40000000, 'CLONE_NEWNET'], [0x80000000, 'CLONE_IO'],
];
export const CLONE_PARENT_SETTID = 0x100000;
export const CLONE_PIDFD = 0x1000;
export const CLONE_SETTLS = 0x80000;
export const CLONE_CHILD_SETTID = 0x1000000;
export const CLONE_CHILD_CLEARTID = 0x200000;

/** clone flags with the exit signal in the low byte: `CLONE_VM|CLONE_VFORK|SIGCHLD`. */
export function cloneFlagsText(flags: number): string {
  const signal = flags & 0xff;
  const rest = (flags & ~0xff) >>> 0;
  const parts = rest === 0 ? [] : [flagsText(CLONE_FLAGS, rest)];
  if (signal !== 0) parts.push(signalName(signal));
  return parts.length === 0 ? '0' : parts.join('|');
}

const FUTEX_OPS = ['FUTEX_WAIT', 'FUTEX_WAKE', 'FUTEX_FD', 'FUTEX_REQUEUE', 'FUTEX_CMP_REQUEUE', 'FUTEX_WAKE_OP', 'FUTEX_LOCK_PI', 'FUTEX_UNLOCK_PI', 'FUTEX_TRYLOCK_PI', 'FUTEX_WAIT_BITSET', 'FUTEX_WAKE_BITSET', 'FUTEX_WAIT_REQUEUE_PI', 'FUTEX_CMP_REQUEUE_PI', 'FUTEX_LOCK_PI2'];
export const FUTEX_PRIVATE_FLAG = 128;
export const FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/** futex op: `FUTEX_WAIT_PRIVATE`, `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`. */
export function futexOpText(op: number): string {
  const cmd = op & FUTEX_CMD_MASK;
  const name = FUTEX_OPS[cmd];
  if (name === undefined) return hex(op >>> 0) + ' /* FUTEX_??? */';
  const base = name + (op & FUTEX_PRIVATE_FLAG ? '_PRIVATE' : '');
  return op & FUTEX_CLOCK_REALTIME ? `${base}|FUTEX_CLOCK_REALTIME` : base;
}

export const WAIT_IDTYPES: Xlat = [[0, 'P_ALL'], [1, 'P_PID'], [2, 'P_PGID'], [3, 'P_PIDFD']];
export const WAIT_OPTIONS: Xlat = [
  [1, 'WNOHANG'], [4, 'WEXITED'], [2, 'WSTOPPED'], [8, 'WCONTINUED'], [0x01000000, 'WNOWAIT'],
  [0x20000000, '__WNOTHREAD'], [0x40000000, '__WALL'], [0x80000000, '__WCLONE'],
];

export const CLOCK_IDS: Xlat = [
  [0, 'CLOCK_REALTIME'], [1, 'CLOCK_MONOTONIC'], [2, 'CLOCK_PROCESS_CPUTIME_ID'], [3, 'CLOCK_THREAD_CPUTIME_ID'],
  [4, 'CLOCK_MONOTONIC_RAW'], [5, 'CLOCK_REALTIME_COARSE'], [6, 'CLOCK_MONOTONIC_COARSE'], [7, 'CLOCK_BOOTTIME'],
  [8, 'CLOCK_REALTIME_ALARM'], [9, 'CLOCK_BOOTTIME_ALARM'], [11, 'CLOCK_TAI'],
];
export const TIMER_FLAGS: Xlat = [[1, 'TIMER_ABSTIME']];

export const RLIMIT_RESOURCES: Xlat = [
  [0, 'RLIMIT_CPU'], [1, 'RLIMIT_FSIZE'], [2, 'RLIMIT_DATA'], [3, 'RLIMIT_STACK'], [4, 'RLIMIT_CORE'],
  [5, 'RLIMIT_RSS'], [6, 'RLIMIT_NPROC'], [7, 'RLIMIT_NOFILE'], [8, 'RLIMIT_MEMLOCK'], [9, 'RLIMIT_AS'],
  [10, 'RLIMIT_LOCKS'], [11, 'RLIMIT_SIGPENDING'], [12, 'RLIMIT_MSGQUEUE'], [13, 'RLIMIT_NICE'],
  [14, 'RLIMIT_RTPRIO'], [15, 'RLIMIT_RTTIME'],
];

export const SIGPROCMASK_HOW: Xlat = [[0, 'SIG_BLOCK'], [1, 'SIG_UNBLOCK'], [2, 'SIG_SETMASK']];
// riscv defines no SA_RESTORER (its handlers return through the kernel's trampoline), so strace
// built for riscv shows that bit as a number; SA_INTERRUPT is glibc's historical no-op.
export const SA_FLAGS: Xlat = [
  [0x08000000, 'SA_ONSTACK'], [0x10000000, 'SA_RESTART'], [0x20000000, 'SA_INTERRUPT'], [0x40000000, 'SA_NODEFER'],
  [0x80000000, 'SA_RESETHAND'], [4, 'SA_SIGINFO'], [1, 'SA_NOCLDSTOP'], [2, 'SA_NOCLDWAIT'],
];

export const SEEK_WHENCE: Xlat = [[0, 'SEEK_SET'], [1, 'SEEK_CUR'], [2, 'SEEK_END'], [3, 'SEEK_DATA'], [4, 'SEEK_HOLE']];

/** ioctl requests on terminals (include/uapi/asm-generic/ioctls.h). */
export const IOCTL_REQUESTS: Xlat = [
  [0x5401, 'TCGETS'], [0x5402, 'TCSETS'], [0x5403, 'TCSETSW'], [0x5404, 'TCSETSF'], [0x5409, 'TCSBRK'],
  [0x540a, 'TCXONC'], [0x540b, 'TCFLSH'], [0x540e, 'TIOCSCTTY'], [0x540f, 'TIOCGPGRP'], [0x5410, 'TIOCSPGRP'],
  [0x540c, 'TIOCEXCL'], [0x540d, 'TIOCNXCL'], [0x5411, 'TIOCOUTQ'], [0x5412, 'TIOCSTI'], [0x5413, 'TIOCGWINSZ'],
  [0x5414, 'TIOCSWINSZ'], [0x541b, 'FIONREAD'], [0x5421, 'FIONBIO'], [0x5422, 'TIOCNOTTY'], [0x5423, 'TIOCSETD'],
  [0x5424, 'TIOCGETD'], [0x5429, 'TIOCGSID'], [0x5450, 'FIONCLEX'], [0x5451, 'FIOCLEX'], [0x5452, 'FIOASYNC'],
];
export const TCFLSH_QUEUES: Xlat = [[0, 'TCIFLUSH'], [1, 'TCOFLUSH'], [2, 'TCIOFLUSH']];
export const TCXONC_ACTIONS: Xlat = [[0, 'TCOOFF'], [1, 'TCOON'], [2, 'TCIOFF'], [3, 'TCION']];

export const AT_FLAGS: Xlat = [
  [0x100, 'AT_SYMLINK_NOFOLLOW'], [0x200, 'AT_REMOVEDIR'], [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x800, 'AT_NO_AUTOMOUNT'], [0x1000, 'AT_EMPTY_PATH'], [0x8000, 'AT_RECURSIVE'],
];
const AT_STATX_SYNC_TYPES: Xlat = [[0, 'AT_STATX_SYNC_AS_STAT'], [0x2000, 'AT_STATX_FORCE_SYNC'], [0x4000, 'AT_STATX_DONT_SYNC']];

/** statx flags: the sync type first (a value), then the AT_* bits, as strace orders them. */
export function statxFlagsText(flags: number): string {
  const sync = xlatText(AT_STATX_SYNC_TYPES, flags & 0x6000, 'AT_STATX_???');
  const rest = (flags & ~0x6000) >>> 0;
  return rest === 0 ? sync : `${sync}|${flagsText(AT_FLAGS, rest)}`;
}

export const STATX_MASK: Xlat = [
  [0xfff, 'STATX_ALL'], [0x7ff, 'STATX_BASIC_STATS'], [1, 'STATX_TYPE'], [2, 'STATX_MODE'], [4, 'STATX_NLINK'],
  [8, 'STATX_UID'], [0x10, 'STATX_GID'], [0x20, 'STATX_ATIME'], [0x40, 'STATX_MTIME'], [0x80, 'STATX_CTIME'],
  [0x100, 'STATX_INO'], [0x200, 'STATX_SIZE'], [0x400, 'STATX_BLOCKS'], [0x800, 'STATX_BTIME'],
  [0x1000, 'STATX_MNT_ID'], [0x2000, 'STATX_DIOALIGN'], [0x4000, 'STATX_MNT_ID_UNIQUE'], [0x8000, 'STATX_SUBVOL'],
  [0x10000, 'STATX_WRITE_ATOMIC'],
];

const FILE_TYPES: Xlat = [
  [0o140000, 'S_IFSOCK'], [0o120000, 'S_IFLNK'], [0o100000, 'S_IFREG'], [0o60000, 'S_IFBLK'],
  [0o40000, 'S_IFDIR'], [0o20000, 'S_IFCHR'], [0o10000, 'S_IFIFO'],
];

/** A st_mode: `S_IFREG|0644`. */
export function fileModeText(mode: number): string {
  const type = FILE_TYPES.find(([v]) => v === (mode & 0o170000))?.[1];
  const perms = octalMode(mode & 0o7777);
  return type ? `${type}|${perms}` : perms;
}

export const AT_FDCWD = -100;
