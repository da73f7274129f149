// What VS Code reads from package.json agrees with the code: every launch argument the adapter
// takes is documented in the launch.json schema (and nothing else is), the schema's limits are
// the machine's, commands and settings are complete, and the shipped bundle dist/extension.js
// loads with nothing but Node and `vscode`, finds its sysroot beside itself and activates.

import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, machineConfig, SCHED_POLICIES } from '../../sim/config';
import { DIAGNOSTICS_MODES } from '../../extension/diagnostics-scope';
import { currentFileConfiguration } from '../../extension/launch-config';
import packageJson from '../../package.json';
import * as fakeVscode from './fake-vscode';

const root = join(__dirname, '..', '..');
const [debuggerContribution] = packageJson.contributes.debuggers;
const launchSchema = debuggerContribution.configurationAttributes.launch;
interface AttributeSchema {
  readonly type: string | readonly string[];
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}
const attributes: Record<string, AttributeSchema> = launchSchema.properties;

// The part of JSON Schema the launch attributes use: type, enum, minimum, maximum.
function violations(schema: AttributeSchema, value: unknown): string[] {
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
  const typeOf = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const out: string[] = [];
  if (!types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number'))) out.push(`${JSON.stringify(value)} is not ${types.join('|')}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) out.push(`${value} < ${schema.minimum}`);
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum) out.push(`${value} > ${schema.maximum}`);
  return out;
}

// The fields of OslabLaunchArguments, read from the one place the protocol declares them.
function protocolLaunchFields(): string[] {
  const text = readFileSync(join(root, 'debug', 'protocol.ts'), 'utf8');
  const start = text.indexOf('export interface OslabLaunchArguments');
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/^\s*readonly (\w+)\??:/gm)].map((m) => m[1]);
}

describe('package.json for VS Code', () => {
  it('is an extension whose entry point is the bundle, for VS Code 1.95 and later, without a vscode dependency', () => {
    expect(packageJson.main).toBe('dist/extension.js');
    expect(packageJson.engines.vscode).toBe('^1.95.0');
    expect(Object.keys({ ...packageJson.devDependencies, ...('dependencies' in packageJson ? (packageJson.dependencies as object) : {}) })).not.toContain('vscode');
    expect(packageJson.activationEvents).toEqual(expect.arrayContaining(['onDebugResolve:oslab', 'onDebugDynamicConfigurations:oslab', 'onLanguage:c', 'onLanguage:asm']));
  });

  it('documents exactly the launch arguments the adapter takes', () => {
    const fields = protocolLaunchFields();
    expect(fields).toContain('program');
    expect(Object.keys(attributes).sort()).toEqual([...fields].sort());
    for (const [name, schema] of Object.entries(attributes)) {
      expect(schema.description?.length ?? 0, name).toBeGreaterThan(20);
      if (schema.default !== undefined) expect(violations(schema, schema.default), name).toEqual([]);
    }
    expect(launchSchema.required).toEqual(['program']);
  });

  it("offers the scheduler's policies and the machine's own limits", () => {
    expect(attributes.scheduler.enum).toEqual([...SCHED_POLICIES]);
    for (const [attribute, option] of [['cores', 'cores'], ['memory', 'memoryMiB']] as const) {
      const { minimum, maximum } = attributes[attribute];
      if (minimum === undefined || maximum === undefined) throw new Error(`${attribute} has no bounds`);
      expect(() => machineConfig({ [option]: minimum })).not.toThrow();
      expect(() => machineConfig({ [option]: maximum })).not.toThrow();
      expect(() => machineConfig({ [option]: minimum - 1 })).toThrow(ConfigError);
      expect(() => machineConfig({ [option]: maximum + 1 })).toThrow(ConfigError);
    }
    for (const entries of attributes.tlb.enum as number[]) expect(() => machineConfig({ tlb: { entries } })).not.toThrow();
  });

  it('starts launch.json with the current-file configuration, and its snippets use only documented attributes', () => {
    expect(debuggerContribution.initialConfigurations).toEqual([currentFileConfiguration(false)]);
    for (const snippet of debuggerContribution.configurationSnippets) {
      expect(snippet.body).toMatchObject({ type: 'oslab', request: 'launch' });
      const unknown = Object.keys(snippet.body).filter((k) => !['type', 'request', 'name'].includes(k) && !(k in attributes));
      expect(unknown, snippet.label).toEqual([]);
      // Values that are snippet syntax (tab stops, choices) are filled in by the user.
      const literal = Object.entries(snippet.body).filter(([k, v]) => k in attributes && !(typeof v === 'string' && v.includes('${')));
      for (const [name, value] of literal) expect(violations(attributes[name], value), `${snippet.label}: ${name}`).toEqual([]);
    }
  });

  it('sets breakpoints in C and assembly, and puts every command in the oslab category', () => {
    expect(packageJson.contributes.breakpoints.map((b) => b.language)).toEqual(['c', 'asm']);
    expect(debuggerContribution.languages).toEqual(['c', 'asm']);
    const ids = packageJson.contributes.commands.map((c) => c.command);
    for (const command of packageJson.contributes.commands) expect(command).toMatchObject({ category: 'oslab', command: expect.stringMatching(/^oslab\./) });
    for (const entry of packageJson.contributes.menus.commandPalette) expect(ids).toContain(entry.command);
  });

  it('documents oslab.diagnostics with its three modes', () => {
    const setting = packageJson.contributes.configuration.properties['oslab.diagnostics'];
    expect(setting.enum).toEqual([...DIAGNOSTICS_MODES]);
    expect(setting.default).toBe('oslab-folders');
    expect(setting.enumDescriptions).toHaveLength(DIAGNOSTICS_MODES.length);
  });
});

