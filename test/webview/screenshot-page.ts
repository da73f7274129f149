// Serves the panels' real page to headless Chromium: the HTML and Content-Security-Policy that VS
// Code gets (extension/panels/html.ts) with the built bundle (dist/webview), from a small HTTP
// server on 127.0.0.1. Before main.js, a nonce'd script (a file, like every script the CSP
// allows) plays VS Code's part: it applies a theme's `--vscode-*` variables and body class,
// defines acquireVsCodeApi(), and answers the panel's `ready` with recorded host messages. The
// screenshot test and the bench's Chromium figures share it.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { basename, extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PanelData } from '../../debug/protocol';
import { panelHtml } from '../../extension/panels/html';
import { PANELS, type HostMessage, type PanelId } from '../../webview/messaging';
import type { Theme } from './themes';

/** Debian's Chromium, which CI installs (.ci/run). */
export const CHROMIUM = '/usr/bin/chromium';
export const VIEWPORT = { width: 1000, height: 700 };

export interface PanelServer {
  readonly origin: string;
  /** The URL of a panel's page in `theme` whose host answers `ready` with `messages`. */
  page(panel: PanelId, theme: Theme, messages: readonly HostMessage[]): string;
  close(): Promise<void>;
}

interface RegisteredPage {
  readonly html: string;
  readonly hostScript: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** Serves pages over `webviewDir` (dist/webview) until closed. */
export async function startPanelServer(webviewDir: string): Promise<PanelServer> {
  const pages = new Map<string, RegisteredPage>();
  const server = createServer((request, response) => {
    const [, kind = '', name = ''] = (request.url ?? '').split('?')[0]!.split('/');
    // Chromium asks an http page for its icon (VS Code's webviews are not asked): nothing, no error.
    if (kind === 'favicon.ico') return void response.writeHead(204).end();
    const page = pages.get(name.replace(/\.js$/, ''));
    let body: string | Buffer | null = null;
    if (kind === 'page' && page) body = page.html;
    else if (kind === 'host' && page) body = page.hostScript;
    else if (kind === 'webview' && name === basename(name) && existsSync(join(webviewDir, name))) body = readFileSync(join(webviewDir, name));
    if (body === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(name) || '.html'] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(panel, theme, messages) {
      const id = `${panel}-${theme.kind}-${pages.size}`;
      const nonce = randomBytes(16).toString('base64');
      const title = PANELS.find((p) => p.id === panel)!.title;
      const mainScript = `<script nonce="${nonce}" src="${origin}/webview/main.js"></script>`;
      const hostScript = `<script nonce="${nonce}" src="${origin}/host/${id}.js"></script>`;
      const html = panelHtml(panel, title, { cspSource: origin, asset: (file) => `${origin}/webview/${file}` }, nonce);
      if (!html.includes(mainScript)) throw new Error('panelHtml no longer loads main.js as the screenshot page expects');
      pages.set(id, { html: html.replace(mainScript, `${hostScript}\n${mainScript}`), hostScript: fakeHostScript(theme, messages) });
      return `${origin}/page/${id}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the page keeps for the test to read (`window.oslabHarness`). */
export interface HarnessRecord {
  /** Messages the panel posted to its host. */
  readonly posted: unknown[];
  /** Content-Security-Policy violations seen by the document. */
  readonly violations: string[];
  /** performance.now() when the last host message arrived (deserialised), before the panel's own listener ran. */
  readonly receivedAt: number;
}

/** VS Code's part, as a script: the theme on <html> and <body>, the API, the host's replies. */
function fakeHostScript(theme: Theme, messages: readonly HostMessage[]): string {
  return `(function () {
  var theme = ${JSON.stringify(theme)};
  var messages = ${JSON.stringify(messages)};
  var harness = { posted: [], violations: [], receivedAt: 0 };
  window.oslabHarness = harness;
  // Reading data deserialises it here, so that receivedAt splits the clone from the panel's work.
  window.addEventListener('message', function (e) { void e.data; harness.receivedAt = performance.now(); });
  document.addEventListener('securitypolicyviolation', function (e) { harness.violations.push(e.violatedDirective + ' ' + e.blockedURI); });
  for (var name in theme.variables) document.documentElement.style.setProperty(name, theme.variables[name]);
  document.body.classList.add(theme.bodyClass);
  document.body.setAttribute('data-vscode-theme-kind', theme.bodyClass);
  document.body.setAttribute('data-vscode-theme-name', theme.name);
  var state;
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (message) {
        harness.posted.push(message);
        if (message && message.type === 'ready') messages.forEach(function (m) { window.postMessage(m, '*'); });
      },
      getState: function () { return state; },
      setState: function (next) { state = next; },
    };
  };
})();
`;
}

/** Fails unless dist/webview holds a bundle at least as new as the webview's sources. */
export function requireFreshBundle(webviewDir: string, sourceDir: string): void {
  const bundle = join(webviewDir, 'main.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build it with \`node esbuild.mjs\` (npm test does in pretest)`);
  const built = statSync(bundle).mtimeMs;
  const newer = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(tsx?|css)$/.test(file) && statSync(join(sourceDir, file)).mtimeMs > built);
  if (newer.length > 0) throw new Error(`dist/webview is older than ${newer.join(', ')}: rebuild it with \`node esbuild.mjs\``);
}

/** Debian's Chromium through playwright-core; a missing browser is an error, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the panel screenshots need Debian's Chromium (apt-get install chromium)`);
  // Loaded at run time, not bundled: the bench's esbuild bundle cannot carry playwright-core.
  const { chromium } = createRequire(__filename)('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A new page that records console errors, page errors and failed requests into `problems`. */
export async function newWatchedPage(browser: Browser, theme: Theme): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: theme.kind });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return { page, problems };
}

/** Opens `url` in `page`, forgetting the problems of the page before. */
export async function openPanel(watched: { readonly page: Page; readonly problems: string[] }, url: string): Promise<void> {
  watched.problems.length = 0;
  await watched.page.goto(url, { waitUntil: 'commit' });
}

/** Waits until the page shows stop `epoch`, its fonts are loaded and two frames have been drawn. */
export async function waitForStop(page: Page, epoch: number): Promise<void> {
  await page.waitForFunction((text) => document.querySelector('.status-line')?.textContent?.includes(text) ?? false, `stopped (stop ${epoch})`, { timeout: 10_000 });
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/** The host's messages for a stopped session at `data`, its previous stop's data sent first. */
export function stoppedSession(name: string, data: PanelData, previous: PanelData | null): HostMessage[] {
  const updates: HostMessage[] = (previous ? [previous, data] : [data]).map((d) => ({ type: 'update', data: d }));
  return [{ type: 'session', status: 'stopped', name }, ...updates];
}

declare global {
  interface Window {
    oslabHarness: HarnessRecord;
  }
}
