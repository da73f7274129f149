// C types as the values layer reasons about them: the synthetic types expression results get
// (int, unsigned, long long, pointers made by `&`), the questions formatting and arithmetic ask
// of a DWARF type (is it an integer, how wide, what does a pointer scale by), and finding a type
// the user names in a cast (`unsigned char`, `struct node *`, a typedef) in the program's DWARF.

import { DW_AT, DW_TAG, isSigned, stripTypedefs, type BaseType, type CType, type DebugInfo, type PointerType } from '../../sim/toolchain/dwarf';
import { ValueError } from './api';

function base(name: string, size: number, encoding: BaseType['encoding']): BaseType {
  return { kind: 'base', name, size, encoding };
}

export const intType = base('int', 4, 'signed');
export const unsignedType = base('unsigned int', 4, 'unsigned');
export const longLongType = base('long long', 8, 'signed');
export const unsignedLongLongType = base('unsigned long long', 8, 'unsigned');
export const charType = base('char', 1, 'signedChar');
export const boolType = base('_Bool', 1, 'bool');

/** The base types a cast may name without the program's DWARF, by their canonical spelling. */
const builtinBases = new Map<string, BaseType>([
  ['char', charType],
  ['signed char', base('signed char', 1, 'signedChar')],
  ['unsigned char', base('unsigned char', 1, 'unsignedChar')],
  ['short', base('short', 2, 'signed')],
  ['unsigned short', base('unsigned short', 2, 'unsigned')],
  ['int', intType],
  ['unsigned int', unsignedType],
  ['long', base('long', 4, 'signed')],
  ['unsigned long', base('unsigned long', 4, 'unsigned')],
  ['long long', longLongType],
  ['unsigned long long', unsignedLongLongType],
  ['_Bool', boolType],
  ['bool', boolType],
]);

/** Spellings C allows for the same base type, reduced to the one in builtinBases. */
export function canonicalBaseName(words: readonly string[]): string | undefined {
  const count = (w: string): number => words.filter((x) => x === w).length;
  const known = new Set(['signed', 'unsigned', 'char', 'short', 'int', 'long', '_Bool', 'bool']);
  if (words.length === 0 || words.some((w) => !known.has(w))) return undefined;
  const unsigned = count('unsigned') > 0;
  const longs = count('long');
  let core: string;
  if (count('_Bool') || count('bool')) return words.length === 1 ? '_Bool' : undefined;
  if (count('char')) core = unsigned ? 'unsigned char' : count('signed') ? 'signed char' : 'char';
  else if (count('short')) core = unsigned ? 'unsigned short' : 'short';
  else if (longs >= 2) core = unsigned ? 'unsigned long long' : 'long long';
  else if (longs === 1) core = unsigned ? 'unsigned long' : 'long';
  else core = unsigned ? 'unsigned int' : 'int';
  return core;
}

export function builtinBase(name: string): BaseType | undefined {
  return builtinBases.get(name);
}

export function pointerTo(target: CType): PointerType {
  return { kind: 'pointer', size: 4, target };
}

export function isInteger(t: CType): boolean {
  const s = stripTypedefs(t);
  return (s.kind === 'base' && s.encoding !== 'float') || s.kind === 'enum';
}

export function isFloat(t: CType): boolean {
  const s = stripTypedefs(t);
  return s.kind === 'base' && s.encoding === 'float';
}

export function isPointer(t: CType): boolean {
  return stripTypedefs(t).kind === 'pointer';
}

export function isScalar(t: CType): boolean {
  return isInteger(t) || isPointer(t);
}

/** A value of the program that may fail to decode (corrupt DWARF, a process gone): undefined then. */
export function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Size in bytes, or a ValueError naming the type when it has none (void, incomplete struct, function). */
export function sizeOf(t: CType, what = 'type'): number {
  const s = stripTypedefs(t);
  const size = s.kind === 'array' ? (s.count === undefined ? undefined : s.count * sizeOf(s.element)) : t.size ?? s.size;
  if (size === undefined) throw new ValueError(`${what} has no known size`);
  return size;
}

/** How many bytes `p + 1` moves: the pointee's size (1 for void and functions, as gcc does). */
export function strideOf(pointer: CType): number {
  const s = stripTypedefs(pointer);
  if (s.kind !== 'pointer' && s.kind !== 'array') return 1;
  const target = s.kind === 'pointer' ? stripTypedefs(s.target) : stripTypedefs(s.element);
  if (target.kind === 'void' || target.kind === 'function') return 1;
  return sizeOf(target, 'the pointed-to type');
}

/** The C integer promotions and usual arithmetic conversions, for 32-bit int and 64-bit long long. */
export function arithmeticResult(a: CType, b: CType): BaseType {
  const wide = (t: CType): boolean => sizeOf(t) > 4;
  if (wide(a) || wide(b)) {
    const unsignedWide = (t: CType): boolean => wide(t) && !isSigned(t);
    return unsignedWide(a) || unsignedWide(b) ? unsignedLongLongType : longLongType;
  }
  return promoted(a) === unsignedType || promoted(b) === unsignedType ? unsignedType : intType;
}

export function promoted(t: CType): BaseType {
  const size = sizeOf(t);
  if (size > 4) return isSigned(t) ? longLongType : unsignedLongLongType;
  if (size === 4 && !isSigned(t)) return unsignedType;
  return intType;
}

/** Wraps a BigInt to the width and signedness of an integer (or pointer) type. */
export function wrap(value: bigint, t: CType): bigint {
  const s = stripTypedefs(t);
  if (s.kind === 'base' && s.encoding === 'bool') return value !== 0n ? 1n : 0n;
  const bits = BigInt(sizeOf(t) * 8);
  return isPointer(t) || !isSigned(t) ? BigInt.asUintN(Number(bits), value) : BigInt.asIntN(Number(bits), value);
}

/**
 * The type a cast names in the program: a struct/union/enum tag or a typedef, searched over
 * every unit's DIEs (a type only used through casts may be nowhere near the frame's variables).
 */
export function findNamedType(debug: DebugInfo | null, kind: 'struct' | 'union' | 'enum' | 'typedef', name: string): CType {
  const tag = { struct: DW_TAG.structure_type, union: DW_TAG.union_type, enum: DW_TAG.enumeration_type, typedef: DW_TAG.typedef }[kind];
  let declaration: CType | undefined;
  for (const unit of debug?.dwarf.compileUnits ?? []) {
    for (const die of unit.dies) {
      if (die.tag !== tag || die.name !== name) continue;
      const t = debug!.types.type(die);
      if (!die.flag(DW_AT.declaration)) return t;
      declaration ??= t;
    }
  }
  if (declaration) return declaration;
  throw new ValueError(kind === 'typedef' ? `no type named '${name}'` : `no ${kind} '${name}' in the program`);
}

/** True when some unit declares a typedef with this name (so `(name)x` is a cast, not a parenthesised variable). */
export function isTypedefName(debug: DebugInfo | null, name: string): boolean {
  for (const unit of debug?.dwarf.compileUnits ?? []) for (const die of unit.dies) if (die.tag === DW_TAG.typedef && die.name === name) return true;
  return false;
}
