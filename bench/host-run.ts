// Runs a benchmark outside oslab, for comparison: the same RV32 ELF under qemu-riscv32 (user
// mode) and the native gcc -O0 build of the same C source. Times are whole-process wall times
// (spawn to exit, so they include the emulator's or the loader's start-up), best of N. A tool
// that is not installed yields a note instead of a figure.

import { spawnSync } from 'node:child_process';

export interface HostRun {
  readonly wallMs: number;
  readonly stdout: string;
  readonly checksum: string | null;
}

export type HostResult = { readonly ok: true; readonly run: HostRun } | { readonly ok: false; readonly note: string };

export function toolInstalled(tool: string, args: readonly string[] = ['--version']): boolean {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

export function checksumOf(stdout: string): string | null {
  const m = /^checksum (\d+)$/m.exec(stdout);
  return m ? m[1] : null;
}

function runOnce(argv: readonly string[]): HostResult {
  const started = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: {}, maxBuffer: 1 << 20, timeout: 120_000 });
  const wallMs = performance.now() - started;
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, note: code === 'ENOENT' ? 'n/a (not installed)' : `n/a (${r.error.message})` };
  }
  if (r.status !== 0) return { ok: false, note: `n/a (${argv[0]} exited with ${r.status ?? r.signal})` };
  return { ok: true, run: { wallMs, stdout: r.stdout, checksum: checksumOf(r.stdout) } };
}

/** Best (lowest wall time) of `reps` runs; the first failure ends it. */
export function bestOf(argv: readonly string[], reps: number): HostResult {
  let best: HostRun | null = null;
  for (let i = 0; i < reps; i++) {
    const r = runOnce(argv);
    if (!r.ok) return r;
    if (best === null || r.run.wallMs < best.wallMs) best = r.run;
  }
  return best === null ? { ok: false, note: 'n/a (not run)' } : { ok: true, run: best };
}
