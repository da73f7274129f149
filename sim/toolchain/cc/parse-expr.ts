// Expressions (C11 6.5), one function per grammar rule from `expression` down to `unary`; the
// postfix and primary rules live in parse-postfix.ts. Each rule builds a typed node through the
// operator rules in sema.ts / sema-assign.ts, so the tree comes out converted and folded.

import type { BinaryOp, Expr } from './ast';
import { addressOf, castTo, isLvalue, num, rvalue } from './convert';
import { initializeCompoundLiteral } from './initializer-lower';
import { isTypeName, typeName } from './parse-declspec';
import { postfix } from './parse-postfix';
import type { Parser } from './parse-state';
import { arithmeticUnary, binary, comma, conditional, logical, logicalNot } from './sema';
import { assign, compoundAssign, incDec } from './sema-assign';
import { isBitFieldAccess } from './sema-bitfield';
import type { SourceLocation } from './token';
import {
  UINT, alignOf, isIncomplete, isInteger, isRecord, isScalar, sizeOf, typeName as spell, unqualified, type CType,
} from './types';

// expression = assign ("," assign)*
export function expression(p: Parser): Expr {
  let e = assignExpr(p);
  while (p.is(',')) {
    const loc = p.next().loc;
    e = comma(e, assignExpr(p), loc);
  }
  return e;
}

const COMPOUND: Record<string, BinaryOp> = {
  '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', '%=': 'mod', '&=': 'and', '|=': 'or', '^=': 'xor', '<<=': 'shl', '>>=': 'shr',
};

// assign = conditional (("=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>=") assign)?
export function assignExpr(p: Parser): Expr {
  return p.nested(() => assignExprLevel(p));
}

function assignExprLevel(p: Parser): Expr {
  const target = conditionalExpr(p);
  if (p.is('=')) {
    const loc = p.next().loc;
    return assign(p, target, assignExpr(p), loc);
  }
  const op = p.tok.kind === 'punct' ? COMPOUND[p.tok.text] : undefined;
  if (op) {
    const loc = p.next().loc;
    return compoundAssign(p, op, target, assignExpr(p), loc);
  }
  return target;
}

// conditional = logor ("?" expression? ":" conditional)?
export function conditionalExpr(p: Parser): Expr {
  return p.nested(() => conditionalExprLevel(p));
}

function conditionalExprLevel(p: Parser): Expr {
  const test = logor(p);
  if (!p.is('?')) return test;
  const loc = p.next().loc;
  if (p.consume(':')) return elvis(p, test, conditionalExpr(p), loc);
  const then = expression(p);
  p.expect(':');
  return conditional(p, test, then, conditionalExpr(p), loc);
}

// GNU `a ?: b` is `a ? a : b` with a evaluated once: a temporary holds it unless it is a plain value.
function elvis(p: Parser, test: Expr, otherwise: Expr, loc: SourceLocation): Expr {
  const value = rvalue(test);
  if (value.kind === 'num' || value.kind === 'var' || !p.fn || !isScalar(value.type)) return conditional(p, value, value, otherwise, loc);
  const type = unqualified(value.type);
  const tmp: Expr = { kind: 'var', variable: p.temporary(type, loc, 'elvis'), type, loc };
  const save: Expr = { kind: 'assign', target: tmp, value, type, loc };
  const choice = conditional(p, tmp, tmp, otherwise, loc);
  return { kind: 'comma', lhs: save, rhs: choice, type: choice.type, loc };
}

// logor = logand ("||" logand)*
function logor(p: Parser): Expr {
  return logicalLevel(p, '||', 'or', logand);
}

// logand = bitor ("&&" bitor)*
function logand(p: Parser): Expr {
  return logicalLevel(p, '&&', 'and', bitor);
}

// One left-associative level of a short-circuit operator: operand (op operand)*.
function logicalLevel(p: Parser, text: string, op: 'and' | 'or', operand: (p: Parser) => Expr): Expr {
  let e = operand(p);
  while (p.is(text)) {
    const loc = p.next().loc;
    e = logical(p, op, e, operand(p), loc);
  }
  return e;
}

