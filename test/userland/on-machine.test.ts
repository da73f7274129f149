// The /bin programs as oslab's own toolchain builds them (what `node esbuild.mjs` puts in
// dist/sysroot/bin), run on the simulated machine with every one of them installed in /bin.
// What still waits for the kernel is marked skip, with what it waits for.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnMachine } from './machine';
import { userlandPrograms } from '../../scripts/build-userland';
import { buildOslabUserland, userlandDir } from './userland';

let binDir = '';
const PROGRAMS = userlandPrograms(userlandDir); // what the build installs in /bin

beforeAll(() => {
  binDir = buildOslabUserland().binDir;
});

// On the terminal, output goes through ONLCR: lines end in \r\n there.
async function run(program: string, argv: readonly string[] = [], stdin = '', tty = false) {
  const r = await runOnMachine(binDir, program, argv, stdin, tty ? { tty: [true, true, true] } : {});
  return tty ? { ...r, stdout: r.stdout.replace(/\r\n/g, '\n'), stderr: r.stderr.replace(/\r\n/g, '\n') } : r;
}

describe('userland on oslab, without files', () => {
  it('echo, cat from stdin, sleep and kill -l behave as on Linux', async () => {
    expect((await run('echo', ['-e', 'a\\tb'])).stdout).toBe('a\tb\n');
    expect((await run('cat', ['-n'], 'x\ny\n')).stdout).toBe('     1\tx\n     2\ty\n');
    expect((await run('sleep', ['0.01'])).exit).toEqual({ kind: 'exited', code: 0 });
    expect((await run('kill', ['-l', '15'])).stdout).toBe('TERM\n');
  });

  it('sh runs builtins from -c and from stdin and exits with their status', async () => {
    expect((await run('sh', ['-c', 'exit 3'])).exit).toEqual({ kind: 'exited', code: 3 });
    const r = await run('sh', [], 'kill -l 2>&1 > /dev/null\nexport A=1\nexit $A$A\n');
    expect(r.exit).toEqual({ kind: 'exited', code: 11 });
  });
});

