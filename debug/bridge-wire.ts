// What the adapter and `oslab tty-bridge` (the process runInTerminal starts in the client's
// terminal) say to each other over their loopback socket: one JSON object per line. The bridge
// speaks first with the one-use token the adapter put on its command line, then sends what the
// user typed, in the shape of the `oslab/terminalInput` request; the adapter sends program output,
// in the shape of the `oslab/terminalOutput` event, and finally the exit code.

import type { Socket } from 'node:net';
import type { OslabTerminalInputArguments, OslabTerminalOutputBody } from './protocol';

export type BridgeToAdapter = { readonly token: string } | OslabTerminalInputArguments;
export type AdapterToBridge = OslabTerminalOutputBody | { readonly exitCode: number };

export function writeMessage(socket: Socket, message: BridgeToAdapter | AdapterToBridge): void {
  if (!socket.destroyed) socket.write(JSON.stringify(message) + '\n');
}

/** Calls `onMessage` for every line `socket` receives, in order; a line that is not JSON ends the connection. */
export function readMessages(socket: Socket, onMessage: (message: Readonly<Record<string, unknown>>) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0 && !socket.destroyed) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      if (typeof message === 'object' && message !== null) onMessage(message as Record<string, unknown>);
    }
  });
}
