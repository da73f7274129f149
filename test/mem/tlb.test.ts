// Tests of the TLB on its own: hit and miss counting through `find`, true LRU within a set (way 0
// is always the most recent, so the interpreter's fast path compares one key), set-associative,
// direct-mapped and fully associative geometries, ASID tagging so two address spaces' entries
// coexist, the three kinds of flush and the counters the statistics report, the per-access fast
// keys that are the tag only when the access may skip the slow path, and the lookup of entries
// by physical frame used when a frame becomes code.

import { describe, expect, it } from 'vitest';
import { costModel } from '../../sim/cpu/cost';
import { DecodedCache } from '../../sim/cpu/decoded-cache';
import { Hart } from '../../sim/cpu/hart';
import { WatchList } from '../../sim/cpu/watch';
import { PhysicalMemory } from '../../sim/mem/phys';
import { PTE_R, PTE_U, PTE_V, PTE_W, ppnToPte, vpn0, vpn1 } from '../../sim/mem/sv32';
import {
  KEY_NONE,
  P_CODE,
  P_EXEC,
  P_READ,
  P_WATCH_READ,
  P_WATCH_WRITE,
  P_WRITE,
  Tlb,
  tlbKey,
} from '../../sim/mem/tlb';

/** Fills `vpn` for `asid` with a dummy translation and the given permissions. */
function fill(tlb: Tlb, vpn: number, asid = 0, perm = P_READ): number {
  return tlb.fill(tlbKey(vpn, asid), 0, 0x80000 + vpn, 0, perm);
}

/** The tags of a set, way 0 first (KEY_NONE for empty ways). */
function set(tlb: Tlb, vpn: number): number[] {
  const base = tlb.setBase(vpn);
  return Array.from(tlb.tag.subarray(base, base + tlb.ways));
}

describe('geometry', () => {
  it('derives sets from entries and ways', () => {
    const tlb = new Tlb({ entries: 64, ways: 4 });
    expect(tlb.setMask).toBe(15);
    expect(tlb.wayShift).toBe(2);
    expect(tlb.setBase(0x12345)).toBe(5 * 4);
  });

  it('rejects entries or ways that are not powers of two, and more ways than entries', () => {
    for (const [entries, ways] of [[0, 1], [6, 2], [8, 3], [8, 16], [8, 0], [8.5, 1], [-8, 2]]) {
      expect(() => new Tlb({ entries, ways }), `${entries}/${ways}`).toThrow(RangeError);
    }
  });

  it('starts empty', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    expect(tlb.validSlots()).toEqual([]);
    expect(Array.from(tlb.rkey).every((k) => k === KEY_NONE)).toBe(true);
  });
});

