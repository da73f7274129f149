// The status-bar item's text through a session: starting, running, stopped where and why (with
// the simulated clock when the adapter reports it), exited (extension/status-model.ts).

import { describe, expect, it } from 'vitest';
import { STOPPED_EVENT, type OslabStoppedBody } from '../../debug/protocol';
import { formatCount, formatSimulatedTime, nextStatus, STARTING, statusText, type SessionStatus } from '../../extension/status-model';

const stop: OslabStoppedBody = { epoch: 3, pid: 7, tid: 9, reason: 'breakpoint', description: 'breakpoint at fork.c:12' };
const event = (name: string, body?: unknown) => ({ seq: 1, type: 'event', event: name, body });
const request = (command: string) => ({ seq: 2, type: 'request', command });

function fold(...messages: { seq: number; type: string }[]): SessionStatus {
  return messages.reduce(nextStatus, STARTING);
}

describe('the session status', () => {
  it('follows a session from start to stop to run to exit', () => {
    const stopped = fold(event('initialized'), event(STOPPED_EVENT, stop));
    expect(stopped).toEqual({ state: 'stopped', stop, clock: undefined });
    expect(statusText(stopped).text).toBe('$(debug-pause) oslab: pid 7 · tid 9');
    expect(statusText(stopped).tooltip).toBe('Stopped (breakpoint): breakpoint at fork.c:12\nstop #3');
    expect(nextStatus(stopped, request('next'))).toEqual({ state: 'running' });
    expect(nextStatus(stopped, request('threads'))).toBe(stopped);
    expect(statusText(nextStatus(stopped, event('exited', { exitCode: 3 }))).text).toBe('$(vm-outline) oslab: exited (status 3)');
  });

  it('keeps the exit status when the session terminates after it', () => {
    expect(fold(event('exited', { exitCode: 0 }), event('terminated'))).toEqual({ state: 'exited', exitCode: 0 });
    expect(fold(event('terminated'))).toEqual({ state: 'exited' });
    expect(nextStatus({ state: 'exited', exitCode: 1 }, request('continue'))).toEqual({ state: 'exited', exitCode: 1 });
  });

  it('shows simulated time and instructions when the stop carries them', () => {
    const status = fold(event(STOPPED_EVENT, { ...stop, timeNs: 3_250_000, instructions: 1_234_567 }));
    expect(statusText(status).text).toBe('$(debug-pause) oslab: pid 7 · tid 9 · 3.250 ms · 1,234,567 instr');
  });

  it('formats simulated time in a readable unit and counts with separators', () => {
    expect([850, 12_500, 3_250_000, 1_200_000_000].map(formatSimulatedTime)).toEqual(['850 ns', '12.5 µs', '3.250 ms', '1.200000 s']);
    expect([0, 999, 1000, 1_234_567].map(formatCount)).toEqual(['0', '999', '1,000', '1,234,567']);
  });
});
