// Job control through the terminal, as a shell uses it: a job in its own process group in the
// foreground (tcsetpgrp) stops on ^Z (SIGTSTP, its state T) and its parent's waitpid(WUNTRACED)
// says so; continued in the background its read of the terminal stops it (SIGTTIN); ^C reaches
// the foreground group only. A program the host starts directly is an orphaned group, so ^Z
// does nothing to it (nothing could continue it), as Linux discards SIGTSTP there. The screens
// expected here are what the same programs, built by clang, show under qemu-riscv32 on a pty
// from `script` (Linux's own tty and job control) for the same keys.

import { describe, expect, it } from 'vitest';
import { runKernelProgram } from '../support/kernel-run';
import { TerminalSession } from './terminal-session';

describe('job control', () => {
  it('stops the foreground job on ^Z, stops a background reader with SIGTTIN, and sends ^C to the foreground group only', () => {
    const t = new TerminalSession('jobs-shell');
    expect(t.settle().kind).toBe('waiting-input');
    expect(t.takeNew()).toBe("shell: foreground group is the shell's: yes\r\n");
    const [shell, job] = t.machine.kernel.liveProcesses.map((p) => p.pid);
    expect(t.machine.snapshot().terminal).toMatchObject({ session: shell, foregroundPgid: job });

    t.type('hello\r');
    expect(t.takeNew()).toBe('hello\r\njob: got hello\r\n');
    t.type('\x1a');
    expect(t.takeNew()).toBe('^Zshell: job stopped by SIGTSTP\r\nshell$ ');
    expect(t.machine.processView(job)!.state).toBe('stopped');
    expect(t.machine.snapshot().terminal!.foregroundPgid).toBe(shell);

    t.type('bg\r');
    expect(t.takeNew()).toBe('bg\r\nshell: job in the background stopped by SIGTTIN\r\nshell$ ');
    expect(t.machine.processView(job)!.state).toBe('stopped');

    t.type('fg\r');
    expect(t.takeNew()).toBe('fg\r\n');
    expect(t.machine.processView(job)!.state).toBe('sleeping');
    t.type('again\r');
    expect(t.takeNew()).toBe('again\r\njob: got again\r\n');
    const end = t.type('\x03');
    expect(t.takeNew()).toBe('^Cshell: job killed by SIGINT\r\nshell: still here\r\n');
    expect(end).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('ignores ^Z for a program the host started (an orphaned process group)', () => {
    const t = new TerminalSession('tty-lines');
    t.settle();
    t.type('ab\x1acd\r');
    expect(t.takeNew()).toBe('reading\r\nab^Zcd\r\nread 3: cd\\n\r\n');
    expect(t.machine.processView(t.machine.kernel.liveProcesses[0].pid)!.state).toBe('sleeping');
  });

  it('lets a background group write until TOSTOP is set, then stops it (SIGTTOU); a background read with SIGTTIN ignored fails with EIO', () => {
    const t = new TerminalSession('jobs-background');
    t.settle();
    expect(t.text).toBe('child: writing from the background\r\nparent: child stopped by SIGTTOU\r\nchild: written after SIGCONT\r\nchild: read in the background: -1 EIO\r\nparent: child exited 0\r\n');
  });

  it('reports a process that stopped itself with nothing left to continue it, instead of ending the run', async () => {
    const run = await runKernelProgram('jobs-selfstop');
    expect(run.stdout).toBe('stopping\n');
    expect(run.state).toMatchObject({ kind: 'deadlocked', sleepers: [expect.stringMatching(/^pid \d+ is stopped \(SIGSTOP\)$/)] });
  });
});
