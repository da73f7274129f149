// The debugged program's terminal in VS Code: one Pseudoterminal per oslab debug session launched
// with "console": "integratedTerminal", VS Code's default (named `oslab: prog.c`). A debug adapter tracker sees the
// adapter's messages in order: `oslab/terminalOutput` events are written to the terminal (the
// Debug Console does not get them), and the `exited` event gives the exit code shown when the
// session ends. What the user types reaches the program's tty raw, by the `oslab/terminalInput`
// request: the kernel's line discipline echoes and edits it, and turns ^C into SIGINT. An ended
// session's terminal stays open until the user closes it, and the next run of the same program
// reuses it.

import { basename } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DEBUG_TYPE, launchConsole, TERMINAL_INPUT_REQUEST, TERMINAL_OUTPUT_EVENT, type OslabTerminalInputArguments, type OslabTerminalOutputBody } from '../debug/protocol';
import { ScreenLine } from '../debug/terminal-screen';

export class ProgramTerminals implements vscode.Disposable {
  /** Terminals whose session has ended and that the user has not closed, by name: the next run of that program takes one. */
  private readonly idle = new Map<string, ProgramPty>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => this.trackerFor(session) });
  }

  dispose(): void {
    this.registration.dispose();
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    const configuration = session.configuration as { console?: unknown; program?: unknown };
    if (launchConsole(configuration, true) !== 'integratedTerminal') return undefined;
    const name = `oslab: ${typeof configuration.program === 'string' ? basename(configuration.program) : session.name}`;
    const pty = this.terminalNamed(name);
    pty.attach(session);
    let exitCode: number | null = null;
    const ended = () => {
      if (!pty.sessionEnded(session, exitCode)) return;
      this.idle.set(name, pty);
    };
    return {
      onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
        if (message.type !== 'event') return;
        const event = message as DebugProtocol.Event;
        if (event.event === TERMINAL_OUTPUT_EVENT) pty.programOutput((event.body as OslabTerminalOutputBody).text);
        else if (event.event === 'exited') exitCode = (event as DebugProtocol.ExitedEvent).body.exitCode;
      },
      onWillStopSession: ended,
      onExit: ended,
    };
  }

  private terminalNamed(name: string): ProgramPty {
    const reused = this.idle.get(name);
    this.idle.delete(name);
    if (reused && !reused.isClosed) {
      reused.terminal?.show(true);
      return reused;
    }
    const pty = new ProgramPty(() => {
      if (this.idle.get(name) === pty) this.idle.delete(name);
    });
    pty.terminal = vscode.window.createTerminal({ name, pty });
    pty.terminal.show(true);
    return pty;
  }
}

/** One terminal: what the program writes, and what the user types, for the session attached to it. */
class ProgramPty implements vscode.Pseudoterminal {
  terminal: vscode.Terminal | undefined;
  private readonly writes = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writes.event;
  private readonly line = new ScreenLine();
  private session: vscode.DebugSession | null = null;
  /** Written before VS Code opened the terminal, which would drop it. */
  private pending: string[] | null = [];
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  get isClosed(): boolean {
    return this.closed;
  }

  open(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    for (const text of pending) this.writes.fire(text);
  }

  // The user closed the terminal: a program still reading gets end of file, as from a hung-up tty.
  close(): void {
    this.closed = true;
    if (this.session) this.send({ eof: true });
    this.session = null;
    this.onClose();
    this.writes.dispose();
  }

  handleInput(typed: string): void {
    if (this.session) this.send({ text: typed });
  }

  attach(session: vscode.DebugSession): void {
    this.session = session;
  }

  programOutput(text: string): void {
    this.line.shown(text);
    this.write(text);
  }

  /** Says how the session ended; false when `session` is not (or no longer) this terminal's. */
  sessionEnded(session: vscode.DebugSession, exitCode: number | null): boolean {
    if (this.session !== session) return false;
    this.session = null;
    this.write(`${this.line.freshLine()}${exitCode === null ? '[session ended]' : `[program exited with code ${exitCode}]`}\r\n`);
    return true;
  }

  private write(text: string): void {
    if (this.closed) return;
    if (this.pending) this.pending.push(text);
    else this.writes.fire(text);
  }

  private send(args: OslabTerminalInputArguments): void {
    // A session that has just ended refuses input; nothing is left to read it.
    this.session?.customRequest(TERMINAL_INPUT_REQUEST, args).then(undefined, () => {});
  }
}
