// C types for ILP32 (the RISC-V psABI's data model): what the parser builds and checks, what
// codegen sizes and loads, and what the DWARF emitter describes. Struct, union and enum types
// point at one shared declaration object, so a typedef or a qualified copy of a type (a shallow
// copy with `qualifiers` or `typedefName` set) is still the same struct.

import type { SourceLocation } from './token';

export interface Qualifiers {
  readonly const?: boolean;
  readonly volatile?: boolean;
  /** `_Atomic`: reads, writes, ++/-- and compound assignment become atomic operations. */
  readonly atomic?: boolean;
}

interface TypeBase {
  readonly qualifiers?: Qualifiers;
  /** Set when the type was named through a typedef (DWARF emits DW_TAG_typedef for it). */
  readonly typedefName?: string;
  readonly typedefLoc?: SourceLocation;
}

/** `_Bool` is an integer type of size 1 whose conversions normalise to 0 or 1. */
export type IntegerKind = 'bool' | 'char' | 'short' | 'int' | 'long' | 'longlong';

export interface VoidType extends TypeBase {
  readonly kind: 'void';
}

export interface IntegerType extends TypeBase {
  readonly kind: IntegerKind;
  /** Plain `char` is unsigned on RISC-V; `signed char` is the signed one. */
  readonly unsigned: boolean;
  /** Spelled `char` without `signed`/`unsigned` (a distinct type in C; DWARF name "char"). */
  readonly plainChar?: boolean;
}

export interface EnumDecl {
  readonly tag: string | null;
  readonly loc: SourceLocation;
  readonly constants: { readonly name: string; readonly value: number }[];
  complete: boolean;
}

/** Enums are `unsigned int` when no constant is negative, else `int` (as clang does). */
export interface EnumType extends TypeBase {
  readonly kind: 'enum';
  readonly decl: EnumDecl;
}

export interface PointerType extends TypeBase {
  readonly kind: 'pointer';
  readonly base: CType;
}

export interface ArrayType extends TypeBase {
  readonly kind: 'array';
  readonly element: CType;
  /** null for an incomplete array (`int a[]`, a flexible array member). */
  readonly length: number | null;
}

export interface Parameter {
  readonly name: string | null;
  readonly type: CType;
}

export interface FunctionType extends TypeBase {
  readonly kind: 'function';
  readonly returnType: CType;
  readonly params: readonly Parameter[];
  readonly variadic: boolean;
  /** False for `int f()`: unprototyped, arguments get the default promotions. */
  readonly prototyped: boolean;
}

export interface Member {
  readonly name: string | null;
  readonly type: CType;
  /** Byte offset from the start of the struct (0 for every union member). For a bit-field: the
   *  offset of its storage unit, the naturally aligned object of its declared type holding it. */
  readonly offset: number;
  readonly loc: SourceLocation;
  /** A bit-field's first bit within its storage unit, counted from the unit's least significant bit. (Added by the parser.) */
  readonly bitOffset?: number;
  /** A bit-field's width in bits (absent for ordinary members; 0 only for unnamed `int : 0`). (Added by the parser.) */
  readonly bitWidth?: number;
}

/** True for a bit-field member (C11 6.7.2.1p9). */
export function isBitField(m: Member): boolean {
  return m.bitWidth !== undefined;
}

export interface RecordDecl {
  readonly kind: 'struct' | 'union';
  readonly tag: string | null;
  readonly loc: SourceLocation;
  members: Member[];
  size: number;
  align: number;
  /** False until the closing brace of its definition (`struct s;` declares an incomplete type). */
  complete: boolean;
  /** The last member is a flexible array (`char data[];`). */
  flexible: boolean;
}

export interface RecordType extends TypeBase {
  readonly kind: 'struct' | 'union';
  readonly decl: RecordDecl;
}

export type CType = VoidType | IntegerType | EnumType | PointerType | ArrayType | FunctionType | RecordType;

// --- constructors -------------------------------------------------------------------------

export const VOID: VoidType = { kind: 'void' };
export const BOOL: IntegerType = { kind: 'bool', unsigned: true };
export const CHAR: IntegerType = { kind: 'char', unsigned: true, plainChar: true };
export const SCHAR: IntegerType = { kind: 'char', unsigned: false };
export const UCHAR: IntegerType = { kind: 'char', unsigned: true };
export const SHORT: IntegerType = { kind: 'short', unsigned: false };
export const USHORT: IntegerType = { kind: 'short', unsigned: true };
export const INT: IntegerType = { kind: 'int', unsigned: false };
export const UINT: IntegerType = { kind: 'int', unsigned: true };
export const LONG: IntegerType = { kind: 'long', unsigned: false };
export const ULONG: IntegerType = { kind: 'long', unsigned: true };
export const LLONG: IntegerType = { kind: 'longlong', unsigned: false };
export const ULLONG: IntegerType = { kind: 'longlong', unsigned: true };