// One left-associative level of binary operators: operand (op operand)*.
function binaryLevel(p: Parser, ops: Record<string, BinaryOp>, operand: (p: Parser) => Expr): Expr {
  let e = operand(p);
  for (;;) {
    const op = p.tok.kind === 'punct' ? ops[p.tok.text] : undefined;
    if (!op) return e;
    const loc = p.next().loc;
    e = binary(p, op, e, operand(p), loc);
  }
}

// bitor = bitxor ("|" bitxor)*
function bitor(p: Parser): Expr {
  return binaryLevel(p, { '|': 'or' }, bitxor);
}

// bitxor = bitand ("^" bitand)*
function bitxor(p: Parser): Expr {
  return binaryLevel(p, { '^': 'xor' }, bitand);
}

// bitand = equality ("&" equality)*
function bitand(p: Parser): Expr {
  return binaryLevel(p, { '&': 'and' }, equality);
}

// equality = relational ("==" relational | "!=" relational)*
function equality(p: Parser): Expr {
  return binaryLevel(p, { '==': 'eq', '!=': 'ne' }, relational);
}

// relational = shift ("<" shift | "<=" shift | ">" shift | ">=" shift)*
function relational(p: Parser): Expr {
  return binaryLevel(p, { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }, shift);
}

// shift = add ("<<" add | ">>" add)*
function shift(p: Parser): Expr {
  return binaryLevel(p, { '<<': 'shl', '>>': 'shr' }, add);
}

// add = mul ("+" mul | "-" mul)*
function add(p: Parser): Expr {
  return binaryLevel(p, { '+': 'add', '-': 'sub' }, mul);
}

// mul = cast ("*" cast | "/" cast | "%" cast)*
function mul(p: Parser): Expr {
  return binaryLevel(p, { '*': 'mul', '/': 'div', '%': 'mod' }, castExpr);
}

// cast = "(" type-name ")" cast | "(" type-name ")" "{" initializer-list "}" postfix-tail | unary
function castExpr(p: Parser): Expr {
  return p.nested(() => castExprLevel(p));
}

function castExprLevel(p: Parser): Expr {
  if (p.is('(') && isTypeName(p, p.peek())) {
    const loc = p.next().loc;
    const type = typeName(p);
    p.expect(')');
    if (p.is('{')) return postfix(p, initializeCompoundLiteral(p, type, loc));
    return explicitCast(p, castExpr(p), type, loc);
  }
  return unary(p);
}

/** `(type) value` (C11 6.5.4): scalar to scalar or anything to void; never an lvalue. */
function explicitCast(p: Parser, operand: Expr, to: CType, loc: SourceLocation): Expr {
  const target = unqualified(to);
  const v = rvalue(operand);
  if (target.kind === 'void') return castTo(v, target);
  if (!isScalar(target)) return p.fatal(loc, 'conversion to non-scalar type requested');
  if (!isScalar(v.type)) return p.fatal(loc, `used ${isRecord(v.type) ? v.type.kind : spell(v.type)} type value where scalar is required`);
  if (isInteger(target) && v.type.kind === 'pointer' && sizeOf(target) !== 4 && target.kind !== 'bool') {
    p.warning(loc, 'cast from pointer to integer of different size [-Wpointer-to-int-cast]');
  }
  if (target.kind === 'pointer' && isInteger(v.type) && sizeOf(v.type) > 4 && v.kind !== 'num') {
    p.warning(loc, 'cast to pointer from integer of different size [-Wint-to-pointer-cast]');
  }
  const result = castTo(v, target);
  return isLvalue(result) ? { kind: 'cast', operand: result, type: target, loc } : { ...result, loc };
}

