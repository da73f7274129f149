// What the CPU & Caches panel reads of the caches: each hart's ring of recent lookups (the level
// that served each, the repeats of its line counted, bounded and oldest first), a level's ways in
// LRU order, and in a machine's snapshot the sets of small levels with their tags, the accesses
// of a column walk piled into one L1 set, and the instruction at each hart's pc. Reading them
// does not change the run, and a checkpoint puts them back.

import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import type { MachineOptions } from '../../sim/config';
import { disassemble } from '../../sim/isa/disasm';
import { Machine, type RunState } from '../../sim/machine';
import { CacheLevel, CachePath, LINE_SIZE, RECENT_ACCESSES } from '../../sim/mem/cache';
import { DRAM_BASE } from '../../sim/mem/phys';
import type { MachineSnapshot } from '../../sim/snapshot-types';
import { buildExecutable } from '../../sim/toolchain/driver';
import { libcBuildOptions } from '../support/libc';

const LAT = { l1: 2, l2: 7, l3: 15, ram: 100 };

function tinyPath(): CachePath {
  // L1D: 4 sets × 2 ways; L2: 8 sets × 2 ways; L3: 16 sets × 2 ways.
  return new CachePath(new CacheLevel('L1D', { sizeBytes: 512, ways: 2 }), new CacheLevel('L2', { sizeBytes: 1024, ways: 2 }), new CacheLevel('L3', { sizeBytes: 2048, ways: 2 }), LAT);
}

/** The ring read back: [line, level that served it, repeats after it]. */
const served = (path: CachePath) => path.recentAccesses().map(({ entry, repeats }) => [entry >>> 2, entry & 3, repeats]);

describe('a hart’s ring of recent accesses', () => {
  it('records each lookup’s line and the level that served it, and counts the repeats of a line after it', () => {
    const path = tinyPath();
    path.access(0 * LINE_SIZE, false); // cold: memory
    path.access(0 * LINE_SIZE + 4, false); // same line again: the shortcut, a repeat
    path.access(0 * LINE_SIZE + 8, true); // and again
    path.access(1 * LINE_SIZE, true); // cold
    path.access(0 * LINE_SIZE, false); // an L1 hit through a lookup
    path.access(0 * LINE_SIZE + 12, false); // a repeat of the newest entry
    expect(served(path)).toEqual([[0, 3, 2], [1, 3, 0], [0, 0, 1]]);
    // Every access is accounted for: lookups plus repeats are L1's hits and misses.
    const l1 = path.l1.counters;
    expect(served(path).reduce((n, [, , repeats]) => n + 1 + repeats!, 0)).toBe(l1.hits + l1.misses);
  });

  it('tells L2 and L3 hits apart: an L1 victim comes back from L2, an L2 victim from L3', () => {
    const path = tinyPath();
    // Lines 0, 4 and 8 share L1 set 0 (2 ways): the third evicts line 0 from L1 but not from L2.
    for (const line of [0, 4, 8, 0]) path.access(line * LINE_SIZE, false);
    expect(served(path).at(-1)).toEqual([0, 1, 0]);
    // Lines 16, 24 and 40 share L1 set 0 and L2 set 0 with line 0, but not its L3 set: line 0 is
    // then only in L3.
    for (const line of [16, 24, 40, 0]) path.access(line * LINE_SIZE, false);
    expect(served(path).at(-1)).toEqual([0, 2, 0]);
  });

  it('keeps the last RECENT_ACCESSES lookups, oldest first, their repeats counted across the wrap', () => {
    const path = tinyPath();
    const total = RECENT_ACCESSES + 100;
    for (let line = 0; line < total; line++) {
      path.access(line * LINE_SIZE, false);
      path.access(line * LINE_SIZE + 4, false);
    }
    const ring = served(path);
    expect(ring).toHaveLength(RECENT_ACCESSES);
    expect(ring[0]![0]).toBe(100);
    expect(ring.at(-1)![0]).toBe(total - 1);
    expect(ring.every(([, , repeats]) => repeats === 1)).toBe(true);
  });
});

describe('a level’s ways by recency', () => {
  it('lists the valid ways most recently used first, so the last is the next victim', () => {
    const level = new CacheLevel('L1D', { sizeBytes: 4 * LINE_SIZE * 4, ways: 4 }); // 4 sets × 4 ways
    for (const line of [0, 4, 8]) level.access(line, false);
    level.access(0, false);
    expect(level.waysByRecency(0).map((way) => level.lines[way])).toEqual([0, 8, 4]);
    expect(level.waysByRecency(1)).toEqual([]);
    level.access(12, false);
    level.access(16, false); // evicts line 4, the LRU one
    expect(level.waysByRecency(0).map((way) => level.lines[way])).toEqual([16, 12, 0, 8]);
  });
});

// A column walk over a matrix whose rows are 512 bytes: on an 8-set L1 (512 B of sets) every
// access of a column lands in the same set. getpid marks the end of the walk.
const COLUMN_WALK = `
#include <unistd.h>
#define N 128
static int matrix[N][N];
int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) matrix[i][j] = i + j;
  long sum = 0;
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) sum += matrix[i][j];
  getpid();
  return (int)(sum & 1);
}
`;

