// A simple inode file system on a block device, mounted at /data: 4 KiB blocks; block 0 the
// superblock, then the block bitmap and the inode table (16 inodes of 256 bytes a block), then
// data. The bitmap, the inodes and the directories are kept in memory (their blocks are reserved
// on the device, and an inode's table block is written when fsync needs the inode on disk); file
// data really lives in device blocks. A file maps page index → block, allocated next-fit so a
// file written in order gets consecutive blocks, and its pages come to the page cache through
// the device: a miss costs a read request (with up to 128 KiB of readahead when reading in
// order), writeback writes a dirty page to its block, truncation frees blocks (and trims them).

import { Errno } from '../kernel/errno';
import type { PageCacheOutcome } from '../events';
import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import { BlockDevice, type DiskKind } from './blockdev';
import { DirectoryInode, RegularInode, type Inode, type NewInode, type SuperBlock, type TimeNs } from './inode';
import { InodeNumbers, TmpfsDirectory, TmpfsSymlink } from './tmpfs';
import { USER_OWNER } from './vfs';

export const BLOCK_SIZE = 4096;
const INODE_SIZE = 256;
const INODES_PER_BLOCK = BLOCK_SIZE / INODE_SIZE;
const INODE_COUNT = 4096;
/** Linux's default read_ahead_kb (128 KiB): pages read with a miss when reading in order. */
const READAHEAD_PAGES = 32;
/** Readahead stops while fewer frames than this are free (it must never cause an OOM kill). */
const READAHEAD_RESERVE_FRAMES = 256;

export interface DataMountOptions {
  readonly disk: DiskKind;
  /** Capacity of the device (default 256 MiB). */
  readonly sizeMiB?: number;
}

/** Writes on their way to the device, by completion: dirty-limit accounting counts them. */
export interface InFlight {
  readonly doneAt: number;
  readonly pages: number;
}

export class BlockFileSystem implements SuperBlock {
  readonly type = 'blockfs';
  readonly blockSize = BLOCK_SIZE;
  readonly readOnly = false;
  readonly dev: { readonly major: number; readonly minor: number };
  readonly blockCount: number;
  /** The first block files may use (after superblock, bitmap and inode table). */
  readonly firstDataBlock: number;
  readonly inodeTableStart: number;
  readonly root: BlockDirectory;
  /** Live regular files by page cache id: what writeback walks. */
  readonly files = new Map<string, BlockFile>();
  /** Writeback's state for this device (writeback.ts). */
  readonly writeback = { lastTick: 0, inflight: [] as InFlight[], dirty: 0 };
  private readonly numbers = new InodeNumbers(2);
  /** Inode numbers of deleted files, used again first (the table has INODE_COUNT slots). */
  private readonly freeInodes: number[] = [];
  private readonly used: Uint8Array;
  private cursor: number;
  private freeCount: number;

  constructor(readonly device: BlockDevice, now: TimeNs) {
    this.dev = device.dev;
    this.blockCount = Math.floor((device.sectors * device.logicalSectorSize) / BLOCK_SIZE);
    const bitmapBlocks = Math.ceil(this.blockCount / (BLOCK_SIZE * 8));
    this.inodeTableStart = 1 + bitmapBlocks;
    this.firstDataBlock = this.inodeTableStart + INODE_COUNT / INODES_PER_BLOCK;
    this.used = new Uint8Array(this.blockCount);
    this.used.fill(1, 0, this.firstDataBlock);
    this.cursor = this.firstDataBlock;
    this.freeCount = this.blockCount - this.firstDataBlock;
    this.root = new BlockDirectory(this, this.takeInode()!, 0o755, USER_OWNER, now, null, '');
  }

  /** A free inode number, or null when the inode table is full. */
  takeInode(): number | null {
    if (this.freeInodes.length > 0) return this.freeInodes.shift()!;
    const ino = this.numbers.take();
    return ino <= INODE_COUNT ? ino : null;
  }

  releaseInode(ino: number): void {
    this.freeInodes.push(ino);
  }

  get freeBlocks(): number {
    return this.freeCount;
  }

  /** One free block, next after the last one handed out (so sequential writes stay contiguous); null when full. */
  allocate(): number | null {
    if (this.freeCount === 0) return null;
    for (let n = 0; n < this.blockCount; n++) {
      const block = this.cursor;
      this.cursor = this.cursor + 1 >= this.blockCount ? this.firstDataBlock : this.cursor + 1;
      if (this.used[block]) continue;
      this.used[block] = 1;
      this.freeCount--;
      return block;
    }
    return null;
  }

  release(block: number): void {
    if (!this.used[block] || block < this.firstDataBlock) return;
    this.used[block] = 0;
    this.freeCount++;
    this.device.discard(this.lba(block), this.sectorsPerBlock);
  }

  /** The device's first logical sector of a block. */
  lba(block: number): number {
    return (block * BLOCK_SIZE) / this.device.logicalSectorSize;
  }

