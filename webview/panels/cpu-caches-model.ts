// What the CPU & Caches panel draws, computed from the data alone: which hart to show, its
// registers against the same thread's at the previous stop, each cache level's counters and their
// growth since then, the sets of a small level with the ways that changed, and the heatmaps of
// the hart's recent accesses: lines laid out as the cache sees memory (a column per L1 set, a
// row per tag), and how the accesses that reached each level spread over its sets.

import type { PanelData } from '../../debug/protocol';
import type { CacheAccessView, CacheLevelView, CacheWayView, HartView, MachineSnapshot } from '../../sim/snapshot-types';

/** x0–x31 by ABI name, as sim/isa/disasm.ts prints them (kept here: the webview does not bundle the decoder). */
export const REGISTER_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

const LINE_SHIFT = 6;

// ---- which hart ----

export interface FollowedHart {
  readonly hart: number;
  readonly how: 'running' | 'last-ran';
}

/** The hart running the followed thread, else the one that ran it last (from the recent switches). */
export function followedHart(data: PanelData): FollowedHart | null {
  const tid = data.selected?.tid;
  if (tid === undefined) return null;
  const running = data.snapshot.harts.find((h) => h.tid === tid);
  if (running) return { hart: running.id, how: 'running' };
  const switches = data.snapshot.scheduler.switches;
  for (let i = switches.length - 1; i >= 0; i--) {
    const s = switches[i]!;
    if (s.from === tid || s.to === tid) return { hart: s.hart, how: 'last-ran' };
  }
  return null;
}

// ---- registers ----

export interface RegisterCell {
  readonly index: number;
  readonly name: string;
  readonly value: number;
  /** Differs from the same thread's value at the previous stop. */
  readonly changed: boolean;
}

/** The registers the hart's thread had at the previous stop (on a hart or saved), or null. */
export function previousRegisters(hart: HartView, previous: MachineSnapshot | null): readonly number[] | null {
  if (!previous || hart.tid === null) return null;
  for (const process of previous.processes) {
    const thread = process.threads.find((t) => t.tid === hart.tid);
    if (thread) return thread.regs;
  }
  return null;
}

export function registerCells(regs: readonly number[], before: readonly number[] | null): RegisterCell[] {
  return REGISTER_NAMES.map((name, index) => {
    const value = regs[index] ?? 0;
    return { index, name, value, changed: before !== null && before[index] !== value };
  });
}

// ---- counters ----

export interface LevelRow {
  readonly level: CacheLevelView;
  /** Shared by every hart (L3), or this hart's own. */
  readonly shared: boolean;
  /** Hits and misses since the previous stop; null without one to compare with. */
  readonly since: { readonly hits: number; readonly misses: number } | null;
}

/** The hart's private levels then the shared ones, each with its growth since the previous stop. */
export function levelRows(hart: HartView, snapshot: MachineSnapshot, previous: MachineSnapshot | null): LevelRow[] {
  const row = (level: CacheLevelView, before: CacheLevelView | undefined, shared: boolean): LevelRow => ({
    level,
    shared,
    since: before && before.name === level.name ? { hits: level.hits - before.hits, misses: level.misses - before.misses } : null,
  });
  const beforeHart = previous?.harts[hart.id];
  return [
    ...hart.caches.map((level, i) => row(level, beforeHart?.caches[i], false)),
    ...snapshot.sharedCaches.map((level, i) => row(level, previous?.sharedCaches[i], true)),
  ];
}

/** How many data accesses the hart made since the previous stop (every access counts in L1D). */
export function accessesSince(hart: HartView, previous: MachineSnapshot | null): number | null {
  const now = hart.caches[0];
  const before = previous?.harts[hart.id]?.caches[0];
  if (!now || !before) return null;
  return now.hits + now.misses - (before.hits + before.misses);
}

/** Accesses a run of lookups stands for: each lookup and the repeats of its line after it. */
export function accessCount(accesses: readonly CacheAccessView[]): number {
  return accesses.reduce((n, a) => n + 1 + a.repeats, 0);
}

/** The newest lookups that cover `since` accesses (all of them when they cover fewer, or with no `since`). */
export function accessesWithin(accesses: readonly CacheAccessView[], since: number | null): readonly CacheAccessView[] {
  if (since === null) return accesses;
  let covered = 0;
  let first = accesses.length;
  while (first > 0 && covered < since) covered += 1 + accesses[--first]!.repeats;
  return accesses.slice(first);
}

// ---- the access map: memory as the L1 sees it ----

export interface AccessCell {
  /** The L1 set, which is the map's column. */
  readonly set: number;
  readonly lineAddress: number;
  readonly accesses: number;
  /** Accesses that missed L1 (served by L2, L3 or memory): lookups only, a repeat always hits. */
  readonly misses: number;
  /** Accesses served by memory: they missed every level. */
  readonly fromMemory: number;
}

export interface AccessRow {
  /** Where the row starts: one tag's worth of memory, as many lines as L1 has sets. */
  readonly address: number;
  /** Touched lines only, by set. */
  readonly cells: readonly AccessCell[];
}

export interface AccessMap {
  readonly sets: number;
  /** Rows by address; those touched longest ago are left out beyond the limit. */
  readonly rows: readonly AccessRow[];
  readonly hiddenRows: number;
  readonly accesses: number;
  readonly misses: number;
  readonly lines: number;
  /** The L1 set most misses fell in, and how many did. */
  readonly busiestSet: { readonly set: number; readonly misses: number } | null;
}

