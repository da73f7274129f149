// Builds the DWARF test programs (fixtures/*.c, *.S) with Debian's clang 14 + lld in the
// variants the tests compare (DWARF 4 and 5, -O0 and -O1), caching each ELF under
// test/.build/dwarf/ by a hash of its sources and flags so parallel test files and reruns share
// one build; and runs the LLVM tools whose output the tests check us against.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const fixtureDir = join(__dirname, 'fixtures');
const buildDir = join(__dirname, '..', '..', '.build', 'dwarf');

/** The flags of the brief: RV32IMA, no relaxation, freestanding, static, lld. */
export const clangFlags: readonly string[] = [
  '--target=riscv32-unknown-elf',
  '-march=rv32ima',
  '-mabi=ilp32',
  '-mno-relax',
  '-nostdlib',
  '-ffreestanding',
  '-static',
  '-fuse-ld=lld',
  '-Wl,--no-relax',
  '-Wall',
  '-Werror',
];

export interface Variant {
  readonly name: string;
  readonly dwarf: 4 | 5;
  readonly opt: '-O0' | '-O1';
}

export const variants: readonly Variant[] = [
  { name: 'v4-O0', dwarf: 4, opt: '-O0' },
  { name: 'v5-O0', dwarf: 5, opt: '-O0' },
  { name: 'v4-O1', dwarf: 4, opt: '-O1' },
  { name: 'v5-O1', dwarf: 5, opt: '-O1' },
];

export const mainC = join(fixtureDir, 'main.c');
export const listC = join(fixtureDir, 'list.c');
export const shapesH = join(fixtureDir, 'shapes.h');

/** The path of the variant's ELF, building it if needed. */
export function buildVariant(v: Variant): string {
  const flags = [...clangFlags, `-gdwarf-${v.dwarf}`, v.opt];
  const hash = createHash('sha256');
  hash.update(flags.join(' '));
  for (const f of readdirSync(fixtureDir).sort()) hash.update(f).update(readFileSync(join(fixtureDir, f)));
  const out = join(buildDir, `${v.name}-${hash.digest('hex').slice(0, 12)}.elf`);
  if (existsSync(out)) return out;
  mkdirSync(buildDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // Run from the fixture directory's parent so DW_AT_name is relative ("fixtures/main.c") and
  // DWARF 5 directory 1 is relative too: both path-joining cases get exercised.
  execFileSync('clang', [...flags, '-o', tmp, 'fixtures/start.S', 'fixtures/main.c', 'fixtures/list.c'], { cwd: __dirname, stdio: 'pipe' });
  renameSync(tmp, out);
  return out;
}

export function dwarfdump(elf: string, ...args: string[]): string {
  return execFileSync('llvm-dwarfdump', [...args, elf], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** llvm-symbolizer's function and file:line:column for each address (no inline frames). */
export function symbolize(elf: string, addresses: readonly number[]): { fn: string; file: string; line: number; column: number }[] {
  const input = addresses.map((a) => `0x${a.toString(16)}`).join('\n') + '\n';
  const text = execFileSync('llvm-symbolizer', ['--obj', elf, '--no-inlines'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  const blocks = text.trim().split(/\n\s*\n/);
  return blocks.map((b) => {
    const [fn, where] = b.split('\n');
    const m = /^(.*):(\d+):(\d+)$/.exec(where ?? '');
    return { fn, file: m ? m[1] : '??', line: m ? Number(m[2]) : 0, column: m ? Number(m[3]) : 0 };
  });
}
