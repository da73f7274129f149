// The machine, the adapter and the CLI run outside VS Code (`oslab run`, `oslab dap`, the tests),
// so nothing under sim/, host/, debug/ or cli/ may import `vscode`, directly or through another
// module (such as something under extension/). Checked in the sources and in what esbuild
// bundles. And the layers stand in order: the adapter does not reach into the CLI.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const CORE_FOLDERS = ['sim', 'host', 'debug', 'cli'];

function sourcesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(folder, f));
}

// Every module a source names (import, export … from, import(), require()) as TypeScript reads
// them, so that a comment mentioning 'vscode' does not count.
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function importingVscode(files: readonly string[]): string[] {
  return files.filter((f) => importsOf(f).some((name) => name === 'vscode' || name.startsWith('vscode/')));
}

function importingFolder(files: readonly string[], folder: string): string[] {
  return files.filter((f) => importsOf(f).some((name) => name.startsWith('.') && relative(root, resolve(root, dirname(f), name)).startsWith(folder + '/')));
}

const importingExtension = (files: readonly string[]) => importingFolder(files, 'extension');

describe('no vscode in the core', () => {
  it('finds the vscode imports that do exist (the extension shell), so the scan can fail', () => {
    expect(importingVscode(sourcesUnder('extension'))).toContain(join('extension', 'extension.ts'));
    expect(importingExtension(['test/extension/extension-host.test.ts'])).toEqual(['test/extension/extension-host.test.ts']);
  });

  it('no source under sim/, host/ or debug/ imports the CLI, and nothing under sim/ imports the host side', () => {
    expect(importingFolder(['sim', 'host', 'debug'].flatMap(sourcesUnder), 'cli')).toEqual([]);
    expect(importingFolder(sourcesUnder('sim'), 'host')).toEqual([]);
    expect(importingFolder(sourcesUnder('cli'), 'host').length).toBeGreaterThan(0); // the scan can find one
  });

  it('no source under sim/, host/, debug/ or cli/ imports vscode or the extension shell', () => {
    const core = CORE_FOLDERS.flatMap(sourcesUnder);
    expect(core.length).toBeGreaterThan(100);
    expect(importingVscode(core)).toEqual([]);
    expect(importingExtension(core)).toEqual([]);
  });

  it('neither the CLI nor the adapter pulls vscode in through what they import', async () => {
    expect((await bundledInputs('extension/extension.ts')).vscodeImporters).toContain('extension/extension.ts');
    for (const entry of ['cli/main.ts', 'debug/session.ts']) {
      const { vscodeImporters, inputs } = await bundledInputs(entry);
      expect(vscodeImporters, entry).toEqual([]);
      expect(inputs.filter((p) => p.startsWith('extension/')), entry).toEqual([]);
    }
  });
});

// The modules esbuild puts in a bundle of `entry` (paths relative to the checkout) and which of them import vscode.
async function bundledInputs(entry: string): Promise<{ inputs: string[]; vscodeImporters: string[] }> {
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, external: ['vscode'], logLevel: 'silent' });
  const inputs = Object.entries(result.metafile.inputs);
  return {
    inputs: inputs.map(([path]) => path),
    vscodeImporters: inputs.filter(([, input]) => input.imports.some((i) => i.path === 'vscode')).map(([path]) => path),
  };
}
