// The page cache: every file page in memory, by file and page index, shared by read(), write()
// and every process that maps the page — so a program's text and libc occupy their frames once
// however many processes run them (Pss shows the saving), and a MAP_SHARED write is what the
// next read() returns. The cache holds one reference on each frame it keeps. Pages are clean or
// dirty; clean pages of files that can be read again are dropped under memory pressure, dirty
// ones are written back first (writeback.ts), tmpfs pages stay (they have nowhere else to be).

import type { PhysicalMemory } from '../mem/phys';
import type { RegularInode } from './inode';

/** One cached page. */
export interface CachedPage {
  readonly ppn: number;
  dirty: boolean;
  /** Dropped only by truncation or unlink: tmpfs pages, which have no backing store. */
  pinned: boolean;
  /** Simulated cycles it became dirty (writeback's age), 0 while clean. */
  dirtiedAt: number;
}

export class PageCache {
  private readonly files = new Map<string, Map<number, CachedPage>>();
  private readonly held = new Set<number>();
  /** The file behind each id with pages here (ELF images loaded by the host have none). */
  private readonly owners = new Map<string, RegularInode>();
  private dirtyPages = 0;

  constructor(private readonly mem: PhysicalMemory) {}

  /** The frame of page `index` of `fileId` (ELF images index by virtual page number). */
  lookup(fileId: string, index: number): number | undefined {
    return this.files.get(fileId)?.get(index)?.ppn;
  }

  page(fileId: string, index: number): CachedPage | undefined {
    return this.files.get(fileId)?.get(index);
  }

  /** Keeps `ppn` (already filled) as page `index` of `fileId`; takes a reference. */
  insert(fileId: string, index: number, ppn: number, pinned = false, owner?: RegularInode): CachedPage {
    this.mem.shareFrame(ppn);
    if (owner) this.owners.set(fileId, owner);
    let pages = this.files.get(fileId);
    if (!pages) this.files.set(fileId, (pages = new Map()));
    const page: CachedPage = { ppn, dirty: false, pinned, dirtiedAt: 0 };
    pages.set(index, page);
    this.held.add(ppn);
    return page;
  }

  markDirty(page: CachedPage, now: number): void {
    if (page.dirty) return;
    page.dirty = true;
    page.dirtiedAt = now;
    this.dirtyPages++;
  }

  markClean(page: CachedPage): void {
    if (!page.dirty) return;
    page.dirty = false;
    page.dirtiedAt = 0;
    this.dirtyPages--;
  }

  /** Keeps every cached page of a file from now on (a workspace file copied up into the machine). */
  pin(fileId: string): void {
    for (const page of this.pagesOf(fileId).values()) page.pinned = true;
  }

  /** The pages of one file, by index (for fsync, truncation and the Storage panel). */
  pagesOf(fileId: string): ReadonlyMap<number, CachedPage> {
    return this.files.get(fileId) ?? EMPTY;
  }

  /** Every file with pages in the cache. */
  fileIds(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The files that have dirty pages (sync, the flusher). */
  dirtyFiles(): RegularInode[] {
    const files: RegularInode[] = [];
    for (const [fileId, pages] of this.files) {
      const owner = this.owners.get(fileId);
      if (owner && [...pages.values()].some((p) => p.dirty)) files.push(owner);
    }
    return files;
  }

  /** The file behind a cache id, when it is a file of the VFS. */
  owner(fileId: string): RegularInode | undefined {
    return this.owners.get(fileId);
  }

  /** Drops pages `from` and above of a file (truncation, unlink of the last name). */
  drop(fileId: string, from = 0): void {
    const pages = this.files.get(fileId);
    if (!pages) return;
    for (const [index, page] of pages) {
      if (index < from) continue;
      this.markClean(page);
      pages.delete(index);
      this.held.delete(page.ppn);
      this.mem.releaseFrame(page.ppn);
    }
    if (pages.size === 0) {
      this.files.delete(fileId);
      this.owners.delete(fileId);
    }
  }

  /** Whether the cache holds a reference on the frame (so it is not one more mapping). */
  holds(ppn: number): boolean {
    return this.held.has(ppn);
  }

  /** Drops clean, unpinned pages nobody maps any more; returns how many frames were freed (memory pressure). */
  shrink(): number {
    let freed = 0;
    for (const [fileId, pages] of this.files) {
      for (const [index, page] of pages) {
        if (page.dirty || page.pinned || this.mem.refcount[this.mem.frameIndex(page.ppn)] !== 1) continue;
        pages.delete(index);
        this.held.delete(page.ppn);
        this.mem.releaseFrame(page.ppn);
        freed++;
      }
      if (pages.size === 0) {
        this.files.delete(fileId);
        this.owners.delete(fileId);
      }
    }
    return freed;
  }

  get size(): number {
    return this.held.size;
  }

  get dirty(): number {
    return this.dirtyPages;
  }
}

const EMPTY: ReadonlyMap<number, CachedPage> = new Map();
