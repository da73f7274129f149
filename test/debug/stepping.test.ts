// DAP scenarios against `oslab dap`: next, stepIn and stepOut by line, stepping by instruction,
// pausing an infinite loop, terminate and restart, and the `oslab/stopped` epochs.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FIXTURES, launchAndStop, startClient, topFrame } from './dap-client';
import { STOPPED_EVENT, type OslabStoppedBody } from '../../debug/protocol';

const NESTED = join(FIXTURES, 'nested.c');
const SPIN = join(FIXTURES, 'spin.c');

describe('oslab dap: stepping and run control', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  async function step(request: (threadId: number) => Promise<unknown>, threadId: number): Promise<DebugProtocol.StackFrame> {
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request(threadId);
    const stop = await stopped;
    expect(stop.body.reason).toBe('step');
    return topFrame(client, threadId);
  }

  it('steps over a call, into calls, and out of them, by line', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 25 }] }));
    const tid = stop.body.threadId!;
    expect(await topFrame(client, tid)).toMatchObject({ name: 'main', line: 25 });
    expect(await step((t) => client.stepInRequest({ threadId: t }), tid)).toMatchObject({ name: 'level1', line: 19 });
    expect(await step((t) => client.stepInRequest({ threadId: t }), tid)).toMatchObject({ name: 'level2', line: 16 });
    expect(await step((t) => client.stepInRequest({ threadId: t }), tid)).toMatchObject({ name: 'level3', line: 15 });
    expect(await step((t) => client.stepOutRequest({ threadId: t }), tid)).toMatchObject({ name: 'level2', line: 16 });
    // Back in level1 mid-line (storing r), the step goes on to the start of the next line.
    expect(await step((t) => client.nextRequest({ threadId: t }), tid)).toMatchObject({ name: 'level1', line: 20 });
    expect(await step((t) => client.nextRequest({ threadId: t }), tid)).toMatchObject({ name: 'level1', line: 21 });
    expect(await step((t) => client.nextRequest({ threadId: t }), tid)).toMatchObject({ name: 'main', line: 26 });
    // Over printf (libc, no source) to the fork.
    expect(await step((t) => client.nextRequest({ threadId: t }), tid)).toMatchObject({ name: 'main', line: 27 });
    // stepIn does not enter libc (fork has no source): it behaves as next there.
    expect(await step((t) => client.stepInRequest({ threadId: t }), tid)).toMatchObject({ name: 'main', line: 28 });
  });

  it('steps over a whole call on one line', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 25 }] }));
    expect(await step((t) => client.nextRequest({ threadId: t }), stop.body.threadId!)).toMatchObject({ name: 'main', line: 26 });
  });

  it('steps one instruction at a time', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 10 }] }));
    const tid = stop.body.threadId!;
    const before = await topFrame(client, tid);
    const after = await step((t) => client.nextRequest({ threadId: t, granularity: 'instruction' }), tid);
    const pc = (f: DebugProtocol.StackFrame) => parseInt(f.instructionPointerReference!.split(':0x')[1], 16);
    expect(pc(after)).toBe(pc(before) + 4);
    expect(after).toMatchObject({ name: 'level5', line: 10 });
  });

  it('pauses an infinite loop, tags each stop with a new epoch, and terminates', async () => {
    const epochs: OslabStoppedBody[] = [];
    client.on(STOPPED_EVENT, (event: DebugProtocol.Event) => epochs.push(event.body as OslabStoppedBody));
    const entry = await launchAndStop(client, { program: SPIN, stopOnEntry: true });
    await client.continueRequest({ threadId: entry.body.threadId! });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const asked = performance.now();
    await client.pauseRequest({ threadId: entry.body.threadId! });
    const stop = await stopped;
    const latency = performance.now() - asked;
    expect(stop.body.reason).toBe('pause');
    expect(latency).toBeLessThan(500);
    expect(await topFrame(client, stop.body.threadId!)).toMatchObject({ name: 'main', line: 5 });
    // The spinning loop ran between the two stops: the machine's clock and instruction count moved on.
    expect(epochs[1].instructions!).toBeGreaterThan(epochs[0].instructions! + 1000);
    expect(epochs[1].timeNs!).toBeGreaterThan(epochs[0].timeNs!);
    expect(epochs.map((e) => [e.epoch, e.reason, e.tid])).toEqual([
      [1, 'entry', entry.body.threadId],
      [2, 'pause', entry.body.threadId],
    ]);
    const terminated = client.waitForEvent('terminated');
    await client.terminateRequest({});
    await terminated;
  });

  it('restarts the program from the beginning', async () => {
    const first = await launchAndStop(client, { program: NESTED, stopOnEntry: true });
    await step((t) => client.nextRequest({ threadId: t }), first.body.threadId!);
    let terminated = false;
    client.on('terminated', () => (terminated = true));
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.restartRequest({});
    const again = await stopped;
    expect(again.body.reason).toBe('entry');
    expect(await topFrame(client, again.body.threadId!)).toMatchObject({ name: 'main', line: 24 });
    expect(terminated).toBe(false);
  });
});
