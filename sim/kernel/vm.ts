// Address spaces: a root page table in simulated physical memory, the VMAs that say what may be
// mapped where, and demand paging that fills a page on its first touch (from the ELF image for
// text and data, zeroes otherwise). The kernel edits PTEs here; anything that removes or narrows
// a mapping asks every hart for a TLB shootdown through `shootdown`.

import type { AsidHolder } from '../mem/asid';
import { OutOfMemory, PAGE_SIZE, type PhysicalMemory } from '../mem/phys';
import { PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, ppnToPte, pteToPpn, vpn0, vpn1, walk, type Access } from '../mem/sv32';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export type VmaKind = 'text' | 'data' | 'bss' | 'heap' | 'stack' | 'anon';

/** Bytes a VMA's pages are filled from: file contents at `offset`, `size` bytes, rest zero. */
export interface VmaBacking {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly size: number;
  /** Virtual address the first backing byte maps to. */
  readonly vaddr: number;
  readonly path: string;
}

export interface Vma {
  start: number;
  end: number;
  prot: number;
  kind: VmaKind;
  /** What /proc/PID/maps shows in its last column. */
  name: string;
  /** Where page contents come from (none: zero-filled). Two when segments share a page. */
  backings: VmaBacking[];
  /** The stack grows down to this address on faults below `start`. */
  growsDownTo?: number;
}

export type ShootdownFn = (asid: number, vpn: number) => void;

export const pageDown = (a: number): number => (a & ~(PAGE_SIZE - 1)) >>> 0;
export const pageUp = (a: number): number => ((a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) >>> 0;

export class AddressSpace implements AsidHolder {
  readonly rootPpn: number;
  asid = 0;
  asidGeneration = 0;
  readonly vmas: Vma[] = [];
  /** Resident user pages (leaf PTEs present). */
  residentPages = 0;
  minorFaults = 0;

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly shootdown: ShootdownFn,
    /** Called for every frame written by the kernel, so decoded code in it is dropped. */
    private readonly wroteFrame: (hostIndex: number, length: number) => void,
  ) {
    this.rootPpn = mem.allocFrame();
  }

  // ---- VMAs ----

  addVma(vma: Vma): Vma {
    if (vma.start >= vma.end || vma.start % PAGE_SIZE || vma.end % PAGE_SIZE) throw new Error(`bad VMA ${hex(vma.start)}-${hex(vma.end)}`);
    if (this.vmas.some((v) => v.start < vma.end && vma.start < v.end)) throw new Error(`VMA ${hex(vma.start)}-${hex(vma.end)} overlaps`);
    this.vmas.push(vma);
    this.vmas.sort((a, b) => a.start - b.start);
    return vma;
  }

  findVma(va: number): Vma | undefined {
    va >>>= 0;
    return this.vmas.find((v) => v.start <= va && va < v.end);
  }

  /** Moves a VMA's end (brk). Pages beyond a shrunk end are unmapped. */
  resizeVma(vma: Vma, newEnd: number): void {
    if (newEnd < vma.end) this.unmapRange(newEnd, vma.end);
    vma.end = newEnd;
  }

  removeVma(vma: Vma): void {
    this.unmapRange(vma.start, vma.end);
    this.vmas.splice(this.vmas.indexOf(vma), 1);
  }

  // ---- faults ----

  /**
   * Handles a page fault at `va`: maps the page if a VMA allows `access`. Returns false when the
   * access is invalid (the kernel then delivers SIGSEGV).
   */
  handleFault(va: number, access: Access): boolean {
    va >>>= 0;
    let vma = this.findVma(va);
    if (!vma) vma = this.growStack(va);
    if (!vma || !allows(vma.prot, access)) return false;
    const pteAddr = this.leafPteAddr(va, true);
    const pte = this.mem.readWord(pteAddr);
    if (pte & PTE_V) return true; // another hart mapped it first; retry the access
    const ppn = this.mem.allocFrame();
    this.fillPage(vma, pageDown(va), ppn);
    this.mem.writeWord(pteAddr, ppnToPte(ppn, pteFlags(vma.prot)));
    this.residentPages++;
    this.minorFaults++;
    return true;
  }

  private growStack(va: number): Vma | undefined {
    const stack = this.vmas.find((v) => v.growsDownTo !== undefined && va < v.start && va >= v.growsDownTo);
    if (!stack) return undefined;
    const below = this.vmas.filter((v) => v.end <= stack.start).pop();
    const newStart = pageDown(va);
    if (below && below.end > newStart) return undefined;
    stack.start = newStart;
    return stack;
  }

  private fillPage(vma: Vma, pageVa: number, ppn: number): void {
    const host = this.mem.frameHost(ppn);
    for (const b of vma.backings) {
      const from = Math.max(pageVa, b.vaddr);
      const to = Math.min(pageVa + PAGE_SIZE, b.vaddr + b.size);
      if (to <= from) continue;
      const src = b.offset + (from - b.vaddr);
      this.mem.u8.set(b.bytes.subarray(src, src + (to - from)), host + (from - pageVa));
    }
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

  /** Unmaps every page in [start, end), freeing frames and shooting down TLB entries. */
  unmapRange(start: number, end: number): void {
    for (let va = pageDown(start); va < end; va += PAGE_SIZE) {
      const pteAddr = this.leafPteAddr(va, false);
      if (pteAddr < 0) {
        va = (((va >>> 22) + 1) << 22) - PAGE_SIZE; // the whole 4 MiB range is unmapped
        continue;
      }
      const pte = this.mem.readWord(pteAddr);
      if (!(pte & PTE_V)) continue;
      this.mem.writeWord(pteAddr, 0);
      this.shootdown(this.asid, va >>> 12);
      this.mem.releaseFrame(pteToPpn(pte));
      this.residentPages--;
    }
  }

  /** Frees every frame: pages, then page tables. */
  destroy(): void {
    for (const vma of [...this.vmas]) this.removeVma(vma);
    for (let i = 0; i < 1024; i++) {
      const pte = this.mem.readWord(this.rootPpn * PAGE_SIZE + i * 4);
      if (pte & PTE_V) this.mem.releaseFrame(pteToPpn(pte));
    }
    this.mem.releaseFrame(this.rootPpn);
  }

  // ---- user memory, as the kernel reads and writes it ----

  /**
   * Host index of user address `va` for a kernel access, faulting the page in as the user's own
   * access would. Returns -1 for an address the process may not access that way (EFAULT).
   */
  userHost(va: number, access: Access): number {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = walk(this.mem, this.rootPpn, va, access);
      if (r.ok) return this.mem.frameHost(r.ppn) + (va & (PAGE_SIZE - 1));
      if (attempt === 0 && !this.handleFault(va, access)) return -1;
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
      this.wroteFrame(h, chunk);
      done += chunk;
    }
    return true;
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
}

function allows(prot: number, access: Access): boolean {
  return access === 'read' ? (prot & PROT_READ) !== 0 : access === 'write' ? (prot & PROT_WRITE) !== 0 : (prot & PROT_EXEC) !== 0;
}

// A and D start clear: the hardware walker sets them, and the page-table panel shows it.
function pteFlags(prot: number): number {
  let flags = PTE_V | PTE_U;
  if (prot & PROT_READ) flags |= PTE_R;
  if (prot & PROT_WRITE) flags |= PTE_W | PTE_R;
  if (prot & PROT_EXEC) flags |= PTE_X;
  return flags;
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export { OutOfMemory };
