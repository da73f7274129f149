// The load average as Linux computes it (kernel/sched/loadavg.c): a sample every 5.004 s of
// simulated time, 11-bit fixed point, the averages decaying as e^(-t/1min), e^(-t/5min) and
// e^(-t/15min); several missed periods at once give what Linux's tickless catch-up gives.

import { describe, expect, it } from 'vitest';
import { EXP_1, EXP_15, EXP_5, FIXED_1, LOAD_FREQ_NS, LoadAverage, calcLoad, calcLoadN } from '../../sim/kernel/loadavg';

const PERIOD = 5004; // cycles per period in these tests (any unit works)

/** The averages as /proc/loadavg prints them (LOAD_INT.LOAD_FRAC after rounding by 1/200). */
function shown(load: number): string {
  const r = load + FIXED_1 / 200;
  return `${r >> 11}.${String(((r & (FIXED_1 - 1)) * 100) >> 11).padStart(2, '0')}`;
}

describe('load average', () => {
  it('samples every LOAD_FREQ (5 s and one 250 Hz tick)', () => {
    expect(LOAD_FREQ_NS).toBe(5_004_000_000);
    const load = new LoadAverage(PERIOD);
    let asked = 0;
    const one = () => (asked++, 1);
    load.tick(PERIOD - 1, one);
    expect(asked).toBe(0);
    load.tick(PERIOD, one);
    expect(asked).toBe(1);
    load.tick(2 * PERIOD - 1, one);
    expect(asked).toBe(1);
    expect(load.avenrun[0]).toBe(calcLoad(0, EXP_1, FIXED_1));
  });

  it('rises towards one busy task as 1 - e^(-t/1min): 0.63 after a minute', () => {
    const load = new LoadAverage(PERIOD);
    for (let i = 1; i <= 12; i++) load.tick(i * PERIOD, () => 1);
    expect(shown(load.avenrun[0])).toBe('0.63');
    expect(Math.abs(load.avenrun[0] / FIXED_1 - (1 - Math.exp(-60.048 / 60)))).toBeLessThan(0.005);
    expect(Math.abs(load.avenrun[1] / FIXED_1 - (1 - Math.exp(-60.048 / 300)))).toBeLessThan(0.005);
    expect(Math.abs(load.avenrun[2] / FIXED_1 - (1 - Math.exp(-60.048 / 900)))).toBeLessThan(0.005);
  });

  it('settles exactly on a steady count and decays from it when the machine goes idle', () => {
    const load = new LoadAverage(PERIOD);
    for (let i = 1; i <= 2000; i++) load.tick(i * PERIOD, () => 2);
    expect(load.avenrun.map(shown)).toEqual(['2.00', '2.00', '2.00']);
    for (let i = 2001; i <= 2012; i++) load.tick(i * PERIOD, () => 0);
    expect(Math.abs(load.avenrun[0] / FIXED_1 - 2 * Math.exp(-60.048 / 60))).toBeLessThan(0.01);
  });

  it('applies periods missed while the harts idled all at once, as calc_load_n', () => {
    const stepwise = new LoadAverage(PERIOD);
    const jumped = new LoadAverage(PERIOD);
    for (let i = 1; i <= 24; i++) stepwise.tick(i * PERIOD, () => 3);
    jumped.tick(12 * PERIOD, () => 3);
    jumped.tick(24 * PERIOD + PERIOD / 2, () => 3);
    expect(jumped.avenrun[0]).toBe(calcLoadN(calcLoadN(0, EXP_1, 3 * FIXED_1, 12), EXP_1, 3 * FIXED_1, 12));
    // Stepping rounds up at every rising step and the catch-up only once: they agree within 0.01.
    for (let i = 0; i < 3; i++) expect(Math.abs(jumped.avenrun[i] - stepwise.avenrun[i]) / FIXED_1).toBeLessThan(0.01);
    expect(calcLoadN(100, EXP_5, 0, 1)).toBe(calcLoad(100, EXP_5, 0));
    expect(calcLoadN(100, EXP_15, 0, 1)).toBe(calcLoad(100, EXP_15, 0));
  });
});
