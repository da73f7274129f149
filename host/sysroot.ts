// How programs on the user's disk are built, for every Node entry point (the CLI, the debug
// adapter, the extension's Problems, the bench): where oslab's C library is — `dist/sysroot/`
// (headers in include/, libc.a and crt1.o in lib/), written by `npm run build` next to the
// bundles; OSLAB_SYSROOT overrides it (the tests point it at a freshly built one) — the compiler
// host that reads headers from disk, and the build options they all compile with.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompilerHost } from '../sim/toolchain/cc';
import type { BuildOptions, Sysroot } from '../sim/toolchain/driver';

/** oslab's C library is not where it should be: a setup problem to report, not a crash. */
export class SysrootMissing extends Error {}

export const diskHost: CompilerHost = {
  readFile(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};

/** The sysroot folder: $OSLAB_SYSROOT, else `sysroot/` beside the bundle, else the checkout's dist/sysroot. */
export function sysrootDir(): string {
  const fromEnv = process.env.OSLAB_SYSROOT;
  if (fromEnv) return fromEnv;
  const beside = join(__dirname, 'sysroot');
  if (existsSync(beside)) return beside;
  return join(dirname(__dirname), 'dist', 'sysroot');
}

/** The sysroot in `dir` (default: sysrootDir()). */
export function loadSysroot(dir = sysrootDir()): Sysroot {
  try {
    return {
      includeDir: join(dir, 'include'),
      libc: readFileSync(join(dir, 'lib', 'libc.a')),
      crt1: readFileSync(join(dir, 'lib', 'crt1.o')),
    };
  } catch {
    throw new SysrootMissing(`oslab's C library is missing from ${dir} (run \`npm run build\` to build it)`);
  }
}

/** What a caller chooses; compDir defaults to the working directory, warnings are dropped without onWarning. */
export type BuildChoices = Pick<BuildOptions, 'debug' | 'nostdlib' | 'includeDirs' | 'defines' | 'undefines' | 'compDir' | 'onWarning'>;

/** The options every entry point compiles with: the libc headers and archive, disk I/O. */
export function buildOptions(choices: BuildChoices): BuildOptions {
  return {
    debug: choices.debug,
    nostdlib: choices.nostdlib,
    includeDirs: choices.includeDirs,
    defines: choices.defines,
    undefines: choices.undefines,
    compDir: choices.compDir ?? process.cwd(),
    host: diskHost,
    sysroot: loadSysroot(),
    onWarning: choices.onWarning,
  };
}
