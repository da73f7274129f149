// The compiler's unit of input after tokenizing: what the preprocessor consumes and produces,
// and what the parser reads. A token remembers where it was written (for diagnostics and the
// line table) and, for macro expansions, which macro produced it (so a macro is not expanded
// inside itself). Literals are decoded here; numbers stay as text until the parser types them.

/** One source text the compiler has read: the main file, an included header, or a builtin. */
export interface SourceFile {
  /** The name diagnostics and `__FILE__` use (as written on the command line or `#include`). */
  readonly name: string;
  /** The path the text was read from (for `#include "…"` relative lookup and DW_AT_decl_file). */
  readonly path: string;
  readonly text: string;
  /** Numbers files in the order they were opened; the main file is 1. */
  readonly id: number;
  /** True for headers found on a system include path (`<…>` or -isystem). */
  readonly system: boolean;
}

/** 1-based line and column (column counts bytes, as gcc and clang do). */
export interface SourceLocation {
  readonly file: SourceFile;
  readonly line: number;
  readonly column: number;
}

export type TokenKind =
  | 'ident'
  | 'keyword'
  | 'punct'
  /** A preprocessing number (`12`, `0x1fUL`, `1e5`): the parser decides its value and type. */
  | 'number'
  /** A character constant; `value` holds its int value. */
  | 'char'
  /** A string literal; `bytes` holds the decoded bytes without the terminating NUL. */
  | 'string'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The spelling as written (for strings and chars, with quotes and escapes). */
  readonly text: string;
  readonly loc: SourceLocation;
  /** First token on its source line (directives start only there). */
  readonly atLineStart: boolean;
  /** Preceded by white space (for `#` stringizing and `-E` output). */
  readonly hasSpace: boolean;
  /** For 'char': the value of the constant as an int (a plain char is unsigned on RISC-V, so 'ÿ' is 255). */
  readonly value?: number;
  /** For 'string': the decoded bytes, NUL not included. */
  readonly bytes?: Uint8Array;
  /** Macros this token must not be expanded by again (the C standard's "hide set"). */
  readonly hideset?: ReadonlySet<string>;
  /** For tokens produced by a macro expansion: where the macro was used (diagnostics point there too). */
  readonly expandedFrom?: SourceLocation;
}
