// The replay of one read() on a file of /data, from the machine's events: the call entering the
// kernel, each page cache lookup (hit, miss or hole), for a miss the block request, its wait in
// the queue and the device's latency, the cache fill that wakes the thread, and the return, each
// at its simulated time. Events carry no thread for page cache steps, so they are given to the
// read whose span [entry, return] holds them (the latest to start, when spans overlap).

import type { MachineEvent, PageCacheOutcome } from '../../sim/events';
import type { StorageView } from '../../sim/fs/storage-view';
import { bytes, duration } from '../format';
import { eventsOf, type EventOf } from './storage-model';

const READ_CALLS = new Set(['read', 'pread64', 'readv', 'preadv']);
const LOOKUPS = new Set<PageCacheOutcome>(['hit', 'miss', 'hole']);
const PAGE_SIZE = 4096;
/** How many recent reads the panel offers to replay. */
export const REPLAY_CHOICES = 8;

export type StepKind = 'enter' | 'lookup' | 'hit' | 'miss' | 'hole' | 'direct' | 'request' | 'queue' | 'device' | 'fill' | 'return' | 'waiting';

export interface ReplayStep {
  readonly kind: StepKind;
  readonly title: string;
  readonly detail: string;
  /** Simulated ns since boot the step happens at (its start, for the device's service). */
  readonly atNs: number;
}

export type ReadOutcome = 'hit' | 'miss' | 'hole' | 'direct' | 'mixed';

export interface ReadReplay {
  /** Stable across stops: the thread and the cycle it entered the call. */
  readonly key: string;
  readonly pid: number;
  readonly tid: number;
  /** The call as strace would start it: `pread64(fd 3, 4096 bytes at 0)`. */
  readonly call: string;
  readonly path: string;
  readonly outcome: ReadOutcome;
  readonly startNs: number;
  /** When it returned, or null while it waits for the device. */
  readonly endNs: number | null;
  readonly steps: readonly ReplayStep[];
}

interface ReadCall {
  readonly key: string;
  readonly event: EventOf<'syscall'>;
  readonly startCycles: number;
  readonly endCycles: number;
  readonly result: number | null;
}

interface ReadParts {
  readonly lookups: EventOf<'pageCache'>[];
  readonly fills: EventOf<'pageCache'>[];
  readonly requests: EventOf<'blockRequest'>[];
}

/** The recent reads of /data files the events still hold, newest first (at most `limit`). */
export function recentReads(events: readonly MachineEvent[], storage: StorageView, cycleNs: number, limit = REPLAY_CHOICES): ReadReplay[] {
  const calls = readCalls(events);
  const parts = attribute(calls, events);
  const replays: ReadReplay[] = [];
  for (const call of [...calls].reverse()) {
    const found = parts.get(call.key)!;
    if (found.lookups.length === 0 && found.requests.length === 0) continue; // not a file of /data
    replays.push(replay(call, found, storage, cycleNs));
    if (replays.length === limit) break;
  }
  return replays;
}

/** Read calls, oldest first; a call that slept is sent twice ('blocked', then done) and kept once. */
function readCalls(events: readonly MachineEvent[]): ReadCall[] {
  const calls = new Map<string, ReadCall>();
  for (const e of eventsOf(events, 'syscall')) {
    if (!READ_CALLS.has(e.name) || e.result === 'no-return') continue;
    const key = `${e.tid}:${e.startCycles}`;
    if (calls.has(key) && e.result === 'blocked') continue;
    const result = typeof e.result === 'number' ? e.result : null;
    calls.set(key, { key, event: e, startCycles: e.startCycles, endCycles: result === null ? Infinity : e.cycles, result });
  }
  return [...calls.values()].sort((a, b) => a.startCycles - b.startCycles);
}

function attribute(calls: readonly ReadCall[], events: readonly MachineEvent[]): Map<string, ReadParts> {
  const parts = new Map(calls.map((c): [string, ReadParts] => [c.key, { lookups: [], fills: [], requests: [] }]));
  const holder = (cycles: number) => {
    const call = callSpanning(calls, cycles);
    return call && parts.get(call.key)!;
  };
  // A miss queues its request at the same cycle, and its fill comes later for the same page.
  const missesByCycle = new Map<number, ReadParts>();
  const missesByPage = new Map<string, ReadParts>();
  // In log order: a fill is logged right after its miss (stamped with the later cycle it completes at).
  for (const e of eventsOf(events, 'pageCache')) {
    if (e.outcome === 'filled') missesByPage.get(`${e.file}#${e.index}`)?.fills.push(e);
    const owner = LOOKUPS.has(e.outcome) ? holder(e.cycles) : null;
    if (!owner) continue;
    owner.lookups.push(e);
    if (e.outcome !== 'miss') continue;
    missesByCycle.set(e.cycles, owner);
    missesByPage.set(`${e.file}#${e.index}`, owner);
  }
  for (const r of eventsOf(events, 'blockRequest')) {
    if (r.op !== 'read') continue;
    const owner = r.cause === 'direct' ? holder(r.cycles) : missesByCycle.get(r.cycles);
    owner?.requests.push(r);
  }
  return parts;
}

