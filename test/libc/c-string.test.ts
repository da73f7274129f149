// <string.h>, <strings.h>, <ctype.h>, strerror and strsignal, run as a C program of ASSERT lines
// (test/libc/c/string.c) whose expectations were checked against glibc by compiling the same
// file natively.
import { describe, expect, it } from 'vitest';
import { runCProgram, runCProgramOnOslab } from './c-programs';

describe('libc strings and character classes', () => {
  it('passes every assertion on Linux (qemu)', async () => {
    const run = await runCProgram('string');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });

  it('passes every assertion on oslab', async () => {
    const run = await runCProgramOnOslab('string');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });
});
