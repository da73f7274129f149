// Tests of the Sv32 page-table walker against page tables built by hand in simulated physical
// memory: the two-level walk to a 4 KiB page, 4 MiB superpages (and the fault for a misaligned
// one), the A and D bits the walker writes back into the PTE in memory, every page-fault reason a
// user program can run into, and the list of PTE addresses read, which is what the cost model
// charges for a TLB miss (two accesses for a normal walk, one for a superpage).

import { beforeEach, describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../sim/mem/phys';
import {
  PTE_A,
  PTE_COW,
  PTE_D,
  PTE_G,
  PTE_R,
  PTE_U,
  PTE_V,
  PTE_W,
  PTE_X,
  ppnToPte,
  pteToPpn,
  vpn0,
  vpn1,
  walk,
  walkInto,
  WalkScratch,
  type Access,
  type WalkResult,
} from '../../sim/mem/sv32';

// 0x12345678: VPN[1] = 0x48, VPN[0] = 0x345, offset 0x678.
const VA = 0x1234_5678;

let mem: PhysicalMemory;
let root: number;
let table: number;
let page: number;

const pteAddr = (tablePpn: number, index: number): number => tablePpn * 4096 + index * 4;
const setPte = (tablePpn: number, index: number, pte: number): void => mem.writeWord(pteAddr(tablePpn, index), pte);
const readPte = (tablePpn: number, index: number): number => mem.readWord(pteAddr(tablePpn, index));

/** Maps VA through root → table → page with the given leaf flags. */
function mapPage(flags: number): void {
  setPte(root, vpn1(VA), ppnToPte(table, PTE_V));
  setPte(table, vpn0(VA), ppnToPte(page, flags));
}

function fault(result: WalkResult): string {
  if (result.ok) throw new Error(`expected a fault, got PPN ${result.ppn.toString(16)}`);
  return result.reason;
}

beforeEach(() => {
  mem = new PhysicalMemory(4);
  root = mem.allocFrame(); // 0x80000
  table = mem.allocFrame(); // 0x80001
  page = mem.allocFrame(); // 0x80002
});

describe('PTE helpers', () => {
  it('splits a virtual address into VPN[1] and VPN[0]', () => {
    expect(vpn1(VA)).toBe(0x48);
    expect(vpn0(VA)).toBe(0x345);
    expect(vpn1(0xffff_f000 | 0)).toBe(0x3ff);
    expect(vpn0(0xffff_f000 | 0)).toBe(0x3ff);
  });

  it('packs the PPN above the ten flag bits', () => {
    expect(ppnToPte(0x80002, PTE_V | PTE_R)).toBe(0x2000_0803);
    expect(pteToPpn(0x2000_0803)).toBe(0x80002);
    expect(pteToPpn(ppnToPte(0x3f_ffff, PTE_V))).toBe(0x3f_ffff);
  });
});

describe('two-level walk', () => {
  it('translates through root and level-0 table to the 4 KiB page, reading two PTEs root first', () => {
    mapPage(PTE_V | PTE_R | PTE_W | PTE_U);
    const r = walk(mem, root, VA, 'read');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ppn).toBe(0x80002);
    expect(r.pteAddrs).toEqual([0x8000_0120, 0x8000_1d14]);
    expect(r.pte).toBe(ppnToPte(page, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A));
  });

  it('uses the last entry of each table for the top page of the address space', () => {
    setPte(root, 0x3ff, ppnToPte(table, PTE_V));
    setPte(table, 0x3ff, ppnToPte(page, PTE_V | PTE_R | PTE_U));
    const r = walk(mem, root, 0xffff_fffc | 0, 'read');
    expect(r.ok && r.ppn).toBe(0x80002);
    expect(r.pteAddrs).toEqual([0x8000_0ffc, 0x8000_1ffc]);
  });

  it('sets A (and not D) on a read, in the PTE in memory', () => {
    mapPage(PTE_V | PTE_R | PTE_W | PTE_U);
    walk(mem, root, VA, 'read');
    const pte = readPte(table, vpn0(VA));
    expect(pte & PTE_A).toBe(PTE_A);
    expect(pte & PTE_D).toBe(0);
    expect(readPte(root, vpn1(VA))).toBe(ppnToPte(table, PTE_V)); // the pointer PTE is not touched
  });

  it('sets A and D on a write, in the PTE in memory, keeping the other bits', () => {
    mapPage(PTE_V | PTE_R | PTE_W | PTE_U | PTE_G | PTE_COW);
    const r = walk(mem, root, VA, 'write');
    const expected = ppnToPte(page, PTE_V | PTE_R | PTE_W | PTE_U | PTE_G | PTE_COW | PTE_A | PTE_D);
    expect(r.ok && r.pte).toBe(expected);
    expect(readPte(table, vpn0(VA))).toBe(expected);
  });

  it('sets D on a later write to a page that was only read', () => {
    mapPage(PTE_V | PTE_R | PTE_W | PTE_U);
    walk(mem, root, VA, 'read');
    expect(readPte(table, vpn0(VA)) & (PTE_A | PTE_D)).toBe(PTE_A);
    walk(mem, root, VA, 'write');
    expect(readPte(table, vpn0(VA)) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    walk(mem, root, VA, 'read');
    expect(readPte(table, vpn0(VA)) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D); // a read never clears D
  });

  it('sets A on an instruction fetch', () => {
    mapPage(PTE_V | PTE_R | PTE_X | PTE_U);
    const r = walk(mem, root, VA, 'execute');
    expect(r.ok).toBe(true);
    expect(readPte(table, vpn0(VA)) & (PTE_A | PTE_D)).toBe(PTE_A);
  });
});

describe('superpages', () => {
  it('maps a 4 MiB superpage with a leaf in the root table, reading one PTE', () => {
    // PPN 0x80000 is 1024-aligned: VA 0x12000000..0x123fffff → PA 0x80000000..0x803fffff.
    setPte(root, vpn1(VA), ppnToPte(0x80000, PTE_V | PTE_R | PTE_W | PTE_U));
    const r = walk(mem, root, VA, 'write');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ppn).toBe(0x80345); // the page's low PPN comes from VPN[0]
    expect(r.pteAddrs).toEqual([0x8000_0120]);
    expect(readPte(root, vpn1(VA))).toBe(ppnToPte(0x80000, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
    const first = walk(mem, root, 0x1200_0000, 'read');
    const last = walk(mem, root, 0x123f_ffff, 'read');
    expect(first.ok && first.ppn).toBe(0x80000);
    expect(last.ok && last.ppn).toBe(0x803ff);
  });

  it('faults on a superpage whose PPN[0] is not zero, without setting A', () => {
    const pte = ppnToPte(0x80001, PTE_V | PTE_R | PTE_W | PTE_U);
    setPte(root, vpn1(VA), pte);
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('misaligned-superpage');
    expect(r.pteAddrs).toEqual([0x8000_0120]);
    expect(readPte(root, vpn1(VA))).toBe(pte);
  });

  it('reports a permission fault before a misaligned superpage (spec steps 5 then 6)', () => {
    setPte(root, vpn1(VA), ppnToPte(0x80001, PTE_V | PTE_R | PTE_U));
    expect(fault(walk(mem, root, VA, 'write'))).toBe('permission');
  });
});

describe('page faults', () => {
  const cases: ReadonlyArray<readonly [string, number, Access, string]> = [
    ['an invalid leaf (V=0)', PTE_R | PTE_W | PTE_U, 'read', 'invalid'],
    ['W without R (reserved)', PTE_V | PTE_W | PTE_U, 'write', 'reserved'],
    ['W and X without R (reserved)', PTE_V | PTE_W | PTE_X | PTE_U, 'execute', 'reserved'],
    ['a read of an execute-only page', PTE_V | PTE_X | PTE_U, 'read', 'permission'],
    ['a write to a read-only page', PTE_V | PTE_R | PTE_U, 'write', 'permission'],
    ['a write to a read-execute page', PTE_V | PTE_R | PTE_X | PTE_U, 'write', 'permission'],
    ['an execute of a read-write page', PTE_V | PTE_R | PTE_W | PTE_U, 'execute', 'permission'],
    ['a user read of a page without U', PTE_V | PTE_R | PTE_W | PTE_X, 'read', 'permission'],
    ['a user write of a page without U', PTE_V | PTE_R | PTE_W | PTE_X, 'write', 'permission'],
    ['a user execute of a page without U', PTE_V | PTE_R | PTE_W | PTE_X, 'execute', 'permission'],
  ];

  for (const [what, flags, access, reason] of cases) {
    it(`faults (${reason}) on ${what}, after reading both PTEs, leaving the PTE unchanged`, () => {
      mapPage(flags);
      const before = readPte(table, vpn0(VA));
      const r = walk(mem, root, VA, access);
      expect(fault(r)).toBe(reason);
      expect(r.pteAddrs).toEqual([0x8000_0120, 0x8000_1d14]);
      expect(readPte(table, vpn0(VA))).toBe(before);
    });
  }

  it('allows the access each permission bit grants', () => {
    mapPage(PTE_V | PTE_X | PTE_U);
    expect(walk(mem, root, VA, 'execute').ok).toBe(true);
    mapPage(PTE_V | PTE_R | PTE_U);
    expect(walk(mem, root, VA, 'read').ok).toBe(true);
    mapPage(PTE_V | PTE_R | PTE_W | PTE_U);
    expect(walk(mem, root, VA, 'write').ok).toBe(true);
  });

  it('stops at an invalid root entry after one PTE read, even if it points at a valid table', () => {
    setPte(root, vpn1(VA), ppnToPte(table, 0)); // V=0 but a plausible pointer
    setPte(table, vpn0(VA), ppnToPte(page, PTE_V | PTE_R | PTE_U));
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('invalid');
    expect(r.pteAddrs).toEqual([0x8000_0120]);
  });

  it('faults on an empty root table', () => {
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('invalid');
    expect(r.pteAddrs).toHaveLength(1);
  });

  it('faults on an invalid level-0 entry after reading both PTEs', () => {
    setPte(root, vpn1(VA), ppnToPte(table, PTE_V));
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('invalid');
    expect(r.pteAddrs).toEqual([0x8000_0120, 0x8000_1d14]);
  });

  it('faults on a pointer PTE at level 0 (no third level in Sv32)', () => {
    mapPage(PTE_V); // a valid non-leaf where a leaf must be
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('invalid');
    expect(r.pteAddrs).toHaveLength(2);
  });

  it('faults on a reserved W-only entry in the root table after one read', () => {
    setPte(root, vpn1(VA), ppnToPte(table, PTE_V | PTE_W));
    const r = walk(mem, root, VA, 'read');
    expect(fault(r)).toBe('reserved');
    expect(r.pteAddrs).toHaveLength(1);
  });
});

describe('walkInto (the allocation-free walk the TLB-miss path uses)', () => {
  it('agrees with walk and resets its scratch between walks', () => {
    mapPage(PTE_V | PTE_R | PTE_U);
    const scratch = new WalkScratch();
    walkInto(mem, root, VA, 'read', scratch);
    expect([scratch.fault, scratch.ppn, scratch.reads]).toEqual([null, 0x80002, 2]);
    expect(scratch.pteAddrs.slice(0, scratch.reads)).toEqual([0x8000_0120, 0x8000_1d14]);
    walkInto(mem, root, 0x0040_0000, 'read', scratch); // empty root entry
    expect([scratch.fault, scratch.reads]).toEqual(['invalid', 1]);
    expect(scratch.pteAddrs[0]).toBe(0x8000_0004);
    walkInto(mem, root, VA, 'write', scratch);
    expect([scratch.fault, scratch.reads]).toEqual(['permission', 2]);
  });
});
