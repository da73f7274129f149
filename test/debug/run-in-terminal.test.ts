// DAP scenarios against `oslab dap` with "console": "integratedTerminal": a client that supports
// runInTerminal is asked to run `oslab tty-bridge PORT TOKEN` (here the test spawns it, as a
// client's terminal would) and the program's output and input go through it; a client that
// refuses, a bridge that never connects (a stranger with a wrong token does not count) and a
// client without runInTerminal all leave the program on output events, with a console line
// saying why.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, startClient } from './dap-client';
import { answerReverseRequests, UPPER_C, writeProgram } from './terminal-support';

let client: DebugClient;
let bridge: ChildProcessWithoutNullStreams | undefined;

beforeEach(async () => {
  client = await startClient();
});

afterEach(async () => {
  await client.stop();
  bridge?.kill();
  bridge = undefined;
});

async function launch(args: Record<string, unknown>, supportsRunInTerminalRequest: boolean): Promise<void> {
  await client.initializeRequest({ adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsRunInTerminalRequest });
  await Promise.all([client.waitForEvent('initialized').then(() => client.configurationDoneRequest()), client.launchRequest(args as DebugProtocol.LaunchRequestArguments)]);
}

/** What `stream` prints: `until(pattern)` resolves with all of it so far once it matches. */
function watch(stream: Readable): { until(pattern: RegExp): Promise<string> } {
  let text = '';
  let ended = false;
  const waiters = new Set<() => void>();
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    for (const check of [...waiters]) check();
  });
  stream.on('end', () => {
    ended = true;
    for (const check of [...waiters]) check();
  });
  return {
    until: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) resolve(text);
          else if (ended) reject(new Error(`ended without ${pattern}: ${JSON.stringify(text)}`));
          else return;
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

async function exitCode(): Promise<number> {
  return ((await client.waitForEvent('exited')) as DebugProtocol.ExitedEvent).body.exitCode;
}

describe('oslab dap: the program terminal through runInTerminal', () => {
  it('runs oslab tty-bridge in the terminal the client opens; typed lines reach the program and its output the terminal', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const debugConsole = collectOutput(client, 'stdout');
    let requested: DebugProtocol.RunInTerminalRequestArguments | undefined;
    answerReverseRequests(client, async (request) => {
      requested = request.arguments as DebugProtocol.RunInTerminalRequestArguments;
      const [command, ...args] = requested.args;
      bridge = spawn(command, args, { cwd: requested.cwd });
      return { processId: bridge.pid };
    });
    const exited = exitCode();
    await launch({ program, cwd: dirname(program), console: 'integratedTerminal' }, true);
    expect(requested).toMatchObject({ kind: 'integrated', title: 'oslab: upper.c', cwd: dirname(program) });
    expect(requested!.args.slice(0, 3)).toEqual([process.execPath, expect.stringMatching(/cli\.js$/), 'tty-bridge']);
    const terminal = bridge!;
    const screen = watch(terminal.stdout);
    const bridgeExit = new Promise((resolve) => terminal.on('exit', resolve));
    terminal.stdin.write('hello\n');
    await screen.until(/1: HELLO/);
    terminal.stdin.write('two words\n');
    terminal.stdin.end();
    expect(await exited).toBe(0);
    // The machine's terminal echoes what comes in and ends lines with "\r\n"; the bridge passes it on.
    expect(await screen.until(/\[program exited with code 0\]\n/)).toBe('type lines\r\nhello\r\n1: HELLO\r\ntwo words\r\n2: TWO WORDS\r\nbye after 2 lines\r\n[program exited with code 0]\n');
    expect(await bridgeExit).toBe(0);
    expect(debugConsole()).toBe('');
  });

  it('on a real terminal (a pty, from util-linux script) edits lines as a tty does, and ^C interrupts the program', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    answerReverseRequests(client, async (request) => {
      const { args, cwd } = request.arguments as DebugProtocol.RunInTerminalRequestArguments;
      bridge = spawn('script', ['-qfec', args.map((a) => `'${a}'`).join(' '), '/dev/null'], { cwd });
      return { processId: bridge.pid };
    });
    const exited = exitCode();
    await launch({ program, cwd: dirname(program), console: 'integratedTerminal' }, true);
    const terminal = bridge!;
    // The program's first line shows the bridge is connected, and so its keyboard raw.
    const screen = watch(terminal.stdout);
    await screen.until(/type lines/);
    terminal.stdin.write('hex\x7fllo\r');
    await screen.until(/1: HELLO/);
    terminal.stdin.write('never sent\x03');
    expect(await exited).toBe(130);
    const shown = (await screen.until(/\[program exited with code 130\]/)).replace(/\r+\n/g, '\n');
    expect(shown).toContain('hex\b \bllo\n1: HELLO\nnever sent^C\n[program exited with code 130]');
  });

  it('falls back to output events, saying why, when the client refuses runInTerminal', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const stdout = collectOutput(client, 'stdout');
    const console = collectOutput(client, 'console');
    answerReverseRequests(client, () => Promise.reject(new Error('no terminals here')));
    const exited = exitCode();
    await launch({ program, cwd: dirname(program), console: 'integratedTerminal', stdin: 'one\n' }, true);
    expect(await exited).toBe(0);
    // The machine was set up for a terminal, so the launch's text was typed into it, and echoed.
    expect(stdout()).toBe('type lines\none\n1: ONE\nbye after 1 lines\n');
    expect(console()).toMatch(/did not open a terminal \(no terminals here\); program output goes to the Debug Console/);
  });

  it('falls back when the bridge never connects; a connection with the wrong token is turned away', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const stdout = collectOutput(client, 'stdout');
    const console = collectOutput(client, 'console');
    let strangerClosed: Promise<unknown> | undefined;
    answerReverseRequests(client, async (request) => {
      const port = Number((request.arguments as DebugProtocol.RunInTerminalRequestArguments).args.at(-2));
      const stranger = connect(port, '127.0.0.1', () => stranger.write(JSON.stringify({ token: 'guessed' }) + '\n'));
      strangerClosed = new Promise((resolve) => stranger.on('close', resolve));
      return { processId: 1 };
    });
    const exited = exitCode();
    await launch({ program, cwd: dirname(program), console: 'integratedTerminal' }, true);
    await strangerClosed;
    expect(await exited).toBe(0);
    expect(console()).toMatch(/bridge did not connect within 5 s/);
    expect(stdout()).toBe('type lines\nbye after 0 lines\n');
  }, 30_000);

  it('falls back when the client cannot run terminals at all', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const stdout = collectOutput(client, 'stdout');
    const console = collectOutput(client, 'console');
    const exited = exitCode();
    await launch({ program, cwd: dirname(program), console: 'integratedTerminal', stdin: 'x\n' }, false);
    expect(await exited).toBe(0);
    expect(console()).toMatch(/cannot open a terminal \(it did not announce supportsRunInTerminalRequest\)/);
    expect(stdout()).toBe('type lines\n1: X\nbye after 1 lines\n');
  });
});
