// Path lookup (Linux's namei): from the root or a starting directory, component by component,
// crossing mounts, following symlinks (at most 40, then ELOOP) and checking search permission on
// every directory passed. Errors are negative errno values, as the syscalls return them.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import type { Process } from '../kernel/proc';
import { DirectoryInode, SymlinkInode, type Inode } from './inode';
import { mayAccess, MAY_EXEC } from './permission';

const MAX_SYMLINKS = 40;
const PATH_MAX = 4096;
const NAME_MAX = 255;

/** Where a path leads: the directory holding the last name, the name, and what it names (if anything). */
export interface Lookup {
  readonly dir: DirectoryInode;
  readonly name: string;
  readonly inode: Inode | null;
  /** The path ended in '/' (the last name must be a directory). */
  readonly trailingSlash: boolean;
}

export interface LookupOptions {
  /** Follow a symlink in the last position (stat, open without O_NOFOLLOW). */
  readonly follow: boolean;
}

/** Resolves `path` from `start` for `process`; an errno (negative) when a component fails. */
export function lookup(kernel: Kernel, process: Process, start: DirectoryInode, path: string, options: LookupOptions): Lookup | number {
  return walk(kernel, process, start, path, options, { links: 0 });
}

/** The inode `path` names, or an errno (ENOENT when it does not exist). */
export function resolve(kernel: Kernel, process: Process, start: DirectoryInode, path: string, follow = true): Inode | number {
  const found = lookup(kernel, process, start, path, { follow });
  if (typeof found === 'number') return found;
  if (!found.inode) return -Errno.ENOENT;
  if (found.trailingSlash && !(found.inode instanceof DirectoryInode)) return -Errno.ENOTDIR;
  return found.inode;
}

function walk(kernel: Kernel, process: Process, start: DirectoryInode, path: string, options: LookupOptions, depth: { links: number }): Lookup | number {
  if (path.length === 0) return -Errno.ENOENT;
  if (path.length >= PATH_MAX) return -Errno.ENAMETOOLONG;
  const root = kernel.vfs.root;
  let dir = path.startsWith('/') ? root : start;
  const names = path.split('/').filter((n) => n.length > 0);
  const trailingSlash = path.endsWith('/') && names.length > 0;
  if (names.length === 0) return { dir: root, name: '/', inode: dir, trailingSlash: false };
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name.length > NAME_MAX) return -Errno.ENAMETOOLONG;
    if (!mayAccess(process, dir, MAY_EXEC)) return -Errno.EACCES;
    const last = i === names.length - 1;
    let inode = step(dir, name, root);
    if (inode instanceof SymlinkInode && (!last || options.follow || trailingSlash)) {
      const followed = follow(kernel, process, dir, inode, depth);
      if (typeof followed === 'number') return followed;
      inode = followed;
    }
    if (last) return { dir, name, inode, trailingSlash };
    if (!inode) return -Errno.ENOENT;
    if (!(inode instanceof DirectoryInode)) return -Errno.ENOTDIR;
    dir = inode;
  }
  throw new Error('unreachable');
}

/** One name in `dir`: `.`, `..` (the root's is itself), or an entry, with mounts crossed. */
function step(dir: DirectoryInode, name: string, root: DirectoryInode): Inode | null {
  if (name === '.') return dir;
  if (name === '..') return dir === root ? root : dir.parent;
  let inode = dir.lookup(name);
  while (inode instanceof DirectoryInode && inode.mounted) inode = inode.mounted;
  return inode;
}

function follow(kernel: Kernel, process: Process, dir: DirectoryInode, link: SymlinkInode, depth: { links: number }): Inode | null | number {
  if (++depth.links > MAX_SYMLINKS) return -Errno.ELOOP;
  const magic = link.magic?.(kernel, process);
  if (magic) return magic;
  const found = walk(kernel, process, dir, link.target(kernel, process), { follow: true }, depth);
  if (typeof found === 'number') return found;
  return found.inode;
}
