// The status-bar item shown while an oslab debug session lives: it follows the messages between
// VS Code and the adapter through a debug adapter tracker (status-model.ts folds them) and shows
// the session that is active in the Run and Debug view; it hides when no oslab session is left.

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../debug/protocol';
import { nextStatus, STARTING, statusText, type SessionStatus } from './status-model';

export class SessionStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('oslab.session', vscode.StatusBarAlignment.Left, 10);
  private readonly sessions = new Map<string, SessionStatus>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'oslab session';
    this.item.command = 'workbench.view.debug';
    this.subscriptions = [
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => this.trackerFor(session) }),
      vscode.debug.onDidChangeActiveDebugSession(() => this.render()),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private trackerFor(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    // Most messages (stackTrace, variables, …) change nothing: nextStatus returns the same object.
    const update = (message: DebugProtocol.ProtocolMessage) => {
      const status = this.sessions.get(session.id);
      const next = status && nextStatus(status, message);
      if (!next || next === status) return;
      this.sessions.set(session.id, next);
      this.render();
    };
    return {
      onWillStartSession: () => {
        this.sessions.set(session.id, STARTING);
        this.render();
      },
      onWillReceiveMessage: (message: DebugProtocol.ProtocolMessage) => update(message),
      onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => update(message),
      onWillStopSession: () => {
        this.sessions.delete(session.id);
        this.render();
      },
    };
  }

  // The active session if it is ours, else the most recently started of ours.
  private render(): void {
    const active = vscode.debug.activeDebugSession;
    const status = (active && this.sessions.get(active.id)) ?? [...this.sessions.values()].at(-1);
    if (!status) {
      this.item.hide();
      return;
    }
    const { text, tooltip } = statusText(status);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }
}
