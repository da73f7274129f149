// The type DIEs of one compilation, described the way clang describes them for RV32 (so that
// gdb, lldb and oslab's debugger read ours as they read clang's): base types under clang's
// names and encodings, qualifiers outside typedefs outside the type, arrays as one array_type
// with a subrange per dimension. Each distinct type gets one DIE per unit: structs, unions and
// enums by the identity of their declaration, everything else by structure.

import { DW_AT, DW_TAG, data1, die, flag, ref, sdata, str, udata, type Die } from './debug-die';
import type { CompileContext } from './context';
import type { SourceLocation } from './token';
import { sizeOf, type CType, type EnumDecl, type FunctionType, type IntegerType, type Member, type RecordDecl } from './types';

const DW_ATE = { boolean: 0x02, signed: 0x05, signed_char: 0x06, unsigned: 0x07, unsigned_char: 0x08 } as const;

/** Source position attributes; the file joins the line table's file list. */
export function declAttrs(ctx: CompileContext, loc: SourceLocation): [number, ReturnType<typeof udata>][] {
  return [[DW_AT.decl_file, udata(ctx.lineTableFile(loc.file))], [DW_AT.decl_line, udata(loc.line)]];
}

export class DebugTypes {
  private readonly byKey = new Map<string, Die>();
  private readonly declIds = new Map<RecordDecl | EnumDecl, number>();

  /**
   * New type DIEs go to `unitDies`, except that a struct, union, enum or typedef declared inside
   * a function goes where `localHome` says (the subprogram's, as clang puts them there).
   */
  constructor(
    private readonly ctx: CompileContext,
    private readonly unitDies: Die[],
    private readonly localHome: (declaredAt: SourceLocation) => Die[] | null = () => null,
  ) {}

  /** The DIE for `t`, or null for void (which DWARF writes as a missing DW_AT_type). */
  dieFor(t: CType): Die | null {
    if (t.kind === 'void' && !t.qualifiers?.const && !t.qualifiers?.volatile && !t.typedefName) return null;
    const key = this.keyOf(t);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    return this.create(t, key);
  }

  /** `[DW_AT_type, ref]` for t, or nothing for void. */
  typeAttr(t: CType): [number, ReturnType<typeof ref>][] {
    const d = this.dieFor(t);
    return d ? [[DW_AT.type, ref(d)]] : [];
  }

  // Registers the DIE before describing its parts, so that `struct node *next` finds its struct.
  private add(key: string, d: Die, declaredAt?: SourceLocation): Die {
    this.byKey.set(key, d);
    ((declaredAt && this.localHome(declaredAt)) ?? this.unitDies).push(d);
    return d;
  }

  private create(t: CType, key: string): Die {
    const q = t.qualifiers;
    // Outermost first: `const volatile T` is const → volatile → T, and a typedef sits inside its qualifiers.
    if (q?.const) return this.wrap(DW_TAG.const_type, key, { ...t, qualifiers: { ...q, const: false } } as CType);
    if (q?.volatile) return this.wrap(DW_TAG.volatile_type, key, { ...t, qualifiers: { ...q, volatile: false } } as CType);
    if (t.typedefName) {
      const d = this.add(key, die(DW_TAG.typedef), t.typedefLoc);
      const { typedefName: _n, typedefLoc: _l, ...inner } = t;
      d.attrs.push(...this.typeAttr({ ...inner, qualifiers: undefined } as CType), [DW_AT.name, str(t.typedefName)]);
      if (t.typedefLoc) d.attrs.push(...declAttrs(this.ctx, t.typedefLoc));
      return d;
    }
    switch (t.kind) {
      case 'void':
        throw new Error('bare void has no type DIE'); // dieFor answers null before reaching here
      case 'pointer': {
        const d = this.add(key, die(DW_TAG.pointer_type));
        d.attrs.push(...this.typeAttr(t.base));
        return d;
      }
      case 'array':
        return this.array(t, key);
      case 'function':
        return this.subroutine(t, key);
      case 'struct':
      case 'union':
        return this.record(t.decl, key);
      case 'enum':
        return this.enumeration(t.decl, key);
      default:
        return this.add(key, baseType(t));
    }
  }

  private wrap(tag: number, key: string, inner: CType): Die {
    const d = this.add(key, die(tag));
    d.attrs.push(...this.typeAttr(inner));
    return d;
  }

  // `int a[2][3]`: one array_type with a subrange per dimension; `int a[]` has no count.
  private array(t: CType & { kind: 'array' }, key: string): Die {
    const d = this.add(key, die(DW_TAG.array_type));
    const index = this.arrayIndexType();
    let element: CType = t;
    const subranges: Die[] = [];
    while (element.kind === 'array' && (element === t || (!element.qualifiers && !element.typedefName))) {
      const count = element.length === null ? [] : [[DW_AT.count, udata(element.length)] as [number, ReturnType<typeof udata>]];
      subranges.push(die(DW_TAG.subrange_type, [[DW_AT.type, ref(index)], ...count]));
      element = element.element;
    }
    d.attrs.push(...this.typeAttr(element));
    d.children.push(...subranges);
    return d;
  }

  // clang's index type for subranges: an 8-byte unsigned base type no C program can name.
  private arrayIndexType(): Die {
    const key = 'array-index';
    const existing = this.byKey.get(key);
    if (existing) return existing;
    return this.add(key, die(DW_TAG.base_type, [[DW_AT.name, str('__ARRAY_SIZE_TYPE__')], [DW_AT.byte_size, data1(8)], [DW_AT.encoding, data1(DW_ATE.unsigned)]]));
  }

