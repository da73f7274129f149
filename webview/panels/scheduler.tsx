// The Scheduler panel: a Gantt timeline per hart of which thread ran when (zoom with the buttons,
// Ctrl+wheel or + / -, scroll sideways; a slice's tooltip says who, when and why it ended; Enter
// or a click follows its thread), then every thread's state and run and wait times, and each
// hart's run queue under the policy. The history of switches is bounded; the caption says from
// when the timeline is known.

import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Empty, Figure, Icon, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { count, duration } from '../format';
import { usePanelActions, usePersistentState } from '../hooks';
import type { PanelProps } from './panel-props';
import {
  buildTimeline, drawLane, endedBy, maxZoom, threadNames, threadRows, timeTicks, who,
  type DrawnSlice, type Lane, type Slice, type ThreadName, type ThreadRow, type Timeline,
} from './scheduler-model';
import type { PanelData } from '../../debug/protocol';
import type { MachineSnapshot } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;
/** The timeline's width when the layout gives none (tests, first paint). */
const FALLBACK_WIDTH = 800;
const ZOOM_STEP = 1.5;
/** Distinct colours for threads (the theme's chart colours); a tid keeps its colour. */
const THREAD_COLOURS = 8;

export function SchedulerPanel({ data, previous }: PanelProps) {
  const actions = usePanelActions();
  const snapshot = data.snapshot;
  const timeline = useMemo(() => buildTimeline(snapshot.scheduler, snapshot.harts.length, snapshot.cycles, snapshot.simNs), [snapshot]);
  const names = useMemo(() => threadNames(data, previous?.snapshot ?? null), [data, previous]);
  // A click shows at once; the host's next data (with its own selection) replaces it.
  const [picked, setPicked] = useState<{ readonly sequence: number; readonly tid: number } | null>(null);
  const selectedTid = picked?.sequence === data.sequence ? picked.tid : (data.selected?.tid ?? null);
  const selectThread = (tid: number) => {
    setPicked({ sequence: data.sequence, tid });
    actions.selectThread(tid);
  };
  const previousCycles = previous && previous.epoch !== data.epoch ? previous.snapshot.cycles : null;

  return (
    <div class="scheduler">
      <Section title={`Timeline · ${snapshot.harts.length} harts`}>
        {timeline.lanes.some((lane) => lane.slices.length > 0) ? (
          <Gantt timeline={timeline} names={names} selectedTid={selectedTid} previousCycles={previousCycles} onSelectThread={selectThread} />
        ) : (
          <Empty>No thread has run yet.</Empty>
        )}
      </Section>
      <div class="scheduler-lower">
        <ThreadTable data={data} previous={previous} timeline={timeline} names={names} selectedTid={selectedTid} onSelectThread={selectThread} />
        <RunQueues snapshot={snapshot} names={names} timeline={timeline} />
      </div>
    </div>
  );
}

interface GanttProps {
  readonly timeline: Timeline;
  readonly names: ReadonlyMap<number, ThreadName>;
  readonly selectedTid: number | null;
  readonly previousCycles: number | null;
  readonly onSelectThread: (tid: number) => void;
}

/** The timeline's geometry at the current zoom and scroll (all in content pixels). */
interface Geometry {
  readonly width: number;
  readonly contentWidth: number;
  readonly pxPerCycle: number;
  readonly left: number;
  readonly limit: number;
}

