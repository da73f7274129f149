// The C expression language of Watch, hover, the Debug Console and breakpoint conditions:
// a tokenizer and a recursive-descent parser in chibicc's style (each function's grammar rule
// above it) producing a small AST for eval.ts. Syntax errors are ValueErrors that name the
// column. Types in casts and sizeof are parsed by shape only; eval.ts finds them in the DWARF.

import { ValueError } from './api';
import { canonicalBaseName } from './ctypes';

export type TypeSpec =
  | { readonly kind: 'base'; readonly name: string }
  | { readonly kind: 'struct' | 'union' | 'enum'; readonly tag: string }
  | { readonly kind: 'typedef'; readonly name: string }
  | { readonly kind: 'void' };

export interface TypeNameAst {
  readonly spec: TypeSpec;
  readonly pointers: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOp = '+' | '-' | '*' | '&' | '!' | '~';

export type Expr =
  | { readonly kind: 'number'; readonly value: bigint; readonly unsigned: boolean; readonly long: boolean; readonly decimal: boolean }
  | { readonly kind: 'char'; readonly value: number }
  | { readonly kind: 'string'; readonly bytes: readonly number[] }
  | { readonly kind: 'identifier'; readonly name: string; readonly column: number }
  | { readonly kind: 'register'; readonly name: string; readonly column: number }
  | { readonly kind: 'member'; readonly base: Expr; readonly name: string; readonly arrow: boolean }
  | { readonly kind: 'index'; readonly base: Expr; readonly index: Expr }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly operand: Expr }
  | { readonly kind: 'cast'; readonly type: TypeNameAst; readonly operand: Expr }
  | { readonly kind: 'sizeofType'; readonly type: TypeNameAst }
  | { readonly kind: 'sizeofExpr'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: 'assign'; readonly target: Expr; readonly value: Expr };

interface Token {
  readonly kind: 'number' | 'char' | 'string' | 'identifier' | 'register' | 'punct' | 'end';
  readonly text: string;
  /** 1-based, as an editor counts. */
  readonly column: number;
  readonly value?: bigint;
  readonly bytes?: readonly number[];
}

const puncts = ['->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '=', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '<', '>', '?', ':', '(', ')', '[', ']', '.', ','];
const baseWords = new Set(['signed', 'unsigned', 'char', 'short', 'int', 'long', '_Bool', 'bool']);
const qualifierWords = new Set(['const', 'volatile', 'restrict']);

function syntaxError(column: number, message: string): ValueError {
  return new ValueError(`syntax error at column ${column}: ${message}`);
}

const simpleEscapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** One character of a char or string literal at src[i]: its byte and where the next one starts. */
function literalChar(src: string, i: number): { byte: number; next: number } {
  if (src[i] !== '\\') return { byte: src.charCodeAt(i) & 0xff, next: i + 1 };
  const c = src[i + 1];
  const octal = /^[0-7]{1,3}/.exec(src.slice(i + 1));
  if (octal) return { byte: parseInt(octal[0], 8) & 0xff, next: i + 1 + octal[0].length };
  const hexDigits = c === 'x' ? /^[0-9a-fA-F]+/.exec(src.slice(i + 2)) : null;
  if (hexDigits) return { byte: parseInt(hexDigits[0], 16) & 0xff, next: i + 2 + hexDigits[0].length };
  if (c !== undefined && c in simpleEscapes) return { byte: simpleEscapes[c], next: i + 2 };
  throw syntaxError(i + 1, `unknown escape sequence '\\${c ?? ''}'`);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const column = i + 1;
    const rest = src.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)/.exec(rest);
    if (number) {
      if (/^[0-9]*\.|^[0-9]+[eE]/.test(rest)) throw new ValueError(`floating-point numbers are not supported (column ${column})`);
      const digits = number[1];
      const value = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
      tokens.push({ kind: 'number', text: number[0], column, value });
      i += number[0].length;
      if (/^[A-Za-z_0-9]/.test(src.slice(i))) throw syntaxError(i + 1, `invalid number '${number[0]}${src[i]}'`);
      continue;
    }
    const word = /^\$?[A-Za-z_][A-Za-z_0-9]*/.exec(rest);
    if (word) {
      tokens.push({ kind: word[0].startsWith('$') ? 'register' : 'identifier', text: word[0], column });
      i += word[0].length;
      continue;
    }
    if (rest[0] === "'" || rest[0] === '"') {
      const quote = rest[0];
      const bytes: number[] = [];
      let j = i + 1;
      while (j < src.length && src[j] !== quote) {
        const c = literalChar(src, j);
        bytes.push(c.byte);
        j = c.next;
      }
      if (j >= src.length) throw syntaxError(column, `unterminated ${quote === "'" ? 'character' : 'string'} literal`);
      if (quote === "'" && bytes.length !== 1) throw syntaxError(column, 'a character literal holds one character');
      tokens.push({ kind: quote === "'" ? 'char' : 'string', text: src.slice(i, j + 1), column, value: BigInt(bytes[0] ?? 0), bytes });
      i = j + 1;
      continue;
    }
    const punct = puncts.find((p) => rest.startsWith(p));
    if (!punct) throw syntaxError(column, `unexpected character '${rest[0]}'`);
    tokens.push({ kind: 'punct', text: punct, column });
    i += punct.length;
  }
  tokens.push({ kind: 'end', text: '', column: src.length + 1 });
  return tokens;
}

