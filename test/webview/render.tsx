// Renders one panel component as the webview would, inside PanelContext with a host connection
// to a fake VS Code API that records what the panel posts and keeps its state.

import { render } from '@testing-library/preact';
import type { ComponentType } from 'preact';
import type { PanelData } from '../../debug/protocol';
import { PanelContext } from '../../webview/hooks';
import { HostConnection, type VsCodeApi } from '../../webview/host';
import type { PanelId, WebviewMessage } from '../../webview/messaging';
import type { PanelProps } from '../../webview/panels/panel-props';

export interface FakeVsCodeApi extends VsCodeApi {
  readonly posted: WebviewMessage[];
  state: unknown;
}

export function fakeVsCodeApi(state?: unknown): FakeVsCodeApi {
  const api: FakeVsCodeApi = {
    posted: [],
    state,
    postMessage: (message) => void api.posted.push(message as WebviewMessage),
    getState: () => api.state,
    setState: (next) => void (api.state = next),
  };
  return api;
}

export function renderPanel(Panel: ComponentType<PanelProps>, panel: PanelId, data: PanelData, previous: PanelData | null = null, api = fakeVsCodeApi()) {
  const host = new HostConnection(api);
  const problems: string[] = [];
  const result = render(
    <PanelContext.Provider value={{ host, panel, report: (message) => problems.push(message) }}>
      <Panel data={data} previous={previous} />
    </PanelContext.Provider>,
  );
  return { ...result, api, host, problems };
}