function Gantt({ timeline, names, selectedTid, previousCycles, onSelectThread }: GanttProps) {
  const [active, setActive] = useState<Readonly<Record<number, number>>>({});
  const viewport = useRef<HTMLDivElement>(null);
  const zoom = useZoom(timeline, viewport);
  const { geometry } = zoom;
  return (
    <div class="gantt" onKeyDown={zoom.onKeyDown}>
      <div class="gantt-toolbar">
        <button class="icon-button" onClick={() => zoom.zoomBy(1 / ZOOM_STEP)} disabled={geometry.contentWidth <= geometry.width} title="Zoom out (-)" aria-label="Zoom out">
          <Icon name="zoom-out" />
        </button>
        <button class="icon-button" onClick={() => zoom.zoomBy(ZOOM_STEP)} disabled={geometry.contentWidth / geometry.width >= geometry.limit} title="Zoom in (+)" aria-label="Zoom in">
          <Icon name="zoom-in" />
        </button>
        <button class="text-button" onClick={zoom.fit} title="Fit the whole known timeline (0)">
          <Icon name="screen-normal" /> Fit
        </button>
        <span class="gantt-zoom">×{zoomText(geometry.contentWidth / geometry.width)}</span>
        <KnownSince timeline={timeline} />
      </div>
      <div class="gantt-body">
        <div class="gantt-labels" aria-hidden="true">
          <div class="gantt-axis-spacer" />
          {timeline.lanes.map((lane) => (
            <div key={lane.hart} class="lane-label">
              hart {lane.hart}
            </div>
          ))}
        </div>
        <div ref={viewport} class="gantt-viewport" onScroll={zoom.onScroll} onWheel={zoom.onWheel}>
          <div class="gantt-content" style={{ width: `${geometry.contentWidth}px` }}>
            <Axis timeline={timeline} geometry={geometry} />
            {previousCycles !== null && previousCycles > timeline.start && (
              <div class="since-previous" style={{ left: `${(previousCycles - timeline.start) * geometry.pxPerCycle}px` }} title="Since the previous stop" />
            )}
            {timeline.lanes.map((lane) => (
              <LaneRow
                key={lane.hart}
                lane={lane}
                timeline={timeline}
                geometry={geometry}
                names={names}
                selectedTid={selectedTid}
                active={clamp(active[lane.hart] ?? lane.slices.length - 1, 0, lane.slices.length - 1)}
                onActive={(index) => {
                  setActive({ ...active, [lane.hart]: index });
                  const slice = lane.slices[index];
                  if (slice) zoom.reveal(slice);
                }}
                onSelectThread={onSelectThread}
                onZoomTo={zoom.zoomToRange}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function zoomText(factor: number): string {
  return factor.toFixed(factor < 10 ? 1 : 0);
}

/**
 * The timeline's zoom (a factor over "fit") and scroll, both kept while the panel is hidden, and
 * what changes them: buttons, keys (+ - 0), Ctrl+wheel, scrolling, a merged block's click and the
 * keyboard's slice moving out of view.
 */
function useZoom(timeline: Timeline, viewport: { readonly current: HTMLDivElement | null }) {
  const [zoom, setZoom] = usePersistentState('scheduler.zoom', 1);
  // The left edge as a share of the content, or null: follow the newest (the right end).
  const [scroll, setScroll] = usePersistentState<number | null>('scheduler.scroll', null);
  const width = useWidth(viewport);
  const span = Math.max(1, timeline.end - timeline.start);
  const limit = maxZoom(timeline, width);
  const contentWidth = width * clamp(zoom, 1, limit);
  const left = scroll === null ? contentWidth - width : clamp(scroll * contentWidth, 0, contentWidth - width);
  const geometry: Geometry = { width, contentWidth, pxPerCycle: contentWidth / span, left, limit };

  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && Math.abs(element.scrollLeft - left) > 1) element.scrollLeft = left;
  }, [viewport, left]);

  /** Shows `contentLeft` at the view's left edge at `nextZoom` (pinned to the newest when it reaches the end). */
  const moveTo = (nextZoom: number, contentLeft: number) => {
    const z = clamp(nextZoom, 1, limit);
    const nextWidth = width * z;
    const clamped = clamp(contentLeft, 0, nextWidth - width);
    setZoom(z);
    setScroll(clamped >= nextWidth - width - 1 ? null : clamped / nextWidth);
  };
  /** Zooms by `factor` keeping the time under `anchorPx` (a pixel of the view) where it is. */
  const zoomBy = (factor: number, anchorPx = scroll === null ? width : width / 2) => {
    const z = clamp((contentWidth / width) * factor, 1, limit);
    moveTo(z, ((left + anchorPx) * z * width) / contentWidth - anchorPx);
  };
  return {
    geometry,
    zoomBy,
    fit: () => moveTo(1, 0),
    zoomToRange: (start: number, end: number) => {
      const z = clamp((span / Math.max(1, end - start)) * 0.8, 1, limit);
      moveTo(z, ((start - timeline.start) * width * z) / span - width * 0.1);
    },
    reveal: (slice: Slice) => {
      const x = (slice.start - timeline.start) * geometry.pxPerCycle;
      const w = (slice.end - slice.start) * geometry.pxPerCycle;
      if (x < left || x + w > left + width) moveTo(contentWidth / width, x + w / 2 - width / 2);
    },
    onKeyDown: (event: KeyboardEvent) => {
      const keys: Record<string, () => void> = { '+': () => zoomBy(ZOOM_STEP), '=': () => zoomBy(ZOOM_STEP), '-': () => zoomBy(1 / ZOOM_STEP), '0': () => moveTo(1, 0) };
      const action = keys[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    },
    onWheel: (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      const box = viewport.current?.getBoundingClientRect();
      zoomBy(event.deltaY < 0 ? 1.25 : 1 / 1.25, box ? event.clientX - box.left : width / 2);
    },
    onScroll: (event: Event) => {
      const scrolled = (event.currentTarget as HTMLDivElement).scrollLeft;
      if (Math.abs(scrolled - left) <= 1) return; // our own scrolling echoed back
      setScroll(scrolled >= contentWidth - width - 1 ? null : scrolled / contentWidth);
    },
  };
}

function useWidth(viewport: { readonly current: HTMLDivElement | null }): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setWidth(element.clientWidth || FALLBACK_WIDTH);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewport]);
  return width;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(Math.max(low, high), value));
}

