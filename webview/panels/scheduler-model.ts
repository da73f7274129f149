// What the Scheduler panel draws, computed from the snapshot alone: each hart's run slices from
// the bounded switch history (a slice lasts from the switch that puts a thread on a hart to the
// next switch on that hart, whose reason says why it ended), which of them to draw at a zoom
// (only those in view, runs of sub-pixel slices merged), the time axis's ticks, and the threads
// table: who each tid is (even once exited), its run time and how long it waited runnable while
// the timeline knows.

import type { PanelData } from '../../debug/protocol';
import type { SwitchReason } from '../../sim/events';
import { SWITCH_HISTORY } from '../../sim/kernel/switch-history';
import type { MachineSnapshot, SchedulerView, ThreadView } from '../../sim/snapshot-types';

export interface Slice {
  readonly hart: number;
  readonly tid: number;
  /** Cycles of the hart's clock. */
  readonly start: number;
  readonly end: number;
  /** Why it ended (the next switch's reason), or null: still running at the stop. */
  readonly endReason: SwitchReason | null;
  /** Running when the known timeline begins: it started earlier than `start`. */
  readonly clipped: boolean;
}

export interface Lane {
  readonly hart: number;
  /** In time order, none overlapping. */
  readonly slices: readonly Slice[];
}

export interface Timeline {
  readonly lanes: readonly Lane[];
  /** Cycles where the known timeline starts (boot, or the oldest switch kept) and ends (the stop). */
  readonly start: number;
  readonly end: number;
  /** Older switches were dropped: nothing before `start` is known. */
  readonly truncated: boolean;
  /** Switches the history holds. */
  readonly switches: number;
  readonly nsPerCycle: number;
}

/**
 * The slices of every hart. Per hart, switches come in its clock's order; a slice ends at the next
 * switch on its hart, the last one at the stop (`now`). When the history was cut, a hart's first
 * switch away from a thread means that thread ran from the timeline's start (clipped).
 */
export function buildTimeline(scheduler: SchedulerView, hartCount: number, now: number, simNs: number): Timeline {
  const switches = scheduler.switches;
  const truncated = switches.length >= SWITCH_HISTORY;
  const start = truncated ? Math.min(...switches.map((s) => s.cycles)) : 0;
  const harts = Math.max(hartCount, ...switches.map((s) => s.hart + 1));
  const open: ({ tid: number; start: number; clipped: boolean } | null)[] = new Array(harts).fill(null);
  const seen: boolean[] = new Array(harts).fill(false);
  const lanes: Slice[][] = Array.from({ length: harts }, () => []);
  for (const s of switches) {
    const running = open[s.hart] ?? (!seen[s.hart] && s.from !== null ? { tid: s.from, start, clipped: true } : null);
    seen[s.hart] = true;
    if (running) lanes[s.hart]!.push({ hart: s.hart, ...running, end: Math.max(running.start, s.cycles), endReason: s.reason });
    open[s.hart] = s.to === null ? null : { tid: s.to, start: s.cycles, clipped: false };
  }
  open.forEach((running, hart) => {
    if (running) lanes[hart]!.push({ hart, ...running, end: Math.max(running.start, now), endReason: null });
  });
  return {
    lanes: lanes.map((slices, hart) => ({ hart, slices })),
    start,
    end: Math.max(start, now),
    truncated,
    switches: switches.length,
    nsPerCycle: now > 0 ? simNs / now : 1,
  };
}

/**
 * Cycles each thread spent runnable but off every hart, as far as the timeline shows: from a
 * slice ended by preemption or a yield to the thread's next slice (or to the stop, when it is
 * still runnable). A blocked thread's wait between its wake-up and its next slice is not
 * recorded, so it is not counted.
 */
export function knownWaits(timeline: Timeline, stillRunnable: (tid: number) => boolean): Map<number, number> {
  const byThread = new Map<number, Slice[]>();
  for (const lane of timeline.lanes) {
    for (const s of lane.slices) {
      const slices = byThread.get(s.tid);
      if (slices) slices.push(s);
      else byThread.set(s.tid, [s]);
    }
  }
  const waits = new Map<number, number>();
  for (const [tid, slices] of byThread) {
    slices.sort((a, b) => a.start - b.start);
    let waited = 0;
    slices.forEach((s, i) => {
      if (s.endReason !== 'preempted' && s.endReason !== 'yielded') return;
      const next = slices[i + 1];
      if (next) waited += Math.max(0, next.start - s.end);
      else if (stillRunnable(tid)) waited += Math.max(0, timeline.end - s.end);
    });
    waits.set(tid, waited);
  }
  return waits;
}

/** What the timeline shows of one thread: its time on harts and its switches by kind. */
export interface TimelineTotals {
  readonly runCycles: number;
  /** Blocked or yielded. */
  readonly voluntary: number;
  readonly involuntary: number;
  /** It ran before the known timeline too: the totals are lower bounds. */
  readonly partial: boolean;
}

