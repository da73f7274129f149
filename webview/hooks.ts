// The hooks every panel uses: the host connection from context, UI state that survives the panel
// being hidden, and the actions a panel may ask of the extension (errors shown, never thrown).

import { createContext } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';
import type { HostConnection } from './host';
import type { PanelId } from './messaging';

export interface PanelEnvironment {
  readonly host: HostConnection;
  readonly panel: PanelId;
  /** Reports a failed request in the panel's status line. */
  readonly report: (message: string) => void;
}

export const PanelContext = createContext<PanelEnvironment | null>(null);

function usePanelEnvironment(): PanelEnvironment {
  const environment = useContext(PanelContext);
  if (!environment) throw new Error('a panel component was rendered outside PanelContext');
  return environment;
}

/** Like useState, but kept by VS Code while the panel is hidden (under `key`, per panel). */
export function usePersistentState<T>(key: string, initial: T): [T, (value: T) => void] {
  const { host } = usePanelEnvironment();
  const [value, setValue] = useState<T>(() => host.loadState(key, initial));
  const update = useCallback(
    (next: T) => {
      host.saveState(key, next);
      setValue(next);
    },
    [host, key],
  );
  return [value, update];
}

export interface PanelActions {
  selectThread(tid: number): void;
  openMemory(pid: number, address: number, length: number): void;
  refresh(): void;
}

export function usePanelActions(): PanelActions {
  const { host, report } = usePanelEnvironment();
  const failed = (error: unknown) => report((error as Error).message);
  return {
    selectThread: (tid) => void host.request('selectThread', { tid }).catch(failed),
    openMemory: (pid, address, length) => void host.request('openMemory', { pid, address, length }).catch(failed),
    refresh: () => void host.request('refresh', {}).catch(failed),
  };
}
