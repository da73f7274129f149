// DAP scenarios against `oslab dap` through the values layer: a conditional breakpoint, a struct
// expanded through a pointer, a watch expression, setVariable, a logpoint with {expressions}
// and a data breakpoint on a global.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, FIXTURES, launchAndStop, startClient, topFrame } from './dap-client';

const VALUES = join(FIXTURES, 'values.c');

describe('oslab dap: values', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  async function variables(ref: number): Promise<DebugProtocol.Variable[]> {
    return (await client.variablesRequest({ variablesReference: ref })).body.variables;
  }

  it('stops where a condition holds, expands a struct through a pointer, evaluates a watch and sets a variable', async () => {
    const stop = await launchAndStop(client, { program: VALUES }, () => client.setBreakpointsRequest({ source: { path: VALUES }, breakpoints: [{ line: 12, condition: 'i == 3' }] }));
    const frame = await topFrame(client, stop.body.threadId!);
    expect(frame).toMatchObject({ name: 'add', line: 12 });
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    const args = await variables(scopes.find((s) => s.name === 'Arguments')!.variablesReference);
    expect(args.find((v) => v.name === 'i')?.value).toBe('3');
    const p = args.find((v) => v.name === 'p')!;
    expect(p.type).toBe('struct point *');
    const members = await findMembers(p.variablesReference);
    expect(members).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'x', value: '3' }), expect.objectContaining({ name: 'y', value: '4' })]));
    const watch = await client.evaluateRequest({ expression: 'total + p->x * i', frameId: frame.id, context: 'watch' });
    expect(watch.body.result).toBe('30');
    const set = await client.setVariableRequest({ variablesReference: scopes.find((s) => s.name === 'Arguments')!.variablesReference, name: 'i', value: '10' });
    expect(set.body.value).toBe('10');
    expect((await client.evaluateRequest({ expression: 'i', frameId: frame.id, context: 'hover' })).body.result).toBe('10');
  });

  it('prints logpoint messages with their expressions, then stops on a write to a global', async () => {
    const stdout = collectOutput(client, 'console');
    const stop = await launchAndStop(client, { program: VALUES }, () => client.setBreakpointsRequest({ source: { path: VALUES }, breakpoints: [{ line: 13, logMessage: 'total is {total}' }, { line: 19, hitCondition: '3' }] }));
    expect((await topFrame(client, stop.body.threadId!)).line).toBe(19);
    expect(stdout()).toBe('total is 4\ntotal is 11\n');
    const info = await client.dataBreakpointInfoRequest({ name: 'total' });
    expect(info.body.dataId).not.toBeNull();
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    await client.setBreakpointsRequest({ source: { path: VALUES }, breakpoints: [] });
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: stop.body.threadId! });
    const write = await stopped;
    expect(write.body.reason).toBe('data breakpoint');
    expect(write.body.hitBreakpointIds).toEqual([set.body.breakpoints[0].id]);
    const frame = await topFrame(client, write.body.threadId!);
    expect(frame.name).toBe('add');
    expect((await client.evaluateRequest({ expression: 'total', frameId: frame.id })).body.result).toBe('21');
  });

  // The pointee's members, one or two levels down (the pointer's child may be `*p` itself).
  async function findMembers(ref: number): Promise<DebugProtocol.Variable[]> {
    const children = await variables(ref);
    if (children.some((c) => c.name === 'x')) return children;
    return children.length > 0 && children[0].variablesReference > 0 ? variables(children[0].variablesReference) : [];
  }
});
