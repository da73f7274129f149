// `npm run fuzz`: the random-program differential test (test/toolchain/cc/fuzz-diff.test.ts) on
// fresh seeds instead of the pinned ones, or shrinking one failing seed's program.
//   npm run fuzz -- [--seeds N (default 500)] [--start FIRST_SEED] [--libc oslab|clang]
//   npm run fuzz -- --minimize SEED      (writes test/.build/fuzz/min-SEED.c)
// Failing programs are saved under test/.build/fuzz/ with the seed in their name.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = { ...process.env };
const minimize = option('minimize');
if (minimize) env.FUZZ_MINIMIZE = minimize;
else env.FUZZ_SEEDS = option('seeds') ?? '500';
if (option('start')) env.FUZZ_START = option('start');
if (option('libc')) env.FUZZ_LIBC = option('libc');
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const result = spawnSync(vitest, ['run', '-c', 'vitest.quick.config.ts', 'test/toolchain/cc/fuzz-diff.test.ts'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
