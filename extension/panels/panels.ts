// The panels' entry points in VS Code: one command per panel ("oslab: Show Memory Map", …), a
// quick pick of them all for the debug toolbar, the oslab view listing them, and the serializers
// that bring open panels back after a window reload.

import * as vscode from 'vscode';
import { PANELS, type PanelId } from '../../webview/messaging';
import { PanelHosts } from './panel-hosts';

export const SHOW_PANELS_COMMAND = 'oslab.showPanels';
export const PANELS_VIEW = 'oslab.panels';

export function registerPanels(context: vscode.ExtensionContext): vscode.Disposable {
  const hosts = new PanelHosts(context.extensionUri);
  const disposables: vscode.Disposable[] = [hosts];
  for (const panel of PANELS) {
    disposables.push(
      vscode.commands.registerCommand(panel.command, () => hosts.show(panel.id)),
      vscode.window.registerWebviewPanelSerializer(`oslab.${panel.id}`, { deserializeWebviewPanel: async (webviewPanel) => hosts.adopt(panel.id, webviewPanel) }),
    );
  }
  disposables.push(
    vscode.commands.registerCommand(SHOW_PANELS_COMMAND, async () => {
      const picked = await vscode.window.showQuickPick(
        PANELS.map((p) => ({ label: `$(${p.icon}) ${p.title}`, id: p.id as PanelId })),
        { placeHolder: 'Show an oslab panel', canPickMany: true },
      );
      for (const item of picked ?? []) hosts.show(item.id);
    }),
    vscode.window.registerTreeDataProvider(PANELS_VIEW, new PanelList()),
  );
  return vscode.Disposable.from(...disposables);
}

class PanelList implements vscode.TreeDataProvider<(typeof PANELS)[number]> {
  getChildren(): (typeof PANELS)[number][] {
    return [...PANELS];
  }

  getTreeItem(panel: (typeof PANELS)[number]): vscode.TreeItem {
    const item = new vscode.TreeItem(panel.title);
    item.iconPath = new vscode.ThemeIcon(panel.icon);
    item.command = { command: panel.command, title: `Show ${panel.title}` };
    item.tooltip = `Show the ${panel.title} panel`;
    return item;
  }
}
