// .debug_info: unit headers (DWARF 2–5, DWARF 5 §7.5.1) and the tree of debugging information
// entries (DIEs) of each unit. Headers are read up front (cheap); a unit's DIE tree is decoded
// the first time something asks for it, so a debugger touching one function of a large program
// decodes one unit, not the whole section; a DIE's attribute values are decoded only when asked
// for. Indexed values (strx, addrx, rnglistx) are resolved then, through the unit's bases from
// its root DIE.

import type { AbbrevTable, Abbreviation } from './abbrev';
import { DW_AT, DW_FORM, DW_TAG, DW_UT, attributeName, tagName } from './constants';
import { Cursor, DwarfError, stringAt } from './cursor';
import { constantSigned, constantUnsigned, readForm, skipForm, type AttrValue, type FormContext } from './forms';
import { readLocationList, readRangeList, type ListContext, type LocationListEntry, type PcRange } from './lists';
import type { DebugSections } from './sections';

export interface Attribute {
  readonly name: number;
  readonly form: number;
  readonly value: AttrValue;
}

export interface UnitHeader {
  /** Offset of the unit header in .debug_info. */
  readonly offset: number;
  /** Offset just past the unit. */
  readonly end: number;
  readonly version: number;
  /** DW_UT_* (DW_UT_compile for DWARF ≤ 4 compile units). */
  readonly unitType: number;
  readonly addressSize: number;
  readonly abbrevOffset: number;
  /** Offset of the unit's root DIE. */
  readonly firstDieOffset: number;
  /** Type units: the signature and the offset (absolute) of the type DIE. */
  readonly typeSignature?: bigint;
  readonly typeOffset?: number;
}

/** What units need from the whole-program reader: cross-unit references and shared caches. */
export interface UnitSet {
  readonly sections: DebugSections;
  abbrevTable(offset: number): AbbrevTable;
  /** The DIE at an absolute .debug_info offset (any unit). */
  dieAt(offset: number): Die | undefined;
  /** The type DIE of the type unit with this signature. */
  typeBySignature(signature: bigint): Die | undefined;
}

/** Every unit header of .debug_info, in section order. */
export function readUnitHeaders(info: Uint8Array): UnitHeader[] {
  const c = new Cursor(info, '.debug_info');
  const headers: UnitHeader[] = [];
  while (!c.atEnd) {
    const offset = c.offset;
    const length = c.initialLength(`unit at 0x${offset.toString(16)}`);
    const end = c.offset + length;
    const h = c.slice(length, 'unit');
    const version = h.u16();
    if (version < 2 || version > 5) throw c.error(`unit has DWARF version ${version}; oslab reads versions 2 to 5`, offset);
    let unitType: number = DW_UT.compile;
    let addressSize: number;
    let abbrevOffset: number;
    let typeSignature: bigint | undefined;
    let typeOffset: number | undefined;
    if (version >= 5) {
      unitType = h.u8();
      addressSize = h.u8();
      abbrevOffset = h.sectionOffset();
      if (unitType === DW_UT.skeleton || unitType === DW_UT.split_compile) h.u64();
      else if (unitType === DW_UT.type || unitType === DW_UT.split_type) {
        typeSignature = h.u64();
        typeOffset = offset + h.sectionOffset();
      } else if (unitType !== DW_UT.compile && unitType !== DW_UT.partial) {
        throw c.error(`unknown unit type 0x${unitType.toString(16)}`, offset);
      }
    } else {
      abbrevOffset = h.sectionOffset();
      addressSize = h.u8();
    }
    if (addressSize !== 4 && addressSize !== 8) throw c.error(`unit has address size ${addressSize}`, offset);
    headers.push({ offset, end, version, unitType, addressSize, abbrevOffset, firstDieOffset: offset + 4 + h.offset, typeSignature, typeOffset });
  }
  return headers;
}

interface Bases {
  readonly str: number;
  readonly addr: number;
  readonly rnglists: number;
  readonly loclists: number;
}

/** Nesting deeper than this is treated as corrupt (real C programs nest a few dozen levels). */
const maxDepth = 512;

export class Unit implements ListContext {
  readonly sections: DebugSections;
  private tree: Die[] | undefined;
  private rootOnly: Die | undefined;
  private abbrevs: AbbrevTable | undefined;
  private forms: FormContext | undefined;
  private bytes: Uint8Array | undefined;
  private cachedBases: Bases | undefined;
  private cachedBase: number | undefined;

