// `oslab dap`: the debug adapter on stdin/stdout, for any DAP client (and for the DAP scenario
// tests, which drive exactly this). Program output arrives as `output` events.

import { OslabDebugSession } from '../debug/session';

export const DAP_HELP = `usage: oslab dap

Speaks the Debug Adapter Protocol on stdin and stdout (debug type 'oslab'): launch a .c, .s
or ELF program with { "program": "prog.c", "args": [], "stdin": "", "stopOnEntry": true }.
`;

/** Serves one debug session; resolves when the client disconnects. */
export function dapCommand(): Promise<number> {
  return new Promise((resolve) => {
    const session = new OslabDebugSession();
    process.stdin.on('end', () => resolve(0));
    session.on('close', () => resolve(0));
    session.start(process.stdin, process.stdout);
  });
}
