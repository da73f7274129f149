// `oslab run` on a real terminal (a pty from util-linux `script`, as a user's terminal is): our
// keyboard goes raw to the machine's tty, whose line discipline echoes and edits once (no second
// echo from the host's), ^D ends the input, and ^C ends a program that is computing, not
// reading, by SIGINT's default action: exit status 130. The host terminal is restored after.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oslabCli } from '../support/oslab';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'kernel', `${name}.c`);

/** Runs `oslab run PROGRAM` in a pty; types each key string once the screen matches its pattern. */
function onTerminal(program: string, script: readonly [RegExp, string][]): Promise<{ status: number | null; screen: string }> {
  const command = [process.execPath, oslabCli, 'run', program].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null']);
  let screen = '';
  let step = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    screen += chunk;
    while (step < script.length && script[step][0].test(screen)) child.stdin.write(script[step++][1]);
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, screen: screen.replace(/\r+\n/g, '\n') })));
}

describe('oslab run on a terminal', () => {
  it('echoes and edits typed lines once, in the machine, and ^D ends the input', async () => {
    const { status, screen } = await onTerminal(fixture('tty-lines'), [
      [/reading/, 'hex\x7fllo\r'],
      [/read 6/, 'par\x04'],
      [/read 3/, '\x04'],
    ]);
    expect(status).toBe(0);
    expect(screen).toBe('reading\nhex\b \bllo\nread 6: hello\\n\nparread 3: par\nread 0: \n');
  }, 60_000);

  it('ends a computing program on ^C with status 130', async () => {
    const { status, screen } = await onTerminal(fixture('tty-spin'), [[/spinning/, '\x03']]);
    expect(status).toBe(130);
    expect(screen).toMatch(/^spinning\n\^Coslab: .*tty-spin\.c: Interrupt \[SIGINT\]: interrupted from the terminal \(\^C\)\n$/);
  }, 60_000);
});
