// Files that come from the host. The programs in /bin and the files in /etc are bytes the host
// hands the machine at boot (MemoryFile). The user's workspace is mounted at /workspace as an
// overlay (Linux's overlayfs in spirit): the machine sees the host folder as it is, but what a
// program creates, writes, renames or removes stays in the machine — a file written is copied up
// into memory first — unless the user chose write-through, when each change also reaches the
// host (on writeback, fsync and close for file contents). So by default nothing a simulated
// program does can touch the user's files.

import type { Kernel } from '../kernel/kernel';
import { DirectoryInode, RegularInode, SymlinkInode, type Inode, type NewInode, type SuperBlock, type TimeNs } from './inode';
import { InodeNumbers, TmpfsDirectory, TmpfsFile, TmpfsSymlink } from './tmpfs';
import { PAGE_SIZE } from '../mem/phys';
import { HOST_SETTINGS } from '../checkpoint';

/** What the host says about one of its paths. */
export interface HostStat {
  readonly kind: 'file' | 'dir' | 'symlink';
  readonly size: number;
  readonly mtimeMs: number;
  /** Permission bits. */
  readonly perm: number;
  /** A symlink's target. */
  readonly target?: string;
}

/**
 * A host folder, by paths relative to it ('' is the folder itself). Must be a plain object of
 * functions: checkpoints treat it as host wiring and never copy it.
 */
export interface HostTree {
  stat(path: string): HostStat | null;
  list(path: string): readonly string[];
  read(path: string, offset: number, length: number): Uint8Array;
  /** Present only with write-through: the machine's changes reach the host. */
  readonly writer?: HostWriter;
}

export interface HostWriter {
  writeFile(path: string, bytes: Uint8Array): void;
  mkdir(path: string): void;
  remove(path: string, directory: boolean): void;
  rename(from: string, to: string): void;
}

/** Bytes the host gives the machine at boot (a program, a configuration file); clean pages, evictable. */
export class MemoryFile extends RegularInode {
  /** The host's bytes never change: a checkpoint keeps the reference instead of a copy. */
  static readonly [HOST_SETTINGS] = ['bytes'];
  constructor(sb: SuperBlock, ino: number, perm: number, owner: { uid: number; gid: number }, now: TimeNs, private readonly bytes: Uint8Array) {
    super(sb, ino, perm, owner, now);
    this.length = bytes.length;
  }

  fill(_kernel: Kernel, index: number, target: Uint8Array, base: number): number {
    target.set(this.bytes.subarray(index * PAGE_SIZE, (index + 1) * PAGE_SIZE), base);
    return 0;
  }

  // Once written, its pages are the only copy: they stay (see openForWrite).
  private written = false;
  get evictable(): boolean {
    return !this.written;
  }

  override openForWrite(kernel: Kernel): number {
    if (!this.written) kernel.pageCache.pin(this.cacheId);
    this.written = true;
    return 0;
  }
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

const OWNER = { uid: 1000, gid: 1000 };

/** A directory of the workspace: the host's entries, listed once on first use, then the machine's changes. */
export class OverlayDirectory extends TmpfsDirectory {
  private listed = false;

  constructor(sb: SuperBlock, numbers: InodeNumbers, private readonly tree: HostTree, public hostPath: string, perm: number, now: TimeNs, parent: DirectoryInode | null, name: string) {
    super(sb, numbers, perm, OWNER, now, parent, name);
  }

  override lookup(name: string): Inode | null {
    this.populate();
    return super.lookup(name);
  }

  override entries() {
    this.populate();
    return super.entries();
  }

  override create(kernel: Kernel, name: string, kind: NewInode): Inode | number {
    this.populate();
    const now = kernel.realtimeNs();
    const path = join(this.hostPath, name);
    let inode: Inode;
    if (kind.type === 'dir') inode = new OverlayDirectory(this.sb, this.numbers, this.tree, path, kind.perm, now, this, name);
    else if (kind.type === 'reg') inode = new OverlayFile(this.sb, this.numbers.take(), kind.perm, now, this.tree, path, null);
    else inode = new TmpfsSymlink(this.sb, this.numbers.take(), kind.owner, now, kind.target);
    if (inode instanceof OverlayDirectory) inode.listed = true;
    this.tree.writer?.[kind.type === 'dir' ? 'mkdir' : 'writeFile'](path, new Uint8Array());
    this.add(kernel, name, inode);
    return inode;
  }

  override unlink(kernel: Kernel, name: string): number {
    this.populate();
    const inode = this.children.get(name);
    if (inode) this.tree.writer?.remove(join(this.hostPath, name), inode instanceof DirectoryInode);
    return super.unlink(kernel, name);
  }

  override link(kernel: Kernel, name: string, inode: Inode): number {
    this.populate();
    return super.link(kernel, name, inode);
  }

  override detach(kernel: Kernel, name: string): number {
    this.populate();
    return super.detach(kernel, name);
  }

