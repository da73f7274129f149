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
  /** Byte offset from the start of the struct (0 for every union member). */
  readonly offset: number;
  readonly loc: SourceLocation;
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
