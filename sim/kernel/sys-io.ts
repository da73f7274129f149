// read, write and their vectored and positioned forms, and _llseek, for every kind of open file:
// the console (see tty.ts), pipes (pipe.ts), and files opened by path — regular files through
// the page cache (fs/file-data.ts), devices through their driver, /proc files from the text
// their first read generated. A read or write that needed the storage device returns after the
// device's time: the thread sleeps that long, uninterruptibly, as in Linux's D state.

import { Errno } from './errno';
import type { FdEntry, InodeFile } from './file';
import { readPipe, writePipe } from './pipe';
import { sleep, type SyscallContext, type SyscallHandler, type SyscallResult } from './syscall';
import { readConsole, writeConsole } from './tty';
import { readFile, writeFile } from '../fs/file-data';
import { DirectoryInode, GeneratedInode, RegularInode, StreamInode } from '../fs/inode';
import { directRead, directWrite } from '../fs/direct-io';
import { balanceDirtyPages } from '../fs/writeback';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { RLIMIT } from './rlimit';
import { queueSignal } from './sigframe';
import { SIGXFSZ } from './signal';

/** The largest single transfer, as Linux caps read/write at MAX_RW_COUNT. */
const MAX_RW = 0x7ffff000;
const O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_APPEND = 0o2000, O_DIRECT = 0o40000, O_PATH = 0o10000000;
const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;
const IOV_MAX = 1024;

/** Where a transfer happens: at the file position (null) or at an explicit offset (pread/pwrite). */
type Position = number | null;

export const IO_SYSCALLS: Record<string, SyscallHandler> = {
  read: (ctx, [fd, buf, count]) => readFd(ctx, fd, buf >>> 0, Math.min(count >>> 0, MAX_RW), null),
  write: (ctx, [fd, buf, count]) => writeFd(ctx, fd, buf >>> 0, Math.min(count >>> 0, MAX_RW), null),
  pread64: (ctx, [fd, buf, count, lo, hi]) => positioned(ctx, fd, lo, hi, (pos) => readFd(ctx, fd, buf >>> 0, Math.min(count >>> 0, MAX_RW), pos)),
  pwrite64: (ctx, [fd, buf, count, lo, hi]) => positioned(ctx, fd, lo, hi, (pos) => writeFd(ctx, fd, buf >>> 0, Math.min(count >>> 0, MAX_RW), pos)),
  readv: (ctx, [fd, iov, count]) => vectored(ctx, fd, iov >>> 0, count, null, readFd),
  writev: (ctx, [fd, iov, count]) => vectored(ctx, fd, iov >>> 0, count, null, writeFd),
  preadv: (ctx, [fd, iov, count, lo, hi]) => positioned(ctx, fd, lo, hi, (pos) => vectored(ctx, fd, iov >>> 0, count, pos, readFd)),
  pwritev: (ctx, [fd, iov, count, lo, hi]) => positioned(ctx, fd, lo, hi, (pos) => vectored(ctx, fd, iov >>> 0, count, pos, writeFd)),
  _llseek: ({ process }, [fd, high, low, result, whence]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    const object = entry.file.object;
    if (object.kind !== 'file') return -Errno.ESPIPE;
    // /dev/null and /dev/zero have no position: every seek lands on 0 (Linux's null_lseek).
    const offset = object.inode instanceof StreamInode ? 0 : seek(object, (high | 0) * 2 ** 32 + (low >>> 0), whence);
    if (offset < 0) return offset;
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(offset), true);
    if (!process.aspace.copyOut(result >>> 0, bytes)) return -Errno.EFAULT;
    object.offset = offset;
    if (offset === 0) object.listing = null;
    return 0;
  },
};

/** The new position, or an errno. */
function seek(file: InodeFile, offset: number, whence: number): number {
  const inode = file.inode;
  const size = inode instanceof RegularInode ? inode.length : 0;
  let base: number;
  switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = file.offset; break;
    case SEEK_END: base = size; break;
    case SEEK_DATA:
    case SEEK_HOLE:
      if (offset < 0 || offset >= size) return -Errno.ENXIO;
      return whence === SEEK_DATA ? offset : size;
    default: return -Errno.EINVAL;
  }
  const target = base + offset;
  return target < 0 ? -Errno.EINVAL : target;
}

function positioned(ctx: SyscallContext, fd: number, lo: number, hi: number, run: (pos: number) => SyscallResult): SyscallResult {
  const entry = ctx.process.fds.get(fd);
  if (!entry) return -Errno.EBADF;
  if (entry.file.object.kind !== 'file' || entry.file.object.inode instanceof StreamInode) return -Errno.ESPIPE;
  const pos = (hi | 0) * 2 ** 32 + (lo >>> 0);
  return pos < 0 ? -Errno.EINVAL : run(pos);
}

type Transfer1 = (ctx: SyscallContext, fd: number, buf: number, length: number, pos: Position) => SyscallResult;

// Each iovec in turn, stopping at a short transfer. A call that would block before moving
// anything blocks (and restarts whole); once some bytes moved it returns their count.
function vectored(ctx: SyscallContext, fd: number, iov: number, count: number, pos: Position, transfer: Transfer1): SyscallResult {
  if (!ctx.process.fds.has(fd)) return -Errno.EBADF;
  if (count < 0 || count > IOV_MAX) return -Errno.EINVAL;
  const table = ctx.process.aspace.copyIn(iov, count * 8);
  if (table === null) return -Errno.EFAULT;
  const view = new DataView(table.buffer, table.byteOffset);
  let done = 0;
  for (let i = 0; i < count; i++) {
    const base = view.getUint32(i * 8, true), length = view.getUint32(i * 8 + 4, true);
    if (length === 0) continue;
    const result = transfer(ctx, fd, base, length, pos === null ? null : pos + done);
    if (typeof result !== 'number') return done === 0 ? result : done;
    if (result < 0) return done === 0 ? result : done;
    done += result;
    if (result < length) break;
  }
  return done;
}

