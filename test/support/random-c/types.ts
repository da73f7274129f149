// The C types the random-program generator knows, modelled for riscv32's ILP32 ABI (plain char
// unsigned, long as wide as int), with the two rules its safety reasoning rests on: integer
// promotion and the usual arithmetic conversions (C11 6.3.1.1, 6.3.1.8). Every expression the
// generator writes carries its C type, so it can tell when a signed operation could overflow.

export interface IntType {
  readonly kind: 'int';
  /** The spelling in C, e.g. `unsigned short`. */
  readonly name: string;
  readonly bits: 8 | 16 | 32 | 64;
  readonly signed: boolean;
  /** Conversion rank (C11 6.3.1.1): char 1, short 2, int 3, long 4, long long 5. */
  readonly rank: number;
}

export interface StructType {
  readonly kind: 'struct';
  readonly name: string;
  readonly members: readonly { readonly name: string; readonly type: IntType }[];
}

export interface ArrayType {
  readonly kind: 'array';
  readonly element: IntType | StructType | ArrayType;
  /** Always a power of two, so `index & (length - 1)` is always in range. */
  readonly length: number;
}

export interface PointerType {
  readonly kind: 'pointer';
  readonly target: IntType | StructType;
}

export type CType = IntType | StructType | ArrayType | PointerType;

function int(name: string, bits: IntType['bits'], signed: boolean, rank: number): IntType {
  return { kind: 'int', name, bits, signed, rank };
}

export const CHAR = int('char', 8, false, 1);
export const SCHAR = int('signed char', 8, true, 1);
export const UCHAR = int('unsigned char', 8, false, 1);
export const SHORT = int('short', 16, true, 2);
export const USHORT = int('unsigned short', 16, false, 2);
export const INT = int('int', 32, true, 3);
export const UINT = int('unsigned', 32, false, 3);
export const LONG = int('long', 32, true, 4);
export const ULONG = int('unsigned long', 32, false, 4);
export const LLONG = int('long long', 64, true, 5);
export const ULLONG = int('unsigned long long', 64, false, 5);

export const INT_TYPES: readonly IntType[] = [CHAR, SCHAR, UCHAR, SHORT, USHORT, INT, UINT, LONG, ULONG, LLONG, ULLONG];

/** Integer promotion: everything narrower than int fits in int (C11 6.3.1.1p2). */
export function promote(t: IntType): IntType {
  return t.rank < INT.rank ? INT : t;
}

/** The usual arithmetic conversions of two operands (C11 6.3.1.8p1), promotions included. */
export function commonType(a: IntType, b: IntType): IntType {
  const x = promote(a);
  const y = promote(b);
  if (x === y) return x;
  if (x.signed === y.signed) return x.rank >= y.rank ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (u.rank >= s.rank) return u;
  if (s.bits > u.bits) return s;
  return unsignedOf(s);
}

export function unsignedOf(t: IntType): IntType {
  return INT_TYPES.find((u) => !u.signed && u.rank === t.rank && u !== CHAR) ?? t;
}

/** The range of values of a type, as bigints. */
export function range(t: IntType): { min: bigint; max: bigint } {
  const bits = BigInt(t.bits);
  return t.signed ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

/** How a type is written in a declaration of `name` (arrays need the name in the middle). */
export function declare(type: CType, name: string): string {
  switch (type.kind) {
    case 'int':
      return `${type.name} ${name}`;
    case 'struct':
      return `struct ${type.name} ${name}`;
    case 'pointer':
      return `${typeName(type.target)} *${name}`;
    case 'array':
      return declare(type.element, `${name}[${type.length}]`);
  }
}

export function typeName(type: IntType | StructType): string {
  return type.kind === 'int' ? type.name : `struct ${type.name}`;
}
