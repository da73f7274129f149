// Bit-field access lowered to ordinary operations on the field's storage unit (the aligned
// object of its declared type that holds it, record-layout.ts), so codegen only ever loads and
// stores whole integers. A read loads the unit, shifts and masks (a signed field is sign-extended
// with shl then sar); a write is a read-modify-write of the unit, reached through a temporary
// pointer when the object's address has side effects so it is evaluated once. `=` yields the
// value the field now holds (truncated), as gcc does.

import type { BinaryOp, Expr, LocalVariable } from './ast';
import { addressOf, assignConvert, castTo, num } from './convert';
import type { Parser } from './parse-state';
import { arithmetic, binary } from './sema';
import type { SourceLocation } from './token';
import {
  INT, LLONG, UCHAR, UINT, ULLONG, USHORT, isUnsigned, pointerTo, sizeOf, unqualified, withQualifiers,
  type CType, type IntegerType, type Member,
} from './types';

type BitFieldAccess = Expr & { readonly kind: 'member' };

/** `e` names a bit-field (an lvalue `object.field` whose member has a width). */
export function isBitFieldAccess(e: Expr): e is BitFieldAccess {
  return e.kind === 'member' && e.member.bitWidth !== undefined;
}

// The unsigned integer as wide as the storage unit: what is loaded and stored.
function unitType(m: Member): IntegerType {
  switch (Math.max(1, sizeOf(m.type))) {
    case 1: return UCHAR;
    case 2: return USHORT;
    case 8: return ULLONG;
    default: return UINT;
  }
}

function isSignedField(m: Member): boolean {
  return !isUnsigned(unqualified(m.type));
}

// The register-width type the shifting and masking is done in.
function workType(m: Member): IntegerType {
  if (sizeOf(m.type) === 8) return isSignedField(m) ? LLONG : ULLONG;
  return isSignedField(m) ? INT : UINT;
}

/** The type a bit-field's value has (C11 6.3.1.1p2: int when int holds every value). */
function bitFieldValueType(m: Member): CType {
  const width = m.bitWidth ?? 0;
  if (sizeOf(m.type) === 8) return workType(m);
  return width < 32 || isSignedField(m) ? INT : UINT;
}

function widthOf(m: Member): number {
  return m.bitWidth ?? 0;
}

function fieldMask(m: Member): bigint {
  return (1n << BigInt(widthOf(m))) - 1n;
}

/** The storage unit as an ordinary lvalue (volatile stays, so the unit is still loaded every time). */
function unitLvalue(access: BitFieldAccess): Expr {
  const m = access.member;
  const type = withQualifiers(unitType(m), { volatile: access.type.qualifiers?.volatile });
  const unit: Member = { name: m.name, type, offset: m.offset, loc: m.loc };
  return { kind: 'member', object: access.object, member: unit, type, loc: access.loc };
}

/** The value of a bit-field. */
export function readBitField(access: BitFieldAccess): Expr {
  return extractBits(unitLvalue(access), access.member, access.loc);
}

function extractBits(unit: Expr, m: Member, loc: SourceLocation): Expr {
  const work = workType(m);
  const bits = sizeOf(work) * 8;
  const word = castTo(unit, work);
  const offset = m.bitOffset ?? 0;
  let value: Expr;
  if (isSignedField(m)) {
    const up = bits - offset - widthOf(m);
    const raised = up === 0 ? word : arithmetic('shl', word, num(up, INT, loc), work, loc);
    value = widthOf(m) === bits ? raised : arithmetic('shr', raised, num(bits - widthOf(m), INT, loc), work, loc);
  } else {
    const lowered = offset === 0 ? word : arithmetic('shr', word, num(offset, INT, loc), work, loc);
    value = widthOf(m) === bits ? lowered : arithmetic('and', lowered, num(fieldMask(m), work, loc), work, loc);
  }
  return castTo(value, bitFieldValueType(m));
}

// A place to read and write the unit more than once: the unit itself when reaching it has no
// side effects (a named struct), else `*tmp` after `tmp = &unit`.
interface StablePlace {
  readonly setup: Expr[];
  readonly unit: Expr;
}

function stablePlace(p: Parser, access: BitFieldAccess): StablePlace {
  const unit = unitLvalue(access);
  if (isSideEffectFree(access.object)) return { setup: [], unit };
  const pointerType = pointerTo(unit.type);
  const pointer = p.temporary(pointerType, access.loc, 'bitfield');
  const setup = assignVar(pointer, addressOf(unit), access.loc);
  const deref: Expr = { kind: 'deref', operand: varRef(pointer, access.loc), type: unit.type, loc: access.loc };
  return { setup: [setup], unit: deref };
}

