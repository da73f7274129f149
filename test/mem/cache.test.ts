// Tests of the cache model: a single `CacheLevel` (compulsory misses, LRU replacement within a
// set, write-backs of dirty victims, geometry validation) and a hart's `CachePath` through L1, L2
// and L3 (the latency returned is the level that served the access, the repeat-line shortcut
// still counts and dirties like a real L1 hit), plus the access patterns the cache labs measure:
// a sequential scan misses once per 64-byte line, a scan with a stride of 64 B × sets lands in one
// set and thrashes once it touches more lines than the set has ways.

import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHES } from '../../sim/config';
import { costModel } from '../../sim/cpu/cost';
import { CacheLevel, CachePath, LINE_SIZE, type CacheGeometry } from '../../sim/mem/cache';

const LAT = { l1: 2, l2: 7, l3: 15, ram: 100 };

function path(l1: CacheGeometry, l2: CacheGeometry, l3: CacheGeometry): CachePath {
  return new CachePath(new CacheLevel('L1D', l1), new CacheLevel('L2', l2), new CacheLevel('L3', l3), LAT);
}

/** The default hierarchy (32 KiB/8, 256 KiB/8, 2 MiB/16) with the default latencies. */
function defaultPath(): CachePath {
  const c = costModel();
  return new CachePath(
    new CacheLevel('L1D', DEFAULT_CACHES.l1),
    new CacheLevel('L2', DEFAULT_CACHES.l2),
    new CacheLevel('L3', DEFAULT_CACHES.l3),
    { l1: c.l1, l2: c.l2, l3: c.l3, ram: c.ram },
  );
}

/** Accesses `lines` (line numbers) in order on a level; returns the hit (H) / miss (M) string. */
function run(level: CacheLevel, lines: readonly number[], write = false): string {
  return lines.map((l) => (level.access(l, write) ? 'H' : 'M')).join('');
}

describe('CacheLevel geometry', () => {
  it('has size / (64 × ways) sets', () => {
    expect(LINE_SIZE).toBe(64);
    expect(new CacheLevel('L1D', DEFAULT_CACHES.l1).sets).toBe(64);
    expect(new CacheLevel('L2', DEFAULT_CACHES.l2).sets).toBe(512);
    expect(new CacheLevel('L3', DEFAULT_CACHES.l3).sets).toBe(2048);
    const direct = new CacheLevel('D', { sizeBytes: 64, ways: 1 });
    expect([direct.sets, direct.ways]).toEqual([1, 1]);
  });

  it('rejects geometries whose set count is not a whole power of two', () => {
    const bad: CacheGeometry[] = [
      { sizeBytes: 192, ways: 1 }, // 3 sets
      { sizeBytes: 64, ways: 2 }, // half a set
      { sizeBytes: 32, ways: 1 },
      { sizeBytes: 0, ways: 1 },
      { sizeBytes: 32 * 1024, ways: 3 },
    ];
    for (const g of bad) expect(() => new CacheLevel('X', g), JSON.stringify(g)).toThrow(RangeError);
    expect(() => new CacheLevel('L9', { sizeBytes: 192, ways: 1 })).toThrow(/^L9: /);
  });
});

