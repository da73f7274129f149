// `#include` (C11 6.10.2) as gcc searches: `"name"` in the including file's directory, then the
// -I directories, then oslab's libc headers; `<name>` in -I then the libc headers. Each file is
// read and lexed once per compilation, and skipped entirely on a later #include when it said
// `#pragma once` or its include guard macro is defined (gcc's multiple-include optimisation).

import { isAbsolute, joinPath, normalizePath } from '../dwarf/line';
import type { LoadedFile, PreprocessorState } from './preprocess-stream';
import { lexFile, type PPToken } from './tokenize';

/** gcc's and clang's default -fmax-include-depth. */
export const MAX_INCLUDE_DEPTH = 200;

/** Finds and loads a header, or returns null when no search directory has it. */
export function findInclude(state: PreprocessorState, name: string, quoted: boolean): LoadedFile | null {
  const { includeDirs = [], systemIncludeDirs = [] } = state.ctx.options;
  const includer = state.currentFileFrame().file!;
  if (isAbsolute(name)) return load(state, name, false);
  const candidates: { dir: string; system: boolean }[] = [];
  if (quoted) candidates.push({ dir: dirname(includer.path), system: includer.system });
  for (const dir of includeDirs) candidates.push({ dir, system: false });
  for (const dir of systemIncludeDirs) candidates.push({ dir, system: true });
  for (const { dir, system } of candidates) {
    const loaded = load(state, joinPath(dir, name), system);
    if (loaded !== null) return loaded;
  }
  return null;
}

/** True when including the file again would add nothing: `#pragma once`, or its guard is defined. */
export function alreadyIncluded(state: PreprocessorState, loaded: LoadedFile): boolean {
  if (state.onceFiles.has(normalizePath(loaded.file.path))) return true;
  return loaded.guard !== null && state.macros.has(loaded.guard);
}

/** Records `#pragma once` for the file being read. */
export function markOnce(state: PreprocessorState): void {
  state.onceFiles.add(normalizePath(state.currentFileFrame().file!.path));
}

function load(state: PreprocessorState, path: string, system: boolean): LoadedFile | null {
  const cached = state.loaded.get(path);
  if (cached !== undefined) return cached;
  const text = state.ctx.options.host.readFile(path);
  if (text === null) {
    state.loaded.set(path, null);
    return null;
  }
  const file = state.ctx.addFile(path, path, text, system);
  const tokens = lexFile(state.ctx, file);
  const loaded: LoadedFile = { file, tokens, guard: includeGuard(tokens) };
  state.loaded.set(path, loaded);
  return loaded;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

// The X of a file that is exactly `#ifndef X` … `#endif` with nothing outside them.
function includeGuard(tokens: readonly PPToken[]): string | null {
  const isHash = (i: number) => tokens[i].atLineStart && tokens[i].text === '#' && tokens[i].kind === 'punct';
  if (tokens.length < 4 || !isHash(0) || tokens[1].text !== 'ifndef' || tokens[2].kind !== 'ident' || !tokens[3].atLineStart) return null;
  let depth = 0;
  for (let i = 3; i < tokens.length - 1; i++) {
    if (!isHash(i)) continue;
    const directive = tokens[i + 1].text;
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') depth++;
    else if (depth === 0 && (directive === 'elif' || directive === 'else')) return null;
    else if (directive === 'endif' && depth-- === 0) {
      let end = i + 2;
      while (!tokens[end].atLineStart) end++;
      return tokens[end].kind === 'eof' ? tokens[2].text : null;
    }
  }
  return null;
}