  get sectorsPerBlock(): number {
    return BLOCK_SIZE / this.device.logicalSectorSize;
  }

  /** The inode table block holding inode `ino`. */
  inodeBlock(ino: number): number {
    return this.inodeTableStart + Math.floor((ino - 1) / INODES_PER_BLOCK);
  }

  /** The on-disk form of an inode table block: mode, owner, size, times and block count of each inode in it. */
  inodeTableBytes(block: number): Uint8Array {
    const bytes = new Uint8Array(BLOCK_SIZE);
    const view = new DataView(bytes.buffer);
    const first = (block - this.inodeTableStart) * INODES_PER_BLOCK + 1;
    for (const file of this.files.values()) {
      const slot = file.ino - first;
      if (slot < 0 || slot >= INODES_PER_BLOCK) continue;
      const at = slot * INODE_SIZE;
      view.setUint16(at, file.mode, true);
      view.setUint16(at + 2, file.uid, true);
      view.setUint32(at + 4, file.length, true);
      view.setUint32(at + 8, Math.floor(file.mtime / 1e9), true);
      view.setUint16(at + 12, file.gid, true);
      view.setUint16(at + 14, file.nlink, true);
      view.setUint32(at + 16, file.allocatedBlocks, true);
    }
    return bytes;
  }
}

/** Makes the device and its file system and mounts it at /data; the kernel calls it at boot. */
export function mountData(kernel: Kernel, options: DataMountOptions): BlockFileSystem {
  const device = new BlockDevice(options.disk, (options.sizeMiB ?? 256) * 1024 * 1024, kernel.cost, kernel.events);
  const fs = new BlockFileSystem(device, kernel.realtimeNs());
  kernel.vfs.mount(kernel, '/data', `/dev/${device.name}`, fs.root);
  return fs;
}

/** The block file systems mounted (what writeback, sync and the Storage panel walk). */
export function blockFileSystems(kernel: Kernel): BlockFileSystem[] {
  const found: BlockFileSystem[] = [];
  for (const mount of kernel.vfs.mounts) if (mount.sb instanceof BlockFileSystem) found.push(mount.sb);
  return found;
}

/** A directory of /data: names kept in memory as tmpfs keeps them; inodes from the file system's fixed table. */
export class BlockDirectory extends TmpfsDirectory {
  constructor(readonly fs: BlockFileSystem, ino: number, perm: number, owner: { uid: number; gid: number }, now: TimeNs, parent: DirectoryInode | null, name: string) {
    super(fs, NO_NUMBERS, perm, owner, now, parent, name, ino);
  }

  // The inode table is fixed at mkfs: running out of inodes is ENOSPC, as on ext2.
  protected override make(name: string, kind: NewInode, now: TimeNs): Inode | number {
    const ino = this.fs.takeInode();
    if (ino === null) return -Errno.ENOSPC;
    if (kind.type === 'dir') return new BlockDirectory(this.fs, ino, kind.perm, kind.owner, now, this, name);
    if (kind.type === 'reg') return new BlockFile(this.fs, ino, kind.perm, kind.owner, now);
    return new TmpfsSymlink(this.fs, ino, kind.owner, now, kind.target);
  }

  override unlink(kernel: Kernel, name: string): number {
    const inode = this.lookup(name);
    const status = super.unlink(kernel, name);
    if (status < 0 || !inode || inode.nlink > 0) return status;
    if (inode instanceof BlockFile) {
      if (inode.opens === 0) inode.evict(kernel);
    } else this.fs.releaseInode(inode.ino);
    return 0;
  }
}

/** BlockDirectory's inode numbers come from the file system's table, never from a counter. */
const NO_NUMBERS = new InodeNumbers(0);

export class BlockFile extends RegularInode {
  /** Page index → block (0: none yet, a hole). */
  private readonly blockMap: number[] = [];
  /** Indices of pages writeback knows to be dirty (dirty-limit accounting). */
  readonly tracked = new Set<number>();
  /** The inode as last written to the inode table (fsync writes it again when it changed). */
  synced = { length: 0, mtime: 0, blocks: 0 };
  /** A failed writeback's error, reported by the next fsync (Linux's errseq). */
  writebackError = 0;

  constructor(readonly fs: BlockFileSystem, ino: number, perm: number, owner: { uid: number; gid: number }, now: TimeNs) {
    super(fs, ino, perm, owner, now);
    fs.files.set(this.cacheId, this);
  }

  get evictable(): boolean {
    return true;
  }

  override get backed(): boolean {
    return true;
  }

  override get supportsDirect(): boolean {
    return true;
  }

  get allocatedBlocks(): number {
    return this.blockMap.reduce((n, b) => n + (b ? 1 : 0), 0);
  }

  override get blocks(): number {
    return this.allocatedBlocks * (BLOCK_SIZE / 512);
  }

  /** The block holding page `index`, or 0 for a hole. */
  blockOf(index: number): number {
    return this.blockMap[index] ?? 0;
  }

