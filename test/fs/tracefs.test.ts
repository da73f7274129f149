// The kernel's tracer through /sys/kernel/tracing, and `trace`, the userland's strace built on
// it: a traced command's calls, signals and exit come out in strace's format, children included,
// and trace ends with the command's status.
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnMachine } from '../userland/machine';
import { buildOslabUserland } from '../userland/userland';

let binDir = '';
beforeAll(() => {
  binDir = buildOslabUserland().binDir;
});

describe('trace COMMAND', () => {
  it('prints the command’s system calls as strace does, from execve to its exit', async () => {
    const r = await runOnMachine(binDir, 'trace', ['echo', 'hi']);
    expect(r.stdout).toBe('hi\n');
    const lines = r.stderr.trimEnd().split('\n');
    // With no PATH, execvp tries libc's default path in order, as glibc's does.
    expect(lines[0]).toMatch(/^\[pid +\d+\] execve\("\/usr\/local\/bin\/echo", \["echo", "hi"\], 0x[0-9a-f]+ \/\* 0 vars \*\/\) = -1 ENOENT \(No such file or directory\) <[\d.]+>$/);
    expect(lines[1]).toMatch(/^\[pid +\d+\] execve\("\/bin\/echo", \["echo", "hi"\], 0x[0-9a-f]+ \/\* 0 vars \*\/\) = 0 <[\d.]+>$/);
    expect(lines).toContainEqual(expect.stringMatching(/\] write\(1, "hi\\n", 3\) += 3 </));
    expect(lines.at(-1)).toMatch(/\] \+\+\+ exited with 0 \+\+\+$/);
    expect(r.exit).toEqual({ kind: 'exited', code: 0 });
  });

  it('follows forks, shows failures with their errno, and exits with the command’s status', async () => {
    const r = await runOnMachine(binDir, 'trace', ['sh', '-c', 'ls /nope; exit 4']);
    expect(r.exit).toEqual({ kind: 'exited', code: 4 });
    expect(r.stderr).toMatch(/\] clone\(child_stack=NULL, flags=.*SIGCHLD.*\) = \d+/);
    expect(r.stderr).toMatch(/execve\("\/bin\/ls", \["ls", "\/nope"\]/);
    expect(r.stderr).toMatch(/statx\(AT_FDCWD, "\/nope", .*\) = -1 ENOENT \(No such file or directory\)/);
    expect(r.stderr).toContain("ls: cannot access '/nope': No such file or directory");
    expect(r.stderr).toMatch(/\+\+\+ exited with 2 \+\+\+/);
    expect(r.stderr).toMatch(/\+\+\+ exited with 4 \+\+\+/);
  });

  it('writes the trace to a file with -o and reports a missing command as exit 127', async () => {
    const missing = await runOnMachine(binDir, 'trace', ['/bin/nope']);
    expect(missing.exit).toEqual({ kind: 'exited', code: 127 });
    expect(missing.stderr).toContain('trace: /bin/nope: No such file or directory');
    const usage = await runOnMachine(binDir, 'trace', []);
    expect(usage.exit).toEqual({ kind: 'exited', code: 2 });
    expect(usage.stderr).toBe('usage: trace [-o FILE] COMMAND [ARG]...\n');
    const toFile = await runOnMachine(binDir, 'sh', ['-c', 'trace -o /tmp/t echo x; cat /tmp/t']);
    expect(toFile.stdout).toMatch(/^x\n\[pid +\d+\] execve\("\/bin\/echo"/);
  });
});
