// The C type model the debugger formats values with, built from type DIEs: base types, void,
// pointers, const/volatile/restrict/_Atomic, typedefs, arrays (a multi-dimensional array is an
// array of arrays), structs and unions (members with byte offsets and bitfields), enums, and
// function types. Types form a graph: a self-referential struct's `next` member points back at
// the same object. Pointer-like kinds are cached before their target is resolved and struct
// members are resolved on first access, so cycles end and only the types a debugger looks at
// are built; a cycle through typedefs/qualifiers/arrays alone is corrupt DWARF and throws.

import { DW_AT, DW_ATE, DW_TAG, tagName } from './constants';
import { DwarfError } from './cursor';
import { evaluateValue } from './eval';
import type { Die } from './info';

export type BaseEncoding = 'signed' | 'unsigned' | 'signedChar' | 'unsignedChar' | 'bool' | 'float' | 'address' | 'utf' | 'other';

export type CType = VoidType | BaseType | PointerType | QualifiedType | TypedefType | ArrayType | StructType | EnumType | FunctionType | OtherType;

export interface VoidType {
  readonly kind: 'void';
  readonly size: undefined;
}

export interface BaseType {
  readonly kind: 'base';
  readonly name: string;
  readonly size: number;
  readonly encoding: BaseEncoding;
}

export interface PointerType {
  readonly kind: 'pointer';
  readonly size: number;
  readonly target: CType;
}

export interface QualifiedType {
  readonly kind: 'qualified';
  readonly qualifier: 'const' | 'volatile' | 'restrict' | '_Atomic';
  readonly size: number | undefined;
  readonly target: CType;
}

export interface TypedefType {
  readonly kind: 'typedef';
  readonly name: string;
  readonly size: number | undefined;
  readonly target: CType;
}

/** One dimension; `int a[3][4]` is an array of 3 arrays of 4 ints. */
export interface ArrayType {
  readonly kind: 'array';
  /** Undefined for `int a[]` and variable-length arrays. */
  readonly count: number | undefined;
  readonly element: CType;
  readonly size: number | undefined;
}

export interface Member {
  /** Undefined for an anonymous struct/union member. */
  readonly name: string | undefined;
  readonly type: CType;
  /** Byte offset from the start of the enclosing struct (for a bitfield: of the byte holding its lowest bit). */
  readonly offset: number;
  /** Bitfields only: width in bits. */
  readonly bitSize?: number;
  /** Bitfields only: position of the field's least significant bit within the byte at `offset` (0–7). */
  readonly bitOffset?: number;
}

export interface StructType {
  readonly kind: 'struct' | 'union';
  /** The tag (`node` of `struct node`); undefined when anonymous. */
  readonly name: string | undefined;
  /** Undefined for an incomplete type (`struct opaque;`). */
  readonly size: number | undefined;
  readonly members: readonly Member[];
  /** Declared but not defined here (DW_AT_declaration). */
  readonly incomplete: boolean;
}

export interface Enumerator {
  readonly name: string;
  readonly value: number | bigint;
}

export interface EnumType {
  readonly kind: 'enum';
  readonly name: string | undefined;
  readonly size: number | undefined;
  /** The underlying integer type, when the producer says (clang does). */
  readonly underlying: CType | undefined;
  readonly enumerators: readonly Enumerator[];
}

export interface FunctionType {
  readonly kind: 'function';
  readonly size: undefined;
  readonly returnType: CType;
  readonly params: readonly CType[];
  readonly variadic: boolean;
  readonly prototyped: boolean;
}

/** A type this model does not describe (C++ references, unspecified types…): shown by name only. */
export interface OtherType {
  readonly kind: 'other';
  readonly name: string;
  readonly size: number | undefined;
}

export const voidType: VoidType = { kind: 'void', size: undefined };

/** Type chains deeper than this are treated as corrupt (typedefs of typedefs of pointers…). */
const maxDepth = 200;

/** Builds (and caches, per DIE) the types of one program. */
export class TypeBuilder {
  private readonly cache = new Map<number, CType>();
  private readonly inProgress = new Set<number>();
  private depth = 0;

