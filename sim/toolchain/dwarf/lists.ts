// Range lists (DW_AT_ranges: DWARF 5 .debug_rnglists, DWARF ≤ 4 .debug_ranges) and location
// lists (DW_AT_location of optimised code: .debug_loclists, .debug_loc), decoded into absolute
// address ranges. clang -O0 only uses range lists (for a unit whose code is split over several
// sections); location lists are here so that -O1 code reads without errors.

import { DW_LLE, DW_RLE } from './constants';
import { Cursor, DwarfError } from './cursor';
import type { AttrValue } from './forms';
import type { DebugSections } from './sections';

/** A half-open address range [low, high). */
export interface PcRange {
  readonly low: number;
  readonly high: number;
}

/** One entry of a location list: the expression that holds for pc in [low, high). */
export interface LocationListEntry extends PcRange {
  readonly expr: Uint8Array;
}

/** What list decoding needs from the unit that refers to the list. */
export interface ListContext {
  readonly sections: DebugSections;
  readonly version: number;
  readonly addressSize: number;
  /** The unit's DW_AT_low_pc (base address of list entries), 0 without one. */
  readonly baseAddress: number;
  readonly rnglistsBase: number;
  readonly loclistsBase: number;
  /** Entry `index` of the unit's .debug_addr table. */
  addressAt(index: number): number;
}

/** Lists are bounded by their section, but a corrupt list could still be long; this caps entries. */
const maxEntries = 1 << 20;

/** The ranges of a DW_AT_ranges value (sec_offset or rnglistx). */
export function readRangeList(ctx: ListContext, value: AttrValue): PcRange[] {
  if (ctx.version >= 5) {
    const c = new Cursor(ctx.sections.rnglists, '.debug_rnglists');
    c.seek(listOffset(c, ctx.rnglistsBase, value, 'rnglistx'));
    return readRnglist(c, ctx);
  }
  if (value.kind !== 'secOffset' && value.kind !== 'constant') throw new DwarfError(`DW_AT_ranges has a ${value.kind} value, expected a section offset`);
  const c = new Cursor(ctx.sections.ranges, '.debug_ranges');
  c.seek(Number(value.value));
  return readDebugRanges(c, ctx);
}

/** The entries of a DW_AT_location (or DW_AT_frame_base) location list value. */
export function readLocationList(ctx: ListContext, value: AttrValue): LocationListEntry[] {
  if (ctx.version >= 5) {
    const c = new Cursor(ctx.sections.loclists, '.debug_loclists');
    c.seek(listOffset(c, ctx.loclistsBase, value, 'loclistx'));
    return readLoclist(c, ctx);
  }
  if (value.kind !== 'secOffset' && value.kind !== 'constant') throw new DwarfError(`location list has a ${value.kind} value, expected a section offset`);
  const c = new Cursor(ctx.sections.loc, '.debug_loc');
  c.seek(Number(value.value));
  return readDebugLoc(c, ctx);
}

/** The section offset a sec_offset or an index form (rnglistx/loclistx through the offsets table at `base`) points at. */
function listOffset(c: Cursor, base: number, value: AttrValue, indexKind: 'rnglistx' | 'loclistx'): number {
  if (value.kind === 'secOffset') return value.value;
  if (value.kind === indexKind) {
    c.seek(base);
    c.skip(value.index * 4, `${indexKind} offset table`);
    return base + c.u32();
  }
  throw c.error(`list reference has a ${value.kind} value`);
}

// DWARF 5 §2.17.3: a series of DW_RLE_* entries ending with DW_RLE_end_of_list.
function readRnglist(c: Cursor, ctx: ListContext): PcRange[] {
  const ranges: PcRange[] = [];
  let base = ctx.baseAddress;
  for (let n = 0; n < maxEntries; n++) {
    const at = c.offset;
    const kind = c.u8();
    switch (kind) {
      case DW_RLE.end_of_list:
        return ranges;
      case DW_RLE.base_addressx:
        base = ctx.addressAt(c.uleb());
        break;
      case DW_RLE.startx_endx:
        push(ranges, ctx.addressAt(c.uleb()), ctx.addressAt(c.uleb()), c, at);
        break;
      case DW_RLE.startx_length: {
        const low = ctx.addressAt(c.uleb());
        push(ranges, low, low + c.uleb(), c, at);
        break;
      }
      case DW_RLE.offset_pair:
        push(ranges, base + c.uleb(), base + c.uleb(), c, at);
        break;
      case DW_RLE.base_address:
        base = c.address(ctx.addressSize);
        break;
      case DW_RLE.start_end:
        push(ranges, c.address(ctx.addressSize), c.address(ctx.addressSize), c, at);
        break;
      case DW_RLE.start_length: {
        const low = c.address(ctx.addressSize);
        push(ranges, low, low + c.uleb(), c, at);
        break;
      }
      default:
        throw c.error(`unknown range list entry kind 0x${kind.toString(16)}`, at);
    }
  }
  throw c.error('range list has no end');
}

