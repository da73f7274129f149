// The panels' part of the bench: how long each panel takes to draw a big stop (target: under one
// frame, 16 ms). The data comes from a real run: a parent with 10,240 pages resident and 99
// children sleeping beside it (bench/programs/panels/hundred.c), stopped at its marker syscall
// as the adapter stops, twice (the second time after copy-on-write has split one page in
// eight). Each panel is rendered into a happy-dom document, first render and re-render with
// the next stop, and, when Debian's Chromium is installed, on the real page in headless
// Chromium (the screenshot test's harness), from posting `update` to the DOM laid out and to
// the next frame. Also reported: what the adapter pays per stop to build the PanelData, and
// its size as JSON (what crosses postMessage).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { render, type ComponentType } from 'preact';
import { act } from 'preact/test-utils';
import { panelData } from '../debug/panel-data';
import type { PanelData } from '../debug/protocol';
import { diskHost, loadSysroot } from '../host/sysroot';
import { BufferConsole } from '../sim/console';
import { Machine } from '../sim/machine';
import { buildExecutable } from '../sim/toolchain/driver';
import { CHROMIUM, launchChromium, newWatchedPage, openPanel, startPanelServer, stoppedSession, waitForStop } from '../test/webview/screenshot-page';
import { THEMES } from '../test/webview/themes';
import { PanelContext } from '../webview/hooks';
import { HostConnection } from '../webview/host';
import { PANELS, type PanelId } from '../webview/messaging';
import type { PanelProps } from '../webview/panels/panel-props';
import { PANEL_COMPONENTS } from '../webview/panels/registry';
import { programDir, root } from './build';
import type { ChromiumTimes, PanelsBench, PanelTimings, RenderTimes } from './panels-types';
import { fmtFixed, fmtInt, type Table } from './report';

const FRAME_MS = 16;
const median = (ms: readonly number[]) => [...ms].sort((a, b) => a - b)[ms.length >> 1] ?? NaN;
const max = (ms: readonly number[]) => Math.max(...ms);

export const benchPanels: PanelsBench = async (sysrootDir, quick, problems) => {
  const runs = quick ? 3 : 10;
  const { stops, buildMs } = recordStops(sysrootDir, runs);
  const [first, next] = stops;
  const stringify = timed(runs, () => JSON.stringify(first));
  const processes = first.snapshot.processes.length;
  const ptes = first.pageTable?.tables.reduce((sum, table) => sum + table.leaves.length, 0) ?? 0;
  if (processes < 100 || ptes < 10_000) problems.push(`panels bench: the stop has ${processes} processes and ${ptes} PTEs, expected ≥ 100 and ≥ 10,000`);

  const dom = renderInHappyDom(first, next, runs);
  const chromium = await renderInChromium(first, next, runs, problems);
  const timings: PanelTimings = { processes, ptes, jsonBytes: Buffer.byteLength(JSON.stringify(first)), buildMs, stringifyMs: stringify, dom, chromium };
  return { timings, table: panelsTable(timings) };
};

/** Runs hundred.c to its two marker stops and builds the PanelData of each (the first one `runs` times, timed). */
function recordStops(sysrootDir: string, runs: number): { stops: [PanelData, PanelData]; buildMs: number[] } {
  const path = join(programDir, 'panels', 'hundred.c');
  const elf = buildExecutable([{ path, bytes: readFileSync(path) }], { host: diskHost, sysroot: loadSysroot(sysrootDir) }).executable;
  const machine = new Machine({ cores: 2, memoryMiB: 256, seed: 1 }, new BufferConsole());
  machine.load(elf, { path: '/bench/hundred', argv: ['hundred'] });
  machine.setEventStops({ syscallEntry: (call) => call.name === 'getppid' });
  const stops: PanelData[] = [];
  let buildMs: number[] = [];
  while (stops.length < 2) {
    let state = machine.runSlice(Number.MAX_SAFE_INTEGER);
    while (state.kind === 'running') state = machine.runSlice(Number.MAX_SAFE_INTEGER);
    if (state.kind !== 'event') throw new Error(`panels bench: hundred.c ended before its marker stops: ${JSON.stringify(state)}`);
    const tid = state.tid;
    const epoch = stops.length + 1;
    const build = () => panelData(machine, { epoch, sequence: epoch, running: false, tid, fallbackTid: tid });
    if (epoch === 1) buildMs = timed(runs, build);
    stops.push(build());
  }
  return { stops: [stops[0]!, stops[1]!], buildMs };
}

