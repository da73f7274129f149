// Virtual memory areas: what may be mapped where, with which permissions and from what. An
// address space keeps its VMAs sorted and non-overlapping; mmap, munmap, mprotect and brk edit
// them here by splitting at page boundaries and merging neighbours that have become alike, as
// Linux does, so /proc/PID/maps shows the same rows a real kernel would.

import { PAGE_SIZE } from '../mem/phys';

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

import type { RegularInode } from '../fs/inode';

export type VmaKind = 'text' | 'data' | 'bss' | 'heap' | 'stack' | 'anon' | 'shared-lib' | 'file';

/** Bytes a VMA's private pages are filled from: file contents at `offset`, `size` bytes, rest zero. */
export interface VmaBacking {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly size: number;
  /** Virtual address the first backing byte maps to. */
  readonly vaddr: number;
}

/** A file as maps shows it, and the identity its pages are shared by (the page cache key). */
export interface MappedFile {
  /** Equal ids mean equal contents: frames filled for one are valid for the other. */
  readonly id: string;
  readonly path: string;
  readonly dev: string;
  readonly inode: number;
  /** A file of the VFS (mmap of a descriptor): its pages are the page cache's, by file offset. */
  readonly vfs?: RegularInode;
}

/**
 * The memory object behind MAP_SHARED|MAP_ANONYMOUS: its frames outlive any one mapping, so a
 * page touched first by a child after fork is still the parent's page. Holds one reference on
 * each frame it has.
 */
export class SharedPages {
  readonly frames = new Map<number, number>();
  /** VMAs (in any address space) referring to it. */
  users = 0;
  constructor(
    /** Shown by maps as the shmem file it is on Linux ("/dev/zero (deleted)"). */
    readonly inode: number,
  ) {}
}

export interface Vma {
  start: number;
  end: number;
  prot: number;
  kind: VmaKind;
  /** MAP_SHARED: writes are seen by every mapping of the same object; never copy-on-write. */
  shared: boolean;
  /** What /proc/PID/maps shows in its last column. */
  name: string;
  /** Where private page contents come from (none: zero-filled). Two when segments share a page. */
  backings: VmaBacking[];
  /** The file mapped, for maps' offset/dev/inode columns and for sharing clean pages. */
  file: MappedFile | null;
  /** File offset (or shared-object offset) of `start`, in bytes. */
  offset: number;
  sharedPages: SharedPages | null;
  /** The stack: faults below `start` grow it (within RLIMIT_STACK and the guard gap). */
  growsDown: boolean;
  /** What mprotect may ever grant (Linux's VM_MAY* bits): a read-only file's shared mapping cannot become writable. */
  mayProt: number;
}

export const pageDown = (a: number): number => (a & ~(PAGE_SIZE - 1)) >>> 0;
export const pageUp = (a: number): number => (Math.ceil((a >>> 0) / PAGE_SIZE) * PAGE_SIZE);

/** A VMA with defaults for an anonymous private mapping; `fields` override. */
export function anonVma(start: number, end: number, prot: number, fields: Partial<Vma> = {}): Vma {
  return { start, end, prot, kind: 'anon', shared: false, name: '', backings: [], file: null, offset: 0, sharedPages: null, growsDown: false, mayProt: 7, ...fields };
}

/** The VMAs of one address space, sorted by start and never overlapping. */
export class VmaList {
  readonly all: Vma[] = [];

  find(va: number): Vma | undefined {
    va >>>= 0;
    const list = this.all;
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid];
      if (va < v.start) hi = mid - 1;
      else if (va >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** The VMA just below `va` (ending at or before it), if any. */
  below(va: number): Vma | undefined {
    let found: Vma | undefined;
    for (const v of this.all) {
      if (v.end > va) break;
      found = v;
    }
    return found;
  }

  overlapping(start: number, end: number): Vma[] {
    return this.all.filter((v) => v.start < end && start < v.end);
  }

  insert(vma: Vma): Vma {
    if (vma.start >= vma.end || vma.start % PAGE_SIZE || vma.end % PAGE_SIZE) throw new Error(`bad VMA ${hex(vma.start)}-${hex(vma.end)}`);
    if (this.overlapping(vma.start, vma.end).length > 0) throw new Error(`VMA ${hex(vma.start)}-${hex(vma.end)} overlaps`);
    if (vma.sharedPages) vma.sharedPages.users++;
    let at = this.all.findIndex((v) => v.start > vma.start);
    if (at < 0) at = this.all.length;
    this.all.splice(at, 0, vma);
    return vma;
  }

  remove(vma: Vma): void {
    const at = this.all.indexOf(vma);
    if (at < 0) return;
    this.all.splice(at, 1);
    if (vma.sharedPages) vma.sharedPages.users--;
  }

  /** Splits the VMA containing `addr` (page-aligned) so that a VMA boundary falls there. */
  splitAt(addr: number): void {
    const vma = this.find(addr);
    if (!vma || vma.start === addr) return;
    const upper: Vma = { ...vma, start: addr, offset: vma.offset + (addr - vma.start), backings: [...vma.backings] };
    vma.end = addr;
    if (upper.growsDown) upper.growsDown = false;
    this.insert(upper);
  }

  /** Makes [start, end) begin and end on VMA boundaries; returns the VMAs inside it. */
  isolate(start: number, end: number): Vma[] {
    this.splitAt(start);
    this.splitAt(end);
    return this.overlapping(start, end);
  }

  /** Merges neighbours around [start, end) that are alike (anonymous, same permissions). */
  mergeAround(start: number, end: number): void {
    for (let i = 0; i + 1 < this.all.length; i++) {
      const a = this.all[i], b = this.all[i + 1];
      if (b.start > end) break;
      if (a.end < start || a.end !== b.start || !mergeable(a, b)) continue;
      a.end = b.end;
      this.remove(b);
      i--;
    }
  }

  /**
   * The highest page-aligned gap of `length` bytes wholly inside [floor, ceiling), keeping
   * `guard` bytes from a growing stack above it: where Linux's top-down allocator puts mmaps.
   */
  findGap(length: number, floor: number, ceiling: number, guard: number): number | null {
    let top = ceiling;
    for (let i = this.all.length - 1; i >= 0; i--) {
      const v = this.all[i];
      if (v.end <= top && top - Math.max(v.end, floor) >= length) return top - length;
      top = Math.min(top, v.growsDown ? v.start - guard : v.start);
      if (top < floor + length) return null;
    }
    return top - floor >= length ? top - length : null;
  }
}

function mergeable(a: Vma, b: Vma): boolean {
  return a.kind === 'anon' && b.kind === 'anon' && a.prot === b.prot && a.shared === b.shared && !a.shared && a.file === null && b.file === null && a.name === b.name;
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
