// The console as a C program probes it (statx and the TCGETS/TIOCGWINSZ ioctls on fds 0-2):
// what makes the C library's stdout line-buffered on oslab, as on a Linux terminal.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildExecutable } from '../../sim/toolchain/driver';
import { libcBuildOptions } from '../support/libc';
import { runInProcess } from '../support/machine-run';

it('fds 0-2 are an 80x24 pseudo-terminal (a character device), other fds are EBADF', async () => {
  const source = join(__dirname, '..', 'fixtures', 'kernel', 'terminal.c');
  const { executable } = buildExecutable([{ path: source, bytes: readFileSync(source) }], libcBuildOptions());
  const dir = join(__dirname, '..', '.build', 'kernel');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'terminal'), executable);
  const run = await runInProcess(join(dir, 'terminal'));
  expect(run.stderr).toBe('');
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  expect(run.stdout).toBe('chr=1 mode=620 rdev-major=136 ebadf=1\n');
});
