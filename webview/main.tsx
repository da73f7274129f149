// The webview's entry point: which panel this page is comes from <body data-panel>, the VS Code
// API from acquireVsCodeApi(); messages from the host go to the connection, which feeds the
// store, which the App renders. It then says `ready`, and the host sends what it has.

import { render } from 'preact';
import { App } from './app';
import { HostConnection, type VsCodeApi } from './host';
import { isPanelId, type HostMessage } from './messaging';
import { PanelStore } from './store';

declare function acquireVsCodeApi(): VsCodeApi;

const panel = document.body.dataset.panel;
const root = document.getElementById('root');
if (!isPanelId(panel) || !root) throw new Error(`oslab: unknown panel ${String(panel)}`);
const host = new HostConnection(acquireVsCodeApi());
const store = new PanelStore();
host.onMessage((message) => store.receive(message));
window.addEventListener('message', (event: MessageEvent<HostMessage>) => host.receive(event.data));
render(<App panel={panel} store={store} host={host} />, root);
host.ready();