describe('the bundle dist/extension.js (built by node esbuild.mjs)', () => {
  const bundlePath = join(root, 'dist', 'extension.js');

  it('exists and needs nothing at run time but Node and vscode', () => {
    expect(existsSync(bundlePath), 'run `node esbuild.mjs`').toBe(true);
    const required = new Set([...readFileSync(bundlePath, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]));
    expect(required).toContain('vscode');
    const notNode = [...required].filter((name) => name !== 'vscode' && !builtinModules.includes(name.replace(/^node:/, '')));
    expect(notNode).toEqual([]);
  });

  it('activates in the extension host and checks C files against the sysroot beside it', () => {
    const sysrootOverride = process.env.OSLAB_SYSROOT;
    delete process.env.OSLAB_SYSROOT;
    const exports = loadBundle(bundlePath);
    fakeVscode.resetFake();
    const folder = mkdtempSync(join(tmpdir(), 'oslab-bundle-'));
    fakeVscode.fake.workspaceFolders = [{ uri: fakeVscode.Uri.file(folder), name: 'w', index: 0 }];
    fakeVscode.fake.settings.set('oslab.diagnostics', 'all');
    const context = fakeVscode.fakeExtensionContext();
    exports.activate(context);
    try {
      expect([...fakeVscode.fake.adapterFactories.keys()]).toEqual(['oslab']);
      const path = join(folder, 'hello.c');
      const text = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { puts("hi"); return EXIT_SUCCESS; }\n';
      writeFileSync(path, text);
      fakeVscode.fake.saved.fire(fakeVscode.fakeDocument(path, text));
      expect(fakeVscode.fake.collections[0].byFile.get(path)).toEqual([]);
      expect(fakeVscode.fake.messages).toEqual([]);
    } finally {
      for (const subscription of context.subscriptions) subscription.dispose();
      if (sysrootOverride !== undefined) process.env.OSLAB_SYSROOT = sysrootOverride;
    }
  });
});

// Loads the CommonJS bundle as VS Code does, its `require('vscode')` answered by the fake.
function loadBundle(path: string): { activate(context: unknown): void; deactivate(): void } {
  const nodeRequire = createRequire(path);
  const module = { exports: {} as { activate(context: unknown): void; deactivate(): void } };
  const requireWithVscode = (name: string): unknown => (name === 'vscode' ? fakeVscode : nodeRequire(name));
  new Function('require', 'module', 'exports', '__filename', '__dirname', readFileSync(path, 'utf8'))(requireWithVscode, module, module.exports, path, join(path, '..'));
  return module.exports;
}