const TINY_CACHES: MachineOptions['caches'] = {
  l1: { sizeBytes: 1024, ways: 2 },
  l2: { sizeBytes: 4096, ways: 4 },
  l3: { sizeBytes: 2 * 1024 * 1024, ways: 16 },
};

let elf: Uint8Array | null = null;
function columnWalk(): Machine {
  elf ??= buildExecutable([{ path: '/tmp/column-walk.c', bytes: new TextEncoder().encode(COLUMN_WALK) }], libcBuildOptions()).executable;
  const machine = new Machine({ cores: 1, caches: TINY_CACHES }, new BufferConsole());
  machine.load(elf, { path: '/bin/column-walk' });
  return machine;
}

function runUntil(machine: Machine, stop: (state: RunState) => boolean): RunState {
  for (;;) {
    const state = machine.runSlice();
    if (state.kind !== 'running' && (stop(state) || state.kind !== 'event')) return state;
  }
}

/** Runs to the getpid after the walk (a syscall-entry stop). */
function atMarker(machine: Machine): MachineSnapshot {
  machine.setEventStops({ syscallEntry: (call) => call.name === 'getpid' });
  expect(runUntil(machine, (s) => s.kind === 'event').kind).toBe('event');
  return machine.snapshot();
}

describe('the caches in a snapshot, after a column walk on tiny caches', () => {
  it('holds the sets of a small level with tags, dirty bits and LRU ranks, and none of a large one', () => {
    const [hart] = atMarker(columnWalk()).harts;
    const [l1, l2] = hart!.caches;
    expect(l1).toMatchObject({ name: 'L1D', sets: 8, ways: 2 });
    expect(l1!.contents).toHaveLength(8);
    for (const set of l1!.contents!) {
      expect(set).toHaveLength(2);
      const ranks = set.filter((way) => way !== null).map((way) => way!.lruRank);
      expect(ranks.sort()).toEqual([0, 1].slice(0, ranks.length));
    }
    const ways = l1!.contents!.flat().filter((way) => way !== null);
    expect(ways.length).toBe(16); // the walk filled every way
    expect(ways.some((way) => way!.dirty)).toBe(true); // the stack's line, written by the loop
    for (const [set, row] of l1!.contents!.entries()) {
      for (const way of row) if (way) expect([way.address % LINE_SIZE, (way.address >>> 6) & 7, way.tag]).toEqual([0, set, way.address >>> 9]);
    }
    expect(l2!.contents!.flat().filter((way) => way !== null).length).toBe(64);
    const shared = atMarker(columnWalk()).sharedCaches[0]!;
    expect(shared).toMatchObject({ name: 'L3', sets: 2048, contents: null });
  });

  it('records the hart’s last accesses: the walk’s misses all land in one L1 set', () => {
    const [hart] = atMarker(columnWalk()).harts;
    const accesses = hart!.recentAccesses;
    expect(accesses).toHaveLength(RECENT_ACCESSES);
    for (const a of accesses) expect(a.lineAddress).toBeGreaterThanOrEqual(DRAM_BASE);
    const misses = accesses.filter((a) => a.servedBy > 0);
    const perSet = new Map<number, number>();
    for (const a of misses) perSet.set((a.lineAddress >>> 6) & 7, (perSet.get((a.lineAddress >>> 6) & 7) ?? 0) + 1);
    const busiest = Math.max(...perSet.values());
    expect(misses.length).toBeGreaterThan(100);
    expect(busiest / misses.length).toBeGreaterThan(0.9);
  });

  it('shows the instruction at the running hart’s pc, read without changing the run', () => {
    const machine = columnWalk();
    const [hart] = atMarker(machine).harts;
    const bytes = machine.readMemory(hart!.pid!, hart!.pc, 4)!;
    const word = new DataView(bytes.buffer).getUint32(0, true);
    expect(hart!.instruction).toEqual({ word, text: disassemble(word, hart!.pc) });
    expect(hart!.instruction!.text).toBe('ecall');
  });

  it('changes nothing by being taken, and comes back with a checkpoint', () => {
    const plain = columnWalk();
    const plainEnd = runUntil(plain, () => false);
    const looked = columnWalk();
    const first = atMarker(looked);
    const checkpoint = looked.checkpoint();
    for (let i = 0; i < 3; i++) looked.snapshot();
    looked.setEventStops({});
    expect(runUntil(looked, () => false)).toEqual(plainEnd);
    expect(looked.stats()).toEqual(plain.stats());
    expect(looked.snapshot().harts[0]!.recentAccesses).not.toEqual(first.harts[0]!.recentAccesses);
    looked.restore(checkpoint);
    const again = looked.snapshot();
    expect(again.harts[0]!.recentAccesses).toEqual(first.harts[0]!.recentAccesses);
    expect(again.harts[0]!.caches).toEqual(first.harts[0]!.caches);
  });
});
