// pipe2: a new pipe's read and write ends at the two lowest free descriptors (pipe.ts holds the
// pipe itself). O_NONBLOCK and O_DIRECT are status flags of both ends, O_CLOEXEC descriptor flags.

import { Errno } from './errno';
import { OpenFile, fdFor } from './file';
import { Pipe } from './pipe';
import type { Process } from './proc';
import type { SyscallHandler } from './syscall';

const O_RDONLY = 0, O_WRONLY = 1, O_NONBLOCK = 0o4000, O_DIRECT = 0o40000, O_CLOEXEC = 0o2000000;

export const PIPE_SYSCALLS: Record<string, SyscallHandler> = {
  pipe2: ({ kernel, process }, [fds, flags]) => {
    if (flags & ~(O_NONBLOCK | O_CLOEXEC | O_DIRECT)) return -Errno.EINVAL;
    const pipe = new Pipe(kernel.inodes.nextPipe());
    const target = `pipe:[${pipe.inode}]`;
    const status = flags & (O_NONBLOCK | O_DIRECT);
    const ends = [new OpenFile({ kind: 'pipe', pipe, end: 'read', target }, O_RDONLY | status), new OpenFile({ kind: 'pipe', pipe, end: 'write', target }, O_WRONLY | status)];
    const numbers = freeFds(process, 2);
    if (numbers === null) return -Errno.EMFILE;
    if (!process.aspace.copyOut(fds >>> 0, new Uint8Array(new Int32Array(numbers).buffer))) return -Errno.EFAULT;
    pipe.readers = pipe.writers = 1;
    numbers.forEach((fd, i) => process.fds.set(fd, fdFor(ends[i], (flags & O_CLOEXEC) !== 0)));
    return 0;
  },
};

/** The `n` lowest free descriptor numbers below RLIMIT_NOFILE, or null. */
function freeFds(process: Process, n: number): number[] | null {
  const limit = process.fdLimit;
  const found: number[] = [];
  for (let fd = 0; fd < limit && found.length < n; fd++) if (!process.fds.has(fd)) found.push(fd);
  return found.length === n ? found : null;
}
