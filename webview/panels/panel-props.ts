// What every panel component receives: the newest data and the previous stop's (state flows one
// way, from the store down; a panel asks for changes through usePanelActions).

import type { PanelData } from '../../debug/protocol';
import type { ProcessView, ThreadView } from '../../sim/snapshot-types';

export interface PanelProps {
  readonly data: PanelData;
  readonly previous: PanelData | null;
}

/** The process and thread the panels follow, looked up in the snapshot. */
export function selectedProcess(data: PanelData): { readonly process: ProcessView; readonly thread: ThreadView | null } | null {
  const selected = data.selected;
  if (!selected) return null;
  const process = data.snapshot.processes.find((p) => p.pid === selected.pid);
  if (!process) return null;
  return { process, thread: process.threads.find((t) => t.tid === selected.tid) ?? null };
}
