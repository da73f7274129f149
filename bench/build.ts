// Builds the benchmark programs into bench/.build/: the freestanding RV32IMA ELF (Debian's clang
// + lld, the same flags as the differential fixtures but -O2) that oslab and qemu-riscv32 run,
// and a native host build of the same C source (gcc -O0, libc printf) that gives the reference
// checksums and the native timings. Each output carries a hash of its sources, flags and
// compiler version, so a second `npm run bench` rebuilds nothing. A missing clang is fatal; a
// missing gcc only drops the native column.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: dist/bench.js lives one level below it. */
export const root = resolve(__dirname, '..');
export const programDir = join(root, 'bench', 'programs');
export const buildDir = join(root, 'bench', '.build');

const sources = ['start.S', 'bench.c'];
const headers = ['rt.h'];

const riscvFlags: readonly string[] = [
  '--target=riscv32-unknown-elf',
  '-march=rv32ima',
  '-mabi=ilp32',
  '-mno-relax',
  '-O2',
  '-nostdlib',
  '-ffreestanding',
  '-fno-builtin',
  '-static',
  '-fuse-ld=lld',
  '-Wl,--no-relax',
  '-Wall',
  '-Werror',
  '-g0',
];
const nativeFlags: readonly string[] = ['-O0', '-Wall', '-Werror'];

export interface BuildResult {
  /** The RV32 ELF. */
  readonly elf: string;
  /** The host executable, or null with the reason. */
  readonly native: string | null;
  readonly nativeNote: string;
  /** What was (re)built this time, for the log. */
  readonly built: string[];
}

export class BuildError extends Error {}

function toolVersion(tool: string): string | null {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? null : r.stdout;
}

function inputsHash(parts: readonly string[], files: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(programDir, f)));
  return h.digest('hex');
}

/** Runs the compiler unless `out` is up to date with `hash`; links to a temporary name first. */
function buildOne(tool: string, args: readonly string[], out: string, hash: string, built: string[]): void {
  const hashFile = `${out}.hash`;
  if (existsSync(out) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) return;
  const tmp = `${out}.tmp`;
  const r = spawnSync(tool, [...args, '-o', tmp], { encoding: 'utf8', cwd: programDir });
  if (r.error || r.status !== 0) {
    throw new BuildError(`${tool} ${args.join(' ')} failed:\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  }
  renameSync(tmp, out);
  writeFileSync(hashFile, hash);
  built.push(out);
}

export function buildPrograms(): BuildResult {
  mkdirSync(buildDir, { recursive: true });
  const built: string[] = [];
  const clang = toolVersion('clang');
  const lld = toolVersion('ld.lld');
  if (clang === null || lld === null) {
    throw new BuildError('the benchmarks need clang and lld to build their RV32 programs (Debian: apt-get install -y clang lld)');
  }
  const elf = join(buildDir, 'bench.elf');
  buildOne('clang', [...riscvFlags, ...sources], elf, inputsHash([clang, lld, ...riscvFlags], [...sources, ...headers]), built);

  const gcc = toolVersion('gcc');
  if (gcc === null) return { elf, native: null, nativeNote: 'n/a (not installed)', built };
  const native = join(buildDir, 'bench-native');
  try {
    buildOne('gcc', [...nativeFlags, 'bench.c'], native, inputsHash([gcc, ...nativeFlags], ['bench.c', ...headers]), built);
  } catch (error) {
    return { elf, native: null, nativeNote: `n/a (gcc failed: ${(error as Error).message.split('\n')[0]})`, built };
  }
  return { elf, native, nativeNote: 'gcc -O0', built };
}
