// The file descriptor table: close, dup, dup3 and fcntl64 (descriptor flags, status flags and
// F_DUPFD), with RLIMIT_NOFILE bounding the numbers. A duplicate shares the open file (its
// status flags) and has its own close-on-exec flag (see file.ts).

import { Errno } from './errno';
import { closeFd, fdFor, type FdEntry } from './file';
import type { Process } from './proc';
import type { SyscallHandler } from './syscall';

const O_ACCMODE = 3, O_APPEND = 0o2000, O_NONBLOCK = 0o4000, O_DIRECT = 0o40000, O_NOATIME = 0o1000000;
const O_CLOEXEC = 0o2000000, FASYNC = 0o20000;
const SETTABLE_FLAGS = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC;
const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;

export const FD_SYSCALLS: Record<string, SyscallHandler> = {
  close: ({ kernel, process }, [fd]) => (closeFd(kernel, process, fd) ? 0 : -Errno.EBADF),
  dup: ({ process }, [fd]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    return install(process, entry, 0, false) ?? -Errno.EMFILE;
  },
  dup3: ({ kernel, process }, [oldfd, newfd, flags]) => {
    const entry = process.fds.get(oldfd);
    if (flags & ~O_CLOEXEC || oldfd === newfd) return -Errno.EINVAL;
    if (!entry || newfd < 0 || newfd >= process.fdLimit) return -Errno.EBADF;
    const copy = fdFor(entry.file, (flags & O_CLOEXEC) !== 0);
    closeFd(kernel, process, newfd);
    process.fds.set(newfd, copy);
    return newfd;
  },
  fcntl64: ({ process }, [fd, cmd, arg]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    switch (cmd) {
      case F_DUPFD:
      case F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= process.fdLimit) return -Errno.EINVAL;
        return install(process, entry, arg, cmd === F_DUPFD_CLOEXEC) ?? -Errno.EMFILE;
      case F_GETFD:
        return entry.cloexec ? FD_CLOEXEC : 0;
      case F_SETFD:
        entry.cloexec = (arg & FD_CLOEXEC) !== 0;
        return 0;
      case F_GETFL:
        return entry.file.flags;
      case F_SETFL:
        entry.file.flags = (entry.file.flags & (O_ACCMODE | ~SETTABLE_FLAGS)) | (arg & SETTABLE_FLAGS);
        return 0;
      default:
        return -Errno.EINVAL;
    }
  },
};

/** Puts a copy of `entry` at the lowest free descriptor ≥ `from`; null when none is below the limit. */
function install(process: Process, entry: FdEntry, from: number, cloexec: boolean): number | null {
  let fd = from;
  while (process.fds.has(fd)) fd++;
  if (fd >= process.fdLimit) return null;
  process.fds.set(fd, fdFor(entry.file, cloexec));
  return fd;
}
