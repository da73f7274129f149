// DAP scenarios against `oslab dap`: stopping on entry, line breakpoints (moved to the next line
// with code) with a 5-deep stack, a breakpoint in a forked child, function and instruction
// breakpoints, hit counts, logpoints, program output and exit code.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, FIXTURES, launchAndStop, startClient, topFrame } from './dap-client';

const NESTED = join(FIXTURES, 'nested.c');

describe('oslab dap: breakpoints', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('stops on entry at main, and the run ends with output and the exit code', async () => {
    const stop = await launchAndStop(client, { program: NESTED, stopOnEntry: true });
    expect(stop.body.reason).toBe('entry');
    const frame = await topFrame(client, stop.body.threadId!);
    expect(frame.name).toBe('main');
    expect(frame.line).toBe(24);
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const stdout = collectOutput(client, 'stdout');
    const terminated = client.waitForEvent('terminated');
    await client.continueRequest({ threadId: stop.body.threadId! });
    expect((await exited).body.exitCode).toBe(3);
    await terminated;
    expect(stdout()).toBe('result 11\nchild 29\nhello, debugger\n');
  });

  it('moves a breakpoint on a blank line to the next line with code, and shows the 5-deep stack there', async () => {
    let set: DebugProtocol.SetBreakpointsResponse | undefined;
    const stop = await launchAndStop(client, { program: NESTED }, async () => {
      set = await client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 9 }] });
    });
    expect(set!.body.breakpoints[0]).toMatchObject({ verified: true, line: 10 });
    expect(stop.body.reason).toBe('breakpoint');
    expect(stop.body.hitBreakpointIds).toEqual([set!.body.breakpoints[0].id]);
    const trace = await client.stackTraceRequest({ threadId: stop.body.threadId! });
    const frames = trace.body.stackFrames.map((f) => `${f.name}:${f.line}`);
    expect(frames.slice(0, 6)).toEqual(['level5:10', 'level4:14', 'level3:15', 'level2:16', 'level1:19', 'main:25']);
    expect(trace.body.stackFrames[0].source?.path).toBe(NESTED);
  });

  it('stops at a line breakpoint in a forked child, with both processes in threads', async () => {
    const started: number[] = [];
    client.on('thread', (event: DebugProtocol.ThreadEvent) => event.body.reason === 'started' && started.push(event.body.threadId));
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 29 }] }));
    expect(stop.body.reason).toBe('breakpoint');
    const threads = (await client.threadsRequest()).body.threads;
    expect(threads).toHaveLength(2);
    const child = threads.find((t) => t.id === stop.body.threadId)!;
    const parent = threads.find((t) => t.id !== stop.body.threadId)!;
    expect(child.name).toMatch(new RegExp(`^pid ${child.id} · tid ${child.id} · `));
    expect(parent.name).toMatch(/^pid \d+ · tid \d+ · /);
    expect(child.id).toBeGreaterThan(parent.id);
    expect(started).toEqual([parent.id, child.id]);
    expect((await topFrame(client, child.id)).line).toBe(29);
  });

  it('stops at a function breakpoint after the prologue, and a hit count skips the first hits', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'level5', hitCondition: '2' }, { name: 'no_such_function' }] }));
    expect(stop.body.reason).toBe('function breakpoint');
    const trace = await client.stackTraceRequest({ threadId: stop.body.threadId! });
    expect(trace.body.stackFrames[0]).toMatchObject({ name: 'level5', line: 10 });
    // The second hit of level5 is in the child (level1(10)).
    const threads = (await client.threadsRequest()).body.threads;
    expect(threads).toHaveLength(2);
    expect(trace.body.stackFrames.some((f) => f.name === 'main' && f.line === 29)).toBe(true);
  });

  it('prints a logpoint message without stopping, then stops at an instruction breakpoint', async () => {
    const first = await launchAndStop(client, { program: NESTED, stopOnEntry: true });
    await client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 11, logMessage: 'in level5' }] });
    const frame = await topFrame(client, first.body.threadId!);
    const disassembly = await client.disassembleRequest({ memoryReference: frame.instructionPointerReference!, instructionOffset: 0, instructionCount: 32 });
    const printfCall = disassembly.body!.instructions.find((i) => /<printf>/.test(i.instruction));
    expect(printfCall, JSON.stringify(disassembly.body!.instructions.map((i) => i.instruction))).toBeDefined();
    const args: DebugProtocol.SetInstructionBreakpointsArguments = { breakpoints: [{ instructionReference: printfCall!.address }] };
    const set = (await client.customRequest('setInstructionBreakpoints', args)) as DebugProtocol.SetInstructionBreakpointsResponse;
    expect(set.body.breakpoints[0].verified).toBe(true);
    const logged = client.assertOutput('console', 'in level5');
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: first.body.threadId! });
    await logged;
    const stop = await stopped;
    expect(stop.body.reason).toBe('instruction breakpoint');
    expect((await topFrame(client, stop.body.threadId!)).line).toBe(26);
  });
});
