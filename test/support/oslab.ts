// Runs a fixture on our own machine through the built CLI, `node dist/cli.js run [options]
// PROGRAM [args...]`, whose contract mirrors a process: the program's stdout/stderr are the
// CLI's, and the CLI's exit status is the program's (128+N when signal N killed it). The
// environment is emptied like qemu's so nothing from the host can leak into a comparison.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type RunOptions, type RunResult } from './qemu';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const oslabCli = join(root, 'dist', 'cli.js');

export interface OslabRunOptions extends RunOptions {
  /** CLI options placed before the program, e.g. ['--caches', 'on', '--stats', file]. */
  extraOptions?: readonly string[];
}

export function oslabAvailable(): boolean {
  return existsSync(oslabCli);
}

/** The command line that runs `elf` on oslab; exported so failures can print a repro line. */
export function oslabCommand(elf: string, opts: OslabRunOptions = {}): string[] {
  return [process.execPath, oslabCli, 'run', ...(opts.extraOptions ?? []), elf, ...(opts.args ?? [])];
}

export function runOslab(elf: string, opts: OslabRunOptions = {}): Promise<RunResult> {
  if (!oslabAvailable()) {
    return Promise.reject(new Error(`${oslabCli} does not exist: run \`npm run build\` first`));
  }
  return runProcess(oslabCommand(elf, opts), opts.stdin ?? '', opts.timeoutMs ?? 30_000, { PATH: process.env.PATH });
}
