// The program's terminal as the VS Code extension gets it: the adapter (in-process, created with
// the extension's terminal) sends what the program's tty shows — program output and the kernel's
// echo of what was typed, "\r\n" line ends — as `oslab/terminalOutput` events instead of
// `output` events, and takes raw keys, end of input (the terminal closing) and ^C through the
// `oslab/terminalInput` request; with "console": "internalConsole", or without the extension,
// output goes to the Debug Console as lines and stdin is the launch's text, not a terminal.

import { afterEach, describe, expect, it } from 'vitest';
import { dirname } from 'node:path';
import { BLOCKED_C, InProcessAdapter, UPPER_C, writeProgram } from './terminal-support';

let adapter: InProcessAdapter | undefined;

afterEach(async () => {
  await adapter?.request('disconnect');
  adapter?.dispose();
  adapter = undefined;
});

function start(): InProcessAdapter {
  adapter = new InProcessAdapter({ terminal: 'extension' });
  return adapter;
}

describe("the extension's program terminal", () => {
  it('takes typed lines and end of file, and sends output as terminal events only', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const a = start();
    const exited = a.next((m) => m.event === 'exited');
    expect((await a.launch({ program, cwd: dirname(program), console: 'integratedTerminal' })).success).toBe(true);
    await a.textMatching('oslab/terminalOutput', 'stdout', /type lines\r\n/);
    expect((await a.request('oslab/terminalInput', { text: 'hello there\r' })).success).toBe(true);
    await a.textMatching('oslab/terminalOutput', 'stdout', /1: HELLO THERE\r\n/);
    // The program is still reading: it waits for the user instead of seeing end of file.
    expect(a.messages.some((m) => m.event === 'exited')).toBe(false);
    await a.request('oslab/terminalInput', { text: 'second', eof: false });
    await a.request('oslab/terminalInput', { text: ' line\r', eof: true });
    expect(((await exited).body as { exitCode: number }).exitCode).toBe(0);
    await a.textMatching('oslab/terminalOutput', 'stdout', /bye after 2 lines\r\n$/);
    expect(a.text('oslab/terminalOutput', 'stdout')).toBe('type lines\r\nhello there\r\n1: HELLO THERE\r\nsecond line\r\n2: SECOND LINE\r\nbye after 2 lines\r\n');
    expect(a.text('output', 'stdout')).toBe('');
  });

  it('is the default in VS Code: the launch stdin comes first, then what is typed', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const a = start();
    await a.launch({ program, cwd: dirname(program), stdin: 'from launch\n' });
    await a.textMatching('oslab/terminalOutput', 'stdout', /1: FROM LAUNCH\r\n/);
    await a.request('oslab/terminalInput', { text: 'typed\r', eof: true });
    // The launch's text is typed ahead into the terminal, so it is echoed as well.
    expect(await a.textMatching('oslab/terminalOutput', 'stdout', /bye/)).toBe('type lines\r\nfrom launch\r\n1: FROM LAUNCH\r\ntyped\r\n2: TYPED\r\nbye after 2 lines\r\n');
  });

  it('interrupts a program blocked in read() with ^C: it dies of SIGINT, exit code 130, and the console says so', async () => {
    const program = writeProgram('blocked.c', BLOCKED_C);
    const a = start();
    const exited = a.next((m) => m.event === 'exited');
    await a.launch({ program, cwd: dirname(program), console: 'integratedTerminal' });
    await a.textMatching('oslab/terminalOutput', 'stdout', /ready\r\n/);
    expect((await a.request('oslab/terminalInput', { interrupt: true })).success).toBe(true);
    expect(((await exited).body as { exitCode: number }).exitCode).toBe(130);
    expect(a.text('output', 'console')).toMatch(/blocked.*Interrupt.*SIGINT/);
    expect(a.text('oslab/terminalOutput', 'stdout')).toBe('ready\r\n^C');
  });

  it('passes keys raw: the kernel edits the line (erase, ^U) and the key ^C interrupts like the request', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const a = start();
    const exited = a.next((m) => m.event === 'exited');
    await a.launch({ program, cwd: dirname(program), console: 'integratedTerminal' });
    await a.textMatching('oslab/terminalOutput', 'stdout', /type lines\r\n/);
    await a.request('oslab/terminalInput', { text: 'hex\x7fllo\r' });
    await a.textMatching('oslab/terminalOutput', 'stdout', /1: HELLO\r\n/);
    await a.request('oslab/terminalInput', { text: 'gone\x15never sent\x03' });
    expect(((await exited).body as { exitCode: number }).exitCode).toBe(130);
    expect(a.text('oslab/terminalOutput', 'stdout')).toBe('type lines\r\nhex\b \bllo\r\n1: HELLO\r\ngone\b \b\b \b\b \b\b \bnever sent^C');
  });

  it('keeps the Debug Console with "console": "internalConsole": output events, stdin at its end, no typing', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const a = start();
    const exited = a.next((m) => m.event === 'exited');
    await a.launch({ program, cwd: dirname(program), stdin: 'only\n', console: 'internalConsole' });
    expect(((await exited).body as { exitCode: number }).exitCode).toBe(0);
    expect(a.text('output', 'stdout')).toBe('type lines\n1: ONLY\nbye after 1 lines\n');
    expect(a.messages.some((m) => m.event === 'oslab/terminalOutput')).toBe(false);
    const typed = await a.request('oslab/terminalInput', { text: 'late\n' });
    expect(typed.success).toBe(false);
    expect(typed.message).toMatch(/no terminal/);
  });
});
