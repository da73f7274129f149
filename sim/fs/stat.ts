// What stat says about an open file or an inode, and struct statx as the kernel writes it
// (include/uapi/linux/stat.h). Inodes answer from their attributes; the console's streams and
// pipes, which have no inode in a file system here, answer as Linux's devpts and pipefs do.

import type { FileObject } from '../kernel/file';
import type { Kernel } from '../kernel/kernel';
import { DeviceInode, RegularInode, type Inode } from './inode';
import { USER_OWNER } from './vfs';

export interface StatRecord {
  readonly dev: { readonly major: number; readonly minor: number };
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly uid: number;
  readonly gid: number;
  readonly rdev: { readonly major: number; readonly minor: number };
  readonly size: number;
  readonly blksize: number;
  readonly blocks: number;
  /** Nanoseconds since the epoch. */
  readonly atime: number;
  readonly mtime: number;
  readonly ctime: number;
  readonly btime: number;
  readonly mountId: number;
}

const S_IFCHR = 0o020000, S_IFIFO = 0o010000;
const PTS_MAJOR = 136, DEVPTS_MINOR = 24, PIPEFS_MINOR = 13, TTY_GID = 5;
const NONE = { major: 0, minor: 0 };
const STATX_BASIC_STATS = 0x7ff, STATX_BTIME = 0x800, STATX_MNT_ID = 0x1000;
export const STATX_SIZE = 256;

export function statInode(kernel: Kernel, inode: Inode): StatRecord {
  const mountId = kernel.vfs.mounts.findIndex((m) => m.sb === inode.sb) + 21;
  return {
    dev: inode.sb.dev, ino: inode.ino, mode: inode.mode, nlink: inode.nlink, uid: inode.uid, gid: inode.gid,
    rdev: inode instanceof DeviceInode ? inode.rdev : NONE, size: inode.size, blksize: inode.sb.blockSize, blocks: inode instanceof RegularInode ? inode.blocksIn(kernel) : inode.blocks,
    atime: inode.atime, mtime: inode.mtime, ctime: inode.ctime, btime: inode.btime, mountId,
  };
}

/** An open file's stat (fstat): its inode's, or the terminal's or a pipe's. */
export function statObject(kernel: Kernel, object: FileObject): StatRecord {
  if (object.kind === 'file') return statInode(kernel, object.inode);
  const boot = kernel.realtimeNs() - Math.floor(kernel.cyclesToNs(kernel.now()));
  const base = { size: 0, blocks: 0, atime: boot, mtime: boot, ctime: boot, btime: 0, nlink: 1, mountId: 0 };
  if (object.kind === 'tty' && kernel.config.tty[object.stream]) {
    return { ...base, dev: { major: 0, minor: DEVPTS_MINOR }, ino: 3, mode: S_IFCHR | 0o620, uid: USER_OWNER.uid, gid: TTY_GID, rdev: { major: PTS_MAJOR, minor: 0 }, blksize: 1024 };
  }
  const ino = object.kind === 'pipe' ? object.pipe.inode : 100 + object.stream;
  return { ...base, dev: { major: 0, minor: PIPEFS_MINOR }, ino, mode: S_IFIFO | 0o600, uid: USER_OWNER.uid, gid: USER_OWNER.gid, rdev: NONE, blksize: 4096 };
}

export function encodeStatx(stat: StatRecord): Uint8Array {
  const bytes = new Uint8Array(STATX_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, STATX_BASIC_STATS | STATX_MNT_ID | (stat.btime ? STATX_BTIME : 0), true);
  view.setUint32(4, stat.blksize, true);
  view.setUint32(16, stat.nlink, true);
  view.setUint32(20, stat.uid, true);
  view.setUint32(24, stat.gid, true);
  view.setUint16(28, stat.mode, true);
  view.setBigUint64(32, BigInt(stat.ino), true);
  view.setBigUint64(40, BigInt(stat.size), true);
  view.setBigUint64(48, BigInt(stat.blocks), true);
  const time = (at: number, ns: number) => {
    view.setBigInt64(at, BigInt(Math.floor(ns / 1e9)), true);
    view.setUint32(at + 8, Math.floor(ns % 1e9), true);
  };
  time(64, stat.atime);
  time(80, stat.btime);
  time(96, stat.ctime);
  time(112, stat.mtime);
  view.setUint32(128, stat.rdev.major, true);
  view.setUint32(132, stat.rdev.minor, true);
  view.setUint32(136, stat.dev.major, true);
  view.setUint32(140, stat.dev.minor, true);
  view.setBigUint64(144, BigInt(stat.mountId), true);
  return bytes;
}
