// `oslab tty-bridge PORT TOKEN`: the debugged program's terminal under `oslab dap`. The adapter
// asks its client (runInTerminal) to start this in a terminal; it joins the adapter on
// 127.0.0.1:PORT, proves itself with TOKEN, and from then on is the program's tty: keys go to
// the machine as they are typed and output comes back as the machine's terminal sends it (echo,
// line editing, ^C and "\r\n" are the kernel's line discipline's). On a real terminal it puts
// the keyboard in raw mode for that, and restores it at the end.

import { connect } from 'node:net';
import { readMessages, writeMessage } from '../debug/bridge-wire';
import type { OslabTerminalInputArguments } from '../debug/protocol';
import { ScreenLine } from '../debug/terminal-screen';
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

/** This process's terminal: program output shown, keystrokes passed on to the program's tty. */
class Screen {
  private readonly line = new ScreenLine();

  constructor(private readonly raw: boolean) {}

  readKeyboard(send: (message: OslabTerminalInputArguments) => void): void {
    const stdin = process.stdin;
    if (this.raw) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (typed: string) => send({ text: typed }));
    stdin.on('end', () => send({ eof: true }));
  }

  show(text: string, stream: 'stdout' | 'stderr'): void {
    this.line.shown(text);
    process[stream].write(text);
  }

  close(message: string): void {
    const fresh = this.line.freshLine();
    process.stdout.write((this.raw ? fresh : fresh.replace('\r', '')) + message + '\n');
    if (this.raw) process.stdin.setRawMode(false);
    process.stdin.destroy();
  }
}
