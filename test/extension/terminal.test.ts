// The program's terminal in VS Code (extension/terminal.ts) against a fake `vscode` and the real
// adapter the extension creates, with messages relayed as VS Code relays them: the Pseudoterminal
// passes what the user types to the program's tty raw and shows what the tty sends back (the
// kernel's echo and editing, program output), so ^D and ^C act as on a Linux terminal; it says
// how the session ended, and is reused by the next run of the same program.

import { dirname } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OslabDebugSession } from '../../debug/session';
import { activate } from '../../extension/extension';
import { BLOCKED_C, InProcessAdapter, UPPER_C, writeProgram } from '../debug/terminal-support';
import { fake, fakeExtensionContext, resetFake, type DebugAdapterInlineImplementation, type FakeTerminal } from './fake-vscode';

vi.mock('vscode', () => import('./fake-vscode'));

let context: ReturnType<typeof fakeExtensionContext>;
const running: InProcessAdapter[] = [];

beforeEach(() => {
  resetFake();
  context = fakeExtensionContext();
  activate(context as never);
});

afterEach(async () => {
  for (const adapter of running.splice(0)) {
    await adapter.request('disconnect');
    adapter.dispose();
  }
  for (const subscription of context.subscriptions) subscription.dispose();
});

type Tracker = { onWillStartSession?(): void; onDidSendMessage?(m: unknown): void; onWillStopSession?(): void };

/** Starts a session as VS Code does: the extension's adapter, every oslab tracker fed its messages. */
async function startSession(id: string, program: string, extra: object = {}) {
  const configuration = { type: 'oslab', request: 'launch', name: 'run', program, cwd: dirname(program), ...extra };
  const adapter = new InProcessAdapter((fake.adapterFactories.get('oslab')?.createDebugAdapterDescriptor({}) as DebugAdapterInlineImplementation).implementation as OslabDebugSession);
  running.push(adapter);
  const session = {
    id,
    type: 'oslab',
    name: 'run',
    configuration,
    customRequest: async (command: string, args: object) => {
      const response = await adapter.request(command, args);
      if (!response.success) throw new Error(response.message);
      return response.body;
    },
  };
  const trackers = fake.allTrackerFactories
    .filter((f) => f.type === 'oslab')
    .map((f) => f.factory.createDebugAdapterTracker(session) as Tracker | undefined)
    .filter((t): t is Tracker => t !== undefined);
  adapter.observers.push((message) => trackers.forEach((t) => t.onDidSendMessage?.(message)));
  trackers.forEach((t) => t.onWillStartSession?.());
  const terminated = adapter.next((m) => m.event === 'terminated').then(() => trackers.forEach((t) => t.onWillStopSession?.()));
  expect((await adapter.launch(configuration)).success).toBe(true);
  return { adapter, terminated };
}

/** Everything the terminal has shown since `open`. */
function openScreen(terminal: FakeTerminal): () => string {
  let text = '';
  terminal.pty.onDidWrite((written) => (text += written));
  terminal.pty.open(undefined);
  return () => text;
}

describe('the program terminal in VS Code', () => {
  it('shows output written before VS Code opened it, edits typed lines, and ends with the exit code', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const { adapter, terminated } = await startSession('s1', program);
    expect(fake.terminals.map((t) => t.name)).toEqual(['oslab: upper.c']);
    const [terminal] = fake.terminals;
    expect(terminal.shown).toBe(1);
    await adapter.textMatching('oslab/terminalOutput', 'stdout', /type lines\r\n/);
    const screen = openScreen(terminal);
    expect(screen()).toBe('type lines\r\n');
    terminal.pty.handleInput?.('hex\x7fllo\r');
    await adapter.textMatching('oslab/terminalOutput', 'stdout', /1: HELLO\r\n/);
    expect(screen()).toBe('type lines\r\nhex\b \bllo\r\n1: HELLO\r\n');
    terminal.pty.handleInput?.('\x04');
    await terminated;
    expect(screen()).toBe('type lines\r\nhex\b \bllo\r\n1: HELLO\r\nbye after 1 lines\r\n[program exited with code 0]\r\n');
    // Nothing goes to the Debug Console twice.
    expect(adapter.text('output', 'stdout')).toBe('');
  });

  it('interrupts with ^C, and the next run of the same program reuses the ended terminal', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const first = await startSession('s1', program);
    const [terminal] = fake.terminals;
    const screen = openScreen(terminal);
    terminal.pty.handleInput?.('\x04');
    await first.terminated;
    // Typing into an ended session's terminal reaches nothing.
    terminal.pty.handleInput?.('ignored\r');

    const second = await startSession('s2', program);
    expect(fake.terminals).toHaveLength(1);
    expect(terminal.shown).toBe(2);
    await second.adapter.textMatching('oslab/terminalOutput', 'stdout', /type lines\r\n/);
    terminal.pty.handleInput?.('half a line\x03');
    await second.terminated;
    expect(screen()).toBe('type lines\r\nbye after 0 lines\r\n[program exited with code 0]\r\ntype lines\r\nhalf a line^C\r\n[program exited with code 130]\r\n');
  });

  it('gives a program reading its terminal end of file when the user closes it; the next run gets a new terminal', async () => {
    const program = writeProgram('blocked.c', BLOCKED_C);
    const first = await startSession('s1', program);
    const exited = first.adapter.next((m) => m.event === 'exited');
    await first.adapter.textMatching('oslab/terminalOutput', 'stdout', /ready\r\n/);
    fake.terminals[0].pty.close();
    expect(((await exited).body as DebugProtocol.ExitedEvent['body']).exitCode).toBe(0);
    await first.adapter.textMatching('oslab/terminalOutput', 'stdout', /read returned 0\r\n/);
    await first.terminated;
    await startSession('s2', program);
    expect(fake.terminals).toHaveLength(2);
  });

  it('opens no terminal for "console": "internalConsole"', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const { adapter } = await startSession('s1', program, { console: 'internalConsole', stdin: 'a\n' });
    await adapter.textMatching('output', 'stdout', /bye after 1 lines\n/);
    expect(fake.terminals).toEqual([]);
  });
});
