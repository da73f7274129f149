// The panels' view of a debug session: a snapshot of the machine, the page table of the process
// the user follows and the recent kernel events, gathered in one reply so that every panel draws
// the same instant. The adapter answers `oslab/panelData` with it; tests and the bench call it
// directly on a machine.

import type { EventKind } from '../sim/events';
import type { Machine } from '../sim/machine';
import type { PanelData } from './protocol';

/**
 * The kinds of event panels read (processes and threads by name, syscalls, the storage stack).
 * Page faults, the most numerous, are left out: thousands per stop that no panel draws, and the
 * data crosses a postMessage at every stop.
 */
const PANEL_EVENT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['syscall', 'process', 'exec', 'thread', 'exit', 'signal', 'pageCache', 'blockRequest', 'writeback']);

export interface PanelDataRequest {
  readonly epoch: number;
  readonly sequence: number;
  readonly running: boolean;
  /** The thread asked for, then the fallback (the last stop's thread). */
  readonly tid: number | undefined;
  readonly fallbackTid: number;
}

export function panelData(machine: Machine, request: PanelDataRequest): PanelData {
  const snapshot = machine.snapshot(request.epoch);
  const selected = selectThread(snapshot, request.tid) ?? selectThread(snapshot, request.fallbackTid) ?? firstThread(snapshot);
  const pageTable = selected ? machine.pageTable(selected.pid) : null;
  return { epoch: request.epoch, sequence: request.sequence, running: request.running, selected, snapshot, pageTable, events: machine.events.recent().filter((e) => PANEL_EVENT_KINDS.has(e.kind)) };
}

function selectThread(snapshot: PanelData['snapshot'], tid: number | undefined): PanelData['selected'] {
  if (tid === undefined) return null;
  for (const process of snapshot.processes) {
    if (process.state === 'zombie') continue;
    if (process.threads.some((t) => t.tid === tid)) return { pid: process.pid, tid };
  }
  return null;
}

function firstThread(snapshot: PanelData['snapshot']): PanelData['selected'] {
  const process = snapshot.processes.find((p) => p.state !== 'zombie' && p.threads.length > 0);
  return process ? { pid: process.pid, tid: process.threads[0]!.tid } : null;
}
