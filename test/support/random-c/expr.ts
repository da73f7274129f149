// Side-effect-free integer expressions over a scope, each carrying its C type and precedence.
// The safety rules live here: a signed +, -, * either goes through a helper or has operands cast
// narrow enough that the result cannot overflow; divisors are `| 1` (unsigned) or `(x & 7) + 1`
// (signed: never 0 nor -1); shift counts are masked to the promoted width and a signed left
// operand is masked non-negative and small. Text gets only the parentheses C precedence needs,
// so the compiler's precedence parsing is exercised too.

import { helperFor, type HelperName } from './helpers';
import type { Dice } from './random';
import { pickLvalue, type Variable } from './scope';
import { commonType, INT, INT_TYPES, LLONG, LONG, promote, range, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG, USHORT, type IntType } from './types';

export interface Expr {
  readonly text: string;
  readonly type: IntType;
  /** C precedence: 16 primary/postfix, 15 unary/cast, 13 * / %, 12 + -, 11 shifts, 10 relational,
   *  9 equality, 8 &, 7 ^, 6 |, 5 &&, 4 ||, 3 ?:, 2 assignment, 1 comma. */
  readonly prec: number;
}

export interface ExprContext {
  readonly dice: Dice;
  readonly scope: readonly Variable[];
  readonly helpers: Set<HelperName>;
}

const BINARY_PREC: Record<string, number> = {
  '*': 13, '/': 13, '%': 13, '+': 12, '-': 12, '<<': 11, '>>': 11,
  '<': 10, '<=': 10, '>': 10, '>=': 10, '==': 9, '!=': 9, '&': 8, '^': 7, '|': 6, '&&': 5, '||': 4,
};

/** The text of `e` as an operand that needs at least precedence `min`. */
export function wrap(e: Expr, min: number): string {
  return e.prec >= min ? e.text : `(${e.text})`;
}

export function binary(op: string, a: Expr, b: Expr, type: IntType): Expr {
  const p = BINARY_PREC[op];
  return { text: `${wrap(a, p)} ${op} ${wrap(b, p + 1)}`, type, prec: p };
}

export function unary(op: string, a: Expr, type: IntType): Expr {
  const operand = wrap(a, 15);
  // `- -x` must not become the `--` token.
  const gap = (op === '-' || op === '+') && operand.startsWith(op) ? ' ' : '';
  return { text: `${op}${gap}${operand}`, type, prec: 15 };
}

export function cast(type: IntType, a: Expr): Expr {
  return { text: `(${type.name})${wrap(a, 15)}`, type, prec: 15 };
}

/** A literal of exactly `type` holding `value` (which must be in its range). */
export function literal(type: IntType, value: bigint): Expr {
  const { min } = range(type);
  if (type === INT || type === LLONG) {
    const suffix = type === LLONG ? 'LL' : '';
    if (value === min) return { text: `-${-(value + 1n)}${suffix} - 1`, type, prec: 12 };
    return value < 0n ? { text: `-${-value}${suffix}`, type, prec: 15 } : { text: `${value}${suffix}`, type, prec: 16 };
  }
  if (type === UINT) return { text: `${value}u`, type, prec: 16 };
  if (type === ULLONG) return { text: `${value}ULL`, type, prec: 16 };
  if (type === ULONG) return cast(type, literal(UINT, value));
  return cast(type, literal(INT, value));
}

/** A constant of `type`, biased towards the edges where compilers go wrong. */
export function constant(dice: Dice, type: IntType): Expr {
  const { min, max } = range(type);
  const choice = dice.below(8);
  let value: bigint;
  if (choice === 0) value = dice.pick([0n, 1n, max, min]);
  else if (choice === 1 && type.signed) value = dice.pick([-1n, min + 1n, max - 1n]);
  else if (choice === 2) value = (1n << BigInt(dice.below(type.bits - (type.signed ? 1 : 0)))) - BigInt(dice.below(2));
  else if (choice <= 4) value = BigInt(dice.between(0, 20)) * (type.signed && dice.chance(0.4) ? -1n : 1n);
  else value = dice.bits(type.bits) + min;
  if (value < min) value = min;
  if (value > max) value = max;
  return literal(type, value);
}

/** An index below `length` (a power of two): a constant or any expression masked to the length. */
export function index(c: ExprContext, depth: number, length: number): string {
  if (c.dice.chance(0.25)) return `${c.dice.below(length)}`;
  const mask = literal(INT, BigInt(length - 1));
  if (depth <= 0) {
    const scalars = c.scope.filter((v) => v.type.kind === 'int');
    if (scalars.length === 0) return `${c.dice.below(length)}`;
    return binary('&', { text: c.dice.pick(scalars).name, type: INT, prec: 16 }, mask, INT).text;
  }
  return binary('&', pure(c, Math.min(depth, 1)), mask, INT).text;
}

function leaf(c: ExprContext, depth: number): Expr {
  if (c.dice.chance(0.3)) return constant(c.dice, c.dice.pick(INT_TYPES));
  const lvalue = pickLvalue(c.scope, c.dice, (length) => index(c, depth - 1, length));
  return lvalue ?? constant(c.dice, c.dice.pick(INT_TYPES));
}

