// The C feature programs of test/fixtures/cc (chibicc's test/ shape: one self-checking program
// per feature, printing `OK` or the ASSERTs that failed): where they are, and the two builds the
// runner compares, oslab's compiler + oslab's libc and clang + the clang-built libc, written to
// test/.build/cc-programs/ so a failing program can be rerun by hand under qemu-riscv32.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExecutable } from '../../sim/toolchain/driver';
import { buildWithClang, libcBuildOptions, testLibc } from './libc';

export const programsDir = join(__dirname, '..', 'fixtures', 'cc');
const outDir = join(__dirname, '..', '.build', 'cc-programs');

/** Every program, by file name without `.c`, in a stable order. */
export function programNames(): string[] {
  return readdirSync(programsDir)
    .filter((f) => f.endsWith('.c'))
    .map((f) => f.slice(0, -2))
    .sort();
}

/** Builds `name.c` with oslab's compiler against oslab's libc; returns the executable's path. */
export function buildWithOslab(name: string): string {
  const path = join(programsDir, `${name}.c`);
  const { executable } = buildExecutable([{ path, bytes: readFileSync(path) }], libcBuildOptions({ includeDirs: [programsDir] }));
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${name}.oslab.elf`);
  writeFileSync(out, executable, { mode: 0o755 });
  return out;
}

/**
 * Builds `name.c` with clang against oslab's libc (compiled by clang too): the reference. Its
 * inputs (the program, the headers beside it, that libc) name the output, so a rerun with
 * nothing changed reuses it.
 */
export function buildReference(name: string): string {
  const source = join(programsDir, `${name}.c`);
  const out = join(outDir, `${name}.${referenceKey(source)}.clang.elf`);
  return existsSync(out) ? out : buildWithClang([source], out, ['-I', programsDir]);
}

function referenceKey(source: string): string {
  const hash = createHash('sha256');
  hash.update(testLibc('clang').dir);
  const headers = readdirSync(programsDir).filter((f) => f.endsWith('.h')).sort();
  for (const path of [source, ...headers.map((h) => join(programsDir, h))]) hash.update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
}
