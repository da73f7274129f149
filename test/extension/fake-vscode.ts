// A minimal stand-in for the `vscode` module, just the API the extension shell calls, recording
// what the extension registers, shows and publishes so that tests can drive activation, F5, saves
// and debug sessions without an editor. The tests load it with vi.mock('vscode'), and the bundle
// test hands it to dist/extension.js as its `require('vscode')`.

import { join, sep } from 'node:path';

type Listener<T> = (value: T) => unknown;

export class Disposable {
  constructor(private readonly onDispose: () => void = () => {}) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}

/** vscode.EventEmitter, as the extension's Pseudoterminals use it. */
export class EventEmitter<T> extends Emitter<T> {
  dispose(): void {}
}

/** A terminal from window.createTerminal: its Pseudoterminal is driven by the tests (open, handleInput, close). */
export interface FakeTerminal {
  readonly name: string;
  readonly pty: { open(dimensions: unknown): void; close(): void; handleInput?(data: string): void; onDidWrite(listener: (text: string) => void): Disposable };
  shown: number;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

export class Uri {
  private constructor(
    readonly fsPath: string,
    readonly scheme = 'file',
    readonly authority = '',
    readonly query = '',
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(path: string): Uri {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    const joined = [base.fsPath, ...parts].join('/').replace(/\/+/g, '/').split('/');
    const out: string[] = [];
    for (const part of joined) part === '..' ? out.pop() : part !== '.' && out.push(part);
    return new Uri(out.join('/'), base.scheme, base.authority, base.query);
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string }): Uri {
    return new Uri(parts.path ?? '', parts.scheme, parts.authority ?? '', parts.query ?? '');
  }
  toString(): string {
    return this.scheme === 'file' ? `file://${this.fsPath}` : `${this.scheme}://${this.authority}${this.fsPath}${this.query ? `?${this.query}` : ''}`;
  }
}

export const ViewColumn = { Active: -1, Beside: -2, One: 1, Two: 2 } as const;

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class TreeItem {
  iconPath?: unknown;
  command?: { command: string; title: string };
  tooltip?: string;
  constructor(readonly label: string) {}
}

/** A webview panel from window.createWebviewPanel: what the extension posted to its page, and a way to post from the page. */
export class FakeWebviewPanel {
  visible = true;
  revealed = 0;
  disposed = false;
  iconPath?: unknown;
  readonly posted: unknown[] = [];
  private readonly fromPage = new Emitter<unknown>();
  private readonly disposedEmitter = new Emitter<void>();
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'https://webview.test',
    asWebviewUri: (uri: Uri) => Uri.from({ scheme: 'https', authority: 'webview.test', path: uri.fsPath }),
    postMessage: (message: unknown) => {
      // A hidden page has gone (retainContextWhenHidden is off): VS Code drops the message.
      if (this.visible) this.posted.push(JSON.parse(JSON.stringify(message)));
      return Promise.resolve(this.visible);
    },
    onDidReceiveMessage: this.fromPage.event,
  };
  readonly onDidDispose = this.disposedEmitter.event;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly showOptions: unknown,
  ) {}
  /** The page sends a message to the extension. */
  send(message: unknown): void {
    this.fromPage.fire(message);
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed = true;
    this.disposedEmitter.fire();
  }
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;
export const StatusBarAlignment = { Left: 1, Right: 2 } as const;
export const DebugConfigurationProviderTriggerKind = { Initial: 1, Dynamic: 2 } as const;

export class Diagnostic {
  source?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}

export class DebugAdapterInlineImplementation {
  constructor(readonly implementation: unknown) {}
}

export interface FakeDocument {
  readonly uri: Uri;
  readonly languageId: string;
  getText(): string;
}

export function fakeDocument(path: string, text: string, languageId = path.endsWith('.c') ? 'c' : path.endsWith('.s') ? 'asm' : 'plaintext'): FakeDocument {
  return { uri: Uri.file(path), languageId, getText: () => text };
}

class DiagnosticCollection {
  readonly byFile = new Map<string, Diagnostic[]>();
  constructor(readonly name: string) {}
  set(uri: Uri, diagnostics: Diagnostic[]): void {
    this.byFile.set(uri.fsPath, diagnostics);
  }
  delete(uri: Uri): void {
    this.byFile.delete(uri.fsPath);
  }
  clear(): void {
    this.byFile.clear();
  }
  dispose(): void {}
}

