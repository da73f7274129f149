// The extension shell activated against a fake `vscode` (fake-vscode.ts): what a user sees when
// pressing F5 on a C file, saving one with errors in an oslab folder or another folder, running
// the palette commands, and the status bar while a session lives.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OslabDebugSession } from '../../debug/session';
import { STOPPED_EVENT } from '../../debug/protocol';
import { activate } from '../../extension/extension';
import { DebugAdapterInlineImplementation, fake, fakeDocument, fakeExtensionContext, resetFake, trackersFor, Uri, type FakeDocument } from './fake-vscode';
import packageJson from '../../package.json';

vi.mock('vscode', () => import('./fake-vscode'));

const BROKEN = 'int main(void) {\n  return missing;\n}\n';
const FIXED = 'int main(void) {\n  return 0;\n}\n';

let folder: string;
let context: ReturnType<typeof fakeExtensionContext>;

beforeEach(() => {
  resetFake();
  folder = mkdtempSync(join(tmpdir(), 'oslab-ext-'));
  fake.workspaceFolders = [{ uri: Uri.file(folder), name: 'w', index: 0 }];
  context = fakeExtensionContext();
  activate(context as never);
});

afterEach(() => {
  for (const subscription of context.subscriptions) subscription.dispose();
});

function writeSource(name: string, text: string): FakeDocument {
  const path = join(folder, name);
  writeFileSync(path, text);
  return fakeDocument(path, text);
}

function provider(trigger: 'initial' | 'dynamic') {
  const found = fake.configurationProviders.find((p) => p.type === 'oslab' && p.trigger === (trigger === 'initial' ? 1 : 2));
  if (!found) throw new Error(`no ${trigger} oslab configuration provider`);
  return found.provider;
}

function problems(path: string) {
  return fake.collections.find((c) => c.name === 'oslab')?.byFile.get(path);
}

function save(document: FakeDocument): void {
  fake.saved.fire(document);
}

