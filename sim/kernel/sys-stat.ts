// Looking at files without opening them, and the working directory: statx, getdents64,
// faccessat, readlinkat, getcwd, chdir/fchdir, and the attribute changes a course meets (chmod,
// chown, utimensat). statx answers for paths, for open descriptors (AT_EMPTY_PATH) and for the
// console and pipes, which have no inode in a file system here.

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, fdInode, startDir, userPath } from './path-args';
import type { SyscallHandler } from './syscall';
import { DT_TYPE, DirectoryInode, SymlinkInode, type Inode } from '../fs/inode';
import { resolve } from '../fs/path';
import { MAY_EXEC, MAY_READ, MAY_WRITE, mayAccess } from '../fs/permission';
import { encodeStatx, statInode, statObject } from '../fs/stat';

const AT_EACCESS = 0x200, AT_STATX_SYNC_TYPE = 0x6000, AT_NO_AUTOMOUNT = 0x800;
const F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;
const UTIME_NOW = 0x3fffffff, UTIME_OMIT = 0x3ffffffe;

export const STAT_SYSCALLS: Record<string, SyscallHandler> = {
  statx: ({ kernel, process }, [dirfd, pathPtr, flags, , buf]) => {
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_STATX_SYNC_TYPE | AT_NO_AUTOMOUNT) || (flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) return -Errno.EINVAL;
    const path = userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    let stat;
    if (path === '' && flags & AT_EMPTY_PATH) {
      const object = dirfd === -100 ? null : process.fds.get(dirfd)?.file.object;
      if (dirfd === -100) stat = statInode(kernel, process.cwd);
      else if (!object) return -Errno.EBADF;
      else stat = statObject(kernel, object);
    } else {
      const inode = inodeAt(kernel, process, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
      if (typeof inode === 'number') return inode;
      stat = statInode(kernel, inode);
    }
    return process.aspace.copyOut(buf >>> 0, encodeStatx(stat)) ? 0 : -Errno.EFAULT;
  },
  getdents64: ({ kernel, process }, [fd, buf, count]) => {
    const object = process.fds.get(fd)?.file.object;
    if (!object) return -Errno.EBADF;
    if (object.kind !== 'file' || !(object.inode instanceof DirectoryInode)) return -Errno.ENOTDIR;
    const dir = object.inode;
    // A removed directory lists nothing, not even . and .. (Linux's IS_DEADDIR).
    object.listing ??= dir.nlink === 0 ? [] : [{ name: '.', inode: dir }, { name: '..', inode: dir === kernel.vfs.root ? dir : dir.parent }, ...dir.entries()];
    const out: number[] = [];
    let index = object.offset;
    for (; index < object.listing.length; index++) {
      const record = direntRecord(object.listing[index].name, object.listing[index].inode, index + 1);
      if (out.length + record.length > (count >>> 0)) break;
      out.push(...record);
    }
    if (out.length === 0 && index < object.listing.length) return -Errno.EINVAL;
    if (!process.aspace.copyOut(buf >>> 0, new Uint8Array(out))) return -Errno.EFAULT;
    object.offset = index;
    dir.atime = kernel.realtimeNs();
    return out.length;
  },
  faccessat: ({ kernel, process }, [dirfd, pathPtr, mode]) => access(kernel, process, dirfd, pathPtr, mode, 0),
  faccessat2: ({ kernel, process }, [dirfd, pathPtr, mode, flags]) => access(kernel, process, dirfd, pathPtr, mode, flags),
  readlinkat: ({ kernel, process }, [dirfd, pathPtr, buf, size]) => {
    if ((size | 0) <= 0) return -Errno.EINVAL;
    const path = userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    const inode = path === '' ? fdInode(process, dirfd) ?? -Errno.ENOENT : inodeAt(kernel, process, dirfd, path, false);
    if (typeof inode === 'number') return inode;
    if (!(inode instanceof SymlinkInode)) return -Errno.EINVAL;
    const target = new TextEncoder().encode(inode.target(kernel, process)).subarray(0, size >>> 0);
    return process.aspace.copyOut(buf >>> 0, target) ? target.length : -Errno.EFAULT;
  },
  getcwd: ({ kernel, process }, [buf, size]) => {
    const path = new TextEncoder().encode(kernel.vfs.pathOf(process.cwd) + '\0');
    if (process.cwd.nlink === 0) return -Errno.ENOENT;
    if (path.length > (size >>> 0)) return -Errno.ERANGE;
    return process.aspace.copyOut(buf >>> 0, path) ? path.length : -Errno.EFAULT;
  },
  chdir: ({ kernel, process }, [pathPtr]) => {
    const path = userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    return changeDir(process, resolve(kernel, process, process.cwd, path));
  },
  fchdir: ({ process }, [fd]) => changeDir(process, fdInode(process, fd) ?? -Errno.ENOTDIR),
  fchmod: ({ kernel, process }, [fd, mode]) => {
    const inode = fdInode(process, fd);
    return chmod(kernel, process, inode === null ? -Errno.EINVAL : inode, mode);
  },
  fchmodat: ({ kernel, process }, [dirfd, pathPtr, mode]) => {
    const path = userPath(process, pathPtr);
    return chmod(kernel, process, typeof path === 'number' ? path : inodeAt(kernel, process, dirfd, path, true), mode);
  },
  fchownat: ({ kernel, process }, [dirfd, pathPtr, owner, group, flags]) => {
    const path = userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    const inode = path === '' && flags & AT_EMPTY_PATH ? fdInode(process, dirfd) ?? -Errno.EINVAL : inodeAt(kernel, process, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
    return chown(kernel, process, inode, owner, group);
  },
  fchown: ({ kernel, process }, [fd, owner, group]) => chown(kernel, process, fdInode(process, fd) ?? -Errno.EINVAL, owner, group),
  utimensat_time64: ({ kernel, process }, [dirfd, pathPtr, timesPtr, flags]) => {
    const path = pathPtr === 0 ? '' : userPath(process, pathPtr);
    if (typeof path === 'number') return path;
    const inode = path === '' ? fdInode(process, dirfd) ?? -Errno.EINVAL : inodeAt(kernel, process, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
    if (typeof inode === 'number') return inode;
    const now = kernel.realtimeNs();
    const times = timesPtr === 0 ? null : process.aspace.copyIn(timesPtr >>> 0, 32);
    if (timesPtr !== 0 && times === null) return -Errno.EFAULT;
    const pick = (at: number): number | null => {
      if (!times) return now;
      const view = new DataView(times.buffer, times.byteOffset);
      const nsec = Number(view.getBigInt64(at + 8, true));
      if (nsec === UTIME_OMIT) return null;
      if (nsec === UTIME_NOW) return now;
      if (nsec < 0 || nsec >= 1e9) return -1;
      return Number(view.getBigInt64(at, true)) * 1e9 + nsec;
    };
    const atime = pick(0), mtime = pick(16);
    if (atime === -1 || mtime === -1) return -Errno.EINVAL;
    if (process.uid !== inode.uid && process.uid !== 0) {
      if (times) return -Errno.EPERM;
      if (!mayAccess(process, inode, MAY_WRITE)) return -Errno.EACCES;
    }
    if (atime !== null) inode.atime = atime;
    if (mtime !== null) inode.mtime = mtime;
    inode.ctime = now;
    return 0;
  },
};

function inodeAt(kernel: Kernel, process: Process, dirfd: number, path: string, follow: boolean): Inode | number {
  const start = startDir(process, dirfd, path);
  if (typeof start === 'number') return start;
  return resolve(kernel, process, start, path, follow);
}

function access(kernel: Kernel, process: Process, dirfd: number, pathPtr: number, mode: number, flags: number): number {
  if (mode & ~(R_OK | W_OK | X_OK) || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -Errno.EINVAL;
  const path = userPath(process, pathPtr);
  if (typeof path === 'number') return path;
  const inode = path === '' && flags & AT_EMPTY_PATH ? fdInode(process, dirfd) ?? -Errno.ENOENT : inodeAt(kernel, process, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
  if (typeof inode === 'number') return inode;
  if (mode === F_OK) return 0;
  const want = (mode & R_OK ? MAY_READ : 0) | (mode & W_OK ? MAY_WRITE : 0) | (mode & X_OK ? MAY_EXEC : 0);
  if (mode & W_OK && inode.sb.readOnly) return -Errno.EROFS;
  return mayAccess(process, inode, want) ? 0 : -Errno.EACCES;
}

function changeDir(process: Process, inode: Inode | number): number {
  if (typeof inode === 'number') return inode;
  if (!(inode instanceof DirectoryInode)) return -Errno.ENOTDIR;
  if (!mayAccess(process, inode, MAY_EXEC)) return -Errno.EACCES;
  process.cwd = inode;
  return 0;
}

function chmod(kernel: Kernel, process: Process, inode: Inode | number, mode: number): number {
  if (typeof inode === 'number') return inode;
  if (process.uid !== 0 && process.uid !== inode.uid) return -Errno.EPERM;
  if (inode.sb.readOnly) return -Errno.EROFS;
  inode.perm = mode & 0o7777;
  inode.ctime = kernel.realtimeNs();
  return 0;
}

// Only root may give a file away; an owner may set the group to one of its own (just its gid here).
function chown(kernel: Kernel, process: Process, inode: Inode | number, owner: number, group: number): number {
  if (typeof inode === 'number') return inode;
  const keepOwner = owner === -1 || owner === inode.uid;
  const keepGroup = group === -1 || group === inode.gid || group === process.gid;
  if (process.uid !== 0 && (process.uid !== inode.uid || !keepOwner || !keepGroup)) return -Errno.EPERM;
  if (owner !== -1) inode.uid = owner;
  if (group !== -1) inode.gid = group;
  inode.ctime = kernel.realtimeNs();
  return 0;
}

/** struct linux_dirent64: d_ino, d_off (the next entry's position), d_reclen, d_type, the name, padded to 8. */
function direntRecord(name: string, inode: Inode, next: number): Uint8Array {
  const encoded = new TextEncoder().encode(name);
  const length = (19 + encoded.length + 1 + 7) & ~7;
  const record = new Uint8Array(length);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(inode.ino), true);
  view.setBigInt64(8, BigInt(next), true);
  view.setUint16(16, length, true);
  record[18] = DT_TYPE[inode.type];
  record.set(encoded, 19);
  return record;
}
