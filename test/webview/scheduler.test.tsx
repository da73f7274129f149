// @vitest-environment happy-dom
// The Scheduler panel on four threads sharing two harts: one Gantt slice per switch that put a
// thread on a hart (counted here from the recorded switch history), a click or Enter on a slice
// following its thread, the tooltips' reasons, zoom, the threads table and the run queues; and
// the model's merging and windowing on a history long enough to be cut.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../debug/protocol';
import { SWITCH_HISTORY } from '../../sim/kernel/switch-history';
import type { SchedulerView, SwitchView } from '../../sim/snapshot-types';
import { duration } from '../../webview/format';
import { SchedulerPanel } from '../../webview/panels/scheduler';
import { buildTimeline, drawLane, knownWaits, timeTicks } from '../../webview/panels/scheduler-model';
import { threads } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

/** Slices per hart as a reader of the switch list counts them: every switch that puts a thread on. */
function expectedSlices(switches: readonly SwitchView[], hart: number): number {
  return switches.filter((s) => s.hart === hart && s.to !== null).length;
}

function lane(hart: number): HTMLElement {
  return screen.getByRole('listbox', { name: new RegExp(`^Hart ${hart}:`) });
}

function drawnSlices(element: HTMLElement): number {
  return [...element.querySelectorAll<HTMLElement>('[data-slices]')].reduce((sum, e) => sum + Number(e.dataset.slices), 0);
}

function selectThreadRequests(posted: readonly unknown[]): unknown[] {
  return posted.filter((m) => (m as { method?: string }).method === 'selectThread').map((m) => (m as { params: unknown }).params);
}

