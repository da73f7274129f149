// What the Page Table panel draws, computed from the data alone: a PTE's flag bits in words, the
// Sv32 tree flattened into rows (root entries, each followed by its level-1 table's leaves,
// collapsible and filterable), each leaf compared with the previous stop (fork shares frames, a
// write splits them), and the walk of one virtual address as the hardware does it (RISC-V
// privileged spec, 4.3.2 "Virtual Address Translation Process").

import { sharersOf, type PageTableView, type PteView } from '../../sim/snapshot-types';

export const PAGE_SIZE = 4096;
const PTE_SIZE = 4;
/** Bytes of address space one root entry covers (1024 pages). */
export const TABLE_SPAN = 1024 * PAGE_SIZE;

// ---- flags ----

/** A PTE's bits 0–9 (V R W X U G A D, then the RSW bits the kernel uses), with what each means. */
export const PTE_FLAGS = [
  { letter: 'V', bit: 1 << 0, name: 'valid' },
  { letter: 'R', bit: 1 << 1, name: 'readable' },
  { letter: 'W', bit: 1 << 2, name: 'writable' },
  { letter: 'X', bit: 1 << 3, name: 'executable' },
  { letter: 'U', bit: 1 << 4, name: 'user' },
  { letter: 'G', bit: 1 << 5, name: 'global' },
  { letter: 'A', bit: 1 << 6, name: 'accessed' },
  { letter: 'D', bit: 1 << 7, name: 'dirty' },
] as const;
/** RSW bit 8: copy-on-write. RSW bit 9: a resident page of a PROT_NONE mapping (V clear). */
export const PTE_COW = 1 << 8;
export const PTE_PARKED = 1 << 9;

export interface FlagBit {
  readonly letter: string;
  readonly name: string;
  readonly set: boolean;
}

export function decodeFlags(flags: number): FlagBit[] {
  return PTE_FLAGS.map((f) => ({ letter: f.letter, name: f.name, set: (flags & f.bit) !== 0 }));
}

/** "VRW-U-AD": the eight hardware bits, a dash for each clear one. */
export function flagString(flags: number): string {
  return decodeFlags(flags).map((f) => (f.set ? f.letter : '-')).join('');
}

/** The set bits in words, for screen readers and titles: "valid, readable, user, copy-on-write". */
export function flagWords(flags: number): string {
  const words = decodeFlags(flags).filter((f) => f.set).map((f) => f.name);
  if (flags & PTE_COW) words.push('copy-on-write');
  if (flags & PTE_PARKED) words.push('PROT_NONE');
  return words.join(', ') || 'none';
}

/** The 32-bit PTE as memory holds it: PPN in bits 10–31, flags below. */
export const pteValue = (leaf: PteView): number => (leaf.ppn * 1024 + leaf.flags) % 2 ** 32;

// ---- leaves compared with the previous stop ----

/** How a leaf differs from the same page at the previous stop. */
export type LeafChange = 'new' | 'split' | 'remapped' | 'shared' | 'flags' | null;

export const LEAF_CHANGE_LABEL: Record<Exclude<LeafChange, null>, string> = {
  new: 'new page',
  split: 'split: own frame now',
  remapped: 'new frame',
  shared: 'now shared',
  flags: 'flags changed',
};

export function leafChange(now: PteView, before: PteView | undefined): LeafChange {
  if (!before) return 'new';
  if (before.ppn !== now.ppn) return before.sharers >= 0 || before.cow ? 'split' : 'remapped';
  if (before.sharers < 0 && now.sharers >= 0) return 'shared';
  if (before.flags !== now.flags) return 'flags';
  return null;
}

/** The previous stop's leaves of the same process by VPN, or null when there is none to compare. */
export function previousLeaves(now: PageTableView, before: PageTableView | null | undefined): Map<number, PteView> | null {
  if (!before || before.pid !== now.pid) return null;
  return new Map(before.tables.flatMap((t) => t.leaves.map((l) => [l.vpn, l] as const)));
}

// ---- the tree as rows ----

export type LeafFilter = 'all' | 'shared' | 'cow' | 'changed';

export interface TableRow {
  readonly kind: 'table';
  /** VPN[1]: the root entry's index. */
  readonly index: number;
  readonly ppn: number;
  readonly pages: number;
  readonly shared: number;
  readonly collapsed: boolean;
}

export interface LeafRow {
  readonly kind: 'leaf';
  readonly table: number;
  readonly leaf: PteView;
  readonly change: LeafChange;
}

export type TreeRow = TableRow | LeafRow;

export interface Tree {
  readonly rows: readonly TreeRow[];
  readonly pages: number;
  readonly sharedPages: number;
  readonly cowPages: number;
  readonly changedPages: number;
}

const FILTERS: Record<LeafFilter, (row: LeafRow) => boolean> = {
  all: () => true,
  shared: (r) => r.leaf.sharers >= 0,
  cow: (r) => r.leaf.cow,
  changed: (r) => r.change !== null,
};

/**
 * Root entries in VPN[1] order, each followed by the leaves of its table that pass `filter`
 * unless it is collapsed. Tables with no leaf passing a filter other than 'all' are left out.
 */
