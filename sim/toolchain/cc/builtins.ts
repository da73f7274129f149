// GCC's builtins that oslab's headers and OS-course code use: varargs (`stdarg.h` maps va_* to
// them), offsetof, expect/unreachable/trap/constant_p, and the `__atomic_*` / `__sync_*`
// families that `stdatomic.h` and spinlocks are written with. Every memory order is treated as
// seq_cst (the order arguments are still evaluated), which is what RV32A's AMOs with .aqrl give.

import type { AtomicOp, Expr } from './ast';
import { assignConvert, castTo, num, rvalue } from './convert';
import { constantInt, isTypeName, typeName } from './parse-declspec';
import { assignExpr, conditionalExpr, expression } from './parse-expr';
import type { Parser } from './parse-state';
import { findMember } from './parse-record';
import { assign } from './sema-assign';
import type { Token } from './token';
import {
  BOOL, INT, LONG, UINT, VOID, isBitField, isInteger, isRecord, isUnsigned, sizeOf, typeName as spell, unqualified, type CType,
} from './types';

type Builtin = (p: Parser, t: Token) => Expr;

const RMW_OPS: Record<string, AtomicOp> = { add: 'add', sub: 'sub', and: 'and', or: 'or', xor: 'xor', nand: 'nand' };

const BUILTINS = new Map<string, Builtin>([
  ['__builtin_va_start', vaStart],
  ['__builtin_va_arg', vaArg],
  ['__builtin_va_end', (p) => castTo(rvalue(singleArgument(p)), VOID)],
  ['__builtin_va_copy', vaCopy],
  ['__builtin_offsetof', offsetof],
  ['__builtin_expect', expect],
  ['__builtin_unreachable', (p, t) => noArguments(p, { kind: 'cast', operand: num(0, INT, t.loc), type: VOID, loc: t.loc })],
  ['__builtin_trap', (p, t) => noArguments(p, { kind: 'trap', type: VOID, loc: t.loc })],
  ['__builtin_constant_p', (p, t) => num(singleArgument(p).kind === 'num' ? 1 : 0, INT, t.loc)],
  ['__atomic_load_n', (p, t) => atomicCall(p, t, 2, ([ptr]) => ({ kind: 'atomicLoad', pointer: ptr, type: pointee(p, ptr, t), loc: t.loc }))],
  ['__atomic_store_n', (p, t) => atomicCall(p, t, 3, ([ptr, v]) => castTo({ kind: 'atomicStore', pointer: ptr, value: operand(p, ptr, v, t), type: pointee(p, ptr, t), loc: t.loc }, VOID))],
  ['__atomic_exchange_n', (p, t) => atomicCall(p, t, 3, ([ptr, v]) => rmw(p, t, 'xchg', ptr, v, true))],
  ['__atomic_compare_exchange_n', (p, t) => atomicCall(p, t, 6, ([ptr, expected, desired]) => cas(p, t, ptr, expected, desired))],
  ['__atomic_thread_fence', (p, t) => atomicCall(p, t, 1, () => ({ kind: 'fence', type: VOID, loc: t.loc }))],
  ['__atomic_signal_fence', (p, t) => atomicCall(p, t, 1, () => ({ kind: 'fence', type: VOID, loc: t.loc }))],
  ['__atomic_test_and_set', (p, t) => atomicCall(p, t, 2, ([ptr]) => castTo(rmw(p, t, 'xchg', ptr, num(1, INT, t.loc), true), BOOL))],
  ['__atomic_clear', (p, t) => atomicCall(p, t, 2, ([ptr]) => castTo({ kind: 'atomicStore', pointer: ptr, value: num(0, pointee(p, ptr, t), t.loc), type: pointee(p, ptr, t), loc: t.loc }, VOID))],
  ['__sync_synchronize', (p, t) => noArguments(p, { kind: 'fence', type: VOID, loc: t.loc })],
  ['__sync_val_compare_and_swap', (p, t) => atomicCall(p, t, 3, ([ptr, old, desired]) => syncCompareAndSwap(p, t, ptr, old, desired, false))],
  ['__sync_bool_compare_and_swap', (p, t) => atomicCall(p, t, 3, ([ptr, old, desired]) => syncCompareAndSwap(p, t, ptr, old, desired, true))],
  ['__sync_lock_test_and_set', (p, t) => atomicCall(p, t, 2, ([ptr, v]) => rmw(p, t, 'xchg', ptr, v, true))],
  ['__sync_lock_release', (p, t) => atomicCall(p, t, 1, ([ptr]) => castTo({ kind: 'atomicStore', pointer: ptr, value: num(0, pointee(p, ptr, t), t.loc), type: pointee(p, ptr, t), loc: t.loc }, VOID))],
  ...(['min', 'max'] as const).flatMap((op): [string, Builtin][] => [
    [`__atomic_fetch_${op}`, (p, t) => atomicCall(p, t, 3, ([ptr, v]) => rmw(p, t, minMaxOp(p, t, op, ptr), ptr, v, true))],
    [`__atomic_${op}_fetch`, (p, t) => atomicCall(p, t, 3, ([ptr, v]) => rmw(p, t, minMaxOp(p, t, op, ptr), ptr, v, false))],
  ]),
  ...Object.keys(RMW_OPS).flatMap((op): [string, Builtin][] => [
    [`__atomic_fetch_${op}`, (p, t) => atomicCall(p, t, 3, ([ptr, v]) => rmw(p, t, RMW_OPS[op], ptr, v, true))],
    [`__atomic_${op}_fetch`, (p, t) => atomicCall(p, t, 3, ([ptr, v]) => rmw(p, t, RMW_OPS[op], ptr, v, false))],
    [`__sync_fetch_and_${op}`, (p, t) => atomicCall(p, t, 2, ([ptr, v]) => rmw(p, t, RMW_OPS[op], ptr, v, true))],
    [`__sync_${op}_and_fetch`, (p, t) => atomicCall(p, t, 2, ([ptr, v]) => rmw(p, t, RMW_OPS[op], ptr, v, false))],
  ]),
]);