  /** The block for page `index`, allocated when missing; null when the device is full. */
  blockFor(index: number): number | null {
    const block = this.blockOf(index);
    if (block) return block;
    const fresh = this.fs.allocate();
    if (fresh === null) return null;
    this.blockMap[index] = fresh;
    return fresh;
  }

  /** Allocates the blocks a write of [offset, offset + length) needs, or fails with ENOSPC before writing anything. */
  override reserve(_kernel: Kernel, offset: number, length: number): number {
    const first = Math.floor(offset / PAGE_SIZE);
    const end = Math.ceil((offset + length) / PAGE_SIZE);
    let needed = 0;
    for (let index = first; index < end; index++) if (!this.blockOf(index)) needed++;
    if (needed > this.fs.freeBlocks) return -Errno.ENOSPC;
    for (let index = first; index < end; index++) this.blockFor(index);
    return 0;
  }

  fill(kernel: Kernel, index: number, target: Uint8Array, base: number): number {
    const now = kernel.now();
    const block = this.blockOf(index);
    storageEvent(kernel, this, index, 'miss');
    if (!block) {
      target.fill(0, base, base + PAGE_SIZE);
      storageEvent(kernel, this, index, 'hole');
      return 0;
    }
    const run = this.readaheadRun(kernel, index, block);
    const bytes = new Uint8Array(run * PAGE_SIZE);
    const doneAt = this.fs.device.read(now, this.fs.lba(block), run * this.fs.sectorsPerBlock, bytes, 0, 'fill');
    target.set(bytes.subarray(0, PAGE_SIZE), base);
    for (let k = 1; k < run; k++) this.cacheReadahead(kernel, index + k, bytes.subarray(k * PAGE_SIZE, (k + 1) * PAGE_SIZE));
    storageEvent(kernel, this, index, 'filled', doneAt);
    return doneAt - now;
  }

  /** Writes dirty page `index` to its block (allocating it); the cycles until the device has it. */
  override writeBack(kernel: Kernel, index: number, bytes: Uint8Array): number {
    const now = kernel.now();
    if (this.tracked.delete(index)) this.fs.writeback.dirty--;
    const block = this.blockFor(index);
    if (block === null) {
      this.writebackError = Errno.ENOSPC;
      return 0;
    }
    return this.fs.device.write(now, this.fs.lba(block), bytes, 'writeback') - now;
  }

  override truncated(_kernel: Kernel, length: number): void {
    const keep = Math.ceil(length / PAGE_SIZE);
    for (let index = keep; index < this.blockMap.length; index++) {
      if (this.blockMap[index]) this.fs.release(this.blockMap[index]);
    }
    this.blockMap.length = Math.min(this.blockMap.length, keep);
    for (const index of [...this.tracked]) {
      if (index < keep) continue;
      this.tracked.delete(index);
      this.fs.writeback.dirty--;
    }
  }

  /** The last name and the last open file are gone: its blocks and pages go too. */
  override evict(kernel: Kernel): void {
    kernel.pageCache.drop(this.cacheId);
    this.truncated(kernel, 0);
    this.fs.files.delete(this.cacheId);
    this.fs.releaseInode(this.ino);
  }

  // Reading in order (the previous page is cached, or this is the first): one request fetches
  // the following pages too while their blocks are consecutive and they are not cached yet.
  private readaheadRun(kernel: Kernel, index: number, block: number): number {
    const sequential = index === 0 || kernel.pageCache.page(this.cacheId, index - 1) !== undefined;
    if (!sequential || kernel.mem.freeFrames < READAHEAD_RESERVE_FRAMES) return 1;
    const lastPage = Math.ceil(this.length / PAGE_SIZE) - 1;
    let run = 1;
    while (run < READAHEAD_PAGES && index + run <= lastPage && this.blockOf(index + run) === block + run && !kernel.pageCache.page(this.cacheId, index + run)) run++;
    return run;
  }

  private cacheReadahead(kernel: Kernel, index: number, bytes: Uint8Array): void {
    const ppn = kernel.mem.allocFrame();
    kernel.mem.u8.set(bytes, kernel.mem.frameHost(ppn));
    kernel.pageCache.insert(this.cacheId, index, ppn, false, this);
    kernel.mem.releaseFrame(ppn); // the cache's reference is the only one
  }
}

/** Records a page cache step of a block-backed file for the Storage panel (tmpfs pages are not shown: they never touch a device). */
export function storageEvent(kernel: Kernel, file: BlockFile, index: number, outcome: PageCacheOutcome, cycles = kernel.now()): void {
  kernel.events.push({ kind: 'pageCache', cycles, file: `${file.fs.device.name}:${file.ino}`, index, outcome });
}

/** For file-data.ts's cache hit: an event when the file is block-backed. */
export function noteCacheHit(kernel: Kernel, file: RegularInode, index: number): void {
  if (file instanceof BlockFile) storageEvent(kernel, file, index, 'hit');
}
