// cat, echo, ls, sleep and kill from sim/userland, built by clang against oslab's libc and run
// on the Linux oracle (qemu-riscv32, which sees the host's files): their output and exit
// statuses are GNU coreutils' and procps' own, and ls is compared with the host's GNU ls.
import { execFileSync } from 'node:child_process';
import { chmodSync, lutimesSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQemu } from '../support/qemu';
import { clangProgram } from './userland';

const fixture = join(__dirname, '..', '.build', 'userland-fixture', String(process.pid));

const run = (name: string, args: readonly string[], stdin = '') => runQemu(clangProgram(name), { args, stdin });

function hostLs(args: readonly string[]): string {
  return execFileSync('ls', args, { env: { LC_ALL: 'C', TZ: 'UTC', PATH: process.env.PATH } }).toString();
}

beforeAll(() => {
  const old = new Date('2020-01-02T03:04:05Z');
  mkdirSync(join(fixture, 'sub'), { recursive: true });
  writeFileSync(join(fixture, 'b.txt'), 'hello');
  writeFileSync(join(fixture, 'A-upper'), 'x'.repeat(12345));
  writeFileSync(join(fixture, '.hidden'), '');
  writeFileSync(join(fixture, 'run.sh'), '#!/bin/sh\n');
  writeFileSync(join(fixture, 'sub', 'inner'), 'in');
  chmodSync(join(fixture, 'run.sh'), 0o755);
  chmodSync(join(fixture, 'A-upper'), 0o600);
  symlinkSync('b.txt', join(fixture, 'link'));
  for (const name of ['b.txt', 'A-upper', '.hidden', 'run.sh', 'sub/inner', 'sub']) utimesSync(join(fixture, name), old, old);
  lutimesSync(join(fixture, 'link'), old, old);
  utimesSync(fixture, old, old);
});

afterAll(() => rmSync(fixture, { recursive: true, force: true }));

describe('echo', () => {
  it('joins its arguments, and knows -n and -e as GNU echo does', async () => {
    expect((await run('echo', ['hello', 'world'])).stdout).toBe('hello world\n');
    expect((await run('echo', ['-n', 'no', 'newline'])).stdout).toBe('no newline');
    expect((await run('echo', ['-e', 'a\\tb\\x41\\0101\\n'])).stdout).toBe('a\tbAA\n\n');
    expect((await run('echo', ['-e', 'stop\\chere'])).stdout).toBe('stop');
    expect((await run('echo', ['a\\tb', '-n'])).stdout).toBe('a\\tb -n\n');
    expect((await run('echo', [])).stdout).toBe('\n');
  });
});

describe('cat', () => {
  it('copies files and stdin (`-`), numbering lines across files with -n', async () => {
    const r = await run('cat', ['-n', join(fixture, 'b.txt'), '-', join(fixture, 'sub', 'inner')], 'one\ntwo\n');
    expect(r.stdout).toBe('     1\thelloone\n     2\ttwo\n     3\tin');
    expect(r.status).toBe(0);
    expect((await run('cat', [], 'piped\n')).stdout).toBe('piped\n');
  });

  it('reports what it cannot read as GNU cat does, goes on, and exits 1', async () => {
    const r = await run('cat', ['/nope', join(fixture, 'b.txt'), fixture]);
    expect(r.stdout).toBe('hello');
    expect(r.stderr).toBe(`cat: /nope: No such file or directory\ncat: ${fixture}: Is a directory\n`);
    expect(r.status).toBe(1);
    expect((await run('cat', ['-x'])).status).toBe(1);
  });
});

describe('ls', () => {
  it('lists names sorted, one per line into a pipe, as GNU ls', async () => {
    for (const args of [[fixture], ['-a', fixture], ['-A', fixture], ['-1', fixture, join(fixture, 'sub')], [join(fixture, 'b.txt'), join(fixture, 'sub')]]) {
      const r = await run('ls', args);
      expect(r.stdout, args.join(' ')).toBe(hostLs(args));
    }
  });

  it('prints the long format exactly as GNU ls -l does', async () => {
    for (const args of [['-l', fixture], ['-la', fixture], ['-ld', fixture, join(fixture, 'link')], ['-l', '/dev/null', join(fixture, 'sub')], ['-l', '/dev/null', '/dev/zero', '/dev/tty', join(fixture, 'A-upper')]]) {
      const r = await run('ls', args);
      expect(r.stdout, args.join(' ')).toBe(hostLs(args));
      expect(r.status).toBe(0);
    }
  });

  it('fills columns with -C as GNU ls does (tabs to 8-column stops)', async () => {
    for (const dir of ['/usr/bin', '/etc']) {
      expect((await run('ls', ['-C', dir])).stdout, dir).toBe(hostLs(['-C', dir]));
    }
  });

  it('reports a missing operand and exits 2, listing the others', async () => {
    const r = await run('ls', ['/nope', join(fixture, 'b.txt')]);
    expect(r.stdout).toBe(`${join(fixture, 'b.txt')}\n`);
    expect(r.stderr).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(r.status).toBe(2);
  });
});

describe('sleep', () => {
  it('sleeps for fractions and units, and rejects what is not an interval', async () => {
    const r = await run('sleep', ['0.2', '0.1s']);
    expect(r.status).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(300);
    const missing = await run('sleep', []);
    expect(missing.stderr).toBe("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    expect(missing.status).toBe(1);
    const bad = await run('sleep', ['1x']);
    expect(bad.stderr).toMatch(/^sleep: invalid time interval '1x'\n/);
    expect(bad.status).toBe(1);
  });
});

describe('kill', () => {
  it('lists and names signals as procps kill -l does', async () => {
    expect((await run('kill', ['-l'])).stdout).toBe(execFileSync('/usr/bin/kill', ['-l']).toString());
    expect((await run('kill', ['-l', '9'])).stdout).toBe('KILL\n');
    expect((await run('kill', ['-l', 'TERM'])).stdout).toBe('15\n');
  });

  it('reports a process that does not exist and exits 1', async () => {
    for (const args of [['999999'], ['-9', '999999'], ['-TERM', '999999'], ['-s', 'KILL', '999999']]) {
      const r = await run('kill', args);
      expect(r.stderr).toBe('kill: (999999): No such process\n');
      expect(r.status).toBe(1);
    }
    expect((await run('kill', ['-NOPE', '1'])).status).toBe(1);
  });
});
