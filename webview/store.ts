// The panel's data as it arrives: the newest reply wins (an older one that arrives late is
// dropped by its sequence number), and the data of the previous stop is kept beside it so a panel
// can show what changed since then. Subscribers are told after each accepted change.

import type { PanelData } from '../debug/protocol';
import type { HostMessage, SessionStatus } from './messaging';

export interface PanelState {
  readonly data: PanelData | null;
  /** The last data of an earlier stop (a lower epoch): "what changed since the last stop". */
  readonly previous: PanelData | null;
  readonly status: SessionStatus;
  readonly sessionName: string;
}

export class PanelStore {
  private state: PanelState = { data: null, previous: null, status: 'none', sessionName: '' };
  private readonly listeners = new Set<() => void>();

  get current(): PanelState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  receive(message: Exclude<HostMessage, { type: 'response' }>): void {
    if (message.type === 'session') {
      // A new session starts from nothing: its sequence numbers start again.
      const fresh = message.status === 'none' || (message.name !== this.state.sessionName && message.status !== 'ended');
      this.set(fresh ? { data: null, previous: null, status: message.status, sessionName: message.name } : { ...this.state, status: message.status, sessionName: message.name });
      return;
    }
    const data = message.data;
    const old = this.state.data;
    if (old && (data.sequence <= old.sequence || data.epoch < old.epoch)) return; // stale
    const previous = old && old.epoch < data.epoch ? old : this.state.previous;
    this.set({ ...this.state, data, previous });
  }

  private set(state: PanelState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
