// What an address space holds, page by page, as /proc/PID/smaps and the Page Table panel show it.
// Figures follow Linux's smaps_account (fs/proc/task_mmu.c): a page is shared when more than one
// address space maps it, Pss gives each mapper PAGE_SIZE / mapcount, dirty is the PTE's D bit,
// referenced its A bit. A frame's reference count also includes the page cache's reference and a
// MAP_SHARED object's, which are not mappings, so they are taken off to get the mapcount.
// Everything here only reads: no page is faulted in, no frame allocated, no A/D bit touched.

import { PAGE_SIZE } from '../mem/phys';
import { PTE_A, PTE_COW, PTE_D, PTE_V, pteToPpn } from '../mem/sv32';
import type { PageTableView, PteView, SmapsFigures } from '../snapshot-types';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { PTE_PARKED, type AddressSpace, type Vma } from './vm';

/** Leaf flag bits shown in views: V R W X U G A D and the two RSW bits. */
const PTE_FLAG_MASK = 0x3ff;
const ENTRIES_PER_TABLE = 1024;

/** How many address spaces map `ppn`, seen from the page at `va` of `vma`. */
export function mapCount(kernel: Kernel, vma: Vma, va: number, ppn: number): number {
  let holders = 0;
  // Only a file's pages can be the page cache's (a private copy of one is not); this runs for every page at every stop.
  if (vma.file && kernel.pageCache.holds(ppn)) holders++;
  if (vma.sharedPages?.frames.get((va - vma.start + vma.offset) / PAGE_SIZE) === ppn) holders++;
  return Math.max(1, kernel.mem.refcount[kernel.mem.frameIndex(ppn)] - holders);
}

// Anonymous in Linux's sense: memory no file backs. A private file mapping's page becomes anonymous
// once written (the copy is no longer the page cache's page); MAP_SHARED anonymous memory is
// shmem, a file in Linux's eyes.
function isAnonymous(kernel: Kernel, vma: Vma, ppn: number): boolean {
  if (vma.sharedPages) return false;
  return !(vma.file && kernel.pageCache.holds(ppn));
}

/** The smaps figures of one VMA, in bytes. */
export function vmaSmaps(kernel: Kernel, aspace: AddressSpace, vma: Vma): SmapsFigures {
  let rss = 0, pss = 0, sharedClean = 0, sharedDirty = 0, privateClean = 0, privateDirty = 0, referenced = 0, anonymous = 0;
  aspace.forEachPage(vma.start, vma.end, (va, _pteAddr, pte) => {
    const ppn = pteToPpn(pte);
    const mappers = mapCount(kernel, vma, va, ppn);
    const dirty = (pte & PTE_D) !== 0;
    rss += PAGE_SIZE;
    pss += PAGE_SIZE / mappers;
    if (mappers > 1) {
      if (dirty) sharedDirty += PAGE_SIZE;
      else sharedClean += PAGE_SIZE;
    } else if (dirty) privateDirty += PAGE_SIZE;
    else privateClean += PAGE_SIZE;
    if (pte & PTE_A) referenced += PAGE_SIZE;
    if (isAnonymous(kernel, vma, ppn)) anonymous += PAGE_SIZE;
  });
  return { size: vma.end - vma.start, rss, pss: Math.floor(pss), sharedClean, sharedDirty, privateClean, privateDirty, referenced, anonymous };
}

interface Leaf {
  readonly vpn: number;
  readonly pte: number;
}

/** Every resident leaf under one valid root entry (a PROT_NONE page keeps its frame with V clear). */
function leavesOf(kernel: Kernel, tablePpn: number, index: number): Leaf[] {
  const leaves: Leaf[] = [];
  const base = tablePpn * PAGE_SIZE;
  for (let j = 0; j < ENTRIES_PER_TABLE; j++) {
    const pte = kernel.mem.readWord(base + j * 4);
    if (pte & (PTE_V | PTE_PARKED)) leaves.push({ vpn: (index << 10) | j, pte });
  }
  return leaves;
}

/** Valid root entries of an address space: [index, level-1 table PPN]. */
function tablesOf(kernel: Kernel, aspace: AddressSpace): [number, number][] {
  const tables: [number, number][] = [];
  const root = aspace.rootPpn * PAGE_SIZE;
  for (let i = 0; i < ENTRIES_PER_TABLE; i++) {
    const pte = kernel.mem.readWord(root + i * 4);
    if (pte & PTE_V) tables.push([i, pteToPpn(pte)]);
  }
  return tables;
}

/** Which processes share each of `self`'s shared frames: distinct lists of pids, and each frame's list. */
interface Sharers {
  readonly sets: number[][];
  readonly indexOf: Map<number, number>;
}

