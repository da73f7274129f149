// The load average, computed as Linux's kernel/sched/loadavg.c does: every LOAD_FREQ of
// simulated time the number of active tasks (runnable, running, or in uninterruptible disk
// sleep) is folded into three exponentially decaying averages in 11-bit fixed point, with the
// decay factors for 1, 5 and 15 minutes. When time jumps over several periods with nothing
// changing (an idle machine sleeping through a timeout), the missed periods are applied at once
// with the same count, as Linux's calc_global_nohz does for a tickless idle CPU.

import type { Kernel } from './kernel';

export const FSHIFT = 11;
export const FIXED_1 = 1 << FSHIFT;
/** e^(-5s/1min), e^(-5s/5min), e^(-5s/15min) in fixed point. */
export const EXP_1 = 1884, EXP_5 = 2014, EXP_15 = 2037;
/** Linux's CONFIG_HZ default: LOAD_FREQ is 5 seconds and one tick. */
const HZ = 250;
export const LOAD_FREQ_NS = 5e9 + 1e9 / HZ;

/** calc_load: one period's decay of `load` towards `active` (both fixed point), rounding up while rising. */
export function calcLoad(load: number, exp: number, active: number): number {
  let next = load * exp + active * (FIXED_1 - exp);
  if (active >= load) next += FIXED_1 - 1;
  return Math.floor(next / FIXED_1);
}

// fixed_power_int: x^n in fixed point, by squaring, rounding each product as the kernel does.
function fixedPower(x: number, n: number): number {
  let result = FIXED_1;
  for (; n > 0; n >>= 1) {
    if (n & 1) result = Math.floor((result * x + FIXED_1 / 2) / FIXED_1);
    x = Math.floor((x * x + FIXED_1 / 2) / FIXED_1);
  }
  return result;
}

/** calc_load_n: `n` periods at once with the same active count. */
export function calcLoadN(load: number, exp: number, active: number, n: number): number {
  return calcLoad(load, fixedPower(exp, n), active);
}

export class LoadAverage {
  /** avenrun[0..2]: the 1, 5 and 15 minute averages, fixed point. */
  readonly avenrun = [0, 0, 0];
  /** Simulated cycles of the next sample (the first is one period after boot). */
  private nextSample: number;

  constructor(private readonly periodCycles: number) {
    this.nextSample = periodCycles;
  }

  /**
   * Simulated time has reached `now`: takes the samples due since the last call, with the active
   * count `countActive` gives (asked only when a sample is due, so calling this often is cheap).
   */
  tick(now: number, countActive: () => number): void {
    if (now < this.nextSample) return;
    const periods = Math.floor((now - this.nextSample) / this.periodCycles) + 1;
    const active = countActive() * FIXED_1;
    const exps = [EXP_1, EXP_5, EXP_15];
    for (let i = 0; i < 3; i++) this.avenrun[i] = calcLoadN(this.avenrun[i], exps[i], active, periods);
    this.nextSample += periods * this.periodCycles;
  }
}

/** Linux's nr_running() + nr_uninterruptible: threads on a hart or a run queue, and those waiting for the disk. */
export function activeTasks(kernel: Kernel): number {
  return runningTasks(kernel) + kernel.sleeping.filter((t) => t.waitingFor?.kind === 'disk').length;
}

/** nr_running(): threads on a hart or waiting on a run queue. */
export function runningTasks(kernel: Kernel): number {
  return kernel.scheduler.waiting + kernel.current.filter((t) => t !== null).length;
}