export function treeRows(table: PageTableView, before: Map<number, PteView> | null, collapsed: ReadonlySet<number>, filter: LeafFilter): Tree {
  const rows: TreeRow[] = [];
  let pages = 0, sharedPages = 0, cowPages = 0, changedPages = 0;
  for (const t of table.tables) {
    const leaves = t.leaves.map((leaf): LeafRow => ({ kind: 'leaf', table: t.index, leaf, change: before ? leafChange(leaf, before.get(leaf.vpn)) : null }));
    const shared = leaves.reduce((n, r) => n + (r.leaf.sharers >= 0 ? 1 : 0), 0);
    pages += leaves.length;
    sharedPages += shared;
    cowPages += leaves.reduce((n, r) => n + (r.leaf.cow ? 1 : 0), 0);
    changedPages += leaves.reduce((n, r) => n + (r.change ? 1 : 0), 0);
    const shown = filter === 'all' ? leaves : leaves.filter(FILTERS[filter]);
    if (shown.length === 0 && filter !== 'all') continue;
    const isCollapsed = collapsed.has(t.index);
    rows.push({ kind: 'table', index: t.index, ppn: t.ppn, pages: leaves.length, shared, collapsed: isCollapsed });
    if (!isCollapsed) for (const r of shown) rows.push(r);
  }
  return { rows, pages, sharedPages, cowPages, changedPages };
}

// ---- the walk ----

export const vpn1Of = (va: number): number => Math.floor(va / TABLE_SPAN) & 0x3ff;
export const vpn0Of = (va: number): number => Math.floor(va / PAGE_SIZE) & 0x3ff;
export const offsetOf = (va: number): number => va & 0xfff;

export interface Walk {
  readonly va: number;
  readonly vpn1: number;
  readonly vpn0: number;
  readonly offset: number;
  readonly rootPpn: number;
  /** Step 1: the root entry read, at rootPpn × 4096 + VPN[1] × 4. */
  readonly rootPteAddress: number;
  /** The level-1 table the root entry points to; null: the root entry is invalid. */
  readonly tablePpn: number | null;
  /** Step 2: the leaf read, at table PPN × 4096 + VPN[0] × 4 (null when step 1 faulted). */
  readonly leafPteAddress: number | null;
  readonly leaf: PteView | null;
  /** PPN × 4096 + offset, when the walk succeeds. */
  readonly physical: number | null;
  /** Why the walk ends in a page fault, or null. */
  readonly fault: string | null;
}

const hex = (value: number, digits: number) => '0x' + value.toString(16).padStart(digits, '0');

/** Walks `va` through `table` as the MMU would for a user access (no permission check). */
export function walkAddress(table: PageTableView, va: number): Walk {
  const vpn1 = vpn1Of(va), vpn0 = vpn0Of(va), offset = offsetOf(va);
  const rootPteAddress = table.rootPpn * PAGE_SIZE + vpn1 * PTE_SIZE;
  const base = { va, vpn1, vpn0, offset, rootPpn: table.rootPpn, rootPteAddress };
  const level1 = table.tables.find((t) => t.index === vpn1);
  if (!level1) {
    return { ...base, tablePpn: null, leafPteAddress: null, leaf: null, physical: null, fault: `page fault: no level-1 table for VPN[1]=${hex(vpn1, 3)}` };
  }
  const leafPteAddress = level1.ppn * PAGE_SIZE + vpn0 * PTE_SIZE;
  const step2 = { ...base, tablePpn: level1.ppn, leafPteAddress };
  const vpn = vpn1 * 1024 + vpn0;
  const leaf = level1.leaves.find((l) => l.vpn === vpn) ?? null;
  if (!leaf) return { ...step2, leaf: null, physical: null, fault: `not resident: no valid leaf for VPN[0]=${hex(vpn0, 3)} (page fault; the kernel maps it on first touch if a mapping covers it)` };
  if (!(leaf.flags & PTE_FLAGS[0].bit)) return { ...step2, leaf, physical: null, fault: 'page fault: the leaf is not valid (resident, but its mapping is PROT_NONE)' };
  return { ...step2, leaf, physical: leaf.ppn * PAGE_SIZE + offset, fault: null };
}

/** Reads an address typed by the user: hex, with or without 0x, underscores and spaces ignored. */
export function parseAddress(text: string): number | null {
  const digits = text.trim().replace(/[_\s]/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,8}$/i.test(digits)) return null;
  return parseInt(digits, 16);
}

/** At most this many sharers are named; the rest are counted ("and 91 more"). */
const SHARERS_NAMED = 8;

/** The pids sharing a leaf's frame, as a short list: "3, 4, 5 and 96 more". */
export function sharerList(table: PageTableView, leaf: PteView): string {
  const pids = sharersOf(table, leaf);
  const named = pids.slice(0, SHARERS_NAMED).join(', ');
  return pids.length > SHARERS_NAMED ? `${named} and ${pids.length - SHARERS_NAMED} more` : named;
}

/** Who else maps a leaf's frame, in words: "shared with pid 3 · refcount 2", or "private". */
export function sharingText(table: PageTableView, leaf: PteView): string {
  const parts: string[] = [];
  if (leaf.sharers >= 0) parts.push(`shared with pid ${sharerList(table, leaf)}`);
  else parts.push('private');
  parts.push(`refcount ${leaf.refcount}`);
  if (leaf.cached) parts.push('in the page cache');
  return parts.join(' · ');
}
