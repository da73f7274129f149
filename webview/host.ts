// The webview's side of the conversation with its host: requests with correlation ids and a
// timeout, pushed messages handed to one listener, and the UI state VS Code keeps for a hidden
// panel (`getState`/`setState`), so that a panel shown again opens as it was left.

import { REQUEST_TIMEOUT_MS, type HostMessage, type PanelRequestMethod, type PanelRequests, type WebviewMessage } from './messaging';

/** What `acquireVsCodeApi()` returns in a webview (and what tests and screenshots fake). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class HostConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private listener: (message: Exclude<HostMessage, { type: 'response' }>) => void = () => {};

  constructor(private readonly api: VsCodeApi, private readonly timeoutMs = REQUEST_TIMEOUT_MS) {}

  request<M extends PanelRequestMethod>(method: M, params: PanelRequests[M]['params']): Promise<PanelRequests[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from the extension in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      this.post({ type: 'request', id, method, params } as WebviewMessage);
    });
  }

  /** The one listener for pushed messages (the store). */
  onMessage(listener: (message: Exclude<HostMessage, { type: 'response' }>) => void): void {
    this.listener = listener;
  }

  /** A message from the host (the window's `message` event). */
  receive(message: HostMessage): void {
    if (message.type !== 'response') return this.listener(message);
    const pending = this.pending.get(message.id);
    if (!pending) return; // timed out already
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.error));
  }

  ready(): void {
    this.post({ type: 'ready' });
  }

  /** One value of the panel's UI state, kept while the panel is hidden. */
  loadState<T>(key: string, initial: T): T {
    const state = this.api.getState() as Record<string, unknown> | undefined;
    return state && key in state ? (state[key] as T) : initial;
  }

  saveState(key: string, value: unknown): void {
    const state = (this.api.getState() as Record<string, unknown> | undefined) ?? {};
    this.api.setState({ ...state, [key]: value });
  }

  private post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }
}
