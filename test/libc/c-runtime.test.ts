// The compiler-support side of the libc (test/libc/c/runtime.c): the 64-bit arithmetic helpers
// against a table gcc computed on a 64-bit host, limits/stdint/inttypes/stddef/stdbool values,
// and stdatomic's operations.
import { describe, expect, it } from 'vitest';
import { runCProgram, runCProgramOnOslab } from './c-programs';

describe('libc runtime helpers and headers', () => {
  it('passes every assertion on Linux (qemu)', async () => {
    const run = await runCProgram('runtime');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });

  it('passes every assertion on oslab', async () => {
    const run = await runCProgramOnOslab('runtime');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });
});