function KnownSince({ timeline }: { readonly timeline: Timeline }) {
  const at = (cycles: number) => duration(cycles * timeline.nsPerCycle);
  return (
    <span class={`known-since ${timeline.truncated ? 'truncated' : ''}`} aria-label="Known timeline">
      {timeline.truncated ? <Icon name="history" /> : null}
      {timeline.truncated
        ? `Known from ${at(timeline.start)} to ${at(timeline.end)}: only the last ${count(timeline.switches)} switches are kept, older ones were dropped`
        : `Known from boot to ${at(timeline.end)}: every switch since`}
    </span>
  );
}

function Axis({ timeline, geometry }: { readonly timeline: Timeline; readonly geometry: Geometry }) {
  const nsAt = (px: number) => (timeline.start + px / geometry.pxPerCycle) * timeline.nsPerCycle;
  const ticks = timeTicks(nsAt(geometry.left), nsAt(geometry.left + geometry.width), geometry.width);
  return (
    <div class="gantt-axis" aria-hidden="true">
      {ticks.map((tick) => (
        <span key={tick.ns} class="tick" style={{ left: `${(tick.ns / timeline.nsPerCycle - timeline.start) * geometry.pxPerCycle}px` }}>
          {tick.label}
        </span>
      ))}
    </div>
  );
}

interface LaneRowProps {
  readonly lane: Lane;
  readonly timeline: Timeline;
  readonly geometry: Geometry;
  readonly names: ReadonlyMap<number, ThreadName>;
  readonly selectedTid: number | null;
  readonly active: number;
  readonly onActive: (index: number) => void;
  readonly onSelectThread: (tid: number) => void;
  readonly onZoomTo: (start: number, end: number) => void;
}

