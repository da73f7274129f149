// Permission checks as Linux's generic_permission does them for one user: the owner's bits when
// the caller owns the file, else the group's when it is in the file's group, else the others'.
// Root (uid 0) passes every read and write check, and execute when any x bit is set.

import type { Process } from '../kernel/proc';
import type { Inode } from './inode';

export const MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;

export function mayAccess(process: Process, inode: Inode, mask: number): boolean {
  if (process.uid === 0) return !(mask & MAY_EXEC) || inode.type === 'dir' || (inode.perm & 0o111) !== 0;
  const bits = process.uid === inode.uid ? inode.perm >> 6 : process.gid === inode.gid ? inode.perm >> 3 : inode.perm;
  return (bits & mask & 7) === (mask & 7);
}