  constructor(
    readonly header: UnitHeader,
    readonly set: UnitSet,
  ) {
    this.sections = set.sections;
  }

  get version(): number {
    return this.header.version;
  }

  get addressSize(): number {
    return this.header.addressSize;
  }

  get offset(): number {
    return this.header.offset;
  }

  /** The unit's root DIE (DW_TAG_compile_unit for C), decoding only that DIE if the tree is not needed yet. */
  get root(): Die {
    if (this.tree) return this.tree[0];
    if (!this.rootOnly) this.rootOnly = this.decode(true)[0];
    return this.rootOnly;
  }

  /** All DIEs of the unit in section order (the root first). */
  get dies(): readonly Die[] {
    this.tree ??= this.decode(false);
    return this.tree;
  }

  /** The DIE at an absolute offset inside this unit. */
  dieAt(offset: number): Die | undefined {
    const dies = this.dies;
    let lo = 0;
    let hi = dies.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = dies[mid].offset;
      if (o === offset) return dies[mid];
      if (o < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The unit's DW_AT_low_pc: the base address of its range and location lists. */
  get baseAddress(): number {
    this.cachedBase ??= this.root.address(DW_AT.low_pc) ?? 0;
    return this.cachedBase;
  }

  get strOffsetsBase(): number {
    return this.bases.str;
  }

  get addrBase(): number {
    return this.bases.addr;
  }

  get rnglistsBase(): number {
    return this.bases.rnglists;
  }

  get loclistsBase(): number {
    return this.bases.loclists;
  }

  /** The root DIE's bases, read once (defaults: just past each section's DWARF 5 header). */
  private get bases(): Bases {
    this.cachedBases ??= {
      str: this.rootSecOffset(DW_AT.str_offsets_base) ?? 8,
      addr: this.rootSecOffset(DW_AT.addr_base) ?? 8,
      rnglists: this.rootSecOffset(DW_AT.rnglists_base) ?? 12,
      loclists: this.rootSecOffset(DW_AT.loclists_base) ?? 12,
    };
    return this.cachedBases;
  }

  /** Entry `index` of this unit's .debug_addr table (DW_FORM_addrx*, DW_OP_addrx). */
  addressAt(index: number): number {
    const c = new Cursor(this.sections.addr, '.debug_addr');
    const at = this.addrBase + index * this.addressSize;
    if (at + this.addressSize > this.sections.addr.length) throw new DwarfError(`.debug_addr: index ${index} (offset 0x${at.toString(16)}) of the unit at 0x${this.offset.toString(16)} is outside the section`);
    c.seek(at);
    return c.address(this.addressSize);
  }

  /** String `index` of this unit's .debug_str_offsets table (DW_FORM_strx*). */
  stringAt(index: number): string {
    const at = this.strOffsetsBase + index * 4;
    if (at + 4 > this.sections.strOffsets.length) throw new DwarfError(`.debug_str_offsets: index ${index} (offset 0x${at.toString(16)}) of the unit at 0x${this.offset.toString(16)} is outside the section`);
    const c = new Cursor(this.sections.strOffsets, '.debug_str_offsets', at);
    return stringAt(this.sections.str, '.debug_str', c.u32());
  }

  private rootSecOffset(name: number): number | undefined {
    const a = this.root.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'secOffset') return a.value.value;
    if (a.value.kind === 'constant') return constantUnsigned(a.value.value);
    throw new DwarfError(`${attributeName(name)} of the unit at 0x${this.offset.toString(16)} is not a section offset`);
  }

  /** What forms of this unit's DIEs need to be read. */
  get formContext(): FormContext {
    this.forms ??= { sections: this.sections, version: this.version, addressSize: this.addressSize, unitOffset: this.offset };
    return this.forms;
  }

  /** A cursor over this unit's bytes (positions are .debug_info offsets). */
  cursor(offset: number): Cursor {
    this.bytes ??= this.sections.info.subarray(0, this.header.end);
    return new Cursor(this.bytes, '.debug_info', offset);
  }

  private decode(rootOnly: boolean): Die[] {
    this.abbrevs ??= this.set.abbrevTable(this.header.abbrevOffset);
    const abbrevs = this.abbrevs;
    const c = this.cursor(this.header.firstDieOffset);
    const ctx = this.formContext;
    const dies: Die[] = [];
    const stack: Die[] = [];
    while (!c.atEnd) {
      const at = c.offset;
      const code = c.uleb();
      if (code === 0) {
        // A NULL entry closes the innermost open DIE; NULLs after the root are padding.
        stack.pop();
        continue;
      }
      if (dies.length > 0 && stack.length === 0) throw c.error(`unit at 0x${this.offset.toString(16)} has a second top-level DIE`, at);
      const abbrev = abbrevs.get(code);
      if (!abbrev) throw c.error(`DIE uses abbreviation code ${code}, which is not in the unit's table (at .debug_abbrev 0x${this.header.abbrevOffset.toString(16)})`, at);
      const attrsAt = c.offset;
      for (const spec of abbrev.specs) skipForm(c, spec, ctx);
      const parent = stack.at(-1);
      const die = new Die(at, abbrev, attrsAt, this, parent);
      if (dies.length === 0 && !isUnitTag(abbrev.tag)) throw c.error(`the unit's first DIE is ${tagName(abbrev.tag)}, not a unit`, at);
      dies.push(die);
      parent?.adopt(die);
      if (rootOnly) break;
      if (abbrev.hasChildren) {
        if (stack.length >= maxDepth) throw c.error(`DIEs nested more than ${maxDepth} deep`, at);
        stack.push(die);
      }
    }
    if (dies.length === 0) throw c.error(`unit at 0x${this.offset.toString(16)} has no DIEs`, this.header.firstDieOffset);
    return dies;
  }
}

function isUnitTag(tag: number): boolean {
  return tag === DW_TAG.compile_unit || tag === DW_TAG.partial_unit || tag === DW_TAG.type_unit || tag === DW_TAG.skeleton_unit;
}

const noChildren: readonly Die[] = Object.freeze([]);

/** The form a value at the cursor is in: DW_FORM_indirect's operand, else the abbreviation's form. */
function actualForm(c: Cursor, form: number): number {
  if (form !== DW_FORM.indirect) return form;
  const at = c.offset;
  const actual = c.uleb();
  c.seek(at);
  return actual;
}

/**
 * One debugging information entry. It holds only its offset, abbreviation and tree links;
 * attribute values are decoded from the section each time they are asked for (skipping the
 * ones before), which keeps a large unit's tree small: a DIE costs tens of bytes, not hundreds.
 */
export class Die {
  private kids: Die[] | undefined;

