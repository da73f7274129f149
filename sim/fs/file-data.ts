// A regular file's bytes, whatever file system holds it: read and write go through the page
// cache one page at a time, filling a missing page from the file system first (tmpfs pages start
// as zeros and stay; a host file's come from the host; a block device's cost the device's
// latency). Writes dirty the pages they touch and extend the file. The cycles the fills cost
// come back to the syscall, which sleeps the thread that long (an uninterruptible disk wait).

import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import type { CachedPage } from './pagecache';
import { RegularInode } from './inode';
import { resolve } from './path';
import { noteCacheHit } from './blockfs';

/** Bytes moved and the device time it took. */
export interface Transfer {
  readonly bytes: number;
  readonly cycles: number;
}

/** The cached page `index` of `file`, filled on a miss; `cycles` is what the fill cost. */
export function filePage(kernel: Kernel, file: RegularInode, index: number): { page: CachedPage; cycles: number } {
  const cached = kernel.pageCache.page(file.cacheId, index);
  if (cached) {
    kernel.io.cacheHits++;
    noteCacheHit(kernel, file, index);
    return { page: cached, cycles: 0 };
  }
  kernel.io.cacheMisses++;
  const ppn = kernel.mem.allocFrame();
  const cycles = file.fill(kernel, index, kernel.mem.u8, kernel.mem.frameHost(ppn));
  const page = kernel.pageCache.insert(file.cacheId, index, ppn, !file.evictable, file);
  kernel.mem.releaseFrame(ppn); // the cache's reference is the only one
  return { page, cycles };
}

/** A page of a file mapped into memory (a fault's view): its frame, dirty when the mapping may write it. */
export function mappedFilePage(kernel: Kernel, file: RegularInode, index: number, writable: boolean): number {
  const { page } = filePage(kernel, file, index);
  if (writable && file.backed) kernel.pageCache.markDirty(page, kernel.now());
  return page.ppn;
}

/** Copies up to `length` bytes from `offset` into `out` (end of file shortens it). */
export function readFile(kernel: Kernel, file: RegularInode, offset: number, out: Uint8Array): Transfer {
  const end = Math.min(offset + out.length, file.length);
  let done = 0;
  let cycles = 0;
  for (let at = offset; at < end; ) {
    const { page, cycles: fill } = filePage(kernel, file, Math.floor(at / PAGE_SIZE));
    cycles += fill;
    const within = at % PAGE_SIZE;
    const chunk = Math.min(end - at, PAGE_SIZE - within);
    const host = kernel.mem.frameHost(page.ppn) + within;
    out.set(kernel.mem.u8.subarray(host, host + chunk), done);
    done += chunk;
    at += chunk;
  }
  return { bytes: done, cycles };
}

/** Writes `bytes` at `offset`, extending the file; the pages touched become dirty. */
export function writeFile(kernel: Kernel, file: RegularInode, offset: number, bytes: Uint8Array): Transfer {
  let cycles = 0;
  for (let done = 0; done < bytes.length; ) {
    const at = offset + done;
    const within = at % PAGE_SIZE;
    const chunk = Math.min(bytes.length - done, PAGE_SIZE - within);
    const index = Math.floor(at / PAGE_SIZE);
    // A page the write covers whole need not be read first (Linux skips the read too).
    const whole = within === 0 && chunk === PAGE_SIZE;
    const { page, cycles: fill } = whole || index * PAGE_SIZE >= file.length ? blankPage(kernel, file, index) : filePage(kernel, file, index);
    cycles += fill;
    kernel.mem.u8.set(bytes.subarray(done, done + chunk), kernel.mem.frameHost(page.ppn) + within);
    kernel.decoded.invalidate(kernel.mem.frameHost(page.ppn) + within, chunk);
    if (file.backed) kernel.pageCache.markDirty(page, kernel.now());
    done += chunk;
  }
  if (offset + bytes.length > file.length) file.length = offset + bytes.length;
  const now = kernel.realtimeNs();
  file.mtime = file.ctime = now;
  return { bytes: bytes.length, cycles };
}

/** A page about to be overwritten: the cached one, or a zeroed frame without reading the device. */
function blankPage(kernel: Kernel, file: RegularInode, index: number): { page: CachedPage; cycles: number } {
  const cached = kernel.pageCache.page(file.cacheId, index);
  if (cached) return { page: cached, cycles: 0 };
  const ppn = kernel.mem.allocFrame();
  const page = kernel.pageCache.insert(file.cacheId, index, ppn, !file.evictable, file);
  kernel.mem.releaseFrame(ppn);
  return { page, cycles: 0 };
}

/** Sets the file's length: pages past it go, the tail of the last one is zeroed. */
export function truncateFile(kernel: Kernel, file: RegularInode, length: number): void {
  const keep = Math.ceil(length / PAGE_SIZE);
  kernel.pageCache.drop(file.cacheId, keep);
  if (length % PAGE_SIZE !== 0) {
    const last = kernel.pageCache.page(file.cacheId, keep - 1);
    if (last) {
      const host = kernel.mem.frameHost(last.ppn);
      kernel.mem.u8.fill(0, host + (length % PAGE_SIZE), host + PAGE_SIZE);
    }
  }
  unmapPast(kernel, file, keep);
  file.truncated(kernel, length);
  file.length = length;
  file.mtime = file.ctime = kernel.realtimeNs();
}

// Linux's unmap_mapping_range on truncation: pages past the new end leave every mapping of the
// file (private copies too), so touching them again is a SIGBUS, or zeros once the file regrows.
function unmapPast(kernel: Kernel, file: RegularInode, keep: number): void {
  for (const process of kernel.liveProcesses) {
    for (const vma of process.aspace.vmas.all) {
      if (vma.file?.vfs !== file) continue;
      const from = Math.max(vma.start, vma.start + keep * PAGE_SIZE - vma.offset);
      if (from < vma.end) process.aspace.unmapPages(from, vma.end);
    }
  }
}

/**
 * The whole contents of the regular file at absolute `path`, as the host (a test, the debugger)
 * looks at the machine's files: without changing anything — nothing enters the page cache, no
 * counter moves — so null as well when a page would have to come from the storage device.
 */
export function fileAtPath(kernel: Kernel, path: string): Uint8Array | null {
  const inode = resolve(kernel, kernel.init, kernel.vfs.root, path);
  if (!(inode instanceof RegularInode)) return null;
  const bytes = new Uint8Array(Math.ceil(inode.length / PAGE_SIZE) * PAGE_SIZE);
  for (let index = 0; index * PAGE_SIZE < inode.length; index++) {
    const page = kernel.pageCache.page(inode.cacheId, index);
    if (page) bytes.set(kernel.mem.u8.subarray(kernel.mem.frameHost(page.ppn), kernel.mem.frameHost(page.ppn) + PAGE_SIZE), index * PAGE_SIZE);
    else if (inode.supportsDirect) return null; // on a block device: reading it would be a request
    else inode.fill(kernel, index, bytes, index * PAGE_SIZE);
  }
  return bytes.subarray(0, inode.length);
}