  /** The type a DIE's DW_AT_type names (void when absent). */
  typeOf(die: Die): CType {
    const t = die.ref(DW_AT.type);
    return t ? this.type(t) : voidType;
  }

  /** The type a type DIE describes. */
  type(die: Die): CType {
    const cached = this.cache.get(die.offset);
    if (cached) return cached;
    if (this.inProgress.has(die.offset)) throw die.error('type refers to itself through typedefs, qualifiers or arrays only');
    if (this.depth >= maxDepth) throw die.error(`type chain deeper than ${maxDepth}`);
    this.inProgress.add(die.offset);
    this.depth++;
    try {
      const t = this.build(die);
      this.cache.set(die.offset, t);
      return t;
    } catch (e) {
      this.cache.delete(die.offset); // a half-built pointer/struct/enum/function must not be reused
      throw e;
    } finally {
      this.depth--;
      this.inProgress.delete(die.offset);
    }
  }

  private build(die: Die): CType {
    const size = die.unsigned(DW_AT.byte_size);
    switch (die.tag) {
      case DW_TAG.base_type:
        return { kind: 'base', name: die.name ?? '?', size: size ?? 0, encoding: encoding(die.unsigned(DW_AT.encoding)) };
      case DW_TAG.unspecified_type:
        return die.name === 'void' || die.name === undefined ? voidType : { kind: 'other', name: die.name, size };
      case DW_TAG.pointer_type: {
        const p = { kind: 'pointer' as const, size: size ?? die.unit.addressSize, target: voidType as CType };
        this.early(die, p);
        p.target = this.typeOf(die);
        return p;
      }
      case DW_TAG.const_type:
      case DW_TAG.volatile_type:
      case DW_TAG.restrict_type:
      case DW_TAG.atomic_type: {
        const target = this.typeOf(die);
        return { kind: 'qualified', qualifier: qualifiers.get(die.tag) ?? 'const', size: target.size, target };
      }
      case DW_TAG.typedef: {
        const target = this.typeOf(die);
        return { kind: 'typedef', name: die.name ?? '?', size: target.size, target };
      }
      case DW_TAG.array_type:
        return this.array(die);
      case DW_TAG.structure_type:
      case DW_TAG.union_type:
      case DW_TAG.class_type: {
        const s = new LazyStruct(die, this, size);
        this.early(die, s);
        return s;
      }
      case DW_TAG.enumeration_type: {
        const e = { kind: 'enum' as const, name: die.name, size, underlying: undefined as CType | undefined, enumerators: [] as Enumerator[] };
        this.early(die, e);
        if (die.has(DW_AT.type)) e.underlying = this.typeOf(die);
        const signed = e.underlying ? isSigned(e.underlying) : undefined;
        for (const child of die.children) {
          if (child.tag !== DW_TAG.enumerator) continue;
          const value = signed === false ? child.unsigned(DW_AT.const_value) : child.signed(DW_AT.const_value);
          e.enumerators.push({ name: child.name ?? '?', value: value ?? 0 });
        }
        return e;
      }
      case DW_TAG.subroutine_type: {
        const f = { kind: 'function' as const, size: undefined, returnType: voidType as CType, params: [] as CType[], variadic: false, prototyped: die.flag(DW_AT.prototyped) };
        this.early(die, f);
        f.returnType = this.typeOf(die);
        for (const child of die.children) {
          if (child.tag === DW_TAG.formal_parameter) f.params.push(this.typeOf(child));
          else if (child.tag === DW_TAG.unspecified_parameters) f.variadic = true;
        }
        return f;
      }
      default:
        if (!isTypeTag(die.tag)) throw die.error(`used as a type, but ${tagName(die.tag)} is not a type`);
        return { kind: 'other', name: die.name ?? tagName(die.tag).replace('DW_TAG_', ''), size };
    }
  }

  /** Caches a type that can be part of a cycle before resolving what it refers to. */
  private early(die: Die, t: CType): void {
    this.cache.set(die.offset, t);
  }