describe('Scheduler panel', () => {
  it('draws one slice per switch that put a thread on each hart, all of them at the fitted zoom', () => {
    const data = threads().at('exit');
    const switches = data.snapshot.scheduler.switches;
    renderPanel(SchedulerPanel, 'scheduler', data);
    for (const hart of [0, 1]) {
      const expected = expectedSlices(switches, hart);
      expect(expected).toBeGreaterThan(5);
      expect(lane(hart).getAttribute('aria-label')).toBe(`Hart ${hart}: ${expected} slices`);
      expect(drawnSlices(lane(hart))).toBe(expected);
    }
    expect(screen.getByLabelText('Known timeline').textContent).toMatch(/^Known from boot to .*every switch since/);
  });

  it('says in each tooltip who ran, when, and why the slice ended', () => {
    const data = threads().at('exit');
    renderPanel(SchedulerPanel, 'scheduler', data);
    const options = within(lane(0)).getAllByRole('option');
    const titles = options.map((o) => o.getAttribute('title') ?? '');
    expect(titles.some((t) => /^tid \d+ \(threads\.c, exited\) on hart 0\n.* – .*\nended: preempted$/.test(t))).toBe(true);
    expect(titles.some((t) => t.endsWith('ended: blocked'))).toBe(true);
    // The main thread runs on hart 0 at the stop (it is calling exit_group).
    expect(titles[titles.length - 1]).toMatch(/^tid 2 \(threads\.c\).*still running at the stop$/s);
  });

  it('follows the thread of a clicked slice, and highlights it', () => {
    const data = threads().at('exit');
    const { api } = renderPanel(SchedulerPanel, 'scheduler', data);
    const slice = within(lane(1)).getAllByRole('option').find((o) => o.getAttribute('aria-label')?.startsWith('tid 5 '))!;
    fireEvent.click(slice);
    expect(selectThreadRequests(api.posted)).toEqual([{ tid: 5 }]);
    const highlighted = document.querySelectorAll('.slice.of-selected');
    expect(highlighted.length).toBeGreaterThan(0);
    for (const s of highlighted) expect(s.getAttribute('aria-label')).toMatch(/^tid 5 /);
  });

  it('walks a lane with the arrow keys and follows the slice under the cursor on Enter', () => {
    const data = threads().at('exit');
    const first = data.snapshot.scheduler.switches.filter((s) => s.hart === 1 && s.to !== null);
    const { api } = renderPanel(SchedulerPanel, 'scheduler', data);
    const hart1 = lane(1);
    hart1.focus();
    fireEvent.keyDown(hart1, { key: 'Home' });
    expect(hart1.getAttribute('aria-activedescendant')).toBe('slice-1-0');
    fireEvent.keyDown(hart1, { key: 'ArrowRight' });
    expect(hart1.getAttribute('aria-activedescendant')).toBe('slice-1-1');
    fireEvent.keyDown(hart1, { key: 'Enter' });
    expect(selectThreadRequests(api.posted)).toEqual([{ tid: first[1]!.to }]);
  });

  it('zooms with the keyboard, Ctrl+wheel and the buttons, keeps the zoom, and fits back', () => {
    const data = threads().at('exit');
    const { api } = renderPanel(SchedulerPanel, 'scheduler', data);
    const zoomLabel = () => document.querySelector('.gantt-zoom')!.textContent;
    expect(zoomLabel()).toBe('×1.0');
    fireEvent.keyDown(lane(0), { key: '+' });
    expect(zoomLabel()).toBe('×1.5');
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(zoomLabel()).toBe('×2.3');
    // happy-dom's WheelEvent drops the modifier keys of its init, so the event carries Ctrl by hand.
    const wheel = new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true });
    Object.defineProperty(wheel, 'ctrlKey', { value: true });
    fireEvent(document.querySelector('.gantt-viewport')!, wheel);
    expect(zoomLabel()).toBe('×2.8');
    expect((api.state as Record<string, number>)['scheduler.zoom']).toBeCloseTo(2.8125, 4);
    // Zoomed in, only the slices in (and near) view are drawn.
    expect(drawnSlices(lane(0))).toBeLessThan(expectedSlices(data.snapshot.scheduler.switches, 0));
    fireEvent.click(screen.getByRole('button', { name: /Fit/ }));
    expect(zoomLabel()).toBe('×1.0');
    fireEvent.keyDown(lane(0), { key: '-' });
    expect(zoomLabel()).toBe('×1.0');
  });

  it('lists every thread with its state, run time, known wait and switches, and the run queues', () => {
    const recording = threads();
    const data = recording.at('threads created');
    renderPanel(SchedulerPanel, 'scheduler', data, null);
    const table = screen.getByRole('listbox', { name: 'Threads' });
    const rows = within(table).getAllByRole('option');
    const all = data.snapshot.processes.flatMap((p) => p.threads);
    expect(rows.length).toBe(all.length);
    const main = all.find((t) => t.tid === 2)!;
    expect(rows[0]!.textContent).toContain(duration(main.userNs + main.systemNs));
    expect(rows.filter((r) => r.textContent?.includes('runnable')).length).toBe(all.filter((t) => t.state === 'runnable').length);
    const queues = screen.getByRole('list', { name: 'Run queue per hart' });
    data.snapshot.scheduler.runQueues.forEach((queue, hart) => {
      const item = within(queues).getAllByRole('listitem')[hart]!;
      expect(item.querySelectorAll('.queued').length).toBe(queue.length);
    });
    expect(screen.getByLabelText('Scheduler').textContent).toContain('CFS');
  });

  it('keeps the threads that exited in the table, with their time on the timeline', () => {
    const data = threads().at('exit');
    const s = data.snapshot;
    renderPanel(SchedulerPanel, 'scheduler', data);
    const rows = within(screen.getByRole('listbox', { name: 'Threads' })).getAllByRole('option');
    expect(screen.getByText('Threads · 1 · 4 exited')).toBeTruthy();
    const worker = rows.find((r) => r.querySelector('.thread-row > span')?.textContent?.trim() === '5')!;
    expect(worker.querySelector('.run-state')!.textContent).toBe('exited');
    const onTimeline = buildTimeline(s.scheduler, s.harts.length, s.cycles, s.simNs)
      .lanes.flatMap((l) => l.slices)
      .filter((x) => x.tid === 5)
      .reduce((sum, x) => sum + (x.end - x.start), 0);
    expect(worker.textContent).toContain(duration(onTimeline * (s.simNs / s.cycles)));
  });

  it('counts the time a preempted thread waited for a hart', () => {
    const data = threads().at('exit');
    const s = data.snapshot;
    const timeline = buildTimeline(s.scheduler, s.harts.length, s.cycles, s.simNs);
    const waits = knownWaits(timeline, () => false);
    // tid 4 ran on hart 0 until preempted by 6, and again from the next switch back to it.
    const slices4 = timeline.lanes.flatMap((l) => l.slices).filter((x) => x.tid === 4).sort((a, b) => a.start - b.start);
    const preempted = slices4.findIndex((x) => x.endReason === 'preempted');
    expect(preempted).toBeGreaterThanOrEqual(0);
    expect(waits.get(4)).toBeGreaterThanOrEqual(slices4[preempted + 1]!.start - slices4[preempted]!.end);
  });
});

