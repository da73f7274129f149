// Every panel in headless Chromium (Debian's `chromium`, driven by playwright-core), on the page
// and CSP VS Code gets, fed a recorded stop and the one before it, in Light+ and Dark+. Each
// screenshot is kept in test-artifacts/screenshots/<panel>-<theme>.png; then the test checks the
// status line and the panel's key elements are drawn inside the viewport, that headings, buttons,
// figures, rows in view and legend items do not overlap and their text is not cut off, that the
// page logged no error and no CSP violation, and that the theme's colours were applied.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANELS, type PanelId } from '../../webview/messaging';
import { checkLayout, type LayoutReport } from './layout-check';
import { fileIo, forkDemo, threads, type Recording } from './recorded';
import { launchChromium, newWatchedPage, openPanel, requireFreshBundle, startPanelServer, stoppedSession, waitForStop, type PanelServer } from './screenshot-page';
import { THEMES } from './themes';

interface PanelCase {
  /** The debug session's name as the host sends it, and the recording of its stops. */
  readonly session: string;
  readonly recording: () => Recording;
  /** The stop shown; the stop before it in the recording is sent first, as `previous`. */
  readonly stop: string;
  /** Selectors that must each match something drawn inside the viewport. */
  readonly key: readonly string[];
  /** Selectors of this panel's elements that must not overlap (beside GENERIC_APART). */
  readonly apart: readonly string[];
}

// The one table to edit when a panel lands or changes.
const CASES: Record<PanelId, PanelCase> = {
  'memory-map': {
    session: 'fork-demo.c', recording: forkDemo, stop: 'first sleep',
    key: ['.address-bar', '.bar-vma', '.legend', '[role="listbox"][aria-label="Mappings"]', '.virtual-row', '.maps-header', '.figures .figure'],
    apart: ['.legend > li', '.maps-header > span', '.toggle'],
  },
  'page-table': {
    session: 'fork-demo.c', recording: forkDemo, stop: 'first sleep',
    key: ['.page-table', '.figures .figure', '[role="listbox"][aria-label^="Page table"]', '.virtual-row', '.walk-form'],
    apart: ['.walk-form > *'],
  },
  tlb: {
    session: 'fork-demo.c', recording: forkDemo, stop: 'first sleep',
    key: ['.tlb', '[role="radiogroup"][aria-label="Hart whose TLB is shown"] [role="radio"]', '[aria-label="TLB counters"] .figure', '[role="listbox"][aria-label="TLB entries"]', '.virtual-row', '[aria-label="Recent TLB events, newest first"]'],
    apart: ['[role="radio"]', '.tlb-header > *'],
  },
  'cpu-caches': {
    session: 'threads.c', recording: threads, stop: 'exit',
    key: ['.cpu-caches', '[role="radiogroup"][aria-label="Hart shown in detail"] [role="radio"]', '[aria-label="Registers"]', '[aria-label="Cache counters"]'],
    apart: ['[role="radio"]', '.meter'],
  },
  scheduler: {
    session: 'threads.c', recording: threads, stop: 'exit',
    key: ['.scheduler', '[aria-label="Known timeline"]', '.lane-label', '.slice', '[role="listbox"][aria-label="Threads"]', '.virtual-row'],
    apart: ['.lane-label', '.tick', '.gantt-toolbar > *'],
  },
  processes: {
    session: 'fork-demo.c', recording: forkDemo, stop: 'second sleep',
    key: ['.processes', '[role="tree"][aria-label="Process tree"]', '[role="treeitem"]', '.process-detail', '[aria-label^="Threads of pid"]', '[aria-label^="Open files of pid"]'],
    apart: ['.figures > *'],
  },
  storage: {
    session: 'file-io.c', recording: fileIo, stop: 'after read',
    key: ['.storage', '[aria-label="Files on /data"]', '.meter'],
    apart: ['.meter'],
  },
};

/** On every panel: the status line, its state and refresh button, and the panel below it. */
const GENERIC_KEY = ['.status-line', '.status-line .session-status', '.status-line button[aria-label="Refresh"]', 'main.panel > :nth-child(2)'];
/** On every panel: what must never overlap whatever the panel draws. */
const GENERIC_APART = ['.section-header h2', '.figure', 'button', '.status-line > *', '.virtual-row', '.legend > *'];
/** On every panel: text that must be shown whole (a heading or figure cut at the panel's edge). */
const GENERIC_WHOLE = ['.section-header h2', '.figure', 'button', '.status-line > *', '.legend > *'];

const root = join(__dirname, '..', '..');
const webviewDir = join(root, 'dist', 'webview');
const artifacts = join(root, 'test-artifacts', 'screenshots');

let browser: Browser;
let server: PanelServer;
/** One page per theme, reused panel after panel (a new page costs more than a navigation). */
let pages: { readonly page: Page; readonly problems: string[] }[];

