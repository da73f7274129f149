// `#if` arithmetic (C11 6.10.1): an integer constant expression over already macro-expanded
// tokens, computed in intmax_t / uintmax_t (64-bit, as bigints) with C's usual conversions —
// a signed operand meeting an unsigned one becomes unsigned, so `-1 < 0u` is false, as in gcc.
// Identifiers left after expansion are 0. Operands that are not evaluated (`0 && 1/0`) may
// divide by zero, as in gcc.

import type { CompileContext } from './context';
import type { SourceLocation } from './token';
import type { PPToken } from './tokenize';

interface Value {
  readonly value: bigint;
  readonly unsigned: boolean;
}

/** Nesting of parentheses, unary operators and conditionals (clang's default -fbracket-depth). */
const MAX_NESTING = 256;

const signed = (value: bigint): Value => ({ value: BigInt.asIntN(64, value), unsigned: false });
const unsigned = (value: bigint): Value => ({ value: BigInt.asUintN(64, value), unsigned: true });
const truth = (b: boolean): Value => signed(b ? 1n : 0n);

// Binary operators by precedence, loosest first (the conditional and comma are handled apart).
const UNARY_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '~', '!']);

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

/**
 * Evaluates an #if line's expanded tokens; reports errors at their token and returns null.
 * `isDefined` answers a `defined` that macro expansion produced (gcc and clang allow it).
 */
export function evaluateCondition(ctx: CompileContext, tokens: readonly PPToken[], at: SourceLocation,
  isDefined: (name: string) => boolean): bigint | null {
  if (tokens.length === 0) {
    ctx.diag.error(at, '#if with no expression');
    return null;
  }
  const parser = new ConditionParser(ctx, tokens, at, isDefined);
  const result = parser.run();
  return result === null ? null : result.value;
}

class ExpressionError extends Error {}

class ConditionParser {
  private pos = 0;
  /** False inside an operand short-circuiting skips (errors like division by zero do not count). */
  private evaluated = true;
  private nesting = 0;

  constructor(private readonly ctx: CompileContext, private readonly tokens: readonly PPToken[], private readonly at: SourceLocation,
    private readonly isDefined: (name: string) => boolean) {}

  run(): Value | null {
    try {
      const value = this.comma();
      const extra = this.tokens[this.pos];
      if (extra !== undefined) this.fail(extra.loc, `missing binary operator before token "${extra.text}"`);
      return value;
    } catch (e) {
      if (e instanceof ExpressionError) return null;
      throw e;
    }
  }

  // comma = conditional ("," conditional)*
  private comma(): Value {
    let value = this.conditional();
    while (this.accept(',')) value = this.conditional();
    return value;
  }

  // conditional = binary(0) ("?" comma ":" conditional)?
  private conditional(): Value {
    this.enter();
    const value = this.conditionalBody();
    this.nesting--;
    return value;
  }

  private conditionalBody(): Value {
    const condition = this.binary(0);
    if (!this.accept('?')) return condition;
    const outer = this.evaluated;
    this.evaluated = outer && condition.value !== 0n;
    const then = this.comma();
    this.expect(':');
    this.evaluated = outer && condition.value === 0n;
    const otherwise = this.conditional();
    this.evaluated = outer;
    const chosen = condition.value !== 0n ? then : otherwise;
    return then.unsigned || otherwise.unsigned ? unsigned(chosen.value) : chosen;
  }

