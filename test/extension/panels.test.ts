// The panels' side in the extension host, against a fake `vscode` and the real adapter inline:
// each command opens its webview with a strict CSP; a page that says `ready` gets the session and
// the latest data; every stop pushes new data for the thread Call Stack (or a panel click)
// selects; requests are answered by id; a row opens VS Code's memory view; hidden pages get
// nothing and catch up when shown; no data is asked for while no panel is open.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OslabDebugSession } from '../../debug/session';
import { PANEL_DATA_REQUEST, STOPPED_EVENT, type PanelData } from '../../debug/protocol';
import { activate } from '../../extension/extension';
import { PANELS, type HostMessage } from '../../webview/messaging';
import { DebugAdapterInlineImplementation, fake, fakeExtensionContext, resetFake, trackersFor, type FakeWebviewPanel } from './fake-vscode';
import packageJson from '../../package.json';
import { POLL_MS } from '../../extension/panels/panel-feed';
import { forkDemo } from '../webview/recorded';

vi.mock('vscode', () => import('./fake-vscode'));

const NESTED = join(__dirname, '..', 'fixtures', 'debug', 'nested.c');

let context: ReturnType<typeof fakeExtensionContext>;

beforeEach(() => {
  resetFake();
  context = fakeExtensionContext();
  activate(context as never);
});

afterEach(() => {
  for (const subscription of context.subscriptions) subscription.dispose();
});

/** A debug session as VS Code runs one: the adapter inline, every tracker seeing every message, customRequest answered by the adapter. */
function startSession(id = 's1') {
  const adapter = (fake.adapterFactories.get('oslab')!.createDebugAdapterDescriptor({}) as DebugAdapterInlineImplementation).implementation as OslabDebugSession;
  const asked: { command: string; args: unknown }[] = [];
  let seq = 1;
  const pending = new Map<number, (response: DebugProtocol.Response) => void>();
  const stops: DebugProtocol.Event[] = [];
  const stopWaiters: (() => void)[] = [];
  let onInitialized = () => {};
  const session = {
    id,
    type: 'oslab',
    name: `oslab ${id}`,
    configuration: { console: 'internalConsole' },
    customRequest(command: string, args: unknown) {
      asked.push({ command, args });
      return send(command, args).then((r) => (r.success ? r.body : Promise.reject(new Error(r.message))));
    },
  };
  const tracker = trackersFor(session);
  adapter.onDidSendMessage((message) => {
    tracker.onDidSendMessage(message);
    const m = message as DebugProtocol.ProtocolMessage;
    if (m.type === 'response') pending.get((m as DebugProtocol.Response).request_seq)?.((m as DebugProtocol.Response));
    if (m.type === 'event' && (m as DebugProtocol.Event).event === 'initialized') onInitialized();
    if (m.type === 'event' && (m as DebugProtocol.Event).event === STOPPED_EVENT) {
      stops.push(m as DebugProtocol.Event);
      stopWaiters.splice(0).forEach((wake) => wake());
    }
  });
  function send(command: string, args: unknown): Promise<DebugProtocol.Response> {
    const request = { seq: seq++, type: 'request', command, arguments: args };
    tracker.onWillReceiveMessage(request);
    return new Promise((resolve) => {
      pending.set(request.seq, resolve);
      adapter.handleMessage(request as never);
    });
  }
  const nextStop = () => new Promise<void>((resolve) => stopWaiters.push(resolve));
  return {
    session,
    asked,
    send,
    nextStop,
    async launch(program: string, filters: object[] = []) {
      tracker.onWillStartSession();
      const stopped = nextStop();
      await send('initialize', { adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true });
      // As VS Code does: breakpoints once the adapter says it is initialized (after launch).
      const initialized = new Promise<void>((resolve) => (onInitialized = resolve));
      void send('launch', { program, cwd: join(NESTED, '..'), stopOnEntry: true, console: 'internalConsole' });
      await initialized;
      await send('setExceptionBreakpoints', { filters: [], filterOptions: filters });
      await send('configurationDone', {});
      await stopped;
    },
    async end() {
      await send('disconnect', {});
      tracker.onWillStopSession();
      adapter.dispose();
    },
  };
}

