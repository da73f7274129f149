// The page cache, as far as Kernel I needs one: clean pages of mapped files, shared by every
// process that maps the same file page, so a program's text and libc's segment occupy their
// frames once however many processes run them (and Pss shows the saving). The cache holds one
// reference on each frame it keeps. Files, dirty pages and writeback arrive with Kernel II.

import type { PhysicalMemory } from '../mem/phys';

export class PageCache {
  private readonly pages = new Map<string, number>();
  private readonly held = new Set<number>();

  constructor(private readonly mem: PhysicalMemory) {}

  lookup(fileId: string, pageVa: number): number | undefined {
    return this.pages.get(key(fileId, pageVa));
  }

  /** Keeps `ppn` (already filled) as the page at `pageVa` of `fileId`; takes a reference. */
  insert(fileId: string, pageVa: number, ppn: number): void {
    this.mem.shareFrame(ppn);
    this.pages.set(key(fileId, pageVa), ppn);
    this.held.add(ppn);
  }

  /** Whether the cache holds a reference on the frame (so it is not one more mapping). */
  holds(ppn: number): boolean {
    return this.held.has(ppn);
  }

  /** Drops pages nobody maps any more; returns how many frames were freed (memory pressure). */
  shrink(): number {
    let freed = 0;
    for (const [k, ppn] of this.pages) {
      if (this.mem.refcount[this.mem.frameIndex(ppn)] !== 1) continue;
      this.pages.delete(k);
      this.held.delete(ppn);
      this.mem.releaseFrame(ppn);
      freed++;
    }
    return freed;
  }

  get size(): number {
    return this.pages.size;
  }
}

function key(fileId: string, pageVa: number): string {
  return `${fileId}@${pageVa >>> 12}`;
}
