// C's implicit conversions made explicit (C11 6.3): lvalue-to-value (array and function decay,
// `_Atomic` loads), casts with constant folding, and the assignment conversions with gcc's
// warnings for pointer/integer mix-ups. Codegen never sees an operand of the wrong type because
// every rule that changes a type is applied here and leaves a `cast` node behind.

import type { Expr } from './ast';
import type { Parser } from './parse-state';
import { isBitFieldAccess, readBitField } from './sema-bitfield';
import type { SourceLocation } from './token';
import {
  VOID, integerPromote, isCompatible, isInteger, isRecord, isScalar, pointerTo, typeName, unqualified, wrapToType,
  type CType,
} from './types';

/** Where a value is converted "as if by assignment", for the wording of gcc's diagnostics. */
export type ConversionSite =
  | { readonly kind: 'assignment' }
  | { readonly kind: 'initialization' }
  | { readonly kind: 'return' }
  | { readonly kind: 'argument'; readonly index: number; readonly callee: string };

/** True for expressions that designate an object (C11 6.3.2.1). */
export function isLvalue(e: Expr): boolean {
  return e.kind === 'var' || e.kind === 'deref' || (e.kind === 'member' && isLvalue(e.object));
}

/** An expression used for its value: arrays and functions decay to pointers, `_Atomic` objects are loaded atomically, bit-fields are extracted. */
export function rvalue(e: Expr): Expr {
  if (isBitFieldAccess(e)) return readBitField(e);
  const t = e.type;
  if (t.kind === 'array') {
    return { kind: 'addr', operand: e, type: pointerTo(t.element), loc: e.loc };
  }
  if (t.kind === 'function') return { kind: 'addr', operand: e, type: pointerTo(t), loc: e.loc };
  if (t.qualifiers?.atomic && isLvalue(e) && isScalar(t)) {
    return { kind: 'atomicLoad', pointer: addressOf(e), type: unqualified(t), loc: e.loc };
  }
  return e;
}

export function addressOf(e: Expr): Expr {
  if (e.kind === 'deref') return e.operand.type.kind === 'pointer' ? e.operand : { ...e.operand, type: pointerTo(e.type) };
  return { kind: 'addr', operand: e, type: pointerTo(e.type), loc: e.loc };
}

export function num(value: bigint | number, type: CType, loc: SourceLocation): Expr {
  return { kind: 'num', value: wrapToType(BigInt(value), type), type, loc };
}

/** Converts a value to `to`, folding constants; identical types need no node. */
export function castTo(e: Expr, to: CType): Expr {
  const target = unqualified(to);
  if (target.kind === 'void') return { kind: 'cast', operand: e, type: VOID, loc: e.loc };
  if (sameRepresentation(e.type, target)) return isCompatible(e.type, target) ? e : retype(e, target);
  if (e.kind === 'num' && isScalar(target)) return num(e.value, target, e.loc);
  return { kind: 'cast', operand: e, type: target, loc: e.loc };
}

// Keeps a node but gives it the target's spelling (a typedef'd or qualified copy of the same type).
function retype(e: Expr, to: CType): Expr {
  if (e.kind === 'num' || e.kind === 'cast' || e.kind === 'binary' || e.kind === 'unary') return { ...e, type: to };
  return { kind: 'cast', operand: e, type: to, loc: e.loc };
}

function sameRepresentation(a: CType, b: CType): boolean {
  const x = unqualified(a);
  const y = unqualified(b);
  if (x.kind === 'pointer' || y.kind === 'pointer') return x.kind === y.kind && isCompatible(x, y);
  if (isInteger(x) && isInteger(y)) return x.kind === y.kind && (x.kind === 'enum' ? isCompatible(x, y) : (x as { unsigned: boolean }).unsigned === (y as { unsigned: boolean }).unsigned);
  return false;
}

/** C11 6.3.2.3p3: an integer constant expression with value 0, possibly cast to `void *`. */
export function isNullPointerConstant(e: Expr): boolean {
  if (e.kind !== 'num' || e.value !== 0n) return false;
  const t = unqualified(e.type);
  return isInteger(t) || (t.kind === 'pointer' && unqualified(t.base).kind === 'void');
}

export function promote(e: Expr): Expr {
  return castTo(e, integerPromote(e.type));
}

