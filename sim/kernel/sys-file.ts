// Opening files by path (openat) and changing the names in directories: mkdirat, unlinkat,
// renameat2, linkat, symlinkat, and the size of a file (ftruncate64, truncate64). Errors follow
// Linux's order of checks (the path first, then permissions, then the operation's own rules).

import { Errno } from './errno';
import { evictUnlessMapped, fdFor, InodeFile, OpenFile } from './file';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { RLIMIT } from './rlimit';
import { queueSignal } from './sigframe';
import { SIGXFSZ } from './signal';
import { AT_EMPTY_PATH, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, fdInode, startDir, userPath } from './path-args';
import type { SyscallHandler } from './syscall';
import { truncateFile } from '../fs/file-data';
import { DirectoryInode, GeneratedInode, RegularInode, StreamInode, SymlinkInode, type Inode } from '../fs/inode';
import { lookup, resolve } from '../fs/path';
import { MAY_EXEC, MAY_READ, MAY_WRITE, mayAccess } from '../fs/permission';

const O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
const O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_DIRECT = 0o40000;
const O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000, O_PATH = 0o10000000, O_TMPFILE = 0o20000000;
/** Flags open() keeps in the open file (F_GETFL shows them); O_CREAT and friends act once. */
const KEPT_FLAGS = ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
const MAX_FILE = 2 ** 44;

export const FILE_SYSCALLS: Record<string, SyscallHandler> = {
  openat: ({ kernel, process }, [dirfd, pathPtr, flags, mode]) => {
    const path = userPath(process, pathPtr);
    const start = startDir(process, dirfd, path);
    if (typeof path === 'number') return path;
    if (typeof start === 'number') return start;
    return openPath(kernel, process, start, path, flags, mode);
  },
  mkdirat: ({ kernel, process }, [dirfd, pathPtr, mode]) =>
    withParent(kernel, process, dirfd, pathPtr, (dir, name, existing, denied) => {
      if (existing) return -Errno.EEXIST;
      if (denied) return denied;
      const made = dir.create(kernel, name, { type: 'dir', perm: mode & 0o7777 & ~process.umask, owner: ownerOf(process) });
      return typeof made === 'number' ? made : 0;
    }),
  symlinkat: ({ kernel, process }, [targetPtr, dirfd, pathPtr]) => {
    const target = userPath(process, targetPtr);
    if (typeof target === 'number') return target;
    if (target === '') return -Errno.ENOENT;
    return withParent(kernel, process, dirfd, pathPtr, (dir, name, existing, denied) => {
      if (existing) return -Errno.EEXIST;
      if (denied) return denied;
      const made = dir.create(kernel, name, { type: 'lnk', target, owner: ownerOf(process) });
      return typeof made === 'number' ? made : 0;
    });
  },
  unlinkat: ({ kernel, process }, [dirfd, pathPtr, flags]) => {
    if (flags & ~AT_REMOVEDIR) return -Errno.EINVAL;
    const removeDir = (flags & AT_REMOVEDIR) !== 0;
    return withParent(kernel, process, dirfd, pathPtr, (dir, name, existing, denied) => {
      if (removeDir && name === '.') return -Errno.EINVAL;
      if (removeDir && name === '..') return -Errno.ENOTEMPTY;
      if (!existing) return -Errno.ENOENT;
      if (denied) return denied;
      if (removeDir) {
        if (!(existing instanceof DirectoryInode)) return -Errno.ENOTDIR;
        if (existing.mounted || existing === kernel.vfs.root) return -Errno.EBUSY;
        if (existing.entries().length > 0) return -Errno.ENOTEMPTY;
      } else if (existing instanceof DirectoryInode) return -Errno.EISDIR;
      if (!stickyAllows(process, dir, existing)) return -Errno.EPERM;
      const status = dir.unlink(kernel, name);
      if (status === 0) dropIfUnused(kernel, existing);
      return status;
    }, true);
  },
  linkat: ({ kernel, process }, [olddirfd, oldPtr, newdirfd, newPtr, flags]) => {
    const from = resolveAt(kernel, process, olddirfd, oldPtr, (flags & AT_SYMLINK_FOLLOW) !== 0, (flags & AT_EMPTY_PATH) !== 0);
    if (typeof from === 'number') return from;
    if (from instanceof DirectoryInode) return -Errno.EPERM;
    return withParent(kernel, process, newdirfd, newPtr, (dir, name, existing, denied) => {
      if (existing) return -Errno.EEXIST;
      if (from.sb !== dir.sb) return -Errno.EXDEV;
      if (denied) return denied;
      return dir.link(kernel, name, from);
    });
  },
  renameat2: ({ kernel, process }, [olddirfd, oldPtr, newdirfd, newPtr, flags]) => rename(kernel, process, olddirfd, oldPtr, newdirfd, newPtr, flags),
  ftruncate64: ({ kernel, process, thread }, [fd, lo, hi]) => {
    const entry = process.fds.get(fd);
    if (!entry) return -Errno.EBADF;
    const object = entry.file.object;
    if (object.kind !== 'file' || !(object.inode instanceof RegularInode) || (entry.file.flags & O_ACCMODE) === O_RDONLY) return -Errno.EINVAL;
    return truncate(kernel, process, thread, object.inode, (hi | 0) * 2 ** 32 + (lo >>> 0));
  },
  truncate64: ({ kernel, process, thread }, [pathPtr, lo, hi]) => {
    const path = userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    const inode = resolve(kernel, process, process.cwd, path);
    if (typeof inode === 'number') return inode;
    if (inode instanceof DirectoryInode) return -Errno.EISDIR;
    if (!(inode instanceof RegularInode)) return -Errno.EINVAL;
    if (!mayAccess(process, inode, MAY_WRITE)) return -Errno.EACCES;
    return truncate(kernel, process, thread, inode, (hi | 0) * 2 ** 32 + (lo >>> 0));
  },
};

