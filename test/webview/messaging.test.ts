// The panels' shared list: every panel names an icon the codicon font shipped beside the panels
// (dist/webview/codicon.css) has, and a command; and only well-formed messages from a page are
// taken for requests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWebviewMessage, PANELS } from '../../webview/messaging';

describe('the panels list', () => {
  it('names only icons the codicon font has, and one command per panel', () => {
    const css = readFileSync(join(__dirname, '..', '..', 'node_modules', '@vscode', 'codicons', 'dist', 'codicon.css'), 'utf8');
    for (const panel of PANELS) expect(css, panel.icon).toContain(`.codicon-${panel.icon}:before`);
    expect(new Set(PANELS.map((p) => p.command)).size).toBe(PANELS.length);
  });

  it('takes a page message for a request only when it has a known method and a numeric id', () => {
    expect(isWebviewMessage({ type: 'ready' })).toBe(true);
    expect(isWebviewMessage({ type: 'request', id: 1, method: 'refresh', params: {} })).toBe(true);
    expect(isWebviewMessage({ type: 'request', id: '1', method: 'refresh', params: {} })).toBe(false);
    expect(isWebviewMessage({ type: 'request', id: 1, method: 'eval', params: {} })).toBe(false);
    expect(isWebviewMessage(null)).toBe(false);
  });
});