/** A history as long as the kernel keeps: two harts switching between four threads every 1,000 cycles. */
function longHistory(): SchedulerView {
  const switches: SwitchView[] = [];
  for (let i = 0; i < SWITCH_HISTORY; i++) {
    const hart = i % 2;
    const step = Math.floor(i / 2);
    switches.push({ cycles: 5_000_000 + step * 1000 + hart * 10, hart, from: 10 + hart * 2 + (step % 2), to: 10 + hart * 2 + ((step + 1) % 2), reason: 'preempted' });
  }
  return { policy: 'rr', sliceNs: 1000, runQueues: [[], []], switches };
}

describe('Scheduler timeline model', () => {
  it('starts a cut history at its oldest switch, the threads then running clipped', () => {
    const scheduler = longHistory();
    const timeline = buildTimeline(scheduler, 2, 6_100_000, 6_100_000);
    expect(timeline.truncated).toBe(true);
    expect(timeline.start).toBe(5_000_000);
    for (const lane of timeline.lanes) {
      expect(lane.slices[0]!.clipped).toBe(true);
      expect(lane.slices.length).toBe(expectedSlices(scheduler.switches, lane.hart) + 1);
      expect(lane.slices[lane.slices.length - 1]!.end).toBe(6_100_000);
    }
  });

  it('merges sub-pixel slices and draws only those in view, keeping every slice accounted for', () => {
    const timeline = buildTimeline(longHistory(), 2, 6_100_000, 6_100_000);
    const lane = timeline.lanes[0]!;
    const span = timeline.end - timeline.start;
    const fitted = drawLane(lane, { origin: timeline.start, pxPerCycle: 800 / span, fromPx: 0, toPx: 800 });
    expect(fitted.length).toBeLessThan(50);
    expect(fitted.reduce((n, d) => n + (d.kind === 'merged' ? d.last - d.first + 1 : 1), 0)).toBe(lane.slices.length);
    const zoomed = drawLane(lane, { origin: timeline.start, pxPerCycle: 0.1, fromPx: 10_000, toPx: 10_800 });
    expect(zoomed.every((d) => d.kind === 'slice')).toBe(true);
    expect(zoomed.length).toBeLessThanOrEqual(10);
  });

  it('renders a full history as a bounded number of blocks and says from when it is known', () => {
    const base = threads().at('exit');
    const data: PanelData = { ...base, snapshot: { ...base.snapshot, cycles: 6_100_000, simNs: 6_100_000, scheduler: longHistory() } };
    renderPanel(SchedulerPanel, 'scheduler', data);
    expect(document.querySelectorAll('.lane [data-slices]').length).toBeLessThan(200);
    expect(drawnSlices(lane(0))).toBe(SWITCH_HISTORY / 2 + 1);
    expect(screen.getByLabelText('Known timeline').textContent).toMatch(/Known from 5\.00 ms to 6\.10 ms: only the last 2,048 switches are kept/);
  });

  it('labels the time axis with the decimals its step needs', () => {
    const ticks = timeTicks(75_728_000, 75_740_000, 800);
    expect(ticks.length).toBeGreaterThan(3);
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
    expect(ticks[0]!.label).toMatch(/^75\.7\d+ ms$/);
  });
});
