// `oslab tty-bridge PORT TOKEN`: the debugged program's terminal under `oslab dap`. The adapter
// asks its client (runInTerminal) to start this in a terminal; it joins the adapter on
// 127.0.0.1:PORT, proves itself with TOKEN, and from then on is the program's tty: on a real
// terminal it reads keystrokes raw and edits lines itself (debug/line-discipline.ts: echo,
// backspace, ^U, ^W, ^D end of file, ^C interrupt), else it passes its stdin through as it comes.

import { connect } from 'node:net';
import { readMessages, writeMessage } from '../debug/bridge-wire';
import { LineDiscipline, type DisciplineAction } from '../debug/line-discipline';
import type { OslabTerminalInputArguments } from '../debug/protocol';
import { UsageError } from './args';

export const TTY_BRIDGE_HELP = `usage: oslab tty-bridge PORT TOKEN

The terminal of a program debugged under 'oslab dap' with "console": "integratedTerminal": the
debugger client starts it (runInTerminal); it connects to the adapter on 127.0.0.1:PORT.
Not meant to be run by hand.
`;

/** Bridges until the adapter closes the connection; the status is the program's exit code. */
export function ttyBridgeCommand(args: readonly string[]): Promise<number> {
  const [portText, token] = args;
  const port = Number(portText);
  if (args.length !== 2 || !/^\d+$/.test(portText) || port < 1 || port > 65535) throw new UsageError('usage: oslab tty-bridge PORT TOKEN');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const screen = new Screen(process.stdin.isTTY === true);
    let exitCode: number | null = null;
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      writeMessage(socket, { token });
      screen.readKeyboard((message) => writeMessage(socket, message));
    });
    readMessages(socket, (message) => {
      if (typeof message.exitCode === 'number') exitCode = message.exitCode;
      else if (typeof message.text === 'string') screen.show(message.text, message.category === 'stderr' ? 'stderr' : 'stdout');
    });
    socket.on('error', (error) => process.stderr.write(`oslab tty-bridge: cannot reach the debug adapter: ${error.message}\n`));
    socket.on('close', () => {
      if (!connected) return resolve(1);
      screen.close(exitCode === null ? '[session ended]' : `[program exited with code ${exitCode}]`);
      resolve(exitCode ?? 0);
    });
  });
}

/** This process's terminal: program output shown, keystrokes turned into input for the program. */
class Screen {
  private readonly discipline = new LineDiscipline();

  constructor(private readonly raw: boolean) {}

  readKeyboard(send: (message: OslabTerminalInputArguments) => void): void {
    const stdin = process.stdin;
    if (this.raw) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (typed: string) => {
      if (!this.raw) return send({ text: typed });
      for (const action of this.discipline.input(typed)) this.act(action, send);
    });
    stdin.on('end', () => send({ eof: true }));
  }

  show(text: string, stream: 'stdout' | 'stderr'): void {
    const shown = this.discipline.output(text);
    process[stream].write(this.raw ? shown : text);
  }

  close(message: string): void {
    const fresh = this.discipline.freshLine();
    process.stdout.write((this.raw ? fresh : fresh.replace('\r', '')) + message + '\n');
    if (this.raw) process.stdin.setRawMode(false);
    process.stdin.destroy();
  }

  private act(action: DisciplineAction, send: (message: OslabTerminalInputArguments) => void): void {
    switch (action.kind) {
      case 'echo':
        return void process.stdout.write(action.text);
      case 'send':
        return send({ text: action.text });
      case 'eof':
        return send({ eof: true });
      case 'interrupt':
        return send({ interrupt: true });
    }
  }
}
