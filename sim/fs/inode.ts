// Inodes, as the VFS sees every file system's files: a type, an owner, permission bits, times,
// a link count, and the operations its type has. Directories look names up and list them;
// regular files keep their bytes in the page cache (file-data.ts), whatever file system they
// are on; devices read and write through their driver; symlinks hold a target. Each file system
// (tmpfs, the workspace overlay, /proc, the block-backed /data) subclasses these.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import type { Process, Thread } from '../kernel/proc';
import type { SyscallResult } from '../kernel/syscall';

export type FileType = 'reg' | 'dir' | 'lnk' | 'chr' | 'fifo' | 'sock';

/** st_mode's type bits. */
export const S_IFMT: Record<FileType, number> = { reg: 0o100000, dir: 0o040000, lnk: 0o120000, chr: 0o020000, fifo: 0o010000, sock: 0o140000 };
/** getdents64's d_type. */
export const DT_TYPE: Record<FileType, number> = { reg: 8, dir: 4, lnk: 10, chr: 2, fifo: 1, sock: 12 };

/** A mounted file system: what statx reports as its device, and how its files are stored. */
export interface SuperBlock {
  /** /proc/mounts' type: tmpfs, proc, devtmpfs, overlay, ext2… */
  readonly type: string;
  /** The device's minor number (major 0: an anonymous device, as tmpfs and proc have), or a block device's. */
  readonly dev: { readonly major: number; readonly minor: number };
  readonly blockSize: number;
  /** Writes are refused with EROFS. */
  readonly readOnly: boolean;
}

/** Simulated nanoseconds since the epoch, as stat's times count them. */
export type TimeNs = number;

export abstract class Inode {
  abstract readonly type: FileType;
  nlink = 1;
  /** Open file descriptions referring to it: an unlinked file lives until the last one closes. */
  opens = 0;
  uid: number;
  gid: number;
  atime: TimeNs;
  mtime: TimeNs;
  ctime: TimeNs;
  readonly btime: TimeNs;

  constructor(
    readonly sb: SuperBlock,
    readonly ino: number,
    /** Permission bits (0o7777). */
    public perm: number,
    owner: { uid: number; gid: number },
    now: TimeNs,
  ) {
    this.uid = owner.uid;
    this.gid = owner.gid;
    this.atime = this.mtime = this.ctime = this.btime = now;
  }

  /** Bytes stat reports (a directory's is its entries' size, as tmpfs shows it). */
  abstract get size(): number;

  /** Blocks of 512 bytes it occupies. */
  get blocks(): number {
    return 0;
  }

  get mode(): number {
    return S_IFMT[this.type] | this.perm;
  }
}

/** One name in a directory listing. */
export interface DirEntry {
  readonly name: string;
  readonly inode: Inode;
}

export abstract class DirectoryInode extends Inode {
  readonly type = 'dir' as const;
  /** The directory that holds it (itself for the root); a mounted file system's root points to the mountpoint's parent. */
  parent: DirectoryInode;
  /** Its name in the parent (for getcwd and /proc/PID/cwd). */
  name: string;
  /** The root of a file system mounted here: lookups continue there. */
  mounted: DirectoryInode | null = null;

  constructor(sb: SuperBlock, ino: number, perm: number, owner: { uid: number; gid: number }, now: TimeNs, parent: DirectoryInode | null, name: string) {
    super(sb, ino, perm, owner, now);
    this.parent = parent ?? this;
    this.name = name;
    this.nlink = 2;
  }

  abstract lookup(name: string): Inode | null;
  /** Every entry but `.` and `..`, in the order getdents64 returns them. */
  abstract entries(): DirEntry[];

  get size(): number {
    return 40 + this.entries().reduce((n, e) => n + 20 + e.name.length, 0);
  }

  // A file system whose directories are fixed (proc, the devices) refuses new names with EPERM, as Linux's do.

  /** Creates `name` (absent) as the given inode kind; an errno (negative) when this directory cannot hold new entries. */
  create(_kernel: Kernel, _name: string, _kind: NewInode): Inode | number {
    return -Errno.EPERM;
  }

  /** Removes the entry `name` (checked to exist by the caller). */
  unlink(_kernel: Kernel, _name: string): number {
    return -Errno.EPERM;
  }

  /** A hard link: one more name for an existing file. */
  link(_kernel: Kernel, _name: string, _inode: Inode): number {
    return -Errno.EPERM;
  }

  /** rename's first half: the entry goes, the inode keeps its links. */
  detach(_kernel: Kernel, _name: string): number {
    return -Errno.EPERM;
  }

  /** rename's second half: the detached inode under its new name. */
  adopt(_kernel: Kernel, _name: string, _inode: Inode): number {
    return -Errno.EPERM;
  }
}

/** What mkdirat, openat(O_CREAT), mknodat and symlinkat ask a directory to make. */
export type NewInode =
  | { readonly type: 'reg'; readonly perm: number; readonly owner: { uid: number; gid: number } }
  | { readonly type: 'dir'; readonly perm: number; readonly owner: { uid: number; gid: number } }
  | { readonly type: 'lnk'; readonly target: string; readonly owner: { uid: number; gid: number } };

