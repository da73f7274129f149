// The arguments the *at syscalls share: a directory descriptor (AT_FDCWD for the working
// directory) and a path in user memory, turned into a starting directory and a string.

import { Errno } from './errno';
import type { Process } from './proc';
import { DirectoryInode, type Inode } from '../fs/inode';

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_SYMLINK_FOLLOW = 0x400, AT_EMPTY_PATH = 0x1000;

/** Where a relative path starts: the working directory, or the directory `dirfd` has open. An absolute path never looks at `dirfd`. */
export function startDir(process: Process, dirfd: number, path: string | number): DirectoryInode | number {
  if (dirfd === AT_FDCWD || (typeof path === 'string' && path.startsWith('/'))) return process.cwd;
  const object = process.fds.get(dirfd)?.file.object;
  if (!object) return -Errno.EBADF;
  if (object.kind !== 'file' || !(object.inode instanceof DirectoryInode)) return -Errno.ENOTDIR;
  return object.inode;
}

/** The inode an fd refers to (for AT_EMPTY_PATH and the f* calls); null for the console and pipes. */
export function fdInode(process: Process, fd: number): Inode | null | number {
  const object = process.fds.get(fd)?.file.object;
  if (!object) return -Errno.EBADF;
  return object.kind === 'file' ? object.inode : null;
}

const PATH_MAX = 4096;

/** A path argument: EFAULT when it is not readable, ENAMETOOLONG when it has no end within PATH_MAX. */
export function userPath(process: Process, ptr: number): string | number {
  const path = process.aspace.readString(ptr >>> 0, PATH_MAX);
  if (path !== null) return path;
  return process.aspace.copyIn(ptr >>> 0, PATH_MAX) === null ? -Errno.EFAULT : -Errno.ENAMETOOLONG;
}
