// Builds the sysroot the CLI and the extension compile against: oslab's libc headers copied to
// OUT/include, and libc.a + crt1.o (sim/libc/build.ts) in OUT/lib. `npm run build` runs it with
// oslab's own compiler; the tests also build a clang-compiled libc with `--cc clang` to check
// that both compilers agree on every program. With oslab's compiler it then builds the machine's
// /bin programs (sim/userland, scripts/build-userland.ts) into OUT/bin.
//   node dist/build-libc.js [--cc oslab|clang] [--out DIR]

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { diskHost, loadSysroot } from '../host/sysroot';
import { buildLibc, type LibcSource } from '../sim/libc/build';
import { buildUserland } from './build-userland';

export const CLANG_LIBC_FLAGS: readonly string[] = [
  '--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-mno-relax',
  '-nostdinc', '-ffreestanding', '-fno-builtin', '-O0', '-g', '-Wall', '-Werror',
];

export function libcSources(libcDir: string): LibcSource[] {
  const files: LibcSource[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cs]$/.test(entry.name)) files.push({ path: relative(libcDir, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(libcDir, 'src'));
  return files;
}

/** Writes OUT/include and OUT/lib/{libc.a,crt1.o}; returns the compiler warnings. */
export function buildSysroot(libcDir: string, out: string, compiler: 'oslab' | 'clang'): readonly string[] {
  const includeDir = join(libcDir, 'include');
  const scratch = compiler === 'clang' ? mkdtempSync(join(tmpdir(), 'oslab-libc-')) : '';
  const build = buildLibc(libcSources(libcDir), {
    host: diskHost,
    includeDir,
    sourceDir: libcDir,
    compileC: compiler === 'clang' ? (source) => compileWithClang(libcDir, includeDir, scratch, source.path) : undefined,
  });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'lib'), { recursive: true });
  cpSync(includeDir, join(out, 'include'), { recursive: true });
  writeFileSync(join(out, 'lib', 'libc.a'), build.archive);
  writeFileSync(join(out, 'lib', 'crt1.o'), build.crt1);
  return build.warnings;
}

function compileWithClang(libcDir: string, includeDir: string, scratch: string, path: string): Uint8Array {
  const object = join(scratch, path.replace(/[/\\]/g, '_') + '.o');
  execFileSync('clang', [...CLANG_LIBC_FLAGS, '-isystem', includeDir, '-c', join(libcDir, path), '-o', object], { stdio: 'pipe' });
  return readFileSync(object);
}

function main(argv: readonly string[]): void {
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const root = join(__dirname, '..');
  const compiler = flag('--cc', 'oslab');
  if (compiler !== 'oslab' && compiler !== 'clang') throw new Error(`--cc must be oslab or clang, not ${compiler}`);
  const out = flag('--out', join(root, 'dist', 'sysroot'));
  const warnings = [...buildSysroot(join(root, 'sim', 'libc'), out, compiler)];
  if (compiler === 'oslab') warnings.push(...buildUserland(join(root, 'sim', 'userland'), loadSysroot(out), join(out, 'bin')).warnings);
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
}

if (typeof require !== 'undefined' && require.main === module) main(process.argv.slice(2));
