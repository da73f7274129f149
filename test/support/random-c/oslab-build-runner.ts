// Child-process end of the differential test's oslab build: compiles and links one C file with
// buildExecutable against oslab's libc, so the parent can time-bound it (a compiler that loops
// forever must fail one seed, not stall the run) and build in parallel with its other work.
// Bundled by esbuild at test time: node oslab-build.cjs SOURCE OUT SYSROOT (a testLibc() folder)
// Exit status 0: built; 2: a ToolchainError (stderr: its message); 3: any other exception.

import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildExecutable } from '../../../sim/toolchain/driver';
import { ToolchainError } from '../../../sim/toolchain/object';
import { join } from 'node:path';

function main(): void {
  const [source, out, sysrootDir] = process.argv.slice(2);
  const sysroot = {
    includeDir: join(sysrootDir, 'include'),
    libc: readFileSync(join(sysrootDir, 'lib', 'libc.a')),
    crt1: readFileSync(join(sysrootDir, 'lib', 'crt1.o')),
  };
  const host = { readFile: (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null) };
  try {
    const { executable } = buildExecutable([{ path: source, bytes: readFileSync(source) }], { host, sysroot });
    writeFileSync(out, executable);
    chmodSync(out, 0o755); // qemu-riscv32 refuses, silently, to run a file without x permission

  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(e instanceof ToolchainError ? error.message : `${error.name}: ${error.message}\n${error.stack ?? ''}`);
    process.exit(e instanceof ToolchainError ? 2 : 3);
  }
}

if (require.main === module) main();