// DWARF 4 §2.17.3: (begin, end) pairs relative to the base address; (max, a) sets the base;
// (0, 0) ends the list.
function readDebugRanges(c: Cursor, ctx: ListContext): PcRange[] {
  const ranges: PcRange[] = [];
  const max = ctx.addressSize === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  let base = ctx.baseAddress;
  for (let n = 0; n < maxEntries; n++) {
    const at = c.offset;
    const begin = c.address(ctx.addressSize);
    const end = c.address(ctx.addressSize);
    if (begin === 0 && end === 0) return ranges;
    if (begin === max) base = end;
    else push(ranges, base + begin, base + end, c, at);
  }
  throw c.error('range list has no end');
}

// DWARF 5 §2.6.2: DW_LLE_* entries, each bounded entry followed by a ULEB-counted expression.
function readLoclist(c: Cursor, ctx: ListContext): LocationListEntry[] {
  const entries: LocationListEntry[] = [];
  let base = ctx.baseAddress;
  const entry = (low: number, high: number, at: number): void => {
    const expr = c.bytesOf(c.uleb(), 'location expression');
    if (high < low) throw c.error(`location list entry ends (0x${high.toString(16)}) before it starts (0x${low.toString(16)})`, at);
    entries.push({ low, high, expr });
  };
  for (let n = 0; n < maxEntries; n++) {
    const at = c.offset;
    const kind = c.u8();
    switch (kind) {
      case DW_LLE.end_of_list:
        return entries;
      case DW_LLE.base_addressx:
        base = ctx.addressAt(c.uleb());
        break;
      case DW_LLE.startx_endx:
        entry(ctx.addressAt(c.uleb()), ctx.addressAt(c.uleb()), at);
        break;
      case DW_LLE.startx_length: {
        const low = ctx.addressAt(c.uleb());
        entry(low, low + c.uleb(), at);
        break;
      }
      case DW_LLE.offset_pair:
        entry(base + c.uleb(), base + c.uleb(), at);
        break;
      case DW_LLE.default_location:
        entry(0, Number.MAX_SAFE_INTEGER, at);
        break;
      case DW_LLE.base_address:
        base = c.address(ctx.addressSize);
        break;
      case DW_LLE.start_end:
        entry(c.address(ctx.addressSize), c.address(ctx.addressSize), at);
        break;
      case DW_LLE.start_length: {
        const low = c.address(ctx.addressSize);
        entry(low, low + c.uleb(), at);
        break;
      }
      default:
        throw c.error(`unknown location list entry kind 0x${kind.toString(16)}`, at);
    }
  }
  throw c.error('location list has no end');
}

// DWARF 4 §2.6.2: (begin, end) pairs, each followed by a 2-byte length and an expression.
function readDebugLoc(c: Cursor, ctx: ListContext): LocationListEntry[] {
  const entries: LocationListEntry[] = [];
  const max = ctx.addressSize === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
  let base = ctx.baseAddress;
  for (let n = 0; n < maxEntries; n++) {
    const at = c.offset;
    const begin = c.address(ctx.addressSize);
    const end = c.address(ctx.addressSize);
    if (begin === 0 && end === 0) return entries;
    if (begin === max) {
      base = end;
      continue;
    }
    const expr = c.bytesOf(c.u16(), 'location expression');
    if (end < begin) throw c.error('location list entry ends before it starts', at);
    entries.push({ low: base + begin, high: base + end, expr });
  }
  throw c.error('location list has no end');
}

function push(ranges: PcRange[], low: number, high: number, c: Cursor, at: number): void {
  if (high < low) throw c.error(`range ends (0x${high.toString(16)}) before it starts (0x${low.toString(16)})`, at);
  if (high > low) ranges.push({ low, high });
}
