// The `oslab/panelData` request over real DAP (`oslab dap`): at a stop it describes the machine
// for the thread asked about (or the stopped one), with that process's page table and the recent
// kernel events; the page table shows fork's shared frames; a newer reply has a higher sequence.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PANEL_DATA_REQUEST, type PanelData } from '../../debug/protocol';
import { sharersOf } from '../../sim/snapshot-types';
import { FIXTURES, launchAndStop, startClient } from './dap-client';

const NESTED = join(FIXTURES, 'nested.c');

async function panelData(client: DebugClient, args: object = {}): Promise<PanelData> {
  const response = (await client.customRequest(PANEL_DATA_REQUEST, args)) as DebugProtocol.Response;
  return response.body as PanelData;
}

describe('oslab dap: panel data', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('describes the stopped thread and its process, then both processes after fork with their frames shared', async () => {
    const entry = await launchAndStop(client, { program: NESTED, stopOnEntry: true }, () =>
      client.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall-exit', condition: 'clone' }] }),
    );
    const first = await panelData(client);
    expect(first.running).toBe(false);
    expect(first.selected).toEqual({ pid: entry.body.threadId, tid: entry.body.threadId });
    expect(first.snapshot.processes.map((p) => p.pid)).toContain(entry.body.threadId);
    expect(first.pageTable?.pid).toBe(entry.body.threadId);
    expect(first.pageTable?.tables.length).toBeGreaterThan(0);
    expect(first.events.length).toBeGreaterThan(0);

    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: entry.body.threadId! });
    const atFork = await stopped;
    const after = await panelData(client);
    expect(after.epoch).toBeGreaterThan(first.epoch);
    expect(after.sequence).toBeGreaterThan(first.sequence);
    const pids = after.snapshot.processes.map((p) => p.pid);
    expect(pids).toHaveLength(first.snapshot.processes.length + 1);
    const child = pids.find((pid) => !first.snapshot.processes.some((p) => p.pid === pid))!;
    // Fork left parent and child sharing frames, copy-on-write.
    const table = after.pageTable!;
    const shared = table.tables.flatMap((t) => t.leaves).filter((leaf) => sharersOf(table, leaf).includes(child));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.some((leaf) => leaf.cow && leaf.refcount >= 2)).toBe(true);

    // Asking for the child's thread follows the child.
    const childView = await panelData(client, { tid: child });
    expect(childView.selected).toEqual({ pid: child, tid: child });
    expect(childView.pageTable?.pid).toBe(child);
    // A thread that does not exist falls back to the stopped one.
    expect((await panelData(client, { tid: 9999 })).selected?.tid).toBe(atFork.body.threadId);
  });
});
