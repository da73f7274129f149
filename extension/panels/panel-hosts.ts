// The panels' webviews: one per panel, opened by its command (or from the oslab view or the
// debug toolbar) beside the editor, revealed when already open, restored after a window reload.
// Each gets the feed's state when it says `ready` and every update after; its requests are
// answered once, by id. Hidden webviews are not kept alive: the page's own state (selection,
// zoom) is kept by VS Code, and the data is sent again when it is shown.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelData } from '../../debug/protocol';
import { encodeMemoryReference } from '../../debug/values/api';
import { isWebviewMessage, PANELS, type HostMessage, type PanelId, type SessionStatus, type WebviewMessage } from '../../webview/messaging';
import { panelHtml } from './html';
import { PanelFeed } from './panel-feed';

export class PanelHosts implements vscode.Disposable {
  private readonly open = new Map<PanelId, vscode.WebviewPanel>();
  private readonly feed: PanelFeed;
  private readonly assets: vscode.Uri;

  constructor(extensionUri: vscode.Uri) {
    this.assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.feed = new PanelFeed(
      { update: (data) => this.broadcast({ type: 'update', data }), session: (status, name) => this.broadcast({ type: 'session', status, name }) },
      () => ({ open: this.open.size > 0, visible: [...this.open.values()].some((panel) => panel.visible) }),
    );
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
    this.feed.dispose();
  }

  show(id: PanelId): void {
    const existing = this.open.get(id);
    if (existing) return existing.reveal(undefined, true);
    const title = PANELS.find((p) => p.id === id)!.title;
    const panel = vscode.window.createWebviewPanel(`oslab.${id}`, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.adopt(id, panel);
  }

  /** Takes charge of a panel: a new one, or one VS Code restored after a reload. */
  adopt(id: PanelId, panel: vscode.WebviewPanel): void {
    const spec = PANELS.find((p) => p.id === id)!;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.assets, '..', '..', 'media', 'oslab.svg');
    const webview = panel.webview;
    webview.html = panelHtml(id, spec.title, { cspSource: webview.cspSource, asset: (file) => webview.asWebviewUri(vscode.Uri.joinPath(this.assets, file)).toString() }, randomBytes(16).toString('base64'));
    this.open.set(id, panel);
    panel.onDidDispose(() => this.open.delete(id));
    webview.onDidReceiveMessage((message: unknown) => {
      if (isWebviewMessage(message)) void this.receive(panel, message);
    });
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [this.assets], retainContextWhenHidden: false };
  }

  private async receive(panel: vscode.WebviewPanel, message: WebviewMessage): Promise<void> {
    if (message.type === 'ready') {
      this.post(panel, { type: 'session', status: this.feed.sessionStatus, name: this.feed.sessionName });
      if (this.feed.data) this.post(panel, { type: 'update', data: this.feed.data });
      this.feed.refreshIfStale();
      return;
    }
    try {
      switch (message.method) {
        case 'selectThread':
          this.feed.select(message.params.tid);
          break;
        case 'openMemory':
          await this.openMemory(message.params.pid, message.params.address, message.params.length);
          break;
        case 'refresh':
          this.feed.refresh();
          break;
      }
      this.post(panel, { type: 'response', id: message.id, ok: true, result: null });
    } catch (error) {
      this.post(panel, { type: 'response', id: message.id, ok: false, error: (error as Error).message });
    }
  }

  // VS Code's memory view: the `vscode-debug-memory` document of a session's memory reference,
  // shown by the Hex Editor extension (VS Code offers to install it when it is missing).
  private async openMemory(pid: number, address: number, length: number): Promise<void> {
    const session = this.feed.debugSession;
    if (!session || this.feed.sessionStatus === 'ended') throw new Error('the debug session has ended');
    const reference = encodeMemoryReference(pid, address);
    const name = `pid${pid}-0x${(address >>> 0).toString(16)}.bin`;
    const uri = vscode.Uri.from({ scheme: 'vscode-debug-memory', authority: session.id, path: `/${encodeURIComponent(reference)}/${name}`, query: `range=0:${length}` });
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'hexEditor.hexedit');
    } catch {
      await vscode.commands.executeCommand('vscode.open', uri);
    }
  }

  private broadcast(message: HostMessage): void {
    for (const panel of this.open.values()) this.post(panel, message);
  }

  private post(panel: vscode.WebviewPanel, message: HostMessage): void {
    // A hidden webview has no page to post to; it asks again (`ready`) when shown.
    void panel.webview.postMessage(message).then(undefined, () => {});
  }
}

export type { PanelData, SessionStatus };
