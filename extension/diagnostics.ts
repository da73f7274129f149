// The Problems view for oslab programs: on save (where `oslab.diagnostics` allows it, see
// diagnostics-scope.ts) and before every oslab launch, the file is compiled in-process by
// oslab's own toolchain (problems.ts) and its errors and warnings land in the 'oslab'
// DiagnosticCollection, headers included. Unsaved editor buffers are what gets compiled.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { diskHost, loadSysroot } from '../host/sysroot';
import type { CompilerHost } from '../sim/toolchain/cc';
import type { Sysroot } from '../sim/toolchain/driver';
import { diagnosticsMode, shouldCheck, type CheckTrigger, type FolderFacts } from './diagnostics-scope';
import { checkSource, isCheckable, type SourceProblem } from './problems';

const RAN_FOLDERS_KEY = 'oslab.foldersRunWithOslab';

export class CompileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('oslab');
  /** For each checked file, the files its last check put problems on (itself and headers). */
  private readonly reportedBy = new Map<string, Set<string>>();
  /** Problems of checks since the last edit or save anywhere: F5 right after a checked save compiles nothing. */
  private readonly unchanged = new Map<string, { readonly text: string; readonly problems: readonly SourceProblem[] }>();
  private sysroot: Sysroot | 'missing' | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly workspaceState: vscode.Memento) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument(() => this.unchanged.clear()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        this.unchanged.clear();
        this.checkDocument(document, 'save');
      }),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration('oslab.diagnostics')) this.forgetOutOfScope();
      }),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  /** Checks a document when the trigger and the setting allow it; undefined when it was not checked. */
  checkDocument(document: vscode.TextDocument, trigger: CheckTrigger): readonly SourceProblem[] | undefined {
    if (document.uri.scheme !== 'file' || !isCheckable(document.uri.fsPath)) return undefined;
    return this.checkFile(document.uri.fsPath, trigger, () => document.getText());
  }

  /** Checks the program an oslab launch is about to run; returns how many errors it has (0 = go). */
  checkBeforeLaunch(programPath: string): number {
    if (!isCheckable(programPath) || !existsSync(programPath)) return 0;
    const problems = this.checkFile(programPath, 'launch', () => openDocumentText(programPath) ?? readFileSync(programPath, 'utf8')) ?? [];
    this.rememberOslabRun(programPath);
    return problems.filter((p) => p.severity === 'error').length;
  }

  private checkFile(path: string, trigger: CheckTrigger, readText: () => string): readonly SourceProblem[] | undefined {
    if (!this.allowed(vscode.Uri.file(path), trigger)) return undefined;
    const text = readText();
    const known = this.unchanged.get(path);
    const problems = known?.text === text ? known.problems : checkSource(path, text, { host: editorFirstHost, sysroot: this.loadSysroot() });
    this.unchanged.set(path, { text, problems });
    this.publish(path, problems);
    return problems;
  }

  private publish(checkedFile: string, problems: readonly SourceProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>([[checkedFile, []]]);
    for (const problem of problems) {
      const list = byFile.get(problem.file) ?? [];
      list.push(toDiagnostic(problem));
      byFile.set(problem.file, list);
    }
    for (const stale of this.reportedBy.get(checkedFile) ?? []) {
      if (!byFile.has(stale)) this.collection.delete(vscode.Uri.file(stale));
    }
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
    this.reportedBy.set(checkedFile, new Set(byFile.keys()));
  }

  // After the setting changed: the problems of files it no longer lets oslab check go away.
  private forgetOutOfScope(): void {
    for (const [checkedFile, files] of this.reportedBy) {
      if (this.allowed(vscode.Uri.file(checkedFile), 'save')) continue;
      for (const file of files) this.collection.delete(vscode.Uri.file(file));
      this.reportedBy.delete(checkedFile);
    }
  }

  private allowed(uri: vscode.Uri, trigger: CheckTrigger): boolean {
    const mode = diagnosticsMode(vscode.workspace.getConfiguration('oslab', uri).get('diagnostics'));
    return shouldCheck(mode, trigger, this.folderFacts(uri));
  }

  private folderFacts(uri: vscode.Uri): FolderFacts {
    const root = folderRoot(uri);
    const launch = vscode.workspace.getConfiguration('launch', uri).get<unknown>('configurations');
    const hasLab = [join(root, 'labs'), join(root, 'lab.json'), join(dirname(uri.fsPath), 'lab.json')].some((p) => existsSync(p));
    return { launchConfigurations: launch, hasLab, ranWithOslab: this.ranFolders().includes(root) };
  }

  // F5 on a file with no launch.json makes its folder an oslab folder from then on.
  private rememberOslabRun(programPath: string): void {
    const root = folderRoot(vscode.Uri.file(programPath));
    const folders = this.ranFolders();
    if (!folders.includes(root)) void this.workspaceState.update(RAN_FOLDERS_KEY, [...folders, root]);
  }

  private ranFolders(): readonly string[] {
    return this.workspaceState.get<string[]>(RAN_FOLDERS_KEY, []);
  }

  // Without the sysroot every `#include <stdio.h>` would be an error: say so once, then check anyway.
  private loadSysroot(): Sysroot | undefined {
    if (this.sysroot === undefined) {
      try {
        this.sysroot = loadSysroot();
      } catch (e) {
        this.sysroot = 'missing';
        void vscode.window.showWarningMessage(`oslab: ${e instanceof Error ? e.message : String(e)}; system headers will not be found.`);
      }
    }
    return this.sysroot === 'missing' ? undefined : this.sysroot;
  }
}

/** Headers as the user sees them: an open editor's unsaved text first, else the file on disk. */
const editorFirstHost: CompilerHost = {
  readFile: (path) => openDocumentText(path) ?? diskHost.readFile(path),
};

function openDocumentText(path: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
}

function folderRoot(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
}

function toDiagnostic(problem: SourceProblem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.line - 1, problem.endColumn - 1);
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'oslab cc';
  return diagnostic;
}

/** "prog.c has 2 compile errors": the refusal shown when a launch is stopped by them. */
export function compileErrorsMessage(programPath: string, errors: number): string {
  return `${basename(programPath)} has ${errors} compile error${errors === 1 ? '' : 's'}; see the Problems view.`;
}
