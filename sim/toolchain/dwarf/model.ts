// The debugger's view of one compile unit, built from its DIE tree: functions (pc ranges, frame
// base, parameters, locals in nested lexical blocks, where the prologue ends) and the unit's
// global and file-static variables, each variable with its C type and location description.
// Built once per unit, on first use; program.ts ties the units together.

import { DW_AT, DW_TAG } from './constants';
import type { DwarfFile } from './dwarf';
import { staticAddress } from './eval';
import type { Die, Unit } from './info';
import { lineFile, type LineTable } from './line';
import type { LocationListEntry, PcRange } from './lists';
import { stripTypedefs, type CType, type TypeBuilder } from './types';

/** Where a variable (or a frame base) lives, before it is evaluated against a stopped frame. */
export type LocationDescription =
  /** One expression for the whole scope (always so at -O0). */
  | { readonly kind: 'expr'; readonly expr: Uint8Array }
  /** Different expressions for different pc ranges (optimised code). */
  | { readonly kind: 'list'; readonly entries: readonly LocationListEntry[] }
  /** No storage: the value is this constant (DW_AT_const_value), little-endian. */
  | { readonly kind: 'const'; readonly bytes: Uint8Array }
  /** Declared, but not present in the program ("optimized out"). */
  | { readonly kind: 'none' };

export type Storage = 'parameter' | 'local' | 'staticLocal' | 'global' | 'fileStatic';

export interface Variable {
  readonly name: string;
  readonly type: CType;
  readonly storage: Storage;
  readonly location: LocationDescription;
  /** The fixed address of a global or static local (DW_OP_addr/addrx); undefined otherwise. */
  readonly address: number | undefined;
  readonly declFile: string | undefined;
  readonly declLine: number | undefined;
  /** The function a parameter or local belongs to. */
  readonly function: FunctionInfo | undefined;
  readonly unit: Unit;
  readonly dieOffset: number;
}

/** A lexical block: its code ranges, its variables, and the blocks nested in it. */
export interface Block {
  readonly ranges: readonly PcRange[];
  readonly variables: readonly Variable[];
  readonly blocks: readonly Block[];
}

export interface FunctionInfo {
  readonly name: string;
  /** Lowest and highest-plus-one address of its code. */
  readonly low: number;
  readonly high: number;
  readonly ranges: readonly PcRange[];
  /** The first address after the prologue (prologue_end in the line table): where a function breakpoint goes. */
  readonly bodyStart: number;
  /** DW_AT_frame_base (clang -O0 RV32: DW_OP_reg8, i.e. the value of s0). */
  readonly frameBase: LocationDescription;
  readonly returnType: CType;
  readonly parameters: readonly Variable[];
  readonly variadic: boolean;
  /** Locals at function level, and the nested blocks. Its ranges are the function's. */
  readonly body: Block;
  /** False for `static` functions. */
  readonly external: boolean;
  readonly declFile: string | undefined;
  readonly declLine: number | undefined;
  readonly unit: Unit;
  readonly dieOffset: number;
}

export interface UnitModel {
  readonly unit: Unit;
  /** DW_AT_name of the unit (the main source file as given to the compiler). */
  readonly name: string | undefined;
  /** Sorted by low address. */
  readonly functions: readonly FunctionInfo[];
  /** Unit-level variables: externals and file statics. */
  readonly variables: readonly Variable[];
}

/** Blocks nested deeper than this are treated as corrupt. */
const maxBlockDepth = 256;

/** Builds the model of one unit. */
export function buildUnitModel(dwarf: DwarfFile, unit: Unit, types: TypeBuilder): UnitModel {
  const root = unit.root;
  const table = dwarf.lineTable(unit);
  const ctx: Ctx = { dwarf, types, table };
  const functions: FunctionInfo[] = [];
  const variables: Variable[] = [];
  for (const die of unit.dies[0].children) {
    if (die.tag === DW_TAG.subprogram) {
      const fn = buildFunction(die, ctx);
      if (fn) functions.push(fn);
    } else if (die.tag === DW_TAG.variable) {
      const v = buildVariable(die, ctx, undefined);
      if (v) variables.push(v);
    }
  }
  functions.sort((a, b) => a.low - b.low);
  return { unit, name: root.name, functions, variables };
}

interface Ctx {
  readonly dwarf: DwarfFile;
  readonly types: TypeBuilder;
  readonly table: LineTable | undefined;
}

function buildFunction(die: Die, ctx: Ctx): FunctionInfo | undefined {
  if (die.flag(DW_AT.declaration)) return undefined;
  const ranges = die.ranges();
  if (ranges.length === 0) return undefined; // an abstract (inline-only) instance or a discarded function
  const low = ranges.reduce((m, r) => Math.min(m, r.low), Infinity);
  const high = ranges.reduce((m, r) => Math.max(m, r.high), 0);
  const parameters: Variable[] = [];
  const body: MutableBlock = { ranges, variables: [], blocks: [] };
  const decl = declPosition(die, ctx);
  const fn: FunctionInfo = {
    name: die.inherited(DW_AT.name)?.name ?? `<function at 0x${low.toString(16)}>`,
    low,
    high,
    ranges,
    bodyStart: bodyStart(ctx.table, low, high),
    frameBase: locationOf(die, DW_AT.frame_base),
    returnType: typeOf(die, ctx),
    parameters,
    variadic: die.children.some((c) => c.tag === DW_TAG.unspecified_parameters),
    body,
    external: die.inherited(DW_AT.external)?.flag(DW_AT.external) ?? false,
    declFile: decl.file,
    declLine: decl.line,
    unit: die.unit,
    dieOffset: die.offset,
  };
  for (const child of die.children) {
    if (child.tag === DW_TAG.formal_parameter) {
      const v = buildVariable(child, ctx, fn);
      if (v) parameters.push(v);
    }
  }
  fillBlock(body, die, ctx, fn, 0);
  return fn;
}

