// Where the CLI finds oslab's C library: `dist/sysroot/` (headers in include/, libc.a and crt1.o
// in lib/), written by `npm run build` next to the bundled CLI. OSLAB_SYSROOT overrides it (the
// tests point it at a freshly built one). Also the compiler host that reads headers from disk.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompilerHost } from '../sim/toolchain/cc';
import type { Sysroot } from '../sim/toolchain/driver';
import { CliError } from './args';

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

export function loadSysroot(): Sysroot {
  const dir = sysrootDir();
  try {
    return {
      includeDir: join(dir, 'include'),
      libc: readFileSync(join(dir, 'lib', 'libc.a')),
      crt1: readFileSync(join(dir, 'lib', 'crt1.o')),
    };
  } catch {
    throw new CliError(`oslab's C library is missing from ${dir} (run \`npm run build\` to build it)`);
  }
}
