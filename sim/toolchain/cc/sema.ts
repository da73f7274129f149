// The typing rules of C's operators (C11 6.5): which operand types are valid, what they convert
// to, what the result type is, and scaled pointer arithmetic. Operands that are constants fold
// to `num` here, so constant expressions (array sizes, case labels, enum values, static
// initializers) need no separate evaluator. gcc's wording for the errors.

import type { BinaryOp, Expr } from './ast';
import { castTo, condition, isNullPointerConstant, num, promote, rvalue } from './convert';
import type { Parser } from './parse-state';
import type { SourceLocation } from './token';
import {
  INT, VOID, commonIntegerType, integerPromote, isCompatible, isIncomplete, isInteger, isRecord,
  pointerTo, sizeOf, typeName, unqualified, withQualifiers, type CType,
} from './types';

const SPELLING: Record<BinaryOp, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', and: '&', or: '|', xor: '^', shl: '<<', shr: '>>',
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
};

function isComparison(op: BinaryOp): boolean {
  return op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge';
}

/** `lhs op rhs` for every binary operator but && || and assignment. */
export function binary(p: Parser, op: BinaryOp, left: Expr, right: Expr, loc: SourceLocation): Expr {
  const lhs = rvalue(left);
  const rhs = rvalue(right);
  const lt = unqualified(lhs.type);
  const rt = unqualified(rhs.type);
  if (isInteger(lt) && isInteger(rt)) {
    if ((op === 'div' || op === 'mod') && rhs.kind === 'num' && rhs.value === 0n) p.warning(loc, 'division by zero [-Wdiv-by-zero]');
    if (op === 'shl' || op === 'shr') return arithmetic(op, promote(lhs), shiftCount(rhs), integerPromote(lt), loc);
    const common = commonIntegerType(lt, rt);
    return arithmetic(op, castTo(lhs, common), castTo(rhs, common), isComparison(op) ? INT : common, loc);
  }
  if (op === 'add' && lt.kind === 'pointer' && isInteger(rt)) return pointerOffset(p, 'add', lhs, rhs, loc);
  if (op === 'add' && isInteger(lt) && rt.kind === 'pointer') return pointerOffset(p, 'add', rhs, lhs, loc);
  if (op === 'sub' && lt.kind === 'pointer' && isInteger(rt)) return pointerOffset(p, 'sub', lhs, rhs, loc);
  if (op === 'sub' && lt.kind === 'pointer' && rt.kind === 'pointer') return pointerDifference(p, lhs, rhs, loc);
  if (isComparison(op) && (lt.kind === 'pointer' || rt.kind === 'pointer')) return pointerComparison(p, op, lhs, rhs, loc);
  return p.fatal(loc, `invalid operands to binary ${SPELLING[op]} (have '${typeName(lhs.type)}' and '${typeName(rhs.type)}')`);
}

/** A shift count as a 32-bit value (any count that is not undefined behaviour fits). */
export function shiftCount(count: Expr): Expr {
  const promoted = promote(count);
  return promoted.type.kind === 'longlong' ? castTo(promoted, INT) : promoted;
}

/** An arithmetic node over operands already converted, folded when both are constants. */
export function arithmetic(op: BinaryOp, lhs: Expr, rhs: Expr, type: CType, loc: SourceLocation): Expr {
  if (lhs.kind === 'num' && rhs.kind === 'num') {
    const value = fold(op, lhs.value, rhs.value, lhs.type);
    if (value !== null) return num(value, type, loc);
  }
  return { kind: 'binary', op, lhs, rhs, type, loc };
}