// unary = ("+" | "-" | "~" | "!" | "&" | "*") cast
//       | ("++" | "--") unary
//       | "sizeof" unary | "sizeof" "(" type-name ")"
//       | ("_Alignof" | "__alignof__") "(" type-name ")"
//       | postfix
export function unary(p: Parser): Expr {
  return p.nested(() => unaryLevel(p));
}

function unaryLevel(p: Parser): Expr {
  const t = p.tok;
  if (t.kind === 'punct') {
    switch (t.text) {
      case '+':
        p.next();
        return arithmeticUnary(p, 'plus', castExpr(p), t.loc);
      case '-':
        p.next();
        return arithmeticUnary(p, 'neg', castExpr(p), t.loc);
      case '~':
        p.next();
        return arithmeticUnary(p, 'not', castExpr(p), t.loc);
      case '!':
        p.next();
        return logicalNot(p, castExpr(p), t.loc);
      case '&':
        p.next();
        return addressOfOperand(p, castExpr(p), t.loc);
      case '*':
        p.next();
        return dereference(p, castExpr(p), t.loc);
      case '++':
      case '--':
        p.next();
        return incDec(p, unary(p), t.text === '++', true, t.loc);
      case '&&':
        return p.fatal(t, "taking the address of a label is not supported by oslab's C compiler yet");
    }
  }
  if (p.is('sizeof')) return sizeofExpr(p);
  if (p.is('_Alignof') || p.is('__alignof__') || p.is('__alignof')) return alignofExpr(p);
  return postfix(p, null);
}

function addressOfOperand(p: Parser, operand: Expr, loc: SourceLocation): Expr {
  if (isBitFieldAccess(operand)) return p.fatal(loc, `cannot take address of bit-field '${operand.member.name}'`);
  if (operand.type.kind === 'function' || isLvalue(operand)) return { ...addressOf(operand), loc };
  return p.fatal(loc, "lvalue required as unary '&' operand");
}

/** `*pointer` as an lvalue of the pointee type. */
export function dereference(p: Parser, operand: Expr, loc: SourceLocation): Expr {
  const v = rvalue(operand);
  const t = unqualified(v.type);
  if (t.kind !== 'pointer') return p.fatal(loc, `invalid type argument of unary '*' (have '${spell(v.type)}')`);
  if (t.base.kind === 'function') return { kind: 'deref', operand: v, type: t.base, loc };
  if (unqualified(t.base).kind === 'void') p.warning(loc, "dereferencing 'void *' pointer");
  return { kind: 'deref', operand: v, type: t.base, loc };
}

// sizeof = "sizeof" unary | "sizeof" "(" type-name ")"
function sizeofExpr(p: Parser): Expr {
  const loc = p.next().loc;
  let type: CType;
  if (p.is('(') && isTypeName(p, p.peek())) {
    p.next();
    type = typeName(p);
    p.expect(')');
    if (p.is('{')) type = postfix(p, initializeCompoundLiteral(p, type, loc)).type;
  } else {
    const operand = unary(p);
    if (isBitFieldAccess(operand)) p.error(loc, "'sizeof' applied to a bit-field");
    type = operand.type;
  }
  if (type.kind === 'function') p.warning(loc, "invalid application of 'sizeof' to a function type [-Wpointer-arith]");
  else if (isIncomplete(type) && unqualified(type).kind !== 'void') p.fatal(loc, `invalid application of 'sizeof' to incomplete type '${spell(type)}'`);
  return num(sizeOf(type), UINT, loc);
}

// alignof = ("_Alignof" | "__alignof__") ("(" type-name ")" | unary)
function alignofExpr(p: Parser): Expr {
  const loc = p.next().loc;
  let type: CType;
  if (p.is('(') && isTypeName(p, p.peek())) {
    p.next();
    type = typeName(p);
    p.expect(')');
  } else {
    const operand = unary(p);
    if (isBitFieldAccess(operand)) p.error(loc, "'_Alignof' applied to a bit-field");
    type = operand.type;
  }
  return num(alignOf(type), UINT, loc);
}
