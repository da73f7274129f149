// The VS Code extension's entry point, and only glue: the `oslab` debug adapter runs inline in
// the extension host (debug/session.ts knows nothing of VS Code), F5 is configured by
// debug-config.ts, compile problems go to the Problems view through diagnostics.ts, the
// status bar follows the session through status.ts, the program's terminal is terminal.ts's, and
// the panels (webviews of the machine's state) are panels/'s.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../debug/protocol';
import { OslabDebugSession } from '../debug/session';
import { launchCurrentFile, registerDebugConfigurations } from './debug-config';
import { CompileDiagnostics } from './diagnostics';
import { registerPanels } from './panels/panels';
import { SessionStatusItem } from './status';
import { ProgramTerminals } from './terminal';

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = new CompileDiagnostics(context.workspaceState);
  context.subscriptions.push(
    diagnostics,
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new OslabDebugSession({ terminal: 'extension' })),
    }),
    registerDebugConfigurations(diagnostics),
    new ProgramTerminals(),
    new SessionStatusItem(),
    registerPanels(context),
    vscode.commands.registerCommand('oslab.runCurrentFile', () => launchCurrentFile(false)),
    vscode.commands.registerCommand('oslab.debugCurrentFile', () => launchCurrentFile(true)),
    vscode.commands.registerCommand('oslab.checkCurrentFile', () => checkActiveEditor(diagnostics)),
  );
}

export function deactivate(): void {
  // Everything is in context.subscriptions, which VS Code disposes.
}

function checkActiveEditor(diagnostics: CompileDiagnostics): void {
  const document = vscode.window.activeTextEditor?.document;
  const problems = document && diagnostics.checkDocument(document, 'command');
  if (document === undefined || problems === undefined) {
    void vscode.window.showErrorMessage('oslab: open a C (.c) or assembly (.s) file to check it.');
    return;
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  void vscode.window.showInformationMessage(`oslab: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${vscode.workspace.asRelativePath(document.uri)}.`);
}
