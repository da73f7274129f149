// Decodes one attribute value of any DWARF 2–5 form (DWARF 5 §7.5.6, table 7.6) into a tagged
// value of its attribute class. Shared by .debug_info (DIE attributes) and DWARF 5 .debug_line
// headers (directory and file entries). Indexed forms (strx*, addrx*, loclistx, rnglistx) stay
// indices here: their bases are attributes of the unit's root DIE, which may come after them.

import { DW_AT, DW_FORM, formName } from './constants';
import { Cursor, stringAt } from './cursor';
import type { DebugSections } from './sections';

export type AttrValue =
  /** DW_FORM_addr. */
  | { readonly kind: 'address'; readonly value: number }
  /** DW_FORM_addrx*: an index into the unit's .debug_addr table. */
  | { readonly kind: 'addrx'; readonly index: number }
  /** data1/2/4 (unsigned, as stored), data8 (bigint), udata, sdata, implicit_const. */
  | { readonly kind: 'constant'; readonly value: number | bigint }
  /** DW_FORM_data16 (MD5 checksums). */
  | { readonly kind: 'data16'; readonly bytes: Uint8Array }
  /** string, strp, line_strp: already looked up. */
  | { readonly kind: 'string'; readonly value: string }
  /** DW_FORM_strx*: an index into the unit's .debug_str_offsets table. */
  | { readonly kind: 'strx'; readonly index: number }
  /** ref1/2/4/8/udata/ref_addr: resolved to an absolute .debug_info offset. */
  | { readonly kind: 'ref'; readonly offset: number }
  /** DW_FORM_ref_sig8: a type unit's signature. */
  | { readonly kind: 'refSig8'; readonly signature: bigint }
  /** DW_FORM_sec_offset (and data4/data8 in DWARF ≤ 3 used as section offsets). */
  | { readonly kind: 'secOffset'; readonly value: number }
  /** block1/2/4/block and exprloc. */
  | { readonly kind: 'block'; readonly bytes: Uint8Array }
  | { readonly kind: 'flag'; readonly value: boolean }
  | { readonly kind: 'loclistx'; readonly index: number }
  | { readonly kind: 'rnglistx'; readonly index: number };

/** What a form needs to know about where it is read. */
export interface FormContext {
  readonly sections: DebugSections;
  readonly version: number;
  readonly addressSize: number;
  /** .debug_info offset of the unit header, for unit-relative references (0 outside .debug_info). */
  readonly unitOffset: number;
}

/** One attribute specification of an abbreviation (or of a DWARF 5 line-header entry format). */
export interface AttrSpec {
  readonly name: number;
  readonly form: number;
  /** The value of a DW_FORM_implicit_const attribute, stored in the abbreviation. */
  readonly implicitConst?: number;
}

