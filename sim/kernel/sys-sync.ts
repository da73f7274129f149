// fsync, fdatasync, sync and syncfs: the caller waits, uninterruptibly, while the dirty pages go
// to the device and the device flushes its cache (fs/writeback.ts says how long, and whether a
// write was lost: its error is fsync's result).

import { Errno } from './errno';
import type { SyscallContext, SyscallHandler, SyscallResult } from './syscall';
import { sleep } from './syscall';
import { fdatasyncFile, fsyncFile, syncAll, type IoWait } from '../fs/writeback';

export const SYNC_SYSCALLS: Record<string, SyscallHandler> = {
  fsync: (ctx, [fd]) => syncFd(ctx, fd, fsyncFile),
  fdatasync: (ctx, [fd]) => syncFd(ctx, fd, fdatasyncFile),
  sync: ({ kernel }) => waitFor(kernel.now(), syncAll(kernel)),
  syncfs: ({ kernel, process }, [fd]) => (process.fds.has(fd) ? waitFor(kernel.now(), syncAll(kernel)) : -Errno.EBADF),
};

function syncFd({ kernel, process }: SyscallContext, fd: number, sync: typeof fsyncFile): SyscallResult {
  const entry = process.fds.get(fd);
  if (!entry) return -Errno.EBADF;
  const object = entry.file.object;
  if (object.kind !== 'file') return -Errno.EINVAL;
  kernel.io.fsyncs++;
  return waitFor(kernel.now(), sync(kernel, object.inode));
}

// The device's times count from the kernel's clock (the furthest hart), so the wait does too.
function waitFor(now: number, wait: IoWait): SyscallResult {
  return wait.cycles > 0 ? sleep({ kind: 'disk' }, now + wait.cycles, wait.result) : wait.result;
}