export function isBuiltinName(name: string): boolean {
  return BUILTINS.has(name);
}

/** Parses a builtin's argument list (the name is consumed, `(` is next). */
export function builtinCall(p: Parser, t: Token): Expr {
  p.expect('(');
  const parse = BUILTINS.get(t.text) as Builtin;
  return parse(p, t);
}

function singleArgument(p: Parser): Expr {
  const e = assignExpr(p);
  p.expect(')');
  return e;
}

function noArguments(p: Parser, e: Expr): Expr {
  p.expect(')');
  return e;
}

function argumentList(p: Parser): Expr[] {
  const args: Expr[] = [];
  while (!p.consume(')')) {
    if (args.length > 0) p.expect(',');
    args.push(assignExpr(p));
  }
  return args;
}

// `__builtin_va_start(ap, last)`: only meaningful in a variadic function.
function vaStart(p: Parser, t: Token): Expr {
  const ap = assignExpr(p);
  if (p.consume(',')) assignExpr(p);
  p.expect(')');
  if (!p.fn?.type.variadic) p.error(t, "'va_start' used in function with fixed arguments");
  return { kind: 'vaStart', ap, type: VOID, loc: t.loc };
}

// `__builtin_va_arg(ap, type)`
function vaArg(p: Parser, t: Token): Expr {
  const ap = assignExpr(p);
  p.expect(',');
  const type = typeName(p);
  p.expect(')');
  const u = unqualified(type);
  if (isInteger(u) && sizeOf(u) < 4) p.warning(t, `'${spell(type)}' is promoted to 'int' when passed through '...'`);
  return { kind: 'vaArg', ap, type: u, loc: t.loc };
}

function vaCopy(p: Parser, t: Token): Expr {
  const [dst, src] = argumentList(p);
  if (!dst || !src) p.fatal(t, "too few arguments to function '__builtin_va_copy'");
  return castTo(assign(p, dst, src, t.loc), VOID);
}

// `__builtin_offsetof(type, member-designator)`, member-designator = ident ("." ident | "[" const "]")*
function offsetof(p: Parser, t: Token): Expr {
  if (!isTypeName(p)) p.fatal(p.tok, `expected type name ${p.before()}`);
  let type: CType = typeName(p);
  p.expect(',');
  let offset = 0n;
  let first = true;
  while (!p.consume(')')) {
    if (!first && p.consume('[')) {
      const u = unqualified(type);
      if (u.kind !== 'array') p.fatal(p.tok, 'subscripted value is neither array nor pointer nor vector');
      offset += constantInt(p, conditionalExpr(p), 'array index is not an integer constant') * BigInt(sizeOf(u.element));
      p.expect(']');
      type = u.element;
      continue;
    }
    if (!first) p.expect('.');
    first = false;
    const name = p.expectIdent();
    const u = unqualified(type);
    if (!isRecord(u)) p.fatal(name, `request for member '${name.text}' in something not a structure or union`);
    const path = findMember(u, name.text);
    if (!path) p.fatal(name, `'${spell(u)}' has no member named '${name.text}'`);
    if (isBitField(path[path.length - 1])) p.error(name, `attempt to take address of bit-field structure member '${name.text}'`);
    for (const m of path) offset += BigInt(m.offset);
    type = path[path.length - 1].type;
  }
  return num(offset, UINT, t.loc);
}