  private subroutine(t: FunctionType, key: string): Die {
    const d = this.add(key, die(DW_TAG.subroutine_type));
    d.attrs.push(...this.typeAttr(t.returnType));
    if (t.prototyped) d.attrs.push([DW_AT.prototyped, flag]);
    for (const p of t.params) d.children.push(die(DW_TAG.formal_parameter, this.typeAttr(p.type)));
    // `int f()` says nothing of its parameters: clang marks it as it marks `...`.
    if (t.variadic || !t.prototyped) d.children.push(die(DW_TAG.unspecified_parameters));
    return d;
  }

  private record(decl: RecordDecl, key: string): Die {
    const d = this.add(key, die(decl.kind === 'struct' ? DW_TAG.structure_type : DW_TAG.union_type), decl.loc);
    if (decl.tag !== null) d.attrs.push([DW_AT.name, str(decl.tag)]);
    if (!decl.complete) {
      d.attrs.push([DW_AT.declaration, flag]);
      return d;
    }
    d.attrs.push([DW_AT.byte_size, udata(decl.size)], ...declAttrs(this.ctx, decl.loc));
    for (const m of decl.members) {
      if (m.name === null && m.bitWidth !== undefined) continue; // padding, as clang leaves it out
      const name: [number, ReturnType<typeof str>][] = m.name === null ? [] : [[DW_AT.name, str(m.name)]];
      const location: [number, ReturnType<typeof udata>] = [DW_AT.data_member_location, udata(m.offset)];
      d.children.push(die(DW_TAG.member, [...name, ...this.typeAttr(m.type), ...declAttrs(this.ctx, m.loc), ...bitFieldAttrs(m), location]));
    }
    return d;
  }

  private enumeration(decl: EnumDecl, key: string): Die {
    const signed = decl.constants.some((c) => c.value < 0);
    const d = this.add(key, die(DW_TAG.enumeration_type), decl.loc);
    const underlying: IntegerType = { kind: 'int', unsigned: !signed };
    d.attrs.push(...this.typeAttr(underlying));
    if (decl.tag !== null) d.attrs.push([DW_AT.name, str(decl.tag)]);
    if (!decl.complete) {
      d.attrs.push([DW_AT.declaration, flag]);
      return d;
    }
    d.attrs.push([DW_AT.byte_size, data1(4)], ...declAttrs(this.ctx, decl.loc));
    for (const c of decl.constants) {
      d.children.push(die(DW_TAG.enumerator, [[DW_AT.name, str(c.name)], [DW_AT.const_value, signed ? sdata(c.value) : udata(c.value)]]));
    }
    return d;
  }

  // A string naming t's structure: equal keys, equal DWARF. Declarations count by identity.
  private keyOf(t: CType): string {
    const q = t.qualifiers;
    // `_Atomic` is left out, as clang does at DWARF 4 (DW_TAG_atomic_type is DWARF 5).
    const quals = `${q?.const ? 'c' : ''}${q?.volatile ? 'v' : ''}`;
    const prefix = `${quals}${t.typedefName ? `typedef ${t.typedefName}@${t.typedefLoc ? `${t.typedefLoc.file.id}:${t.typedefLoc.line}` : ''}|` : ''}`;
    switch (t.kind) {
      case 'pointer':
        return `${prefix}*${this.keyOf(t.base)}`;
      case 'array':
        return `${prefix}[${t.length ?? ''}]${this.keyOf(t.element)}`;
      case 'function':
        return `${prefix}fn${t.prototyped ? 'p' : ''}${t.variadic ? 'v' : ''}(${t.params.map((p) => this.keyOf(p.type)).join(',')})${this.keyOf(t.returnType)}`;
      case 'struct':
      case 'union':
      case 'enum':
        return `${prefix}${t.kind}#${this.declId(t.decl)}`;
      case 'void':
        return `${prefix}void`;
      default:
        return `${prefix}${baseTypeName(t)}`;
    }
  }

  private declId(decl: RecordDecl | EnumDecl): number {
    let id = this.declIds.get(decl);
    if (id === undefined) {
      id = this.declIds.size;
      this.declIds.set(decl, id);
    }
    return id;
  }
}

function baseTypeName(t: IntegerType): string {
  if (t.kind === 'bool') return '_Bool';
  if (t.kind === 'char') return t.plainChar ? 'char' : t.unsigned ? 'unsigned char' : 'signed char';
  const name = t.kind === 'longlong' ? 'long long' : t.kind;
  return t.unsigned ? `unsigned ${name}` : name;
}

function baseType(t: IntegerType): Die {
  const encoding =
    t.kind === 'bool' ? DW_ATE.boolean
    : t.kind === 'char' ? (t.unsigned ? DW_ATE.unsigned_char : DW_ATE.signed_char)
    : t.unsigned ? DW_ATE.unsigned : DW_ATE.signed;
  return die(DW_TAG.base_type, [[DW_AT.name, str(baseTypeName(t))], [DW_AT.encoding, data1(encoding)], [DW_AT.byte_size, data1(sizeOf(t))]]);
}

// A bit-field as clang 14 describes it even with -gdwarf-4 (its default GDB tuning keeps the
// DWARF 2 form): the storage unit's size, the width, and the offset of the field's most
// significant bit from the unit's most significant bit; DW_AT_data_member_location is the unit's.
function bitFieldAttrs(m: Member): [number, ReturnType<typeof data1>][] {
  if (m.bitWidth === undefined) return [];
  const unitBytes = Math.max(1, sizeOf(m.type));
  const fromMsb = unitBytes * 8 - (m.bitOffset ?? 0) - m.bitWidth;
  return [[DW_AT.byte_size, data1(unitBytes)], [DW_AT.bit_size, data1(m.bitWidth)], [DW_AT.bit_offset, data1(fromMsb)]];
}
