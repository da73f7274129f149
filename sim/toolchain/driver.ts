// The toolchain driver: what `oslab cc`, `oslab run prog.c` and the debugger's F5 call to turn
// sources and objects into an executable: C through oslab's compiler, assembly through its
// assembler, then a static link against oslab's libc (its start file crt1.o first, the library
// whole in its own segment, see LinkOptions.sharedLibrary). It works on file contents, not
// paths on disk, so the editor can build from unsaved buffers; headers come through the host.

import { assemble } from './asm';
import { compileToAssembly, preprocessToText, type CompileOptions, type CompilerHost } from './cc';
import { readArchive } from './elf/archive';
import { readSections } from './elf/read';
import { writeObject } from './elf/write-object';
import { inputFromBytes, link, type LinkInput, type LinkMap } from './link';
import { ToolchainError, type ObjectFile } from './object';

export interface InputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** oslab's C library as built by `npm run build` (sim/libc/build.ts). */
export interface Sysroot {
  /** Where `<stdio.h>` & co are found (read through the host). */
  readonly includeDir: string;
  readonly libc: Uint8Array;
  readonly crt1: Uint8Array;
}

export interface BuildOptions {
  /** `-g`: DWARF for C sources, line tables for assembly sources. */
  readonly debug?: boolean;
  /** Link neither the start file nor libc: the program brings its own `_start` (`-nostdlib`). */
  readonly nostdlib?: boolean;
  /** -I directories and -D/-U macros for C sources. */
  readonly includeDirs?: readonly string[];
  readonly defines?: readonly { readonly name: string; readonly value?: string }[];
  readonly undefines?: readonly string[];
  /** DW_AT_comp_dir: the directory the source paths are relative to. */
  readonly compDir?: string;
  /** Reads `#include`d files. Required for C sources. */
  readonly host?: CompilerHost;
  /** oslab's libc. Without it, C programs see only -I headers and programs link without libc. */
  readonly sysroot?: Sysroot;
  /** Receives compiler warnings (formatted `file:line:col: warning: …`). */
  readonly onWarning?: (warning: string) => void;
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

/** Compiles one `.c` file to assembly text (`oslab cc -S`). Throws CompileErrors (a ToolchainError). */
export function compileFile(file: InputFile, options: BuildOptions = {}): string {
  const result = compileToAssembly(compileOptions(file, options));
  for (const warning of result.warnings) options.onWarning?.(warning);
  return result.assembly;
}

/** Preprocesses one `.c` file (`oslab cc -E`). */
export function preprocessFile(file: InputFile, options: BuildOptions = {}): string {
  const result = preprocessToText(compileOptions(file, options));
  for (const warning of result.warnings) options.onWarning?.(warning);
  return result.assembly;
}

function compileOptions(file: InputFile, options: BuildOptions): CompileOptions {
  const host = options.host ?? { readFile: () => null };
  return {
    file: file.path,
    text: new TextDecoder().decode(file.bytes),
    includeDirs: options.includeDirs,
    systemIncludeDirs: options.sysroot ? [options.sysroot.includeDir] : [],
    defines: options.defines,
    undefines: options.undefines,
    debug: options.debug,
    compDir: options.compDir,
    host,
  };
}

/** Assembles one `.s` file into an object. Throws AssemblyErrors (a ToolchainError). */
export function assembleFile(file: InputFile, options: BuildOptions = {}): ObjectFile {
  const source = new TextDecoder().decode(file.bytes);
  return assemble(source, { file: file.path, debugLines: options.debug ?? false }).object;
}

/** Compiles or assembles a `.c`/`.s` file to ELF relocatable bytes (`oslab cc -c`). */
export function objectFileFor(file: InputFile, options: BuildOptions = {}): Uint8Array {
  return writeObject(sourceToObject(file, options));
}

function sourceToObject(file: InputFile, options: BuildOptions): ObjectFile {
  if (inputKind(file.path) === 'c') {
    return assemble(compileFile(file, options), { file: file.path }).object;
  }
  return assembleFile(file, options);
}

/**
 * Builds an executable from sources and objects: compiles `.c`, assembles `.s`, adds the start
 * file and libc unless `nostdlib`, and links. Throws ToolchainError with file:line:col diagnostics.
 */
export function buildExecutable(files: readonly InputFile[], options: BuildOptions = {}): { executable: Uint8Array; map: LinkMap } {
  const inputs: LinkInput[] = files.map((file) => toLinkInput(file, options));
  const sysroot = options.nostdlib ? undefined : options.sysroot;
  if (!sysroot) return link(inputs, {});
  if (!inputs.some(definesStart)) inputs.unshift(inputFromBytes('crt1.o', sysroot.crt1));
  return link(inputs, { sharedLibrary: { archive: readArchive(sysroot.libc, 'libc.a') } });
}

function toLinkInput(file: InputFile, options: BuildOptions): LinkInput {
  switch (inputKind(file.path)) {
    case 'assembly':
    case 'c':
      return { kind: 'object', object: sourceToObject(file, options) };
    case 'object':
    case 'archive':
      return inputFromBytes(file.path, file.bytes);
    case 'preprocessed-assembly':
      throw new ToolchainError(file.path, 1, 1, '.S files need the C preprocessor, which arrives with oslab\'s C compiler; preprocess it (cpp -P) into a .s file for now');
    case 'unknown':
      if (looksLikeElf(file.bytes)) return inputFromBytes(file.path, file.bytes);
      throw new ToolchainError(file.path, 1, 1, 'unknown kind of input (expected .c, .s, .o or .a)');
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
