// sh on the oracle: qemu-riscv32 runs the shell, and its PATH holds host scripts that start
// the other programs under qemu (a guest's execve is the host's, which cannot run a riscv32
// ELF itself), so fork, execve, pipes, redirections, process groups, kill and waitpid are all
// Linux's. Scripts come on stdin; `-i` makes the shell interactive (prompts on stderr, job
// messages) though stdin is a pipe, as bash -i does.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQemu } from '../support/qemu';
import { clangProgram, qemuPathDir } from './userland';

const scratch = join(__dirname, '..', '.build', 'userland-sh', String(process.pid));
let path = '';

beforeAll(() => {
  path = qemuPathDir();
  mkdirSync(scratch, { recursive: true });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sh(script: string, args: readonly string[] = []) {
  return runQemu(clangProgram('sh'), { args, stdin: `export PATH=${path}\ncd ${scratch}\n${script}`, timeoutMs: 30_000 });
}

describe('sh on the oracle', () => {
  it('runs commands found through PATH and pipelines of them', async () => {
    const r = await sh('echo one two | cat -n | cat\necho done\n');
    expect(r.stdout).toBe('     1\tone two\ndone\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('redirects <, >, >>, 2> and 2>&1 in order, for builtins too', async () => {
    const r = await sh('echo hi > f\necho there >> f\ncat < f\ncat /nope 2> e\ncat e\ncat /nope f 2>&1 > g | cat -n\ncat g\npwd > p\ncat p\n');
    expect(r.stdout).toBe(`hi\nthere\ncat: /nope: No such file or directory\n     1\tcat: /nope: No such file or directory\nhi\nthere\n${scratch}\n`);
    expect(readFileSync(join(scratch, 'f'), 'utf8')).toBe('hi\nthere\n');
    const bad = await sh('cat < /nope\necho $?\n');
    expect(bad.stderr).toBe('sh: /nope: No such file or directory\n');
    expect(bad.stdout).toBe('1\n');
  });

  it('keeps $? and reports a missing command with status 127', async () => {
    const r = await sh('nope\necho $?\ncat /nope; echo $?\necho ok && echo and\ncat /nope 2>e || echo or\necho $?\n');
    expect(r.stdout).toBe('127\n1\nok\nand\nor\n0\n');
    expect(r.stderr).toBe('sh: nope: command not found\ncat: /nope: No such file or directory\n');
  });

  it('removes quotes and expands variables as sh does', async () => {
    const r = await sh('X="a  b"\necho "$X" $X \'$X\' "\\$X" ${X}c\nexport Y=exported\nsh -c \'echo $Y\'\n');
    expect(r.stdout).toBe('a  b a b $X $X a bc\nexported\n');
  });

  it('expands unquoted wildcards to the sorted names that match', async () => {
    const r = await sh('echo > b.c; echo > a.c; echo > .h.c\necho *.c\necho "*.c" z* [ab].?\necho ./?.c\n');
    expect(r.stdout).toBe('a.c b.c\n*.c z* a.c b.c\n./a.c ./b.c\n');
  });

  it('gives NAME=VALUE before a command to that command only', async () => {
    const r = await sh('A=1 sh -c \'echo in:$A\'\necho out:$A\nB=2\necho $B\n');
    expect(r.stdout).toBe('in:1\nout:\n2\n');
  });

  it('changes directory with cd, prints it with pwd, and reports a bad one', async () => {
    const r = await sh('cd /\npwd\ncd /nope\necho $?\ncd -\n');
    expect(r.stdout).toBe(`/\n1\n${scratch}\n`);
    expect(r.stderr).toBe('sh: cd: /nope: No such file or directory\n');
  });

  it('exits with exit N, or at the end of its input with the last status', async () => {
    expect((await sh('exit 7\necho never\n')).status).toBe(7);
    const r = await sh('echo last\ncat /nope\n');
    expect(r.stdout).toBe('last\n');
    expect(r.status).toBe(1);
    const c = await runQemu(clangProgram('sh'), { args: ['-c', 'exit 3'] });
    expect(c.status).toBe(3);
  });

  it('reports syntax errors with status 2', async () => {
    const r = await sh('echo | | echo\necho $?\necho "open\necho $?\n');
    expect(r.stderr).toBe("sh: syntax error near unexpected token `|'\nsh: syntax error: unterminated quoted string\n");
    expect(r.stdout).toBe('2\n2\n');
  });

  it('prompts only when interactive', async () => {
    expect((await sh('echo x\n')).stderr).toBe('');
    const r = await sh('echo x\n', ['-i']);
    expect(r.stdout).toBe('x\n');
    expect(r.stderr).toBe('$ $ $ $ exit\n');
  });

  it('runs background jobs with job numbers, lists them, and reports them done', async () => {
    const r = await sh('sleep 0.3 &\njobs\nsleep 0.1 &\njobs\nwait\necho waited\n', ['-i']);
    const pids = [...r.stderr.matchAll(/\[(\d)\] (\d+)\n/g)].map((m) => m[1]);
    expect(pids).toEqual(['1', '2']);
    expect(r.stdout).toBe(
      '[1]+  Running                 sleep 0.3 &\n' +
      '[1]-  Running                 sleep 0.3 &\n[2]+  Running                 sleep 0.1 &\n' +
      'waited\n',
    );
    expect(r.stderr).toContain('[1]-  Done                    sleep 0.3\n[2]+  Done                    sleep 0.1\n');
  });

  it('kills a job by %N and says how it ended at the next prompt', async () => {
    const r = await sh('sleep 5 &\nkill %1\nsleep 0.2\nkill %1\necho $?\nsleep 3 &\nkill -9 %1\nsleep 0.2\n', ['-i']);
    expect(r.stderr).toContain('[1]+  Terminated              sleep 5\n');
    expect(r.stderr).toContain('sh: kill: %1: no such job\n');
    expect(r.stderr).toContain('[1]+  Killed                  sleep 3\n');
    expect(r.stdout).toBe('1\n');
    expect(r.ms).toBeLessThan(4000);
  });

  it('puts each job in a process group of its own, led by its first process', async () => {
    const r = await sh('sleep 0.5 &\necho $!\ncat /proc/$!/stat\nsleep 0.5 | sleep 0.5 &\necho $!\ncat /proc/$!/stat\necho $$\ncat /proc/$$/stat\nwait\n');
    const out = r.stdout.split('\n');
    const pgrp = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    const [single, singleStat, last, lastStat, shell, shellStat] = out;
    expect(pgrp(singleStat)).toBe(Number(single));
    expect(pgrp(lastStat)).toBeLessThan(Number(last)); // the pipeline's first sleep leads
    expect(pgrp(lastStat)).toBeGreaterThan(Number(single));
    expect(pgrp(shellStat)).not.toBe(pgrp(singleStat));
    expect(Number(shell)).toBeLessThan(Number(single));
  });

  it('stops and continues jobs: kill -STOP, jobs, bg, and kill on a stopped job', async () => {
    const r = await sh('sleep 5 &\nkill -STOP %1\nsleep 0.2\njobs\nbg\nsleep 0.1\njobs\nkill -STOP %1\nsleep 0.1\nkill %1\nsleep 0.2\njobs\n', ['-i']);
    expect(r.stdout).toBe('[1]+  Stopped                 sleep 5\n[1]+ sleep 5 &\n[1]+  Running                 sleep 5 &\n');
    expect(r.stderr).toContain('[1]+  Stopped                 sleep 5\n');
    expect(r.stderr).toContain('[1]+  Terminated              sleep 5\n');
    expect(r.ms).toBeLessThan(4000);
  });

  it('stops the foreground job with its status 128+N and continues it with fg', async () => {
    const r = await sh('sh -c "kill -STOP \\$\\$; echo cont"\necho $?\nfg\necho $?\n', ['-i']);
    expect(r.stdout).toBe('147\nsh -c "kill -STOP \\$\\$; echo cont"\ncont\n0\n');
    expect(r.stderr).toContain('\n[1]+  Stopped                 sh -c "kill -STOP \\$\\$; echo cont"\n');
  });

  it('brings a background job to the foreground with fg and takes its status', async () => {
    const r = await sh('sleep 0.2 &\nfg %1\necho $?\nfg\n', ['-i']);
    expect(r.stdout).toBe('sleep 0.2\n0\n');
    expect(r.stderr).toContain('sh: fg: current: no such job\n');
  });

  it('gives $! the last background pid and sends kill to plain pids', async () => {
    const r = await sh('sleep 5 &\nkill $!\nwait\necho $?\nkill 999999\necho $?\n');
    expect(r.stdout).toBe('0\n1\n');
    expect(r.stderr).toBe('sh: kill: (999999) - No such process\n');
    expect(r.ms).toBeLessThan(4000);
  });
});
