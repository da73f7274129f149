// The system half of libc, end to end: each C program in test/libc/sys/ (one per feature, built
// from ASSERT lines) is compiled by clang against oslab's libc and run on qemu-riscv32, the
// Linux oracle for syscall results, where it must print exactly "OK". The course's seed
// programs that use the system layer must compile unmodified.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWithClang } from '../support/libc';
import { runInProcess } from '../support/machine-run';
import { runQemu } from '../support/qemu';

const programDir = join(__dirname, 'sys');
const seedDir = join(__dirname, '..', '..', 'examples', 'course');
const outDir = join(__dirname, '..', '.build', 'libc-sys-tests');

/** startup.c checks that its arguments arrive; the other programs ignore them. */
const programArgs = ['one', 'two'];
const programs = readdirSync(programDir).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2));

describe('libc system layer on qemu-riscv32', () => {
  it('has a test program for each feature', () => {
    expect(programs).toEqual(expect.arrayContaining(['context', 'files', 'layouts', 'process', 'readiness', 'signals', 'sockets', 'startup', 'system', 'threads', 'tls']));
  });

  // The library compiled by clang checks the library; compiled by oslab's compiler, the compiler.
  const cases = programs.flatMap((name) => (['clang', 'oslab'] as const).map((libc) => [name, libc] as const));
  it.each(cases)('%s.c passes every ASSERT (libc built by %s)', async (name, libc) => {
    const elf = buildWithClang([join(programDir, `${name}.c`)], join(outDir, `${name}-${libc}.elf`), [], libc);
    const run = await runQemu(elf, { args: programArgs, timeoutMs: 30_000 });
    expect(run.stdout).toBe('OK\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('start-up works on oslab\'s own machine too', async () => {
    const elf = buildWithClang([join(programDir, 'startup.c')], join(outDir, 'startup-oslab-machine.elf'));
    const run = await runInProcess(elf, {}, programArgs);
    expect(run.stdout).toBe('OK\n');
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
  });

  it.each(['fork-demo', 'socket-server'])('seed program %s.c compiles unmodified', (name) => {
    expect(() => buildWithClang([join(seedDir, `${name}.c`)], join(outDir, `seed-${name}.elf`))).not.toThrow();
  });
});
