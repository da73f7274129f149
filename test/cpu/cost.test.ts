// Tests of the cost model: the documented defaults (1 GHz; L1 2 ns, L2 7 ns, L3 15 ns, RAM
// 100 ns, syscall 100 ns, page fault 500 ns, COW copy 1 µs, context switch 1.5 µs, misaligned
// access 200 ns) turned into whole cycles, how the clock rate scales every cycle count, partial
// overrides, rejection of values that are not finite non-negative numbers, and the conversion of
// cycles back to simulated nanoseconds that the statistics report.

import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS, costModel, cyclesToNs, type CostModelNs } from '../../sim/cpu/cost';

/** The cycle counts of a model, without its ns table. */
function cycles(overrides: Partial<CostModelNs> = {}): Record<string, number> {
  const m = costModel(overrides);
  return {
    l1: m.l1,
    l2: m.l2,
    l3: m.l3,
    ram: m.ram,
    syscall: m.syscall,
    pageFault: m.pageFault,
    cowCopy: m.cowCopy,
    contextSwitch: m.contextSwitch,
    misaligned: m.misaligned,
    cyclesPerNs: m.cyclesPerNs,
  };
}

describe('costModel defaults', () => {
  it('charges the course latencies in cycles at 1 GHz (1 cycle per ns)', () => {
    expect(cycles()).toEqual({
      l1: 2,
      l2: 7,
      l3: 15,
      ram: 100,
      syscall: 100,
      pageFault: 500,
      cowCopy: 1_000,
      contextSwitch: 1_500,
      misaligned: 200,
      cyclesPerNs: 1,
    });
  });

  it('keeps the nanosecond table, with the storage latencies', () => {
    const m = costModel();
    expect(m.ns).toEqual(DEFAULT_COSTS);
    expect(m.ns.clockHz).toBe(1e9);
    expect(m.ns.ssdNs).toBe(150_000);
    expect(m.ns.hddNs).toBe(10_000_000);
  });
});

describe('clock rate', () => {
  it('doubles every cycle count at 2 GHz', () => {
    expect(cycles({ clockHz: 2e9 })).toEqual({
      l1: 4,
      l2: 14,
      l3: 30,
      ram: 200,
      syscall: 200,
      pageFault: 1_000,
      cowCopy: 2_000,
      contextSwitch: 3_000,
      misaligned: 400,
      cyclesPerNs: 2,
    });
  });

  it('rounds to whole cycles at 500 MHz (halves round up)', () => {
    const m = costModel({ clockHz: 5e8 });
    expect([m.l1, m.l2, m.l3, m.ram]).toEqual([1, 4, 8, 50]);
  });

  it('rounds a latency shorter than half a cycle to 0 cycles', () => {
    const m = costModel({ clockHz: 1e8 });
    expect([m.l1, m.l2, m.l3, m.ram]).toEqual([0, 1, 2, 10]);
  });
});

describe('overrides', () => {
  it('replaces only the values given', () => {
    const m = costModel({ ramNs: 60, l2Ns: 4 });
    expect([m.l1, m.l2, m.l3, m.ram]).toEqual([2, 4, 15, 60]);
    expect(m.ns.ramNs).toBe(60);
    expect(m.ns.syscallNs).toBe(DEFAULT_COSTS.syscallNs);
    expect(DEFAULT_COSTS.ramNs).toBe(100); // the defaults are not mutated
  });

  it('combines with the clock rate', () => {
    const m = costModel({ clockHz: 3e9, l1Ns: 1, contextSwitchNs: 2_000 });
    expect([m.l1, m.contextSwitch, m.ram]).toEqual([3, 6_000, 300]);
  });

  it('accepts zero costs', () => {
    const m = costModel({ syscallNs: 0, l1Ns: 0 });
    expect([m.syscall, m.l1]).toEqual([0, 0]);
  });

  it('rejects negative, NaN and infinite costs with a RangeError naming the cost', () => {
    expect(() => costModel({ l1Ns: -1 })).toThrow(RangeError);
    expect(() => costModel({ l1Ns: -1 })).toThrow('cost l1Ns must be a number ≥ 0');
    expect(() => costModel({ ramNs: Number.NaN })).toThrow('cost ramNs');
    expect(() => costModel({ pageFaultNs: Number.POSITIVE_INFINITY })).toThrow('cost pageFaultNs');
    expect(() => costModel({ clockHz: -1e9 })).toThrow('cost clockHz');
  });

  it('rejects a zero clock rate', () => {
    expect(() => costModel({ clockHz: 0 })).toThrow(RangeError);
    expect(() => costModel({ clockHz: 0 })).toThrow('clockHz must be > 0');
  });
});

describe('cyclesToNs', () => {
  it('is the identity at 1 GHz', () => {
    const m = costModel();
    expect(cyclesToNs(m, 0)).toBe(0);
    expect(cyclesToNs(m, 1_500)).toBe(1_500);
    expect(cyclesToNs(m, m.ram)).toBe(100);
  });

  it('halves at 2 GHz and doubles at 500 MHz', () => {
    expect(cyclesToNs(costModel({ clockHz: 2e9 }), 1_000)).toBe(500);
    expect(cyclesToNs(costModel({ clockHz: 5e8 }), 1_000)).toBe(2_000);
  });

  it('turns a cost back into its nanoseconds when the clock divides it evenly', () => {
    const m = costModel({ clockHz: 4e9 });
    expect(cyclesToNs(m, m.contextSwitch)).toBe(1_500);
    expect(cyclesToNs(m, m.l3)).toBe(15);
  });
});