/** A regular file. Its bytes live in the page cache under `cacheId`; the file system fills missing pages. */
export abstract class RegularInode extends Inode {
  readonly type = 'reg' as const;
  /** The file's length in bytes. */
  length = 0;

  get size(): number {
    return this.length;
  }

  override get blocks(): number {
    return Math.ceil(this.length / 4096) * 8;
  }

  /** Blocks of 512 bytes it really occupies (holes take none): by default, its length's. */
  blocksIn(_kernel: Kernel): number {
    return this.blocks;
  }

  /** The page cache's name for this file's pages. */
  get cacheId(): string {
    return `${this.sb.type}:${this.sb.dev.minor}:${this.ino}`;
  }

  /**
   * Writes page `index`'s bytes from the backing store into `target` at `base` (zeros where the
   * file has none). Returns the simulated cycles the fill costs (0 when it comes from memory).
   */
  abstract fill(kernel: Kernel, index: number, target: Uint8Array, base: number): number;

  /** Whether written pages have somewhere to go (a device, the host): they are dirty until written back. tmpfs's are not. */
  get backed(): boolean {
    return false;
  }

  /** Whether the last close writes its dirty pages back (a workspace file with write-through: the user sees the change at once). */
  get flushOnClose(): boolean {
    return false;
  }

  /** Whether its pages may be dropped when clean (they can be read again); tmpfs's may not. */
  abstract get evictable(): boolean;

  /** Whether O_DIRECT is possible: only a block device's files bypass the cache (tmpfs refuses it with EINVAL). */
  get supportsDirect(): boolean {
    return false;
  }

  /** Called when the file is opened for writing (or truncated): an errno to refuse, else 0. */
  openForWrite(_kernel: Kernel): number {
    return 0;
  }

  /** After its dirty pages are written (fsync, close): a host-backed file passes its contents on. */
  flushToHost(_kernel: Kernel): void {}

  /** Room for a write of `length` bytes at `offset` on the file system: 0, or -ENOSPC before anything is written. */
  reserve(_kernel: Kernel, _offset: number, _length: number): number {
    return 0;
  }

  /** Its last name and last open file are gone: whatever it holds is released (pages, blocks). */
  evict(kernel: Kernel): void {
    kernel.pageCache.drop(this.cacheId);
  }

  /** The file system's side of truncation: storage past `length` is released. */
  truncated(_kernel: Kernel, _length: number): void {}

  /** Writes dirty page `index` back to the backing store; cycles it costs the device. */
  writeBack(_kernel: Kernel, _index: number, _bytes: Uint8Array): number {
    return 0;
  }
}

export abstract class SymlinkInode extends Inode {
  readonly type = 'lnk' as const;
  abstract target(kernel: Kernel, reader: Process): string;
  /** Linux's proc "magic links" (/proc/PID/fd/N, cwd, exe) lead to the very inode, not to a path. */
  magic?(kernel: Kernel, reader: Process): Inode | null;

  get size(): number {
    return 0;
  }
}

/**
 * A file whose bytes the kernel makes when a read starts at offset 0 (/proc's status, maps...):
 * later reads continue in that snapshot, as seq_file serves a small file. Size 0, as proc reports.
 */
export abstract class GeneratedInode extends Inode {
  readonly type = 'reg' as const;

  get size(): number {
    return 0;
  }

  abstract generate(kernel: Kernel, reader: Process): Uint8Array;

  /** A write: the control files that take commands (set_event_pid) accept it; others refuse. */
  accept(_kernel: Kernel, _bytes: Uint8Array): number {
    return -Errno.EINVAL;
  }

  /** Opened with O_TRUNC for writing: a control file resets (ftrace's set_event_pid empties). */
  truncated(_kernel: Kernel): void {}
}

/**
 * A file whose reads and writes go to code rather than to stored bytes, with no position: the
 * character devices, and the control files of /sys/kernel/tracing.
 */
export abstract class StreamInode extends Inode {
  get size(): number {
    return 0;
  }

  /** Reads up to `length` bytes into the caller's `buf`. */
  abstract read(io: DeviceIo, buf: number, length: number): SyscallResult;
  /** Writes `length` bytes from the caller's `buf`. */
  abstract write(io: DeviceIo, buf: number, length: number): SyscallResult;
  /** Whether opening it is possible now (the terminal needs one: ENXIO). */
  openable(_kernel: Kernel): boolean {
    return true;
  }
}

/** A character device: /dev/null and friends, and the terminal. */
export abstract class DeviceInode extends StreamInode {
  readonly type = 'chr' as const;
  abstract readonly rdev: { readonly major: number; readonly minor: number };
}

/** Who is reading or writing a device. */
export interface DeviceIo {
  readonly kernel: Kernel;
  readonly process: Process;
  readonly thread: Thread;
}