// `__builtin_expect(value, expected)` is `value` as a long; the hint is evaluated and dropped.
function expect(p: Parser, t: Token): Expr {
  const value = rvalue(assignExpr(p));
  p.expect(',');
  expression(p);
  p.expect(')');
  if (!isInteger(value.type) && value.type.kind !== 'pointer') p.fatal(t, "incompatible type for argument 1 of '__builtin_expect'");
  return castTo(value, LONG);
}

// Atomic builtins: `count` arguments, the first a pointer; trailing memory orders kept only for effects.
function atomicCall(p: Parser, t: Token, count: number, build: (args: Expr[]) => Expr): Expr {
  const args = argumentList(p).map(rvalue);
  if (args.length !== count) p.fatal(t, `${args.length < count ? 'too few' : 'too many'} arguments to function '${t.text}'`);
  const orderCount = t.text === '__atomic_compare_exchange_n' ? 3 : t.text.startsWith('__atomic_') ? 1 : 0;
  const orders = args.slice(args.length - orderCount).filter((o) => o.kind !== 'num');
  let result = build(args);
  for (const order of orders.reverse()) result = { kind: 'comma', lhs: castTo(order, VOID), rhs: result, type: result.type, loc: t.loc };
  return result;
}

function pointee(p: Parser, pointer: Expr, t: Token): CType {
  const u = unqualified(pointer.type);
  if (u.kind !== 'pointer' || !(isInteger(u.base) || unqualified(u.base).kind === 'pointer')) {
    return p.fatal(pointer.loc, `argument 1 of '${t.text}' must be a pointer to an integer or pointer type`);
  }
  return unqualified(u.base);
}

function operand(p: Parser, pointer: Expr, value: Expr, t: Token): Expr {
  return assignConvert(p, value, pointee(p, pointer, t), { kind: 'argument', index: 2, callee: t.text }, value.loc);
}

function rmw(p: Parser, t: Token, op: AtomicOp, pointer: Expr, value: Expr, fetchOld: boolean): Expr {
  return { kind: 'atomicRmw', op, pointer, value: operand(p, pointer, value, t), fetchOld, type: pointee(p, pointer, t), loc: t.loc };
}

// clang's __atomic_fetch_min/max compare as the object's type does: amomin or amominu.
function minMaxOp(p: Parser, t: Token, op: 'min' | 'max', pointer: Expr): AtomicOp {
  const unsigned = isUnsigned(pointee(p, pointer, t));
  return op === 'min' ? (unsigned ? 'minu' : 'min') : unsigned ? 'maxu' : 'max';
}

function cas(p: Parser, t: Token, pointer: Expr, expected: Expr, desired: Expr): Expr {
  if (unqualified(expected.type).kind !== 'pointer') p.fatal(expected.loc, `argument 2 of '${t.text}' must be a pointer type`);
  return { kind: 'atomicCas', pointer, expected, desired: operand(p, pointer, desired, t), type: BOOL, loc: t.loc };
}

// `__sync_*_compare_and_swap(p, old, new)` through the C11 form with a temporary holding `old`:
// on success it still holds old (= the previous value), on failure CAS wrote the previous value there.
function syncCompareAndSwap(p: Parser, t: Token, pointer: Expr, old: Expr, desired: Expr, yieldsBool: boolean): Expr {
  const type = pointee(p, pointer, t);
  const tmp = p.temporary(type, t.loc, 'cas');
  const tmpVar: Expr = { kind: 'var', variable: tmp, type, loc: t.loc };
  const init: Expr = { kind: 'assign', target: tmpVar, value: operand(p, pointer, old, t), type, loc: t.loc };
  const address: Expr = { kind: 'addr', operand: tmpVar, type: { kind: 'pointer', base: type }, loc: t.loc };
  const swap: Expr = { kind: 'atomicCas', pointer, expected: address, desired: operand(p, pointer, desired, t), type: BOOL, loc: t.loc };
  const result: Expr = yieldsBool ? swap : { kind: 'comma', lhs: castTo(swap, VOID), rhs: tmpVar, type, loc: t.loc };
  return { kind: 'comma', lhs: init, rhs: result, type: result.type, loc: t.loc };
}
