// Where the panels' data comes from: the oslab debug session VS Code has active. A tracker folds
// the adapter's messages into running/stopped/ended (status-model.ts, as the status bar does);
// at every stop, and every POLL_MS while it runs and a panel is visible, the feed asks the adapter
// for `oslab/panelData` for the thread the user follows: the one selected in Call Stack, or one
// clicked in a panel since. With no panel open nothing is asked (a snapshot costs the adapter
// time at every step); a panel that opens later asks then. One request at a time; a newer reply
// always replaces an older one.

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DEBUG_TYPE, PANEL_DATA_REQUEST, type OslabPanelDataArguments, type PanelData } from '../../debug/protocol';
import type { SessionStatus as PanelSessionStatus } from '../../webview/messaging';
import { nextStatus, STARTING, type SessionStatus } from '../status-model';

export interface PanelFeedListener {
  update(data: PanelData): void;
  session(status: PanelSessionStatus, name: string): void;
}

/** While the machine runs, how often visible panels are refreshed. */
export const POLL_MS = 500;

export class PanelFeed implements vscode.Disposable {
  private session: vscode.DebugSession | null = null;
  private status: SessionStatus | null = null;
  private latest: PanelData | null = null;
  /** A thread clicked in a panel; cleared when Call Stack selects one. */
  private chosenTid: number | null = null;
  private stackTid: number | null = null;
  private fetching = false;
  private fetchAgain = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly subscriptions: vscode.Disposable[];

  /** Whether `data` is older than the machine (a stop or a selection came while no panel was open). */
  private stale = true;

  constructor(private readonly listener: PanelFeedListener, private readonly panels: () => { readonly open: boolean; readonly visible: boolean }) {
    this.subscriptions = [
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => this.trackerFor(session) }),
      vscode.debug.onDidChangeActiveStackItem((item) => this.stackItemChanged(item)),
    ];
    this.timer = setInterval(() => {
      if (this.status?.state === 'running' && this.panels().visible) this.refresh();
    }, POLL_MS);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** The newest data, for a panel that has just opened. */
  get data(): PanelData | null {
    return this.latest;
  }

  get sessionStatus(): PanelSessionStatus {
    const state = this.status?.state;
    return state === undefined ? 'none' : state === 'stopped' ? 'stopped' : state === 'exited' ? 'ended' : 'running';
  }

  get sessionName(): string {
    return this.session?.name ?? '';
  }

  get debugSession(): vscode.DebugSession | null {
    return this.session;
  }

  /** Follow `tid` from now on (a click in a panel). */
  select(tid: number): void {
    this.chosenTid = tid;
    this.refresh();
  }

  /** Asks for data now if it is out of date (a panel has just opened). */
  refreshIfStale(): void {
    if (this.stale) this.refresh();
  }

  refresh(): void {
    const session = this.session;
    if (!session || this.status?.state === 'exited') return;
    if (!this.panels().open) {
      this.stale = true;
      return;
    }
    this.stale = false;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    const args: OslabPanelDataArguments = { tid: this.chosenTid ?? this.stackTid ?? undefined };
    Promise.resolve(session.customRequest(PANEL_DATA_REQUEST, args))
      .then((data: PanelData) => {
        if (session !== this.session) return;
        if (this.latest && data.sequence <= this.latest.sequence) return;
        this.latest = data;
        this.listener.update(data);
      })
      .catch(() => {
        // The session ended while the request was out: its last data stays shown.
      })
      .finally(() => {
        this.fetching = false;
        if (this.fetchAgain) {
          this.fetchAgain = false;
          this.refresh();
        }
      });
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const update = (message: DebugProtocol.ProtocolMessage) => {
      if (session !== this.session || !this.status) return;
      const next = nextStatus(this.status, message);
      if (next === this.status) return;
      const stopped = next.state === 'stopped';
      this.status = next;
      this.listener.session(this.sessionStatus, session.name);
      if (stopped) this.refresh();
    };
    return {
      onWillStartSession: () => this.follow(session),
      onWillReceiveMessage: update,
      onDidSendMessage: update,
      onWillStopSession: () => {
        if (session !== this.session) return;
        this.status = { state: 'exited' };
        this.listener.session('ended', session.name);
      },
    };
  }

  private follow(session: vscode.DebugSession): void {
    this.session = session;
    this.status = STARTING;
    this.latest = null;
    this.stale = true;
    this.chosenTid = null;
    this.stackTid = null;
    this.listener.session('running', session.name);
  }

  private stackItemChanged(item: vscode.DebugThread | vscode.DebugStackFrame | undefined): void {
    if (!item || item.session.id !== this.session?.id) return;
    this.stackTid = item.threadId;
    this.chosenTid = null;
    if (this.status?.state === 'stopped') this.refresh();
  }
}
