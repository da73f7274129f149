// oslab's libc for tests: built from sim/libc on first use (by oslab's compiler, or by clang for
// the differential checks), cached in test/.build/libc-<compiler>/<hash of the sources> so
// parallel test files share one build, and handed out as a driver Sysroot plus the paths clang
// needs to link against it.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { BuildOptions, Sysroot } from '../../sim/toolchain/driver';
import { diskHost } from '../../host/sysroot';

export { diskHost };
import { buildSysroot, CLANG_LIBC_FLAGS } from '../../scripts/build-libc';

const root = join(__dirname, '..', '..');
export const libcDir = join(root, 'sim', 'libc');
export const libcIncludeDir = join(libcDir, 'include');
// An oslab-built libc also changes when the compiler does.
const toolchainDir = join(root, 'sim', 'toolchain');

export interface TestLibc extends Sysroot {
  /** Folder with include/ and lib/{libc.a,crt1.o}. */
  readonly dir: string;
  readonly archivePath: string;
  readonly crt1Path: string;
}

const cache = new Map<string, TestLibc>();

/** The libc built by `compiler` from the current sources (built now if not cached). */
export function testLibc(compiler: 'oslab' | 'clang' = 'oslab'): TestLibc {
  const key = `${compiler}-${sourceHash(compiler === 'oslab' ? [libcDir, toolchainDir] : [libcDir])}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const dir = join(root, 'test', '.build', `libc-${compiler}`, key);
  if (!existsSync(join(dir, 'lib', 'crt1.o'))) {
    const scratch = `${dir}.${process.pid}.tmp`;
    buildSysroot(libcDir, scratch, compiler);
    mkdirSync(join(dir, '..'), { recursive: true });
    try {
      renameSync(scratch, dir);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another worker finished first
    }
  }
  const libc: TestLibc = {
    dir,
    includeDir: join(dir, 'include'),
    archivePath: join(dir, 'lib', 'libc.a'),
    crt1Path: join(dir, 'lib', 'crt1.o'),
    libc: readFileSync(join(dir, 'lib', 'libc.a')),
    crt1: readFileSync(join(dir, 'lib', 'crt1.o')),
  };
  cache.set(key, libc);
  return libc;
}

/** Driver options for building C test programs against oslab's libc. */
export function libcBuildOptions(extra: BuildOptions = {}, compiler: 'oslab' | 'clang' = 'oslab'): BuildOptions {
  return { host: diskHost, sysroot: testLibc(compiler), ...extra };
}

/**
 * Builds a program with clang against oslab's libc (its headers, crt1.o and libc.a), linked by
 * ld.lld: the reference the tests compare oslab's compiler with. Returns the executable's path.
 */
export function buildWithClang(sources: readonly string[], out: string, extraFlags: readonly string[] = [], compiler: 'oslab' | 'clang' = 'clang'): string {
  const libc = testLibc(compiler);
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('clang', [
    ...CLANG_LIBC_FLAGS.filter((f) => f !== '-Werror'), '-isystem', libc.includeDir, ...extraFlags,
    '-nostdlib', '-static', '-fuse-ld=lld', '-Wl,--no-relax', '-o', out, libc.crt1Path, ...sources, libc.archivePath,
  ], { stdio: 'pipe' });
  return out;
}

function sourceHash(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        hash.update(path);
        hash.update(readFileSync(path));
      }
    }
  };
  dirs.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}
