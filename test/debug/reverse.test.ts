// DAP scenarios against `oslab dap`: reverse debugging. Step back over an assignment and see the
// old value; run backwards to the previous breakpoint hit, to a syscall stop before a fork (the
// child gone again), and to the start of the history; run forward again and get the same run,
// its output shown once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FIXTURES, collectOutput, launchAndStop, startClient, topFrame } from './dap-client';

const PROGRAM = join(FIXTURES, 'history.c');
const LINE_X2 = 15;
const LINE_X3 = 16;
const LINE_BUMP = 18;
const LINE_WAIT = 26;

describe('oslab dap: reverse debugging', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  async function value(expression: string, threadId: number): Promise<string> {
    const frame = await topFrame(client, threadId);
    return (await client.evaluateRequest({ expression, frameId: frame.id, context: 'watch' })).body.result;
  }

  async function stopAfter(request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request();
    return stopped;
  }

  it('announces step back, steps back over an assignment by line and by instruction, and runs on to the same end', async () => {
    const capabilities = client.waitForEvent('capabilities') as Promise<DebugProtocol.CapabilitiesEvent>;
    const stdout = collectOutput(client, 'stdout');
    const stop = await launchAndStop(client, { program: PROGRAM }, () => client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: LINE_X3 }] }));
    expect((await capabilities).body.capabilities.supportsStepBack).toBe(true);
    const tid = stop.body.threadId!;
    expect(await value('x', tid)).toBe('2');

    const back = await stopAfter(() => client.stepBackRequest({ threadId: tid }));
    expect(back.body.reason).toBe('step');
    expect(await topFrame(client, tid)).toMatchObject({ name: 'main', line: LINE_X2 });
    expect(await value('x', tid)).toBe('1');

    await stopAfter(() => client.nextRequest({ threadId: tid }));
    expect(await topFrame(client, tid)).toMatchObject({ line: LINE_X3 });
    await stopAfter(() => client.nextRequest({ threadId: tid }));
    expect(await value('x', tid)).toBe('3');
    await stopAfter(() => client.stepBackRequest({ threadId: tid, granularity: 'instruction' }));
    expect(await value('x', tid)).toBe('2'); // the store of x = 3 not yet done

    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
    await client.continueRequest({ threadId: tid });
    expect((await exited).body.exitCode).toBe(0);
    expect(stdout()).toBe('counter 6 x 3\nchild\ndone\n');
  });

  it('runs backwards from breakpoint hit to breakpoint hit, then to the start, and forwards again', async () => {
    const stop = await launchAndStop(client, { program: PROGRAM }, () => client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: LINE_BUMP }] }));
    const tid = stop.body.threadId!;
    expect(await value('i', tid)).toBe('0');
    await stopAfter(() => client.continueRequest({ threadId: tid }));
    await stopAfter(() => client.continueRequest({ threadId: tid }));
    expect(await value('i', tid)).toBe('2');
    expect(await value('counter', tid)).toBe('1');

    const back = await stopAfter(() => client.reverseContinueRequest({ threadId: tid }));
    expect(back.body.reason).toBe('breakpoint');
    expect(await value('i', tid)).toBe('1');
    expect(await value('counter', tid)).toBe('0');
    await stopAfter(() => client.reverseContinueRequest({ threadId: tid }));
    expect(await value('i', tid)).toBe('0');
    const start = await stopAfter(() => client.reverseContinueRequest({ threadId: tid }));
    expect(start.body.reason).toBe('entry');

    await stopAfter(() => client.continueRequest({ threadId: tid }));
    expect(await topFrame(client, tid)).toMatchObject({ line: LINE_BUMP });
    expect(await value('i', tid)).toBe('0');
    await stopAfter(() => client.continueRequest({ threadId: tid }));
    expect(await value('i', tid)).toBe('1');
  });

  it('goes back across a fork to its syscall stop, the child gone, and forks it again going forward', async () => {
    const stdout = collectOutput(client, 'stdout');
    const stop = await launchAndStop(client, { program: PROGRAM }, () =>
      client.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'fork' }] }),
    );
    const tid = stop.body.threadId!;
    expect(stop.body.reason).toBe('exception');
    await client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: LINE_WAIT }] });
    await stopAfter(() => client.continueRequest({ threadId: tid }));
    expect(await topFrame(client, tid)).toMatchObject({ line: LINE_WAIT });
    expect((await client.threadsRequest()).body.threads).toHaveLength(2);

    const back = await stopAfter(() => client.reverseContinueRequest({ threadId: tid }));
    expect(back.body.reason).toBe('exception');
    expect(back.body.description).toMatch(/clone/);
    expect((await client.threadsRequest()).body.threads).toHaveLength(1);

    await stopAfter(() => client.continueRequest({ threadId: tid }));
    expect(await topFrame(client, tid)).toMatchObject({ line: LINE_WAIT });
    expect((await client.threadsRequest()).body.threads).toHaveLength(2);
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
    await client.continueRequest({ threadId: tid });
    await exited;
    expect(stdout()).toBe('counter 6 x 3\nchild\ndone\n');
  });

  it('does not offer reverse execution when the history is off', async () => {
    let announced = false;
    client.on('capabilities', () => (announced = true));
    const stop = await launchAndStop(client, { program: PROGRAM, history: false, stopOnEntry: true });
    await expect(client.stepBackRequest({ threadId: stop.body.threadId! })).rejects.toThrow(/no history/);
    expect(announced).toBe(false);
  });
});