function timed(runs: number, work: () => unknown): number[] {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    ms.push(performance.now() - started);
  }
  return ms;
}

/** The DOM globals Preact and the panels use, from a happy-dom window, for as long as `work` runs. */
function withHappyDom<T>(work: (document: Document) => T): T {
  const happy = new Window({ width: 1000, height: 700 });
  const classes = ['HTMLElement', 'Element', 'Node', 'Text', 'SVGElement', 'ResizeObserver'];
  const functions = ['getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame'];
  const global = globalThis as unknown as Record<string, unknown>;
  const source = happy as unknown as Record<string, unknown>;
  const values: Record<string, unknown> = { window: happy, document: happy.document, navigator: happy.navigator };
  for (const name of classes) values[name] = source[name];
  for (const name of functions) values[name] = (source[name] as (...args: unknown[]) => unknown).bind(happy);
  // Only what Node lacks: its own Event, performance and timers stay.
  const installed = Object.keys(values).filter((name) => !(name in global));
  for (const name of installed) global[name] = values[name];
  try {
    return work(happy.document as unknown as Document);
  } finally {
    for (const name of installed) delete global[name];
    void happy.happyDOM.abort();
  }
}

/** Each panel mounted on the first stop, then re-rendered with the next: 2 warm-up rounds, then `runs` timed. */
function renderInHappyDom(first: PanelData, next: PanelData, runs: number): Record<PanelId, RenderTimes> {
  return withHappyDom((document) => {
    const host = new HostConnection({ postMessage: () => {}, getState: () => undefined, setState: () => {} });
    const draw = (Panel: ComponentType<PanelProps>, panel: PanelId, container: Element, data: PanelData, previous: PanelData | null) => {
      const started = performance.now();
      void act(() => {
        render(
          <PanelContext.Provider value={{ host, panel, report: () => {} }}>
            <Panel data={data} previous={previous} />
          </PanelContext.Provider>,
          container,
        );
      });
      return performance.now() - started;
    };
    const times = {} as Record<PanelId, RenderTimes>;
    for (const { id } of PANELS) {
      const firstMs: number[] = [];
      const rerenderMs: number[] = [];
      for (let round = -2; round < runs; round++) {
        const container = document.body.appendChild(document.createElement('div'));
        const mount = draw(PANEL_COMPONENTS[id], id, container, first, null);
        const update = draw(PANEL_COMPONENTS[id], id, container, next, first);
        render(null, container);
        container.remove();
        if (round < 0) continue;
        firstMs.push(mount);
        rerenderMs.push(update);
      }
      times[id] = { firstMs, rerenderMs };
    }
    return times;
  });
}

declare global {
  interface Window {
    oslabBenchStops: [PanelData, PanelData];
  }
}

