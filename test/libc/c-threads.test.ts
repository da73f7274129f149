// Threads sharing stdio and malloc (test/libc/c/threads.c): with the stream lock every printf
// line comes out whole, and with the allocator lock no block is handed out twice. qemu runs the
// threads truly in parallel on host threads; oslab's kernel has no clone yet, so qemu only.
import { describe, expect, it } from 'vitest';
import { runCProgram } from './c-programs';

describe('libc under threads', () => {
  it('keeps each printf line whole and each malloc block private', async () => {
    const run = await runCProgram('threads');
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(800);
    for (const line of lines) expect(line).toMatch(/^thread [0-3] line \d{3} payload-payload-payload$/);
    for (let id = 0; id < 4; id++) {
      const own = lines.filter((line) => line.startsWith(`thread ${id} `)).map((line) => Number(line.split(' ')[3]));
      expect(own).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
    expect(run.stderr).toBe('corrupt blocks: 0\n');
    expect(run.status).toBe(0);
  });
});
