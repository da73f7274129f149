// Bundles oslab's entry points — the CLI and the VS Code extension (the adapter inline; `vscode`
// is the editor's own, never bundled); the webviews join as they arrive — then builds the
// sysroot beside them: oslab's libc compiled by oslab's own compiler (dist/sysroot). `--bench`
// also bundles the benchmark runner.
import { execFileSync } from 'node:child_process';
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
await build({ ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
await build({ ...common, entryPoints: ['scripts/build-libc.ts'], outfile: 'dist/build-libc.js' });
execFileSync(process.execPath, ['dist/build-libc.js', '--out', 'dist/sysroot'], { stdio: 'inherit' });
if (bench) await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js' });
