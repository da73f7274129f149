// read and write. The console's descriptors: on a terminal all three are the same read-write
// device (writing to fd 0 prints, as on Linux); without one, stdin is a read-only pipe and stdout
// and stderr write-only ones. Pipes are pipe.ts's; files and sockets arrive with the VFS and the
// network.

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { ConsoleStream } from './file';
import type { Process } from './proc';
import { readPipe, writePipe } from './pipe';
import { sleep, type SyscallHandler, type SyscallResult } from './syscall';

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

function writeConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  if (stream.stream === 0 && !kernel.config.tty[0]) return -Errno.EBADF;
  if (length === 0) return 0;
  const bytes = process.aspace.copyIn(buf, length);
  if (bytes === null) return -Errno.EFAULT;
  kernel.console.write(stream.stream === 0 ? 1 : stream.stream, bytes);
  return length;
}

function readConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  if (stream.stream !== 0 && !kernel.config.tty[stream.stream]) return -Errno.EBADF;
  if (length === 0) return 0;
  const input = kernel.console.read(length);
  if (input === null) return sleep({ kind: 'console-input' });
  if (!process.aspace.copyOut(buf, input)) return -Errno.EFAULT;
  return input.length;
}