describe('lookup', () => {
  it('counts a miss before the fill and hits after, returning the set base', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    expect(tlb.find(tlbKey(5, 0))).toBe(-1);
    const slot = fill(tlb, 5);
    expect(slot).toBe(2); // set 1 of 4, way 0
    expect(tlb.find(tlbKey(5, 0))).toBe(2);
    expect(tlb.find(tlbKey(5, 0))).toBe(2);
    expect(tlb.find(tlbKey(6, 0))).toBe(-1);
    expect(tlb.counters).toEqual({ hits: 2, misses: 2, flushes: 0, evictions: 0, shootdowns: 0 });
  });

  it('keeps the most recently used entry in way 0', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0);
    fill(tlb, 4);
    expect(set(tlb, 0)).toEqual([tlbKey(4, 0), tlbKey(0, 0)]);
    expect(tlb.find(tlbKey(0, 0))).toBe(0);
    expect(set(tlb, 0)).toEqual([tlbKey(0, 0), tlbKey(4, 0)]);
    // The per-slot data moves with the tag.
    expect(tlb.ppn[0]).toBe(0x80000);
    expect(tlb.ppn[1]).toBe(0x80004);
  });

  it('evicts the least recently used way of a full set and counts it', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0); // VPNs 0, 4, 8 all map to set 0
    fill(tlb, 4);
    tlb.find(tlbKey(0, 0)); // 4 is now the LRU
    fill(tlb, 8);
    expect(tlb.counters.evictions).toBe(1);
    expect(set(tlb, 0)).toEqual([tlbKey(8, 0), tlbKey(0, 0)]);
    expect(tlb.find(tlbKey(4, 0))).toBe(-1);
    expect(tlb.find(tlbKey(0, 0))).toBe(0);
  });

  it('evicts in LRU order across a 4-way set', () => {
    const tlb = new Tlb({ entries: 16, ways: 4 });
    for (const vpn of [0, 4, 8, 12]) fill(tlb, vpn);
    tlb.find(tlbKey(4, 0));
    tlb.find(tlbKey(0, 0));
    // Recency now 0, 4, 12, 8: the next two fills evict 8 then 12.
    fill(tlb, 16);
    fill(tlb, 20);
    expect(set(tlb, 0)).toEqual([20, 16, 0, 4].map((v) => tlbKey(v, 0)));
    expect(tlb.counters.evictions).toBe(2);
  });

  it('keeps different sets apart', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    for (const vpn of [0, 1, 2, 3, 4, 5, 6, 7]) fill(tlb, vpn);
    expect(tlb.counters.evictions).toBe(0);
    expect(tlb.validSlots()).toHaveLength(8);
  });

  it('direct-mapped (1 way): a conflicting fill replaces the entry', () => {
    const tlb = new Tlb({ entries: 4, ways: 1 });
    fill(tlb, 1);
    fill(tlb, 5);
    expect(tlb.find(tlbKey(1, 0))).toBe(-1);
    expect(tlb.find(tlbKey(5, 0))).toBe(1);
    expect(tlb.counters.evictions).toBe(1);
  });

  it('fully associative (ways = entries): any VPNs share the one set until it is full', () => {
    const tlb = new Tlb({ entries: 4, ways: 4 });
    expect(tlb.setMask).toBe(0);
    for (const vpn of [1, 2, 3, 0x7ffff]) expect(fill(tlb, vpn)).toBe(0);
    expect(tlb.counters.evictions).toBe(0);
    tlb.find(tlbKey(1, 0));
    fill(tlb, 9); // evicts 2, the least recent
    expect(tlb.counters.evictions).toBe(1);
    expect(tlb.find(tlbKey(2, 0))).toBe(-1);
    for (const vpn of [1, 3, 0x7ffff, 9]) expect(tlb.find(tlbKey(vpn, 0))).toBe(0);
  });

  it('refilling a page already in the TLB (e.g. to add write permission) replaces its entry', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0);
    fill(tlb, 4);
    fill(tlb, 4, 0, P_READ | P_WRITE);
    expect(set(tlb, 0)).toEqual([tlbKey(4, 0), tlbKey(0, 0)]);
    expect(tlb.counters.evictions).toBe(0);
    expect(tlb.perm[0]).toBe(P_READ | P_WRITE);
    // One shootdown must be enough to forget the page.
    expect(tlb.flushPage(4, 0)).toBe(true);
    expect(tlb.find(tlbKey(4, 0))).toBe(-1);
    expect(tlb.find(tlbKey(0, 0))).not.toBe(-1);
  });

  it('fills an empty way of a set before evicting a valid entry', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0);
    fill(tlb, 4); // set 0: [4, 0]
    tlb.flushPage(4, 0); // set 0: [empty, 0]
    fill(tlb, 8);
    expect(tlb.counters.evictions).toBe(0);
    expect(set(tlb, 0)).toEqual([tlbKey(8, 0), tlbKey(0, 0)]);
    expect(tlb.find(tlbKey(0, 0))).toBe(0);
  });
});

describe('ASIDs', () => {
  it('lets the same VPN of two address spaces coexist', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 7, 1);
    fill(tlb, 7, 2);
    expect(tlb.find(tlbKey(7, 1))).toBe(6);
    expect(tlb.find(tlbKey(7, 2))).toBe(6);
    expect(tlb.find(tlbKey(7, 3))).toBe(-1);
    expect(tlb.counters.evictions).toBe(0);
  });

  it('puts the ASID above the 20-bit VPN in the tag', () => {
    expect(tlbKey(0xfffff, 511)).toBe(0x1fff_ffff);
    expect(tlbKey(0x12345, 3)).toBe(0x312345);
  });

  it('flushAsid removes only that address space', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 7, 1);
    fill(tlb, 7, 2);
    fill(tlb, 0, 1);
    fill(tlb, 1, 511);
    const before = tlb.invalidations;
    tlb.flushAsid(1);
    expect(tlb.invalidations - before).toBe(2);
    expect(tlb.counters.flushes).toBe(1);
    expect(tlb.find(tlbKey(7, 1))).toBe(-1);
    expect(tlb.find(tlbKey(0, 1))).toBe(-1);
    expect(tlb.find(tlbKey(7, 2))).not.toBe(-1);
    expect(tlb.find(tlbKey(1, 511))).not.toBe(-1);
  });
});

