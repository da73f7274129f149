// The debugger's part of the bench, in the mode VS Code uses (the adapter inline, in-process):
// F5 to the first stop for a 200-line program (target < 300 ms, compile included), a `next`
// round trip with 100 live processes (target < 20 ms), and the longest the host's event loop
// was blocked while the machine ran freely (target < 20 ms); and a `stepBack` round trip, for the record.

import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OslabDebugSession } from '../debug/session';
import { fmtFixed, type Table } from './report';
import { programDir } from './build';

export interface DebugTimings {
  readonly firstStopMs: number[];
  readonly nextMs: number[];
  readonly longestBlockMs: number;
  /** Inside the adapter while it ran: its longest slice and longest checkpoint. */
  readonly longestSliceMs: number;
  readonly longestCheckpointMs: number;
  /** `stepBack` round trips from the same stop (a replay from the latest checkpoint each). */
  readonly stepBackMs: number[];
}

/** One adapter session driven the way VS Code drives an inline adapter. */
class InlineClient {
  private seq = 1;
  private readonly waiters: { match: (m: DebugProtocol.ProtocolMessage) => boolean; resolve: (m: DebugProtocol.ProtocolMessage) => void }[] = [];
  readonly session = new OslabDebugSession();

  constructor() {
    this.session.onDidSendMessage((message) => {
      const m = message as DebugProtocol.ProtocolMessage;
      const at = this.waiters.findIndex((w) => w.match(m));
      if (at >= 0) this.waiters.splice(at, 1)[0].resolve(m);
    });
  }

  request(command: string, args: object = {}): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    const reply = this.next((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq);
    this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    return reply as Promise<DebugProtocol.Response>;
  }

  event(name: string): Promise<DebugProtocol.Event> {
    return this.next((m) => m.type === 'event' && (m as DebugProtocol.Event).event === name) as Promise<DebugProtocol.Event>;
  }

  private next(match: (m: DebugProtocol.ProtocolMessage) => boolean): Promise<DebugProtocol.ProtocolMessage> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

export async function benchDebugger(quick: boolean): Promise<{ timings: DebugTimings; table: Table }> {
  const runs = quick ? 2 : 5;
  const firstStopMs: number[] = [];
  for (let i = 0; i < runs; i++) firstStopMs.push(await timeFirstStop(join(programDir, 'debug', 'two-hundred.c')));
  const { nextMs, longestBlockMs, longestSliceMs, longestCheckpointMs, stepBackMs } = await timeNexts(join(programDir, 'debug', 'many-next.c'), quick ? 5 : 20);
  const best = Math.min(...firstStopMs);
  const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[ms.length >> 1];
  const table: Table = {
    title: 'Debugger (adapter inline, as in VS Code): host wall time',
    head: ['what', 'measured', 'target', ''],
    align: ['left', 'right', 'right', 'left'],
    rows: [
      ['F5 to the first stop, 219-line C program (compile included), best', `${fmtFixed(best, 0)} ms`, '< 300 ms', best < 300 ? '✓' : '✗'],
      ['`next` round trip with 100 live processes, median', `${fmtFixed(median(nextMs), 1)} ms`, '< 20 ms', median(nextMs) < 20 ? '✓' : '✗'],
      ['longest the event loop was blocked while the machine ran', `${fmtFixed(longestBlockMs, 1)} ms`, '< 20 ms', longestBlockMs < 20 ? '✓' : '✗'],
      ['`stepBack` round trip with 100 live processes, median', `${fmtFixed(median(stepBackMs), 1)} ms`, '', ''],
    ],
    notes: [
      `F5 runs: ${firstStopMs.map((m) => fmtFixed(m, 0)).join(' / ')} ms; next: ${nextMs.map((m) => fmtFixed(m, 1)).join(' / ')} ms.`,
      `While it ran: longest slice ${fmtFixed(longestSliceMs, 1)} ms, longest checkpoint (reverse-debugging history) ${fmtFixed(longestCheckpointMs, 1)} ms.`,
    ],
  };
  return { timings: { firstStopMs, nextMs, longestBlockMs, longestSliceMs, longestCheckpointMs, stepBackMs }, table };
}

async function start(program: string, breakpointLine?: number): Promise<{ client: InlineClient; threadId: number }> {
  const client = new InlineClient();
  await client.request('initialize', { adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const stopped = client.event('stopped');
  const launched = client.request('launch', { program, stopOnEntry: breakpointLine === undefined });
  if (breakpointLine !== undefined) await client.request('setBreakpoints', { source: { path: program }, breakpoints: [{ line: breakpointLine }] });
  await client.request('configurationDone');
  await launched;
  const stop = await stopped;
  return { client, threadId: (stop.body as { threadId: number }).threadId };
}

async function timeFirstStop(program: string): Promise<number> {
  const started = performance.now();
  const { client } = await start(program);
  const ms = performance.now() - started;
  await client.request('terminate');
  return ms;
}

async function timeNexts(program: string, count: number): Promise<Omit<DebugTimings, 'firstStopMs'>> {
  const { client, threadId } = await start(program, 16);
  const nextMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const stopped = client.event('stopped');
    await client.request('next', { threadId });
    await stopped;
    nextMs.push(performance.now() - started);
  }
  const stepBackMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const stopped = client.event('stopped');
    await client.request(i % 2 === 0 ? 'stepBack' : 'next', { threadId });
    await stopped;
    if (i % 2 === 0) stepBackMs.push(performance.now() - started);
  }
  // Run freely to the end while a timer measures how late the event loop answers.
  let longestBlockMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestBlockMs = Math.max(longestBlockMs, now - last - 1);
    last = now;
  }, 1);
  await client.request('setBreakpoints', { source: { path: program }, breakpoints: [] });
  const ended = client.event('terminated');
  last = performance.now();
  await client.request('continue', { threadId });
  await ended;
  clearInterval(ticker);
  const runtime = client.session.currentRuntime;
  return { nextMs, longestBlockMs, longestSliceMs: runtime?.longestSliceMs ?? NaN, longestCheckpointMs: runtime?.history?.longestCheckpointMs ?? NaN, stepBackMs };
}
