// printf's formatting against glibc: test/libc/c/printf.c prints a wide range of integer,
// string and pointer conversions, printf-float.c doubles in every floating-point format, and
// the .expected files are what glibc printed for the same files compiled natively on Linux.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cProgramDir, runCProgram, runCProgramOnOslab } from './c-programs';

const glibcOutput = readFileSync(join(cProgramDir, 'printf.expected'), 'latin1');
const glibcFloatOutput = readFileSync(join(cProgramDir, 'printf-float.expected'), 'latin1');

describe('libc printf', () => {
  it('prints what glibc prints (qemu)', async () => {
    const run = await runCProgram('printf');
    expect(run.stdout).toBe(glibcOutput);
    expect(run.status).toBe(0);
  });

  it('prints what glibc prints (oslab)', async () => {
    const run = await runCProgramOnOslab('printf');
    expect(run.stdout).toBe(glibcOutput);
    expect(run.status).toBe(0);
  });

  it('prints doubles digit for digit as glibc does (qemu)', async () => {
    const run = await runCProgram('printf-float');
    expect(run.stdout).toBe(glibcFloatOutput);
  });

  it('prints doubles digit for digit as glibc does (oslab)', async () => {
    const run = await runCProgramOnOslab('printf-float');
    expect(run.stdout).toBe(glibcFloatOutput);
  });
});
