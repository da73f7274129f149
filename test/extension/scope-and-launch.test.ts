// Two decisions of the extension shell, on plain data: whether a file's compile problems may go
// to the Problems view (`oslab.diagnostics`), and what F5 launches (extension/launch-config.ts).

import { describe, expect, it } from 'vitest';
import { diagnosticsMode, shouldCheck, type FolderFacts } from '../../extension/diagnostics-scope';
import { currentFileConfiguration, programPath, resolveLaunch, withAbsoluteCwd } from '../../extension/launch-config';

const plainFolder: FolderFacts = { launchConfigurations: [{ type: 'cppdbg', request: 'launch', name: 'gdb' }], hasLab: false, ranWithOslab: false };
const withOslabLaunch: FolderFacts = { ...plainFolder, launchConfigurations: [{ type: 'cppdbg' }, { type: 'oslab', request: 'launch', name: 'x', program: 'a.c' }] };
const withLab: FolderFacts = { ...plainFolder, hasLab: true };
const ranBefore: FolderFacts = { ...plainFolder, ranWithOslab: true };

describe('oslab.diagnostics', () => {
  it('by default checks on save only in folders that use oslab', () => {
    expect(shouldCheck('oslab-folders', 'save', plainFolder)).toBe(false);
    expect(shouldCheck('oslab-folders', 'save', withOslabLaunch)).toBe(true);
    expect(shouldCheck('oslab-folders', 'save', withLab)).toBe(true);
    expect(shouldCheck('oslab-folders', 'save', ranBefore)).toBe(true);
  });

  it("'all' checks every save, 'off' none", () => {
    expect(shouldCheck('all', 'save', plainFolder)).toBe(true);
    expect(shouldCheck('off', 'save', withOslabLaunch)).toBe(false);
  });

  it('checks before every oslab launch unless off, and always on the explicit command', () => {
    expect(shouldCheck('oslab-folders', 'launch', plainFolder)).toBe(true);
    expect(shouldCheck('off', 'launch', withOslabLaunch)).toBe(false);
    expect(shouldCheck('off', 'command', plainFolder)).toBe(true);
  });

  it('reads launch configurations of any shape without failing', () => {
    for (const launchConfigurations of [undefined, null, 'oslab', {}, [null, 3, 'oslab', { type: 'node' }]]) {
      expect(shouldCheck('oslab-folders', 'save', { ...plainFolder, launchConfigurations })).toBe(false);
    }
  });

  it('takes an unknown setting value for the default', () => {
    expect(diagnosticsMode('all')).toBe('all');
    expect(diagnosticsMode('everything')).toBe('oslab-folders');
    expect(diagnosticsMode(undefined)).toBe('oslab-folders');
  });
});

describe('F5', () => {
  const cFile = { path: '/w/fork.c', languageId: 'c' };

  it('with no launch.json runs the C or assembly file in the editor', () => {
    expect(resolveLaunch({}, cFile)).toEqual({ kind: 'launch', config: { type: 'oslab', request: 'launch', name: 'oslab: Run current file', program: '${file}', stopOnEntry: false } });
    expect(resolveLaunch({}, { path: '/w/start.s', languageId: 'asm' }).kind).toBe('launch');
    expect(resolveLaunch({}, { path: '/w/start.s', languageId: 'plaintext' }).kind).toBe('launch');
  });

  it('with no launch.json and no runnable editor explains what to do', () => {
    for (const active of [undefined, { path: '/w/notes.md', languageId: 'markdown' }, { path: '/w/list.h', languageId: 'c' }]) {
      const resolution = resolveLaunch({}, active);
      expect(resolution.kind).toBe('refuse');
      if (resolution.kind === 'refuse') expect(resolution.message).toMatch(/Open a C \(\.c\) or assembly \(\.s\) file/);
    }
  });

  it('keeps a launch.json configuration as written and fills request and name', () => {
    const config = { type: 'oslab', program: 'server.c', cores: 4, scheduler: 'rr' };
    expect(resolveLaunch(config, undefined)).toEqual({ kind: 'launch', config: { ...config, request: 'launch', name: 'oslab' } });
  });

  it('runs the editor file when a configuration has no program, and refuses when there is none', () => {
    const resolved = resolveLaunch({ type: 'oslab', request: 'launch', name: 'mine' }, cFile);
    expect(resolved.kind === 'launch' && resolved.config.program).toBe('${file}');
    const refused = resolveLaunch({ type: 'oslab', request: 'launch', name: 'mine' }, undefined);
    expect(refused.kind === 'refuse' && refused.message).toMatch(/'mine' needs a 'program'/);
  });

  it('refuses to attach', () => {
    const resolution = resolveLaunch({ type: 'oslab', request: 'attach', name: 'a', program: 'a.c' }, cFile);
    expect(resolution.kind === 'refuse' && resolution.message).toMatch(/cannot attach/);
  });

  it('offers a stop-on-entry variant for debugging', () => {
    expect(currentFileConfiguration(true)).toMatchObject({ program: '${file}', stopOnEntry: true });
  });

  it('resolves cwd and the program against the workspace folder, or the program folder without one', () => {
    const inFolder = withAbsoluteCwd({ type: 'oslab', program: 'src/main.c' }, '/w');
    expect(inFolder.cwd).toBe('/w');
    expect(programPath(inFolder)).toBe('/w/src/main.c');
    expect(programPath(withAbsoluteCwd({ program: 'main.c', cwd: 'src' }, '/w'))).toBe('/w/src/main.c');
    expect(withAbsoluteCwd({ program: '/tmp/x/a.c' }, undefined).cwd).toBe('/tmp/x');
    expect(withAbsoluteCwd({ program: 'a.c', cwd: '/elsewhere' }, '/w').cwd).toBe('/elsewhere');
    expect(programPath(withAbsoluteCwd({ program: 'a.c' }, undefined))).toBeUndefined();
  });
});
