// Reverse execution with a terminal: input typed during the run is logged where it reached the
// program, so going back before it and running forward again gives the program the same input
// at the same moment without the user typing it again, and output already shown is not shown
// twice. And a run long enough for many checkpoints goes back across them.

import { afterEach, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import type { RuntimeEvent } from '../../debug/runtime';
import { FIXTURES } from './dap-client';
import { InProcessAdapter, UPPER_C, writeProgram } from './terminal-support';

const PRINT_LINE = 9; // printf("%d: %s", ++n, line); in UPPER_C

let adapter: InProcessAdapter | undefined;

afterEach(async () => {
  await adapter?.request('disconnect');
  adapter?.dispose();
  adapter = undefined;
});

type Stopped = { body: { reason: string; threadId: number; description?: string } };

async function stopAfter(a: InProcessAdapter, command: string, args: object): Promise<Stopped> {
  const stopped = a.next((m) => m.event === 'stopped');
  const response = await a.request(command, args);
  expect(response.success, response.message).toBe(true);
  return (await stopped) as unknown as Stopped;
}

async function evaluate(a: InProcessAdapter, threadId: number, expression: string): Promise<string> {
  const trace = await a.request('stackTrace', { threadId });
  const frameId = (trace.body as { stackFrames: { id: number }[] }).stackFrames[0].id;
  return ((await a.request('evaluate', { expression, frameId, context: 'watch' })).body as { result: string }).result;
}

describe('reverse execution with typed input', () => {
  it('replays typed lines where they arrived, and shows their output once', async () => {
    const program = writeProgram('upper.c', UPPER_C);
    const a = (adapter = new InProcessAdapter({ terminal: 'extension' }));
    await a.request('initialize', { adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true });
    const launched = a.request('launch', { program, cwd: dirname(program), console: 'integratedTerminal' });
    await a.next((m) => m.event === 'initialized');
    await a.request('setBreakpoints', { source: { path: program }, breakpoints: [{ line: PRINT_LINE }] });
    await a.request('configurationDone');
    await launched;
    await a.textMatching('oslab/terminalOutput', 'stdout', /type lines\r\n/);

    const typed = async (text: string): Promise<Stopped> => {
      const stopped = a.next((m) => m.event === 'stopped');
      await a.request('oslab/terminalInput', { text });
      return (await stopped) as unknown as Stopped;
    };
    const tid = (await typed('first\n')).body.threadId;
    expect(await evaluate(a, tid, 'n')).toBe('0');
    // On: it prints the line and waits in fgets for the next one; typing it brings the next stop.
    await a.request('continue', { threadId: tid });
    await a.textMatching('oslab/terminalOutput', 'stdout', /1: FIRST\r\n/);
    await typed('second\n');
    expect(await evaluate(a, tid, 'n')).toBe('1');

    const back = await stopAfter(a, 'reverseContinue', { threadId: tid });
    expect(back.body.reason).toBe('breakpoint');
    expect(await evaluate(a, tid, 'n')).toBe('0');
    expect(await evaluate(a, tid, 'line')).toMatch(/^"FIRST\\n"/);

    // Forward again: "second" comes from the log, at the moment it came the first time.
    await stopAfter(a, 'continue', { threadId: tid });
    expect(await evaluate(a, tid, 'n')).toBe('1');
    expect(await evaluate(a, tid, 'line')).toMatch(/^"SECOND\\n"/);
    const exited = a.next((m) => m.event === 'exited');
    await a.request('setBreakpoints', { source: { path: program }, breakpoints: [] });
    await a.request('continue', { threadId: tid });
    await a.request('oslab/terminalInput', { eof: true });
    await exited;
    await a.textMatching('oslab/terminalOutput', 'stdout', /bye after 2 lines\r\n/);
    // The terminal's echo of the typed lines, like the program's output, is shown once.
    expect(a.text('oslab/terminalOutput', 'stdout')).toBe('type lines\r\nfirst\r\n1: FIRST\r\nsecond\r\n2: SECOND\r\nbye after 2 lines\r\n');
  }, 30_000);
});

describe('reverse execution over a long run', () => {
  it('searches back across many checkpoints to the breakpoint hits, and runs on to the same end', async () => {
    const { MachineRuntime } = await import('../../debug/runtime');
    const { prepareProgram } = await import('../../debug/program');
    const { reverseContinue } = await import('../../debug/reverse');
    const path = join(FIXTURES, 'rounds.c');
    const program = prepareProgram(path, FIXTURES);
    const events: RuntimeEvent[] = [];
    const runtime = new MachineRuntime(program, { argv: ['rounds'], stdin: '', machine: {}, checkpointEveryMs: 0 }, (e) => events.push(e));
    runtime.breakpoints.setLineBreakpoints(program, path, [{ line: 8 }, { line: 11 }]);
    runtime.syncBreakpoints();
    const total = () => new DataView(runtime.machine.readMemory(runtime.machine.process(2)!.pid, program.symbols.named('total')!.address, 4)!.buffer).getInt32(0, true);
    const stops = () => events.filter((e) => e.kind === 'stopped');
    await runtime.start(false);
    for (let round = 0; round < 4; round++) await runtime.continue();
    expect(stops()).toHaveLength(5); // four rounds, then the printf
    const atEnd = total();
    expect(runtime.history!.size).toBeGreaterThan(3);

    await reverseContinue(runtime, 2);
    expect(total()).toBe(atEnd - 3000 - 750_000); // before round 3's work
    await reverseContinue(runtime, 2);
    expect(total()).toBe(atEnd - 2 * 750_000 - 3000 - 2000);
    await runtime.continue();
    await runtime.continue();
    expect(total()).toBe(atEnd);
    await runtime.continue();
    expect(events.filter((e) => e.kind === 'output').map((e) => (e as { text: string }).text).join('')).toBe(`total ${atEnd}\n`);
  }, 60_000);
});
