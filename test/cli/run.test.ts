// `oslab run` as a user meets it: exit statuses passed through, one clear line and status 2 for
// every bad input, the statistics file, the instruction budget, and unimplemented syscalls
// reported once.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDir } from '../support/build-fixtures';
import { oslabCli } from '../support/oslab';

const scratch = mkdtempSync(join(tmpdir(), 'oslab-cli-'));
const fixture = (name: string) => join(buildDir, `${name}.elf`);

function oslab(...args: string[]) {
  const r = spawnSync(process.execPath, [oslabCli, ...args], { encoding: 'utf8', input: '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('exit status', () => {
  it('is the program’s exit code', () => {
    expect(oslab('run', fixture('proc_exit42')).status).toBe(42);
  });

  it('is 128 + N when signal N kills the program, with the shell’s description on stderr', () => {
    const r = oslab('run', fixture('sig_segv_null'));
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/Segmentation fault \[SIGSEGV\]/);
    expect(r.stderr).toMatch(/write of address 0x00000000/);
  });
});

describe('no program', () => {
  it('runs the machine’s own shell on our stdin, as `oslab shell` does', () => {
    for (const command of [['run'], ['shell']]) {
      const r = spawnSync(process.execPath, [oslabCli, ...command], { encoding: 'utf8', input: 'echo hello from sh\nexit 3\n' });
      expect(r.stdout).toBe('hello from sh\n');
      expect(r.status).toBe(3);
    }
  });
});

describe('the folder oslab runs in is the program’s /workspace', () => {
  const program = `#include <stdio.h>
int main(void) {
  FILE *in = fopen("notes.txt", "r");
  char line[64];
  fgets(line, sizeof line, in);
  printf("read: %s", line);
  FILE *out = fopen("notes.txt", "a");
  fputs("added by the program\\n", out);
  fclose(out);
  return 0;
}
`;
  const run = (...options: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'oslab-ws-'));
    writeFileSync(join(dir, 'edit.c'), program);
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const r = spawnSync(process.execPath, [oslabCli, 'run', ...options, 'edit.c'], { cwd: dir, encoding: 'utf8' });
    return { ...r, notes: readFileSync(join(dir, 'notes.txt'), 'utf8') };
  };

  it('is read as it is and never written without --mount-rw', () => {
    const r = run();
    expect(r.stdout).toBe('read: hello\n');
    expect(r.status).toBe(0);
    expect(r.notes).toBe('hello\n');
  });

  it('gets the program’s writes with --mount-rw', () => {
    const r = run('--mount-rw');
    expect(r.status).toBe(0);
    expect(r.notes).toBe('hello\nadded by the program\n');
  });
});

describe('bad input gets one line and status 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['run', '--fast', 'x.elf'], /unknown option '--fast'/],
    ['a missing value', ['run', '--cores'], /--cores needs a value/],
    ['a bad number', ['run', '--cores', '9', 'x.elf'], /--cores needs an integer from 1 to 8/],
    ['a TLB size that is not a power of two', ['run', '--tlb', '48', 'x.elf'], /power of two/],
    ['a bad on/off', ['run', '--asid', 'maybe', 'x.elf'], /'on' or 'off'/],
    ['a missing file', ['run', join(scratch, 'nope.elf')], /cannot read .*nope\.elf: ENOENT/],
    ['a text file', ['run', join(__dirname, 'run.test.ts')], /not an ELF file/],
    ['a 64-bit host executable', ['run', process.execPath], /not a 32-bit ELF/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = oslab(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a truncated ELF', () => {
    const elf = readFileSync(fixture('algo_sort'));
    const path = join(scratch, 'truncated.elf');
    writeFileSync(path, elf.subarray(0, 200));
    const r = oslab('run', path);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/truncated or corrupt/);
  });
});

describe('options', () => {
  it('everything after the program is its argv, options included', () => {
    const r = oslab('run', fixture('proc_argv'), '--stats', 'x');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--stats');
  });

  it('--stats writes the statistics as JSON', () => {
    const file = join(scratch, 'stats.json');
    expect(oslab('run', '--caches', 'on', '--stats', file, fixture('algo_sort')).status).toBe(0);
    const stats = JSON.parse(readFileSync(file, 'utf8'));
    expect(stats.instructions).toBeGreaterThan(1000);
    expect(stats.cycles).toBeGreaterThanOrEqual(stats.instructions);
    expect(stats.simNs).toBe(stats.cycles);
    expect(stats.tlb).toMatchObject({ hits: expect.any(Number), misses: expect.any(Number), flushes: expect.any(Number) });
    for (const level of ['l1', 'l2', 'l3']) expect(stats.caches[level]).toMatchObject({ hits: expect.any(Number), misses: expect.any(Number) });
    expect(stats.caches.l1.hits + stats.caches.l1.misses).toBeGreaterThan(0);
  });

  it('--max-instructions kills a runaway program with SIGKILL and says why', () => {
    const r = oslab('run', '--max-instructions', '5000', fixture('algo_sort'));
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/instruction budget \(5000\) is exhausted/);
  });

  it('reports an unimplemented syscall once on stderr and returns -ENOSYS', () => {
    const r = oslab('run', fixture('sys_enosys'));
    expect(r.status).toBe(0);
    const notices = r.stderr.split('\n').filter((l) => l.includes('is not implemented'));
    expect(new Set(notices).size).toBe(notices.length);
    expect(notices.length).toBeGreaterThan(0);
  });

  it('lists the same notices in --stats', () => {
    const file = join(scratch, 'enosys.json');
    const r = oslab('run', '--stats', file, fixture('sys_enosys'));
    const stats = JSON.parse(readFileSync(file, 'utf8'));
    expect(stats.notices.length).toBeGreaterThan(0);
    for (const notice of stats.notices) expect(r.stderr).toContain(notice);
  });

  it('--help explains the options', () => {
    const r = oslab('run', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--max-instructions N/);
  });
});