  constructor(
    /** Absolute offset in .debug_info. */
    readonly offset: number,
    private readonly abbrev: Abbreviation,
    /** Offset of the first attribute value. */
    private readonly attrsAt: number,
    readonly unit: Unit,
    readonly parent: Die | undefined,
  ) {}

  get tag(): number {
    return this.abbrev.tag;
  }

  get children(): readonly Die[] {
    return this.kids ?? noChildren;
  }

  /** Called by the unit's decoder, in order. */
  adopt(child: Die): void {
    (this.kids ??= []).push(child);
  }

  /** Every attribute, decoded. */
  get attributes(): readonly Attribute[] {
    const c = this.unit.cursor(this.attrsAt);
    const ctx = this.unit.formContext;
    return this.abbrev.specs.map((spec) => ({ name: spec.name, form: actualForm(c, spec.form), value: readForm(c, spec, ctx) }));
  }

  attr(name: number): Attribute | undefined {
    const specs = this.abbrev.specs;
    const i = specs.findIndex((s) => s.name === name);
    if (i < 0) return undefined;
    const c = this.unit.cursor(this.attrsAt);
    const ctx = this.unit.formContext;
    for (let j = 0; j < i; j++) skipForm(c, specs[j], ctx);
    return { name, form: actualForm(c, specs[i].form), value: readForm(c, specs[i], ctx) };
  }

  /** Whether the DIE has the attribute (without decoding any value). */
  has(name: number): boolean {
    return this.abbrev.specs.some((s) => s.name === name);
  }

  /** A DwarfError about this DIE. */
  error(message: string): DwarfError {
    return new DwarfError(`.debug_info: ${tagName(this.tag)} at 0x${this.offset.toString(16)}: ${message}`);
  }

