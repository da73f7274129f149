// DAP scenarios against `oslab dap`: syscall breakpoints (exception filters with conditions),
// the Disassembly view around pc, and readMemory of a process (a string, an unmapped page).

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, FIXTURES, launchAndStop, startClient, topFrame } from './dap-client';
import { loadDebugInfo } from '../../sim/toolchain/dwarf';

const NESTED = join(FIXTURES, 'nested.c');
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('oslab dap: syscall stops, disassembly, memory', () => {
  let client: DebugClient;
  beforeEach(async () => {
    client = await startClient();
  });
  afterEach(async () => {
    await client.stop();
  });

  it('stops at the clone of fork with its decoded flags, then shows both processes', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () =>
      client.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'fork' }, { filterId: 'syscall-exit', condition: 'clone' }] }),
    );
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.description).toMatch(/^syscall clone\(.*SIGCHLD/);
    expect(stop.body.text).toMatch(/CLONE_|SIGCHLD/);
    expect((await client.threadsRequest()).body.threads).toHaveLength(1);
    const frames = (await client.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    expect(frames[0]).toMatchObject({ presentationHint: 'subtle' });
    expect(frames[0].name).toMatch(/^\[libc\] /);
    expect(frames.find((f) => f.name === 'main')?.line).toBe(27);
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: stop.body.threadId! });
    const exit = await stopped;
    expect(exit.body.description).toMatch(/^syscall clone\(.*\) = \d+/);
    const threads = (await client.threadsRequest()).body.threads;
    expect(new Set(threads.map((t) => /^pid (\d+)/.exec(t.name)![1])).size).toBe(2);
  });

  it('after execve shows the new program’s own functions and source in the stack (/bin is built with -g)', async () => {
    const stop = await launchAndStop(client, { program: join(FIXTURES, 'exec-cat.c') }, () =>
      client.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'read' }] }),
    );
    expect(stop.body.description).toMatch(/^syscall read\(3, /);
    const frames = (await client.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    const main = frames.find((f) => f.name === 'main');
    expect(main?.source?.path).toMatch(/sim[/\\]userland[/\\]cat\.c$/);
    expect(frames.map((f) => f.source?.path ?? '')).not.toContainEqual(expect.stringContaining('exec-cat.c'));
  });

  it('stops before SIGSEGV kills the program, at the faulting line; resuming ends it with 139', async () => {
    const console = collectOutput(client, 'console');
    const stop = await launchAndStop(client, { program: join(FIXTURES, 'crash.c') }, () => client.setExceptionBreakpointsRequest({ filters: ['signal'] }));
    expect(stop.body).toMatchObject({ reason: 'exception', description: 'signal SIGSEGV' });
    expect(stop.body.text).toMatch(/SEGV_MAPERR/);
    expect(await topFrame(client, stop.body.threadId!)).toMatchObject({ name: 'main', line: 5 });
    const exited = client.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await client.continueRequest({ threadId: stop.body.threadId! });
    expect((await exited).body.exitCode).toBe(139);
    expect(console()).toMatch(/Segmentation fault \[SIGSEGV\]/);
  });

  it('stops when the child process is created and when it exits', async () => {
    const created = await launchAndStop(client, { program: NESTED }, () => client.setExceptionBreakpointsRequest({ filters: ['process-created', 'process-exited'] }));
    const child = Number(/^process (\d+) created$/.exec(created.body.description!)![1]);
    expect((await client.threadsRequest()).body.threads.map((t) => t.id)).toEqual([created.body.threadId, child]);
    const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await client.continueRequest({ threadId: created.body.threadId! });
    expect((await stopped).body.description).toBe(`process ${child} exited with status 0`);
  });

  it('refuses a syscall condition naming no system call', async () => {
    let refusal: unknown;
    await launchAndStop(client, { program: NESTED, stopOnEntry: true }, () =>
      client.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall', condition: 'clone,frobnicate' }] }).catch((error: unknown) => (refusal = error)),
    );
    expect(String(refusal)).toMatch(/unknown system call: frobnicate/);
  });

  it('disassembles around pc with symbols and source lines', async () => {
    const stop = await launchAndStop(client, { program: NESTED }, () => client.setBreakpointsRequest({ source: { path: NESTED }, breakpoints: [{ line: 10 }] }));
    const frame = await topFrame(client, stop.body.threadId!);
    const pc = parseInt(frame.instructionPointerReference!.split(':0x')[1], 16);
    const response = await client.disassembleRequest({ memoryReference: frame.instructionPointerReference!, instructionOffset: -8, instructionCount: 16 });
    const rows = response.body!.instructions;
    expect(rows).toHaveLength(16);
    expect(parseInt(rows[8].address, 16)).toBe(pc);
    expect(rows[8]).toMatchObject({ symbol: 'level5', line: 10 });
    expect(rows.map((r) => r.symbol)).toContain('level5');
    const entry = rows.find((r) => r.symbol === 'level5')!;
    expect(entry.instruction).toBe('addi sp, sp, -16');
    expect(rows.some((r) => r.location?.path === NESTED)).toBe(true);
  });

  it('reads a string from process memory, and reports an unmapped page as unreadable', async () => {
    const { pid, address } = await stopWithGreeting();
    const pointer = await client.customRequest('readMemory', { memoryReference: `${pid}:0x${address.toString(16)}`, count: 4 });
    const target = Buffer.from(pointer.body.data, 'base64').readUInt32LE(0);
    const text = await client.customRequest('readMemory', { memoryReference: `${pid}:0x${target.toString(16)}`, count: 16 });
    expect(Buffer.from(text.body.data, 'base64').toString('latin1')).toBe('hello, debugger\0');
    const unmapped = await client.customRequest('readMemory', { memoryReference: `${pid}:0x10`, count: 64 });
    expect(unmapped.body).toMatchObject({ address: '0x10', unreadableBytes: 64 });
    expect(unmapped.body.data ?? '').toBe('');
  });

  it('writes memory the program may write (the global pointer), and refuses read-only text', async () => {
    const { pid, address, threadId } = await stopWithGreeting();
    const reference = `${pid}:0x${address.toString(16)}`;
    const written = await client.customRequest('writeMemory', { memoryReference: reference, data: Buffer.from([1, 2, 3, 4]).toString('base64') });
    expect(written.body).toMatchObject({ bytesWritten: 4 });
    const back = await client.customRequest('readMemory', { memoryReference: reference, count: 4 });
    expect([...Buffer.from(back.body.data, 'base64')]).toEqual([1, 2, 3, 4]);
    const pc = (await topFrame(client, threadId)).instructionPointerReference!;
    await expect(client.customRequest('writeMemory', { memoryReference: pc, data: Buffer.from([0, 0, 0, 0]).toString('base64') })).rejects.toThrow(/may not write/);
  });

  // Launches nested.c's ELF (built as the adapter would) stopped on entry, and finds where its
  // global `greeting` (a char pointer) lives.
  async function stopWithGreeting(): Promise<{ pid: string; address: number; threadId: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'oslab-dap-'));
    const elf = join(dir, 'nested');
    execFileSync(process.execPath, [CLI, 'cc', '-g', NESTED, '-o', elf]);
    const greeting = loadDebugInfo(readFileSync(elf)).globals().find((v) => v.name === 'greeting')!;
    const address = greeting.location.kind === 'expr' ? readAddress(greeting.location.expr) : 0;
    const stop = await launchAndStop(client, { program: elf, stopOnEntry: true });
    const threadId = stop.body.threadId!;
    const pid = /^(\d+):/.exec((await topFrame(client, threadId)).instructionPointerReference!)![1];
    return { pid, address, threadId };
  }
});

// DW_OP_addr <u32>: a global's location.
function readAddress(expr: Uint8Array): number {
  expect(expr[0]).toBe(0x03);
  return (expr[1] | (expr[2] << 8) | (expr[3] << 16) | (expr[4] << 24)) >>> 0;
}

beforeAll(() => {
  expect(readFileSync(CLI).length).toBeGreaterThan(0);
});
