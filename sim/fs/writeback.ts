// Dirty pages of block-backed files on their way to the device, as Linux's writeback does it.
// Writes only dirty the page cache; the device sees them later:
// - the flusher wakes every dirty_writeback_centisecs (5 s) and writes pages dirty for longer
//   than dirty_expire_centisecs (30 s). It runs on the simulated clock when time passes, not as
//   a timer of its own: a machine whose threads all wait forever is still a deadlock;
// - a writer past dirty_background_ratio (10 %) of dirtyable memory starts background writeback;
//   past dirty_ratio (20 %), counting pages still being written, it waits for the device
//   (balance_dirty_pages, simplified);
// - fsync/fdatasync write the file's dirty pages (and its inode when needed) and flush the
//   device's cache; sync does it for everything; reclaim writes dirty pages so they can go.
// Pages next to each other on the device go in one request (up to 512 KiB); on an HDD a batch is
// sorted by block (the elevator). Every function returns what the caller must wait for, in cycles.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import type { WritebackReason } from '../events';
import type { IoCause } from './blockdev';
import { BlockFile, BlockFileSystem, blockFileSystems } from './blockfs';
import type { CachedPage } from './pagecache';
import { RegularInode, type Inode } from './inode';
import { syncAll as syncEveryPage, syncFile as syncPages } from './sync';

/** Linux's vm.dirty_* defaults. */
export const WRITEBACK_TUNABLES = {
  dirtyWritebackNs: 5e9,
  dirtyExpireNs: 30e9,
  dirtyBackgroundRatio: 10,
  dirtyRatio: 20,
};
/** Largest request writeback sends (pages). */
const MAX_REQUEST_PAGES = 128;

/** What a caller waits for, and the result its syscall returns (0 or -errno). */
export interface IoWait {
  readonly cycles: number;
  readonly result: number;
}

interface DirtyPage {
  readonly file: BlockFile;
  readonly index: number;
  readonly page: CachedPage;
}

// ---- fsync, fdatasync, sync ----

/** fsync: the file's dirty pages, then its inode if it changed, then a device flush. */
export function fsyncFile(kernel: Kernel, inode: Inode): IoWait {
  return syncFile(kernel, inode, 'fsync');
}

/** fdatasync: as fsync, but the inode only when the data cannot be found without it (size, blocks). */
export function fdatasyncFile(kernel: Kernel, inode: Inode): IoWait {
  return syncFile(kernel, inode, 'fdatasync');
}

function syncFile(kernel: Kernel, inode: Inode, reason: 'fsync' | 'fdatasync'): IoWait {
  if (!(inode instanceof BlockFile)) return { cycles: inode instanceof RegularInode ? syncPages(kernel, inode) : 0, result: 0 };
  const now = kernel.now();
  const pages = dirtyPages(kernel, inode);
  writePages(kernel, inode.fs, pages, reason, now);
  writeInode(inode, reason === 'fdatasync', now);
  const doneAt = inode.fs.device.flush(now, 'fsync');
  kernel.events.push({ kind: 'writeback', cycles: now, reason, pages: pages.length, doneAt, waits: true });
  const error = inode.writebackError;
  inode.writebackError = 0;
  return { cycles: doneAt - now, result: error ? -error : 0 };
}

/** sync: every dirty page of every block device, then their flushes, and other files' (the workspace's); the caller waits for all. */
export function syncAll(kernel: Kernel): IoWait {
  const now = kernel.now();
  let doneAt = now;
  for (const fs of blockFileSystems(kernel)) {
    const pages = [...fs.files.values()].flatMap((file) => dirtyPages(kernel, file));
    writePages(kernel, fs, pages, 'sync', now);
    for (const file of fs.files.values()) writeInode(file, false, now);
    const flushed = fs.device.flush(now, 'sync');
    kernel.events.push({ kind: 'writeback', cycles: now, reason: 'sync', pages: pages.length, doneAt: flushed, waits: true });
    doneAt = Math.max(doneAt, flushed);
  }
  doneAt = Math.max(doneAt, now + syncEveryPage(kernel));
  return { cycles: doneAt - now, result: 0 };
}

