// The TLB's ring of recent events, which the TLB panel lists: a miss and the frame its walk
// filled (or none, when the walk faulted), refills, evictions, flushes with their reason and
// shootdowns, stamped with the hart's clock; bounded, oldest first; and, on a real machine
// without ASIDs, the misses and the flushes at each address-space switch, which a checkpoint
// restores with the rest of the machine.

import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import { P_READ, P_WRITE, TLB_EVENT_CAPACITY, Tlb, tlbKey } from '../../sim/mem/tlb';
import type { TlbEventView } from '../../sim/snapshot-types';
import { kernelProgram } from '../support/kernel-run';

function tlbAt(cycles: number) {
  const clock = { cycles };
  return { clock, tlb: new Tlb({ entries: 8, ways: 2 }, clock) };
}

const fillPage = (tlb: Tlb, vpn: number, asid = 1, perm = P_READ) => tlb.fill(tlbKey(vpn, asid), 0, 0x80000 + vpn, 0, perm);

describe('the event ring', () => {
  it('records a miss with the frame its walk filled, stamped with the clock', () => {
    const { clock, tlb } = tlbAt(100);
    expect(tlb.find(tlbKey(5, 1))).toBe(-1);
    clock.cycles = 150; // the walk took time; the event keeps the lookup's cycle
    fillPage(tlb, 5);
    expect(tlb.find(tlbKey(5, 1))).toBeGreaterThanOrEqual(0); // a hit records nothing
    expect(tlb.events.list()).toEqual([{ seq: 0, cycles: 100, kind: 'miss', vpn: 5, asid: 1, value: 0x80005, reason: null }]);
  });

  it('leaves a miss whose walk faulted without a frame, and tells a refill from a miss', () => {
    const { tlb } = tlbAt(0);
    tlb.find(tlbKey(3, 1)); // page fault: no fill follows
    tlb.find(tlbKey(4, 1));
    fillPage(tlb, 4);
    fillPage(tlb, 4, 1, P_READ | P_WRITE); // the first write, setting D
    expect(tlb.events.list().map((e) => [e.kind, e.vpn, e.value])).toEqual([
      ['miss', 3, -1],
      ['miss', 4, 0x80004],
      ['refill', 4, 0x80004],
    ]);
  });

  it('records the entry a full set evicts', () => {
    const { tlb } = tlbAt(0);
    for (const vpn of [0, 4, 8]) fillPage(tlb, vpn); // set 0 of 4 sets, 2 ways: 0 goes
    expect(tlb.events.list().filter((e) => e.kind === 'eviction')).toMatchObject([{ vpn: 0, asid: 1 }]);
  });

  it('records flushes with their reason and the entries dropped, and only shootdowns that dropped one', () => {
    const { tlb } = tlbAt(7);
    fillPage(tlb, 1, 1);
    fillPage(tlb, 2, 2);
    fillPage(tlb, 3, 2);
    expect(tlb.flushPage(9, 2)).toBe(false);
    expect(tlb.flushPage(3, 2)).toBe(true);
    tlb.flushAsid(2, 'fork');
    tlb.flushAll('switch');
    expect(tlb.events.list().slice(3)).toEqual([
      { seq: 3, cycles: 7, kind: 'shootdown', vpn: 3, asid: 2, value: 0, reason: null },
      { seq: 4, cycles: 7, kind: 'flush', vpn: -1, asid: 2, value: 1, reason: 'fork' },
      { seq: 5, cycles: 7, kind: 'flush', vpn: -1, asid: -1, value: 1, reason: 'switch' },
    ]);
  });

  it('keeps the last events only, oldest first, numbered since boot', () => {
    const { tlb } = tlbAt(0);
    const total = TLB_EVENT_CAPACITY + 10;
    for (let vpn = 0; vpn < total; vpn++) tlb.find(tlbKey(vpn, 1));
    const events = tlb.events.list();
    expect(events).toHaveLength(TLB_EVENT_CAPACITY);
    expect(events[0]).toMatchObject({ seq: 10, vpn: 10 });
    expect(events.at(-1)).toMatchObject({ seq: total - 1, vpn: total - 1 });
  });
});

describe('on a machine without ASIDs', () => {
  function start(): Machine {
    const machine = new Machine({ cores: 1, seed: 1, asid: false }, new BufferConsole());
    machine.load(kernelProgram('cow'), { path: '/cow', argv: ['cow'] });
    return machine;
  }

  const recent = (machine: Machine): readonly TlbEventView[] => machine.snapshot().harts[0]!.tlb.recent;

  it('records misses filled by walks and a flush at each address-space switch', () => {
    const machine = start();
    const seen: TlbEventView[] = [];
    for (let slice = 0; slice < 10_000; slice++) {
      const state = machine.runSlice(5_000);
      const fresh = recent(machine).filter((e) => e.seq > (seen.at(-1)?.seq ?? -1));
      seen.push(...fresh);
      if (state.kind !== 'running') break;
    }
    const misses = seen.filter((e) => e.kind === 'miss');
    expect(misses.length).toBeGreaterThan(0);
    expect(misses.some((e) => e.kind === 'miss' && e.ppn !== null && e.asid === 0)).toBe(true);
    const switches = seen.filter((e) => e.kind === 'flush' && e.reason === 'switch');
    expect(switches.length).toBeGreaterThan(0);
    expect(switches.some((e) => e.kind === 'flush' && e.dropped > 0 && e.asid === null)).toBe(true);
    // The child's writes split copy-on-write pages: each split shoots its page down.
    expect(seen.some((e) => e.kind === 'shootdown')).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.cycles).toBeGreaterThanOrEqual(seen[i - 1]!.cycles);
  });

  it('puts the events back with a checkpoint', () => {
    const machine = start();
    for (let i = 0; i < 3; i++) machine.runSlice(20_000);
    const checkpoint = machine.checkpoint();
    const before = recent(machine);
    for (let i = 0; i < 5; i++) machine.runSlice(20_000);
    expect(recent(machine)).not.toEqual(before);
    machine.restore(checkpoint);
    expect(recent(machine)).toEqual(before);
  });
});