describe('CacheLevel behaviour', () => {
  it('misses once per line (compulsory), then hits', () => {
    const c = new CacheLevel('T', { sizeBytes: 256, ways: 2 }); // 2 sets × 2 ways
    expect(run(c, [0, 1, 2, 3])).toBe('MMMM');
    expect(run(c, [0, 1, 2, 3, 3, 0])).toBe('HHHHHH');
    expect(c.counters).toEqual({ hits: 6, misses: 4, writebacks: 0 });
  });

  it('maps line n to set n mod sets', () => {
    const c = new CacheLevel('T', { sizeBytes: 256, ways: 2 });
    c.access(5, false);
    expect(c.locate(5)).toEqual({ set: 1, way: 0 });
    c.access(7, false);
    expect(c.locate(7)).toEqual({ set: 1, way: 1 });
    expect(c.locate(4)).toBeNull();
  });

  it('evicts the least recently used line of a 2-way set', () => {
    const c = new CacheLevel('T', { sizeBytes: 256, ways: 2 });
    // Lines 0, 2 and 4 all map to set 0.
    expect(run(c, [0, 2, 0, 4])).toBe('MMHM'); // 4 evicts 2 (0 was used more recently)
    expect(c.locate(2)).toBeNull();
    expect(run(c, [0, 2, 4])).toBe('HMM'); // 2 evicts 4, then 4 evicts 0
    expect(c.locate(0)).toBeNull();
    expect(c.locate(2)).not.toBeNull();
    expect(c.locate(4)).not.toBeNull();
    expect(c.counters).toEqual({ hits: 2, misses: 5, writebacks: 0 });
  });

  it('thrashes a 2-way set with three lines used round-robin', () => {
    const c = new CacheLevel('T', { sizeBytes: 256, ways: 2 });
    expect(run(c, [0, 2, 4, 0, 2, 4, 0, 2, 4])).toBe('MMMMMMMMM');
    expect(c.counters.hits).toBe(0);
  });

  it('counts a write-back only when a dirty line is evicted', () => {
    const c = new CacheLevel('T', { sizeBytes: 256, ways: 2 });
    c.access(0, true); // write miss: allocated dirty
    c.access(2, false);
    c.access(4, false); // evicts 0 (dirty)
    expect(c.counters.writebacks).toBe(1);
    c.access(6, false); // evicts 2 (clean)
    expect(c.counters.writebacks).toBe(1);
    c.access(4, true); // write hit dirties 4
    c.access(8, false); // evicts 6 (clean, LRU)
    expect(c.counters.writebacks).toBe(1);
    c.access(10, false); // evicts 4 (dirty)
    expect(c.counters.writebacks).toBe(2);
    c.access(4, false); // 4 comes back clean, evicting 8
    c.access(12, false); // evicts 10 (clean)
    c.access(14, false); // evicts 4 (clean now)
    expect(c.counters).toEqual({ hits: 1, misses: 9, writebacks: 2 });
  });
});

describe('CachePath latencies', () => {
  // L1: 2 sets × 1 way; L2: 8 sets × 2 ways; L3: 16 sets × 4 ways.
  const small = (): CachePath => path({ sizeBytes: 128, ways: 1 }, { sizeBytes: 1024, ways: 2 }, { sizeBytes: 4096, ways: 4 });

  it('charges RAM on first touch, L1 on a hit, and L2 for a line evicted from L1 only', () => {
    const p = small();
    expect(p.access(0, false)).toBe(100); // line 0: first touch
    expect(p.access(4, false)).toBe(2); // same line
    expect(p.access(64, false)).toBe(100); // line 1 (L1 set 1)
    expect(p.access(0, false)).toBe(2); // line 0 still in L1 set 0
    expect(p.access(128, false)).toBe(100); // line 2 evicts line 0 from L1 set 0
    expect(p.access(0, false)).toBe(7); // …but L2 still has it
    expect(p.l1.counters).toEqual({ hits: 2, misses: 4, writebacks: 0 });
    expect(p.l2.counters).toEqual({ hits: 1, misses: 3, writebacks: 0 });
    expect(p.l3.counters).toEqual({ hits: 0, misses: 3, writebacks: 0 });
  });

  it('charges L3 for a line evicted from L1 and L2 but still in L3', () => {
    const p = small();
    // Lines 0, 8 and 16 share L1 set 0 and L2 set 0 (2 ways); L3 has room for all three.
    expect([0, 512, 1024].map((h) => p.access(h, false))).toEqual([100, 100, 100]);
    expect(p.access(0, false)).toBe(15); // L2 evicted line 0 when 16 came in
    expect(p.access(512, false)).toBe(15); // and line 8 when 0 came back
    expect(p.access(0, false)).toBe(7); // L2 now holds 0 and 8
    expect(p.l3.counters).toEqual({ hits: 2, misses: 3, writebacks: 0 });
  });

  it('uses the latencies of the cost model at the default 1 GHz', () => {
    const p = defaultPath();
    expect(p.access(0x1000, true)).toBe(100);
    expect(p.access(0x1004, true)).toBe(2);
  });

  it('counts a repeat of the last line as an L1 hit and dirties the line on a write', () => {
    const p = small();
    p.access(0, false);
    p.access(8, true); // shortcut: same line, now written
    expect(p.l1.counters.hits).toBe(1);
    const where = p.l1.locate(0);
    expect(where).not.toBeNull();
    if (where === null) return;
    expect(p.l1.dirty[where.set * p.l1.ways + where.way]).toBe(1);
    p.access(128, false); // evicts line 0 from L1: the write must be written back
    expect(p.l1.counters.writebacks).toBe(1);
  });

  it('writes back nothing for a line that was only read', () => {
    const p = small();
    p.access(0, false);
    p.access(8, false);
    p.access(128, false);
    expect(p.l1.counters.writebacks).toBe(0);
  });

  it('after reset, looks the last line up again instead of assuming an L1 hit', () => {
    const p = small();
    p.access(0, false);
    p.l1.lines.fill(-1); // the L1 was emptied (hierarchy reset)
    p.reset();
    expect(p.access(0, false)).toBe(7);
    expect(p.l1.counters.misses).toBe(2);
  });
});

