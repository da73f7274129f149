// The Storage panel's part of the snapshot: the block device under /data (its sector sizes,
// queue and last requests with their waits and latencies), the dirty-page limits, and per file
// its pages in the page cache, clean and dirty. Plain data, read without changing anything.

import type { Kernel } from '../kernel/kernel';
import type { BlockDeviceCounters, BlockOp, BlockRequest, DiskKind, IoCause } from './blockdev';
import { BlockDirectory, BlockFile, blockFileSystems, type BlockFileSystem } from './blockfs';
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

export interface BlockRequestView {
  readonly id: number;
  readonly op: BlockOp;
  readonly lba: number;
  readonly sectors: number;
  /** The physical sector (NAND page on the SSD) the first LBA maps to; -1 for a flush. */
  readonly pba: number;
  readonly cause: IoCause;
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
}

const LISTED_DIRTY = 64;

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
    files: describeFiles(kernel, fs),
  };
}

function describeFiles(kernel: Kernel, fs: BlockFileSystem): StorageFileView[] {
  const views: StorageFileView[] = [];
  const visit = (dir: BlockDirectory, path: string) => {
    for (const { name, inode } of dir.entries()) {
      if (inode instanceof BlockDirectory) visit(inode, `${path}/${name}`);
      if (!(inode instanceof BlockFile)) continue;
      const pages = kernel.pageCache.pagesOf(inode.cacheId);
      const dirty = [...pages].filter(([, p]) => p.dirty).map(([index]) => index).sort((a, b) => a - b);
      views.push({ path: `${path}/${name}`, ino: inode.ino, size: inode.length, blocks: inode.allocatedBlocks, cachedPages: pages.size, dirtyPages: dirty.length, dirty: dirty.slice(0, LISTED_DIRTY) });
    }
  };
  const mount = kernel.vfs.mounts.find((m) => m.sb === fs);
  visit(fs.root, mount?.path ?? '/data');
  return views;
}