  // DWARF 5 §5.5: an array DIE has one DW_TAG_subrange_type child per dimension.
  private array(die: Die): CType {
    let t = this.typeOf(die);
    const dims = die.children.filter((c) => c.tag === DW_TAG.subrange_type || c.tag === DW_TAG.enumeration_type);
    if (dims.length === 0) return { kind: 'array', count: undefined, element: t, size: undefined };
    for (let i = dims.length - 1; i >= 0; i--) {
      const count = dimension(dims[i]);
      const size = count !== undefined && t.size !== undefined ? count * t.size : undefined;
      t = { kind: 'array', count, element: t, size };
    }
    return t;
  }
}

class LazyStruct implements StructType {
  readonly kind: 'struct' | 'union';
  readonly name: string | undefined;
  readonly incomplete: boolean;
  private resolved: Member[] | undefined;

  constructor(
    private readonly die: Die,
    private readonly builder: TypeBuilder,
    readonly size: number | undefined,
  ) {
    this.kind = die.tag === DW_TAG.union_type ? 'union' : 'struct';
    this.name = die.name;
    this.incomplete = die.flag(DW_AT.declaration);
  }

  get members(): readonly Member[] {
    if (!this.resolved) {
      const members: Member[] = [];
      for (const child of this.die.children) if (child.tag === DW_TAG.member) members.push(member(child, this.builder));
      this.resolved = members;
    }
    return this.resolved;
  }
}

// DWARF 5 §5.7.6: a member's byte offset (constant or, DWARF 2 style, an expression) and, for a
// bitfield, either DW_AT_data_bit_offset (DWARF 4+) or DW_AT_bit_offset counted from the most
// significant bit of a DW_AT_byte_size storage unit (DWARF 2/3, and clang 14 for both).
function member(die: Die, builder: TypeBuilder): Member {
  const type = builder.typeOf(die);
  let offset = 0;
  const loc = die.attr(DW_AT.data_member_location);
  if (loc?.value.kind === 'block') {
    offset = evaluateValue(loc.value.bytes, { addressSize: die.unit.addressSize, initialStack: [0], machine: noMachine });
  } else if (loc) {
    offset = die.unsigned(DW_AT.data_member_location) ?? 0;
  }
  const bitSize = die.unsigned(DW_AT.bit_size);
  if (bitSize === undefined) return { name: die.name, type, offset };
  let bitPos: number;
  const dataBitOffset = die.unsigned(DW_AT.data_bit_offset);
  if (dataBitOffset !== undefined) {
    bitPos = dataBitOffset;
  } else {
    const storage = die.unsigned(DW_AT.byte_size) ?? type.size ?? 0;
    const fromMsb = Number(die.signed(DW_AT.bit_offset) ?? 0);
    bitPos = offset * 8 + storage * 8 - fromMsb - bitSize;
  }
  if (bitPos < 0) throw die.error(`bitfield starts before its struct (bit ${bitPos})`);
  return { name: die.name, type, offset: Math.floor(bitPos / 8), bitSize, bitOffset: bitPos % 8 };
}

const noMachine = {
  readRegister(): number {
    throw new DwarfError('a member offset expression reads a register');
  },
  readMemory(): Uint8Array | undefined {
    throw new DwarfError('a member offset expression reads memory');
  },
};

function dimension(die: Die): number | undefined {
  if (die.tag === DW_TAG.enumeration_type) return die.children.length;
  const count = die.attr(DW_AT.count);
  if (count) return count.value.kind === 'constant' ? die.unsigned(DW_AT.count) : undefined;
  const upper = die.attr(DW_AT.upper_bound);
  if (!upper || upper.value.kind !== 'constant') return undefined;
  const hi = Number(die.signed(DW_AT.upper_bound));
  const lo = Number(die.signed(DW_AT.lower_bound) ?? 0);
  // An upper bound of -1 (all ones) is how some producers write a zero-length array.
  return hi < lo ? 0 : hi - lo + 1;
}

const qualifiers = new Map<number, QualifiedType['qualifier']>([
  [DW_TAG.const_type, 'const'],
  [DW_TAG.volatile_type, 'volatile'],
  [DW_TAG.restrict_type, 'restrict'],
  [DW_TAG.atomic_type, '_Atomic'],
]);