/** Parses an expression; `isTypedefName` tells a cast `(T)x` from a parenthesised name. */
export function parseExpression(src: string, isTypedefName: (name: string) => boolean): Expr {
  const p = new Parser(tokenize(src), isTypedefName);
  if (p.peek().kind === 'end') throw new ValueError('empty expression');
  const e = p.expr();
  const t = p.peek();
  if (t.kind !== 'end') throw syntaxError(t.column, `unexpected '${t.text}'`);
  return e;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly isTypedefName: (name: string) => boolean,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private accept(text: string): boolean {
    const t = this.peek();
    if ((t.kind === 'punct' || t.kind === 'identifier') && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    const t = this.peek();
    if (!this.accept(text)) throw syntaxError(t.column, t.kind === 'end' ? `expected '${text}' at the end` : `expected '${text}' before '${t.text}'`);
  }

  // expr = assign
  expr(): Expr {
    return this.assign();
  }

  // assign = conditional ("=" assign)?
  private assign(): Expr {
    const target = this.conditional();
    if (!this.accept('=')) return target;
    return { kind: 'assign', target, value: this.assign() };
  }

  // conditional = logor ("?" expr ":" conditional)?
  private conditional(): Expr {
    const cond = this.logor();
    if (!this.accept('?')) return cond;
    const then = this.expr();
    this.expect(':');
    return { kind: 'conditional', cond, then, otherwise: this.conditional() };
  }

  // Left-associative binary levels: left (op right)*.
  private level(ops: readonly BinaryOp[], operand: () => Expr): Expr {
    let left = operand();
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'punct' ? ops.find((o) => o === t.text) : undefined;
      if (!op) return left;
      this.pos++;
      left = { kind: 'binary', op, left, right: operand() };
    }
  }

  // logor = logand ("||" logand)*
  private logor(): Expr {
    return this.level(['||'], () => this.logand());
  }

  // logand = bitor ("&&" bitor)*
  private logand(): Expr {
    return this.level(['&&'], () => this.bitor());
  }

  // bitor = bitxor ("|" bitxor)*
  private bitor(): Expr {
    return this.level(['|'], () => this.bitxor());
  }

  // bitxor = bitand ("^" bitand)*
  private bitxor(): Expr {
    return this.level(['^'], () => this.bitand());
  }

  // bitand = equality ("&" equality)*
  private bitand(): Expr {
    return this.level(['&'], () => this.equality());
  }

  // equality = relational ("==" relational | "!=" relational)*
  private equality(): Expr {
    return this.level(['==', '!='], () => this.relational());
  }

  // relational = shift ("<" shift | "<=" shift | ">" shift | ">=" shift)*
  private relational(): Expr {
    return this.level(['<', '<=', '>', '>='], () => this.shift());
  }

  // shift = add ("<<" add | ">>" add)*
  private shift(): Expr {
    return this.level(['<<', '>>'], () => this.add());
  }

  // add = mul ("+" mul | "-" mul)*
  private add(): Expr {
    return this.level(['+', '-'], () => this.mul());
  }

  // mul = cast ("*" cast | "/" cast | "%" cast)*
  private mul(): Expr {
    return this.level(['*', '/', '%'], () => this.cast());
  }

  // cast = "(" type-name ")" cast | unary
  private cast(): Expr {
    if (this.peek().text === '(' && this.startsTypeName(this.peek(1))) {
      this.pos++;
      const type = this.typeName();
      this.expect(')');
      return { kind: 'cast', type, operand: this.cast() };
    }
    return this.unary();
  }

  // unary = ("+" | "-" | "*" | "&" | "!" | "~") cast
  //       | "sizeof" "(" type-name ")"
  //       | "sizeof" unary
  //       | postfix
  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && ['+', '-', '*', '&', '!', '~'].includes(t.text)) {
      this.pos++;
      return { kind: 'unary', op: t.text as UnaryOp, operand: this.cast() };
    }
    if (t.kind === 'identifier' && t.text === 'sizeof') {
      this.pos++;
      if (this.peek().text === '(' && this.startsTypeName(this.peek(1))) {
        this.pos++;
        const type = this.typeName();
        this.expect(')');
        return { kind: 'sizeofType', type };
      }
      return { kind: 'sizeofExpr', operand: this.unary() };
    }
    return this.postfix();
  }

  // postfix = primary ("[" expr "]" | "." ident | "->" ident)*
  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.accept('[')) {
        const index = this.expr();
        this.expect(']');
        e = { kind: 'index', base: e, index };
      } else if (this.peek().text === '.' || this.peek().text === '->') {
        const arrow = this.next().text === '->';
        const name = this.next();
        if (name.kind !== 'identifier') throw syntaxError(name.column, `expected a member name after '${arrow ? '->' : '.'}'`);
        e = { kind: 'member', base: e, name: name.text, arrow };
      } else return e;
    }
  }

  // primary = "(" expr ")" | ident | "$" ident | number | char | string
  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'punct' && t.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.kind === 'identifier') return { kind: 'identifier', name: t.text, column: t.column };
    if (t.kind === 'register') return { kind: 'register', name: t.text.slice(1), column: t.column };
    if (t.kind === 'number') {
      const suffix = t.text.replace(/^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)/, '').toLowerCase();
      return { kind: 'number', value: t.value!, unsigned: suffix.includes('u'), long: suffix.includes('ll'), decimal: !/^0./.test(t.text) };
    }
    if (t.kind === 'char') return { kind: 'char', value: Number(t.value) };
    if (t.kind === 'string') return { kind: 'string', bytes: t.bytes ?? [] };
    throw syntaxError(t.column, t.kind === 'end' ? 'expression ends too early' : `unexpected '${t.text}'`);
  }

  private startsTypeName(t: Token): boolean {
    if (t.kind !== 'identifier') return false;
    return baseWords.has(t.text) || qualifierWords.has(t.text) || ['struct', 'union', 'enum', 'void'].includes(t.text) || this.isTypedefName(t.text);
  }

  // type-name = qualifier* (("struct" | "union" | "enum") ident | "void" | base-word+ | typedef-name) qualifier* ("*" qualifier*)*
  private typeName(): TypeNameAst {
    this.skipQualifiers();
    const t = this.next();
    let spec: TypeSpec;
    if (t.text === 'struct' || t.text === 'union' || t.text === 'enum') {
      const tag = this.next();
      if (tag.kind !== 'identifier') throw syntaxError(tag.column, `expected a tag after '${t.text}'`);
      spec = { kind: t.text, tag: tag.text };
    } else if (t.text === 'void') {
      spec = { kind: 'void' };
    } else if (baseWords.has(t.text)) {
      const words = [t.text];
      while (baseWords.has(this.peek().text) || qualifierWords.has(this.peek().text)) {
        const w = this.next().text;
        if (baseWords.has(w)) words.push(w);
      }
      const name = canonicalBaseName(words);
      if (!name) throw syntaxError(t.column, `'${words.join(' ')}' is not a type`);
      spec = { kind: 'base', name };
    } else if (t.kind === 'identifier') {
      spec = { kind: 'typedef', name: t.text };
    } else throw syntaxError(t.column, 'expected a type name');
    this.skipQualifiers();
    let pointers = 0;
    while (this.accept('*')) {
      pointers++;
      this.skipQualifiers();
    }
    return { spec, pointers };
  }

  private skipQualifiers(): void {
    while (qualifierWords.has(this.peek().text)) this.pos++;
  }
}
