// What the Storage panel draws, computed from the data alone: simulated time from cycles, each
// file's pages as grid cells (compared with the previous stop), the device's queue and recent
// requests with their state at this stop, how close writeback is to its limits, and the waits of
// fsync and its kin. The replay of one read is in storage-replay.ts.

import type { MachineEvent, WritebackReason } from '../../sim/events';
import type { BlockRequestView, PageMapState, StorageFileView, StorageView } from '../../sim/fs/storage-view';
import type { MachineSnapshot } from '../../sim/snapshot-types';

// ---- time ----

/** Nanoseconds per cycle at this stop (the machine's clock need not be 1 GHz). */
export function nsPerCycle(snapshot: MachineSnapshot): number {
  return snapshot.cycles > 0 ? snapshot.simNs / snapshot.cycles : 1;
}

export type EventOf<K extends MachineEvent['kind']> = Extract<MachineEvent, { readonly kind: K }>;

/** The events of one kind, oldest first. */
export function eventsOf<K extends MachineEvent['kind']>(events: readonly MachineEvent[], kind: K): EventOf<K>[] {
  return events.filter((e): e is EventOf<K> => e.kind === kind);
}

// ---- the page cache ----

export type PageState = 'absent' | 'clean' | 'dirty' | 'writing';

const PAGE_STATES: Record<PageMapState, PageState> = { '.': 'absent', c: 'clean', d: 'dirty', w: 'writing' };

export const PAGE_STATE_LABEL: Record<PageState, string> = {
  absent: 'not cached',
  clean: 'clean',
  dirty: 'dirty',
  writing: 'being written',
};

export interface PageCell {
  readonly index: number;
  readonly state: PageState;
  /** Its state differs from the previous stop's. */
  readonly changed: boolean;
}

/** The file's mapped pages as cells, marked where they changed since `before` (the same file at the previous stop). */
export function pageCells(file: StorageFileView, before: StorageFileView | null): PageCell[] {
  const cells: PageCell[] = [];
  for (let index = 0; index < file.pageMap.length; index++) {
    const state = PAGE_STATES[file.pageMap[index] as PageMapState] ?? 'absent';
    const was = before ? (PAGE_STATES[before.pageMap[index] as PageMapState] ?? 'absent') : state;
    cells.push({ index, state, changed: was !== state });
  }
  return cells;
}

export interface PageCounts {
  readonly cached: number;
  readonly dirty: number;
  /** Clean pages whose write the device has not completed (counted among the mapped pages only). */
  readonly writing: number;
  readonly clean: number;
}

/** Cached and dirty pages of the whole file; being-written pages as far as the map goes. */
export function pageCounts(file: StorageFileView): PageCounts {
  let writing = 0;
  for (const state of file.pageMap) if (state === 'w') writing++;
  return { cached: file.cachedPages, dirty: file.dirtyPages, writing, clean: file.cachedPages - file.dirtyPages - writing };
}

export interface FileRow {
  readonly file: StorageFileView;
  readonly before: StorageFileView | null;
  /** New since the previous stop, or its pages changed. */
  readonly changed: boolean;
}

export function fileRows(files: readonly StorageFileView[], previous: readonly StorageFileView[] | null): FileRow[] {
  const byPath = new Map((previous ?? []).map((f) => [f.path, f]));
  return files.map((file) => {
    const before = byPath.get(file.path) ?? null;
    const changed = previous !== null && (!before || before.pageMap !== file.pageMap || before.size !== file.size || before.cachedPages !== file.cachedPages);
    return { file, before, changed };
  });
}

/** The file to show first: the one with the most dirty pages, else the most cached, else the first. */
export function defaultFile(files: readonly StorageFileView[]): string | null {
  let best: StorageFileView | null = null;
  for (const f of files) {
    if (!best || f.dirtyPages > best.dirtyPages || (f.dirtyPages === best.dirtyPages && f.cachedPages > best.cachedPages)) best = f;
  }
  return best?.path ?? null;
}

// ---- the device ----

export type RequestState = 'waiting' | 'serving' | 'done';

export function requestState(request: BlockRequestView, nowNs: number): RequestState {
  if (request.doneNs <= nowNs) return 'done';
  return request.queuedNs + request.waitNs <= nowNs ? 'serving' : 'waiting';
}