/** Reads the value of `spec` at the cursor. */
export function readForm(c: Cursor, spec: AttrSpec, ctx: FormContext, form = spec.form, depth = 0): AttrValue {
  switch (form) {
    case DW_FORM.addr:
      return { kind: 'address', value: c.address(ctx.addressSize) };
    case DW_FORM.addrx:
      return { kind: 'addrx', index: c.uleb() };
    case DW_FORM.addrx1:
      return { kind: 'addrx', index: c.u8() };
    case DW_FORM.addrx2:
      return { kind: 'addrx', index: c.u16() };
    case DW_FORM.addrx3:
      return { kind: 'addrx', index: c.u24() };
    case DW_FORM.addrx4:
      return { kind: 'addrx', index: c.u32() };
    case DW_FORM.data1:
      return { kind: 'constant', value: c.u8() };
    case DW_FORM.data2:
      return { kind: 'constant', value: c.u16() };
    case DW_FORM.data4:
      return ctx.version <= 3 && isSectionOffsetAttr(spec.name) ? { kind: 'secOffset', value: c.u32() } : { kind: 'constant', value: c.u32() };
    case DW_FORM.data8:
      return { kind: 'constant', value: c.u64() };
    case DW_FORM.data16:
      return { kind: 'data16', bytes: c.bytesOf(16, 'data16 value') };
    case DW_FORM.sdata: {
      const v = c.slebBig();
      return { kind: 'constant', value: safeOrBig(v) };
    }
    case DW_FORM.udata: {
      const v = c.ulebBig();
      return { kind: 'constant', value: safeOrBig(v) };
    }
    case DW_FORM.implicit_const:
      return { kind: 'constant', value: spec.implicitConst ?? 0 };
    case DW_FORM.string:
      return { kind: 'string', value: c.cstring() };
    case DW_FORM.strp:
      return { kind: 'string', value: stringAt(ctx.sections.str, '.debug_str', c.sectionOffset()) };
    case DW_FORM.line_strp:
      return { kind: 'string', value: stringAt(ctx.sections.lineStr, '.debug_line_str', c.sectionOffset()) };
    case DW_FORM.strx:
      return { kind: 'strx', index: c.uleb() };
    case DW_FORM.strx1:
      return { kind: 'strx', index: c.u8() };
    case DW_FORM.strx2:
      return { kind: 'strx', index: c.u16() };
    case DW_FORM.strx3:
      return { kind: 'strx', index: c.u24() };
    case DW_FORM.strx4:
      return { kind: 'strx', index: c.u32() };
    case DW_FORM.ref1:
      return { kind: 'ref', offset: ctx.unitOffset + c.u8() };
    case DW_FORM.ref2:
      return { kind: 'ref', offset: ctx.unitOffset + c.u16() };
    case DW_FORM.ref4:
      return { kind: 'ref', offset: ctx.unitOffset + c.u32() };
    case DW_FORM.ref8:
      return { kind: 'ref', offset: ctx.unitOffset + c.unsigned(8) };
    case DW_FORM.ref_udata:
      return { kind: 'ref', offset: ctx.unitOffset + c.uleb() };
    case DW_FORM.ref_addr:
      // DWARF 2 made ref_addr address-sized; DWARF 3+ made it offset-sized.
      return { kind: 'ref', offset: ctx.version <= 2 ? c.address(ctx.addressSize) : c.sectionOffset() };
    case DW_FORM.ref_sig8:
      return { kind: 'refSig8', signature: c.u64() };
    case DW_FORM.sec_offset:
      return { kind: 'secOffset', value: c.sectionOffset() };
    case DW_FORM.exprloc:
    case DW_FORM.block:
      return { kind: 'block', bytes: c.bytesOf(c.uleb()) };
    case DW_FORM.block1:
      return { kind: 'block', bytes: c.bytesOf(c.u8()) };
    case DW_FORM.block2:
      return { kind: 'block', bytes: c.bytesOf(c.u16()) };
    case DW_FORM.block4:
      return { kind: 'block', bytes: c.bytesOf(c.u32()) };
    case DW_FORM.flag:
      return { kind: 'flag', value: c.u8() !== 0 };
    case DW_FORM.flag_present:
      return { kind: 'flag', value: true };
    case DW_FORM.loclistx:
      return { kind: 'loclistx', index: c.uleb() };
    case DW_FORM.rnglistx:
      return { kind: 'rnglistx', index: c.uleb() };
    case DW_FORM.indirect: {
      const at = c.offset;
      const actual = c.uleb();
      if (depth > 0 || actual === DW_FORM.indirect || actual === DW_FORM.implicit_const) throw c.error(`DW_FORM_indirect names ${formName(actual)}`, at);
      return readForm(c, spec, ctx, actual, depth + 1);
    }
    case DW_FORM.ref_sup4:
    case DW_FORM.ref_sup8:
    case DW_FORM.strp_sup:
      throw c.error(`${formName(form)} refers to a supplementary object file, which oslab does not read`);
    default:
      throw c.error(`unknown attribute form 0x${form.toString(16)}`);
  }
}

