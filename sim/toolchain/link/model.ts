// The linker's internal state, shared by its phases (collect → resolve → align → layout →
// relocate → write): the input files with their per-link mutable views (symbol values after
// R_RISCV_ALIGN padding is removed, where each section was placed), the global symbol table's
// entries, and the output sections being built. One `LinkContext` per link call: nothing is
// kept between links.

import type { ObjSection, ObjectFile } from '../object';

export interface InputFile {
  readonly id: number;
  /** "main.o" or "libc.a(printf.o)". */
  readonly name: string;
  readonly object: ObjectFile;
  /** Part of the shared library (placed in its segments, resolved within it first). */
  readonly library: boolean;
  /** The object's sections; R_RISCV_ALIGN processing may replace some with shorter copies. */
  sections: ObjSection[];
  /** Symbol values and sizes (again, possibly moved by R_RISCV_ALIGN processing). */
  values: number[];
  sizes: number[];
  /** For each global or weak symbol index, its entry in the global table. */
  readonly globals: (GlobalSymbol | undefined)[];
  /** For each section index, where it went; undefined for dropped sections (.comment, ...). */
  readonly placements: (Placement | undefined)[];
}

export interface SymbolRef {
  readonly file: InputFile;
  readonly index: number;
}

export type DefinitionKind = 'weak' | 'common' | 'strong';

export interface Definition extends SymbolRef {
  readonly kind: DefinitionKind;
}

export interface GlobalSymbol {
  readonly name: string;
  /** The definition program objects bind to (a program definition shadows a library one). */
  def?: Definition;
  /** The library's own definition, which library objects bind to. */
  libraryDef?: Definition;
  /** A common block's merged size and alignment (the largest of each). */
  commonSize: number;
  commonAlign: number;
  /** Where a common block was allocated. */
  commonPlacement?: Placement;
  /** Some object refers to it with a non-weak undefined symbol (so archives must supply it). */
  strongRef: boolean;
  /** Defined by the linker (`_end`, `__global_pointer$`, ...) when nothing else defines it. */
  linkerValue?: number;
  linkerSection?: OutputSection;
  /** Whether a linker-defined value depends only on the shared library. */
  linkerLibraryOwned?: boolean;
}

export type SectionClass = 'text' | 'rodata' | 'data' | 'bss' | 'debug' | 'attributes';

export interface Piece {
  /** The input section, or a common block (file undefined, `common` set). */
  readonly file?: InputFile;
  readonly index: number;
  readonly common?: GlobalSymbol;
  readonly size: number;
  readonly align: number;
  /** Small data (.sdata*, .sbss*), which __global_pointer$ must reach. */
  readonly small?: boolean;
  offset: number;
}

export interface OutputSection {
  readonly name: string;
  /** The name without a shared library's prefix (".text" for ".libc.text"). */
  readonly canonical: string;
  readonly cls: SectionClass;
  readonly library: boolean;
  /** ELF sh_type, sh_flags and sh_entsize. */
  readonly type: number;
  flags: number;
  entsize: number;
  readonly pieces: Piece[];
  align: number;
  size: number;
  address: number;
  fileOffset: number;
  /** Contents once relocated (empty for nobits). */
  data: Uint8Array;
  /** Where the small-data inputs (.sdata*, .sbss*) start, for __global_pointer$. */
  smallStart?: number;
}

export interface Placement {
  readonly output: OutputSection;
  readonly piece: Piece;
}

export interface LinkContext {
  readonly files: InputFile[];
  readonly globals: Map<string, GlobalSymbol>;
  /** Problems found so far; a phase that cannot continue past them throws a LinkError. */
  readonly problems: string[];
  readonly warnings: string[];
}

export function newInputFile(id: number, name: string, object: ObjectFile, library: boolean): InputFile {
  return {
    id,
    name,
    object,
    library,
    sections: [...object.sections],
    values: object.symbols.map((s) => s.value),
    sizes: object.symbols.map((s) => s.size),
    globals: new Array<GlobalSymbol | undefined>(object.symbols.length),
    placements: new Array<Placement | undefined>(object.sections.length),
  };
}

export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** "main.o(.text+0x1c)" — a place in an input file, as diagnostics name it. */
export function siteName(file: InputFile, section: number, offset: number): string {
  const name = file.sections[section]?.name ?? `section ${section}`;
  return `${file.name}(${name}+${hex(offset)})`;
}

/** The function (or failing that, any named symbol) of `file` whose range holds section+offset. */
export function enclosingFunction(file: InputFile, section: number, offset: number): string | undefined {
  let best: { name: string; value: number } | undefined;
  file.object.symbols.forEach((s, i) => {
    if (s.section !== section || s.type === 'section' || s.name === '' || s.name.startsWith('.L')) return;
    const value = file.values[i];
    if (value > offset) return;
    if (s.type === 'func' && offset < value + file.sizes[i]) best = { name: s.name, value: -1 };
    else if (!best || (best.value >= 0 && value > best.value)) best = { name: s.name, value };
  });
  return best?.name;
}

/** A site with its function, for error messages: "main.o(.text+0x1c), function 'main'". */
export function describeSite(file: InputFile, section: number, offset: number): string {
  const fn = enclosingFunction(file, section, offset);
  return fn ? `${siteName(file, section, offset)}, function '${fn}'` : siteName(file, section, offset);
}
