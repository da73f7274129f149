// Starts `oslab dap` (the bundled CLI, as shipped) under @vscode/debugadapter-testsupport's
// DebugClient, and the small waits the scenarios share.

import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'debug');
const ADAPTER = join(FIXTURES, 'oslab-dap.cjs');

export async function startClient(): Promise<DebugClient> {
  const client = new DebugClient(process.execPath, ADAPTER, 'oslab', { cwd: FIXTURES }, true);
  client.defaultTimeout = 20_000;
  await client.start();
  return client;
}

/** Launches with breakpoints set during configuration, and waits for the first stop. */
export async function launchAndStop(client: DebugClient, launch: Record<string, unknown>, configure: () => Promise<unknown> = async () => {}): Promise<DebugProtocol.StoppedEvent> {
  const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    client.waitForEvent('initialized').then(async () => {
      await configure();
      await client.configurationDoneRequest();
    }),
    client.launch(launch),
  ]);
  return stopped;
}

export async function topFrame(client: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const trace = await client.stackTraceRequest({ threadId });
  return trace.body.stackFrames[0];
}

/** Everything the program writes to `category` from now on. */
export function collectOutput(client: DebugClient, category: string): () => string {
  let text = '';
  client.on('output', (event: DebugProtocol.OutputEvent) => {
    if (event.body.category === category) text += event.body.output;
  });
  return () => text;
}