/** Each panel on the real page, updated `runs` times alternating the two stops; null without Chromium. */
async function renderInChromium(first: PanelData, next: PanelData, runs: number, problems: string[]): Promise<Record<PanelId, ChromiumTimes> | null> {
  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    process.stderr.write(`panels: no Chromium figures: ${(error as Error).message}\n`);
    return null;
  }
  const server = await startPanelServer(join(root, 'dist', 'webview'));
  try {
    const watched = await newWatchedPage(browser, THEMES[1]!);
    const times = {} as Record<PanelId, ChromiumTimes>;
    for (const { id } of PANELS) {
      await openPanel(watched, server.page(id, THEMES[1]!, stoppedSession('hundred.c', first, null)));
      await waitForStop(watched.page, first.epoch);
      // As JSON text: Playwright's own serialisation of a 5 MiB object takes minutes.
      await watched.page.evaluate((json) => void (window.oslabBenchStops = JSON.parse(json) as [PanelData, PanelData]), JSON.stringify([first, next]));
      times[id] = await watched.page.evaluate(timeUpdates, runs);
      if (watched.problems.length > 0) problems.push(`panels bench, ${id} in Chromium: ${watched.problems.join('; ')}`);
    }
    return times;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Runs in the page: posts the stops alternately as newer updates and times each. */
async function timeUpdates(runs: number): Promise<ChromiumTimes> {
  const times: ChromiumTimes = { transportMs: [], layoutMs: [], frameMs: [] };
  for (let i = 0; i < runs; i++) {
    const data = { ...window.oslabBenchStops[(i + 1) % 2]!, epoch: 10 + i, sequence: 10 + i };
    const started = performance.now();
    const frame = new Promise<number>((resolve) => {
      // Added after the page's own listener, it runs once the store has taken the update and
      // Preact has re-rendered (its render is a microtask of the page's listener).
      const listener = () => {
        window.removeEventListener('message', listener);
        document.body.getBoundingClientRect();
        const received = window.oslabHarness.receivedAt;
        times.transportMs.push(received - started);
        times.layoutMs.push(performance.now() - received);
        requestAnimationFrame(() => resolve(performance.now() - started));
      };
      window.addEventListener('message', listener);
    });
    window.postMessage({ type: 'update', data }, '*');
    times.frameMs.push(await frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}

function panelsTable(t: PanelTimings): Table {
  const ms = (values: readonly number[]) => `${fmtFixed(median(values), 1)} / ${fmtFixed(max(values), 1)}`;
  const blank = ['', '', '', '', ''];
  const rows = PANELS.map(({ id, title }) => {
    const dom = t.dom[id];
    const browser = t.chromium?.[id];
    // The frame budget is the browser's: happy-dom (a DOM in JavaScript, several times slower per
    // node) is shown for comparison and only marks when there is no Chromium.
    const worst = browser ? median(browser.layoutMs) : Math.max(median(dom.firstMs), median(dom.rerenderMs));
    return [title, ms(dom.firstMs), ms(dom.rerenderMs), browser ? ms(browser.layoutMs) : '—', browser ? ms(browser.frameMs) : '—', `< ${FRAME_MS}`, worst < FRAME_MS ? '✓' : '✗'];
  });
  const transport = t.chromium ? Object.values(t.chromium).flatMap((c) => c.transportMs) : null;
  return {
    title: `Panels: render ms on a stop with ${fmtInt(t.processes)} processes and ${fmtInt(t.ptes)} PTEs (median / max of ${t.buildMs.length})`,
    head: ['panel', 'happy-dom first', 'happy-dom re-render', 'Chromium update', 'post → frame', 'target', ''],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
    rows: [
      ...rows,
      ['panelData(): the adapter builds the PanelData, per stop', ms(t.buildMs), ...blank],
      [`PanelData as JSON: ${fmtFixed(t.jsonBytes / 1024 / 1024, 2)} MiB; JSON.stringify`, ms(t.stringifyMs), ...blank],
      ['Chromium postMessage of the PanelData (clone, post → received)', transport ? ms(transport) : '—', ...blank],
    ],
    notes: [
      'happy-dom: the panel component alone (Preact, effects flushed by act), no layout or paint; first = a fresh mount, re-render = the next stop.',
      t.chromium
        ? 'Chromium (headless, Dark+, the real page): update = the message received → the panel re-rendered and laid out; post → frame adds the clone and the wait for the next frame.'
        : `Chromium: not measured (${CHROMIUM} is missing: apt-get install chromium).`,
      t.chromium ? 'The mark is the median Chromium update (what a user waits for); happy-dom is for comparison.' : 'The mark takes the worse median of happy-dom first and re-render.',
    ],
  };
}
