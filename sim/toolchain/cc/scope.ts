// C's name spaces as the parser sees them while it walks the source: one chain of block scopes,
// each holding ordinary identifiers (variables, functions, typedef names, enum constants) and
// tags (struct/union/enum) separately, so `struct s` and a variable `s` coexist and an inner
// `typedef int T; { int T; }` shadows correctly. File-scope objects additionally have one
// GlobalEntry each, which merges redeclarations (tentative definitions, `extern` then definition).

import type { GlobalVariable, LexicalScope, Variable } from './ast';
import type { CType, EnumType, RecordType } from './types';
import type { SourceLocation } from './token';

export type Ordinary =
  | { readonly kind: 'variable'; readonly variable: Variable }
  | { readonly kind: 'typedef'; readonly type: CType }
  | { readonly kind: 'enumConstant'; readonly value: bigint; readonly type: CType };

export class Scope {
  readonly ordinary = new Map<string, Ordinary>();
  readonly tags = new Map<string, RecordType | EnumType>();

  /** `lexical` collects the block's variables for DWARF (null for file scope). */
  constructor(
    readonly parent: Scope | null,
    readonly lexical: LexicalScope | null,
  ) {}

  lookup(name: string): Ordinary | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const found = s.ordinary.get(name);
      if (found) return found;
    }
    return undefined;
  }

  lookupTag(name: string): RecordType | EnumType | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const found = s.tags.get(name);
      if (found) return found;
    }
    return undefined;
  }
}

/** A GlobalVariable the parser may still complete (its type, its requested alignment). */
export type MutableGlobal = GlobalVariable & { type: CType; align?: number };

/** Everything known about one file-scope name across its declarations. */
export interface GlobalEntry {
  readonly variable: MutableGlobal;
  /** Where it was first declared (for "previous declaration" context). */
  readonly loc: SourceLocation;
  /** Has a definition with an initializer (or a function body). */
  defined: boolean;
  /** Declared without `extern` and without an initializer at file scope. */
  tentative: boolean;
  /** Referenced by an expression (only used externs are described in DWARF). */
  used: boolean;
  /** Declared `_Noreturn` (or a known noreturn library function): calls end control flow. */
  noreturn: boolean;
}

/** A GlobalVariable whose type a later declaration may complete (`extern int a[]; int a[4];`). */
export function makeGlobal(
  name: string,
  symbol: string,
  type: CType,
  loc: SourceLocation,
  internal: boolean,
): MutableGlobal {
  return { kind: type.kind === 'function' ? 'function' : 'global', name, symbol, type, loc, internal };
}
