// The generator's dice: the machine's own SplitMix32 (sim/random.ts) with the choices a program
// generator needs. A seed fully determines a program, so a failing seed is a complete repro.

import { SeededRandom } from '../../../sim/random';

export class Dice {
  private readonly source: SeededRandom;

  constructor(seed: number) {
    this.source = new SeededRandom(seed);
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.source.nextU32() / 2 ** 32) * n);
  }

  /** A uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.source.nextU32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Picks a key in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.source.nextU32() / 2 ** 32 * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** A bigint of up to `bits` random bits. */
  bits(bits: number): bigint {
    let value = 0n;
    for (let done = 0; done < bits; done += 32) value = (value << 32n) | BigInt(this.source.nextU32());
    return value & ((1n << BigInt(bits)) - 1n);
  }
}
