// oslab's system headers against the host's glibc: riscv uses the asm-generic Linux values,
// which x86-64 shares for every constant test/libc/sys/host/constants.c prints, so the list
// printed by the riscv32 build (on qemu) must equal the one printed by a native build.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildWithClang } from '../support/libc';
import { runQemu } from '../support/qemu';

const source = join(__dirname, 'sys', 'host', 'constants.c');
const outDir = join(__dirname, '..', '.build', 'libc-sys-tests');

it('every system-header constant has the value Linux gives it', async () => {
  mkdirSync(outDir, { recursive: true });
  const native = join(outDir, 'constants-host');
  execFileSync('clang', ['-o', native, source], { stdio: 'pipe' });
  const expected = execFileSync(native, { encoding: 'utf8' });
  const run = await runQemu(buildWithClang([source], join(outDir, 'constants.elf')));
  expect(run.status).toBe(0);
  expect(expected.split('\n').length).toBeGreaterThan(500);
  expect(run.stdout).toBe(expected);
});