function ownerOf(process: Process): { uid: number; gid: number } {
  return { uid: process.uid, gid: process.gid };
}

/** Opens `path` from `start` as openat(2) does; the new descriptor or an errno. */
export function openPath(kernel: Kernel, process: Process, start: DirectoryInode, path: string, flags: number, mode: number): number {
  if ((flags & O_TMPFILE) === O_TMPFILE) return -Errno.EOPNOTSUPP;
  const accmode = flags & O_ACCMODE;
  const writing = accmode === O_WRONLY || accmode === O_RDWR;
  const follow = !(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL));
  const found = lookup(kernel, process, start, path, { follow });
  if (typeof found === 'number') return found;
  let inode = found.inode;
  if (inode && flags & O_CREAT && flags & O_EXCL) return -Errno.EEXIST;
  if (!inode) {
    if (!(flags & O_CREAT)) return -Errno.ENOENT;
    if (lowestFreeFd(process) >= process.fdLimit) return -Errno.EMFILE; // Linux takes the descriptor before it creates
    if (found.trailingSlash) return -Errno.EISDIR;
    if (!mayAccess(process, found.dir, MAY_WRITE | MAY_EXEC)) return -Errno.EACCES;
    const made = found.dir.create(kernel, found.name, { type: 'reg', perm: mode & 0o7777 & ~process.umask, owner: ownerOf(process) });
    if (typeof made === 'number') return made;
    inode = made;
  } else {
    if (flags & O_PATH) return install(process, inode, openedPath(kernel, found.dir, found.name, inode), flags & (O_PATH | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
    if (inode instanceof SymlinkInode) return -Errno.ELOOP;
    if (inode instanceof DirectoryInode && (flags & O_CREAT)) return -Errno.EISDIR;
    if (!(inode instanceof DirectoryInode) && (flags & O_DIRECTORY || found.trailingSlash)) return -Errno.ENOTDIR;
    if (inode instanceof DirectoryInode && (writing || flags & O_TRUNC)) return -Errno.EISDIR;
    const want = (accmode !== O_WRONLY ? MAY_READ : 0) | (writing ? MAY_WRITE : 0) | (flags & O_TRUNC && !writing ? MAY_WRITE : 0);
    if (!mayAccess(process, inode, want)) return -Errno.EACCES;
    if (writing && inode.sb.readOnly) return -Errno.EROFS;
    if (inode instanceof StreamInode && !inode.openable(kernel)) return -Errno.ENXIO;
  }
  if (inode instanceof GeneratedInode && writing && flags & O_TRUNC) inode.truncated(kernel);
  if (inode instanceof RegularInode) {
    if (flags & O_DIRECT && !inode.supportsDirect) return -Errno.EINVAL;
    if (writing || flags & O_TRUNC) {
      const refused = inode.openForWrite(kernel);
      if (refused < 0) return refused;
    }
    if (flags & O_TRUNC && inode.length > 0) truncateFile(kernel, inode, 0);
  }
  return install(process, inode, openedPath(kernel, found.dir, found.name, inode), flags);
}

// The name /proc/PID/fd shows: a directory's own path (symlinks resolved); a file's, from the
// directory it was found in (a symlink in the last place keeps its own name).
function openedPath(kernel: Kernel, dir: DirectoryInode, name: string, inode: Inode): string {
  if (inode instanceof DirectoryInode) return kernel.vfs.pathOf(inode);
  const parent = kernel.vfs.pathOf(dir);
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

function lowestFreeFd(process: Process): number {
  let fd = 0;
  while (process.fds.has(fd)) fd++;
  return fd;
}

function install(process: Process, inode: Inode, path: string, flags: number): number {
  const fd = lowestFreeFd(process);
  if (fd >= process.fdLimit) return -Errno.EMFILE;
  inode.opens++;
  process.fds.set(fd, fdFor(new OpenFile(new InodeFile(inode, path), flags & KEPT_FLAGS), (flags & O_CLOEXEC) !== 0));
  return fd;
}

/** Runs `act` on the parent directory of a path's last name, after the checks creation and removal share. */
function withParent(
  kernel: Kernel,
  process: Process,
  dirfd: number,
  pathPtr: number,
  /** `denied`: the permission error to give once the name's own errors are ruled out (0 when allowed). */
  act: (dir: DirectoryInode, name: string, existing: Inode | null, denied: number) => number,
  removing = false,
): number {
  const path = userPath(process, pathPtr);
  const start = startDir(process, dirfd, path);
  if (typeof path === 'number') return path;
  if (typeof start === 'number') return start;
  const found = lookup(kernel, process, start, path, { follow: false });
  if (typeof found === 'number') return found;
  if (found.name === '/') return removing ? -Errno.EBUSY : -Errno.EEXIST;
  const denied = !mayAccess(process, found.dir, MAY_WRITE | MAY_EXEC) ? -Errno.EACCES : found.dir.sb.readOnly ? -Errno.EROFS : 0;
  return act(found.dir, found.name, found.inode, denied);
}

/** The sticky bit (/tmp): only a file's owner or the directory's may remove or rename it. */
function stickyAllows(process: Process, dir: DirectoryInode, inode: Inode): boolean {
  return !(dir.perm & 0o1000) || process.uid === 0 || process.uid === inode.uid || process.uid === dir.uid;
}

/** A file that lost its last name goes when nothing has it open or mapped. */
function dropIfUnused(kernel: Kernel, inode: Inode): void {
  if (inode.nlink === 0 && inode.opens === 0 && inode instanceof RegularInode) evictUnlessMapped(kernel, inode);
}

function resolveAt(kernel: Kernel, process: Process, dirfd: number, pathPtr: number, follow: boolean, emptyPath: boolean): Inode | number {
  const path = userPath(process, pathPtr);
  if (typeof path === 'number') return path;
  if (path === '' && emptyPath) {
    const inode = fdInode(process, dirfd);
    return inode === null ? -Errno.ENOENT : inode;
  }
  const start = startDir(process, dirfd, path);
  if (typeof start === 'number') return start;
  return resolve(kernel, process, start, path, follow);
}

function truncate(kernel: Kernel, process: Process, thread: Thread, inode: RegularInode, length: number): number {
  if (length < 0) return -Errno.EINVAL;
  if (length > process.rlimits.soft(RLIMIT.FSIZE)) {
    queueSignal(kernel, process, SIGXFSZ, { code: 'SI_USER', senderPid: process.pid, senderUid: process.uid }, thread);
    return -Errno.EFBIG;
  }
  if (length > MAX_FILE) return -Errno.EFBIG;
  const refused = inode.openForWrite(kernel);
  if (refused < 0) return refused;
  truncateFile(kernel, inode, length);
  return 0;
}

function rename(kernel: Kernel, process: Process, olddirfd: number, oldPtr: number, newdirfd: number, newPtr: number, flags: number): number {
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT) || (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE)) return -Errno.EINVAL;
  if (flags & RENAME_WHITEOUT) return -Errno.EINVAL;
  const oldPath = userPath(process, oldPtr), newPath = userPath(process, newPtr);
  const oldStart = startDir(process, olddirfd, oldPath), newStart = startDir(process, newdirfd, newPath);
  for (const v of [oldPath, newPath, oldStart, newStart]) if (typeof v === 'number') return v;
  const from = lookup(kernel, process, oldStart as DirectoryInode, oldPath as string, { follow: false });
  const to = lookup(kernel, process, newStart as DirectoryInode, newPath as string, { follow: false });
  if (typeof from === 'number') return from;
  if (typeof to === 'number') return to;
  const moving = from.inode;
  if (!moving) return -Errno.ENOENT;
  if ([from.name, to.name].some((n) => n === '.' || n === '..' || n === '/')) return moving === kernel.vfs.root ? -Errno.EBUSY : -Errno.EINVAL;
  if (from.dir.sb !== to.dir.sb || moving.sb !== to.dir.sb) return -Errno.EXDEV;
  if (!mayAccess(process, from.dir, MAY_WRITE | MAY_EXEC) || !mayAccess(process, to.dir, MAY_WRITE | MAY_EXEC)) return -Errno.EACCES;
  if (!stickyAllows(process, from.dir, moving)) return -Errno.EPERM;
  if ((from.trailingSlash || to.trailingSlash) && !(moving instanceof DirectoryInode)) return -Errno.ENOTDIR;
  const replaced = to.inode;
  if (flags & RENAME_EXCHANGE) return exchange(kernel, from.dir, from.name, moving, to.dir, to.name, replaced);
  if (replaced === moving) return 0;
  if (replaced && flags & RENAME_NOREPLACE) return -Errno.EEXIST;
  if (moving instanceof DirectoryInode && isWithin(to.dir, moving)) return -Errno.EINVAL;
  if (replaced) {
    if (moving instanceof DirectoryInode && !(replaced instanceof DirectoryInode)) return -Errno.ENOTDIR;
    if (!(moving instanceof DirectoryInode) && replaced instanceof DirectoryInode) return -Errno.EISDIR;
    if (replaced instanceof DirectoryInode && replaced.entries().length > 0) return -Errno.ENOTEMPTY;
    if (replaced instanceof DirectoryInode && replaced.mounted) return -Errno.EBUSY;
    if (!stickyAllows(process, to.dir, replaced)) return -Errno.EPERM;
  }
  if (moving instanceof DirectoryInode && moving.mounted) return -Errno.EBUSY;
  if (replaced) {
    to.dir.unlink(kernel, to.name);
    dropIfUnused(kernel, replaced);
  }
  from.dir.detach(kernel, from.name);
  return to.dir.adopt(kernel, to.name, moving);
}

function exchange(kernel: Kernel, fromDir: DirectoryInode, fromName: string, a: Inode, toDir: DirectoryInode, toName: string, b: Inode | null): number {
  if (!b) return -Errno.ENOENT;
  if (a === b) return 0;
  if ((a instanceof DirectoryInode && isWithin(toDir, a)) || (b instanceof DirectoryInode && isWithin(fromDir, b))) return -Errno.EINVAL;
  fromDir.detach(kernel, fromName);
  toDir.detach(kernel, toName);
  fromDir.adopt(kernel, fromName, b);
  return toDir.adopt(kernel, toName, a);
}

/** Whether `dir` is `ancestor` or inside it. */
function isWithin(dir: DirectoryInode, ancestor: DirectoryInode): boolean {
  for (let d = dir; ; d = d.parent) {
    if (d === ancestor) return true;
    if (d.parent === d) return false;
  }
}