/** One hart's slices: a listbox the arrow keys walk (Enter follows the slice's thread). */
function LaneRow(props: LaneRowProps) {
  const { lane, timeline, geometry, active } = props;
  const view = { origin: timeline.start, pxPerCycle: geometry.pxPerCycle, fromPx: geometry.left - geometry.width / 2, toPx: geometry.left + geometry.width * 1.5 };
  const drawn = drawLane(lane, view, active);
  const activeDrawn = drawn.some((d) => d.kind === 'slice' && d.index === active);
  const onKeyDown = (event: KeyboardEvent) => {
    const last = lane.slices.length - 1;
    const keys: Record<string, () => void> = {
      ArrowRight: () => props.onActive(Math.min(last, active + 1)),
      ArrowLeft: () => props.onActive(Math.max(0, active - 1)),
      Home: () => props.onActive(0),
      End: () => props.onActive(last),
      Enter: () => lane.slices[active] && props.onSelectThread(lane.slices[active]!.tid),
      ' ': () => lane.slices[active] && props.onSelectThread(lane.slices[active]!.tid),
    };
    const action = keys[event.key];
    if (!action || last < 0) return;
    event.preventDefault();
    action();
  };
  return (
    <div
      class="lane"
      role="listbox"
      aria-orientation="horizontal"
      aria-label={`Hart ${lane.hart}: ${lane.slices.length} slices`}
      tabIndex={0}
      aria-activedescendant={activeDrawn ? sliceId(lane.hart, active) : undefined}
      onKeyDown={onKeyDown}
    >
      {drawn.map((d) => (d.kind === 'slice' ? <SliceBlock key={`s${d.index}`} drawn={d} {...props} /> : <MergedBlock key={`m${d.first}`} drawn={d} timeline={timeline} onZoomTo={props.onZoomTo} />))}
    </div>
  );
}

function sliceId(hart: number, index: number): string {
  return `slice-${hart}-${index}`;
}

function SliceBlock({ drawn, timeline, names, selectedTid, active, onActive, onSelectThread }: LaneRowProps & { readonly drawn: Extract<DrawnSlice, { kind: 'slice' }> }) {
  const s = drawn.slice;
  const ns = (cycles: number) => duration(cycles * timeline.nsPerCycle);
  const since = s.clipped ? `before ${ns(s.start)} (the known timeline's start)` : ns(s.start);
  const description = `${who(s.tid, names)} on hart ${s.hart}, ${since} – ${ns(s.end)} (${ns(s.end - s.start)}), ${endedBy(s)}`;
  const tooltip = `${who(s.tid, names)} on hart ${s.hart}\n${since} – ${ns(s.end)} (${ns(s.end - s.start)})\n${endedBy(s)}`;
  const label = drawn.width > 70 ? `${s.tid} ${names.get(s.tid)?.comm ?? ''}` : drawn.width > 18 ? String(s.tid) : '';
  const classes = ['slice', `thread-colour-${s.tid % THREAD_COLOURS}`, `ended-${s.endReason ?? 'running'}`, s.clipped ? 'clipped' : '', s.tid === selectedTid ? 'of-selected' : '', drawn.index === active ? 'active' : ''];
  return (
    <div
      id={sliceId(s.hart, drawn.index)}
      role="option"
      aria-selected={s.tid === selectedTid}
      aria-label={description}
      title={tooltip}
      data-slices={1}
      class={classes.join(' ')}
      style={{ left: `${drawn.left}px`, width: `${drawn.width}px` }}
      onClick={() => {
        onActive(drawn.index);
        onSelectThread(s.tid);
      }}
    >
      {label}
    </div>
  );
}

function MergedBlock({ drawn, timeline, onZoomTo }: { readonly drawn: Extract<DrawnSlice, { kind: 'merged' }>; readonly timeline: Timeline; readonly onZoomTo: (start: number, end: number) => void }) {
  const slices = drawn.last - drawn.first + 1;
  const tids = drawn.tids.length > 6 ? `${drawn.tids.slice(0, 6).join(', ')}…` : drawn.tids.join(', ');
  const description = `${slices} slices too short to draw at this zoom (tids ${tids}), ${duration(drawn.start * timeline.nsPerCycle)} – ${duration(drawn.end * timeline.nsPerCycle)}; click to zoom in`;
  return (
    <div
      role="option"
      aria-selected={false}
      aria-label={description}
      title={description}
      data-slices={slices}
      class="slice merged"
      style={{ left: `${drawn.left}px`, width: `${drawn.width}px` }}
      onClick={() => onZoomTo(drawn.start, drawn.end)}
    />
  );
}

interface ThreadTableProps {
  readonly data: PanelData;
  readonly previous: PanelData | null;
  readonly timeline: Timeline;
  readonly names: ReadonlyMap<number, ThreadName>;
  readonly selectedTid: number | null;
  readonly onSelectThread: (tid: number) => void;
}