export function timelineTotals(timeline: Timeline): Map<number, TimelineTotals> {
  const totals = new Map<number, TimelineTotals>();
  for (const lane of timeline.lanes) {
    for (const s of lane.slices) {
      const t = totals.get(s.tid) ?? { runCycles: 0, voluntary: 0, involuntary: 0, partial: false };
      totals.set(s.tid, {
        runCycles: t.runCycles + (s.end - s.start),
        voluntary: t.voluntary + (s.endReason === 'blocked' || s.endReason === 'yielded' ? 1 : 0),
        involuntary: t.involuntary + (s.endReason === 'preempted' ? 1 : 0),
        partial: t.partial || s.clipped || timeline.truncated,
      });
    }
  }
  return totals;
}

/** Where the drawing is: cycles at the content's left edge, its scale, and the pixels in view. */
export interface LaneView {
  readonly origin: number;
  readonly pxPerCycle: number;
  readonly fromPx: number;
  readonly toPx: number;
}

export type DrawnSlice =
  | { readonly kind: 'slice'; readonly index: number; readonly slice: Slice; readonly left: number; readonly width: number }
  /** Consecutive slices each narrower than a pixel, with gaps under a pixel: one block. */
  | { readonly kind: 'merged'; readonly first: number; readonly last: number; readonly tids: readonly number[]; readonly start: number; readonly end: number; readonly left: number; readonly width: number };

/** Narrower than this, a slice joins its sub-pixel neighbours in one block. */
const MERGE_BELOW_PX = 1;
/** Every drawn block stays visible and clickable. */
const MIN_DRAWN_PX = 2;

/**
 * The blocks to draw for one lane: only slices overlapping the pixels in view (found by binary
 * search, so thousands of slices cost what the visible ones cost), sub-pixel runs merged. The
 * slice at `keep` (the keyboard's) is always drawn on its own.
 */
export function drawLane(lane: Lane, view: LaneView, keep = -1): DrawnSlice[] {
  const slices = lane.slices;
  const fromCycles = view.origin + view.fromPx / view.pxPerCycle;
  const toCycles = view.origin + view.toPx / view.pxPerCycle;
  const x = (cycles: number) => (cycles - view.origin) * view.pxPerCycle;
  const drawn: DrawnSlice[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length === 1) drawn.push(single(run[0]!));
    else if (run.length > 1) {
      const first = slices[run[0]!]!;
      const last = slices[run[run.length - 1]!]!;
      const tids = [...new Set(run.map((i) => slices[i]!.tid))];
      drawn.push({ kind: 'merged', first: run[0]!, last: run[run.length - 1]!, tids, start: first.start, end: last.end, left: x(first.start), width: Math.max(MIN_DRAWN_PX, x(last.end) - x(first.start)) });
    }
    run = [];
  };
  const single = (index: number): DrawnSlice => {
    const slice = slices[index]!;
    return { kind: 'slice', index, slice, left: x(slice.start), width: Math.max(MIN_DRAWN_PX, x(slice.end) - x(slice.start)) };
  };
  for (let i = firstEndingAfter(slices, fromCycles); i < slices.length && slices[i]!.start <= toCycles; i++) {
    const slice = slices[i]!;
    const narrow = (slice.end - slice.start) * view.pxPerCycle < MERGE_BELOW_PX && i !== keep;
    const previous = run.length > 0 ? slices[run[run.length - 1]!]! : null;
    const adjoining = previous !== null && (slice.start - previous.end) * view.pxPerCycle < MERGE_BELOW_PX;
    if (!narrow || !adjoining) flush();
    if (narrow) run.push(i);
    else drawn.push(single(i));
  }
  flush();
  return drawn;
}

function firstEndingAfter(slices: readonly Slice[], cycles: number): number {
  let low = 0;
  let high = slices.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (slices[middle]!.end < cycles) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface Tick {
  readonly ns: number;
  readonly label: string;
}

const UNITS: readonly [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/**
 * Ticks for simulated time `fromNs`..`toNs` drawn over `widthPx`: a 1-2-5 step leaving at least
 * `spacingPx` between labels, each in the unit of the axis's largest time with as many decimals
 * as the step needs ("75.728 ms", not "75.7 ms" five times over).
 */
export function timeTicks(fromNs: number, toNs: number, widthPx: number, spacingPx = 90): Tick[] {
  if (!(toNs > fromNs) || widthPx <= 0) return [];
  const step = niceStep(((toNs - fromNs) * spacingPx) / widthPx);
  const [unitNs, unit] = UNITS.find(([ns]) => toNs >= ns) ?? UNITS[UNITS.length - 1]!;
  const decimals = Math.max(0, Math.ceil(Math.log10(unitNs / step) - 1e-9));
  const ticks: Tick[] = [];
  for (let ns = Math.ceil(fromNs / step) * step; ns <= toNs; ns += step) ticks.push({ ns, label: `${(ns / unitNs).toFixed(decimals)} ${unit}` });
  return ticks;
}

function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-9)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return Math.max(1, step);
}