export function pointerTo(base: CType): PointerType {
  return { kind: 'pointer', base };
}

export function arrayOf(element: CType, length: number | null): ArrayType {
  return { kind: 'array', element, length };
}

// --- queries --------------------------------------------------------------------------------

export function isInteger(t: CType): t is IntegerType | EnumType {
  return t.kind === 'bool' || t.kind === 'char' || t.kind === 'short' || t.kind === 'int' || t.kind === 'long' || t.kind === 'longlong' || t.kind === 'enum';
}

export function isScalar(t: CType): boolean {
  return isInteger(t) || t.kind === 'pointer';
}

export function isRecord(t: CType): t is RecordType {
  return t.kind === 'struct' || t.kind === 'union';
}

/** True for types held in a register pair (long long). */
export function isWide(t: CType): boolean {
  return t.kind === 'longlong';
}

export function isUnsigned(t: CType): boolean {
  if (t.kind === 'pointer') return true;
  if (t.kind === 'enum') return !t.decl.constants.some((c) => c.value < 0);
  return isInteger(t) && (t as IntegerType).unsigned;
}

/** Size in bytes; an incomplete type (void, `int[]`, an undefined struct) has size 0. */
export function sizeOf(t: CType): number {
  switch (t.kind) {
    case 'void':
      return 1; // GNU C: sizeof(void) == 1, so void* arithmetic steps by bytes
    case 'bool':
    case 'char':
      return 1;
    case 'short':
      return 2;
    case 'int':
    case 'long':
    case 'enum':
    case 'pointer':
      return 4;
    case 'longlong':
      return 8;
    case 'array':
      return t.length === null ? 0 : t.length * sizeOf(t.element);
    case 'function':
      return 1;
    case 'struct':
    case 'union':
      return t.decl.size;
  }
}

export function alignOf(t: CType): number {
  switch (t.kind) {
    case 'array':
      return alignOf(t.element);
    case 'struct':
    case 'union':
      return t.decl.align;
    case 'void':
    case 'function':
      return 1;
    default:
      return sizeOf(t);
  }
}

/** The type without qualifiers or typedef name (for comparisons and codegen decisions). */
export function unqualified(t: CType): CType {
  if (!t.qualifiers && !t.typedefName) return t;
  const { qualifiers: _q, typedefName: _n, typedefLoc: _l, ...rest } = t;
  return rest as CType;
}

// --- conversions and comparisons (C11 6.3, 6.2.7), added by the parser --------------------

/** C11 6.3.1.1: types narrower than int become int (on ILP32 int holds every one of their values). */
export function integerPromote(t: CType): CType {
  const u = unqualified(t);
  switch (u.kind) {
    case 'bool':
    case 'char':
    case 'short':
      return INT;
    case 'enum':
      return isUnsigned(u) ? UINT : INT;
    default:
      return u;
  }
}

/** C11 6.3.1.8's usual arithmetic conversions for two integer operands (ILP32: long is as wide as int). */
export function commonIntegerType(a: CType, b: CType): IntegerType {
  const x = integerPromote(a) as IntegerType;
  const y = integerPromote(b) as IntegerType;
  if (x.kind === 'longlong' || y.kind === 'longlong') {
    return (x.kind === 'longlong' && x.unsigned) || (y.kind === 'longlong' && y.unsigned) ? ULLONG : LLONG;
  }
  if (x.kind === 'long' || y.kind === 'long') return x.unsigned || y.unsigned ? ULONG : LONG;
  return x.unsigned || y.unsigned ? UINT : INT;
}

export function withQualifiers(t: CType, q: Qualifiers): CType {
  if (!q.const && !q.volatile && !q.atomic) return t;
  const merged: Qualifiers = { ...t.qualifiers, ...q };
  return { ...t, qualifiers: merged } as CType;
}

export function isConst(t: CType): boolean {
  return t.qualifiers?.const === true;
}

/** A struct/union with no definition yet, `void`, or an array of unknown length. */
export function isIncomplete(t: CType): boolean {
  if (t.kind === 'void') return true;
  if (t.kind === 'array') return t.length === null || isIncomplete(t.element);
  if (isRecord(t)) return !t.decl.complete;
  if (t.kind === 'enum') return !t.decl.complete;
  return false;
}

