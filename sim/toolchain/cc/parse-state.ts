// The parser's state for one translation unit: the token cursor, the scope chain, the file-scope
// symbol table, what has been emitted so far (functions, globals, string literals) and, inside a
// function body, that function's locals, labels and enclosing loops/switches. Every grammar
// function takes this object first; nothing lives in module variables.

import type { FunctionDefinition, GlobalDefinition, GlobalVariable, LexicalScope, LocalVariable } from './ast';
import type { CompileContext } from './context';
import { CompileAbort, MAX_ERRORS } from './diagnostics';
import { Scope, type GlobalEntry } from './scope';
import type { SourceLocation, Token } from './token';
import { pointerTo, VOID, type CType, type FunctionType } from './types';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One `switch` being parsed: its case values so far (for duplicates) and whether it has a default. */
export interface SwitchState {
  readonly type: CType;
  readonly cases: bigint[];
  hasDefault: boolean;
}

/** The function whose body is being parsed. */
export interface FunctionState {
  readonly name: string;
  readonly type: FunctionType;
  readonly locals: LocalVariable[];
  readonly labels: Map<string, SourceLocation>;
  readonly gotos: { readonly name: string; readonly loc: SourceLocation }[];
  loopDepth: number;
  breakDepth: number;
  readonly switches: SwitchState[];
  /** `__func__`, made on first use. */
  funcName: GlobalVariable | null;
  /** Undeclared names already reported (gcc reports each once per function). */
  readonly undeclared: Set<string>;
}

/** Levels of nested constructs the parser accepts: about 128 nested parentheses (one is four levels), twice the C standard's minimum, and safe on Node's default stack through every later phase. */
export const MAX_NESTING = 512;

export class Parser {
  pos = 0;
  scope: Scope;
  readonly fileScope: Scope;
  readonly globalEntries = new Map<string, GlobalEntry>();
  /** File-scope names in first-declaration order (so the output order follows the source). */
  readonly globalOrder: GlobalEntry[] = [];
  readonly functions: FunctionDefinition[] = [];
  /** Definitions made by the compiler itself or with a fixed init: string literals, statics, compound literals. */
  readonly extraGlobals: GlobalDefinition[] = [];
  /** Static initializers of file-scope definitions, by symbol (filled when the definition is parsed). */
  readonly staticInits = new Map<string, GlobalDefinition>();
  /** Decoded bytes of each string literal object, for format checking and char-array initializers. */
  readonly stringBytes = new Map<GlobalVariable, Uint8Array>();
  /** String literal objects by contents, so identical literals share one. */
  readonly literals = new Map<string, GlobalVariable>();
  fn: FunctionState | null = null;
  /** Inside a parameter list (C11 6.2.1p4 prototype scope): a non-constant `[n]` is an array of unknown size there. */
  prototypeDepth = 0;
  private depth = 0;
  private uniqueCounter = 0;

  constructor(
    readonly ctx: CompileContext,
    readonly tokens: readonly Token[],
  ) {
    this.fileScope = new Scope(null, null);
    this.scope = this.fileScope;
    // stdarg.h typedefs va_list to this; ILP32 passes variadic arguments in a plain word array.
    this.fileScope.ordinary.set('__builtin_va_list', { kind: 'typedef', type: { ...pointerTo(VOID), typedefName: '__builtin_va_list' } });
  }

  // --- token cursor ---------------------------------------------------------------------