  /** A string attribute (string, strp, line_strp, strx*). */
  string(name: number): string | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'string') return a.value.value;
    if (a.value.kind === 'strx') return this.unit.stringAt(a.value.index);
    throw this.error(`${attributeName(name)} is not a string`);
  }

  /** DW_AT_name. */
  get name(): string | undefined {
    return this.string(DW_AT.name);
  }

  /** A constant attribute read as unsigned. */
  unsigned(name: number): number | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'constant') return constantUnsigned(a.value.value);
    if (a.value.kind === 'secOffset') return a.value.value;
    throw this.error(`${attributeName(name)} is not a constant`);
  }

  /** A constant attribute read as signed (data1/2/4/8 sign-extended by size). */
  signed(name: number): number | bigint | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'constant') return constantSigned(a.value.value, a.form);
    throw this.error(`${attributeName(name)} is not a constant`);
  }

  flag(name: number): boolean {
    const a = this.attr(name);
    if (!a) return false;
    if (a.value.kind === 'flag') return a.value.value;
    throw this.error(`${attributeName(name)} is not a flag`);
  }

  /** An address attribute (addr, addrx*). */
  address(name: number): number | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'address') return a.value.value;
    if (a.value.kind === 'addrx') return this.unit.addressAt(a.value.index);
    throw this.error(`${attributeName(name)} is not an address`);
  }

  /** A block or exprloc attribute. */
  block(name: number): Uint8Array | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'block') return a.value.bytes;
    throw this.error(`${attributeName(name)} is not a block`);
  }

  /** The DIE a reference attribute points at (any unit, or a type unit for ref_sig8). */
  ref(name: number): Die | undefined {
    const a = this.attr(name);
    if (!a) return undefined;
    if (a.value.kind === 'ref') {
      const target = this.unit.set.dieAt(a.value.offset);
      if (!target) throw this.error(`${attributeName(name)} refers to 0x${a.value.offset.toString(16)}, where there is no DIE`);
      return target;
    }
    if (a.value.kind === 'refSig8') {
      const target = this.unit.set.typeBySignature(a.value.signature);
      if (!target) throw this.error(`${attributeName(name)} refers to type signature 0x${a.value.signature.toString(16)}, which no type unit has`);
      return target;
    }
    throw this.error(`${attributeName(name)} is not a reference`);
  }

  /** [low_pc, high_pc) when the DIE has them (high_pc as an address or as an offset from low_pc). */
  pcRange(): PcRange | undefined {
    const low = this.address(DW_AT.low_pc);
    const h = this.attr(DW_AT.high_pc);
    if (low === undefined || !h) return undefined;
    const high = h.value.kind === 'address' || h.value.kind === 'addrx' ? this.address(DW_AT.high_pc) : low + (this.unsigned(DW_AT.high_pc) ?? 0);
    if (high === undefined || high < low) throw this.error(`DW_AT_high_pc (0x${(high ?? 0).toString(16)}) is below DW_AT_low_pc (0x${low.toString(16)})`);
    return { low, high };
  }

  /** The code ranges of the DIE: DW_AT_ranges, or [low_pc, high_pc), or none. */
  ranges(): PcRange[] {
    const r = this.attr(DW_AT.ranges);
    if (r) return readRangeList(this.unit, r.value);
    const one = this.pcRange();
    return one && one.high > one.low ? [one] : [];
  }

  /** The location-list entries of a loclist-valued attribute (DW_AT_location in optimised code). */
  locationList(name: number): LocationListEntry[] | undefined {
    const a = this.attr(name);
    if (!a || a.value.kind === 'block') return undefined;
    if (a.value.kind === 'secOffset' || a.value.kind === 'loclistx' || (this.unit.version <= 3 && a.value.kind === 'constant')) return readLocationList(this.unit, a.value);
    throw this.error(`${attributeName(name)} is neither an expression nor a location list`);
  }

  /** The DIE's own attribute, or the one of the DIE it completes (DW_AT_specification / DW_AT_abstract_origin). */
  inherited(name: number): Die | undefined {
    let die: Die | undefined = this;
    for (let hops = 0; die && hops < 8; hops++) {
      if (die.has(name)) return die;
      die = die.has(DW_AT.specification) ? die.ref(DW_AT.specification) : die.has(DW_AT.abstract_origin) ? die.ref(DW_AT.abstract_origin) : undefined;
    }
    return undefined;
  }
}
