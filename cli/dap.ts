// `oslab dap`: the debug adapter on stdin/stdout, for any DAP client (and for the DAP scenario
// tests, which drive exactly this). Program output arrives as `output` events, or in a terminal
// the client opens (runInTerminal) with "console": "integratedTerminal".

import { OslabDebugSession } from '../debug/session';

export const DAP_HELP = `usage: oslab dap

Speaks the Debug Adapter Protocol on stdin and stdout (debug type 'oslab'): launch a .c, .s
or ELF program with { "program": "prog.c", "args": [], "stdin": "", "stopOnEntry": true }.
With "console": "integratedTerminal", the program gets a terminal the client opens
(runInTerminal) when it supports that; otherwise its output comes as output events.
`;

/** Serves one debug session; resolves when the client disconnects. */
export function dapCommand(): Promise<number> {
  return new Promise((resolve) => {
    // The program's terminal, when the client can open one: this same CLI bundle, as `oslab tty-bridge`.
    const session = new OslabDebugSession({ terminal: { bridgeCommand: [process.execPath, __filename, 'tty-bridge'] } });
    process.stdin.on('end', () => resolve(0));
    session.on('close', () => resolve(0));
    session.start(process.stdin, process.stdout);
  });
}
