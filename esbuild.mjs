// Bundles oslab's entry points — the CLI and the VS Code extension (the adapter inline; `vscode`
// is the editor's own, never bundled) and the panels' webview bundle (webview/, for the browser) — then builds the
// sysroot beside them: oslab's libc compiled by oslab's own compiler (dist/sysroot). `--bench`
// also bundles the benchmark runner.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
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
await build({
  entryPoints: ['webview/main.tsx', 'webview/panels.css'], outdir: 'dist/webview', bundle: true, platform: 'browser', target: 'chrome120',
  format: 'iife', minify: true, sourcemap: true, logLevel: 'warning', jsx: 'automatic', jsxImportSource: 'preact',
});
// The codicon font and its stylesheet, shipped beside the panels (the webview may load only local files).
mkdirSync('dist/webview', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
if (bench) await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js', jsx: 'automatic', jsxImportSource: 'preact' });
