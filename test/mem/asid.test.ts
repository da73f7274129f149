// Tests of ASID allocation with generations: Sv32's 9-bit ASIDs give address spaces 1..511 (0
// means "no ASID"); an address space keeps its ASID while its generation is current; the 512th
// request starts a new generation, which is reported exactly once so the kernel flushes every
// TLB once, numbering restarts at 1, and address spaces from the old generation get fresh ASIDs
// the next time they run.

import { describe, expect, it } from 'vitest';
import { ASID_BITS, ASID_COUNT, AsidAllocator, type AsidHolder } from '../../sim/mem/asid';

const holder = (): AsidHolder => ({ asid: 0, asidGeneration: 0 });

describe('AsidAllocator', () => {
  it('has 9-bit ASIDs', () => {
    expect(ASID_BITS).toBe(9);
    expect(ASID_COUNT).toBe(512);
  });

  it('hands out 1, 2, 3, … in the first generation', () => {
    const alloc = new AsidAllocator();
    const holders = [holder(), holder(), holder()];
    expect(holders.map((h) => alloc.assign(h))).toEqual([false, false, false]);
    expect(holders.map((h) => h.asid)).toEqual([1, 2, 3]);
    expect(holders.map((h) => h.asidGeneration)).toEqual([1, 1, 1]);
  });

  it('keeps an ASID while its generation is current', () => {
    const alloc = new AsidAllocator();
    const a = holder();
    alloc.assign(a);
    alloc.assign(holder());
    expect(alloc.assign(a)).toBe(false);
    expect(alloc.assign(a)).toBe(false);
    expect(a).toEqual({ asid: 1, asidGeneration: 1 });
    expect(alloc.assign(holder())).toBe(false);
    expect(alloc.generation).toBe(1);
  });

  it('gives a holder with ASID 0 a real ASID even if its generation matches', () => {
    const alloc = new AsidAllocator();
    const h: AsidHolder = { asid: 0, asidGeneration: 1 };
    alloc.assign(h);
    expect(h.asid).toBe(1);
  });

  it('uses all of 1..511 before rolling over, then restarts at 1 in generation 2', () => {
    const alloc = new AsidAllocator();
    const first = Array.from({ length: 511 }, holder);
    expect(first.some((h) => alloc.assign(h))).toBe(false);
    expect(first.map((h) => h.asid)).toEqual(Array.from({ length: 511 }, (_, i) => i + 1));
    expect(alloc.generation).toBe(1);

    const next = holder();
    expect(alloc.assign(next)).toBe(true);
    expect(next).toEqual({ asid: 1, asidGeneration: 2 });
    expect(alloc.generation).toBe(2);
  });

  it('reports the rollover exactly once per 511 fresh ASIDs', () => {
    const alloc = new AsidAllocator();
    const rollovers: number[] = [];
    for (let i = 1; i <= 1023; i++) if (alloc.assign(holder())) rollovers.push(i);
    expect(rollovers).toEqual([512, 1023]);
    expect(alloc.generation).toBe(3);
  });

  it('gives an address space from the old generation a fresh ASID, without another rollover', () => {
    const alloc = new AsidAllocator();
    const old = Array.from({ length: 511 }, holder);
    for (const h of old) alloc.assign(h);
    const trigger = holder();
    alloc.assign(trigger); // rollover: ASID 1 of generation 2
    const a = old[300]; // had ASID 301
    expect(alloc.assign(a)).toBe(false);
    expect(a).toEqual({ asid: 2, asidGeneration: 2 });
    expect(alloc.assign(a)).toBe(false); // now current: kept
    expect(a.asid).toBe(2);
    expect(alloc.assign(trigger)).toBe(false);
    expect(trigger.asid).toBe(1);
  });
});