/** The latest-starting call (of `calls`, by start) whose span holds `cycles`. */
function callSpanning(calls: readonly ReadCall[], cycles: number): ReadCall | null {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (calls[middle]!.startCycles <= cycles) low = middle + 1;
    else high = middle;
  }
  for (let i = low - 1; i >= 0; i--) if (calls[i]!.endCycles >= cycles) return calls[i]!;
  return null;
}

function replay(call: ReadCall, parts: ReadParts, storage: StorageView, cycleNs: number): ReadReplay {
  const at = (cycles: number) => cycles * cycleNs;
  const e = call.event;
  const path = pathOf(parts.lookups[0]?.file ?? null, storage);
  const steps: ReplayStep[] = [{ kind: 'enter', title: `${callText(e.name, e.args)} enters the kernel`, detail: `pid ${e.pid}, tid ${e.tid} asks the kernel for bytes of ${path}.`, atNs: at(call.startCycles) }];
  if (parts.lookups.length === 0) steps.push(...directSteps(parts, storage, cycleNs));
  for (const run of lookupRuns(parts.lookups)) steps.push(...lookupSteps(run, parts, storage, cycleNs));
  const endNs = call.result === null ? null : at(call.endCycles);
  steps.push(endNs === null ? waitingStep(e.name, steps) : returnStep(e.name, call.result!, endNs, at(call.startCycles)));
  return { key: call.key, pid: e.pid, tid: e.tid, call: callText(e.name, e.args), path, outcome: outcomeOf(parts), startNs: at(call.startCycles), endNs, steps };
}

/**
 * Consecutive lookups with the same outcome on the same file become one run (a 64 KiB read
 * hitting 16 pages is one step). A hole is logged as a miss and then a hole: it shows as the hole.
 */
function lookupRuns(lookups: readonly EventOf<'pageCache'>[]): EventOf<'pageCache'>[][] {
  const runs: EventOf<'pageCache'>[][] = [];
  const samePage = (a: EventOf<'pageCache'> | undefined, b: EventOf<'pageCache'>) => a !== undefined && a.file === b.file && a.index === b.index;
  const shown = lookups.filter((l, i) => !(l.outcome === 'miss' && lookups[i + 1]?.outcome === 'hole' && samePage(lookups[i + 1], l)));
  for (const l of shown) {
    const last = runs[runs.length - 1]?.at(-1);
    if (last && l.outcome !== 'miss' && last.outcome === l.outcome && last.file === l.file && last.index + 1 === l.index) runs[runs.length - 1]!.push(l);
    else runs.push([l]);
  }
  return runs;
}

function lookupSteps(run: readonly EventOf<'pageCache'>[], parts: ReadParts, storage: StorageView, cycleNs: number): ReplayStep[] {
  const first = run[0]!;
  const pages = run.length === 1 ? `page ${first.index}` : `pages ${first.index}–${run[run.length - 1]!.index}`;
  const path = pathOf(first.file, storage);
  const atNs = first.cycles * cycleNs;
  const steps: ReplayStep[] = [{ kind: 'lookup', title: `Page cache lookup: ${pages}`, detail: `Is ${pages} of ${path} in memory? The kernel looks in the file's page cache first.`, atNs }];
  if (first.outcome === 'hit') {
    steps.push({ kind: 'hit', title: 'Hit: copied from the page cache', detail: `${pages} ${run.length === 1 ? 'is' : 'are'} cached: the bytes are copied to the caller's buffer, no device request.`, atNs });
    return steps;
  }
  if (first.outcome === 'hole') {
    steps.push({ kind: 'hole', title: 'A hole: zeros, no device request', detail: `No block holds ${pages} on the device (never written): it reads as zeros.`, atNs });
    return steps;
  }
  steps.push({ kind: 'miss', title: 'Miss: not in the page cache', detail: `${pages} must come from ${storage.device.name}; the thread will sleep until it arrives.`, atNs });
  for (const r of parts.requests.filter((q) => q.cycles === first.cycles)) steps.push(...requestSteps(r, storage, cycleNs));
  const fill = parts.fills.find((f) => f.file === first.file && f.index === first.index);
  if (fill) {
    const request = parts.requests.find((q) => q.cycles === first.cycles);
    const ahead = request ? (request.sectors * storage.device.logicalSectorSize) / PAGE_SIZE - 1 : 0;
    const extra = ahead > 0 ? `, with pages ${first.index + 1}–${first.index + ahead} read ahead` : '';
    steps.push({ kind: 'fill', title: 'Cache fill', detail: `${pages} goes into the page cache${extra}; the device's interrupt wakes the thread.`, atNs: fill.cycles * cycleNs });
  }
  return steps;
}