describe('the extension shell', () => {
  it('runs the adapter inline in the extension host', () => {
    const descriptor = fake.adapterFactories.get('oslab')?.createDebugAdapterDescriptor({});
    expect(descriptor).toBeInstanceOf(DebugAdapterInlineImplementation);
    expect((descriptor as DebugAdapterInlineImplementation).implementation).toBeInstanceOf(OslabDebugSession);
  });

  it('F5 with no launch.json runs the C file in the editor, and explains itself elsewhere', () => {
    fake.activeDocument = writeSource('fork.c', FIXED);
    expect(provider('initial').resolveDebugConfiguration(undefined, {})).toMatchObject({ type: 'oslab', request: 'launch', program: '${file}' });
    fake.activeDocument = fakeDocument(join(folder, 'README.md'), '# hi', 'markdown');
    expect(provider('initial').resolveDebugConfiguration(undefined, {})).toBeUndefined();
    expect(fake.messages.at(-1)).toMatchObject({ level: 'error', text: expect.stringMatching(/Open a C/) });
  });

  it('offers the current file in the Run and Debug list only for C and assembly editors', () => {
    fake.activeDocument = writeSource('a.c', FIXED);
    expect(provider('dynamic').provideDebugConfigurations(undefined)).toHaveLength(2);
    fake.activeDocument = fakeDocument(join(folder, 'notes.txt'), '');
    expect(provider('dynamic').provideDebugConfigurations(undefined)).toEqual([]);
  });

  it('stops a launch on compile errors and shows them in Problems; launches once they are fixed', () => {
    const document = writeSource('broken.c', BROKEN);
    const config = { type: 'oslab', request: 'launch', name: 'x', program: document.uri.fsPath };
    expect(provider('initial').resolveDebugConfigurationWithSubstitutedVariables(fake.workspaceFolders[0], config)).toBeUndefined();
    expect(fake.messages.at(-1)).toEqual({ level: 'error', text: 'broken.c has 1 compile error; see the Problems view.' });
    const [diagnostic] = problems(document.uri.fsPath) ?? [];
    expect(diagnostic).toMatchObject({ severity: 0, source: 'oslab cc', range: { startLine: 1, startCharacter: 9, endLine: 1, endCharacter: 16 } });
    expect(diagnostic.message).toMatch(/missing/);

    writeSource('broken.c', FIXED);
    const launched = provider('initial').resolveDebugConfigurationWithSubstitutedVariables(fake.workspaceFolders[0], config);
    expect(launched).toEqual({ ...config, cwd: folder });
    expect(problems(document.uri.fsPath)).toEqual([]);
  });

  it('leaves C files alone on save in folders that do not use oslab', () => {
    save(writeSource('other.c', BROKEN));
    expect(problems(join(folder, 'other.c'))).toBeUndefined();
  });

  it('checks on save in a folder with an oslab launch configuration, and clears fixed problems', () => {
    fake.settings.set('launch.configurations', [{ type: 'oslab', request: 'launch', name: 'x', program: 'a.c' }]);
    save(writeSource('a.c', BROKEN));
    expect(problems(join(folder, 'a.c'))).toHaveLength(1);
    save(writeSource('a.c', FIXED));
    expect(problems(join(folder, 'a.c'))).toEqual([]);
  });

  it('checks on save in a lab, and in a folder where a program was run with oslab', () => {
    writeFileSync(join(folder, 'lab.json'), '{}');
    save(writeSource('lab.c', BROKEN));
    expect(problems(join(folder, 'lab.c'))).toHaveLength(1);

    const other = mkdtempSync(join(tmpdir(), 'oslab-ext-'));
    fake.workspaceFolders.push({ uri: Uri.file(other), name: 'other', index: 1 });
    const program = join(other, 'prog.c');
    writeFileSync(program, BROKEN);
    save(fakeDocument(program, BROKEN));
    expect(problems(program)).toBeUndefined();
    writeFileSync(program, FIXED);
    const config = { type: 'oslab', request: 'launch', name: 'x', program };
    expect(provider('initial').resolveDebugConfigurationWithSubstitutedVariables(fake.workspaceFolders[1], config)).toMatchObject(config);
    writeFileSync(program, BROKEN);
    save(fakeDocument(program, BROKEN));
    expect(problems(program)).toHaveLength(1);
  });

  it("follows oslab.diagnostics: 'all' checks everywhere, 'off' nowhere, and a change drops what is out of scope", () => {
    const settingChanged = () => fake.configurationChanged.fire({ affectsConfiguration: (section) => section === 'oslab.diagnostics' });
    fake.settings.set('oslab.diagnostics', 'all');
    save(writeSource('a.c', BROKEN));
    expect(problems(join(folder, 'a.c'))).toHaveLength(1);
    fake.settings.set('oslab.diagnostics', 'oslab-folders');
    settingChanged();
    expect(problems(join(folder, 'a.c'))).toBeUndefined();

    fake.settings.set('launch.configurations', [{ type: 'oslab', request: 'launch', name: 'x', program: 'b.c' }]);
    save(writeSource('b.c', BROKEN));
    expect(problems(join(folder, 'b.c'))).toHaveLength(1);
    fake.settings.set('oslab.diagnostics', 'off');
    settingChanged();
    expect(problems(join(folder, 'b.c'))).toBeUndefined();
    save(writeSource('b.c', BROKEN));
    expect(problems(join(folder, 'b.c'))).toBeUndefined();
  });

  it('registers every command package.json contributes, each in the oslab category', async () => {
    const contributed = packageJson.contributes.commands.map((c) => c.command);
    expect([...fake.commands.keys()].sort()).toEqual([...contributed].sort());
    fake.activeDocument = writeSource('a.c', BROKEN);
    await fake.commands.get('oslab.debugCurrentFile')?.();
    expect(fake.started.at(-1)?.config).toMatchObject({ type: 'oslab', program: '${file}', stopOnEntry: true });
    await fake.commands.get('oslab.checkCurrentFile')?.();
    expect(fake.messages.at(-1)?.text).toMatch(/1 error, 0 warnings/);
    expect(problems(join(folder, 'a.c'))).toHaveLength(1);
  });

  it('shows the session in the status bar while it lives', () => {
    const [item] = fake.statusItems;
    const tracker = trackersFor({ id: 's1', type: 'oslab', name: 'oslab' });
    expect(item.visible).toBe(false);
    tracker?.onWillStartSession();
    expect(item).toMatchObject({ visible: true, text: '$(vm) oslab: starting' });
    tracker?.onDidSendMessage({ seq: 5, type: 'event', event: STOPPED_EVENT, body: { epoch: 1, pid: 2, tid: 2, reason: 'entry', description: 'entry', timeNs: 1_500_000, instructions: 42_000 } });
    expect(item.text).toBe('$(debug-pause) oslab: pid 2 · tid 2 · 1.500 ms · 42,000 instr');
    tracker?.onWillReceiveMessage({ seq: 6, type: 'request', command: 'continue' });
    expect(item.text).toBe('$(vm-running) oslab: running');
    tracker?.onWillStopSession();
    expect(item.visible).toBe(false);
  });

  it('shows the real adapter\'s stop with its simulated clock, as VS Code relays the messages', async () => {
    const program = writeSource('entry.c', FIXED).uri.fsPath;
    const adapter = (fake.adapterFactories.get('oslab')?.createDebugAdapterDescriptor({}) as DebugAdapterInlineImplementation).implementation as OslabDebugSession;
    const tracker = trackersFor({ id: 's2', type: 'oslab', name: 'oslab' });
    // Settles at the stop, or at whatever ends the session first (a failed launch says why).
    const stopped = new Promise<string>((resolve) => {
      adapter.onDidSendMessage((message) => {
        tracker?.onDidSendMessage(message);
        const m = message as { event?: string; command?: string; success?: boolean; message?: string };
        if (m.event === STOPPED_EVENT || m.event === 'terminated') resolve(m.event);
        if (m.command === 'launch' && m.success === false) resolve(`launch failed: ${m.message}`);
      });
    });
    let seq = 1;
    const send = (command: string, args: object) => {
      const request = { seq: seq++, type: 'request', command, arguments: args };
      tracker?.onWillReceiveMessage(request);
      adapter.handleMessage(request as never);
    };
    tracker?.onWillStartSession();
    send('initialize', { adapterID: 'oslab', linesStartAt1: true, columnsStartAt1: true });
    send('launch', { program, cwd: folder, stopOnEntry: true });
    send('configurationDone', {});
    expect(await stopped).toBe(STOPPED_EVENT);
    expect(fake.statusItems[0].text).toMatch(/^\$\(debug-pause\) oslab: pid \d+ · tid \d+ · [\d.]+ (ns|µs|ms|s) · [\d,]+ instr$/);
    send('disconnect', {});
    tracker?.onWillStopSession();
    adapter.dispose();
  }, 30_000);
});
