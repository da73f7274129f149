// The console as a C program probes it (statx and the TCGETS/TIOCGWINSZ ioctls on fds 0-2):
// what makes the C library's stdout line-buffered on oslab, as on a Linux terminal.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildExecutable } from '../../sim/toolchain/driver';
import { libcBuildOptions } from '../support/libc';
import { runInProcess } from '../support/machine-run';

async function runTerminalProbe(tty: boolean) {
  const source = join(__dirname, '..', 'fixtures', 'kernel', 'terminal.c');
  const { executable } = buildExecutable([{ path: source, bytes: readFileSync(source) }], libcBuildOptions());
  const dir = join(__dirname, '..', '.build', 'kernel');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'terminal'), executable);
  return runInProcess(join(dir, 'terminal'), { tty: [tty, tty, tty] });
}

it('with a terminal, fds 0-2 are an 80x24 pseudo-terminal (a character device), other fds are EBADF', async () => {
  const run = await runTerminalProbe(true);
  expect(run.stderr).toBe('');
  expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  expect(run.stdout).toBe('chr=1 mode=620 rdev-major=136 ebadf=1\n');
});

it('without one (output to a pipe), fds 0-2 are pipes and not terminals', async () => {
  const run = await runTerminalProbe(false);
  // terminal.c exits 11 as soon as fstat(1) shows something other than a character device.
  expect(run.exit).toEqual({ kind: 'exited', code: 11 });
  expect(run.stdout).toBe('');
});
