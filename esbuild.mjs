// Bundles oslab's entry points. The CLI now; the extension, the adapter and the webviews join
// as they arrive. `--bench` also bundles the benchmark runner.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

const bench = process.argv.includes('--bench');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/cli.js', 0o755);
if (bench) await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js' });