class StatusBarItem {
  text = '';
  tooltip = '';
  name = '';
  command = '';
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {}
}

/** Everything the fake remembers; reset between tests with resetFake(). */
export const fake = {
  activeDocument: undefined as FakeDocument | undefined,
  textDocuments: [] as FakeDocument[],
  workspaceFolders: [] as { uri: Uri; name: string; index: number }[],
  /** Settings by `section.key`, optionally per folder path: `${folder}|section.key` wins. */
  settings: new Map<string, unknown>(),
  workspaceState: new Map<string, unknown>(),
  collections: [] as DiagnosticCollection[],
  statusItems: [] as StatusBarItem[],
  messages: [] as { level: 'error' | 'warning' | 'info'; text: string }[],
  adapterFactories: new Map<string, { createDebugAdapterDescriptor(session: unknown): unknown }>(),
  trackerFactories: new Map<string, { createDebugAdapterTracker(session: unknown): Record<string, (m?: unknown) => void> }>(),
  /** Every tracker factory registered, in order (trackerFactories keeps the last one per type). */
  allTrackerFactories: [] as { type: string; factory: { createDebugAdapterTracker(session: unknown): Record<string, (m?: unknown) => void> | undefined } }[],
  terminals: [] as FakeTerminal[],
  configurationProviders: [] as { type: string; trigger: number; provider: Record<string, (...args: unknown[]) => unknown> }[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  /** Commands run through commands.executeCommand, with their arguments. */
  executed: [] as { command: string; args: unknown[] }[],
  webviewPanels: [] as FakeWebviewPanel[],
  panelSerializers: new Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }>(),
  treeProviders: new Map<string, { getChildren(): unknown[]; getTreeItem(element: unknown): TreeItem }>(),
  /** What the next showQuickPick resolves to. */
  quickPickAnswer: undefined as unknown,
  activeStackItem: undefined as unknown,
  stackItemChanged: new Emitter<unknown>(),
  started: [] as { folder: unknown; config: unknown }[],
  saved: new Emitter<FakeDocument>(),
  changed: new Emitter<{ document: FakeDocument }>(),
  configurationChanged: new Emitter<{ affectsConfiguration(section: string): boolean }>(),
};

export function resetFake(): void {
  fake.activeDocument = undefined;
  fake.textDocuments = [];
  fake.workspaceFolders = [];
  fake.settings.clear();
  fake.workspaceState.clear();
  fake.collections.length = 0;
  fake.statusItems.length = 0;
  fake.messages.length = 0;
  fake.adapterFactories.clear();
  fake.trackerFactories.clear();
  fake.allTrackerFactories.length = 0;
  fake.terminals.length = 0;
  fake.configurationProviders.length = 0;
  fake.commands.clear();
  fake.executed.length = 0;
  fake.webviewPanels.length = 0;
  fake.panelSerializers.clear();
  fake.treeProviders.clear();
  fake.quickPickAnswer = undefined;
  fake.activeStackItem = undefined;
  fake.started.length = 0;
}

function folderOf(uri: Uri) {
  return fake.workspaceFolders.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + sep));
}

const message = (level: 'error' | 'warning' | 'info') => (text: string) => {
  fake.messages.push({ level, text });
  return Promise.resolve(undefined);
};

export const languages = {
  createDiagnosticCollection(name: string): DiagnosticCollection {
    const collection = new DiagnosticCollection(name);
    fake.collections.push(collection);
    return collection;
  },
};

export const workspace = {
  onDidSaveTextDocument: fake.saved.event,
  onDidChangeTextDocument: fake.changed.event,
  onDidChangeConfiguration: fake.configurationChanged.event,
  get textDocuments() {
    return fake.textDocuments;
  },
  get workspaceFolders() {
    return fake.workspaceFolders;
  },
  getWorkspaceFolder: folderOf,
  asRelativePath: (uri: Uri) => uri.fsPath,
  getConfiguration(section: string, scope?: Uri) {
    const folder = scope && folderOf(scope);
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const full = `${section}.${key}`;
        const perFolder = folder && fake.settings.get(`${folder.uri.fsPath}|${full}`);
        return (perFolder ?? fake.settings.get(full) ?? fallback) as T | undefined;
      },
    };
  },
};