beforeAll(async () => {
  requireFreshBundle(webviewDir, join(root, 'webview'));
  mkdirSync(artifacts, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), startPanelServer(webviewDir)]);
  pages = await Promise.all(THEMES.map((theme) => newWatchedPage(browser, theme)));
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Renders `panel` in one theme, keeps its screenshot and measures its layout. */
async function shoot(panel: PanelId, themeIndex: number): Promise<{ layout: LayoutReport; problems: string[] }> {
  const theme = THEMES[themeIndex]!;
  const c = CASES[panel];
  const stops = c.recording().stops;
  const at = stops.findIndex((s) => s.label === c.stop);
  if (at < 0) throw new Error(`${panel}: no stop "${c.stop}" in its recording`);
  const data = stops[at]!.data;
  const watched = pages[themeIndex]!;
  const { page } = watched;
  await openPanel(watched, server.page(panel, theme, stoppedSession(c.session, data, stops[at - 1]?.data ?? null)));
  await waitForStop(page, data.epoch);
  await page.screenshot({ path: join(artifacts, `${panel}-${theme.kind}.png`) });
  const layout = await page.evaluate(checkLayout, { key: [...GENERIC_KEY, ...c.key], apart: [...GENERIC_APART, ...c.apart], whole: GENERIC_WHOLE });
  const problems = [...watched.problems];
  if ((await page.locator('main.panel > .empty').count()) > 0) problems.push('the panel drew only its empty hint');
  const harness = await page.evaluate(() => window.oslabHarness);
  problems.push(...harness.violations.map((v) => `CSP violation: ${v}`));
  return { layout, problems };
}

describe('panel screenshots (headless Chromium)', () => {
  for (const { id: panel } of PANELS) {
    it(`${panel}: drawn in Light+ and Dark+, key elements visible and apart, no errors`, async () => {
      const [light, dark] = await Promise.all(THEMES.map((_, index) => shoot(panel, index)));
      for (const [theme, shot] of [['Light+', light!], ['Dark+', dark!]] as const) {
        expect.soft(shot.layout.missing, `${panel} in ${theme}: key elements not drawn inside the viewport`).toEqual([]);
        expect.soft(shot.layout.overlaps, `${panel} in ${theme}: overlapping elements`).toEqual([]);
        expect.soft(shot.layout.cut, `${panel} in ${theme}: text cut off`).toEqual([]);
        expect.soft(shot.problems, `${panel} in ${theme}: errors on the page`).toEqual([]);
      }
      expect(light!.layout.bodyClass).toContain('vscode-light');
      expect(dark!.layout.bodyClass).toContain('vscode-dark');
      expect(light!.layout.bodyColor, `${panel}: the theme's text colour was not applied`).not.toBe(dark!.layout.bodyColor);
      expect(light!.layout.bodyBackground).not.toBe(dark!.layout.bodyBackground);
    });
  }

  it('notices what it is meant to: an inline script is refused by the CSP and reported', async () => {
    const theme = THEMES[0]!;
    const data = forkDemo().at('first sleep');
    const watched = pages[0]!;
    const { page, problems } = watched;
    await openPanel(watched, server.page('memory-map', theme, stoppedSession('fork-demo.c', data, null)));
    await waitForStop(page, data.epoch);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "inline ran"';
      document.body.append(script);
    });
    await page.waitForFunction(() => window.oslabHarness.violations.length > 0);
    expect(await page.title()).not.toBe('inline ran');
    await expect.poll(() => problems.join('\n')).toMatch(/Content Security Policy/);
  });

  it('notices what it is meant to: overlapping buttons, a heading cut at the edge, a missing element', async () => {
    const theme = THEMES[0]!;
    const data = forkDemo().at('first sleep');
    const watched = pages[0]!;
    await openPanel(watched, server.page('memory-map', theme, stoppedSession('fork-demo.c', data, null)));
    await waitForStop(watched.page, data.epoch);
    await watched.page.evaluate(() => {
      const place = (element: HTMLElement, left: number, top: number) => {
        Object.assign(element.style, { position: 'fixed', left: `${left}px`, top: `${top}px`, whiteSpace: 'nowrap' });
        document.querySelector('main.panel')!.append(element);
        return element;
      };
      for (const [left, text] of [[100, 'first'], [110, 'second']] as const) place(document.createElement('button'), left, 300).textContent = `${text} probe`;
      const header = place(document.createElement('header'), 940, 400);
      header.className = 'section-header';
      // Without the panels' ellipsis (which the check accepts: the full text is the tooltip).
      const heading = Object.assign(document.createElement('h2'), { textContent: 'a heading far too long for the room left' });
      Object.assign(heading.style, { overflow: 'visible', textOverflow: 'clip' });
      header.append(heading);
    });
    const layout = await watched.page.evaluate(checkLayout, { key: ['.no-such-element'], apart: ['button'], whole: ['.section-header h2'] });
    expect(layout.missing).toEqual(['.no-such-element']);
    expect(layout.overlaps).toContain('<button> "first probe" overlaps <button> "second probe"');
    expect(layout.cut.join('\n')).toMatch(/^<h2> "a heading far too long/m);
  });
});