describe('access patterns on the default hierarchy', () => {
  it('a sequential word scan of N bytes misses N/64 times and hits N/4 − N/64 times', () => {
    const p = defaultPath();
    const n = 16 * 1024;
    let cycles = 0;
    for (let h = 0; h < n; h += 4) cycles += p.access(h, false);
    expect(p.l1.counters).toEqual({ hits: n / 4 - n / 64, misses: n / 64, writebacks: 0 });
    expect(p.l2.counters.misses).toBe(n / 64);
    expect(p.l3.counters.misses).toBe(n / 64);
    expect(cycles).toBe(256 * 100 + 3840 * 2);
    // A second pass fits in the 32 KiB L1: all hits.
    cycles = 0;
    for (let h = 0; h < n; h += 4) cycles += p.access(h, false);
    expect(cycles).toBe((n / 4) * 2);
    expect(p.l1.counters.misses).toBe(n / 64);
  });

  it('a second scan of 64 KiB misses L1 on every line (LRU) but hits L2', () => {
    const p = defaultPath();
    const n = 64 * 1024;
    for (let h = 0; h < n; h += 4) p.access(h, false);
    let cycles = 0;
    for (let h = 0; h < n; h += 4) cycles += p.access(h, false);
    expect(p.l1.counters.misses).toBe(2 * (n / 64));
    expect(p.l2.counters).toEqual({ hits: n / 64, misses: n / 64, writebacks: 0 });
    expect(cycles).toBe((n / 64) * 7 + (n / 4 - n / 64) * 2);
  });

  it('a stride of 64 B × 64 sets puts 8 lines in one 8-way L1 set: they all stay', () => {
    const p = defaultPath();
    const stride = LINE_SIZE * p.l1.sets; // 4096
    let cycles = 0;
    for (let round = 0; round < 3; round++) for (let i = 0; i < 8; i++) cycles += p.access(i * stride, false);
    expect(p.l1.counters).toEqual({ hits: 16, misses: 8, writebacks: 0 });
    expect(cycles).toBe(8 * 100 + 16 * 2);
    for (let i = 0; i < 8; i++) expect(p.l1.locate((i * stride) / LINE_SIZE)?.set).toBe(0);
  });

  it('the same stride over 9 lines thrashes L1 (every access misses) and is served by L2', () => {
    const p = defaultPath();
    const stride = LINE_SIZE * p.l1.sets;
    let cycles = 0;
    for (let round = 0; round < 3; round++) for (let i = 0; i < 9; i++) cycles += p.access(i * stride, false);
    expect(p.l1.counters).toEqual({ hits: 0, misses: 27, writebacks: 0 });
    expect(p.l2.counters).toEqual({ hits: 18, misses: 9, writebacks: 0 });
    expect(p.l3.counters).toEqual({ hits: 0, misses: 9, writebacks: 0 });
    expect(cycles).toBe(9 * 100 + 18 * 7);
  });
});
