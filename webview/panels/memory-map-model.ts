// What the Memory Map panel draws, computed from the data alone: each mapping compared with the
// same process's mappings at the previous stop, and the segments of the address-space bar, to
// scale or with the gaps squeezed.

import type { VmaView } from '../../sim/snapshot-types';

export type VmaChange = 'new' | 'resized' | 'protection' | 'touched' | null;

export interface MappingRow {
  readonly vma: VmaView;
  readonly change: VmaChange;
}

export interface MapDiff {
  readonly rows: readonly MappingRow[];
  /** Mappings of the previous stop that are gone (munmap, exec). */
  readonly gone: readonly VmaView[];
}

/** Rows of `now` marked with how each differs from `before` (null: no earlier stop to compare with). */
export function diffMappings(now: readonly VmaView[], before: readonly VmaView[] | null): MapDiff {
  if (!before) return { rows: now.map((vma) => ({ vma, change: null })), gone: [] };
  const byStart = new Map(before.map((v) => [v.start, v]));
  const rows = now.map((vma): MappingRow => {
    const old = byStart.get(vma.start);
    if (!old || old.name !== vma.name) return { vma, change: 'new' };
    if (old.end !== vma.end) return { vma, change: 'resized' };
    if (old.perms !== vma.perms) return { vma, change: 'protection' };
    if (old.smaps.rss !== vma.smaps.rss || old.smaps.privateDirty !== vma.smaps.privateDirty) return { vma, change: 'touched' };
    return { vma, change: null };
  });
  const starts = new Set(now.map((v) => v.start));
  return { rows, gone: before.filter((v) => !starts.has(v.start)) };
}

export interface BarSegment {
  /** Index into the mappings, or -1 for a gap. */
  readonly vma: number;
  readonly start: number;
  readonly end: number;
  /** Position and width as fractions of the bar. */
  readonly left: number;
  readonly width: number;
}

const ADDRESS_SPACE = 2 ** 32;
/** With gaps squeezed, each gap takes this share of the bar whatever its size. */
const SQUEEZED_GAP = 0.04;
/** A mapping never narrower than this share, so a one-page mapping stays visible and clickable. */
const MIN_WIDTH = 0.004;

export function barSegments(vmas: readonly VmaView[], squeezeGaps: boolean): BarSegment[] {
  const pieces: { vma: number; start: number; end: number }[] = [];
  let cursor = 0;
  vmas.forEach((v, i) => {
    if (v.start > cursor) pieces.push({ vma: -1, start: cursor, end: v.start });
    pieces.push({ vma: i, start: v.start, end: v.end });
    cursor = v.end;
  });
  if (cursor < ADDRESS_SPACE) pieces.push({ vma: -1, start: cursor, end: ADDRESS_SPACE });
  const weight = (p: { vma: number; start: number; end: number }) => (squeezeGaps && p.vma < 0 ? -1 : Math.max(p.end - p.start, MIN_WIDTH * ADDRESS_SPACE));
  const mapped = pieces.filter((p) => weight(p) > 0).reduce((sum, p) => sum + weight(p), 0);
  const gaps = pieces.filter((p) => weight(p) < 0).length;
  const gapShare = squeezeGaps ? Math.min(SQUEEZED_GAP, 0.5 / Math.max(1, gaps)) : 0;
  const mappedShare = 1 - gapShare * gaps;
  let left = 0;
  return pieces.map((p) => {
    const w = weight(p) < 0 ? gapShare : (weight(p) / mapped) * mappedShare;
    const segment = { ...p, left, width: w };
    left += w;
    return segment;
  });
}