  get tok(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)];
  }

  peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** The current token is the punctuator or keyword `text` (never a string or char literal spelling it). */
  is(text: string, t: Token = this.tok): boolean {
    return t.text === text && t.kind !== 'string' && t.kind !== 'char' && t.kind !== 'eof';
  }

  consume(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos++;
    return true;
  }

  expect(text: string): Token {
    if (this.is(text)) return this.next();
    this.fatal(this.missingAt(), `expected '${text}' ${this.before()}`);
  }

  expectIdent(what = 'identifier'): Token {
    if (this.tok.kind === 'ident') return this.next();
    this.fatal(this.missingAt(), `expected ${what} ${this.before()}`);
  }

  /**
   * Where a missing token belongs: just past the previous token when the current one starts a
   * later line (a `;` forgotten at the end of a line is reported there, as gcc and clang do),
   * else at the current token.
   */
  missingAt(): SourceLocation {
    const previous = this.tokens[this.pos - 1];
    const current = this.tok;
    const sameSpot = !previous || previous.loc.file !== current.loc.file || previous.loc.line >= current.loc.line;
    const spelledElsewhere = previous?.expandedFrom !== undefined || current.expandedFrom !== undefined || previous?.text.includes('\n') || (previous?.kind === 'string' && /"\s+"/.test(previous.text));
    if (sameSpot || spelledElsewhere) return locOf(current);
    return { file: previous.loc.file, line: previous.loc.line, column: previous.loc.column + previous.text.length };
  }

  /** gcc's "before 'x' token" tail of syntax errors. */
  before(t: Token = this.tok): string {
    if (t.kind === 'eof') return 'at end of input';
    if (t.kind === 'number' || t.kind === 'char') return 'before numeric constant';
    if (t.kind === 'string') return 'before string constant';
    if (t.kind === 'ident' || t.kind === 'keyword') return `before '${t.text}'`;
    return `before '${t.text}' token`;
  }

  // --- diagnostics ------------------------------------------------------------------------

  error(at: Token | SourceLocation, message: string): void {
    this.ctx.diag.error(locOf(at), message);
  }

  fatal(at: Token | SourceLocation, message: string): never {
    return this.ctx.diag.fatal(locOf(at), message);
  }

  /**
   * Runs one level of a recursive construct (parentheses, unary operators, statements,
   * declarators, struct bodies, initializer braces). Past MAX_NESTING levels the input is
   * refused with a diagnostic: a program nested 10,000 deep must not overflow the host's stack.
   */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) this.fatal(this.tok, `nesting too deep (more than ${MAX_NESTING} levels of brackets, statements or declarators)`);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  warning(at: Token | SourceLocation, message: string): void {
    this.ctx.diag.warning(locOf(at), message);
  }

  /** After a CompileAbort: give up entirely once the error limit is reached, else resume. */
  checkAbort(e: unknown): void {
    if (!(e instanceof CompileAbort) || this.ctx.diag.errors.length >= MAX_ERRORS) throw e;
  }

  /**
   * Error recovery: from the start of the broken statement or declaration, skips to just after
   * its `;`, or past the `}` of a brace block it opened (a function body, a struct), or up to the
   * `}` closing the enclosing block (left for the block to consume). Brackets are balanced, so a
   * `;` inside `for (…)` or `({ … })` does not end it. Always moves forward.
   */
  skipToRecoveryPoint(start: number): void {
    this.pos = start;
    let braces = 0;
    let parens = 0;
    while (this.tok.kind !== 'eof') {
      if (this.is('(') || this.is('[')) parens++;
      else if ((this.is(')') || this.is(']')) && parens > 0) parens--;
      else if (this.is('{')) braces++;
      else if (this.is('}')) {
        if (braces === 0) break;
        braces--;
        if (braces === 0 && parens === 0) {
          this.pos++;
          if (this.is(';')) this.pos++;
          return;
        }
      } else if (this.is(';') && braces === 0 && parens === 0) {
        this.pos++;
        return;
      }
      this.pos++;
    }
    if (this.pos === start && this.tok.kind !== 'eof' && !this.is('}')) this.pos++;
  }

  // --- scopes ---------------------------------------------------------------------------

  /** Enters a block scope; `lexical` is the DWARF scope collecting its variables. */
  enterScope(lexical: LexicalScope | null): Scope {
    this.scope = new Scope(this.scope, lexical ?? this.scope.lexical);
    return this.scope;
  }

  leaveScope(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  /** A number unique within this compilation (function-scope static symbols, literal labels). */
  unique(): number {
    return this.uniqueCounter++;
  }

  /** A compiler-made local (a call's struct return buffer, a compound literal's object). */
  temporary(type: CType, loc: SourceLocation, name = 'tmp'): LocalVariable {
    const v: LocalVariable = { kind: 'local', name: `.${name}${this.unique()}`, type, loc, artificial: true };
    this.fn?.locals.push(v);
    return v;
  }
}

function locOf(at: Token | SourceLocation): SourceLocation {
  return 'loc' in at ? at.loc : at;
}