function encoding(ate: number | undefined): BaseEncoding {
  switch (ate) {
    case DW_ATE.signed:
      return 'signed';
    case DW_ATE.unsigned:
      return 'unsigned';
    case DW_ATE.signed_char:
      return 'signedChar';
    case DW_ATE.unsigned_char:
      return 'unsignedChar';
    case DW_ATE.boolean:
      return 'bool';
    case DW_ATE.float:
      return 'float';
    case DW_ATE.address:
      return 'address';
    case DW_ATE.UTF:
      return 'utf';
    default:
      return 'other';
  }
}

function isTypeTag(tag: number): boolean {
  return (
    tag === DW_TAG.reference_type ||
    tag === DW_TAG.rvalue_reference_type ||
    tag === DW_TAG.ptr_to_member_type ||
    tag === DW_TAG.string_type ||
    tag === DW_TAG.set_type ||
    tag === DW_TAG.subrange_type ||
    tag === DW_TAG.file_type ||
    tag === DW_TAG.packed_type ||
    tag === DW_TAG.shared_type ||
    tag === DW_TAG.immutable_type ||
    tag === DW_TAG.interface_type ||
    tag === DW_TAG.dynamic_type ||
    tag === DW_TAG.coarray_type ||
    tag === DW_TAG.template_alias
  );
}

/** The type with typedefs and qualifiers peeled off (what a value's bits mean). */
export function stripTypedefs(t: CType): CType {
  while (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
  return t;
}

/** True when values of the type are signed integers (through typedefs, qualifiers and enums). */
export function isSigned(t: CType): boolean {
  let s = stripTypedefs(t);
  // An enum's underlying type is an integer type; the bound only guards corrupt self-references.
  for (let i = 0; s.kind === 'enum' && s.underlying && i < 8; i++) s = stripTypedefs(s.underlying);
  if (s.kind === 'base') return s.encoding === 'signed' || s.encoding === 'signedChar';
  if (s.kind === 'enum') return s.enumerators.some((e) => e.value < 0);
  return false;
}

/** The C spelling of a type: "const char *const[2]", "int (*)(int, int)", "struct node *". */
export function typeName(t: CType): string {
  return declare(t, '', { left: 256 });
}

// Spells `t` around a declarator `inner`. The budget bounds the work on corrupt type graphs
// (a function type whose parameters point back at it would otherwise never end).
function declare(t: CType, inner: string, budget: { left: number }): string {
  if (--budget.left < 0) return inner ? `… ${inner}` : '…';
  const withInner = (base: string): string => (inner === '' ? base : inner.startsWith('[') ? base + inner : `${base} ${inner}`);
  switch (t.kind) {
    case 'void':
      return withInner('void');
    case 'base':
    case 'typedef':
    case 'other':
      return withInner(t.name);
    case 'struct':
    case 'union':
      return withInner(`${t.kind} ${t.name ?? '<anonymous>'}`);
    case 'enum':
      return withInner(`enum ${t.name ?? '<anonymous>'}`);
    case 'pointer':
      return pointerTo(t.target, '*' + inner, budget);
    case 'qualified': {
      if (t.target.kind === 'pointer') return pointerTo(t.target.target, `*${t.qualifier}${inner === '' || inner.startsWith('[') ? inner : ' ' + inner}`, budget);
      return `${t.qualifier} ${declare(t.target, inner, budget)}`;
    }
    case 'array':
      return declare(t.element, `${inner}[${t.count ?? ''}]`, budget);
    case 'function': {
      const params = t.params.map((p) => declare(p, '', budget));
      if (t.variadic) params.push('...');
      else if (params.length === 0 && t.prototyped) params.push('void');
      return declare(t.returnType, `${inner}(${params.join(', ')})`, budget);
    }
  }
}

/** `inner` is "*…": arrays and functions need it parenthesised ("int (*)[4]", "int (*)(int)"). */
function pointerTo(target: CType, inner: string, budget: { left: number }): string {
  const s = target.kind === 'array' || target.kind === 'function' ? `(${inner})` : inner;
  return declare(target, s, budget);
}
