// A panel's page: a status line (session, stop, simulated time, the thread followed, refresh)
// above the panel itself, chosen by id. State comes from the store; nothing is drawn from a
// stale reply.

import { useEffect, useState } from 'preact/hooks';
import { Empty, Icon } from './components/common';
import { duration } from './format';
import type { HostConnection } from './host';
import { PanelContext, usePanelActions } from './hooks';
import { PANELS, type PanelId } from './messaging';
import { PANEL_COMPONENTS } from './panels/registry';
import { selectedProcess } from './panels/panel-props';
import type { PanelState, PanelStore } from './store';

export function App({ panel, store, host }: { readonly panel: PanelId; readonly store: PanelStore; readonly host: HostConnection }) {
  const [state, setState] = useState<PanelState>(store.current);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setState(store.current);
    return store.subscribe(() => setState(store.current));
  }, [store]);
  return (
    <PanelContext.Provider value={{ host, panel, report: setProblem }}>
      <main class={`panel panel-${panel}`} aria-label={PANELS.find((p) => p.id === panel)?.title}>
        <StatusLine state={state} problem={problem} />
        <PanelBody panel={panel} state={state} />
      </main>
    </PanelContext.Provider>
  );
}

function PanelBody({ panel, state }: { readonly panel: PanelId; readonly state: PanelState }) {
  if (!state.data) {
    const hint = state.status === 'none' ? 'Start debugging a C program (F5) to see the machine here.' : 'Waiting for the machine…';
    return <Empty>{hint}</Empty>;
  }
  const Panel = PANEL_COMPONENTS[panel];
  return <Panel data={state.data} previous={state.previous} />;
}

function StatusLine({ state, problem }: { readonly state: PanelState; readonly problem: string | null }) {
  const actions = usePanelActions();
  const data = state.data;
  const followed = data && selectedProcess(data);
  const status = state.status === 'stopped' && data ? `stopped (stop ${data.epoch})` : state.status === 'none' ? 'no oslab session' : state.status;
  return (
    <header class="status-line" role="status">
      <span class={`session-status status-${state.status}`}>
        <Icon name={state.status === 'running' ? 'debug-continue' : state.status === 'stopped' ? 'debug-pause' : 'debug-stop'} />
        {status}
      </span>
      {data && <span title="Simulated time since boot">t = {duration(data.snapshot.simNs)}</span>}
      {followed && (
        <span class="followed" title="The thread the panels follow: select another in Call Stack">
          pid {followed.process.pid} · tid {followed.thread?.tid ?? '–'} · {followed.process.comm}
        </span>
      )}
      {problem && <span class="problem" role="alert">{problem}</span>}
      <button class="icon-button" title="Refresh" aria-label="Refresh" onClick={() => actions.refresh()} disabled={state.status === 'none' || state.status === 'ended'}>
        <Icon name="refresh" />
      </button>
    </header>
  );
}
