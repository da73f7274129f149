// Address spaces: a root page table in simulated physical memory and the VMAs that say what may
// be mapped where. Pages arrive on first touch (demand paging): zeroes for anonymous memory,
// the page cache's frame for file pages, a shared object's frame for MAP_SHARED memory. fork
// shares every frame and write-protects private ones; the first write copies (copy-on-write).
// Anything that removes or narrows a mapping asks every hart for a TLB shootdown.

import { PAGE_SIZE, type PhysicalMemory } from '../mem/phys';
import { PTE_A, PTE_COW, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, ppnToPte, pteToPpn, vpn0, vpn1, walk, type Access } from '../mem/sv32';
import type { AsidHolder } from '../mem/asid';
import type { PageCache } from '../fs/pagecache';
import type { RegularInode } from '../fs/inode';
import { PROT_EXEC, PROT_READ, PROT_WRITE, VmaList, hex, pageDown, type Vma } from './vma';

export * from './vma';

/**
 * RSW bit 9: a resident page whose VMA is PROT_NONE. Sv32 has no "present but inaccessible"
 * leaf (a leaf without R, W or X is a pointer), so such a page keeps its PPN with V clear.
 */
export const PTE_PARKED = 1 << 9;

/** Linux's stack_guard_gap: the stack never grows within this distance of the mapping below. */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;

/** What the kernel must do for an address space beyond its own page tables. */
export interface AddressSpaceHooks {
  /** Invalidates one page's translation on every hart. */
  shootdown(aspace: AddressSpace, vpn: number): void;
  /** Invalidates every translation of the address space on every hart. */
  flush(aspace: AddressSpace): void;
  /** A frame was written by the kernel: decoded code in it must be dropped. */
  wroteFrame(hostIndex: number, length: number): void;
  /** A page became resident (the debugger's pending breakpoints on it can now be placed). */
  pageMapped(aspace: AddressSpace, pageVa: number, ppn: number): void;
  readonly pageCache: PageCache;
  /** The page cache's frame for page `index` of a VFS file (filled first); a write makes it dirty. */
  vfsPage(file: RegularInode, index: number, write: boolean): number;
}

/** How far below its top the stack may grow on a kernel access to user memory (RLIMIT_STACK's default). */
const KERNEL_STACK_GROWTH = 8 * 1024 * 1024;
const TABLE_SPAN = 1024 * PAGE_SIZE; // what one level-1 table (one root entry) maps

/** How a page fault ended. */
export type FaultOutcome = 'mapped' | 'cow' | 'stack-growth' | 'segv-maperr' | 'segv-accerr' | 'sigbus';