describe('userland on oslab, with files', () => {
  it('ls -l /bin shows every program, executable, owned by root', async () => {
    const r = await run('ls', ['-l', '/bin']);
    const rows = r.stdout.split('\n').slice(1, -1);
    expect(r.stdout.startsWith('total ')).toBe(true);
    expect(rows.map((row) => row.split(' ').pop())).toEqual(PROGRAMS);
    for (const row of rows) expect(row).toMatch(/^-rwxr-xr-x 1 root root +\d+ \w{3} [ \d]\d \d\d:\d\d \w+$/);
    expect((await run('ls', ['/bin'])).stdout).toBe(PROGRAMS.join('\n') + '\n');
  });

  it('cat reads files and reports missing ones as GNU cat does', async () => {
    const r = await run('cat', ['/etc/passwd', '/nope']);
    expect(r.stdout).toMatch(/^root:x:0:0:/);
    expect(r.stderr).toBe('cat: /nope: No such file or directory\n');
    expect(r.exit).toEqual({ kind: 'exited', code: 1 });
  });

  it('sh on the terminal runs jobs in the background, lists, kills and foregrounds them', async () => {
    const r = await run('sh', [], 'sleep 5 &\njobs\nkill %1\nwait\nsleep 0.01 &\nfg\necho $?\nfg\nexit\n', true);
    expect(r.stderr).toMatch(/^\$ \[1\] \d+\n\$ /);
    expect(r.stdout).toContain('[1]+  Running                 sleep 5 &\n');
    expect(r.stderr).toContain('[1]+  Terminated              sleep 5\n');
    expect(r.stdout).toContain('sleep 0.01\n0\n');
    expect(r.stderr).toContain('sh: fg: current: no such job\n');
    expect(r.exit).toEqual({ kind: 'exited', code: 1 });
  });

  it('sh stops and continues jobs as on Linux: kill -STOP, fg, bg, and $? of 128+N', async () => {
    const script = 'sh -c "kill -STOP \\$\\$; echo cont"\necho $?\nfg\necho $?\nsleep 5 &\nkill -STOP %1\nsleep 0.2\njobs\nbg\njobs\nkill %1\nwait\n';
    const r = await run('sh', ['-i'], script);
    expect(r.stdout).toBe(
      '147\nsh -c "kill -STOP \\$\\$; echo cont"\ncont\n0\n' +
      '[1]+  Stopped                 sleep 5\n[1]+ sleep 5 &\n[1]+  Running                 sleep 5 &\n',
    );
    expect(r.stderr).toContain('\n[1]+  Stopped                 sh -c "kill -STOP \\$\\$; echo cont"\n');
    expect(r.stderr).toContain('[1]+  Terminated              sleep 5\n');
  });

  it('ps, free, uptime and top read the machine\'s /proc', async () => {
    const ps = await run('ps', ['-ef']);
    expect(ps.stdout).toMatch(/^UID        PID  PPID  C STIME TTY          TIME CMD\n/);
    expect(ps.stdout).toMatch(/^\S+\s+\d+\s+\d+\s+\d+ \d\d:\d\d \S+\s+\d\d:\d\d:\d\d ps -ef$/m);
    const free = await runOnMachine(binDir, 'free', ['-m'], '', { memoryMiB: 64 });
    const total = Number(free.stdout.split('\n')[1].split(/\s+/)[1]);
    expect(total).toBeGreaterThan(32);
    expect(total).toBeLessThanOrEqual(64);
    expect((await run('uptime')).stdout).toMatch(/^ \d\d:\d\d:\d\d up .*load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
    const top = await run('top', ['-b', '-n', '1']);
    expect(top.stdout).toMatch(/^top - .*\nTasks: +\d+ total, +\d+ running,/);
    expect(top.stdout).toMatch(/^\s*\d+ \S+ .* top$/m);
  });

  it('sh runs pipelines of /bin programs with redirections and wildcards', async () => {
    const r = await run('sh', [], 'ls /bin | cat -n | cat\necho hi > /tmp/f; echo there >> /tmp/f\ncat < /tmp/f\nnope\necho $?\necho /bin/s*\n');
    expect(r.stdout).toBe(PROGRAMS.map((p, i) => `${String(i + 1).padStart(6)}\t${p}\n`).join('') + 'hi\nthere\n127\n' + PROGRAMS.filter((p) => p.startsWith('s')).map((p) => `/bin/${p}`).join(' ') + '\n');
    expect(r.stderr).toBe('sh: nope: command not found\n');
  });

  // The session, typed at the terminal (which echoes it); the killed job is reported at
  // the next prompt, as bash does, and `wait` collects it before the shell reads EOF.
  it('runs the scripted terminal session: ls /bin | cat, ps, sleep 5 &, kill %1', async () => {
    const r = await run('sh', [], 'ls /bin | cat\nps\nsleep 5 &\nkill %1\nwait\n', true);
    const out = r.stdout;
    const listing = out.indexOf(PROGRAMS.join('\n') + '\n');
    expect(listing).toBeGreaterThanOrEqual(0);
    const ps = out.slice(out.indexOf('  PID TTY          TIME CMD\n'));
    expect(ps.length).toBeLessThan(out.length - listing);
    const sh = ps.match(/^\s*(\d+) (\S+)\s+\d\d:\d\d:\d\d sh$/m);
    const own = ps.match(/^\s*(\d+) (\S+)\s+\d\d:\d\d:\d\d ps$/m);
    expect(sh).not.toBeNull();
    expect(own).not.toBeNull();
    expect(sh![2]).not.toBe('?');
    expect(own![2]).toBe(sh![2]);
    expect(r.stderr).toMatch(/^\$ \$ \$ \[1\] \d+\n\$ /);
    expect(r.stderr).toContain('[1]+  Terminated              sleep 5\n');
    expect(r.stderr.endsWith('$ exit\n')).toBe(true);
    expect(r.exit).toEqual({ kind: 'exited', code: 0 });
  });

  it('oslab shell starts sh, reading our stdin, and exits with its status', () => {
    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'shell'], { input: 'echo hello from sh\nls /bin | cat\nexit 5\n' });
    expect(r.stdout.toString()).toBe('hello from sh\n' + PROGRAMS.join('\n') + '\n');
    expect(r.status).toBe(5);
  });
});
