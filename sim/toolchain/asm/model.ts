// The assembler's working data, shared by the phases: sections being filled, symbols being
// defined, expressions, and the fixups that are settled once every label is known. All of it
// lives in one `AsmContext` per `assemble` call (see context.ts); nothing here is module state.

import type { SymbolType } from '../object';
import type { SourceLoc } from './diagnostics';

export type Modifier =
  | 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo' | 'got_pcrel_hi'
  | 'tprel_hi' | 'tprel_lo' | 'tprel_add' | 'tls_ie_pcrel_hi' | 'tls_gd_pcrel_hi';

export const MODIFIERS: ReadonlySet<string> = new Set<Modifier>([
  'hi', 'lo', 'pcrel_hi', 'pcrel_lo', 'got_pcrel_hi', 'tprel_hi', 'tprel_lo', 'tprel_add', 'tls_ie_pcrel_hi', 'tls_gd_pcrel_hi',
]);

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '|' | '^' | '&' | '!' | '*' | '/' | '%' | '<<' | '>>';

/** An expression as parsed. Named symbols stay names until evaluation; `.` and `1b`/`1f` are
 *  bound to their symbols while parsing, because what they mean depends on where they appear. */
export type Expr =
  | { readonly kind: 'num'; readonly value: bigint; readonly loc: SourceLoc }
  | { readonly kind: 'sym'; readonly name: string; readonly plt: boolean; readonly loc: SourceLoc }
  | { readonly kind: 'symref'; readonly symbol: AsmSymbol; readonly loc: SourceLoc }
  | { readonly kind: 'unary'; readonly op: '-' | '~' | '!' | '+'; readonly operand: Expr; readonly loc: SourceLoc }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly loc: SourceLoc }
  | { readonly kind: 'modifier'; readonly modifier: Modifier; readonly operand: Expr; readonly loc: SourceLoc };

/** ELF section kind as the `.section` directive names it (`@progbits`, `@nobits`, ...). */
export type SectionKind = 'progbits' | 'nobits' | 'note' | 'init_array' | 'fini_array' | 'preinit_array' | 'riscv-attributes';

export interface SectionFlags {
  alloc: boolean;
  write: boolean;
  exec: boolean;
  merge: boolean;
  strings: boolean;
  tls: boolean;
}

/** One output section being assembled. */
export interface SectionState {
  readonly name: string;
  /** Creation order; also the index in the output `sections` array. */
  readonly index: number;
  kind: SectionKind;
  flags: SectionFlags;
  entsize: number;
  align: number;
  /** Contents so far (progbits); for nobits only `size` grows. */
  data: Uint8Array;
  size: number;
  readonly fixups: Fixup[];
  /** Set by the first instruction: LLVM's rule for label differences (see data directives). */
  hasInstructions: boolean;
  /** Counts the alignment, fill and .org directives so far. llvm-mc keeps those as separate
   *  "fragments" and only folds label differences within one fragment before layout, which
   *  decides how line-table address advances are encoded (debug-line.ts). */
  fragment: number;
  /** The symbol naming this section (for `.word .debug_abbrev` and section-relative relocations). */
  symbol: AsmSymbol | null;
  /** llvm-mc registers a section's symbol when the section is created: its symbol-table order. */
  readonly order: number;
}

export type SymbolState = 'undefined' | 'label' | 'variable' | 'common' | 'section';

export interface AsmSymbol {
  readonly name: string;
  /** Creation order. */
  readonly id: number;
  /** When the object first needed it (defined, given an attribute, or named by a fixup): the
   *  order of llvm-mc's symbol table, which registers symbols at those moments. */
  order: number;
  state: SymbolState;
  section: SectionState | null;
  offset: number;
  /** `.set`/`.equ`/`=` value, evaluated when used. */
  variable: Expr | null;
  /** Explicit binding from .globl/.weak/.local; null means "local if defined, global if not". */
  binding: 'local' | 'global' | 'weak' | null;
  type: SymbolType;
  hidden: boolean;
  size: Expr | null;
  common: { size: number; align: number } | null;
  /** `.L*` names, numeric labels, `.` and other assembler temporaries. */
  readonly temporary: boolean;
  /** For an instance of a numeric label (`1:`), its number. */
  numericLabel: number | null;
  /** A relocation names it, so it must be in the symbol table even when temporary. */
  usedInReloc: boolean;
  /** Something referred to it (undefined symbols only enter the table when referenced). */
  referenced: boolean;
  /** Where it was defined, for "already defined" errors. */
  definedAt: SourceLoc | null;
}

export type FixupKind =
  | 'branch' | 'jal' | 'call' | 'call_plt'
  | 'hi20' | 'lo12_i' | 'lo12_s'
  | 'pcrel_hi20' | 'pcrel_lo12_i' | 'pcrel_lo12_s' | 'got_hi20'
  | 'tprel_hi20' | 'tprel_lo12_i' | 'tprel_lo12_s' | 'tprel_add' | 'tls_ie_hi20' | 'tls_gd_hi20'
  | 'data8' | 'data16' | 'data32' | 'data64'
  | 'add8' | 'add16' | 'add32' | 'add64' | 'sub8' | 'sub16' | 'sub32' | 'sub64';

/** A hole in a section to fill (or turn into a relocation) once all labels are placed. */
export interface Fixup {
  readonly offset: number;
  readonly kind: FixupKind;
  readonly expr: Expr;
  readonly loc: SourceLoc;
}

/** What an expression evaluates to: `sym - sub + addend`, either symbol optional. */
export interface Value {
  readonly sym: AsmSymbol | null;
  readonly sub: AsmSymbol | null;
  readonly addend: bigint;
  readonly plt: boolean;
}
