// The webview's store and host connection: a late reply of an older request never replaces newer
// data, the previous stop's data is kept for "what changed", a new session starts clean, and
// requests are matched to responses by id or fail after the timeout.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PanelData } from '../../debug/protocol';
import { HostConnection } from '../../webview/host';
import { PanelStore } from '../../webview/store';
import { forkDemo } from './recorded';
import { fakeVsCodeApi } from './render';

const stamp = (data: PanelData, epoch: number, sequence: number): PanelData => ({ ...data, epoch, sequence });

describe('PanelStore', () => {
  it('keeps the newest reply and the data of the previous stop', () => {
    const [a, b, c] = forkDemo().stops.map((s) => s.data);
    const store = new PanelStore();
    store.receive({ type: 'session', status: 'stopped', name: 's' });
    store.receive({ type: 'update', data: stamp(a!, 1, 1) });
    store.receive({ type: 'update', data: stamp(b!, 1, 2) }); // same stop, newer (a refresh)
    expect(store.current.previous).toBeNull();
    store.receive({ type: 'update', data: stamp(c!, 2, 4) });
    expect(store.current.data?.sequence).toBe(4);
    expect(store.current.previous?.sequence).toBe(2);
    store.receive({ type: 'update', data: stamp(a!, 2, 3) }); // arrived late
    expect(store.current.data?.sequence).toBe(4);
  });

  it('starts over for a new session and keeps the last data when the session ends', () => {
    const [a] = forkDemo().stops.map((s) => s.data);
    const store = new PanelStore();
    store.receive({ type: 'session', status: 'running', name: 'one' });
    store.receive({ type: 'update', data: stamp(a!, 5, 9) });
    store.receive({ type: 'session', status: 'ended', name: 'one' });
    expect(store.current).toMatchObject({ status: 'ended', data: { sequence: 9 } });
    store.receive({ type: 'session', status: 'running', name: 'two' });
    expect(store.current.data).toBeNull();
    store.receive({ type: 'update', data: stamp(a!, 1, 1) });
    expect(store.current.data?.sequence).toBe(1);
  });
});

describe('HostConnection', () => {
  afterEach(() => vi.useRealTimers());

  it('matches responses to requests by id, whatever their order', async () => {
    const api = fakeVsCodeApi();
    const host = new HostConnection(api);
    const first = host.request('refresh', {});
    const second = host.request('selectThread', { tid: 3 });
    const [a, b] = api.posted as { id: number }[];
    host.receive({ type: 'response', id: b!.id, ok: false, error: 'no such thread' });
    host.receive({ type: 'response', id: a!.id, ok: true, result: null });
    await expect(first).resolves.toBeNull();
    await expect(second).rejects.toThrow('no such thread');
  });

  it('fails a request the extension never answers, after the timeout', async () => {
    vi.useFakeTimers();
    const host = new HostConnection(fakeVsCodeApi(), 1000);
    const request = host.request('openMemory', { pid: 1, address: 0, length: 16 });
    vi.advanceTimersByTime(1001);
    await expect(request).rejects.toThrow(/no answer from the extension in 1000 ms/);
  });

  it('keeps UI state per key across a reload of the page', () => {
    const api = fakeVsCodeApi();
    new HostConnection(api).saveState('memory-map.squeeze', true);
    const reloaded = new HostConnection(fakeVsCodeApi(api.state));
    expect(reloaded.loadState('memory-map.squeeze', false)).toBe(true);
    expect(reloaded.loadState('tlb.hart', 0)).toBe(0);
  });
});