describe('flushes', () => {
  it('flushAll empties the TLB, counts one flush and bumps invalidations', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    for (const vpn of [0, 1, 2, 3]) fill(tlb, vpn, 1, P_READ | P_WRITE | P_EXEC);
    const before = tlb.invalidations;
    tlb.flushAll();
    expect(tlb.validSlots()).toEqual([]);
    expect(tlb.counters.flushes).toBe(1);
    expect(tlb.invalidations).toBeGreaterThan(before);
    for (const keys of [tlb.rkey, tlb.wkey, tlb.xkey]) expect(Array.from(keys).every((k) => k === KEY_NONE)).toBe(true);
    for (const vpn of [0, 1, 2, 3]) expect(tlb.find(tlbKey(vpn, 1))).toBe(-1);
  });

  it('flushPage shoots down just that page of that address space', () => {
    const tlb = new Tlb({ entries: 16, ways: 4 });
    fill(tlb, 0, 1);
    fill(tlb, 4, 1);
    fill(tlb, 4, 2);
    const before = tlb.invalidations;
    expect(tlb.flushPage(4, 1)).toBe(true);
    expect(tlb.counters.shootdowns).toBe(1);
    expect(tlb.invalidations - before).toBe(1);
    expect(tlb.counters.flushes).toBe(0);
    expect(tlb.find(tlbKey(4, 1))).toBe(-1);
    expect(tlb.find(tlbKey(0, 1))).not.toBe(-1);
    expect(tlb.find(tlbKey(4, 2))).not.toBe(-1);
  });

  it('flushPage of an absent page changes nothing', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0, 1);
    const before = tlb.invalidations;
    expect(tlb.flushPage(0, 2)).toBe(false);
    expect(tlb.flushPage(8, 1)).toBe(false);
    expect(tlb.counters.shootdowns).toBe(0);
    expect(tlb.invalidations).toBe(before);
  });

  it('flushPage finds the page in any way of its set', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0, 1);
    fill(tlb, 4, 1); // 0 is now in way 1
    expect(tlb.flushPage(0, 1)).toBe(true);
    expect(set(tlb, 0)).toEqual([tlbKey(4, 1), KEY_NONE]);
  });
});

describe('fast keys', () => {
  const keysOf = (tlb: Tlb, slot: number): [number, number, number] => [tlb.rkey[slot], tlb.wkey[slot], tlb.xkey[slot]];

  it('are the tag for every access the permissions allow', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const tag = tlbKey(3, 9);
    expect(keysOf(tlb, fill(tlb, 3, 9, P_READ | P_WRITE | P_EXEC))).toEqual([tag, tag, tag]);
  });

  it('are KEY_NONE for accesses the permissions do not allow', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const tag = tlbKey(3, 9);
    expect(keysOf(tlb, fill(tlb, 3, 9, P_READ))).toEqual([tag, KEY_NONE, KEY_NONE]);
    expect(keysOf(tlb, fill(tlb, 3, 9, P_EXEC))).toEqual([KEY_NONE, KEY_NONE, tag]);
    expect(keysOf(tlb, fill(tlb, 3, 9, 0))).toEqual([KEY_NONE, KEY_NONE, KEY_NONE]);
  });

  it('send writes to a code page or a write-watched page, and reads of a read-watched page, the slow way', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const tag = tlbKey(3, 9);
    const rw = P_READ | P_WRITE;
    expect(keysOf(tlb, fill(tlb, 3, 9, rw | P_CODE))).toEqual([tag, KEY_NONE, KEY_NONE]);
    expect(keysOf(tlb, fill(tlb, 3, 9, rw | P_WATCH_WRITE))).toEqual([tag, KEY_NONE, KEY_NONE]);
    expect(keysOf(tlb, fill(tlb, 3, 9, rw | P_WATCH_READ))).toEqual([KEY_NONE, tag, KEY_NONE]);
  });

  it('follow setPerm', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const tag = tlbKey(3, 9);
    const slot = fill(tlb, 3, 9, P_READ | P_WRITE | P_EXEC);
    tlb.setPerm(slot, tlb.perm[slot] | P_CODE);
    expect(keysOf(tlb, slot)).toEqual([tag, KEY_NONE, tag]);
    tlb.setPerm(slot, P_READ | P_WRITE | P_EXEC);
    expect(keysOf(tlb, slot)).toEqual([tag, tag, tag]);
  });

  it('move with their entry when the set is reordered', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    fill(tlb, 0, 0, P_READ | P_WRITE);
    fill(tlb, 4, 0, P_EXEC);
    tlb.find(tlbKey(0, 0));
    expect(keysOf(tlb, 0)).toEqual([0, 0, KEY_NONE]);
    expect(keysOf(tlb, 1)).toEqual([KEY_NONE, KEY_NONE, 4]);
  });
});

