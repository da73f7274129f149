// The /bin programs build with oslab's own compiler and linker (what `node esbuild.mjs` puts
// in dist/sysroot/bin) without a single warning, and with clang -Wall -Wextra as well; each is
// a static RISC-V executable, and on the Linux oracle oslab's build prints what clang's does.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runQemu } from '../support/qemu';
import { userlandPrograms } from '../../scripts/build-userland';
import { buildOslabUserland, clangProgram, readProgram, userlandDir } from './userland';

// The programs; others may join them in sim/userland.
const REQUIRED = ['cat', 'echo', 'free', 'kill', 'ls', 'ps', 'sh', 'sleep', 'top', 'uptime'];
const PROGRAMS = userlandPrograms(userlandDir);

describe('userland build', () => {
  it('has every program the issue asks for', () => {
    expect(PROGRAMS).toEqual(expect.arrayContaining(REQUIRED));
  });

  it('builds every program with oslab\'s toolchain without warnings', () => {
    const build = buildOslabUserland();
    expect(build.warnings).toEqual([]);
    expect(build.programs).toEqual(PROGRAMS);
    for (const name of PROGRAMS) {
      const elf = readProgram(build.binDir, name);
      expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(elf.readUInt16LE(18)).toBe(243); // EM_RISCV
      expect(elf.readUInt16LE(16)).toBe(2); // ET_EXEC
    }
  });

  it('builds every program with clang -Wall -Wextra without warnings', () => {
    for (const name of PROGRAMS) {
      const elf = clangProgram(name); // buildWithClang throws on an error; warnings go to stderr
      expect(execFileSync('llvm-readelf', ['-h', elf]).toString()).toMatch(/RISC-V/);
    }
  });

  it('prints on qemu what the clang build prints', async () => {
    const { binDir } = buildOslabUserland();
    const runs: [string, string[], string][] = [
      ['echo', ['-e', 'a\\tb\\x41', 'c'], ''],
      ['cat', ['-n', '-', '/nope'], 'one\ntwo\n'],
      ['ls', ['-la', userlandDir], ''],
      ['kill', ['-l'], ''],
      ['sleep', ['0.05'], ''],
      ['sh', ['-c', 'cd /; pwd; echo "$?" \'q\' ${X}y; exit 4'], ''],
      ['free', ['-k'], ''],
    ];
    for (const [name, args, stdin] of runs) {
      const oslab = await runQemu(join(binDir, name), { args, stdin });
      const clang = await runQemu(clangProgram(name), { args, stdin });
      const what = `${name} ${args.join(' ')}`;
      expect(oslab.status, what).toBe(clang.status);
      expect(oslab.stderr, what).toBe(clang.stderr);
      if (name === 'free') expect(oslab.stdout.split('\n')[0], what).toBe(clang.stdout.split('\n')[0]);
      else expect(oslab.stdout, what).toBe(clang.stdout);
    }
  });
});