export const window = {
  get activeTextEditor() {
    return fake.activeDocument && { document: fake.activeDocument };
  },
  showErrorMessage: message('error'),
  showWarningMessage: message('warning'),
  showInformationMessage: message('info'),
  createStatusBarItem(): StatusBarItem {
    const item = new StatusBarItem();
    fake.statusItems.push(item);
    return item;
  },
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: unknown): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, showOptions);
    panel.webview.options = options;
    fake.webviewPanels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }) {
    fake.panelSerializers.set(viewType, serializer);
    return new Disposable(() => fake.panelSerializers.delete(viewType));
  },
  registerTreeDataProvider(id: string, provider: { getChildren(): unknown[]; getTreeItem(element: unknown): TreeItem }) {
    fake.treeProviders.set(id, provider);
    return new Disposable(() => fake.treeProviders.delete(id));
  },
  showQuickPick: () => Promise.resolve(fake.quickPickAnswer),
  createTerminal(options: { name: string; pty: FakeTerminal['pty'] }): FakeTerminal {
    const terminal: FakeTerminal = {
      name: options.name,
      pty: options.pty,
      shown: 0,
      show() {
        terminal.shown++;
      },
      dispose() {},
    };
    fake.terminals.push(terminal);
    return terminal;
  },
};

export const debug = {
  activeDebugSession: undefined as unknown,
  get activeStackItem() {
    return fake.activeStackItem;
  },
  onDidChangeActiveStackItem: fake.stackItemChanged.event,
  onDidChangeActiveDebugSession: new Emitter<unknown>().event,
  registerDebugAdapterDescriptorFactory(type: string, factory: { createDebugAdapterDescriptor(session: unknown): unknown }) {
    fake.adapterFactories.set(type, factory);
    return new Disposable(() => fake.adapterFactories.delete(type));
  },
  registerDebugAdapterTrackerFactory(type: string, factory: { createDebugAdapterTracker(session: unknown): Record<string, (m?: unknown) => void> }) {
    fake.trackerFactories.set(type, factory);
    const entry = { type, factory };
    fake.allTrackerFactories.push(entry);
    return new Disposable(() => {
      fake.trackerFactories.delete(type);
      fake.allTrackerFactories.splice(fake.allTrackerFactories.indexOf(entry), 1);
    });
  },
  registerDebugConfigurationProvider(type: string, provider: Record<string, (...args: unknown[]) => unknown>, trigger = DebugConfigurationProviderTriggerKind.Initial) {
    fake.configurationProviders.push({ type, trigger, provider });
    return new Disposable();
  },
  startDebugging(folder: unknown, config: unknown): Promise<boolean> {
    fake.started.push({ folder, config });
    return Promise.resolve(true);
  },
};

export const commands = {
  registerCommand(id: string, run: (...args: unknown[]) => unknown) {
    fake.commands.set(id, run);
    return new Disposable(() => fake.commands.delete(id));
  },
  executeCommand: (command: string, ...args: unknown[]) => {
    fake.executed.push({ command, args });
    return Promise.resolve(undefined);
  },
};

/** One tracker standing for every registered factory's tracker of `session`, as VS Code runs them all. */
export function trackersFor(session: unknown): Record<'onWillStartSession' | 'onWillReceiveMessage' | 'onDidSendMessage' | 'onWillStopSession', (m?: unknown) => void> {
  const trackers = fake.allTrackerFactories.filter((f) => f.type === 'oslab').map((f) => f.factory.createDebugAdapterTracker({ configuration: {}, ...(session as object) })).filter((t) => t !== undefined);
  const all = (name: string) => (m?: unknown) => trackers.forEach((t) => t[name]?.(m));
  return { onWillStartSession: all('onWillStartSession'), onWillReceiveMessage: all('onWillReceiveMessage'), onDidSendMessage: all('onDidSendMessage'), onWillStopSession: all('onWillStopSession') };
}

/** What activate() receives. */
export function fakeExtensionContext() {
  return {
    extensionUri: Uri.file(join(__dirname, '..', '..')),
    subscriptions: [] as { dispose(): unknown }[],
    workspaceState: {
      get: <T>(key: string, fallback?: T) => (fake.workspaceState.get(key) ?? fallback) as T,
      update: (key: string, value: unknown) => {
        fake.workspaceState.set(key, value);
        return Promise.resolve();
      },
      keys: () => [...fake.workspaceState.keys()],
    },
  };
}