  override adopt(kernel: Kernel, name: string, inode: Inode): number {
    this.populate();
    const status = super.adopt(kernel, name, inode);
    // Without write-through the host keeps the old name, which is where the contents still are.
    if (status === 0 && this.tree.writer && (inode instanceof OverlayFile || inode instanceof OverlayDirectory)) {
      const to = join(this.hostPath, name);
      this.tree.writer.rename(inode.hostPath, to);
      inode.moved(to);
    }
    return status;
  }

  /** After a rename: its host path and its listed children's follow. */
  moved(path: string): void {
    this.hostPath = path;
    for (const [name, child] of this.children) if (child instanceof OverlayFile || child instanceof OverlayDirectory) child.moved(join(path, name));
  }

  private populate(): void {
    if (this.listed) return;
    this.listed = true;
    for (const name of [...this.tree.list(this.hostPath)].sort()) {
      const path = join(this.hostPath, name);
      const stat = this.tree.stat(path);
      if (!stat) continue;
      const time = stat.mtimeMs * 1e6;
      const inode =
        stat.kind === 'dir'
          ? new OverlayDirectory(this.sb, this.numbers, this.tree, path, stat.perm, time, this, name)
          : stat.kind === 'symlink'
            ? new TmpfsSymlink(this.sb, this.numbers.take(), OWNER, time, stat.target ?? '')
            : new OverlayFile(this.sb, this.numbers.take(), stat.perm, time, this.tree, path, stat.size);
      this.children.set(name, inode);
      if (inode instanceof DirectoryInode) this.nlink++;
    }
  }
}

/** A workspace file: read from the host until written, then the machine's own copy (and the host's too with write-through). */
export class OverlayFile extends RegularInode {
  /** Whether its pages in the cache are the only copy of its contents (written, or made by the machine). */
  private copiedUp: boolean;

  constructor(sb: SuperBlock, ino: number, perm: number, now: TimeNs, private readonly tree: HostTree, public hostPath: string, hostSize: number | null) {
    super(sb, ino, perm, OWNER, now);
    this.length = hostSize ?? 0;
    this.copiedUp = hostSize === null;
  }

  fill(_kernel: Kernel, index: number, target: Uint8Array, base: number): number {
    if (this.copiedUp) return 0;
    const length = Math.min(PAGE_SIZE, this.length - index * PAGE_SIZE);
    if (length > 0) target.set(this.tree.read(this.hostPath, index * PAGE_SIZE, length), base);
    return 0;
  }

  get evictable(): boolean {
    return !this.copiedUp;
  }

  override get backed(): boolean {
    return this.tree.writer !== undefined;
  }

  override get flushOnClose(): boolean {
    return this.tree.writer !== undefined;
  }

  /** The first write copies the file up: every page into the cache, kept there. */
  override openForWrite(kernel: Kernel): number {
    if (this.copiedUp) return 0;
    for (let index = 0; index * PAGE_SIZE < this.length; index++) kernel.pageCache.page(this.cacheId, index) ?? loadPage(kernel, this, index);
    kernel.pageCache.pin(this.cacheId);
    this.copiedUp = true;
    return 0;
  }

  /** With write-through, the whole file goes to the host when its dirty pages are written back. */
  override flushToHost(kernel: Kernel): void {
    const writer = this.tree.writer;
    if (!writer) return;
    const bytes = new Uint8Array(this.length);
    for (const [index, page] of kernel.pageCache.pagesOf(this.cacheId)) {
      const host = kernel.mem.frameHost(page.ppn);
      const chunk = Math.min(PAGE_SIZE, this.length - index * PAGE_SIZE);
      if (chunk > 0) bytes.set(kernel.mem.u8.subarray(host, host + chunk), index * PAGE_SIZE);
    }
    writer.writeFile(this.hostPath, bytes);
  }

  moved(path: string): void {
    this.hostPath = path;
  }
}

function loadPage(kernel: Kernel, file: RegularInode, index: number): void {
  const ppn = kernel.mem.allocFrame();
  file.fill(kernel, index, kernel.mem.u8, kernel.mem.frameHost(ppn));
  kernel.pageCache.insert(file.cacheId, index, ppn, false, file);
  kernel.mem.releaseFrame(ppn);
}

/** Mounts the host folder `tree` at /workspace. */
export function mountWorkspace(kernel: Kernel, tree: HostTree): void {
  const vfs = kernel.vfs;
  const sb = vfs.anonymousDevice('overlay');
  const root = new OverlayDirectory(sb, new InodeNumbers(1), tree, '', tree.stat('')?.perm ?? 0o755, kernel.realtimeNs(), null, 'workspace');
  vfs.mount(kernel, '/workspace', 'overlay', root, tree.writer ? 'rw,relatime,write-through' : 'rw,relatime');
}

export { TmpfsFile, SymlinkInode };