// Operands arrive wrapped to their (common) type, so bigint arithmetic then wrapping is exact.
function fold(op: BinaryOp, a: bigint, b: bigint, operandType: CType): bigint | null {
  const bits = BigInt(sizeOf(operandType) * 8);
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return b === 0n ? null : a / b;
    case 'mod': return b === 0n ? null : a % b;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return b < 0n || b >= bits ? null : a << b;
    case 'shr': return b < 0n || b >= bits ? null : a >> b;
    case 'eq': return a === b ? 1n : 0n;
    case 'ne': return a !== b ? 1n : 0n;
    case 'lt': return a < b ? 1n : 0n;
    case 'le': return a <= b ? 1n : 0n;
    case 'gt': return a > b ? 1n : 0n;
    case 'ge': return a >= b ? 1n : 0n;
  }
}

/** The byte size a pointer steps by; void and function pointers step by 1 as in GNU C. */
function elementSize(p: Parser, pointer: Expr, loc: SourceLocation): number {
  const base = (unqualified(pointer.type) as { base: CType }).base;
  if (isIncomplete(base) && base.kind !== 'void') p.fatal(loc, `invalid use of undefined type '${typeName(base)}'`);
  return sizeOf(base);
}

/** `i * size` as a 32-bit offset (pointers are 32 bits; a long long index is truncated as clang does). */
export function scaledIndex(index: Expr, size: number, loc: SourceLocation): Expr {
  const t = unqualified(integerPromote(index.type));
  const i = castTo(index, t.kind === 'longlong' ? INT : t);
  if (size === 1) return i;
  return arithmetic('mul', i, num(size, i.type, loc), i.type, loc);
}

function pointerOffset(p: Parser, op: 'add' | 'sub', pointer: Expr, index: Expr, loc: SourceLocation): Expr {
  const offset = scaledIndex(index, elementSize(p, pointer, loc), loc);
  const type = unqualified(pointer.type);
  if (pointer.kind === 'num' && offset.kind === 'num') return num(op === 'add' ? pointer.value + offset.value : pointer.value - offset.value, type, loc);
  return { kind: 'binary', op, lhs: pointer, rhs: offset, type, loc };
}

function pointerDifference(p: Parser, lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  const lb = unqualified((lhs.type as { base: CType }).base);
  const rb = unqualified((rhs.type as { base: CType }).base);
  if (!isCompatible(lb, rb)) p.error(loc, `invalid operands to binary - (have '${typeName(lhs.type)}' and '${typeName(rhs.type)}')`);
  const size = elementSize(p, lhs, loc);
  const bytes = arithmetic('sub', castTo(lhs, INT), castTo(rhs, INT), INT, loc);
  return size === 1 ? bytes : arithmetic('div', bytes, num(size, INT, loc), INT, loc);
}

function pointerComparison(p: Parser, op: BinaryOp, lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  let l = lhs;
  let r = rhs;
  if (l.type.kind !== 'pointer') l = pointerFromInteger(p, l, r.type, loc);
  else if (r.type.kind !== 'pointer') r = pointerFromInteger(p, r, l.type, loc);
  else {
    const lb = unqualified(l.type.base);
    const rb = unqualified((r.type as { base: CType }).base);
    if (lb.kind !== 'void' && rb.kind !== 'void' && !isCompatible(lb, rb)) {
      p.warning(loc, 'comparison of distinct pointer types lacks a cast');
    }
  }
  return arithmetic(op, l, castTo(r, unqualified(l.type)), INT, loc);
}

function pointerFromInteger(p: Parser, e: Expr, pointerType: CType, loc: SourceLocation): Expr {
  if (!isInteger(e.type)) p.fatal(loc, `invalid operands to comparison (have '${typeName(e.type)}' and '${typeName(pointerType)}')`);
  if (!isNullPointerConstant(e)) p.warning(loc, 'comparison between pointer and integer');
  return castTo(e, unqualified(pointerType));
}

