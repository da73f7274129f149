// Builds the programs of the simulated machine's /bin — sh, ps, top, cat, ls, … from
// sim/userland/ — with oslab's own compiler and linker against a sysroot's libc, as `oslab cc`
// would, into SYSROOT/bin/NAME: one static ELF per `sim/userland/NAME.c`, or per folder
// `sim/userland/NAME/` for a program of several files (sh); the files under
// sim/userland/common/ are linked into every program. build-libc.ts runs it after the libc,
// so `node esbuild.mjs` leaves dist/sysroot/bin ready for the kernel to mount at /bin.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskHost } from '../host/sysroot';
import { buildExecutable, objectFileFor, type BuildOptions, type InputFile, type Sysroot } from '../sim/toolchain/driver';

export interface UserlandBuild {
  /** Program names, sorted: each was written to OUT/bin/NAME. */
  readonly programs: readonly string[];
  /** Compiler warnings, formatted `file:line:col: warning: …`; the userland builds without any (a test checks). */
  readonly warnings: readonly string[];
}

/** The program names in `userlandDir`: one per top-level `.c` file or folder other than common/. */
export function userlandPrograms(userlandDir: string): string[] {
  return readdirSync(userlandDir, { withFileTypes: true })
    .filter((entry) => (entry.isFile() && entry.name.endsWith('.c')) || (entry.isDirectory() && entry.name !== 'common'))
    .map((entry) => entry.name.replace(/\.c$/, ''))
    .sort();
}

/** The C files of program `name`: NAME.c, or every .c file in the folder NAME/. */
export function programSources(userlandDir: string, name: string): string[] {
  const single = join(userlandDir, `${name}.c`);
  if (existsSync(single)) return [single];
  const dir = join(userlandDir, name);
  return readdirSync(dir).filter((file) => file.endsWith('.c')).sort().map((file) => join(dir, file));
}

/** Builds every program of `userlandDir` against `sysroot`'s libc into binDir/NAME. */
export function buildUserland(userlandDir: string, sysroot: Sysroot, binDir: string): UserlandBuild {
  const warnings: string[] = [];
  const options: BuildOptions = {
    debug: true,
    host: diskHost,
    sysroot,
    includeDirs: [join(userlandDir, 'common')],
    compDir: userlandDir,
    onWarning: (warning) => warnings.push(warning),
  };
  const common = commonObjects(join(userlandDir, 'common'), options);
  const programs = userlandPrograms(userlandDir);
  mkdirSync(binDir, { recursive: true });
  for (const name of programs) {
    const sources = programSources(userlandDir, name).map(sourceFile);
    const { executable } = buildExecutable([...sources, ...common], options);
    writeFileSync(join(binDir, name), executable, { mode: 0o755 });
  }
  return { programs, warnings };
}

// The shared helpers are compiled once and handed to each link as objects.
function commonObjects(commonDir: string, options: BuildOptions): InputFile[] {
  return readdirSync(commonDir)
    .filter((name) => name.endsWith('.c'))
    .sort()
    .map((name) => ({ path: `${name.slice(0, -2)}.o`, bytes: objectFileFor(sourceFile(join(commonDir, name)), options) }));
}

function sourceFile(path: string): InputFile {
  return { path, bytes: readFileSync(path) };
}
