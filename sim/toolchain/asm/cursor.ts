// A read position in one statement's tokens, with the small helpers every parser function uses
// (peek, accept, expect). A statement's tokens always end with an `eol` token, so peeking past
// the end is never needed.

import { fail, type SourceLoc } from './diagnostics';
import type { Token } from './lexer';

export class Cursor {
  /** Index of the next token in `tokens`. */
  pos: number;
  /** Index of the statement's `eol` token (a line's tokens can hold several statements). */
  private readonly end: number;

  constructor(readonly tokens: readonly Token[], start = 0, end = tokens.length - 1) {
    this.pos = start;
    this.end = end;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.end)];
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.end) this.pos++;
    return t;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eol';
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.next();
    return true;
  }

  expectPunct(p: string, message = `expected '${p}'`): Token {
    if (!this.isPunct(p)) fail(this.loc(), message);
    return this.next();
  }

  /** An identifier (for directive arguments such as names and flags). */
  expectIdent(message = 'expected identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') fail(this.loc(), message);
    return this.next();
  }

  /** Requires the end of the statement. */
  expectEnd(message = 'unexpected token'): void {
    if (!this.atEnd()) fail(this.loc(), message);
  }

  loc(): SourceLoc {
    const t = this.peek();
    return { line: t.line, col: t.col };
  }
}
