// What the status-bar item says about an oslab debug session: running, stopped (where and why,
// at which simulated time and instruction count) or exited, folded from the DAP messages that
// pass between VS Code and the adapter. Plain data in and out; status.ts shows it.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { STOPPED_EVENT, type OslabStoppedBody } from '../debug/protocol';

/** The simulated clock at a stop, when the adapter reports it. */
export interface SimulatedClock {
  readonly timeNs: number;
  readonly instructions: number;
}

export type SessionStatus =
  | { readonly state: 'starting' | 'running' }
  | { readonly state: 'stopped'; readonly stop: OslabStoppedBody; readonly clock?: SimulatedClock }
  | { readonly state: 'exited'; readonly exitCode?: number };

export const STARTING: SessionStatus = { state: 'starting' };

// Requests after which the machine runs until its next stop.
const RESUMING_REQUESTS = new Set(['continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'restart']);

/** The status after one message from the adapter (an event) or to it (a request). */
export function nextStatus(status: SessionStatus, message: DebugProtocol.ProtocolMessage): SessionStatus {
  if (message.type === 'request') {
    const command = (message as DebugProtocol.Request).command;
    return RESUMING_REQUESTS.has(command) && status.state !== 'exited' ? { state: 'running' } : status;
  }
  if (message.type !== 'event') return status;
  const event = message as DebugProtocol.Event;
  switch (event.event) {
    case STOPPED_EVENT: {
      const stop = event.body as OslabStoppedBody;
      return { state: 'stopped', stop, clock: clockOf(stop) };
    }
    case 'continued':
      return { state: 'running' };
    case 'exited':
      return { state: 'exited', exitCode: (event.body as DebugProtocol.ExitedEvent['body']).exitCode };
    case 'terminated':
      return status.state === 'exited' ? status : { state: 'exited' };
    default:
      return status;
  }
}

// oslab's adapter always sends the clock; another adapter of the protocol may not.
function clockOf(stop: OslabStoppedBody): SimulatedClock | undefined {
  if (stop.timeNs === undefined || stop.instructions === undefined) return undefined;
  return { timeNs: stop.timeNs, instructions: stop.instructions };
}

/** The item's text (with a codicon) and tooltip. */
export function statusText(status: SessionStatus): { readonly text: string; readonly tooltip: string } {
  switch (status.state) {
    case 'starting':
      return { text: '$(vm) oslab: starting', tooltip: 'oslab is building the program and booting the simulated machine' };
    case 'running':
      return { text: '$(vm-running) oslab: running', tooltip: 'The simulated machine is running' };
    case 'exited': {
      const code = status.exitCode === undefined ? '' : ` (status ${status.exitCode})`;
      return { text: `$(vm-outline) oslab: exited${code}`, tooltip: 'The program has finished' };
    }
    case 'stopped': {
      const where = `pid ${status.stop.pid} · tid ${status.stop.tid}`;
      const clock = status.clock ? ` · ${formatSimulatedTime(status.clock.timeNs)} · ${formatCount(status.clock.instructions)} instr` : '';
      return { text: `$(debug-pause) oslab: ${where}${clock}`, tooltip: `Stopped (${status.stop.reason}): ${status.stop.description}\nstop #${status.stop.epoch}` };
    }
  }
}

/** Simulated time in the unit that keeps it readable: 850 ns, 12.5 µs, 3.250 ms, 1.200000 s. */
export function formatSimulatedTime(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(3)} ms`;
  return `${(ns / 1e9).toFixed(6)} s`;
}

/** 1234567 → "1,234,567", independent of the host's locale so the item reads the same everywhere. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
