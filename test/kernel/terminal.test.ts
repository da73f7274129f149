// The terminal as programs and the person at the keyboard see it. A C program probes it (statx
// and the TCGETS/TIOCGWINSZ ioctls on fds 0-2: what makes the C library's stdout line-buffered,
// as on a Linux terminal). The kernel's line discipline does what n_tty does with raw keys:
// echo, editing, ^D, ^C, the "\r\n" the screen gets for each "\n", and raw mode through TCSETS.
// The screens expected here were checked against Linux's own n_tty: the same programs built by
// clang, run by qemu-riscv32 on a pty from `script`, typed the same keys (^H aside: Linux erases
// only with VERASE, ^?; oslab takes ^H too, as terminals send either for Backspace).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExecutable } from '../../sim/toolchain/driver';
import { libcBuildOptions } from '../support/libc';
import { runInProcess } from '../support/machine-run';
import { TerminalSession } from './terminal-session';

async function runTerminalProbe(tty: boolean) {
  const source = join(__dirname, '..', 'fixtures', 'kernel', 'terminal.c');
  const { executable } = buildExecutable([{ path: source, bytes: readFileSync(source) }], libcBuildOptions());
  const dir = join(__dirname, '..', '.build', 'kernel');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'terminal'), executable);
  return runInProcess(join(dir, 'terminal'), { tty: [tty, tty, tty] });
}

describe('the terminal as a program probes it', () => {
  it('with a terminal, fds 0-2 are an 80x24 pseudo-terminal (a character device), other fds are EBADF', async () => {
    const run = await runTerminalProbe(true);
    expect(run.stderr).toBe('');
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    // The terminal's output processing (ONLCR) ends the line with "\r\n", as a Linux pty does.
    expect(run.stdout).toBe('chr=1 mode=620 rdev-major=136 ebadf=1\r\n');
  });

  it('without one (output to a pipe), fds 0-2 are pipes and not terminals', async () => {
    const run = await runTerminalProbe(false);
    // terminal.c exits 11 as soon as fstat(1) shows something other than a character device.
    expect(run.exit).toEqual({ kind: 'exited', code: 11 });
    expect(run.stdout).toBe('');
  });
});

describe('the line discipline in canonical mode', () => {
  it('echoes what is typed and hands over a line at Enter, after erase (^? and ^H), ^W and ^U', () => {
    const t = new TerminalSession('tty-lines');
    expect(t.settle().kind).toBe('waiting-input');
    expect(t.takeNew()).toBe('reading\r\n');
    expect(t.type('hex\x7fll')).toMatchObject({ kind: 'waiting-input' });
    // Nothing is read before Enter; the screen shows the echo and the erase.
    expect(t.takeNew()).toBe('hex\b \bll');
    t.type('o\r');
    expect(t.takeNew()).toBe('o\r\nread 6: hello\\n\r\n');
    t.type('foo bar-baz\x17qux\x08X\r');
    expect(t.takeNew()).toBe('foo bar-baz\b \b\b \b\b \bqux\b \bX\r\nread 12: foo bar-quX\\n\r\n');
    t.type('all of this\x15ok\n');
    expect(t.takeNew()).toBe('all of this' + '\b \b'.repeat(11) + 'ok\r\nread 3: ok\\n\r\n');
    // A tab is erased by backing over the columns it took (here 7, from column 1).
    t.type('x\ty\x7f\x7f\r');
    expect(t.takeNew()).toBe('x\ty\b \b' + '\b'.repeat(7) + '\r\nread 2: x\\n\r\n');
  });

  it('shows control characters as ^X (ECHOCTL), takes ^V literally, and ^D hands over a partial line, then end of file', () => {
    const t = new TerminalSession('tty-lines');
    t.settle();
    t.type('a\x16\x01b\x7f\x7f\x04');
    // ^A took two columns on the screen: erasing it takes two.
    expect(t.takeNew()).toBe('reading\r\na^\b^Ab\b \b\b \b\b \bread 1: a\r\n');
    const end = t.type('\x04');
    expect(t.takeNew()).toBe('read 0: \r\n');
    expect(end).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('keeps what is typed ahead of a read, and a hung-up terminal reads as end of file', () => {
    const t = new TerminalSession('tty-lines');
    t.settle();
    t.type('one\rtwo\rthr');
    expect(t.takeNew()).toBe('reading\r\none\r\ntwo\r\nthrread 4: one\\n\r\nread 4: two\\n\r\n');
    expect(t.hangUp()).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    // The unfinished line is lost with the terminal, as on Linux.
    expect(t.takeNew()).toBe('read 0: \r\n');
  });
});

describe('^C', () => {
  it('ends a program that is computing, not reading, by the default action (exit status 130)', () => {
    const t = new TerminalSession('tty-spin');
    t.run(2_000_000);
    expect(t.takeNew()).toBe('spinning\r\n');
    const state = t.type('\x03');
    expect(state).toMatchObject({ kind: 'halted', exit: { kind: 'signaled', signal: 2 } });
    expect(t.takeNew()).toBe('^C');
  });

  it('runs the SIGINT handler of a program that has one, and flushes the line being typed', () => {
    const t = new TerminalSession('tty-spin', ['handler']);
    t.run(2_000_000);
    const state = t.type('lost line\x03');
    expect(state).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 5 } });
    expect(t.text).toBe('spinning\r\nlost line^Cinterrupted 1\r\n');
  });
});

describe('non-canonical mode (TCSETS)', () => {
  it('reads each key as it comes, without echo or signals, and TCGETS shows the settings', () => {
    const t = new TerminalSession('tty-raw');
    t.settle();
    expect(t.takeNew()).toBe('canonical 1 echo 1 isig 1\r\nraw: canonical 0 echo 0 isig 0 vmin 1\r\n');
    t.type('x');
    expect(t.takeNew()).toBe('key 120 (0 more)\r\n');
    // ^C is only a byte now; two keys typed together are read one by one (ICRNL still maps Enter's \r).
    t.type('\x03\r');
    expect(t.takeNew()).toBe('key 3 (1 more)\r\nkey 10 (0 more)\r\n');
    t.type('q');
    expect(t.takeNew()).toBe('key 113 (0 more)\r\nVMIN 0 with nothing typed: 0\r\n');
    // Back in canonical mode, the program waits for a line, echoed again.
    const end = t.type('ab\r');
    expect(t.takeNew()).toBe('ab\r\nline again: 3\r\n');
    expect(end).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('shows the terminal in the snapshot: its foreground group and its mode', () => {
    const t = new TerminalSession('tty-raw');
    t.settle();
    const pid = t.machine.kernel.liveProcesses[0].pid;
    expect(t.machine.snapshot().terminal).toEqual({ session: pid, foregroundPgid: pid, canonical: false, echo: false, signals: false, rows: 24, cols: 80 });
  });
});

describe('the terminal ioctls', () => {
  it('answer as Linux: foreground group and session, ESRCH and EINVAL, window size, TCGETS after TCSETS, ENOTTY off the session', () => {
    const t = new TerminalSession('tty-ioctls');
    expect(t.settle()).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    expect(t.text.replace(/\r\n/g, '\n')).toBe(
      [
        'foreground is ours: 1, session is ours: 1',
        'tcsetpgrp to no group: ESRCH',
        'tcsetpgrp to -1: EINVAL',
        'window 132x50',
        'intr is now 7, echo 0',
        'FIONREAD: OK 0',
        'a pipe: ENOTTY',
        'after setsid: tcgetpgrp ENOTTY, tcsetpgrp ENOTTY',
        '',
      ].join('\n'),
    );
  });
});
