// The Storage panel's part of the snapshot: the block device under /data (its sector sizes,
// queue and last requests with their waits and latencies), the dirty-page limits, and per file
// its pages in the page cache, clean, dirty or being written, as a compact map the panel draws
// as a grid. Plain data, read without changing anything.

import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import type { BlockDeviceCounters, BlockRequest, DiskKind } from './blockdev';
import { BlockDirectory, BlockFile, blockFileSystems, type BlockFileSystem } from './blockfs';
import type { CachedPage } from './pagecache';
import { WRITEBACK_TUNABLES } from './writeback';

export interface StorageView {
  readonly device: {
    readonly name: string;
    readonly kind: DiskKind;
    readonly logicalSectorSize: number;
    readonly physicalSectorSize: number;
    readonly capacityBytes: number;
    /** Simulated ns at which the device has served everything queued. */
    readonly busyUntilNs: number;
    readonly counters: BlockDeviceCounters;
  };
  /** Requests still being served or waiting, in service order. */
  readonly queue: readonly BlockRequestView[];
  /** The last requests (up to 64), oldest first. */
  readonly recent: readonly BlockRequestView[];
  readonly blocks: { readonly total: number; readonly free: number; readonly blockSize: number };
  /** Dirty pages of the device's files, pages written but not yet on the device, and the limits in pages. */
  readonly writeback: { readonly dirtyPages: number; readonly writingPages: number; readonly backgroundLimit: number; readonly dirtyLimit: number };
  readonly files: readonly StorageFileView[];
}

/** A device request as BlockRequest has it (`pba`: the NAND page on the SSD), its times in simulated ns. */
export interface BlockRequestView extends Pick<BlockRequest, 'id' | 'op' | 'lba' | 'sectors' | 'pba' | 'cause'> {
  readonly queuedNs: number;
  /** Time waiting behind earlier requests, then the device's own latency. */
  readonly waitNs: number;
  readonly latencyNs: number;
  readonly doneNs: number;
}

export interface StorageFileView {
  readonly path: string;
  readonly ino: number;
  readonly size: number;
  /** Blocks allocated on the device. */
  readonly blocks: number;
  readonly cachedPages: number;
  readonly dirtyPages: number;
  /** Indices of the first dirty pages (up to 64). */
  readonly dirty: readonly number[];
  /** Pages the file spans: its size in pages, or more while cached pages remain past its end. */
  readonly pageCount: number;
  /**
   * The state of each of its first pages (up to 1,024), one character a page: `.` not cached,
   * `c` clean, `d` dirty, `w` clean with its write still in the device queue (Linux's
   * PG_writeback). A string, not an array, so a big file costs a few bytes a page in every reply.
   */
  readonly pageMap: string;
}

/** One character of StorageFileView.pageMap. */
export type PageMapState = '.' | 'c' | 'd' | 'w';

const LISTED_DIRTY = 64;
const MAPPED_PAGES = 1024;

/** The first block-backed file system's storage, or null when none is mounted. */
export function describeStorage(kernel: Kernel): StorageView | null {
  const fs = blockFileSystems(kernel)[0];
  if (!fs) return null;
  const ns = (cycles: number) => kernel.cyclesToNs(cycles);
  const request = (r: BlockRequest): BlockRequestView => ({
    id: r.id, op: r.op, lba: r.lba, sectors: r.sectors, pba: r.pba, cause: r.cause,
    queuedNs: ns(r.queuedAt), waitNs: ns(r.startAt - r.queuedAt), latencyNs: ns(r.doneAt - r.startAt), doneNs: ns(r.doneAt),
  });
  const device = fs.device;
  const now = kernel.now();
  const dirtyable = kernel.mem.freeFrames + kernel.pageCache.size;
  return {
    device: {
      name: device.name, kind: device.kind, logicalSectorSize: device.logicalSectorSize, physicalSectorSize: device.physicalSectorSize,
      capacityBytes: device.sectors * device.logicalSectorSize, busyUntilNs: ns(device.idleAt), counters: { ...device.counters },
    },
    queue: device.queue(now).map(request),
    recent: device.recent().map(request),
    blocks: { total: fs.blockCount, free: fs.freeBlocks, blockSize: fs.blockSize },
    writeback: {
      dirtyPages: fs.writeback.dirty,
      writingPages: fs.writeback.inflight.filter((w) => w.doneAt > now).reduce((n, w) => n + w.pages, 0),
      backgroundLimit: Math.floor((dirtyable * WRITEBACK_TUNABLES.dirtyBackgroundRatio) / 100),
      dirtyLimit: Math.floor((dirtyable * WRITEBACK_TUNABLES.dirtyRatio) / 100),
    },
    files: describeFiles(kernel, fs, writesInFlight(device.queue(now))),
  };
}

/** Logical sectors [start, end). */
interface SectorRange {
  readonly start: number;
  readonly end: number;
}

/** The sectors of the writes the device has not completed yet. */
function writesInFlight(queue: readonly BlockRequest[]): SectorRange[] {
  return queue.filter((r) => r.op === 'write').map((r) => ({ start: r.lba, end: r.lba + r.sectors }));
}

function describeFiles(kernel: Kernel, fs: BlockFileSystem, writing: readonly SectorRange[]): StorageFileView[] {
  const views: StorageFileView[] = [];
  const visit = (dir: BlockDirectory, path: string) => {
    for (const { name, inode } of dir.entries()) {
      if (inode instanceof BlockDirectory) visit(inode, `${path}/${name}`);
      if (!(inode instanceof BlockFile)) continue;
      const pages = kernel.pageCache.pagesOf(inode.cacheId);
      const dirty = [...pages].filter(([, p]) => p.dirty).map(([index]) => index).sort((a, b) => a - b);
      let pageCount = Math.ceil(inode.length / PAGE_SIZE);
      for (const index of pages.keys()) pageCount = Math.max(pageCount, index + 1);
      views.push({
        path: `${path}/${name}`, ino: inode.ino, size: inode.length, blocks: inode.allocatedBlocks, cachedPages: pages.size, dirtyPages: dirty.length,
        dirty: dirty.slice(0, LISTED_DIRTY), pageCount, pageMap: pageMap(fs, inode, pages, Math.min(pageCount, MAPPED_PAGES), writing),
      });
    }
  };
  const mount = kernel.vfs.mounts.find((m) => m.sb === fs);
  visit(fs.root, mount?.path ?? '/data');
  return views;
}

/** The first `length` pages' states, one character each. */
function pageMap(fs: BlockFileSystem, file: BlockFile, pages: ReadonlyMap<number, CachedPage>, length: number, writing: readonly SectorRange[]): string {
  let map = '';
  for (let index = 0; index < length; index++) map += pageState(fs, file, index, pages.get(index), writing);
  return map;
}

// Writeback marks a page clean when it issues the write; until the device completes it, the
// page's block is inside a queued write, and the page is shown as being written.
function pageState(fs: BlockFileSystem, file: BlockFile, index: number, page: CachedPage | undefined, writing: readonly SectorRange[]): PageMapState {
  if (!page) return '.';
  if (page.dirty) return 'd';
  const block = file.blockOf(index);
  if (!block) return 'c';
  const lba = fs.lba(block);
  return writing.some((w) => lba >= w.start && lba < w.end) ? 'w' : 'c';
}
