// Phase 3: evaluating expressions to `sym - sub + addend` values, with 64-bit arithmetic like
// LLVM's MCExpr (comparisons give -1 for true, `>>` is a logical shift, `a ! b` is `a | ~b`).
// A difference of two labels folds to a constant when both are placed in the same section — at
// the time of the call, so the same expression can be symbolic while parsing and constant after
// the last label is placed. `foldDifferences: false` gives the purely symbolic value, which the
// data directives need to apply llvm-mc's RISC-V rule for emitting ADD/SUB relocation pairs.

import type { AsmContext } from './context';
import { fail, type SourceLoc } from './diagnostics';
import type { AsmSymbol, Expr, Value } from './model';
import { referenceSymbol } from './symbols';

const constant = (addend: bigint): Value => ({ sym: null, sub: null, addend, plt: false });
const wrap = (v: bigint) => BigInt.asIntN(64, v);

/** Evaluates `expr`; differences of labels in one section fold unless told otherwise. */
export function evaluate(ctx: AsmContext, expr: Expr, foldDifferences = true): Value {
  if (expr.kind === 'num') return constant(expr.value); // the common case, without the cycle set
  return evalNode(ctx, expr, foldDifferences, new Set());
}

/** Evaluates an expression that must be a plain number now (sizes, counts, immediates). */
export function evaluateConstant(ctx: AsmContext, expr: Expr, what = 'expected absolute expression'): bigint {
  const v = evaluate(ctx, expr);
  if (v.sym || v.sub) fail(expr.loc, what);
  return v.addend;
}

/** True when `symbol` has a place (a label, or a section's own symbol). */
export const isPlaced = (symbol: AsmSymbol) => symbol.state === 'label' || symbol.state === 'section';

function evalNode(ctx: AsmContext, expr: Expr, fold: boolean, active: Set<AsmSymbol>): Value {
  switch (expr.kind) {
    case 'num':
      return constant(expr.value);
    case 'sym': {
      const v = symbolValue(ctx, referenceSymbol(ctx, expr.name), fold, active, expr.loc);
      return expr.plt ? { ...v, plt: true } : v;
    }
    case 'symref':
      return symbolValue(ctx, expr.symbol, fold, active, expr.loc);
    case 'unary':
      return unary(expr.op, evalNode(ctx, expr.operand, fold, active), expr.loc);
    case 'binary':
      return binary(expr.op, evalNode(ctx, expr.left, fold, active), evalNode(ctx, expr.right, fold, active), fold, expr.loc);
    case 'modifier':
      fail(expr.loc, `%${expr.modifier} is only allowed as a whole instruction operand`);
  }
}

function symbolValue(ctx: AsmContext, symbol: AsmSymbol, fold: boolean, active: Set<AsmSymbol>, loc: SourceLoc): Value {
  symbol.referenced = true;
  if (symbol.state !== 'variable' || !symbol.variable) return { sym: symbol, sub: null, addend: 0n, plt: false };
  if (active.has(symbol)) fail(loc, `cyclic definition of symbol '${symbol.name}'`);
  active.add(symbol);
  try {
    return evalNode(ctx, symbol.variable, fold, active);
  } finally {
    active.delete(symbol);
  }
}

function unary(op: '-' | '~' | '!' | '+', v: Value, loc: SourceLoc): Value {
  if (op === '+') return v;
  if (op === '-') return { sym: v.sub, sub: v.sym, addend: wrap(-v.addend), plt: false };
  if (v.sym || v.sub) fail(loc, `operator '${op}' needs a constant operand`);
  return constant(op === '~' ? wrap(~v.addend) : v.addend === 0n ? 1n : 0n);
}

// sym - sub + addend for a + b, cancelling a symbol that appears on both sides.
function add(a: Value, b: Value, loc: SourceLoc): Value {
  const plus = [a.sym, b.sym].filter((s): s is AsmSymbol => s !== null);
  const minus = [a.sub, b.sub].filter((s): s is AsmSymbol => s !== null);
  for (let i = plus.length - 1; i >= 0; i--) {
    const j = minus.indexOf(plus[i]);
    if (j >= 0) {
      plus.splice(i, 1);
      minus.splice(j, 1);
    }
  }
  if (plus.length > 1 || minus.length > 1) fail(loc, 'expression is not representable as symbol - symbol + constant');
  return { sym: plus[0] ?? null, sub: minus[0] ?? null, addend: wrap(a.addend + b.addend), plt: a.plt || b.plt };
}

/** Folds `sym - sub` when both are placed in the same section. */
export function foldDifference(v: Value): Value {
  if (!v.sym || !v.sub || !isPlaced(v.sym) || !isPlaced(v.sub) || v.sym.section !== v.sub.section) return v;
  return constant(wrap(v.addend + BigInt(v.sym.offset - v.sub.offset)));
}

function binary(op: string, a: Value, b: Value, fold: boolean, loc: SourceLoc): Value {
  if (op === '+' || op === '-') {
    const v = add(a, op === '+' ? b : unary('-', b, loc), loc);
    return fold ? foldDifference(v) : v;
  }
  if (a.sym || a.sub || b.sym || b.sub) fail(loc, `operator '${op}' needs constant operands`);
  const x = a.addend;
  const y = b.addend;
  const truth = (t: boolean) => constant(t ? -1n : 0n);
  switch (op) {
    case '*': return constant(wrap(x * y));
    case '/':
    case '%':
      if (y === 0n) fail(loc, 'division by zero');
      return constant(wrap(op === '/' ? x / y : x % y));
    case '<<': return constant(y < 0n || y > 63n ? 0n : wrap(x << y));
    case '>>': return constant(y < 0n || y > 63n ? 0n : wrap(BigInt.asUintN(64, x) >> y));
    case '&': return constant(x & y);
    case '|': return constant(x | y);
    case '^': return constant(x ^ y);
    case '!': return constant(x | ~y);
    case '==': return truth(x === y);
    case '!=': return truth(x !== y);
    case '<': return truth(x < y);
    case '<=': return truth(x <= y);
    case '>': return truth(x > y);
    case '>=': return truth(x >= y);
    case '&&': return constant(x !== 0n && y !== 0n ? 1n : 0n);
    case '||': return constant(x !== 0n || y !== 0n ? 1n : 0n);
    default: fail(loc, `unknown operator '${op}'`);
  }
}
