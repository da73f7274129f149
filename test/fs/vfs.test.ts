// The file tree as programs and users meet it: the workspace overlay keeps the user's files safe
// unless write-through is chosen, execve replaces a program as Linux does, a shared file mapping
// and read() see the same page, an unlinked file lives until its last close, and /dev behaves.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostTree } from '../../host/machine-files';
import { kernelProgram, runKernelProgram } from '../support/kernel-run';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oslab-ws-'));
  writeFileSync(join(dir, 'notes.txt'), 'first line\n');
  writeFileSync(join(dir, 'old.txt'), 'old contents\n');
  writeFileSync(join(dir, 'doomed.txt'), 'remove me\n');
  return dir;
}

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

describe('the workspace at /workspace', () => {
  it('shows the real files, and keeps every change inside the machine by default', async () => {
    const dir = workspace();
    const run = await runKernelProgram('files-workspace', { files: { workspace: hostTree(dir, false) } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('read 11: first line\nnotes.txt is now 20 bytes\nmoved: old contents\n');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('first line\n');
    expect(readdirSync(dir).sort()).toEqual(['doomed.txt', 'notes.txt', 'old.txt']);
    // The machine itself has the changes.
    expect(text(run.machine.readFile('/workspace/notes.txt'))).toBe('first line\nappended\n');
    expect(text(run.machine.readFile('/workspace/made.txt'))).toBe('new\n');
    expect(run.machine.readFile('/workspace/doomed.txt')).toBeNull();
  });

  it('passes the changes on to the real folder with write-through (--mount-rw)', async () => {
    const dir = workspace();
    const run = await runKernelProgram('files-workspace', { files: { workspace: hostTree(dir, true) } });
    expect(run.stderr).toBe('');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('first line\nappended\n');
    expect(readFileSync(join(dir, 'made.txt'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(dir, 'sub', 'moved.txt'), 'utf8')).toBe('old contents\n');
    expect(existsSync(join(dir, 'doomed.txt'))).toBe(false);
    expect(existsSync(join(dir, 'old.txt'))).toBe(false);
  });

  it('is the working directory of a program the host starts', async () => {
    const dir = workspace();
    const run = await runKernelProgram('files-workspace', { files: { workspace: hostTree(dir, false) }, cwd: '/tmp' });
    expect(run.stderr).toContain('open notes.txt: No such file or directory');
  });
});

describe('execve', () => {
  it('runs the new program in the same process with its argv and envp, closing only close-on-exec descriptors and resetting handlers', async () => {
    const install = new Map([['/bin/files-exec', kernelProgram('files-exec')]]);
    const run = await runKernelProgram('files-exec', { files: { install }, events: ['exec', 'process'] });
    const pid = /before exec: pid=(\d+)/.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(`child: argc=3 argv[2]=two words env=GREETING=hello pid=${pid}\n`);
    expect(run.stdout).toContain('child: fd 3 open, fd 4 closed\n');
    expect(run.stdout).toContain('child: SIGUSR1 default, SIGUSR2 ignored\n');
    expect(run.stdout).toContain('parent: child exited 7\n');
    expect(run.events.filter((e) => e.kind === 'exec')).toMatchObject([{ pid: Number(pid), path: '/bin/files-exec', argv: ['/bin/files-exec', 'child', 'two words'] }]);
  });
});

describe('files and memory', () => {
  it('an unlinked file stays readable through its descriptor and its pages go with the last close', async () => {
    const cached: number[] = [];
    const run = await runKernelProgram('files-unlinked', {
      onEvent: (event, machine) => {
        if (event.kind === 'syscall' && event.name === 'write' && event.args[2] === 0) cached.push(machine.snapshot().memory.pageCacheFrames);
      },
      events: ['syscall'],
    });
    expect(run.stdout).toBe('by name: gone\nthrough fd: xxx\n');
    expect(cached).toHaveLength(2);
    expect(cached[0] - cached[1]).toBe(16); // 64 KiB of tmpfs pages freed by the close
  });

  it('/dev/urandom follows the machine seed: the same seed gives the same bytes', async () => {
    const a = await runKernelProgram('files-urandom', { machine: { seed: 5 } });
    const b = await runKernelProgram('files-urandom', { machine: { seed: 5 } });
    const c = await runKernelProgram('files-urandom', { machine: { seed: 6 } });
    expect(a.stdout).toMatch(/^[0-9a-f]{16}\n$/);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
  });
});
