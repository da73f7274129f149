// The allocator (test/libc/c/malloc.c, checked against glibc natively): a randomised stress of
// malloc/realloc/free with every block's contents verified, alignment, calloc, the aligned
// allocators, glibc's last-in-first-out reuse of small blocks (its tcache), the 132 KiB first
// break move, the 128 KiB mmap threshold and its rise after a free, trimming the heap, a break
// moved by the program itself, and glibc's double-free report followed by SIGABRT.
import { describe, expect, it } from 'vitest';
import { runCProgram, runCProgramOnOslab } from './c-programs';

describe('libc malloc', () => {
  it('passes every assertion on Linux (qemu)', async () => {
    const run = await runCProgram('malloc');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });

  // Until oslab's kernel implements mmap2 the program says so and skips the threshold checks.
  it('passes every assertion on oslab', async () => {
    const run = await runCProgramOnOslab('malloc');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });

  it('reports a double free as glibc does and dies of SIGABRT', async () => {
    const run = await runCProgram('malloc', { args: ['double-free'] });
    expect(run.stderr).toBe('free(): double free detected in tcache 2\n');
    expect(run.status).toBe(128 + 6);
    const onOslab = await runCProgramOnOslab('malloc', ['double-free']);
    expect(onOslab.stderr).toBe('free(): double free detected in tcache 2\n');
    expect(onOslab.status).toBe(128 + 6);
  });
});
