// read, write and close on the terminal (fds 0–2). The file table, files, pipes and sockets arrive with
// Kernel II; until then every other fd is EBADF.

import { Errno } from './errno';
import { sleep, type SyscallHandler } from './syscall';

/** The largest single transfer, as Linux caps read/write at MAX_RW_COUNT. */
const MAX_RW = 0x7ffff000;

export const IO_SYSCALLS: Record<string, SyscallHandler> = {
  close: ({ process }, [fd]) => (process.fds.delete(fd) ? 0 : -Errno.EBADF),
  write: ({ kernel, process }, [fd, buf, count]) => {
    if ((fd !== 1 && fd !== 2) || !process.fds.has(fd)) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    if (length === 0) return 0;
    const bytes = process.aspace.copyIn(buf >>> 0, length);
    if (bytes === null) return -Errno.EFAULT;
    kernel.console.write(fd, bytes);
    return length;
  },
  read: ({ kernel, process }, [fd, buf, count]) => {
    if (fd !== 0 || !process.fds.has(fd)) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    if (length === 0) return 0;
    const input = kernel.console.read(length);
    if (input === null) return sleep({ kind: 'console-input' });
    if (!process.aspace.copyOut(buf >>> 0, input)) return -Errno.EFAULT;
    return input.length;
  },
};