/** Unary `-`, `~`, `+`. */
export function arithmeticUnary(p: Parser, op: 'neg' | 'not' | 'plus', operand: Expr, loc: SourceLocation): Expr {
  const v = rvalue(operand);
  if (!isInteger(v.type)) {
    const spelling = op === 'neg' ? '-' : op === 'not' ? '~' : '+';
    p.fatal(loc, `wrong type argument to ${op === 'not' ? 'bit-complement' : `unary ${spelling === '+' ? 'plus' : 'minus'}`}`);
  }
  const x = promote(v);
  if (op === 'plus') return x;
  if (x.kind === 'num') return num(op === 'neg' ? -x.value : ~x.value, x.type, loc);
  return { kind: 'unary', op, operand: x, type: x.type, loc };
}

export function logicalNot(p: Parser, operand: Expr, loc: SourceLocation): Expr {
  const v = condition(p, operand);
  const x = isInteger(v.type) ? promote(v) : v;
  if (x.kind === 'num') return num(x.value === 0n ? 1 : 0, INT, loc);
  return { kind: 'unary', op: 'lognot', operand: x, type: INT, loc };
}

export function logical(p: Parser, op: 'and' | 'or', left: Expr, right: Expr, loc: SourceLocation): Expr {
  const lhs = condition(p, left);
  const rhs = condition(p, right);
  if (lhs.kind === 'num' && rhs.kind === 'num') {
    const a = lhs.value !== 0n;
    const b = rhs.value !== 0n;
    return num(op === 'and' ? Number(a && b) : Number(a || b), INT, loc);
  }
  // `0 && f()` is 0 and `1 || f()` is 1 without calling f.
  if (lhs.kind === 'num' && (op === 'and' ? lhs.value === 0n : lhs.value !== 0n)) return num(op === 'and' ? 0 : 1, INT, loc);
  return { kind: 'logical', op, lhs, rhs, type: INT, loc };
}

/** `test ? a : b` (C11 6.5.15). */
export function conditional(p: Parser, testExpr: Expr, thenExpr: Expr, elseExpr: Expr, loc: SourceLocation): Expr {
  const test = condition(p, testExpr);
  const a = rvalue(thenExpr);
  const b = rvalue(elseExpr);
  const type = conditionalType(p, a, b, loc);
  const then = castTo(a, type);
  const otherwise = castTo(b, type);
  if (test.kind === 'num' && then.kind === 'num' && otherwise.kind === 'num') return test.value !== 0n ? then : otherwise;
  return { kind: 'cond', test, then, otherwise, type, loc };
}

function conditionalType(p: Parser, a: Expr, b: Expr, loc: SourceLocation): CType {
  const x = unqualified(a.type);
  const y = unqualified(b.type);
  if (isInteger(x) && isInteger(y)) return commonIntegerType(x, y);
  if (x.kind === 'void' && y.kind === 'void') return VOID;
  if (isRecord(x) && isRecord(y) && x.decl === y.decl) return x;
  if (x.kind === 'pointer' && isNullPointerConstant(b)) return x;
  if (y.kind === 'pointer' && isNullPointerConstant(a)) return y;
  if (x.kind === 'pointer' && y.kind === 'pointer') {
    const qualifiers = { ...x.base.qualifiers, ...y.base.qualifiers };
    if (unqualified(x.base).kind === 'void') return pointerTo(withQualifiers(x.base, qualifiers));
    if (unqualified(y.base).kind === 'void') return pointerTo(withQualifiers(y.base, qualifiers));
    if (!isCompatible(x.base, y.base)) p.warning(loc, 'pointer type mismatch in conditional expression');
    return pointerTo(withQualifiers(x.base, qualifiers));
  }
  if ((x.kind === 'pointer' && isInteger(y)) || (isInteger(x) && y.kind === 'pointer')) {
    p.warning(loc, 'pointer/integer type mismatch in conditional expression');
    return x.kind === 'pointer' ? x : y;
  }
  return p.fatal(loc, 'type mismatch in conditional expression');
}

/** `lhs, rhs`: the left operand only for its effects. */
export function comma(lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  const r = rvalue(rhs);
  return { kind: 'comma', lhs: rvalue(lhs), rhs: r, type: r.type, loc };
}
