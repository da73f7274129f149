// `oslab run --trace` as a user runs it (the built CLI, dist/cli.js): a C program using pipes,
// fcntl, signals and the terminal, and the strace lines it prints for them on stderr.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oslabCli } from '../support/oslab';

const program = `
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void on_signal(int signal) { (void)signal; }

int main(void) {
  int p[2];
  struct termios modes;
  pipe2(p, O_CLOEXEC);
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  fcntl(p[1], F_GETFL);
  tcgetattr(0, &modes);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigaction(SIGTERM, &action, 0);
  kill(getpid(), SIGTERM);
  return 0;
}
`;

function traceOf(options: readonly string[]): { status: number | null; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'oslab-strace-cli-'));
  const source = join(dir, 'traced.c');
  writeFileSync(source, program);
  const r = spawnSync(process.execPath, [oslabCli, 'run', '--trace', ...options, source], { encoding: 'utf8', input: '' });
  const lines = r.stderr.split('\n').map((l) => l.replace(/^\[pid +\d+\] /, '').replace(/ +(= .*) <\d+\.\d{6}>$/, ' $1'));
  return { status: r.status, lines };
}

describe('oslab run --trace', () => {
  it('prints pipe2, fcntl64 with its annotated result, TCGETS on a terminal, kill and the signal', () => {
    const { status, lines } = traceOf(['--tty']);
    expect(status).toBe(0);
    expect(lines).toContain('pipe2([3, 4], O_CLOEXEC) = 0');
    expect(lines).toContain('fcntl64(4, F_SETFL, O_RDONLY|O_NONBLOCK) = 0');
    expect(lines).toContain('fcntl64(4, F_GETFL) = 0x801 (flags O_WRONLY|O_NONBLOCK)');
    expect(lines).toContainEqual(expect.stringMatching(/^ioctl\(0, TCGETS, \{c_iflag=ICRNL\|IXON(\|IUTF8)?, c_oflag=NL0\|CR0\|TAB0\|BS0\|VT0\|FF0\|OPOST\|ONLCR, c_cflag=B38400\|CS8\|CREAD, c_lflag=ISIG\|ICANON\|ECHO\|ECHOE\|ECHOK\|IEXTEN\|ECHOCTL\|ECHOKE, \.\.\.\}\) = 0$/));
    expect(lines).toContainEqual(expect.stringMatching(/^rt_sigaction\(SIGTERM, \{sa_handler=0x[0-9a-f]+, sa_mask=\[\], sa_flags=0\}, NULL, 8\) = 0$/));
    expect(lines).toContainEqual(expect.stringMatching(/^--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+, si_uid=1000\} ---$/));
  });

  it('prints TCGETS failing with ENOTTY when stdin is not a terminal', () => {
    const { lines } = traceOf([]);
    expect(lines).toContainEqual(expect.stringMatching(/^ioctl\(0, TCGETS, 0x[0-9a-f]+\) = -1 ENOTTY \(Inappropriate ioctl for device\)$/));
  });

  // Enable when cli/run.ts gives the tracer the threads' stack pointers
  // (stackPointer: (tid) => machine.threadState(tid)?.regs[2] ?? null).
  it('prints the handler’s return with the mask it restores and the a0 it restores', () => {
    const { lines } = traceOf([]);
    const signal = lines.findIndex((l) => l.startsWith('--- SIGTERM'));
    expect(lines[signal + 1]).toBe('rt_sigreturn({mask=[]}) = 0');
  });
});