/** C11 6.2.7 compatibility: qualifiers must match at every level but the outermost is ignored when `ignoreTopQualifiers`. */
export function isCompatible(a: CType, b: CType, ignoreTopQualifiers = true): boolean {
  if (!ignoreTopQualifiers && !sameQualifiers(a.qualifiers, b.qualifiers)) return false;
  const x = unqualified(a);
  const y = unqualified(b);
  if (x.kind === 'enum' && isInteger(y) && y.kind !== 'enum') return y.kind === 'int' && y.unsigned === isUnsigned(x);
  if (y.kind === 'enum' && isInteger(x) && x.kind !== 'enum') return isCompatible(y, x);
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'void':
      return true;
    case 'pointer':
      return isCompatible(x.base, (y as PointerType).base, false);
    case 'array': {
      const ya = y as ArrayType;
      if (x.length !== null && ya.length !== null && x.length !== ya.length) return false;
      return isCompatible(x.element, ya.element, false);
    }
    case 'function': {
      const yf = y as FunctionType;
      if (!isCompatible(x.returnType, yf.returnType)) return false;
      if (!x.prototyped || !yf.prototyped) return true;
      if (x.variadic !== yf.variadic || x.params.length !== yf.params.length) return false;
      return x.params.every((p, i) => isCompatible(p.type, yf.params[i].type));
    }
    case 'struct':
    case 'union':
      return x.decl === (y as RecordType).decl;
    case 'enum':
      return x.decl === (y as EnumType).decl;
    default:
      return (x as IntegerType).unsigned === (y as IntegerType).unsigned && (x as IntegerType).plainChar === (y as IntegerType).plainChar;
  }
}

function sameQualifiers(a: Qualifiers | undefined, b: Qualifiers | undefined): boolean {
  return !!a?.const === !!b?.const && !!a?.volatile === !!b?.volatile && !!a?.atomic === !!b?.atomic;
}

/** C11 6.2.7p3: the type a redeclaration leaves behind (array lengths and prototypes filled in). */
export function compositeType(a: CType, b: CType): CType {
  if (a.kind === 'array' && b.kind === 'array') {
    return a.length === null ? { ...a, length: b.length, element: compositeType(a.element, b.element) } : a;
  }
  if (a.kind === 'function' && b.kind === 'function') return a.prototyped || !b.prototyped ? a : b;
  return a;
}

/** A type as gcc spells it in diagnostics (`long unsigned int`, `char *`, `int (*)(int)`). */
export function typeName(t: CType): string {
  return declaratorName(t, '').trim();
}

function declaratorName(t: CType, inner: string): string {
  const q = qualifierPrefix(t);
  switch (t.kind) {
    case 'pointer': {
      const star = '*' + (q ? ' ' + q.trim() : '') + inner;
      const needsParens = t.base.kind === 'array' || t.base.kind === 'function';
      return declaratorName(t.base, needsParens ? `(${star})` : star);
    }
    case 'array':
      return declaratorName(t.element, `${inner}[${t.length ?? ''}]`);
    case 'function': {
      const params = t.params.map((p) => typeName(p.type));
      if (t.variadic) params.push('...');
      const list = t.prototyped ? (params.length ? params.join(', ') : 'void') : '';
      return declaratorName(t.returnType, `${inner}(${list})`);
    }
    default:
      // gcc: `int(char *)` for a function type, `int (*)(int)` for a pointer to one.
      return q + baseName(t) + (inner && !inner.startsWith('[') && !(inner.startsWith('(') && !inner.startsWith('(*')) ? ' ' : '') + inner;
  }
}

function qualifierPrefix(t: CType): string {
  const q = t.qualifiers;
  if (!q) return '';
  return (q.const ? 'const ' : '') + (q.volatile ? 'volatile ' : '') + (q.atomic ? '_Atomic ' : '');
}

function baseName(t: CType): string {
  if (t.typedefName) return t.typedefName;
  switch (t.kind) {
    case 'void':
      return 'void';
    case 'bool':
      return '_Bool';
    case 'char':
      return t.plainChar ? 'char' : t.unsigned ? 'unsigned char' : 'signed char';
    case 'short':
      return t.unsigned ? 'short unsigned int' : 'short int';
    case 'int':
      return t.unsigned ? 'unsigned int' : 'int';
    case 'long':
      return t.unsigned ? 'long unsigned int' : 'long int';
    case 'longlong':
      return t.unsigned ? 'long long unsigned int' : 'long long int';
    case 'enum':
      return `enum ${t.decl.tag ?? '<anonymous>'}`;
    case 'struct':
    case 'union':
      return `${t.kind} ${t.decl.tag ?? '<anonymous>'}`;
    default:
      return '?';
  }
}

/** The value `v` as an object of integer/pointer type `t` holds it (wrapped to its width and signedness). */
export function wrapToType(v: bigint, t: CType): bigint {
  const u = unqualified(t);
  if (u.kind === 'bool') return v !== 0n ? 1n : 0n;
  const bits = sizeOf(u) * 8;
  return isUnsigned(u) ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}
