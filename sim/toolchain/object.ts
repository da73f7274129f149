// The in-memory object file every toolchain phase shares: the assembler produces it, the ELF
// reader parses `.o` files (ours or clang's) into it, the ELF writer serialises it, and the
// linker consumes it. It mirrors ELF32 relocatable objects closely (sections, a symbol table,
// RELA relocations) so that converting in either direction loses nothing the linker needs.

/** Section kinds the toolchain handles (ELF sh_type). */
export type SectionType = 'progbits' | 'nobits' | 'note' | 'riscv-attributes' | 'other';

export interface ObjSection {
  readonly name: string;
  readonly type: SectionType;
  /** SHF_ALLOC, SHF_WRITE, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS. */
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean; readonly merge?: boolean; readonly strings?: boolean };
  /** Alignment in bytes (a power of two, ≥ 1). */
  readonly align: number;
  /** Contents; for `nobits` (bss) an empty array, with the size in `size`. */
  readonly data: Uint8Array;
  readonly size: number;
  /** Entry size for mergeable sections (sh_entsize), else 0. */
  readonly entsize?: number;
  readonly relocations: readonly Relocation[];
}

export type SymbolBinding = 'local' | 'global' | 'weak';
export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file';

export interface ObjSymbol {
  readonly name: string;
  /** Index into `sections`, 'abs' for an absolute symbol, 'undef' for an undefined reference, 'common' for a common block. */
  readonly section: number | 'abs' | 'undef' | 'common';
  readonly value: number;
  readonly size: number;
  readonly binding: SymbolBinding;
  readonly type: SymbolType;
  /** STV_HIDDEN etc. are folded into this: true when the symbol is not exported. */
  readonly hidden?: boolean;
}

export interface Relocation {
  /** Byte offset within the section. */
  readonly offset: number;
  /** R_RISCV_* number (see `relocations.ts`). */
  readonly type: number;
  /** Index into the object's `symbols` (0 is the null symbol). */
  readonly symbol: number;
  readonly addend: number;
}

export interface ObjectFile {
  /** Where it came from, for diagnostics ("main.o", "libc.a(printf.o)"). */
  readonly name: string;
  readonly sections: readonly ObjSection[];
  /** Symbol 0 is the null symbol, as in ELF; locals come before globals. */
  readonly symbols: readonly ObjSymbol[];
  /** e_flags: RISC-V float ABI and RVC bits (0 for ilp32 without C). */
  readonly flags: number;
}

/** A diagnostic in `file:line:col: error: message` form, with the source line and a caret. */
export class ToolchainError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
    readonly sourceLine?: string,
  ) {
    super(formatDiagnostic(file, line, column, 'error', detail, sourceLine));
  }
}

export function formatDiagnostic(file: string, line: number, column: number, severity: 'error' | 'warning', message: string, sourceLine?: string): string {
  const head = `${file}:${line}:${column}: ${severity}: ${message}`;
  if (sourceLine === undefined) return head;
  return `${head}\n${sourceLine}\n${' '.repeat(Math.max(0, column - 1))}^`;
}
