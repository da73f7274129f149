// @vitest-environment happy-dom
// A panel page as a whole: the hint before any session, the status line at a stop (stop number,
// simulated time, the thread followed), the refresh button asking the host, and a failed request
// shown in the status line instead of being lost.

import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../webview/app';
import { HostConnection } from '../../webview/host';
import { PanelStore } from '../../webview/store';
import { forkDemo } from './recorded';
import { fakeVsCodeApi } from './render';

afterEach(cleanup);

function page() {
  const api = fakeVsCodeApi();
  const host = new HostConnection(api);
  const store = new PanelStore();
  host.onMessage((message) => store.receive(message));
  render(<App panel="memory-map" store={store} host={host} />);
  return { api, host, store };
}

describe('a panel page', () => {
  it('says how to start before there is a session, then shows the stop and the thread it follows', async () => {
    const { host } = page();
    expect(screen.getByText(/Start debugging a C program \(F5\)/)).toBeTruthy();
    const data = forkDemo().at('first sleep');
    host.receive({ type: 'session', status: 'stopped', name: 'fork-demo' });
    host.receive({ type: 'update', data });
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain(`stopped (stop ${data.epoch})`);
    expect(status.textContent).toMatch(/t = [\d.]+ (ns|µs|ms|s)/);
    expect(status.textContent).toContain(`pid ${data.selected!.pid} · tid ${data.selected!.tid}`);
    expect(screen.getByRole('listbox', { name: 'Mappings' })).toBeTruthy();
  });

  it('asks the host to refresh, and shows a request that failed', async () => {
    const { api, host } = page();
    host.receive({ type: 'session', status: 'stopped', name: 'fork-demo' });
    host.receive({ type: 'update', data: forkDemo().at('first sleep') });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh' }));
    const request = api.posted.find((m) => m.type === 'request' && m.method === 'refresh') as { id: number };
    expect(request).toBeTruthy();
    host.receive({ type: 'response', id: request.id, ok: false, error: 'the debug session has ended' });
    expect((await screen.findByRole('alert')).textContent).toBe('the debug session has ended');
  });
});