function isSideEffectFree(e: Expr): boolean {
  if (e.kind === 'var') return true;
  if (e.kind === 'member') return isSideEffectFree(e.object);
  return e.kind === 'deref' && e.operand.kind === 'var';
}

function varRef(v: LocalVariable, loc: SourceLocation): Expr {
  return { kind: 'var', variable: v, type: v.type, loc };
}

function assignVar(v: LocalVariable, value: Expr, loc: SourceLocation): Expr {
  return { kind: 'assign', target: varRef(v, loc), value: castTo(value, v.type), type: unqualified(v.type), loc };
}

function sequence(exprs: readonly Expr[], loc: SourceLocation): Expr {
  return exprs.reduceRight((rhs, lhs) => ({ kind: 'comma', lhs, rhs, type: rhs.type, loc }));
}

// Stores `value` (already converted to the field's declared type) and yields the field's new value.
function storeBits(p: Parser, place: StablePlace, m: Member, value: Expr, loc: SourceLocation): Expr[] {
  const work = workType(m);
  const bits = sizeOf(work) * 8;
  const offset = m.bitOffset ?? 0;
  const masked = arithmetic('and', castTo(value, work), num(fieldMask(m), work, loc), work, loc);
  // A constant needs no temporary (and every folded step below stays a constant).
  const temporary = masked.kind === 'num' ? null : p.temporary(work, loc, 'bitvalue');
  const stored = (): Expr => (temporary ? varRef(temporary, loc) : masked);
  const cleared = arithmetic('and', castTo(place.unit, work), num(~(fieldMask(m) << BigInt(offset)), work, loc), work, loc);
  const shifted = offset === 0 ? stored() : arithmetic('shl', stored(), num(offset, INT, loc), work, loc);
  const merged = arithmetic('or', cleared, shifted, work, loc);
  const write: Expr = { kind: 'assign', target: place.unit, value: castTo(merged, place.unit.type), type: unqualified(place.unit.type), loc };
  let result = stored();
  if (isSignedField(m) && widthOf(m) < bits) {
    const up = num(bits - widthOf(m), INT, loc);
    result = arithmetic('shr', arithmetic('shl', result, up, work, loc), up, work, loc);
  }
  return [...(temporary ? [assignVar(temporary, masked, loc)] : []), write, castTo(result, bitFieldValueType(m))];
}

/** `access = value` (value not yet converted), also used by initializers. */
export function assignBitField(p: Parser, access: BitFieldAccess, value: Expr, initialization: boolean, loc: SourceLocation): Expr {
  const converted = assignConvert(p, value, access.member.type, { kind: initialization ? 'initialization' : 'assignment' }, loc);
  const place = stablePlace(p, access);
  return sequence([...place.setup, ...storeBits(p, place, access.member, converted, loc)], loc);
}

/** `access op= value`: the field read once, the operation typed as for any integer operands. */
export function compoundAssignBitField(p: Parser, op: BinaryOp, access: BitFieldAccess, value: Expr, loc: SourceLocation): Expr {
  const place = stablePlace(p, access);
  const result = binary(p, op, extractBits(place.unit, access.member, loc), value, loc);
  const converted = assignConvert(p, result, access.member.type, { kind: 'assignment' }, loc);
  return sequence([...place.setup, ...storeBits(p, place, access.member, converted, loc)], loc);
}

/** `++access`, `access--` and friends; postfix yields the value before the update. */
export function incDecBitField(p: Parser, access: BitFieldAccess, increment: boolean, prefix: boolean, loc: SourceLocation): Expr {
  const op = increment ? 'add' : 'sub';
  if (prefix) return compoundAssignBitField(p, op, access, num(1, INT, loc), loc);
  const place = stablePlace(p, access);
  const old = p.temporary(bitFieldValueType(access.member), loc, 'bitold');
  const updated = binary(p, op, varRef(old, loc), num(1, INT, loc), loc);
  const converted = assignConvert(p, updated, access.member.type, { kind: 'assignment' }, loc);
  const readOld = assignVar(old, extractBits(place.unit, access.member, loc), loc);
  const writes = storeBits(p, place, access.member, converted, loc).slice(0, -1); // the new value is not the result
  return sequence([...place.setup, readOld, ...writes, varRef(old, loc)], loc);
}