function ThreadTable({ data, previous, timeline, names, selectedTid, onSelectThread }: ThreadTableProps) {
  const rows = useMemo(() => threadRows(data.snapshot, previous?.snapshot ?? null, timeline, names), [data.snapshot, previous, timeline, names]);
  const selected = rows.findIndex((r) => r.tid === selectedTid);
  const live = rows.filter((r) => r.state !== 'exited').length;
  return (
    <Section title={`Threads · ${live}${rows.length > live ? ` · ${rows.length - live} exited` : ''}`}>
      <VirtualList
        items={rows}
        rowHeight={ROW_HEIGHT}
        fallbackHeight={8 * ROW_HEIGHT}
        label="Threads"
        selected={selected}
        onSelect={(index) => rows[index] && rows[index]!.state !== 'exited' && onSelectThread(rows[index]!.tid)}
        rowKey={(r) => r.tid}
        rowClass={(r) => `${r.changed ? 'changed' : ''} ${r.state === 'exited' ? 'exited' : ''}`}
        header={<ThreadHeader />}
        renderRow={(r) => <ThreadRowView row={r} />}
      />
    </Section>
  );
}

function ThreadHeader() {
  return (
    <div class="thread-row thread-header" aria-hidden="true">
      <span>tid</span>
      <span>process</span>
      <span>state</span>
      <span>hart</span>
      <span>waiting for</span>
      <span class="numeric" title="User + system time (of an exited thread: its slices on the timeline)">run</span>
      <span class="numeric" title="Runnable but not running, after a preemption or yield, where the timeline is known">waited</span>
      <span class="numeric" title="Voluntary switches (blocked, yielded)">vol</span>
      <span class="numeric" title="Involuntary switches (preempted)">invol</span>
    </div>
  );
}

function ThreadRowView({ row }: { readonly row: ThreadRow }) {
  const atLeast = row.atLeast ? '≥ ' : '';
  return (
    <div class="thread-row" title={row.state === 'exited' ? 'Exited: figures from the timeline' : undefined}>
      <span class="mono">
        <span class={`swatch thread-colour-${row.tid % THREAD_COLOURS}`} /> {row.tid}
      </span>
      <span class="thread-comm">{row.pid > 0 ? `${row.pid} ${row.comm}` : ''}</span>
      <span class={`run-state run-state-${row.state}`}>{row.state}</span>
      <span class="mono">{row.hart >= 0 ? row.hart : '–'}</span>
      <span class="waiting-for">{row.waitingFor ?? ''}</span>
      <span class="mono numeric">{atLeast + duration(row.runNs)}</span>
      <span class="mono numeric">{row.waitedNs === null ? '–' : atLeast + duration(row.waitedNs)}</span>
      <span class="mono numeric">{atLeast + count(row.voluntary)}</span>
      <span class="mono numeric">{atLeast + count(row.involuntary)}</span>
    </div>
  );
}

function RunQueues({ snapshot, names, timeline }: { readonly snapshot: MachineSnapshot; readonly names: ReadonlyMap<number, ThreadName>; readonly timeline: Timeline }) {
  const scheduler = snapshot.scheduler;
  const switches = scheduler.switches.length;
  return (
    <Section title="Run queues">
      <div class="figures" aria-label="Scheduler">
        <Figure label="Policy" value={scheduler.policy.toUpperCase()} />
        <Figure label="Time slice" value={duration(scheduler.sliceNs)} />
        <Figure label="Switches kept" value={count(switches)} title={timeline.truncated ? 'The history is full: older switches were dropped' : 'Every switch since boot'} />
      </div>
      <ul class="run-queues" aria-label="Run queue per hart">
        {scheduler.runQueues.map((queue, hart) => {
          const running = snapshot.harts[hart]?.tid ?? null;
          return (
            <li key={hart}>
              <span class="queue-hart">hart {hart}</span>
              <span class="queue-running">{running === null ? 'idle' : `running ${who(running, names)}`}</span>
              <span class="queue-waiting">{queue.length === 0 ? 'queue empty' : `${queue.length} waiting:`}</span>
              {queue.map((tid) => (
                <span key={tid} class={`queued thread-colour-${tid % THREAD_COLOURS}`} title={who(tid, names)}>
                  {tid}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
