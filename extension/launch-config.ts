// How a press of F5 becomes an oslab launch: with no launch.json, the C or assembly file in the
// active editor is run; an oslab configuration gets its defaults filled in; anything that cannot
// run is refused with one sentence the user can act on. Plain data in and out (debug-config.ts
// is the VS Code provider around it), so the tests need no editor.

import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { DEBUG_TYPE } from '../debug/protocol';

/** A launch configuration as VS Code hands it over: launch.json's JSON, unchecked. */
export type LaunchConfiguration = { readonly type?: string; readonly request?: string; readonly name?: string } & Readonly<Record<string, unknown>>;

/** The file in the active editor, if any. */
export interface ActiveFile {
  readonly path: string;
  readonly languageId: string;
}

/** One VS Code can start: type, request and name present. */
export type CompleteLaunchConfiguration = LaunchConfiguration & { readonly type: string; readonly request: string; readonly name: string };

export type Resolution = { readonly kind: 'launch'; readonly config: CompleteLaunchConfiguration } | { readonly kind: 'refuse'; readonly message: string };

const RUNNABLE_LANGUAGES = new Set(['c', 'asm']);
const RUNNABLE_EXTENSIONS = new Set(['.c', '.s']);

/** Whether F5 can run this editor's file directly: a C or assembly source (a header cannot). */
export function isRunnableSource(file: ActiveFile): boolean {
  const ext = extname(file.path);
  if (ext === '.h') return false;
  return RUNNABLE_EXTENSIONS.has(ext) || RUNNABLE_LANGUAGES.has(file.languageId);
}

/** The configuration that runs the active editor's file; `stopOnEntry` for "debug, stopping on entry". */
export function currentFileConfiguration(stopOnEntry = false): CompleteLaunchConfiguration {
  const name = stopOnEntry ? 'oslab: Debug current file (stop on entry)' : 'oslab: Run current file';
  return { type: DEBUG_TYPE, request: 'launch', name, program: '${file}', stopOnEntry };
}

/** Fills in what F5 left out, or says why it cannot launch. Variables like ${file} are left to VS Code. */
export function resolveLaunch(config: LaunchConfiguration, active: ActiveFile | undefined): Resolution {
  const runnable = active !== undefined && isRunnableSource(active);
  if (config.type === undefined && config.request === undefined && config.name === undefined) {
    if (runnable) return { kind: 'launch', config: currentFileConfiguration() };
    return refuse('Open a C (.c) or assembly (.s) file and press F5 again, or add an oslab configuration to launch.json.');
  }
  const request = config.request ?? 'launch';
  if (request !== 'launch') return refuse(`oslab starts programs on its simulated machine and cannot attach to one ('request' must be 'launch', not '${request}').`);
  const filled = { ...config, type: DEBUG_TYPE, request, name: config.name ?? 'oslab' };
  if (typeof config.program === 'string' && config.program.trim() !== '') return { kind: 'launch', config: filled };
  if (runnable) return { kind: 'launch', config: { ...filled, program: '${file}' } };
  return refuse(`The oslab configuration '${filled.name}' needs a 'program': a .c or .s file (or an ELF), such as "\${file}".`);
}

/**
 * After VS Code substituted the variables: `cwd` made absolute, from the workspace folder when
 * absent (the adapter would otherwise take the extension host's own, which means nothing to a
 * user), or from the program's folder when there is no workspace.
 */
export function withAbsoluteCwd<C extends LaunchConfiguration>(config: C, folderPath: string | undefined): C & { readonly cwd?: string } {
  const cwd = typeof config.cwd === 'string' && config.cwd !== '' ? config.cwd : undefined;
  const program = typeof config.program === 'string' && config.program !== '' ? config.program : undefined;
  const base = folderPath ?? (program !== undefined && isAbsolute(program) ? dirname(program) : undefined);
  if (cwd !== undefined && isAbsolute(cwd)) return config;
  if (base === undefined) return config;
  return { ...config, cwd: resolve(base, cwd ?? '.') };
}

/** The program's host path, as the adapter will resolve it; undefined when it cannot be known. */
export function programPath(config: LaunchConfiguration): string | undefined {
  const program = config.program;
  if (typeof program !== 'string' || program === '') return undefined;
  if (isAbsolute(program)) return program;
  return typeof config.cwd === 'string' && isAbsolute(config.cwd) ? resolve(config.cwd, program) : undefined;
}

function refuse(message: string): Resolution {
  return { kind: 'refuse', message };
}
