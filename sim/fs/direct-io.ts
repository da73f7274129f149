// O_DIRECT: reads and writes that bypass the page cache and go between the device and the
// caller's buffer (by DMA, on a real machine). Linux refuses them with EINVAL unless the file
// offset, the length and the buffer's address are multiples of the device's logical sector size
// (512 bytes on the HDD, 4096 on the SSD). For coherence with the cache, dirty cached pages of
// the range are written first (filemap_write_and_wait_range); after a direct write, cached pages
// of the range hold the new bytes (Linux invalidates them instead: what the next read sees is the
// same). The caller waits for the device either way.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import { BLOCK_SIZE, BlockFile } from './blockfs';
import type { Inode } from './inode';
import { dirtyPages, writePages, type IoWait } from './writeback';

/** Bytes moved and the cycles the caller waits, or a negative errno. */
export type DirectResult = { readonly bytes: number; readonly cycles: number } | number;

/** One device request of a direct transfer: logical sectors and where they go in the buffer. */
interface Extent {
  lba: number;
  sectors: number;
  /** Offset in the caller's buffer. */
  at: number;
  /** Block 0: a hole (reads as zeros, no request). */
  hole: boolean;
}

/** A direct read of `out.length` bytes at `offset` into `out`, for the caller's buffer at `bufAddr`; short at the end of the file. */
export function directRead(kernel: Kernel, file: Inode, offset: number, bufAddr: number, out: Uint8Array): DirectResult {
  const checked = aligned(file, offset, out.length, bufAddr);
  if (typeof checked === 'number') return checked;
  const now = kernel.now();
  const flushed = flushRange(kernel, checked, offset, out.length, now);
  const length = Math.max(0, Math.min(out.length, checked.length - offset));
  if (length === 0) return { bytes: 0, cycles: flushed.cycles };
  const sector = checked.fs.device.logicalSectorSize;
  const whole = Math.ceil(length / sector) * sector; // the device reads whole sectors; the caller gets up to the end of the file
  const buffer = new Uint8Array(whole);
  let doneAt = now + flushed.cycles;
  for (const e of extents(checked, offset, whole, false)) {
    if (e.hole) continue;
    doneAt = Math.max(doneAt, checked.fs.device.read(now, e.lba, e.sectors, buffer, e.at, 'direct'));
  }
  out.set(buffer.subarray(0, length));
  checked.atime = kernel.realtimeNs();
  return { bytes: length, cycles: doneAt - now };
}

/** A direct write of `data` at `offset` from the caller's buffer at `bufAddr`; extends the file. */
export function directWrite(kernel: Kernel, file: Inode, offset: number, bufAddr: number, data: Uint8Array): DirectResult {
  const checked = aligned(file, offset, data.length, bufAddr);
  if (typeof checked === 'number') return checked;
  if (data.length === 0) return { bytes: 0, cycles: 0 };
  const reserved = checked.reserve(kernel, offset, data.length);
  if (reserved < 0) return reserved;
  const now = kernel.now();
  const flushed = flushRange(kernel, checked, offset, data.length, now);
  let doneAt = now + flushed.cycles;
  for (const e of extents(checked, offset, data.length, true)) {
    const bytes = data.subarray(e.at, e.at + e.sectors * checked.fs.device.logicalSectorSize);
    doneAt = Math.max(doneAt, checked.fs.device.write(now, e.lba, bytes, 'direct'));
  }
  refreshCachedPages(kernel, checked, offset, data);
  if (offset + data.length > checked.length) checked.length = offset + data.length;
  checked.mtime = checked.ctime = kernel.realtimeNs();
  return { bytes: data.length, cycles: doneAt - now };
}

/** The file, when direct I/O may go ahead: EINVAL for files not on a block device and for misalignment. */
function aligned(file: Inode, offset: number, length: number, bufAddr: number): BlockFile | number {
  if (!(file instanceof BlockFile)) return -Errno.EINVAL;
  const sector = file.fs.device.logicalSectorSize;
  if (offset % sector !== 0 || length % sector !== 0 || (bufAddr >>> 0) % sector !== 0) return -Errno.EINVAL;
  return file;
}

/** Writes the dirty cached pages the range overlaps; the transfer waits for them. */
function flushRange(kernel: Kernel, file: BlockFile, offset: number, length: number, now: number): IoWait {
  const pages = dirtyPages(kernel, file, Math.floor(offset / PAGE_SIZE), Math.ceil((offset + length) / PAGE_SIZE));
  if (pages.length === 0) return { cycles: 0, result: 0 };
  const doneAt = writePages(kernel, file.fs, pages, 'direct', now);
  kernel.events.push({ kind: 'writeback', cycles: now, reason: 'direct', pages: pages.length, doneAt, waits: true });
  return { cycles: doneAt - now, result: 0 };
}

/** The requests for [offset, offset + length): one per run of consecutive blocks (blocks allocated when writing). */
function extents(file: BlockFile, offset: number, length: number, writing: boolean): Extent[] {
  const fs = file.fs;
  const sector = fs.device.logicalSectorSize;
  const out: Extent[] = [];
  for (let at = 0; at < length; ) {
    const position = offset + at;
    const within = position % BLOCK_SIZE;
    const chunk = Math.min(length - at, BLOCK_SIZE - within);
    const index = Math.floor(position / BLOCK_SIZE);
    const block = writing ? (file.blockFor(index) ?? 0) : file.blockOf(index);
    const lba = fs.lba(block) + within / sector;
    const last = out[out.length - 1];
    if (last && !last.hole && block !== 0 && last.lba + last.sectors === lba) last.sectors += chunk / sector;
    else out.push({ lba, sectors: chunk / sector, at, hole: block === 0 });
    at += chunk;
  }
  return out;
}

/** Cached pages of the range take the bytes just written, so a buffered read after it sees them. */
function refreshCachedPages(kernel: Kernel, file: BlockFile, offset: number, data: Uint8Array): void {
  for (let at = 0; at < data.length; ) {
    const position = offset + at;
    const within = position % PAGE_SIZE;
    const chunk = Math.min(data.length - at, PAGE_SIZE - within);
    const page = kernel.pageCache.page(file.cacheId, Math.floor(position / PAGE_SIZE));
    if (page) {
      const host = kernel.mem.frameHost(page.ppn) + within;
      kernel.mem.u8.set(data.subarray(at, at + chunk), host);
      kernel.decoded.invalidate(host, chunk);
    }
    at += chunk;
  }
}