export interface RequestRow {
  readonly request: BlockRequestView;
  readonly state: RequestState;
  /** Issued since the previous stop. */
  readonly fresh: boolean;
}

/** The recent requests, newest first, with their state now and whether they are new since `previous`. */
export function requestRows(storage: StorageView, previous: StorageView | null, nowNs: number): RequestRow[] {
  const lastSeen = previous ? previous.recent.reduce((id, r) => Math.max(id, r.id), 0) : Infinity;
  return [...storage.recent].reverse().map((request) => ({ request, state: requestState(request, nowNs), fresh: request.id > lastSeen }));
}

/** LBA → PBA as the table writes it; a flush has neither. */
export function placement(request: BlockRequestView): string {
  if (request.op === 'flush') return '–';
  return `${request.lba} → ${request.pba < 0 ? '?' : request.pba}`;
}

// ---- writeback ----

export type MeterLevel = '' | 'warn' | 'full';

/** How the dirty pages stand against a limit: past it is full, past half of it a warning. */
export function meterLevel(part: number, limit: number): MeterLevel {
  if (part >= limit) return 'full';
  return part * 2 >= limit ? 'warn' : '';
}

// ---- fsync and its kin ----

const SYNC_CALLS = new Set(['fsync', 'fdatasync', 'sync', 'syncfs']);
const SYNC_REASONS = new Set<WritebackReason>(['fsync', 'fdatasync', 'sync']);

export interface SyncWait {
  readonly key: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  /** The fd it named (none for sync). */
  readonly fd: number | null;
  readonly startNs: number;
  /** When it returned, or null while it still waits. */
  readonly endNs: number | null;
  /** The time waited so far (to now for a call still waiting). */
  readonly waitedNs: number;
  readonly result: number | null;
  /** Dirty pages it wrote (from its writeback event), or null when that event is gone. */
  readonly pages: number | null;
  /** The device requests it issued (data, inode and the flush). */
  readonly requests: readonly number[];
}

/** fsync, fdatasync and sync calls among the events, newest first, with what they waited for. */
export function syncWaits(events: readonly MachineEvent[], cycleNs: number, nowNs: number): SyncWait[] {
  const calls = new Map<string, EventOf<'syscall'>>();
  for (const e of eventsOf(events, 'syscall')) {
    if (!SYNC_CALLS.has(e.name)) continue;
    const key = `${e.tid}:${e.startCycles}`;
    // A call that slept is sent twice: 'blocked' when it started, then its completion.
    if (!calls.has(key) || e.result !== 'blocked') calls.set(key, e);
  }
  // The kernel issues a sync's writes and flush when the call starts, all stamped with its start.
  const writebacks = new Map<number, EventOf<'writeback'>>();
  for (const e of eventsOf(events, 'writeback')) if (SYNC_REASONS.has(e.reason)) writebacks.set(e.cycles, e);
  const requests = new Map<number, number[]>();
  for (const e of eventsOf(events, 'blockRequest')) {
    if (e.cause !== 'fsync' && e.cause !== 'sync') continue;
    const ids = requests.get(e.cycles) ?? [];
    ids.push(e.id);
    requests.set(e.cycles, ids);
  }
  return [...calls].map(([key, call]) => syncWait(key, call, cycleNs, nowNs, writebacks.get(call.startCycles), requests.get(call.startCycles) ?? [])).sort((a, b) => b.startNs - a.startNs);
}

function syncWait(key: string, call: EventOf<'syscall'>, cycleNs: number, nowNs: number, writeback: EventOf<'writeback'> | undefined, requests: readonly number[]): SyncWait {
  const result = typeof call.result === 'number' ? call.result : null;
  const startNs = call.startCycles * cycleNs;
  const endNs = result === null ? null : call.cycles * cycleNs;
  return {
    key, name: call.name, pid: call.pid, tid: call.tid, fd: call.name === 'sync' ? null : (call.args[0] ?? null), startNs, endNs,
    waitedNs: (endNs ?? Math.max(startNs, nowNs)) - startNs, result, pages: writeback?.pages ?? null, requests,
  };
}