/** Fixed sizes of forms that need no reading to skip (address- and offset-sized ones are DWARF32, 4-byte addresses). */
const fixedSize = new Map<number, number>([
  [DW_FORM.data1, 1],
  [DW_FORM.ref1, 1],
  [DW_FORM.flag, 1],
  [DW_FORM.strx1, 1],
  [DW_FORM.addrx1, 1],
  [DW_FORM.data2, 2],
  [DW_FORM.ref2, 2],
  [DW_FORM.strx2, 2],
  [DW_FORM.addrx2, 2],
  [DW_FORM.strx3, 3],
  [DW_FORM.addrx3, 3],
  [DW_FORM.data4, 4],
  [DW_FORM.ref4, 4],
  [DW_FORM.strp, 4],
  [DW_FORM.line_strp, 4],
  [DW_FORM.sec_offset, 4],
  [DW_FORM.strx4, 4],
  [DW_FORM.addrx4, 4],
  [DW_FORM.data8, 8],
  [DW_FORM.ref8, 8],
  [DW_FORM.ref_sig8, 8],
  [DW_FORM.data16, 16],
  [DW_FORM.flag_present, 0],
  [DW_FORM.implicit_const, 0],
]);

/**
 * Moves the cursor past a value of `spec` without decoding it (how a unit's DIE tree is walked;
 * values are decoded when a DIE's attributes are first asked for).
 */
export function skipForm(c: Cursor, spec: AttrSpec, ctx: FormContext): void {
  const size = fixedSize.get(spec.form);
  if (size !== undefined) {
    c.skip(size, 'attribute value');
    return;
  }
  switch (spec.form) {
    case DW_FORM.addr:
      c.skip(ctx.addressSize, 'address');
      return;
    case DW_FORM.ref_addr:
      c.skip(ctx.version <= 2 ? ctx.addressSize : 4, 'reference');
      return;
    case DW_FORM.sdata:
    case DW_FORM.udata:
    case DW_FORM.ref_udata:
    case DW_FORM.strx:
    case DW_FORM.addrx:
    case DW_FORM.loclistx:
    case DW_FORM.rnglistx:
      c.ulebBig();
      return;
    case DW_FORM.string:
      c.cstring();
      return;
    case DW_FORM.exprloc:
    case DW_FORM.block:
      c.skip(c.uleb(), 'block');
      return;
    case DW_FORM.block1:
      c.skip(c.u8(), 'block');
      return;
    case DW_FORM.block2:
      c.skip(c.u16(), 'block');
      return;
    case DW_FORM.block4:
      c.skip(c.u32(), 'block');
      return;
    default:
      readForm(c, spec, ctx); // indirect, and the forms readForm rejects with a message
  }
}

/** True for a form whose size is known without reading it (used to validate abbreviations early). */
export function isKnownForm(form: number): boolean {
  return (form >= DW_FORM.addr && form <= DW_FORM.addrx4 && form !== 0x02) || form === DW_FORM.implicit_const;
}

function safeOrBig(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

/** DWARF ≤ 3 attributes whose data4 value is a section offset (DWARF 4 introduced sec_offset). */
function isSectionOffsetAttr(name: number): boolean {
  return sectionOffsetAttrs.has(name);
}

const sectionOffsetAttrs: ReadonlySet<number> = new Set([
  DW_AT.stmt_list,
  DW_AT.location,
  DW_AT.frame_base,
  DW_AT.ranges,
  DW_AT.macro_info,
  DW_AT.return_addr,
  DW_AT.static_link,
  DW_AT.string_length,
]);

/** A constant value as a JS number, interpreting data1/2/4/8 as unsigned. */
export function constantUnsigned(v: number | bigint): number {
  if (typeof v === 'number') return v;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : Number(BigInt.asUintN(64, v));
}

/** A constant value interpreted as signed, sign-extending data1/2/4/8 by their size. */
export function constantSigned(v: number | bigint, form: number): number | bigint {
  switch (form) {
    case DW_FORM.data1:
      return ((v as number) << 24) >> 24;
    case DW_FORM.data2:
      return ((v as number) << 16) >> 16;
    case DW_FORM.data4:
      return (v as number) | 0;
    case DW_FORM.data8: {
      const s = BigInt.asIntN(64, BigInt(v));
      return safeOrBig(s);
    }
    default:
      return v;
  }
}