// One pass over every other live address space's page tables (O(resident pages of the machine),
// nothing allocated per page). Fork shares thousands of frames with the same processes, so each
// distinct list of sharers is kept once and a frame names its list: the lists form a trie, a
// frame's state stepping from its list to that list plus the address space that maps it too.
function sharersOf(kernel: Kernel, self: AddressSpace, wanted: readonly number[]): Sharers {
  const sets: number[][] = [];
  const indexOf = new Map<number, number>();
  if (wanted.length === 0) return { sets, indexOf };
  const slotOf = new Map<number, number>(wanted.map((ppn, slot) => [ppn, slot]));
  const spaces = otherSpaces(kernel, self);
  const state = new Int32Array(wanted.length); // trie node per frame; 0 = no sharer yet
  const seenIn = new Int32Array(wanted.length).fill(-1); // a frame mapped twice in one space counts once
  const parent = [0];
  const spaceOfNode = [-1];
  const child = new Map<number, number>();
  spaces.forEach(({ aspace }, k) => {
    forEachLeaf(kernel, aspace, (pte) => {
      const slot = slotOf.get(pteToPpn(pte));
      if (slot === undefined || seenIn[slot] === k) return;
      seenIn[slot] = k;
      const key = state[slot]! * spaces.length + k;
      let node = child.get(key);
      if (node === undefined) {
        node = parent.push(state[slot]!) - 1;
        spaceOfNode.push(k);
        child.set(key, node);
      }
      state[slot] = node;
    });
  });
  const setOfNode = new Map<number, number>();
  wanted.forEach((ppn, slot) => {
    const node = state[slot]!;
    if (node === 0) return;
    let index = setOfNode.get(node);
    if (index === undefined) {
      const pids: number[] = [];
      for (let n = node; n !== 0; n = parent[n]!) pids.push(...spaces[spaceOfNode[n]!]!.pids);
      index = sets.push(pids.sort((a, b) => a - b)) - 1;
      setOfNode.set(node, index);
    }
    indexOf.set(ppn, index);
  });
  return { sets, indexOf };
}

/** Every other resident address space with the pids of the processes in it. */
function otherSpaces(kernel: Kernel, self: AddressSpace): { aspace: AddressSpace; pids: number[] }[] {
  const bySpace = new Map<AddressSpace, number[]>();
  for (const p of kernel.processes.values()) {
    const aspace = residentSpace(kernel, p);
    if (!aspace || aspace === self) continue;
    const pids = bySpace.get(aspace);
    if (pids) pids.push(p.pid);
    else bySpace.set(aspace, [p.pid]);
  }
  return [...bySpace].map(([aspace, pids]) => ({ aspace, pids }));
}

/** Each resident leaf PTE of an address space, read straight from its tables. */
function forEachLeaf(kernel: Kernel, aspace: AddressSpace, visit: (pte: number) => void): void {
  for (const [, table] of tablesOf(kernel, aspace)) {
    const base = table * PAGE_SIZE;
    for (let j = 0; j < ENTRIES_PER_TABLE; j++) {
      const pte = kernel.mem.readWord(base + j * 4);
      if (pte & (PTE_V | PTE_PARKED)) visit(pte);
    }
  }
}

/**
 * The address space a process still has mapped: its own while it lives; a zombie's only until
 * the kernel tears it down (the exit event comes just before), and never one a live process
 * shares (a vfork child's zombie does not own its parent's memory).
 */
export function residentSpace(kernel: Kernel, process: Process): AddressSpace | null {
  const aspace = process.aspace;
  if (process.alive) return aspace;
  if (aspace.vmas.all.length === 0) return null;
  for (const other of kernel.processes.values()) if (other.alive && other.aspace === aspace) return null;
  return aspace;
}

/** The Page Table panel's view: valid level-1 tables and their resident leaves, with sharing. */
export function pageTableView(kernel: Kernel, process: Process): PageTableView | null {
  const aspace = residentSpace(kernel, process);
  if (!aspace) return null;
  const tables = tablesOf(kernel, aspace).map(([index, ppn]) => ({ index, ppn, leaves: leavesOf(kernel, ppn, index) }));
  const counted = new Map<number, number>();
  for (const t of tables) {
    for (const leaf of t.leaves) {
      const va = leaf.vpn * PAGE_SIZE;
      const vma = aspace.findVma(va);
      const ppn = pteToPpn(leaf.pte);
      counted.set(ppn, vma ? mapCount(kernel, vma, va, ppn) : 1);
    }
  }
  const wanted = [...counted].filter(([, n]) => n > 1).map(([ppn]) => ppn);
  const sharers = sharersOf(kernel, aspace, wanted);
  return {
    pid: process.pid,
    rootPpn: aspace.rootPpn,
    sharerSets: sharers.sets,
    tables: tables.map((t) => ({
      index: t.index,
      ppn: t.ppn,
      leaves: t.leaves.map((leaf): PteView => {
        const ppn = pteToPpn(leaf.pte);
        return {
          vpn: leaf.vpn,
          ppn,
          flags: leaf.pte & PTE_FLAG_MASK,
          cow: (leaf.pte & PTE_COW) !== 0,
          refcount: kernel.mem.refcount[kernel.mem.frameIndex(ppn)],
          mapcount: counted.get(ppn) ?? 1,
          cached: kernel.pageCache.holds(ppn),
          sharers: sharers.indexOf.get(ppn) ?? -1,
        };
      }),
    })),
  };
}
