// read and write on the console's descriptors. On a terminal all three are the same read-write
// device (writing to fd 0 prints, as on Linux); without one, stdin is a read-only pipe and stdout
// and stderr write-only ones. Files, pipes and sockets arrive with Kernel II.

import { Errno } from './errno';
import { sleep, type SyscallHandler } from './syscall';

/** The largest single transfer, as Linux caps read/write at MAX_RW_COUNT. */
const MAX_RW = 0x7ffff000;

export const IO_SYSCALLS: Record<string, SyscallHandler> = {
  write: ({ kernel, process }, [fd, buf, count]) => {
    const entry = process.fds.get(fd);
    const tty = entry !== undefined && kernel.config.tty[entry.stream];
    if (!entry || (entry.stream === 0 && !tty)) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    if (length === 0) return 0;
    const bytes = process.aspace.copyIn(buf >>> 0, length);
    if (bytes === null) return -Errno.EFAULT;
    kernel.console.write(entry.stream === 0 ? 1 : entry.stream, bytes);
    return length;
  },
  read: ({ kernel, process }, [fd, buf, count]) => {
    const entry = process.fds.get(fd);
    if (!entry || (entry.stream !== 0 && !kernel.config.tty[entry.stream])) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    if (length === 0) return 0;
    const input = kernel.console.read(length);
    if (input === null) return sleep({ kind: 'console-input' });
    if (!process.aspace.copyOut(buf >>> 0, input)) return -Errno.EFAULT;
    return input.length;
  },
};