interface MutableBlock {
  ranges: readonly PcRange[];
  variables: Variable[];
  blocks: MutableBlock[];
}

// Variables and nested blocks of a subprogram or lexical block. An inlined call (optimised
// code only) is treated as a block whose parameters are its variables.
function fillBlock(block: MutableBlock, die: Die, ctx: Ctx, fn: FunctionInfo, depth: number): void {
  if (depth > maxBlockDepth) throw die.error(`lexical blocks nested more than ${maxBlockDepth} deep`);
  for (const child of die.children) {
    if (child.tag === DW_TAG.variable || (child.tag === DW_TAG.formal_parameter && die.tag === DW_TAG.inlined_subroutine)) {
      const v = buildVariable(child, ctx, fn);
      if (v) block.variables.push(v);
    } else if (child.tag === DW_TAG.lexical_block || child.tag === DW_TAG.inlined_subroutine) {
      const ranges = child.ranges();
      const nested: MutableBlock = { ranges: ranges.length > 0 ? ranges : block.ranges, variables: [], blocks: [] };
      fillBlock(nested, child, ctx, fn, depth + 1);
      block.blocks.push(nested);
    }
  }
}

function buildVariable(die: Die, ctx: Ctx, fn: FunctionInfo | undefined): Variable | undefined {
  const location = locationOf(die, DW_AT.location);
  const constant = location.kind === 'none' ? constLocation(die, ctx) : undefined;
  // A unit-level declaration (`extern int x;`) without a location is not a variable of this unit.
  if (!fn && die.flag(DW_AT.declaration) && location.kind === 'none') return undefined;
  const name = die.inherited(DW_AT.name)?.name;
  if (name === undefined) return undefined;
  const address = location.kind === 'expr' ? staticAddress(location.expr, die.unit.addressSize, (i) => die.unit.addressAt(i)) : undefined;
  const external = die.inherited(DW_AT.external)?.flag(DW_AT.external) ?? false;
  const storage: Storage = die.tag === DW_TAG.formal_parameter ? 'parameter' : fn ? (address !== undefined ? 'staticLocal' : 'local') : external ? 'global' : 'fileStatic';
  const decl = declPosition(die, ctx);
  return {
    name,
    type: typeOf(die, ctx),
    storage,
    location: constant ?? location,
    address,
    declFile: decl.file,
    declLine: decl.line,
    function: fn,
    unit: die.unit,
    dieOffset: die.offset,
  };
}

function typeOf(die: Die, ctx: Ctx): CType {
  const owner = die.inherited(DW_AT.type);
  return owner ? ctx.types.typeOf(owner) : ctx.types.typeOf(die);
}

function locationOf(die: Die, name: number): LocationDescription {
  const a = die.attr(name);
  if (!a) return { kind: 'none' };
  if (a.value.kind === 'block') return a.value.bytes.length > 0 ? { kind: 'expr', expr: a.value.bytes } : { kind: 'none' };
  const entries = die.locationList(name);
  return entries ? { kind: 'list', entries } : { kind: 'none' };
}

// DW_AT_const_value: a constant of the variable's size, a block of its bytes, or a string.
function constLocation(die: Die, ctx: Ctx): LocationDescription | undefined {
  const a = die.attr(DW_AT.const_value);
  if (!a) return undefined;
  if (a.value.kind === 'block') return { kind: 'const', bytes: a.value.bytes };
  if (a.value.kind === 'string') return { kind: 'const', bytes: new TextEncoder().encode(a.value.value + '\0') };
  const size = stripTypedefs(typeOf(die, ctx)).size ?? 8;
  let v = BigInt(die.signed(DW_AT.const_value) ?? 0);
  const bytes = new Uint8Array(Math.min(Math.max(size, 1), 16));
  for (let i = 0; i < bytes.length; i++, v >>= 8n) bytes[i] = Number(v & 0xffn);
  return { kind: 'const', bytes };
}

function declPosition(die: Die, ctx: Ctx): { file: string | undefined; line: number | undefined } {
  const owner = die.inherited(DW_AT.decl_file);
  const index = owner?.unsigned(DW_AT.decl_file);
  // The file index belongs to the line table of the unit that holds the attribute.
  const table = owner && owner.unit !== die.unit ? ctx.dwarf.lineTable(owner.unit) : ctx.table;
  const file = index !== undefined && table ? lineFile(table, index)?.path : undefined;
  return { file, line: die.inherited(DW_AT.decl_line)?.unsigned(DW_AT.decl_line) };
}

// Where the prologue ends: the first prologue_end row inside the function, else the second
// statement row (what gdb falls back to), else the entry.
function bodyStart(table: LineTable | undefined, low: number, high: number): number {
  const seq = table?.sequences.find((s) => s.low <= low && low < s.high);
  if (!seq) return low;
  const rows = seq.rows;
  // The first row at or after low (rows are in address order within a sequence).
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].address < low) lo = mid + 1;
    else hi = mid;
  }
  let second: number | undefined;
  for (let i = lo; i < rows.length; i++) {
    const row = rows[i];
    if (row.endSequence || row.address >= high) break;
    if (row.prologueEnd) return row.address;
    if (second === undefined && row.address > low && row.isStmt && row.line !== 0) second = row.address;
  }
  return second ?? low;
}
