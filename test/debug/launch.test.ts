// DAP scenarios against `oslab dap` around launching: a compile error fails the launch with the
// compiler's diagnostic (also sent as output), and the capabilities advertised are the ones the
// other scenarios exercise. Also: nothing under sim/, debug/ or cli/ imports vscode.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, FIXTURES, startClient } from './dap-client';

const ROOT = join(__dirname, '..', '..');

describe('oslab dap: launch', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('fails the launch of a program that does not compile, with the diagnostic', async () => {
    const stderr = collectOutput(client, 'stderr');
    const program = join(FIXTURES, 'broken.c');
    await expect(client.launch({ program })).rejects.toThrow(/broken\.c:3:\d+: error: .*undefined_name/);
    expect(stderr()).toMatch(/broken\.c:3:\d+: error: .*undefined_name/);
  });

  it('advertises syscall filters with conditions and exception filter options', async () => {
    const response = await client.initializeRequest({ adapterID: 'oslab', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const caps = response.body as DebugProtocol.Capabilities;
    expect(caps.supportsExceptionFilterOptions).toBe(true);
    expect(caps.exceptionBreakpointFilters?.map((f) => f.filter)).toEqual(['syscall', 'syscall-exit', 'signal', 'process-created', 'process-exited']);
    expect(caps.exceptionBreakpointFilters?.[0]).toMatchObject({ label: 'Syscall entry', supportsCondition: true });
    expect(caps.supportsWriteMemoryRequest).toBe(true);
    // Reverse debugging is not served yet, so not advertised.
    expect(caps.supportsStepBack).toBeFalsy();
  });
});

describe('no vscode outside the extension', () => {
  it('has no vscode import under sim/, debug/ or cli/', () => {
    const offenders = ['sim', 'debug', 'cli'].flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((file) => /from 'vscode'|require\('vscode'\)|import\('vscode'\)/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}