export class AddressSpace implements AsidHolder {
  readonly rootPpn: number;
  asid = 0;
  asidGeneration = 0;
  readonly vmas = new VmaList();
  /** Processes using it (more than one after clone(CLONE_VM) without CLONE_THREAD). */
  users = 1;
  /** Resident user pages (leaf PTEs holding a frame). */
  residentPages = 0;
  peakResidentPages = 0;
  minorFaults = 0;
  cowFaults = 0;

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly hooks: AddressSpaceHooks,
  ) {
    this.rootPpn = mem.allocFrame();
  }

  // ---- VMAs ----

  addVma(vma: Vma): Vma {
    return this.vmas.insert(vma);
  }

  findVma(va: number): Vma | undefined {
    return this.vmas.find(va);
  }

  /** Moves a VMA's end (brk). Pages beyond a shrunk end are unmapped. */
  resizeVma(vma: Vma, newEnd: number): void {
    if (newEnd < vma.end) this.unmapPages(newEnd, vma.end);
    vma.end = newEnd;
  }

  removeVma(vma: Vma): void {
    this.unmapPages(vma.start, vma.end);
    this.releaseShared(vma);
    this.vmas.remove(vma);
  }

  /** munmap: removes whatever is mapped in [start, end), splitting VMAs at the edges. */
  unmap(start: number, end: number): void {
    for (const vma of this.vmas.isolate(start, end)) this.removeVma(vma);
  }

  /** mprotect: every page in [start, end) must be mapped (the caller checks). */
  protect(start: number, end: number, prot: number): void {
    for (const vma of this.vmas.isolate(start, end)) {
      vma.prot = prot;
      this.forEachPage(vma.start, vma.end, (va, pteAddr, pte) => {
        const next = this.leafFor(vma, pteToPpn(pte), pte);
        if (next === pte) return;
        this.mem.writeWord(pteAddr, next);
        this.hooks.shootdown(this, va >>> 12);
      });
    }
    this.vmas.mergeAround(start, end);
  }

  /** Whether every page of [start, end) lies in some VMA. */
  covers(start: number, end: number): boolean {
    let at = start;
    for (const v of this.vmas.overlapping(start, end)) {
      if (v.start > at) return false;
      at = v.end;
    }
    return at >= end;
  }

  // ---- faults ----

  /**
   * Serves a page fault at `va`: maps the page if a VMA allows `access`, copies a shared page on
   * a write to private memory, or grows the stack. `stackLimit` is RLIMIT_STACK in bytes.
   * Throws OutOfMemory when no frame is left (the kernel's OOM killer takes it from there).
   */
  handleFault(va: number, access: Access, stackLimit = Infinity): FaultOutcome {
    va >>>= 0;
    let vma = this.vmas.find(va);
    let grew = false;
    if (!vma) {
      vma = this.growStack(va, stackLimit);
      grew = vma !== undefined;
    }
    if (!vma) return 'segv-maperr';
    if (!allows(vma.prot, access)) return 'segv-accerr';
    const file = vma.file?.vfs;
    if (file && fileIndex(vma, pageDown(va)) * PAGE_SIZE >= file.length) return 'sigbus'; // wholly past the end of the file
    const pteAddr = this.leafPteAddr(va, true);
    const pte = this.mem.readWord(pteAddr);
    if (pte & PTE_V) {
      if (access !== 'write' || pte & PTE_W) return 'mapped'; // another hart got here first
      return this.breakCow(vma, va, pteAddr, pte) ? 'cow' : 'mapped';
    }
    this.mapNewPage(vma, pageDown(va), pteAddr, access);
    this.minorFaults++;
    return grew ? 'stack-growth' : 'mapped';
  }

  private growStack(va: number, stackLimit: number): Vma | undefined {
    const stack = this.vmas.all.find((v) => v.growsDown && va < v.start);
    if (!stack || stack.end - pageDown(va) > stackLimit) return undefined;
    const below = this.vmas.below(stack.start);
    const newStart = pageDown(va);
    if (below && below.end + STACK_GUARD_GAP > newStart) return undefined;
    stack.start = newStart;
    return stack;
  }

  private mapNewPage(vma: Vma, pageVa: number, pteAddr: number, access: Access): void {
    let ppn: number;
    if (vma.sharedPages) {
      const index = (pageVa - vma.start + vma.offset) / PAGE_SIZE;
      const held = vma.sharedPages.frames.get(index);
      ppn = held ?? this.mem.allocFrame();
      if (held === undefined) vma.sharedPages.frames.set(index, ppn);
      this.mem.shareFrame(ppn);
    } else if (vma.file?.vfs) {
      ppn = this.hooks.vfsPage(vma.file.vfs, fileIndex(vma, pageVa), vma.shared && (vma.prot & PROT_WRITE) !== 0);
      if (access === 'write' && !vma.shared) ppn = this.copyFrame(ppn);
      else this.mem.shareFrame(ppn);
    } else if (vma.file) {
      ppn = this.filePage(vma, pageVa);
      if (access === 'write') ppn = this.copyFrame(ppn);
      else this.mem.shareFrame(ppn);
    } else {
      ppn = this.mem.allocFrame();
    }
    this.mem.writeWord(pteAddr, this.leafFor(vma, ppn, 0));
    if (++this.residentPages > this.peakResidentPages) this.peakResidentPages = this.residentPages;
    this.hooks.pageMapped(this, pageVa, ppn);
  }

  /** The page cache's frame for a file page, filled from the VMA's backings on first use. */
  private filePage(vma: Vma, pageVa: number): number {
    const cache = this.hooks.pageCache;
    const cached = cache.lookup(vma.file!.id, pageVa >>> 12);
    if (cached !== undefined) return cached;
    const ppn = this.mem.allocFrame();
    this.fillPage(vma, pageVa, ppn);
    cache.insert(vma.file!.id, pageVa >>> 12, ppn);
    this.mem.releaseFrame(ppn); // the cache's reference is the only one so far
    return ppn;
  }

  private fillPage(vma: Vma, pageVa: number, ppn: number): void {
    copyBackings(vma, pageVa, this.mem.u8, this.mem.frameHost(ppn));
  }

  // A write to a private page that others share (after fork, or a clean file page): the writer
  // gets its own copy, unless it is the last user, which may simply write (Linux's
  // wp_page_reuse: a fault, but no copy). Returns whether a page was copied.
  private breakCow(vma: Vma, va: number, pteAddr: number, pte: number): boolean {
    const old = pteToPpn(pte);
    const copied = !this.isExclusive(old);
    const ppn = copied ? this.copyFrame(old) : old;
    if (copied) this.mem.releaseFrame(old);
    this.mem.writeWord(pteAddr, this.leafFor(vma, ppn, pte & PTE_A) | PTE_D);
    this.hooks.shootdown(this, va >>> 12);
    if (copied) this.cowFaults++;
    return copied;
  }

  private copyFrame(from: number): number {
    const to = this.mem.allocFrame();
    const src = this.mem.frameHost(from);
    this.mem.u8.copyWithin(this.mem.frameHost(to), src, src + PAGE_SIZE);
    return to;
  }

  private isExclusive(ppn: number): boolean {
    return this.mem.refcount[this.mem.frameIndex(ppn)] === 1;
  }

  /**
   * The leaf PTE for `ppn` in `vma`, keeping A and D from `old`. Private writable pages are
   * mapped writable only while this address space is their only user; otherwise they are
   * copy-on-write (read-only, marked with PTE_COW for the page-table panel).
   */
  private leafFor(vma: Vma, ppn: number, old: number): number {
    if (vma.prot === 0) return ppnToPte(ppn, PTE_PARKED | PTE_U | (old & (PTE_A | PTE_D)));
    let flags = PTE_V | PTE_U | (old & (PTE_A | PTE_D));
    if (vma.prot & (PROT_READ | PROT_WRITE)) flags |= PTE_R;
    if (vma.prot & PROT_EXEC) flags |= PTE_X;
    if (vma.prot & PROT_WRITE) flags |= vma.shared || this.isExclusive(ppn) ? PTE_W : PTE_COW;
    return ppnToPte(ppn, flags);
  }

  /**
   * mremap's move: the pages of [from, from + oldSize) keep their frames at `to`, in a VMA of
   * `newSize` bytes that replaces the old one.
   */
  move(from: number, oldSize: number, to: number, newSize: number): void {
    const [old] = this.vmas.isolate(from, from + oldSize);
    const moved = this.addVma({ ...old, start: to, end: to + newSize, backings: [...old.backings], growsDown: false });
    this.forEachPage(from, from + oldSize, (va, pteAddr, pte) => {
      this.mem.writeWord(pteAddr, 0);
      this.hooks.shootdown(this, va >>> 12);
      this.mem.writeWord(this.leafPteAddr(va - from + to, true), pte);
    });
    if (moved.backings.length > 0) moved.backings = old.backings.map((b) => ({ ...b, vaddr: b.vaddr - from + to }));
    this.vmas.remove(old);
  }

  // ---- fork ----

  /**
   * Copies this address space into `child` (fork): the same VMAs, every resident frame shared,
   * private writable pages write-protected in both so the first write copies. No page is copied
   * here, so fork costs page-table work only.
   */
  copyInto(child: AddressSpace): number {
    let copied = 0;
    for (const vma of this.vmas.all) child.addVma({ ...vma, backings: [...vma.backings] });
    const { i32, refcount } = this.mem;
    // Table by table rather than page by page: a 64 MiB process has 16,384 PTEs to visit.
    for (let index = 0; index < 1024; index++) {
      const rootPte = this.mem.readWord(this.rootPpn * PAGE_SIZE + index * 4);
      if (!(rootPte & PTE_V)) continue;
      const table = this.mem.frameHost(pteToPpn(rootPte)) >> 2;
      let childTable = -1;
      for (let slot = 0; slot < 1024; slot++) {
        const pte = i32[table + slot];
        if (!(pte & (PTE_V | PTE_PARKED))) continue;
        const va = ((index << 22) | (slot << 12)) >>> 0;
        const vma = this.vmas.find(va)!;
        let shared = pte;
        if (!vma.shared && pte & PTE_W) {
          shared = (pte & ~PTE_W) | PTE_COW;
          i32[table + slot] = shared;
        }
        const frame = this.mem.frameIndex(pteToPpn(pte));
        if (refcount[frame] === 0xffff) throw new Error('frame reference count overflow');
        refcount[frame]++;
        if (childTable < 0) {
          child.leafPteAddr(va, true);
          childTable = this.mem.frameHost(pteToPpn(this.mem.readWord(child.rootPpn * PAGE_SIZE + index * 4))) >> 2;
        }
        // As copy_present_pte does: the child's entry starts old (A clear), and clean if shared.
        i32[childTable + slot] = shared & ~(PTE_A | (vma.shared ? PTE_D : 0));
        copied++;
      }
    }
    child.residentPages = copied;
    child.peakResidentPages = copied;
    this.hooks.flush(this);
    return copied;
  }

  // ---- page tables ----

  /** Physical address of the leaf PTE for `va`, creating the level-1 table if asked. -1 if absent. */
  leafPteAddr(va: number, create: boolean): number {
    const rootEntry = this.rootPpn * PAGE_SIZE + vpn1(va) * 4;
    let pte = this.mem.readWord(rootEntry);
    if (!(pte & PTE_V)) {
      if (!create) return -1;
      const table = this.mem.allocFrame();
      pte = ppnToPte(table, PTE_V);
      this.mem.writeWord(rootEntry, pte);
    }
    return pteToPpn(pte) * PAGE_SIZE + vpn0(va) * 4;
  }

  /** Calls `visit` for every page in [start, end) that holds a frame. */
  forEachPage(start: number, end: number, visit: (va: number, pteAddr: number, pte: number) => void): void {
    // A root entry read once per 4 MiB: smaps and the panels visit every page of every process at each stop.
    for (let va = pageDown(start); va < end; ) {
      const regionEnd = Math.min(end, (Math.floor(va / TABLE_SPAN) + 1) * TABLE_SPAN);
      const rootPte = this.mem.readWord(this.rootPpn * PAGE_SIZE + vpn1(va) * 4);
      if (rootPte & PTE_V) {
        const table = pteToPpn(rootPte) * PAGE_SIZE;
        for (; va < regionEnd; va += PAGE_SIZE) {
          const pteAddr = table + vpn0(va) * 4;
          const pte = this.mem.readWord(pteAddr);
          if (pte & (PTE_V | PTE_PARKED)) visit(va, pteAddr, pte);
        }
      }
      va = regionEnd; // without a level-1 table the whole 4 MiB is empty
    }
  }

  /** Unmaps every page in [start, end), dropping frame references and shooting down TLB entries. */
  unmapPages(start: number, end: number): void {
    this.forEachPage(start, end, (va, pteAddr, pte) => {
      this.mem.writeWord(pteAddr, 0);
      this.hooks.shootdown(this, va >>> 12);
      this.mem.releaseFrame(pteToPpn(pte));
      this.residentPages--;
    });
  }

  private releaseShared(vma: Vma): void {
    const object = vma.sharedPages;
    if (!object || object.users > 1) return;
    for (const ppn of object.frames.values()) this.mem.releaseFrame(ppn);
    object.frames.clear();
  }

  /** Frees every frame: pages, then page tables (the last user of the address space). */
  destroy(): void {
    for (const vma of [...this.vmas.all]) this.removeVma(vma);
    for (let i = 0; i < 1024; i++) {
      const pte = this.mem.readWord(this.rootPpn * PAGE_SIZE + i * 4);
      if (pte & PTE_V) this.mem.releaseFrame(pteToPpn(pte));
    }
    this.mem.releaseFrame(this.rootPpn);
  }

  /** Frames holding this address space's page tables (root and level 1). */
  pageTableFrames(): number {
    let n = 1;
    for (let i = 0; i < 1024; i++) if (this.mem.readWord(this.rootPpn * PAGE_SIZE + i * 4) & PTE_V) n++;
    return n;
  }

  // ---- user memory, as the kernel reads and writes it ----

  /**
   * Host index of user address `va` for a kernel access, faulting the page in as the user's own
   * access would. Returns -1 for an address the process may not access that way (EFAULT).
   */
  userHost(va: number, access: Access): number {
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = walk(this.mem, this.rootPpn, va, access);
      if (r.ok) return this.mem.frameHost(r.ppn) + (va & (PAGE_SIZE - 1));
      // The kernel's own accesses may grow the stack as the user's would, within the default RLIMIT_STACK.
      const outcome = this.handleFault(va, access, KERNEL_STACK_GROWTH);
      if (outcome === 'segv-maperr' || outcome === 'segv-accerr' || outcome === 'sigbus') return -1;
    }
    return -1;
  }

  /** Copies user memory out; null on EFAULT. */
  copyIn(va: number, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const h = this.userHost((va + done) >>> 0, 'read');
      if (h < 0) return null;
      const chunk = Math.min(length - done, PAGE_SIZE - (h & (PAGE_SIZE - 1)));
      out.set(this.mem.u8.subarray(h, h + chunk), done);
      done += chunk;
    }
    return out;
  }

  /** Copies bytes into user memory; false on EFAULT (bytes before the bad page are written). */
  copyOut(va: number, bytes: Uint8Array): boolean {
    let done = 0;
    while (done < bytes.length) {
      const h = this.userHost((va + done) >>> 0, 'write');
      if (h < 0) return false;
      const chunk = Math.min(bytes.length - done, PAGE_SIZE - (h & (PAGE_SIZE - 1)));
      this.mem.u8.set(bytes.subarray(done, done + chunk), h);
      this.hooks.wroteFrame(h, chunk);
      done += chunk;
    }
    return true;
  }

  /**
   * Reads memory as the program would see it, without changing anything: no page is faulted in,
   * no A bit set. A page not yet touched reads as what its first touch would give (zeroes, or
   * the file's bytes). Null when any byte is not readable by the program. For the debugger,
   * whose looking must not change the run.
   */
  peek(va: number, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = (va + done) >>> 0;
      const vma = this.vmas.find(at);
      if (!vma || !allows(vma.prot, 'read')) return null;
      const offset = at & (PAGE_SIZE - 1);
      const chunk = Math.min(length - done, PAGE_SIZE - offset);
      const page = this.pageBytes(vma, pageDown(at));
      out.set(page.subarray(offset, offset + chunk), done);
      done += chunk;
    }
    return out;
  }

  // The bytes of one page: its frame when resident, else what a first touch would map.
  private pageBytes(vma: Vma, pageVa: number): Uint8Array {
    const pteAddr = this.leafPteAddr(pageVa, false);
    const pte = pteAddr < 0 ? 0 : this.mem.readWord(pteAddr);
    let ppn = pte & (PTE_V | PTE_PARKED) ? pteToPpn(pte) : undefined;
    if (ppn === undefined && vma.sharedPages) ppn = vma.sharedPages.frames.get((pageVa - vma.start + vma.offset) / PAGE_SIZE);
    if (ppn === undefined && vma.file) ppn = this.hooks.pageCache.lookup(vma.file.id, vma.file.vfs ? fileIndex(vma, pageVa) : pageVa >>> 12);
    if (ppn !== undefined) {
      const host = this.mem.frameHost(ppn);
      return this.mem.u8.subarray(host, host + PAGE_SIZE);
    }
    const bytes = new Uint8Array(PAGE_SIZE);
    if (!vma.sharedPages) copyBackings(vma, pageVa, bytes, 0);
    return bytes;
  }

  /** Reads an aligned 32-bit word of user memory; null on EFAULT. */
  readU32(va: number): number | null {
    const bytes = this.copyIn(va, 4);
    return bytes && new DataView(bytes.buffer).getUint32(0, true);
  }

  writeU32(va: number, value: number): boolean {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
    return this.copyOut(va, bytes);
  }

  /** Reads a NUL-terminated string of at most `max` bytes; null on EFAULT or no terminator. */
  readString(va: number, max = 4096): string | null {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const h = this.userHost((va + i) >>> 0, 'read');
      if (h < 0) return null;
      const b = this.mem.u8[h];
      if (b === 0) return new TextDecoder().decode(new Uint8Array(bytes));
      bytes.push(b);
    }
    return null;
  }

  /** Physical address `va` maps to right now, without faulting; -1 when not resident. */
  physicalAddress(va: number): number {
    const pteAddr = this.leafPteAddr(va, false);
    if (pteAddr < 0) return -1;
    const pte = this.mem.readWord(pteAddr);
    return pte & PTE_V ? pteToPpn(pte) * PAGE_SIZE + (va & (PAGE_SIZE - 1)) : -1;
  }
}

/** Which page of a mapped VFS file `pageVa` shows. */
function fileIndex(vma: Vma, pageVa: number): number {
  return (pageVa - vma.start + vma.offset) / PAGE_SIZE;
}

/** Writes the bytes of page `pageVa` that `vma`'s backings provide into `target` at `base`. */
function copyBackings(vma: Vma, pageVa: number, target: Uint8Array, base: number): void {
  for (const b of vma.backings) {
    const from = Math.max(pageVa, b.vaddr);
    const to = Math.min(pageVa + PAGE_SIZE, b.vaddr + b.size);
    if (to <= from) continue;
    const src = b.offset + (from - b.vaddr);
    target.set(b.bytes.subarray(src, src + (to - from)), base + (from - pageVa));
  }
}

function allows(prot: number, access: Access): boolean {
  return access === 'read' ? (prot & (PROT_READ | PROT_WRITE)) !== 0 : access === 'write' ? (prot & PROT_WRITE) !== 0 : (prot & PROT_EXEC) !== 0;
}

export { hex };
