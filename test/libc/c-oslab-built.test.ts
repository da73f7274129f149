// The libc as `npm run build` ships it, compiled by oslab's own C compiler, must behave exactly
// like the clang-compiled one: the same test programs, run on qemu, give the same results.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cProgramDir, runCProgram } from './c-programs';

describe('libc compiled by oslab\'s compiler', () => {
  for (const name of ['string', 'stdlib', 'malloc', 'runtime']) {
    it(`passes ${name}.c`, async () => {
      const run = await runCProgram(name, {}, 'oslab');
      expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n/);
      expect(run.status).toBe(0);
    });
  }

  it('prints integers and doubles as glibc does', async () => {
    expect((await runCProgram('printf', {}, 'oslab')).stdout).toBe(readFileSync(join(cProgramDir, 'printf.expected'), 'latin1'));
    expect((await runCProgram('printf-float', {}, 'oslab')).stdout).toBe(
      readFileSync(join(cProgramDir, 'printf-float.expected'), 'latin1'),
    );
  });

  it('reads stdin and keeps threads\' lines whole', async () => {
    const stdin = await runCProgram('stdin', { stdin: 'Ada 36\nthe rest of it\n' }, 'oslab');
    expect(stdin.stdout).toContain('scanf read 2: Ada is 36\n');
    const threads = await runCProgram('threads', {}, 'oslab');
    expect(threads.stdout.split('\n').filter((line) => /^thread [0-3] line \d{3} payload-payload-payload$/.test(line))).toHaveLength(800);
    expect(threads.stderr).toBe('corrupt blocks: 0\n');
  });
});
