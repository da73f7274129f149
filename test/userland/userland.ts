// Builds sim/userland for the userland tests: every program with oslab's own compiler and
// linker (as `node esbuild.mjs` builds dist/sysroot/bin), and one program at a time with clang
// against oslab's libc, the build the qemu oracle runs; both cached in test/.build/userland-*/
// under a hash of the sources and the libc, so parallel test files share one build.
// Also writes the host wrapper scripts that let `sh` under qemu-riscv32 exec the other
// programs: qemu-user execs a guest's execve on the host, which has no binfmt for riscv32
// ELFs, so PATH points at `#!/bin/sh` scripts that start each program under qemu.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildUserland, programSources, userlandPrograms, type UserlandBuild } from '../../scripts/build-userland';
import { buildWithClang, testLibc } from '../support/libc';

const root = join(__dirname, '..', '..');
export const userlandDir = join(root, 'sim', 'userland');
const buildDir = join(root, 'test', '.build');

export interface OslabUserland extends UserlandBuild {
  readonly binDir: string;
}

/** Every program built by oslab's toolchain (and the compiler's warnings). */
export function buildOslabUserland(): OslabUserland {
  const libc = testLibc('oslab');
  const dir = cachedFolder('userland-oslab', libc.dir, (scratch) => {
    const build = buildUserland(userlandDir, libc, join(scratch, 'bin'));
    writeFileSync(join(scratch, 'build.json'), JSON.stringify(build));
  });
  const build = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as UserlandBuild;
  return { ...build, binDir: join(dir, 'bin') };
}

/** Program `name` built by clang (-Wall -Wextra -Werror) against oslab's libc; its path. */
export function clangProgram(name: string): string {
  const libc = testLibc('clang');
  const dir = cachedFolder('userland-clang', `${libc.dir}:${name}`, (scratch) => {
    const sources = [...programSources(userlandDir, name), ...commonSources()];
    buildWithClang(sources, join(scratch, name), ['-I', join(userlandDir, 'common'), '-Wextra', '-Werror']);
  });
  return join(dir, name);
}

// test/.build/KIND/HASH, filled by `fill` once (into a scratch folder renamed into place, so a
// parallel worker never sees half a build).
function cachedFolder(kind: string, salt: string, fill: (scratch: string) => void): string {
  const hash = createHash('sha256').update(salt);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(userlandDir);
  const dir = join(buildDir, kind, hash.digest('hex').slice(0, 16));
  if (existsSync(dir)) return dir;
  const scratch = `${dir}.${process.pid}.tmp`;
  mkdirSync(scratch, { recursive: true });
  fill(scratch);
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another worker finished first
  }
  return dir;
}

function commonSources(): string[] {
  return programSources(userlandDir, 'common');
}

/**
 * Builds every program with clang and writes, for each, a host script NAME in the returned
 * folder that runs it under qemu-riscv32: a PATH for `sh` on the oracle.
 */
export function qemuPathDir(): string {
  const qemu = execFileSync('sh', ['-c', 'command -v qemu-riscv32']).toString().trim();
  const elves = userlandPrograms(userlandDir).map((name) => [name, clangProgram(name)]);
  return cachedFolder('userland-path', `${qemu}:${elves.join()}`, (scratch) => {
    for (const [name, elf] of elves) {
      writeFileSync(join(scratch, name), `#!/bin/sh\nexec ${qemu} ${elf} "$@"\n`);
      chmodSync(join(scratch, name), 0o755);
    }
  });
}

/** The bytes of a built program (to check it is a RISC-V executable). */
export function readProgram(binDir: string, name: string): Buffer {
  return readFileSync(join(binDir, name));
}
