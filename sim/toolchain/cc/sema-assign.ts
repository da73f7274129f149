// Operators that store (C11 6.5.16, 6.5.2.4, 6.5.3.1): `=`, the compound assignments and ++/--.
// They share the modifiable-lvalue check (gcc's "lvalue required" and "read-only" errors) and,
// for `_Atomic` objects, become atomic operations so `counter++` on an atomic is one AMO.

import type { AtomicOp, BinaryOp, Expr } from './ast';
import { addressOf, assignConvert, castTo, isLvalue, num, rvalue } from './convert';
import type { Parser } from './parse-state';
import { scaledIndex, shiftCount } from './sema';
import { assignBitField, compoundAssignBitField, incDecBitField, isBitFieldAccess } from './sema-bitfield';
import type { SourceLocation } from './token';
import {
  INT, commonIntegerType, integerPromote, isConst, isIncomplete, isInteger, isRecord, sizeOf, typeName, unqualified,
  type CType,
} from './types';

type StoreKind = 'assignment' | 'increment' | 'decrement';

/** Reports assignments to non-lvalues and read-only objects (gcc's wording). */
function checkModifiable(p: Parser, target: Expr, kind: StoreKind, loc: SourceLocation): void {
  if (!isLvalue(target) || target.type.kind === 'array' || target.type.kind === 'function') {
    const operand = kind === 'assignment' ? 'left operand of assignment' : `${kind} operand`;
    if (target.type.kind === 'array' && isLvalue(target) && kind === 'assignment') {
      p.fatal(loc, `assignment to expression with array type`);
    }
    p.fatal(loc, `lvalue required as ${operand}`);
  }
  if (isReadOnly(target)) {
    const what = target.kind === 'var' ? `read-only variable '${target.variable.name}'` : target.kind === 'member' ? `read-only member '${target.member.name}'` : 'read-only location';
    p.error(loc, `${kind} of ${what}`);
  }
}

function isReadOnly(e: Expr): boolean {
  if (isConst(e.type)) return true;
  if (e.kind === 'member') return isReadOnly(e.object) || hasConstMember(e.type);
  return isRecord(e.type) && hasConstMember(e.type);
}

function hasConstMember(t: CType): boolean {
  return isRecord(t) && t.decl.members.some((m) => isConst(m.type) || hasConstMember(m.type));
}

export function assign(p: Parser, target: Expr, value: Expr, loc: SourceLocation): Expr {
  checkModifiable(p, target, 'assignment', loc);
  if (isBitFieldAccess(target)) return assignBitField(p, target, value, false, loc);
  const converted = assignConvert(p, value, target.type, { kind: 'assignment' }, loc);
  const type = unqualified(target.type);
  if (target.type.qualifiers?.atomic) return { kind: 'atomicStore', pointer: addressOf(target), value: converted, type, loc };
  return { kind: 'assign', target, value: converted, type, loc };
}

const ATOMIC_OPS: Partial<Record<BinaryOp, AtomicOp>> = { add: 'add', sub: 'sub', and: 'and', or: 'or', xor: 'xor' };

/** `target op= value`. */
export function compoundAssign(p: Parser, op: BinaryOp, target: Expr, value: Expr, loc: SourceLocation): Expr {
  checkModifiable(p, target, 'assignment', loc);
  if (isBitFieldAccess(target)) return compoundAssignBitField(p, op, target, value, loc);
  const t = unqualified(target.type);
  const v = rvalue(value);
  const vt = unqualified(v.type);
  let operationType: CType;
  let operand: Expr;
  if (t.kind === 'pointer' && (op === 'add' || op === 'sub') && isInteger(vt)) {
    if (isIncomplete(t.base) && unqualified(t.base).kind !== 'void') p.fatal(loc, `invalid use of undefined type '${typeName(t.base)}'`);
    operationType = t;
    operand = scaledIndex(v, sizeOf(t.base), loc);
  } else if (isInteger(t) && isInteger(vt)) {
    if (op === 'shl' || op === 'shr') {
      operationType = integerPromote(t);
      operand = shiftCount(v);
    } else {
      operationType = commonIntegerType(t, vt);
      operand = castTo(v, operationType);
    }
  } else {
    return p.fatal(loc, `invalid operands to binary ${opSpelling(op)} (have '${typeName(target.type)}' and '${typeName(v.type)}')`);
  }
  if (target.type.qualifiers?.atomic) {
    const atomicOp = ATOMIC_OPS[op];
    if (!atomicOp) p.fatal(loc, `compound assignment '${opSpelling(op)}=' to an _Atomic object is not supported by oslab's C compiler yet`);
    return { kind: 'atomicRmw', op: atomicOp, pointer: addressOf(target), value: castTo(operand, t.kind === 'pointer' ? INT : t), fetchOld: false, type: t, loc };
  }
  return { kind: 'compoundAssign', op, target, value: operand, operationType, type: t, loc };
}

/** Prefix or postfix ++/--. */
export function incDec(p: Parser, target: Expr, increment: boolean, prefix: boolean, loc: SourceLocation): Expr {
  checkModifiable(p, target, increment ? 'increment' : 'decrement', loc);
  if (isBitFieldAccess(target)) return incDecBitField(p, target, increment, prefix, loc);
  const t = unqualified(target.type);
  let step = 1;
  if (t.kind === 'pointer') {
    if (isIncomplete(t.base) && unqualified(t.base).kind !== 'void') p.fatal(loc, `invalid use of undefined type '${typeName(t.base)}'`);
    step = sizeOf(t.base);
  } else if (!isInteger(t)) {
    p.fatal(loc, `wrong type argument to ${increment ? 'increment' : 'decrement'}`);
  }
  const delta = BigInt(increment ? step : -step);
  if (target.type.qualifiers?.atomic) {
    const value = num(delta < 0n ? -delta : delta, t.kind === 'pointer' ? INT : t, loc);
    return { kind: 'atomicRmw', op: increment ? 'add' : 'sub', pointer: addressOf(target), value, fetchOld: !prefix, type: t, loc };
  }
  return { kind: 'incDec', prefix, delta, target, type: t, loc };
}

function opSpelling(op: BinaryOp): string {
  const spellings: Record<string, string> = { add: '+', sub: '-', mul: '*', div: '/', mod: '%', and: '&', or: '|', xor: '^', shl: '<<', shr: '>>' };
  return spellings[op] ?? op;
}
