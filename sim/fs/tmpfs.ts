// tmpfs: a file system that lives entirely in memory, as /, /tmp and /home are. Directories are
// maps of names; a file's pages exist only in the page cache, pinned there (nothing else holds
// them), so they count as the Shmem of /proc/meminfo and are freed by truncation or by the last
// unlink once no descriptor or mapping refers to the file.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import { DirectoryInode, RegularInode, SymlinkInode, type DirEntry, type Inode, type NewInode, type SuperBlock, type TimeNs } from './inode';

/** Numbers inodes of one file system in order of creation (deterministic runs). */
export class InodeNumbers {
  private next: number;
  constructor(first = 2) {
    this.next = first;
  }
  take(): number {
    return this.next++;
  }
}

/**
 * A directory whose entries live in memory: tmpfs's, and the base of the others that keep their
 * names in memory (the workspace overlay's, /data's). Subclasses choose how an inode is made.
 */
export class TmpfsDirectory extends DirectoryInode {
  protected readonly children = new Map<string, Inode>();

  constructor(sb: SuperBlock, protected readonly numbers: InodeNumbers, perm: number, owner: { uid: number; gid: number }, now: TimeNs, parent: DirectoryInode | null, name: string, ino = numbers.take()) {
    super(sb, ino, perm, owner, now, parent, name);
  }

  lookup(name: string): Inode | null {
    return this.children.get(name) ?? null;
  }

  entries(): DirEntry[] {
    return [...this.children].map(([name, inode]) => ({ name, inode }));
  }

  override create(kernel: Kernel, name: string, kind: NewInode): Inode | number {
    if (this.nlink === 0) return -Errno.ENOENT; // removed while someone is still in it
    if (this.sb.readOnly) return -Errno.EROFS;
    const inode = this.make(name, kind, kernel.realtimeNs());
    if (typeof inode !== 'number') this.add(kernel, name, inode);
    return inode;
  }

  /** A new inode of this file system for `name`, or an errno (no inode left). */
  protected make(name: string, kind: NewInode, now: TimeNs): Inode | number {
    if (kind.type === 'dir') return new TmpfsDirectory(this.sb, this.numbers, kind.perm, kind.owner, now, this, name);
    if (kind.type === 'reg') return new TmpfsFile(this.sb, this.numbers.take(), kind.perm, kind.owner, now);
    return new TmpfsSymlink(this.sb, this.numbers.take(), kind.owner, now, kind.target);
  }

  /** Puts a freshly made inode (its one link) under `name`. */
  add(kernel: Kernel, name: string, inode: Inode): void {
    this.attach(name, inode, kernel.realtimeNs());
  }

  override unlink(kernel: Kernel, name: string): number {
    const inode = this.children.get(name);
    if (!inode) return -Errno.ENOENT;
    this.children.delete(name);
    const now = kernel.realtimeNs();
    this.mtime = this.ctime = now;
    if (inode instanceof DirectoryInode) {
      this.nlink--;
      inode.nlink = 0;
    } else {
      inode.nlink--;
      inode.ctime = now;
    }
    return 0;
  }

  override link(kernel: Kernel, name: string, inode: Inode): number {
    if (this.sb.readOnly) return -Errno.EROFS;
    if (inode.sb !== this.sb) return -Errno.EXDEV;
    this.attach(name, inode, kernel.realtimeNs());
    inode.nlink++;
    inode.ctime = kernel.realtimeNs();
    return 0;
  }

  override detach(kernel: Kernel, name: string): number {
    const inode = this.children.get(name);
    if (!inode) return -Errno.ENOENT;
    this.children.delete(name);
    if (inode instanceof DirectoryInode) this.nlink--;
    this.mtime = this.ctime = kernel.realtimeNs();
    return 0;
  }

  override adopt(kernel: Kernel, name: string, inode: Inode): number {
    if (this.sb.readOnly) return -Errno.EROFS;
    if (inode.sb !== this.sb) return -Errno.EXDEV;
    this.attach(name, inode, kernel.realtimeNs());
    if (inode instanceof DirectoryInode) {
      inode.parent = this;
      inode.name = name;
    }
    inode.ctime = kernel.realtimeNs();
    return 0;
  }

  private attach(name: string, inode: Inode, now: TimeNs): void {
    this.children.set(name, inode);
    if (inode instanceof DirectoryInode) this.nlink++;
    this.mtime = this.ctime = now;
  }
}

export class TmpfsFile extends RegularInode {
  /** A hole has no page: only the pages written (or read) take memory. */
  override blocksIn(kernel: Kernel): number {
    return kernel.pageCache.pagesOf(this.cacheId).size * 8;
  }

  fill(_kernel: Kernel, _index: number): number {
    return 0; // a page tmpfs never wrote is a hole: zeros, which a new frame already holds
  }

  get evictable(): boolean {
    return false;
  }
}

export class TmpfsSymlink extends SymlinkInode {
  constructor(sb: SuperBlock, ino: number, owner: { uid: number; gid: number }, now: TimeNs, private readonly link: string) {
    super(sb, ino, 0o777, owner, now);
  }

  target(): string {
    return this.link;
  }

  override get size(): number {
    return new TextEncoder().encode(this.link).length;
  }
}
