// The file descriptor table: close, dup, dup3 and fcntl64 (descriptor flags, status flags and
// F_DUPFD), with RLIMIT_NOFILE bounding the numbers. Kernel I's descriptors are the console's;
// the table itself is the one files, pipes and sockets will use.

import { Errno } from './errno';
import type { FdEntry, Process } from './proc';
import { RLIMIT } from './rlimit';
import type { SyscallHandler } from './syscall';

const O_ACCMODE = 3, O_APPEND = 0o2000, O_NONBLOCK = 0o4000, O_DIRECT = 0o40000, O_NOATIME = 0o1000000;
const O_CLOEXEC = 0o2000000, FASYNC = 0o20000;
const SETTABLE_FLAGS = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC;
const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;

export const FD_SYSCALLS: Record<string, SyscallHandler> = {
  close: ({ process }, [fd]) => (process.fds.delete(fd) ? 0 : -Errno.EBADF),
  dup: ({ process }, [fd]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    return install(process, entry, 0, false) ?? -Errno.EMFILE;
  },
  dup3: ({ process }, [oldfd, newfd, flags]) => {
    const entry = process.fds.get(oldfd);
    if (flags & ~O_CLOEXEC || oldfd === newfd) return -Errno.EINVAL;
    if (!entry || newfd < 0 || newfd >= fdLimit(process)) return -Errno.EBADF;
    process.fds.set(newfd, { ...entry, cloexec: (flags & O_CLOEXEC) !== 0 });
    return newfd;
  },
  fcntl64: ({ process }, [fd, cmd, arg]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    switch (cmd) {
      case F_DUPFD:
      case F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= fdLimit(process)) return -Errno.EINVAL;
        return install(process, entry, arg, cmd === F_DUPFD_CLOEXEC) ?? -Errno.EMFILE;
      case F_GETFD:
        return entry.cloexec ? FD_CLOEXEC : 0;
      case F_SETFD:
        entry.cloexec = (arg & FD_CLOEXEC) !== 0;
        return 0;
      case F_GETFL:
        return entry.flags;
      case F_SETFL:
        entry.flags = (entry.flags & (O_ACCMODE | ~SETTABLE_FLAGS)) | (arg & SETTABLE_FLAGS);
        return 0;
      default:
        return -Errno.EINVAL;
    }
  },
};

/** The open-files limit: descriptors must be below RLIMIT_NOFILE's soft value. */
function fdLimit(process: Process): number {
  return process.rlimits.soft(RLIMIT.NOFILE);
}

/** Puts a copy of `entry` at the lowest free descriptor ≥ `from`; null when none is below the limit. */
function install(process: Process, entry: FdEntry, from: number, cloexec: boolean): number | null {
  const limit = fdLimit(process);
  let fd = from;
  while (process.fds.has(fd)) fd++;
  if (fd >= limit) return null;
  process.fds.set(fd, { ...entry, cloexec });
  return fd;
}
