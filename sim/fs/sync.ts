// Writing dirty pages back: a file's (fsync, fdatasync, and the last close of a workspace file
// with write-through) or every file's (sync). Each dirty page goes to its file system's backing
// store, which says what the device took; the caller waits that long.

import type { Kernel } from '../kernel/kernel';
import { PAGE_SIZE } from '../mem/phys';
import type { RegularInode } from './inode';

/** Writes back a file's dirty pages; the device cycles the caller waits. */
export function syncFile(kernel: Kernel, file: RegularInode): number {
  let cycles = 0;
  let wrote = false;
  for (const [index, page] of kernel.pageCache.pagesOf(file.cacheId)) {
    if (!page.dirty) continue;
    const host = kernel.mem.frameHost(page.ppn);
    cycles += file.writeBack(kernel, index, kernel.mem.u8.subarray(host, host + PAGE_SIZE));
    kernel.pageCache.markClean(page);
    wrote = true;
  }
  if (wrote) file.flushToHost(kernel);
  return cycles;
}

/** Writes back every file's dirty pages (sync); the cycles the caller waits. */
export function syncAll(kernel: Kernel): number {
  let cycles = 0;
  for (const file of kernel.pageCache.dirtyFiles()) cycles += syncFile(kernel, file);
  return cycles;
}
