// The toolchain driver: what `oslab cc`, `oslab run prog.s` and (later) the debugger's F5 call
// to turn sources and objects into an executable. It works on file contents, not paths on
// disk, so the editor can build from unsaved buffers; the CLI does the file I/O.

import { assemble } from './asm';
import { CRT0_PATH, CRT0_SOURCE } from './crt0';
import { readSections } from './elf/read';
import { writeObject } from './elf/write-object';
import { inputFromBytes, link, type LinkInput, type LinkMap } from './link';
import { ToolchainError, type ObjectFile } from './object';

export interface InputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface BuildOptions {
  /** Emit line tables for assembly sources (`-g`). */
  readonly debug?: boolean;
  /** Leave out the start file: the program brings its own `_start` (`-nostdlib`). */
  readonly nostdlib?: boolean;
}

export type InputKind = 'assembly' | 'object' | 'archive' | 'c' | 'preprocessed-assembly' | 'unknown';

export function inputKind(path: string): InputKind {
  const dot = path.lastIndexOf('.');
  const ext = dot < 0 ? '' : path.slice(dot);
  switch (ext) {
    case '.s':
      return 'assembly';
    case '.S':
      return 'preprocessed-assembly';
    case '.o':
      return 'object';
    case '.a':
      return 'archive';
    case '.c':
    case '.h':
      return 'c';
    default:
      return 'unknown';
  }
}

/** Assembles one `.s` file into an object. Throws AssemblyErrors (a ToolchainError). */
export function assembleFile(file: InputFile, options: BuildOptions = {}): ObjectFile {
  const source = new TextDecoder().decode(file.bytes);
  return assemble(source, { file: file.path, debugLines: options.debug ?? false }).object;
}

/** Assembles a `.s` file to ELF relocatable bytes (`oslab cc -c`). */
export function assembleToObjectFile(file: InputFile, options: BuildOptions = {}): Uint8Array {
  return writeObject(assembleFile(file, options));
}

/**
 * Builds an executable from sources and objects: assembles `.s` inputs, adds the start file
 * unless `nostdlib`, and links. Throws ToolchainError with file:line:col diagnostics.
 */
export function buildExecutable(files: readonly InputFile[], options: BuildOptions = {}): { executable: Uint8Array; map: LinkMap } {
  const inputs: LinkInput[] = files.map((file) => toLinkInput(file, options));
  if (!options.nostdlib && !inputs.some(definesStart)) {
    inputs.unshift({ kind: 'object', object: assemble(CRT0_SOURCE, { file: CRT0_PATH }).object });
  }
  return link(inputs, {});
}

function toLinkInput(file: InputFile, options: BuildOptions): LinkInput {
  switch (inputKind(file.path)) {
    case 'assembly':
      return { kind: 'object', object: assembleFile(file, options) };
    case 'object':
    case 'archive':
      return inputFromBytes(file.path, file.bytes);
    case 'c':
      throw new ToolchainError(file.path, 1, 1, 'C sources need oslab\'s C compiler, which is not built yet (it arrives with "Toolchain II"); assemble .s files or link .o/.a files for now');
    case 'preprocessed-assembly':
      throw new ToolchainError(file.path, 1, 1, '.S files need the C preprocessor, which arrives with oslab\'s C compiler; preprocess it (cpp -P) into a .s file for now');
    case 'unknown':
      if (looksLikeElf(file.bytes)) return inputFromBytes(file.path, file.bytes);
      throw new ToolchainError(file.path, 1, 1, 'unknown kind of input (expected .s, .o or .a)');
  }
}

// A program that defines its own _start (a freestanding .s) must not get ours as well.
function definesStart(input: LinkInput): boolean {
  return input.kind === 'object' && input.object.symbols.some((s) => s.name === '_start' && s.section !== 'undef' && s.binding !== 'local');
}

function looksLikeElf(bytes: Uint8Array): boolean {
  try {
    readSections(bytes);
    return true;
  } catch {
    return false;
  }
}