/** How far in one may zoom: about 40 cycles across the view, and a content width browsers can lay out. */
export function maxZoom(timeline: Timeline, widthPx: number): number {
  const span = Math.max(1, timeline.end - timeline.start);
  return Math.max(1, Math.min(span / 40, 8_000_000 / Math.max(1, widthPx)));
}

/** What ended a slice, as the tooltip says it. */
export function endedBy(slice: Slice): string {
  if (slice.endReason === null) return 'still running at the stop';
  return `ended: ${slice.endReason === 'dispatched' ? 'switched' : slice.endReason}`;
}

export interface ThreadName {
  readonly pid: number;
  readonly comm: string;
  /** Still in the snapshot (not exited or reaped). */
  readonly alive: boolean;
}

/**
 * Who each tid is: from the snapshots, then from the recent events for threads that have exited
 * since (a 'thread' event gives its process, a 'process' event a process's name).
 */
export function threadNames(data: PanelData, before: MachineSnapshot | null): Map<number, ThreadName> {
  const names = new Map<number, ThreadName>();
  const comms = new Map<number, string>();
  for (const e of data.events) if (e.kind === 'process') comms.set(e.pid, e.comm);
  for (const p of [...(before?.processes ?? []), ...data.snapshot.processes]) comms.set(p.pid, p.comm);
  const add = (tid: number, pid: number, alive: boolean) => names.set(tid, { pid, comm: comms.get(pid) ?? `pid ${pid}`, alive });
  for (const e of data.events) if (e.kind === 'thread') add(e.tid, e.pid, false);
  for (const e of data.events) if (e.kind === 'process') add(e.pid, e.pid, false);
  for (const p of before?.processes ?? []) for (const t of p.threads) add(t.tid, p.pid, false);
  for (const p of data.snapshot.processes) for (const t of p.threads) add(t.tid, p.pid, true);
  return names;
}

export function who(tid: number, names: ReadonlyMap<number, ThreadName>): string {
  const name = names.get(tid);
  if (!name) return `tid ${tid} (exited)`;
  return `tid ${tid} (${name.comm}${name.alive ? '' : ', exited'})`;
}

/** A row of the threads table: a live thread from the snapshot, or one that exited, as the timeline saw it. */
export interface ThreadRow {
  readonly tid: number;
  readonly pid: number;
  readonly comm: string;
  readonly state: ThreadView['state'] | 'exited';
  readonly hart: number;
  readonly waitingFor: string | null;
  readonly runNs: number;
  readonly waitedNs: number | null;
  readonly voluntary: number;
  readonly involuntary: number;
  /** Figures from the timeline alone, which may have missed the start: lower bounds. */
  readonly atLeast: boolean;
  readonly changed: boolean;
}

export function threadRows(now: MachineSnapshot, before: MachineSnapshot | null, timeline: Timeline, names: ReadonlyMap<number, ThreadName>): ThreadRow[] {
  const threads = now.processes.flatMap((p) => p.threads.map((thread) => ({ thread, comm: p.comm })));
  const runnable = new Set(threads.filter((t) => t.thread.state === 'runnable').map((t) => t.thread.tid));
  const waits = knownWaits(timeline, (tid) => runnable.has(tid));
  const toNs = (cycles: number | undefined) => (cycles === undefined ? null : cycles * timeline.nsPerCycle);
  const earlier = new Map(before?.processes.flatMap((p) => p.threads.map((t) => [t.tid, t.state] as const)) ?? []);
  const rows = threads.map(({ thread: t, comm }): ThreadRow => ({
    tid: t.tid,
    pid: t.pid,
    comm,
    state: t.state,
    hart: t.hart,
    waitingFor: t.waitingFor,
    runNs: t.userNs + t.systemNs,
    waitedNs: toNs(waits.get(t.tid)),
    voluntary: t.voluntarySwitches,
    involuntary: t.involuntarySwitches,
    atLeast: false,
    changed: before !== null && earlier.get(t.tid) !== t.state,
  }));
  const alive = new Set(rows.map((r) => r.tid));
  const exited = [...timelineTotals(timeline)].filter(([tid]) => !alive.has(tid)).sort(([a], [b]) => a - b);
  for (const [tid, totals] of exited) {
    const name = names.get(tid);
    rows.push({
      tid,
      pid: name?.pid ?? 0,
      comm: name?.comm ?? '',
      state: 'exited',
      hart: -1,
      waitingFor: null,
      runNs: totals.runCycles * timeline.nsPerCycle,
      waitedNs: toNs(waits.get(tid)),
      voluntary: totals.voluntary,
      involuntary: totals.involuntary,
      atLeast: totals.partial,
      changed: false,
    });
  }
  return rows;
}