/** A pure integer expression of at most `depth` levels of operators. */
export function pure(c: ExprContext, depth: number): Expr {
  if (depth <= 0) return leaf(c, 0);
  const kind = c.dice.weighted({ leaf: 3, arith: 5, divide: 2, shift: 2, bits: 3, compare: 2, logical: 1, ternary: 1, negate: 1, cast: 2, pointerEq: 0.3 });
  const sub = (): Expr => pure(c, depth - 1 - c.dice.below(2));
  switch (kind) {
    case 'leaf':
      return leaf(c, depth);
    case 'arith':
      return arithmetic(c, c.dice.pick(['+', '-', '*']), sub(), sub());
    case 'divide':
      return divide(c, c.dice.pick(['/', '%']), sub(), sub());
    case 'shift':
      return shift(c.dice.pick(['<<', '>>']), sub(), sub());
    case 'bits': {
      const [a, b] = [sub(), sub()];
      return binary(c.dice.pick(['&', '|', '^']), a, b, commonType(a.type, b.type));
    }
    case 'compare':
      return binary(c.dice.pick(['<', '<=', '>', '>=', '==', '!=']), sub(), sub(), INT);
    case 'logical':
      return c.dice.chance(0.2) ? unary('!', sub(), INT) : binary(c.dice.pick(['&&', '||']), sub(), sub(), INT);
    case 'ternary': {
      const [cond, a, b] = [sub(), sub(), sub()];
      return { text: `${wrap(cond, 4)} ? ${a.text} : ${wrap(b, 3)}`, type: commonType(a.type, b.type), prec: 3 };
    }
    case 'negate':
      return negate(c, sub());
    case 'cast':
      return cast(c.dice.pick(INT_TYPES), sub());
    case 'pointerEq':
      return pointerEquality(c) ?? leaf(c, depth);
  }
}

// Narrow types whose products still fit in int: at most one operand may be unsigned short.
const NARROW_FOR_INT = [SCHAR, UCHAR, SHORT] as const;

/** a op b for + - *: direct when the common type is unsigned, otherwise a helper or narrowed operands. */
export function arithmetic(c: ExprContext, op: '+' | '-' | '*', a: Expr, b: Expr): Expr {
  const common = commonType(a.type, b.type);
  if (!common.signed) return binary(op, a, b, common);
  if (c.dice.chance(0.4)) return callHelper(c, helperFor(({ '+': 'add', '-': 'sub', '*': 'mul' } as const)[op], common), a, b);
  if (common.bits === 64) {
    return binary(op, cast(LLONG, cast(INT, a)), cast(c.dice.pick([INT, UINT, SHORT, LONG]), b), LLONG);
  }
  return binary(op, cast(c.dice.pick(NARROW_FOR_INT), a), cast(c.dice.pick([...NARROW_FOR_INT, USHORT]), b), INT);
}

/** a / b or a % b with a divisor that can be neither 0 nor (for signed division) -1. */
export function divide(c: ExprContext, op: '/' | '%', a: Expr, b: Expr): Expr {
  const common = commonType(a.type, b.type);
  if (c.dice.chance(0.3)) return callHelper(c, helperFor(op === '/' ? 'div' : 'mod', common), a, b);
  const divisorType = commonType(b.type, INT);
  const divisor = common.signed
    ? binary('+', binary('&', b, literal(INT, 7n), divisorType), literal(INT, 1n), divisorType)
    : binary('|', b, literal(INT, 1n), divisorType);
  return binary(op, a, divisor, common);
}

/** a << b or a >> b, the count masked to the promoted width; a signed value shifted left is first
 *  made small and non-negative. Right shifts of negative values stay (arithmetic in gcc, clang, oslab). */
export function shift(op: '<<' | '>>', a: Expr, b: Expr): Expr {
  const left = promote(a.type);
  const count = binary('&', b, literal(INT, BigInt(left.bits - 1)), commonType(b.type, INT));
  if (op === '<<' && left.signed) {
    const small = binary('&', a, literal(INT, 255n), left);
    return binary('<<', small, binary('&', b, literal(INT, 15n), commonType(b.type, INT)), left);
  }
  return binary(op, a, count, left);
}

function negate(c: ExprContext, a: Expr): Expr {
  if (c.dice.chance(0.3)) return unary('~', a, promote(a.type));
  if (!promote(a.type).signed) return unary('-', a, promote(a.type));
  return unary('-', cast(c.dice.pick([SCHAR, UCHAR, SHORT, USHORT]), a), INT);
}

export function callHelper(c: ExprContext, helper: { name: HelperName; type: IntType }, a: Expr, b: Expr): Expr {
  c.helpers.add(helper.name);
  return { text: `${helper.name}(${a.text}, ${b.text})`, type: helper.type, prec: 16 };
}

function pointerEquality(c: ExprContext): Expr | null {
  const pointers = c.scope.filter((v) => v.type.kind === 'pointer');
  if (pointers.length === 0) return null;
  const p = c.dice.pick(pointers);
  const same = pointers.filter((q) => q.type === p.type || (q.type.kind === 'pointer' && p.type.kind === 'pointer' && q.type.target === p.type.target));
  const q = c.dice.pick(same);
  return { text: `${p.name} ${c.dice.pick(['==', '!='])} ${q.name}`, type: INT, prec: 9 };
}
