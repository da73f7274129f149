// What the TLB panel draws, computed from the data alone: which hart a thread's translations
// live on, whose address space each entry belongs to, whether a hart's TLB holds a page, the
// counters and their change since the last stop, and the recent events in words. The Page Table
// panel asks the same questions about the address it walks.

import type { MachineSnapshot, HartView, ProcessView, TlbEntryView, TlbEventView, TlbView } from '../../sim/snapshot-types';
import { count, hex } from '../format';

/** The hart whose TLB holds a thread's translations: the one running it, else the one that ran it last. */
export interface FollowedHart {
  readonly hart: number;
  readonly how: 'running' | 'last-ran';
}

export function hartOfThread(snapshot: MachineSnapshot, tid: number, runningOn: number): FollowedHart | null {
  if (runningOn >= 0) return { hart: runningOn, how: 'running' };
  const switches = snapshot.scheduler.switches;
  for (let i = switches.length - 1; i >= 0; i--) {
    const s = switches[i]!;
    if (s.from === tid || s.to === tid) return { hart: s.hart, how: 'last-ran' };
  }
  return null;
}

/**
 * Whether the entry is a translation of `process`: tagged with its ASID, or, without ASIDs
 * (every entry tagged 0), on a hart still translating through its page table.
 */
export function entryBelongsTo(entry: TlbEntryView, hart: HartView, process: ProcessView): boolean {
  if (process.asid !== 0) return entry.asid === process.asid;
  return entry.asid === 0 && hart.satp.rootPpn === process.rootPpn;
}

/** The process an entry translates for, or null when none left has that ASID. */
export function entryOwner(entry: TlbEntryView, hart: HartView, processes: readonly ProcessView[]): ProcessView | null {
  return processes.find((p) => p.state !== 'zombie' && entryBelongsTo(entry, hart, p)) ?? null;
}

/** The entry of `hart`'s TLB translating `vpn` for `process`, if it holds one. */
export function tlbEntryFor(hart: HartView, process: ProcessView, vpn: number): TlbEntryView | null {
  return hart.tlb.valid.find((e) => e.vpn === vpn && entryBelongsTo(e, hart, process)) ?? null;
}

export interface TlbCounters {
  readonly hits: number;
  readonly misses: number;
  readonly flushes: number;
  readonly evictions: number;
  readonly shootdowns: number;
}

const COUNTER_NAMES = ['hits', 'misses', 'flushes', 'evictions', 'shootdowns'] as const;

/** How much each counter grew since the previous stop (null: nothing to compare with). */
export function counterDeltas(now: TlbView, before: TlbView | null): TlbCounters | null {
  if (!before) return null;
  const delta = (name: (typeof COUNTER_NAMES)[number]) => Math.max(0, now[name] - before[name]);
  return { hits: delta('hits'), misses: delta('misses'), flushes: delta('flushes'), evictions: delta('evictions'), shootdowns: delta('shootdowns') };
}

/** Hit rate as a fraction of lookups, or null before the first lookup. */
export function hitRate(c: TlbCounters): number | null {
  const lookups = c.hits + c.misses;
  return lookups === 0 ? null : c.hits / lookups;
}

/** The hit rate in percent, with the digits it takes not to read 100 % while there were misses. */
export function hitRateText(c: TlbCounters): string {
  const rate = hitRate(c);
  if (rate === null) return '–';
  const percent = rate * 100;
  for (let digits = 1; digits < 4; digits++) if (c.misses === 0 || percent.toFixed(digits) !== (100).toFixed(digits)) return `${percent.toFixed(digits)} %`;
  return `${percent.toFixed(4)} %`;
}

export interface EntryRow {
  readonly entry: TlbEntryView;
  readonly owner: ProcessView | null;
  /** Not in this hart's TLB at the previous stop. */
  readonly fresh: boolean;
}

const entryKey = (e: TlbEntryView) => `${e.asid}:${e.vpn}:${e.ppn}`;

/** The hart's valid entries by set and way, with their owner and whether they are new since `before`. */
export function entryRows(hart: HartView, processes: readonly ProcessView[], before: TlbView | null): EntryRow[] {
  const known = before ? new Set(before.valid.map(entryKey)) : null;
  return hart.tlb.valid.map((entry) => ({ entry, owner: entryOwner(entry, hart, processes), fresh: known !== null && !known.has(entryKey(entry)) }));
}

export type EventTone = 'miss' | 'fault' | 'flush' | 'eviction';

export interface EventLine {
  readonly seq: number;
  readonly cycles: number;
  readonly icon: string;
  readonly tone: EventTone;
  readonly text: string;
  /** Recorded since the previous stop. */
  readonly fresh: boolean;
}

const FLUSH_WHY = {
  switch: 'address-space switch without ASIDs',
  'asid-rollover': 'ASIDs ran out: a new generation',
  fork: 'fork write-protected the pages',
} as const;

const page = (vpn: number, asid: number) => `VPN ${hex(vpn, 5)} (ASID ${asid})`;

export function describeTlbEvent(e: TlbEventView): Omit<EventLine, 'fresh'> {
  const base = { seq: e.seq, cycles: e.cycles };
  switch (e.kind) {
    case 'miss':
      return e.ppn === null
        ? { ...base, icon: 'error', tone: 'fault', text: `miss ${page(e.vpn, e.asid)} → walk → page fault` }
        : { ...base, icon: 'arrow-right', tone: 'miss', text: `miss ${page(e.vpn, e.asid)} → walk → PPN ${hex(e.ppn, 5)}` };
    case 'refill':
      return { ...base, icon: 'edit', tone: 'miss', text: `refill ${page(e.vpn, e.asid)} → walk again for the first write (sets D)` };
    case 'eviction':
      return { ...base, icon: 'arrow-down', tone: 'eviction', text: `eviction ${page(e.vpn, e.asid)}: least recently used of a full set` };
    case 'shootdown':
      return { ...base, icon: 'close', tone: 'flush', text: `shootdown ${page(e.vpn, e.asid)}: munmap, mprotect, mremap or a copy-on-write split` };
    case 'flush': {
      const whose = e.asid === null ? 'every entry' : `ASID ${e.asid}'s entries`;
      return { ...base, icon: 'clear-all', tone: 'flush', text: `flush ${whose} (${FLUSH_WHY[e.reason]}): ${count(e.dropped)} dropped` };
    }
  }
}

export type EventFilter = 'all' | 'misses' | 'flushes' | 'evictions';

const FILTERS: Record<EventFilter, (e: TlbEventView) => boolean> = {
  all: () => true,
  misses: (e) => e.kind === 'miss' || e.kind === 'refill',
  flushes: (e) => e.kind === 'flush' || e.kind === 'shootdown',
  evictions: (e) => e.kind === 'eviction',
};

/** The recent events, newest first, those since the previous stop marked. */
export function eventLines(now: TlbView, before: TlbView | null, filter: EventFilter): EventLine[] {
  const lastSeen = before && before.recent.length > 0 ? before.recent[before.recent.length - 1]!.seq : before ? -1 : Infinity;
  return now.recent
    .filter(FILTERS[filter])
    .map((e) => ({ ...describeTlbEvent(e), fresh: e.seq > lastSeen }))
    .reverse();
}
