// stdio as a learner meets it, against what glibc does on Linux (qemu, and each program also
// compiled natively with glibc): stdout fully buffered on a pipe and flushed at exit but
// line-buffered on a terminal, stderr unbuffered, the 4096-byte block of a pipe; streams on files; reading stdin with scanf,
// getchar and fgets; a failing assert. oslab's kernel has no file system yet, so the file part
// runs on qemu only; its console keeps stdout and stderr apart, so the order test does too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/qemu';
import { buildCProgram, runCProgram, runCProgramOnOslab } from './c-programs';

const scratchDir = mkdtempSync(join(tmpdir(), 'oslab-libc-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

const stdinText = 'Ada 36\nthe rest of it\n';
const stdinTranscript =
  'Name and age? scanf read 2: Ada is 36\nnext char: 10\nline: the rest of it\nat the end scanf gives -1\ngetchar gives -1\n';
const assertMessage = /^assert\.elf: \S*assert\.c:13: main: Assertion `one_plus_one\(\) == 3' failed\.\n$/;

describe('libc stdio buffering', () => {
  it('holds stdout on a pipe until fflush or exit while stderr goes at once', async () => {
    const run = await runCProgram('stdio-order');
    expect(run.stdout).toBe(
      'stderr line\nstdout line 1\nstdout line 2\nstderr after fflush\npartial line without newline',
    );
  });

  // script(1) runs the program on a pseudo-terminal: stdout is then line-buffered, so the lines
  // come out in program order (the terminal turns each \n into \r\n).
  it('is line-buffered on a terminal', async () => {
    const run = await runProcess(['script', '-qec', `qemu-riscv32 ${buildCProgram('stdio-order')}`, '/dev/null'], '', 20_000, {
      PATH: process.env.PATH,
    });
    expect(run.stdout).toBe(
      'stdout line 1\r\nstderr line\r\nstdout line 2\r\nstderr after fflush\r\npartial line without newline',
    );
  });

  it('writes a full pipe buffer, 4096 bytes, before anything later', async () => {
    const run = await runCProgram('stdio-order', { args: ['big'] });
    expect(run.stdout.indexOf('[stderr after 5000 bytes]')).toBe(4096);
    expect(run.stdout.length).toBe(5000 + '[stderr after 5000 bytes]\n'.length);
  });
});

describe('libc stdio streams', () => {
  it('reads, writes, seeks, renames and removes a file, and scans strings (qemu)', async () => {
    const run = await runCProgram('stdio-files', { args: [join(scratchDir, 'scratch.txt')] });
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.stderr).toBe('open: No such file or directory\nPermission denied\n');
    expect(run.status).toBe(0);
  });

  it('scans strings and prints perror messages on oslab', async () => {
    const run = await runCProgramOnOslab('stdio-files');
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(run.stderr).toBe('open: No such file or directory\nPermission denied\n');
  });

  it('reads stdin with scanf, getchar and fgets', async () => {
    const run = await runCProgram('stdin', { stdin: stdinText });
    expect(run.stdout).toBe(stdinTranscript);
    const onOslab = await runCProgramOnOslab('stdin', [], stdinText);
    expect(onOslab.stdout).toBe(stdinTranscript);
  });
});

describe('libc assert', () => {
  it('prints glibc\'s message and aborts without flushing stdout', async () => {
    const run = await runCProgram('assert');
    expect(run.stderr).toMatch(assertMessage);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(128 + 6);
    const onOslab = await runCProgramOnOslab('assert');
    expect(onOslab.stderr).toMatch(assertMessage);
    // stdout is a pipe here, as on qemu: fully buffered, so the line dies with the process.
    expect(onOslab.stdout).toBe('');
    expect(onOslab.status).toBe(128 + 6);
  });
});
