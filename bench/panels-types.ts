// The shape of the panels' bench (bench/panels.tsx) as bench/main.ts sees it. panels.tsx is JSX
// over the DOM, typechecked with the webview's tsconfig (webview/tsconfig.json), so main.ts loads
// it with require() and types it by this file alone.

import type { PanelId } from '../webview/messaging';
import type { Table } from './report';

export interface RenderTimes {
  /** happy-dom: mounting the panel on the first stop. */
  readonly firstMs: number[];
  /** happy-dom: re-rendering it with the next stop. */
  readonly rerenderMs: number[];
}

export interface ChromiumTimes {
  /** Posting `update` → the page receiving it, deserialised (the structured clone of the PanelData). */
  readonly transportMs: number[];
  /** The page receiving `update` → the panel re-rendered and laid out. */
  readonly layoutMs: number[];
  /** Posting `update` → the next animation frame. */
  readonly frameMs: number[];
}

export interface PanelTimings {
  readonly processes: number;
  readonly ptes: number;
  /** The PanelData of the first stop as JSON (UTF-8), in bytes. */
  readonly jsonBytes: number;
  /** panelData() on the stopped machine: the adapter's cost per stop. */
  readonly buildMs: number[];
  readonly stringifyMs: number[];
  readonly dom: Record<PanelId, RenderTimes>;
  /** Null when Chromium is not installed. */
  readonly chromium: Record<PanelId, ChromiumTimes> | null;
}

export type PanelsBench = (sysrootDir: string, quick: boolean, problems: string[]) => Promise<{ timings: PanelTimings; table: Table }>;
