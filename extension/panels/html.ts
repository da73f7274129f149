// The page each panel's webview loads: the bundle and styles from dist/webview, a strict
// Content-Security-Policy (nothing inline, scripts only with this page's nonce, resources only
// from the extension), and the panel's id on <body> for webview/main.tsx. No `vscode` import:
// the screenshot tests serve the same page.

import type { PanelId } from '../../webview/messaging';

export interface PanelPageAssets {
  /** The webview's `cspSource` (where local resources are served from). */
  readonly cspSource: string;
  /** The URI the webview loads a file of dist/webview by. */
  readonly asset: (file: string) => string;
}

export function panelHtml(panel: PanelId, title: string, assets: PanelPageAssets, nonce: string): string {
  const csp = [`default-src 'none'`, `style-src ${assets.cspSource}`, `font-src ${assets.cspSource}`, `img-src ${assets.cspSource} data:`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${assets.asset('codicon.css')}">
<link rel="stylesheet" href="${assets.asset('panels.css')}">
<title>${escapeHtml(title)}</title>
</head>
<body data-panel="${panel}">
<div id="root"></div>
<script nonce="${nonce}" src="${assets.asset('main.js')}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