/**
 * Lays the accesses out as an L1 of `sets` sets splits an address: the set index picks the
 * column, the tag the row. A row-major walk then fills rows left to right; a column-major walk
 * whose stride is a multiple of the sets' span piles into one column, every access a miss.
 */
export function accessMap(accesses: readonly CacheAccessView[], sets: number, maxRows: number): AccessMap {
  const rowBytes = sets << LINE_SHIFT;
  const byLine = new Map<number, { accesses: number; misses: number; fromMemory: number }>();
  const missesPerSet = new Array<number>(sets).fill(0);
  let misses = 0;
  for (const a of accesses) {
    const cell = byLine.get(a.lineAddress) ?? { accesses: 0, misses: 0, fromMemory: 0 };
    cell.accesses += 1 + a.repeats;
    if (a.servedBy > 0) {
      cell.misses++;
      misses++;
      missesPerSet[(a.lineAddress >>> LINE_SHIFT) & (sets - 1)]!++;
    }
    if (a.servedBy === 3) cell.fromMemory++;
    byLine.set(a.lineAddress, cell);
  }
  // The rows touched most recently are the ones kept: walk back from the newest access.
  const recentRows: number[] = [];
  const seen = new Set<number>();
  for (let i = accesses.length - 1; i >= 0; i--) {
    const row = rowStart(accesses[i]!.lineAddress, rowBytes);
    if (!seen.has(row)) {
      seen.add(row);
      recentRows.push(row);
    }
  }
  const kept = new Set(recentRows.slice(0, maxRows));
  const rows = new Map<number, AccessCell[]>([...kept].sort((a, b) => a - b).map((row) => [row, []]));
  for (const [lineAddress, cell] of [...byLine].sort(([a], [b]) => a - b)) {
    rows.get(rowStart(lineAddress, rowBytes))?.push({ set: (lineAddress >>> LINE_SHIFT) & (sets - 1), lineAddress, ...cell });
  }
  const busiest = missesPerSet.reduce((best, n, set) => (n > (missesPerSet[best] ?? 0) ? set : best), 0);
  return {
    sets,
    rows: [...rows].map(([address, cells]) => ({ address, cells })),
    hiddenRows: recentRows.length - kept.size,
    accesses: accessCount(accesses),
    misses,
    lines: byLine.size,
    busiestSet: misses > 0 ? { set: busiest, misses: missesPerSet[busiest]! } : null,
  };
}

function rowStart(lineAddress: number, rowBytes: number): number {
  return (lineAddress - (lineAddress % rowBytes)) >>> 0;
}

// ---- set heat: how the accesses reaching a level spread over its sets ----

export interface SetHeatCell {
  /** The sets this cell stands for (several when the level has more sets than cells). */
  readonly firstSet: number;
  readonly lastSet: number;
  /** Accesses that looked this level up (L1D: the repeats too), and those that missed it. */
  readonly lookups: number;
  readonly misses: number;
}

/**
 * The accesses that reached level `depth` (0 = L1D: all of them; 1 = L2: those that missed L1; 2 =
 * L3), counted by the set they looked up, folded into at most `maxCells` cells.
 */
export function setHeat(accesses: readonly CacheAccessView[], depth: number, sets: number, maxCells: number): SetHeatCell[] {
  const cells = Math.min(sets, maxCells);
  const setsPerCell = sets / cells;
  const lookups = new Array<number>(cells).fill(0);
  const misses = new Array<number>(cells).fill(0);
  for (const a of accesses) {
    if (a.servedBy < depth) continue;
    const cell = Math.floor(((a.lineAddress >>> LINE_SHIFT) & (sets - 1)) / setsPerCell);
    lookups[cell]! += depth === 0 ? 1 + a.repeats : 1;
    if (a.servedBy > depth) misses[cell]!++;
  }
  return lookups.map((n, cell) => ({ firstSet: cell * setsPerCell, lastSet: (cell + 1) * setsPerCell - 1, lookups: n, misses: misses[cell]! }));
}

// ---- a level's sets ----

export interface WayCell {
  readonly way: number;
  readonly line: CacheWayView | null;
  /** Holds another line than at the previous stop. */
  readonly changed: boolean;
  /** Its line was accessed by this hart recently. */
  readonly recent: boolean;
}

export interface SetRow {
  readonly set: number;
  readonly ways: readonly WayCell[];
  readonly changed: boolean;
}

/** The level's sets, each way marked changed since `before` and recently accessed; null when the view has no contents. */
export function setRows(level: CacheLevelView, before: CacheLevelView | null, recentLines: ReadonlySet<number>): SetRow[] | null {
  if (!level.contents) return null;
  const old = before?.name === level.name && before.sets === level.sets ? before.contents : null;
  return level.contents.map((ways, set) => {
    const cells = ways.map((line, way): WayCell => ({
      way,
      line,
      changed: old !== null && (old[set]?.[way]?.address ?? null) !== (line?.address ?? null),
      recent: line !== null && recentLines.has(line.address),
    }));
    return { set, ways: cells, changed: cells.some((c) => c.changed) };
  });
}

/** Hex digits a tag of this level needs (the address bits above offset and set index). */
export function tagDigits(level: CacheLevelView): number {
  return Math.ceil((32 - LINE_SHIFT - Math.log2(level.sets)) / 4);
}