/** C11 6.5.16.1's simple assignment rules, also used for initialization, arguments and return. */
export function assignConvert(p: Parser, value: Expr, to: CType, site: ConversionSite, loc: SourceLocation): Expr {
  const target = unqualified(to);
  const v = rvalue(value);
  const from = unqualified(v.type);
  if (isRecord(target)) {
    if (isRecord(from) && from.decl === target.decl) return v;
    p.error(loc, incompatibleTypes(site, to, v.type));
    return v;
  }
  if (from.kind === 'void') {
    p.fatal(loc, 'void value not ignored as it ought to be');
  }
  if (target.kind === 'bool' && isScalar(from)) return castTo(v, target);
  if (isInteger(target) && isInteger(from)) return castTo(v, target);
  if (target.kind === 'pointer') {
    if (from.kind === 'pointer') {
      checkPointerAssignment(p, target.base, from.base, site, to, v.type, loc);
      return castTo(v, target);
    }
    if (isNullPointerConstant(v)) return castTo(v, target);
    if (isInteger(from)) {
      p.warning(loc, `${siteText(site, to, v.type)} makes pointer from integer without a cast [-Wint-conversion]`);
      return castTo(v, target);
    }
  }
  if (isInteger(target) && from.kind === 'pointer') {
    p.warning(loc, `${siteText(site, to, v.type)} makes integer from pointer without a cast [-Wint-conversion]`);
    return castTo(v, target);
  }
  p.error(loc, incompatibleTypes(site, to, v.type));
  return castTo(v, isScalar(target) ? target : VOID);
}

function checkPointerAssignment(p: Parser, toBase: CType, fromBase: CType, site: ConversionSite, to: CType, from: CType, loc: SourceLocation): void {
  const tb = unqualified(toBase);
  const fb = unqualified(fromBase);
  if (tb.kind !== 'void' && fb.kind !== 'void' && !isCompatible(tb, fb) && !sameCharacterFamily(tb, fb)) {
    p.warning(loc, `${siteText(site, to, from, 'incompatible pointer type ')} [-Wincompatible-pointer-types]`);
    return;
  }
  const lost = (['const', 'volatile'] as const).find((q) => fromBase.qualifiers?.[q] && !toBase.qualifiers?.[q]);
  if (lost) p.warning(loc, `${discardsText(site)} discards '${lost}' qualifier from pointer target type [-Wdiscarded-qualifiers]`);
}

// gcc only warns about char signedness with -Wpointer-sign (off by default); so do we.
function sameCharacterFamily(a: CType, b: CType): boolean {
  return isInteger(a) && isInteger(b) && a.kind === b.kind;
}

function discardsText(site: ConversionSite): string {
  switch (site.kind) {
    case 'assignment':
      return 'assignment';
    case 'initialization':
      return 'initialization';
    case 'return':
      return 'return';
    case 'argument':
      return `passing argument ${site.index} of '${site.callee}'`;
  }
}

// gcc: "assignment to 'int *' from 'int'", "passing argument 1 of 'f'", "returning 'int' from a function with return type 'int *'".
function siteText(site: ConversionSite, to: CType, from: CType, fromPrefix = ''): string {
  switch (site.kind) {
    case 'assignment':
      return `assignment to '${typeName(to)}' from ${fromPrefix}'${typeName(from)}'`;
    case 'initialization':
      return `initialization of '${typeName(to)}' from ${fromPrefix}'${typeName(from)}'`;
    case 'return':
      return fromPrefix
        ? `returning '${typeName(from)}' from a function with incompatible return type '${typeName(to)}'`
        : `returning '${typeName(from)}' from a function with return type '${typeName(to)}'`;
    case 'argument':
      return `passing argument ${site.index} of '${site.callee}'` + (fromPrefix ? ` from ${fromPrefix.trim()}` : '');
  }
}

function incompatibleTypes(site: ConversionSite, to: CType, from: CType): string {
  switch (site.kind) {
    case 'assignment':
      return `incompatible types when assigning to type '${typeName(to)}' from type '${typeName(from)}'`;
    case 'initialization':
      return `invalid initializer`;
    case 'return':
      return `incompatible types when returning type '${typeName(from)}' but '${typeName(to)}' was expected`;
    case 'argument':
      return `incompatible type for argument ${site.index} of '${site.callee}'`;
  }
}

/** `e` as a condition (if/while/for/?:/&&/||/!): any scalar value. */
export function condition(p: Parser, e: Expr): Expr {
  const v = rvalue(e);
  const t = unqualified(v.type);
  if (!isScalar(t)) p.error(e.loc, `used ${isRecord(t) ? t.kind : typeName(t)} type value where scalar is required`);
  return v;
}