function open(panelId: string): FakeWebviewPanel {
  const spec = PANELS.find((p) => p.id === panelId)!;
  void fake.commands.get(spec.command)!();
  return fake.webviewPanels.find((p) => p.viewType === `oslab.${panelId}`)!;
}

const messages = (panel: FakeWebviewPanel) => panel.posted as HostMessage[];
const updates = (panel: FakeWebviewPanel) => messages(panel).filter((m): m is Extract<HostMessage, { type: 'update' }> => m.type === 'update');
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('oslab panels in VS Code', () => {
  it('contributes a command per panel titled with its name, a view listing them and a debug-toolbar entry', () => {
    for (const panel of PANELS) {
      expect(fake.commands.has(panel.command)).toBe(true);
      expect(packageJson.contributes.commands).toContainEqual(expect.objectContaining({ command: panel.command, title: `Show ${panel.title}`, category: 'oslab' }));
      expect(packageJson.activationEvents).toContain(`onWebviewPanel:oslab.${panel.id}`);
      expect(fake.panelSerializers.has(`oslab.${panel.id}`)).toBe(true);
    }
    const tree = fake.treeProviders.get('oslab.panels')!;
    expect(tree.getChildren().map((p) => tree.getTreeItem(p).label)).toEqual(PANELS.map((p) => p.title));
    expect(tree.getTreeItem(tree.getChildren()[0]).command?.command).toBe(PANELS[0].command);
    expect(packageJson.contributes.menus['debug/toolBar']).toContainEqual(expect.objectContaining({ command: 'oslab.showPanels', when: 'debugType == oslab' }));
  });

  it('opens each panel once, with a strict Content-Security-Policy, a fresh nonce and only the bundle as script', () => {
    const first = open('memory-map');
    expect(first.title).toBe('Memory Map');
    const html = first.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([` nonce="${nonce}" src="https://webview.test${join(__dirname, '..', '..')}/dist/webview/main.js"`]);
    expect(html).toContain('data-panel="memory-map"');
    expect(open('memory-map')).toBe(first);
    expect(first.revealed).toBe(1);
    expect(fake.webviewPanels).toHaveLength(1);
    const second = open('page-table');
    expect(/nonce-([^']+)/.exec(second.webview.html)![1]).not.toBe(nonce);
  });

  it('pushes the data of every stop to open panels, for the thread selected in Call Stack or clicked in a panel', async () => {
    const run = startSession();
    await run.launch(NESTED, [{ filterId: 'syscall-exit', condition: 'clone' }]);
    // No panel is open: nothing was asked of the adapter.
    expect(run.asked.filter((a) => a.command === PANEL_DATA_REQUEST)).toHaveLength(0);

    const panel = open('memory-map');
    panel.send({ type: 'ready' });
    await settle();
    expect(messages(panel)[0]).toMatchObject({ type: 'session', status: 'stopped', name: 'oslab s1' });
    const atEntry = updates(panel).at(-1)!.data;
    expect(atEntry.selected).not.toBeNull();
    const parent = atEntry.selected!.pid;

    const forked = run.nextStop();
    void run.send('continue', { threadId: parent });
    await forked;
    await settle();
    const atFork = updates(panel).at(-1)!.data;
    expect(atFork.epoch).toBeGreaterThan(atEntry.epoch);
    const child = atFork.snapshot.processes.map((p) => p.pid).find((pid) => !atEntry.snapshot.processes.some((p) => p.pid === pid))!;

    // Call Stack selects the child's thread: the panels follow it.
    fake.stackItemChanged.fire({ session: run.session, threadId: child });
    await settle();
    expect(updates(panel).at(-1)!.data.selected).toEqual({ pid: child, tid: child });
    // A click in a panel selects the parent again; the request is answered by id.
    panel.send({ type: 'request', id: 7, method: 'selectThread', params: { tid: parent } });
    await settle();
    expect(messages(panel)).toContainEqual({ type: 'response', id: 7, ok: true, result: null });
    expect(updates(panel).at(-1)!.data.selected).toEqual({ pid: parent, tid: parent });
    const sequences = updates(panel).map((u) => u.data.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    await run.end();
    await settle();
    expect(messages(panel).at(-1)).toMatchObject({ type: 'session', status: 'ended' });
  });

  it('opens the memory view of a process at an address through the session memory reference', async () => {
    const run = startSession('mem');
    await run.launch(NESTED);
    const panel = open('memory-map');
    panel.send({ type: 'ready' });
    await settle();
    const pid = updates(panel).at(-1)!.data.selected!.pid;
    panel.send({ type: 'request', id: 3, method: 'openMemory', params: { pid, address: 0x10000, length: 4096 } });
    await settle();
    expect(messages(panel)).toContainEqual({ type: 'response', id: 3, ok: true, result: null });
    const opened = fake.executed.find((e) => e.command === 'vscode.openWith')!;
    expect(String(opened.args[0])).toBe(`vscode-debug-memory://mem/${encodeURIComponent(`${pid}:0x10000`)}/pid${pid}-0x10000.bin?range=0:4096`);
    expect(opened.args[1]).toBe('hexEditor.hexedit');
    await run.end();
  });

  it('answers a request after the session has ended with an error, never a silent success', async () => {
    const panel = open('storage');
    panel.send({ type: 'request', id: 1, method: 'openMemory', params: { pid: 1, address: 0, length: 16 } });
    await settle();
    expect(messages(panel)).toContainEqual(expect.objectContaining({ type: 'response', id: 1, ok: false }));
  });

  it('sends a hidden panel nothing, and what it missed when it is shown again', async () => {
    const run = startSession('hide');
    await run.launch(NESTED, [{ filterId: 'syscall-exit', condition: 'clone' }]);
    const panel = open('scheduler');
    panel.send({ type: 'ready' });
    await settle();
    const seen = updates(panel).length;
    panel.visible = false;
    const forked = run.nextStop();
    void run.send('continue', { threadId: updates(panel).at(-1)!.data.selected!.tid });
    await forked;
    await settle();
    expect(updates(panel)).toHaveLength(seen);
    panel.visible = true;
    panel.send({ type: 'ready' });
    await settle();
    const latest: PanelData = updates(panel).at(-1)!.data;
    expect(latest.snapshot.processes.length).toBeGreaterThan(updates(panel)[seen - 1]!.data.snapshot.processes.length);
    await run.end();
  });
});

describe('oslab panels while the machine runs', () => {
  it('refresh visible panels every POLL_MS while running, and stop when it stops or no panel is visible', async () => {
    for (const subscription of context.subscriptions) subscription.dispose();
    resetFake();
    vi.useFakeTimers();
    try {
      context = fakeExtensionContext();
      activate(context as never);
      let sequence = 0;
      const asked: unknown[] = [];
      const session = {
        id: 'poll',
        type: 'oslab',
        name: 'poll',
        configuration: {},
        customRequest: (command: string, args: unknown) => {
          asked.push({ command, args });
          return Promise.resolve({ ...forkDemo().at('first sleep'), sequence: ++sequence });
        },
      };
      const tracker = trackersFor(session);
      tracker.onWillStartSession();
      const panel = open('scheduler');
      panel.send({ type: 'ready' });
      await vi.advanceTimersByTimeAsync(0);
      const before = asked.length;
      tracker.onWillReceiveMessage({ seq: 1, type: 'request', command: 'continue', arguments: { threadId: 2 } });
      await vi.advanceTimersByTimeAsync(POLL_MS * 4 + 10);
      expect(asked.length - before).toBe(4);
      expect(updates(panel).at(-1)!.data.sequence).toBe(sequence);
      panel.visible = false;
      await vi.advanceTimersByTimeAsync(POLL_MS * 4);
      expect(asked.length - before).toBe(4);
      panel.visible = true;
      tracker.onDidSendMessage({ seq: 2, type: 'event', event: STOPPED_EVENT, body: { epoch: 2, pid: 2, tid: 2, reason: 'pause', description: 'paused' } });
      await vi.advanceTimersByTimeAsync(POLL_MS * 4);
      expect(asked.length - before).toBe(5); // the stop's own refresh, then no polling
    } finally {
      vi.useRealTimers();
    }
  });
});