// ---- the flusher and the dirty limits ----

/**
 * The flusher's ticks up to `cycles` (called as simulated time passes): at each tick, pages dirty
 * for 30 s or more are written, the requests issued at the tick's time.
 */
export function flushExpired(kernel: Kernel, cycles: number): void {
  const interval = kernel.nsToCycles(WRITEBACK_TUNABLES.dirtyWritebackNs);
  const expire = kernel.nsToCycles(WRITEBACK_TUNABLES.dirtyExpireNs);
  const tick = Math.floor(cycles / interval) * interval;
  // Called at every turn of the run loop: the mounts are walked without building a list.
  for (const { sb: fs } of kernel.vfs.mounts) {
    if (!(fs instanceof BlockFileSystem) || tick <= fs.writeback.lastTick) continue;
    let pages = allDirtyPages(kernel, fs);
    let at = fs.writeback.lastTick + interval;
    while (pages.length > 0) {
      const oldest = pages.reduce((t, p) => Math.min(t, p.page.dirtiedAt), Infinity);
      at = Math.max(at, Math.ceil((oldest + expire) / interval) * interval);
      if (at > tick) break;
      const due = pages.filter((p) => p.page.dirtiedAt + expire <= at);
      const doneAt = writePages(kernel, fs, due, 'writeback', at);
      kernel.events.push({ kind: 'writeback', cycles: at, reason: 'timer', pages: due.length, doneAt, waits: false });
      pages = pages.filter((p) => p.page.dirty);
      at += interval;
    }
    fs.writeback.lastTick = tick;
  }
}

/**
 * After a write to `file` of [offset, offset + length): counts the pages it dirtied, starts
 * background writeback past the background limit, and returns how long the writer waits when
 * dirty pages plus pages being written exceed the dirty limit.
 */
export function balanceDirtyPages(kernel: Kernel, file: Inode, offset: number, length: number): number {
  if (!(file instanceof BlockFile)) return 0;
  const fs = file.fs;
  const now = kernel.now();
  for (let index = Math.floor(offset / PAGE_SIZE); index < Math.ceil((offset + length) / PAGE_SIZE); index++) track(kernel, file, index);
  fs.writeback.inflight = fs.writeback.inflight.filter((w) => w.doneAt > now);
  const dirtyable = kernel.mem.freeFrames + kernel.pageCache.size;
  const background = Math.floor((dirtyable * WRITEBACK_TUNABLES.dirtyBackgroundRatio) / 100);
  const limit = Math.floor((dirtyable * WRITEBACK_TUNABLES.dirtyRatio) / 100);
  if (fs.writeback.dirty <= background) return 0;
  // Down to half the background limit, so the flusher writes big batches rather than a page per write().
  const pages = allDirtyPages(kernel, fs).slice(0, fs.writeback.dirty - Math.floor(background / 2));
  const doneAt = writePages(kernel, fs, pages, 'writeback', now);
  let over = fs.writeback.dirty + fs.writeback.inflight.reduce((n, w) => n + w.pages, 0) - limit;
  if (over <= 0) {
    kernel.events.push({ kind: 'writeback', cycles: now, reason: 'background', pages: pages.length, doneAt, waits: false });
    return 0;
  }
  let until = now;
  for (const w of fs.writeback.inflight) {
    until = w.doneAt;
    over -= w.pages;
    if (over <= 0) break;
  }
  kernel.events.push({ kind: 'writeback', cycles: now, reason: 'throttle', pages: pages.length, doneAt: until, waits: true });
  return until - now;
}

/** Memory is short: write every dirty page of the block devices so reclaim may drop them; returns frames freed. */
export function reclaimDirty(kernel: Kernel): number {
  const now = kernel.now();
  for (const fs of blockFileSystems(kernel)) {
    const pages = allDirtyPages(kernel, fs);
    if (pages.length === 0) continue;
    const doneAt = writePages(kernel, fs, pages, 'reclaim', now);
    kernel.events.push({ kind: 'writeback', cycles: now, reason: 'reclaim', pages: pages.length, doneAt, waits: false });
  }
  return kernel.pageCache.shrink();
}

// ---- writing pages ----

