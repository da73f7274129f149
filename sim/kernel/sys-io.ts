// read and write. The console's descriptors: on a terminal all three are the same read-write
// device (writing to fd 0 prints, as on Linux); without one, stdin is a read-only pipe and stdout
// and stderr write-only ones. Pipes are pipe.ts's; files and sockets arrive with the VFS and the
// network.

import { Errno } from './errno';
import { readPipe, writePipe } from './pipe';
import type { SyscallHandler } from './syscall';
import { readConsole, writeConsole } from './tty';

/** The largest single transfer, as Linux caps read/write at MAX_RW_COUNT. */
const MAX_RW = 0x7ffff000;

export const IO_SYSCALLS: Record<string, SyscallHandler> = {
  write: ({ kernel, process, thread }, [fd, buf, count]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    const object = entry.file.object;
    if (object.kind === 'pipe') return length === 0 ? 0 : writePipe(kernel, thread, entry, object, buf >>> 0, length);
    return writeConsole(kernel, process, object, buf >>> 0, length);
  },
  read: ({ kernel, process }, [fd, buf, count]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    const length = Math.min(count >>> 0, MAX_RW);
    const object = entry.file.object;
    if (object.kind === 'pipe') return length === 0 ? 0 : readPipe(kernel, process, entry, object, buf >>> 0, length);
    return readConsole(kernel, process, object, buf >>> 0, length);
  },
};
