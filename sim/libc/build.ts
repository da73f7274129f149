// Builds oslab's C library from its sources: every C file compiled by oslab's own C compiler,
// every `.s` assembled by oslab's assembler, the objects archived into libc.a. The start file
// (the object that defines `_start`, which refers to the program's `main`) is kept out of the
// archive as crt1.o: the library is linked whole into its own segment (see LinkOptions
// .sharedLibrary), so it must not refer to anything a program defines. The caller reads the
// files; this module only turns source text into bytes, so the CLI build, the tests and the
// editor can all use it.

import { assemble } from '../toolchain/asm';
import { compileToAssembly, type CompilerHost } from '../toolchain/cc';
import { writeArchive, type ArchiveMember } from '../toolchain/elf/archive';
import { writeObject } from '../toolchain/elf/write-object';
import type { ObjectFile } from '../toolchain/object';

export interface LibcSource {
  /** Path relative to the libc source folder, e.g. `src/c/stdio/printf.c` (member names derive from it). */
  readonly path: string;
  readonly text: string;
}

export interface LibcBuild {
  readonly archive: Uint8Array;
  /** The start file (`_start`), linked into each program ahead of its own objects. */
  readonly crt1: Uint8Array;
  /** Compiler warnings, formatted; libc must build without any (a test checks). */
  readonly warnings: readonly string[];
}

export interface LibcBuildOptions {
  /** Reads headers: the include folder must be reachable at `includeDir`. */
  readonly host: CompilerHost;
  readonly includeDir: string;
  /** The folder the sources' paths are relative to (quoted `#include`s resolve from the file's own folder). */
  readonly sourceDir: string;
  /** Compiles one C source to an object; default oslab's compiler. Tests pass clang here. */
  readonly compileC?: (source: LibcSource) => ObjectFile | Uint8Array;
}

export function buildLibc(sources: readonly LibcSource[], options: LibcBuildOptions): LibcBuild {
  const warnings: string[] = [];
  const compileC = options.compileC ?? ((source: LibcSource) => compileWithOslab(source, options, warnings));
  const members: ArchiveMember[] = [];
  let crt1: Uint8Array | null = null;
  for (const source of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    const object = objectFor(source, compileC);
    if (object === null) continue;
    const bytes = object instanceof Uint8Array ? object : writeObject(object);
    if (source.path.endsWith('.s') && /^\s*\.globl\s+_start\b/m.test(source.text)) crt1 = bytes;
    else members.push({ name: memberName(source.path), data: bytes });
  }
  if (crt1 === null) throw new Error('libc: no start file (a .s defining _start) among the sources');
  return { archive: writeArchive(members, 'libc.a'), crt1, warnings };
}

function objectFor(source: LibcSource, compileC: (source: LibcSource) => ObjectFile | Uint8Array): ObjectFile | Uint8Array | null {
  if (source.path.endsWith('.c')) return compileC(source);
  if (source.path.endsWith('.s')) return assemble(source.text, { file: source.path }).object;
  return null;
}

function compileWithOslab(source: LibcSource, options: LibcBuildOptions, warnings: string[]): ObjectFile {
  const result = compileToAssembly({
    file: `${options.sourceDir}/${source.path}`,
    text: source.text,
    systemIncludeDirs: [options.includeDir],
    host: options.host,
    debug: true,
  });
  warnings.push(...result.warnings);
  return assemble(result.assembly, { file: source.path }).object;
}

// `src/c/stdio/printf.c` → `c_stdio_printf.o`: unique, and readable in `llvm-ar t`.
function memberName(path: string): string {
  return `${path.replace(/^src\//, '').replace(/\.[cs]$/, '').split('/').join('_')}.o`;
}