function readFd({ kernel, process, thread }: SyscallContext, fd: number, buf: number, length: number, pos: Position): SyscallResult {
  const entry = process.fds.get(fd);
  if (!entry) return -Errno.EBADF;
  const object = entry.file.object;
  if (object.kind === 'pipe') return length === 0 ? 0 : readPipe(kernel, process, entry, object, buf, length);
  if (object.kind === 'tty') return readConsole(kernel, process, object, buf, length);
  const mode = entry.file.flags & O_ACCMODE;
  if (mode === O_WRONLY || entry.file.flags & O_PATH) return -Errno.EBADF;
  const inode = object.inode;
  if (inode instanceof DirectoryInode) return -Errno.EISDIR;
  if (inode instanceof StreamInode) return inode.read({ kernel, process, thread }, buf, length);
  const at = pos ?? object.offset;
  let bytes: Uint8Array;
  let cycles = 0;
  if (inode instanceof GeneratedInode) {
    if (at === 0 || object.generated === null) object.generated = inode.generate(kernel, process);
    bytes = object.generated.subarray(Math.min(at, object.generated.length), Math.min(at + length, object.generated.length));
  } else if (inode instanceof RegularInode) {
    const direct = (entry.file.flags & O_DIRECT) !== 0;
    const out = new Uint8Array(direct ? length : Math.max(0, Math.min(length, inode.length - at)));
    const moved = direct ? directRead(kernel, inode, at, buf, out) : readFile(kernel, inode, at, out);
    if (typeof moved === 'number') return moved;
    bytes = out.subarray(0, moved.bytes);
    cycles = moved.cycles;
    inode.atime = kernel.realtimeNs();
  } else return -Errno.EINVAL;
  if (bytes.length > 0 && !process.aspace.copyOut(buf, bytes)) return -Errno.EFAULT;
  if (pos === null) object.offset = at + bytes.length;
  kernel.io.reads++;
  kernel.io.bytesRead += bytes.length;
  return afterDevice(kernel.now(), cycles, bytes.length);
}

function writeFd({ kernel, process, thread }: SyscallContext, fd: number, buf: number, length: number, pos: Position): SyscallResult {
  const entry = process.fds.get(fd);
  if (!entry) return -Errno.EBADF;
  const object = entry.file.object;
  if (object.kind === 'pipe') return length === 0 ? 0 : writePipe(kernel, thread, entry, object, buf, length);
  if (object.kind === 'tty') return writeConsole(kernel, process, object, buf, length);
  const mode = entry.file.flags & O_ACCMODE;
  if (mode === O_RDONLY || entry.file.flags & O_PATH) return -Errno.EBADF;
  const inode = object.inode;
  if (inode instanceof StreamInode) return inode.write({ kernel, process, thread }, buf, length);
  if (length === 0) return 0;
  const bytes = process.aspace.copyIn(buf, length);
  if (bytes === null) return -Errno.EFAULT;
  if (inode instanceof GeneratedInode) return inode.accept(kernel, bytes);
  if (!(inode instanceof RegularInode)) return -Errno.EINVAL;
  // O_APPEND wins even over pwrite's offset: Linux's documented pwrite bug (pwrite(2), BUGS).
  const at = entry.file.flags & O_APPEND ? inode.length : pos ?? object.offset;
  const limited = fileSizeLimit(kernel, process, thread, at, bytes.length);
  if (limited <= 0) return limited < 0 ? limited : -Errno.EFBIG;
  const data = bytes.subarray(0, limited);
  const reserved = entry.file.flags & O_DIRECT ? 0 : inode.reserve(kernel, at, data.length);
  if (reserved < 0) return reserved;
  const moved = entry.file.flags & O_DIRECT ? directWrite(kernel, inode, at, buf, data) : writeFile(kernel, inode, at, data);
  if (typeof moved === 'number') return moved;
  const throttled = entry.file.flags & O_DIRECT ? 0 : balanceDirtyPages(kernel, inode, at, moved.bytes);
  if (pos === null) object.offset = at + moved.bytes;
  kernel.io.writes++;
  kernel.io.bytesWritten += moved.bytes;
  return afterDevice(kernel.now(), moved.cycles + throttled, moved.bytes);
}

/**
 * RLIMIT_FSIZE: how many of `length` bytes at `at` may be written. At or past the limit the
 * writer gets SIGXFSZ (its default action dumps core) and the call fails with EFBIG.
 */
function fileSizeLimit(kernel: Kernel, process: Process, thread: Thread, at: number, length: number): number {
  const limit = process.rlimits.soft(RLIMIT.FSIZE);
  if (at + length <= limit) return length;
  if (at < limit) return limit - at;
  queueSignal(kernel, process, SIGXFSZ, { code: 'SI_USER', senderPid: process.pid, senderUid: process.uid }, thread);
  return 0;
}

/** The result now, or after the device's `cycles` (counted from the kernel's clock, as the device's are) in an uninterruptible sleep. */
function afterDevice(now: number, cycles: number, result: number): SyscallResult {
  return cycles > 0 ? sleep({ kind: 'disk' }, now + cycles, result) : result;
}

export type { FdEntry };