describe('forEachMapping', () => {
  it('visits exactly the entries that map a host page, including high virtual addresses', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const host = 0x5000;
    const a = tlb.fill(tlbKey(0x10, 1), (host - 0x10000) | 0, 0x80005, 0, P_READ);
    const b = tlb.fill(tlbKey(0xc0001, 2), (host - 0xc000_1000) | 0, 0x80005, 0, P_READ);
    tlb.fill(tlbKey(0x22, 1), (0x6000 - 0x22000) | 0, 0x80006, 0, P_READ);
    const visited: number[] = [];
    tlb.forEachMapping(host, (slot) => visited.push(slot));
    expect(visited.sort()).toEqual([a, b].sort());
  });

  it('lets a frame that became code take writes off the fast path on every mapping', () => {
    const tlb = new Tlb({ entries: 8, ways: 2 });
    const slot = tlb.fill(tlbKey(0x10, 1), (0x5000 - 0x10000) | 0, 0x80005, 0, P_READ | P_WRITE);
    tlb.forEachMapping(0x5000, (s) => tlb.setPerm(s, tlb.perm[s] | P_CODE));
    expect(tlb.wkey[slot]).toBe(KEY_NONE);
    expect(tlb.rkey[slot]).toBe(tlbKey(0x10, 1));
  });
});

describe('through a hart', () => {
  // A page that is read and then written is walked twice (the write must set D), so its TLB
  // entry is refilled. After munmap's shootdown the page must be gone, not served from a
  // leftover copy of the read-only entry.
  it('forgets a read-then-written page after one shootdown', () => {
    const mem = new PhysicalMemory(4);
    const root = mem.allocFrame();
    const table = mem.allocFrame();
    const page = mem.allocFrame();
    const va = 0x0001_0000;
    mem.writeWord(root * 4096 + vpn1(va) * 4, ppnToPte(table, PTE_V));
    const leaf = table * 4096 + vpn0(va) * 4;
    mem.writeWord(leaf, ppnToPte(page, PTE_V | PTE_R | PTE_W | PTE_U));
    const shared = { mem, decoded: new DecodedCache(mem), cost: costModel(), watch: new WatchList(), timebaseHz: 10_000_000 };
    const hart = new Hart(0, shared, { entries: 8, ways: 2 }, null);
    hart.setAddressSpace(root, 1, false);

    expect(hart.translate(va, 'read')).toBe(mem.frameHost(page));
    expect(hart.translate(va, 'write')).toBe(mem.frameHost(page));
    expect(hart.counters.walks).toBe(2);
    expect(hart.tlb.validSlots()).toHaveLength(1);

    mem.writeWord(leaf, 0); // munmap
    expect(hart.tlb.flushPage(va >>> 12, 1)).toBe(true);
    expect(hart.translate(va, 'read')).toBe(-1);
    expect(hart.takeTrap()).toEqual({ kind: 'loadPageFault', addr: va });
  });
});