function directSteps(parts: ReadParts, storage: StorageView, cycleNs: number): ReplayStep[] {
  const first = parts.requests[0];
  if (!first) return [];
  const direct: ReplayStep = { kind: 'direct', title: 'O_DIRECT: around the page cache', detail: 'The file was opened with O_DIRECT: the device reads straight into the caller’s buffer.', atNs: first.cycles * cycleNs };
  return [direct, ...parts.requests.flatMap((r) => requestSteps(r, storage, cycleNs))];
}

/** A request queued, its wait behind earlier ones (when it had to), and the device serving it. */
function requestSteps(r: EventOf<'blockRequest'>, storage: StorageView, cycleNs: number): ReplayStep[] {
  const size = r.sectors * storage.device.logicalSectorSize;
  const pba = r.pba < 0 ? '' : ` → PBA ${r.pba}`;
  const steps: ReplayStep[] = [
    { kind: 'request', title: `Block request #${r.id}: read LBA ${r.lba}${pba}`, detail: `${r.sectors} sector${r.sectors === 1 ? '' : 's'} (${bytes(size)}) queued on ${storage.device.name}, cause ${r.cause}.`, atNs: r.queuedAt * cycleNs },
  ];
  const waitNs = (r.startAt - r.queuedAt) * cycleNs;
  if (waitNs > 0) {
    const ahead = storage.recent.filter((q) => q.id < r.id && q.doneNs > r.queuedAt * cycleNs).length;
    steps.push({ kind: 'queue', title: `Queue wait: ${duration(waitNs)}`, detail: `The device serves requests in order: ${ahead > 0 ? `${ahead} earlier request${ahead === 1 ? '' : 's'}` : 'earlier requests'} first.`, atNs: r.queuedAt * cycleNs });
  }
  const latencyNs = (r.doneAt - r.startAt) * cycleNs;
  const how = storage.device.kind === 'hdd' ? 'seek, rotation and transfer' : 'flash read and transfer';
  steps.push({ kind: 'device', title: `Device latency: ${duration(latencyNs)}`, detail: `${storage.device.name} (${storage.device.kind.toUpperCase()}) serves it: ${how}.`, atNs: r.startAt * cycleNs });
  return steps;
}

function returnStep(name: string, result: number, endNs: number, startNs: number): ReplayStep {
  const what = result < 0 ? `fails with ${result}` : result === 0 ? 'returns 0 (end of file)' : `returns ${result} bytes`;
  return { kind: 'return', title: `${name} ${what}`, detail: `Back in user space ${duration(endNs - startNs)} after the call began.`, atNs: endNs };
}

function waitingStep(name: string, steps: readonly ReplayStep[]): ReplayStep {
  const last = steps[steps.length - 1]!;
  return { kind: 'waiting', title: `${name} is still waiting`, detail: 'The thread sleeps until the device completes the request.', atNs: last.atNs };
}

function outcomeOf(parts: ReadParts): ReadOutcome {
  const shown = lookupRuns(parts.lookups).flat();
  if (shown.length === 0) return 'direct';
  const outcomes = new Set(shown.map((l) => l.outcome));
  return outcomes.size === 1 ? (shown[0]!.outcome as ReadOutcome) : 'mixed';
}

/** `nvme0n1:4` (device and inode, as events name a file) → its path, while the file exists. */
function pathOf(file: string | null, storage: StorageView): string {
  if (file === null) return 'a file of /data'; // a direct read's events name no file
  const [device, ino] = file.split(':');
  const found = device === storage.device.name ? storage.files.find((f) => String(f.ino) === ino) : undefined;
  return found?.path ?? `${device} inode ${ino}`;
}

function callText(name: string, args: readonly number[]): string {
  const fd = args[0] ?? 0;
  if (name === 'readv' || name === 'preadv') return `${name}(fd ${fd}, ${args[2] ?? 0} iovecs)`;
  const count = `${(args[2] ?? 0) >>> 0} bytes`;
  if (name === 'pread64') return `${name}(fd ${fd}, ${count} at ${((args[3] ?? 0) >>> 0) + (args[4] ?? 0) * 2 ** 32})`;
  return `${name}(fd ${fd}, ${count})`;
}
