// The terminal's data path: what read and write do on fds that are the console (a terminal, or
// the pipes the host's stdin/stdout are when it has none). The host console supplies bytes; the
// line discipline that edits and echoes them lives here too once the kernel owns one.

import { Errno } from './errno';
import type { ConsoleStream } from './file';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { sleep, type SyscallResult } from './syscall';

export function writeConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  if (stream.stream === 0 && !kernel.config.tty[0]) return -Errno.EBADF;
  if (length === 0) return 0;
  const bytes = process.aspace.copyIn(buf, length);
  if (bytes === null) return -Errno.EFAULT;
  kernel.console.write(stream.stream === 0 ? 1 : stream.stream, bytes);
  return length;
}

export function readConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  if (stream.stream !== 0 && !kernel.config.tty[stream.stream]) return -Errno.EBADF;
  if (length === 0) return 0;
  const input = kernel.console.read(length);
  if (input === null) return sleep({ kind: 'console-input' });
  if (!process.aspace.copyOut(buf, input)) return -Errno.EFAULT;
  return input.length;
}
