// Builds a single test program with Debian's clang + lld (the flags of the differential
// fixtures) and reads its symbols with llvm-nm, for tests that need addresses.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { baseFlags } from './build-fixtures';

const outDir = join(__dirname, '..', '.build', 'single');

export function compileProgram(sources: readonly string[], extraFlags: readonly string[] = []): string {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, basename(sources[0]).replace(/\.[cS]$/, '.elf'));
  execFileSync('clang', [...baseFlags, '-O1', ...extraFlags, '-o', out, ...sources], { stdio: 'pipe' });
  return out;
}

export function symbols(elf: string): Map<string, number> {
  const text = execFileSync('llvm-nm', [elf], { encoding: 'utf8' });
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (name && /^[0-9a-f]+$/.test(addr)) map.set(name, parseInt(addr, 16));
  }
  return map;
}
