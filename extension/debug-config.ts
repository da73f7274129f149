// The `oslab` debug type's configuration provider: F5 on a C file with no launch.json runs it,
// "create a launch.json file" and the Run and Debug view's dynamic list offer the current file,
// and every launch is compiled first so that errors stop it in the Problems view instead of in
// the Debug Console. The decisions are launch-config.ts's; this is the VS Code side.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../debug/protocol';
import { compileErrorsMessage, type CompileDiagnostics } from './diagnostics';
import { currentFileConfiguration, isRunnableSource, programPath, resolveLaunch, withAbsoluteCwd, type ActiveFile } from './launch-config';

export function registerDebugConfigurations(diagnostics: CompileDiagnostics): vscode.Disposable {
  const provider = new OslabConfigurationProvider(diagnostics);
  const dynamic: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => (activeSource() ? [currentFileConfiguration(false), currentFileConfiguration(true)] : []),
  };
  return vscode.Disposable.from(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, dynamic, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}

/** Starts the active editor's C or assembly file under oslab (the palette's Run/Debug Current File). */
export async function launchCurrentFile(stopOnEntry: boolean): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !activeSource()) {
    void vscode.window.showErrorMessage('oslab: open a C (.c) or assembly (.s) file first.');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
  return vscode.debug.startDebugging(folder, currentFileConfiguration(stopOnEntry));
}

class OslabConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly diagnostics: CompileDiagnostics) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [currentFileConfiguration(false)];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const resolution = resolveLaunch(config, activeFile());
    if (resolution.kind === 'refuse') {
      void vscode.window.showErrorMessage(resolution.message);
      return undefined;
    }
    return resolution.config;
  }

  // Variables are substituted by now, so the program is a real path that can be compiled.
  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const resolved = withAbsoluteCwd(config, folder?.uri.fsPath);
    const program = programPath(resolved);
    if (program === undefined) return resolved;
    const errors = this.diagnostics.checkBeforeLaunch(program);
    if (errors === 0) return resolved;
    void vscode.window.showErrorMessage(compileErrorsMessage(program, errors), 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return undefined;
  }
}

function activeFile(): ActiveFile | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document ? { path: document.uri.fsPath, languageId: document.languageId } : undefined;
}

function activeSource(): ActiveFile | undefined {
  const file = activeFile();
  return file && isRunnableSource(file) ? file : undefined;
}
