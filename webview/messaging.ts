// Every message between the extension (the panel hosts in extension/panels/) and the panels'
// webviews, declared once. The host pushes state (`update`, `session`); the webview asks for
// things by requests that carry a correlation id and get exactly one `response` (or time out on
// the webview's side). Nothing here touches the DOM or `vscode`: both sides import it.

import type { PanelData } from '../debug/protocol';

export const PANELS = [
  { id: 'memory-map', title: 'Memory Map', command: 'oslab.showMemoryMap', icon: 'symbol-array' },
  { id: 'page-table', title: 'Page Table', command: 'oslab.showPageTable', icon: 'list-tree' },
  { id: 'tlb', title: 'TLB', command: 'oslab.showTlb', icon: 'table' },
  { id: 'cpu-caches', title: 'CPU & Caches', command: 'oslab.showCpuCaches', icon: 'chip' },
  { id: 'scheduler', title: 'Scheduler', command: 'oslab.showScheduler', icon: 'pulse' },
  { id: 'processes', title: 'Processes & Files', command: 'oslab.showProcesses', icon: 'server-process' },
  { id: 'storage', title: 'Storage', command: 'oslab.showStorage', icon: 'database' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

export function isPanelId(value: unknown): value is PanelId {
  return PANELS.some((p) => p.id === value);
}

/** Where the debug session is, as the panels' status line shows it. */
export type SessionStatus = 'none' | 'running' | 'stopped' | 'ended';

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'update'; readonly data: PanelData }
  | { readonly type: 'session'; readonly status: SessionStatus; readonly name: string }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string };

/** What a webview may ask of its host: parameters and result of each request. */
export interface PanelRequests {
  /** Make `tid` the thread every panel follows (until Call Stack selects another). */
  readonly selectThread: { readonly params: { readonly tid: number }; readonly result: null };
  /** Open VS Code's memory (hex) view of a process at an address. */
  readonly openMemory: { readonly params: { readonly pid: number; readonly address: number; readonly length: number }; readonly result: null };
  /** Fetch fresh data now (the panel's refresh button). */
  readonly refresh: { readonly params: Record<string, never>; readonly result: null };
}

export type PanelRequestMethod = keyof PanelRequests;

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { [M in PanelRequestMethod]: { readonly type: 'request'; readonly id: number; readonly method: M; readonly params: PanelRequests[M]['params'] } }[PanelRequestMethod];

/** How long a webview waits for a response before it reports the request as failed. */
export const REQUEST_TIMEOUT_MS = 5000;

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown; method?: unknown };
  if (message.type === 'ready') return true;
  return message.type === 'request' && typeof message.id === 'number' && (message.method === 'selectThread' || message.method === 'openMemory' || message.method === 'refresh');
}