/** The file's dirty pages in [first, end), by index. */
export function dirtyPages(kernel: Kernel, file: BlockFile, first = 0, end = Infinity): DirtyPage[] {
  const pages: DirtyPage[] = [];
  for (const [index, page] of kernel.pageCache.pagesOf(file.cacheId)) {
    if (page.dirty && index >= first && index < end) pages.push({ file, index, page });
  }
  return pages.sort((a, b) => a.index - b.index);
}

/** Every dirty page of a file system, file by file, the files in the order their oldest page was dirtied. */
function allDirtyPages(kernel: Kernel, fs: BlockFileSystem): DirtyPage[] {
  const files = [...fs.files.values()].map((file) => dirtyPages(kernel, file)).filter((pages) => pages.length > 0);
  const oldest = (pages: DirtyPage[]) => pages.reduce((t, p) => Math.min(t, p.page.dirtiedAt), Infinity);
  files.sort((a, b) => oldest(a) - oldest(b));
  for (const pages of files) for (const p of pages) track(kernel, p.file, p.index);
  return files.flat();
}

function track(kernel: Kernel, file: BlockFile, index: number): void {
  if (file.tracked.has(index) || !kernel.pageCache.page(file.cacheId, index)?.dirty) return;
  file.tracked.add(index);
  file.fs.writeback.dirty++;
}

/**
 * Writes `pages` to their blocks, issued at `at`, consecutive blocks merged into one request; the
 * pages are clean from then on (their bytes are on the way). Returns when the last write completes.
 */
export function writePages(kernel: Kernel, fs: BlockFileSystem, pages: readonly DirtyPage[], reason: WritebackReason | IoCause, at: number): number {
  const cause = causeOf(reason);
  const placed: { block: number; page: DirtyPage }[] = [];
  for (const p of pages) {
    const block = p.file.blockFor(p.index);
    forget(kernel, p);
    if (block === null) p.file.writebackError = Errno.ENOSPC; // the data is lost, as Linux loses it: fsync reports it
    else placed.push({ block, page: p });
  }
  if (fs.device.kind === 'hdd') placed.sort((a, b) => a.block - b.block);
  fs.writeback.inflight = fs.writeback.inflight.filter((w) => w.doneAt > at);
  let doneAt = at;
  for (let i = 0; i < placed.length; ) {
    let run = 1;
    while (i + run < placed.length && run < MAX_REQUEST_PAGES && placed[i + run].block === placed[i].block + run) run++;
    const data = new Uint8Array(run * PAGE_SIZE);
    for (let k = 0; k < run; k++) {
      const host = kernel.mem.frameHost(placed[i + k].page.page.ppn);
      data.set(kernel.mem.u8.subarray(host, host + PAGE_SIZE), k * PAGE_SIZE);
    }
    const done = fs.device.write(at, fs.lba(placed[i].block), data, cause);
    fs.writeback.inflight.push({ doneAt: done, pages: run });
    doneAt = Math.max(doneAt, done);
    i += run;
  }
  return doneAt;
}

function causeOf(reason: WritebackReason | IoCause): IoCause {
  if (reason === 'fsync' || reason === 'fdatasync') return 'fsync';
  if (reason === 'timer' || reason === 'background' || reason === 'throttle') return 'writeback';
  return reason;
}

function forget(kernel: Kernel, p: DirtyPage): void {
  kernel.pageCache.markClean(p.page);
  if (p.file.tracked.delete(p.index)) p.file.fs.writeback.dirty--;
}

/** Writes the inode's table block when the inode changed since it was last written (fdatasync: only size and blocks). */
function writeInode(file: BlockFile, dataOnly: boolean, at: number): void {
  const now = { length: file.length, mtime: file.mtime, blocks: file.allocatedBlocks };
  const changed = now.length !== file.synced.length || now.blocks !== file.synced.blocks || (!dataOnly && now.mtime !== file.synced.mtime);
  if (!changed) return;
  const block = file.fs.inodeBlock(file.ino);
  file.fs.device.write(at, file.fs.lba(block), file.fs.inodeTableBytes(block), 'fsync');
  file.synced = now;
}