  // binary(n) = binary(n+1) (op binary(n+1))* for the operators of level n; unary past the last.
  private binary(level: number): Value {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.tokens[this.pos];
      if (op === undefined || op.kind !== 'punct' || !BINARY_LEVELS[level].includes(op.text)) return left;
      this.pos++;
      const outer = this.evaluated;
      if (op.text === '&&') this.evaluated = outer && left.value !== 0n;
      if (op.text === '||') this.evaluated = outer && left.value === 0n;
      const right = this.binary(level + 1);
      this.evaluated = outer;
      left = this.apply(op, left, right);
    }
  }

  private apply(op: PPToken, a: Value, b: Value): Value {
    const isUnsigned = a.unsigned || b.unsigned;
    const make = isUnsigned ? unsigned : signed;
    const x = isUnsigned ? BigInt.asUintN(64, a.value) : a.value;
    const y = isUnsigned ? BigInt.asUintN(64, b.value) : b.value;
    switch (op.text) {
      case '||': return truth(a.value !== 0n || b.value !== 0n);
      case '&&': return truth(a.value !== 0n && b.value !== 0n);
      case '|': return make(x | y);
      case '^': return make(x ^ y);
      case '&': return make(x & y);
      case '==': return truth(x === y);
      case '!=': return truth(x !== y);
      case '<': return truth(x < y);
      case '>': return truth(x > y);
      case '<=': return truth(x <= y);
      case '>=': return truth(x >= y);
      case '+': return make(x + y);
      case '-': return make(x - y);
      case '*': return make(x * y);
      case '<<': return shift(a, b.value, true);
      case '>>': return shift(a, b.value, false);
      default: return this.divide(op, make, x, y);
    }
  }

  private divide(op: PPToken, make: (v: bigint) => Value, x: bigint, y: bigint): Value {
    if (y === 0n) {
      if (this.evaluated) this.fail(op.loc, 'division by zero in #if');
      return make(0n);
    }
    return make(op.text === '/' ? x / y : x % y);
  }

  // unary = ("+" | "-" | "~" | "!") unary | primary
  private unary(): Value {
    const token = this.tokens[this.pos];
    if (token?.kind === 'punct' && UNARY_OPERATORS.has(token.text)) {
      this.pos++;
      this.enter();
      const operand = this.unary();
      this.nesting--;
      const make = operand.unsigned ? unsigned : signed;
      if (token.text === '-') return make(-operand.value);
      if (token.text === '~') return make(~operand.value);
      if (token.text === '!') return truth(operand.value === 0n);
      return operand;
    }
    return this.primary();
  }

  // primary = "(" comma ")" | number | char | "defined" ("(" ident ")" | ident) | identifier (0)
  private primary(): Value {
    const token = this.tokens[this.pos];
    if (token === undefined) this.fail(this.tokens[this.tokens.length - 1]?.loc ?? this.at, '#if expression ends early');
    this.pos++;
    if (token.text === '(' && token.kind === 'punct') {
      const value = this.comma();
      this.expect(')');
      return value;
    }
    if (token.kind === 'number') return this.number(token);
    if (token.kind === 'char') return signed(BigInt(token.value ?? 0));
    if (token.kind === 'ident' && token.text === 'defined') return this.defined(token);
    if (token.kind === 'ident' || token.kind === 'keyword') return signed(0n);
    this.fail(token.loc, `token "${token.text}" is not valid in preprocessor expressions`);
  }

  private defined(operator: PPToken): Value {
    const parens = this.accept('(');
    const name = this.tokens[this.pos];
    if (name?.kind !== 'ident') this.fail((name ?? operator).loc, "macro name must be an identifier");
    this.pos++;
    if (parens) this.expect(')');
    return truth(this.isDefined(name.text));
  }

  private number(token: PPToken): Value {
    const parsed = parseInteger(token.text);
    if (typeof parsed === 'string') this.fail(token.loc, parsed);
    return parsed;
  }

  // Deep nesting is refused before it could exhaust the JavaScript stack.
  private enter(): void {
    if (++this.nesting > MAX_NESTING) {
      const token = this.tokens[Math.min(this.pos, this.tokens.length - 1)];
      this.fail(token?.loc ?? this.at, `#if expression nested more than ${MAX_NESTING} deep`);
    }
  }

  private accept(text: string): boolean {
    const token = this.tokens[this.pos];
    if (token?.text !== text || token.kind !== 'punct') return false;
    this.pos++;
    return true;
  }

  private expect(text: string): void {
    if (this.accept(text)) return;
    const token = this.tokens[this.pos];
    this.fail(token?.loc ?? this.at, `missing '${text}' in expression`);
  }

  private fail(loc: SourceLocation, message: string): never {
    this.ctx.diag.error(loc, message);
    throw new ExpressionError(message);
  }
}

// `<<` and `>>` keep the left operand's type; counts of 64 or more leave 0 (or the sign).
function shift(a: Value, count: bigint, left: boolean): Value {
  const make = a.unsigned ? unsigned : signed;
  if (count < 0n) return shift(a, -count, !left);
  if (left) return count >= 64n ? make(0n) : make(a.value << count);
  if (count >= 64n) return make(a.unsigned || a.value >= 0n ? 0n : -1n);
  return make(a.value >> count);
}

/** An integer pp-number's value and signedness in #if, or the reason it is not one. */
export function parseInteger(text: string): Value | string {
  if (/^(0|[1-9]\d{0,14})$/.test(text)) return signed(BigInt(Number(text))); // the common case, quickly
  const match = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?$/.exec(text);
  if (match === null) {
    if (/^(\d|\.\d)/.test(text) && /[.eEpP]/.test(text) && !/^0[xX][0-9a-fA-F]*$/.test(text)) {
      return 'floating constant in preprocessor expression';
    }
    return `invalid integer constant "${text}" in preprocessor expression`;
  }
  const digits = match[1];
  const value = /^0[bB]/.test(digits) ? BigInt(`0b${digits.slice(2)}`) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  if (value >= 1n << 64n) return 'integer constant is too large for its type';
  const hasU = /[uU]/.test(match[2] ?? '');
  return hasU || value >= 1n << 63n ? unsigned(value) : signed(value);
}
