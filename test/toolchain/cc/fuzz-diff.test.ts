// Random-program differential test (csmith's idea, much smaller): seeded programs of UB-free
// integer code (test/support/random-c) built by oslab's compiler and by clang -O0/-O1, all run on
// qemu-riscv32, must print the same checksums. Seeds are checked twenty to a program; a failure
// names the seed and the saved source under test/.build/fuzz/. `npm run fuzz` (scripts/fuzz.mjs)
// runs FUZZ_SEEDS random seeds from FUZZ_START instead, or shrinks FUZZ_MINIMIZE's program;
// FUZZ_LIBC=clang links oslab's builds with the clang-built libc, so only the program differs.
// The generator is checked too: gcc -O0 and gcc -O2 with UBSan on the host must agree with clang.

import { beforeAll, describe, expect, test } from 'vitest';
import { testLibc } from '../../support/libc';
import { checkSeeds, runOnHost, runReference, subjectLibc, writeSource } from '../../support/random-c/differential';
import { minimize } from '../../support/random-c/minimize';
import { batchProgram, generateProgram } from '../../support/random-c/program';

const BATCH = 20;
const PINNED_SEEDS = 200;
/** Batches in flight at once: each runs an oslab build, two clang builds and three qemu runs. */
const POOL = 2;

function seedsToCheck(): number[] {
  const count = Number(process.env.FUZZ_SEEDS ?? 0);
  if (!count) return Array.from({ length: PINNED_SEEDS }, (_, i) => i + 1);
  const start = Number(process.env.FUZZ_START ?? (Date.now() % 1_000_000_000));
  console.log(`fuzz: seeds ${start} .. ${start + count - 1} (FUZZ_START=${start} reruns them)`);
  return Array.from({ length: count }, (_, i) => start + i);
}

function batches(seeds: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < seeds.length; i += BATCH) out.push(seeds.slice(i, i + BATCH));
  return out;
}

/** Runs `work` over items at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const minimizeSeed = process.env.FUZZ_MINIMIZE;

// Both libc builds up front, so a libc that does not build fails here, not as every seed.
beforeAll(() => {
  testLibc('clang');
  testLibc(subjectLibc());
}, 600_000);

describe.skipIf(minimizeSeed !== undefined)('oslab and clang agree on random programs', () => {
  test('every seed prints the same checksums', async () => {
    const mismatches = (await pool(batches(seedsToCheck()), POOL, checkSeeds)).flat();
    const report = mismatches.map((m) => `seed ${m.seed ?? '?'} (source ${m.sourcePath}):\n  ${m.detail}`);
    expect(report, `${mismatches.length} mismatching seeds; shrink one with FUZZ_MINIMIZE=SEED npm run fuzz`).toEqual([]);
  }, 600_000);
});

describe.skipIf(minimizeSeed !== undefined || process.env.FUZZ_SEEDS !== undefined)('the generator', () => {
  test('is deterministic: a seed always gives the same program', () => {
    expect(generateProgram(7)).toBe(generateProgram(7));
    expect(generateProgram(7)).not.toBe(generateProgram(8));
  });

  test('writes UB-free programs: UBSan stays silent and gcc (host) agrees with clang (riscv32)', async () => {
    const seeds = Array.from({ length: 15 }, (_, i) => 1001 + i);
    const path = writeSource('generator-check', batchProgram(seeds));
    const [host, riscv] = await Promise.all([runOnHost(path), runReference(path)]);
    expect(riscv.status).toBe(0);
    expect(host.split('\n').length).toBeGreaterThan(seeds.length * 3);
    expect(host).toBe(riscv.stdout);
  }, 300_000);
});

describe.runIf(minimizeSeed !== undefined)('shrinking a failing seed', () => {
  test(`FUZZ_MINIMIZE=${minimizeSeed}`, async () => {
    const seed = Number(minimizeSeed);
    const text = await minimize(`min-${seed}`, generateProgram(seed), (m) => console.log(`seed ${seed}: ${m}`));
    console.log(`seed ${seed}: shrunk to ${text.split('\n').length} lines in test/.build/fuzz/min-${seed}.c`);
  }, 3_600_000);
});
