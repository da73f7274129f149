// <stdlib.h> apart from the allocator (test/libc/c/stdlib.c, ASSERT lines checked against glibc
// natively): strtol & co., glibc's rand sequences, qsort's stable merge order and comparison
// count, the environment, div, and atexit handlers running newest first before stdio's flush.
import { describe, expect, it } from 'vitest';
import { runCProgram, runCProgramOnOslab } from './c-programs';

const atexitLines = 'atexit: registered second, runs first\natexit: registered first, runs last\n';

describe('libc stdlib', () => {
  it('passes every assertion on Linux (qemu)', async () => {
    const run = await runCProgram('stdlib');
    expect(run.stdout).toMatch(new RegExp(`^\\d+ passed, 0 failed\\n${atexitLines}$`));
    expect(run.status).toBe(0);
  });

  it('passes every assertion on oslab', async () => {
    const run = await runCProgramOnOslab('stdlib');
    expect(run.stdout).toMatch(new RegExp(`^\\d+ passed, 0 failed\\n${atexitLines}$`));
    expect(run.status).toBe(0);
  });
});
