// The DWARF line table (.debug_line), built the way LLVM's MC layer builds it so that our bytes
// match llvm-mc's and clang's. Rows come from one of two places:
//  - `.loc` directives (compiler output): each `.loc` arms a row that the next instruction or
//    data value claims at its address (two `.loc`s in a row give the first one a row at once);
//  - `debugLines` (like `llvm-mc -g` on hand-written assembly): every instruction statement in
//    a code section gets a row for its source line, in a DWARF v4 table naming this file.
// The table is DWARF 5 when the source has a `.file 0` directive (clang -g output), else 4; each
// section with rows is one sequence, opened by DW_LNE_set_address (an R_RISCV_32 against the
// section) and closed by DW_LNE_end_sequence at the section's end.

import type { AsmContext } from './context';
import type { Directive } from './data-directives';
import { fail } from './diagnostics';
import { evaluateConstant } from './eval';
import { parseExpr } from './expr';
import type { AsmSymbol, SectionState } from './model';
import { DwarfWriter, debugSection, flushWriter } from './dwarf-writer';
import { exprScope, lookupSymbol, sectionSymbol } from './symbols';

const FLAG_IS_STMT = 1;
const MAX_FILE_NUMBER = 65535;
const FLAG_BASIC_BLOCK = 2;
const FLAG_PROLOGUE_END = 4;
const FLAG_EPILOGUE_BEGIN = 8;

interface LineState {
  file: number;
  line: number;
  column: number;
  flags: number;
  isa: number;
  discriminator: number;
}

interface LineRow extends LineState {
  readonly offset: number;
  readonly fragment: number;
}

export interface DwarfFile {
  readonly name: string;
  readonly dirIndex: number;
  readonly md5: bigint | null;
  readonly source: string | null;
}

export interface DebugState {
  /** 'loc': rows from .loc; 'generate': one row per instruction (-g); 'none': no line table. */
  readonly mode: 'none' | 'generate' | 'loc';
  /** The last .loc, and whether an instruction has claimed it yet. */
  current: LineState;
  locSeen: boolean;
  /** Rows per section, in the order sections got their first row. */
  readonly rows: Map<SectionState, LineRow[]>;
  /** Files by number (0 is the DWARF 5 root file); directories, 1-based in the table. */
  readonly files: (DwarfFile | undefined)[];
  readonly dirs: string[];
  root: DwarfFile | null;
  compDir: string;
  /** A `.file N` directive was seen, so a line table is emitted even without rows. */
  tableWanted: boolean;
  /** -g: code sections covered by the compile unit, and the labels defined in them. */
  readonly codeSections: SectionState[];
  readonly labels: { readonly name: string; readonly line: number; readonly symbol: AsmSymbol }[];
}

export function createDebugState(mode: DebugState['mode'], compDir: string): DebugState {
  return {
    mode,
    current: { file: 1, line: 1, column: 0, flags: FLAG_IS_STMT, isa: 0, discriminator: 0 },
    locSeen: false,
    rows: new Map(),
    files: [],
    dirs: [],
    root: null,
    compDir,
    tableWanted: false,
    codeSections: [],
    labels: [],
  };
}

/** Called whenever bytes are emitted: the pending `.loc` (if any) becomes a row here. */
export function noteLineEntry(ctx: AsmContext, section: SectionState, offset: number): void {
  const debug = ctx.debug;
  if (!debug.locSeen) return;
  debug.locSeen = false;
  let rows = debug.rows.get(section);
  if (!rows) {
    rows = [];
    debug.rows.set(section, rows);
  }
  const c = debug.current;
  rows.push({ file: c.file, line: c.line, column: c.column, flags: c.flags, isa: c.isa, discriminator: c.discriminator, offset, fragment: section.fragment });
}

// What `.loc` does: give a still-pending location its row here, then arm the new one.
function setLocation(ctx: AsmContext, state: LineState): void {
  noteLineEntry(ctx, ctx.current, ctx.current.size);
  ctx.debug.current = state;
  ctx.debug.locSeen = true;
}

/** -g: arms a row for an instruction statement on `line` (in code sections only). */
export function locationForStatement(ctx: AsmContext, line: number): void {
  if (ctx.debug.mode !== 'generate' || !ctx.debug.codeSections.includes(ctx.current)) return;
  setLocation(ctx, { file: 1, line, column: 0, flags: FLAG_IS_STMT, isa: 0, discriminator: 0 });
}

/** Registers a file like LLVM's MCDwarfLineTableHeader::tryGetFile; returns its number. */
export function addDwarfFile(debug: DebugState, number: number, directory: string, name: string, md5: bigint | null, source: string | null): void {
  let dir = directory === debug.compDir ? '' : directory;
  let file = name;
  if (dir === '' && file.includes('/')) {
    const slash = file.lastIndexOf('/');
    if (slash > 0 && slash < file.length - 1) {
      dir = file.slice(0, slash);
      file = file.slice(slash + 1);
    }
  }
  let dirIndex = 0;
  if (dir !== '') {
    dirIndex = debug.dirs.indexOf(dir) + 1;
    if (dirIndex === 0) dirIndex = debug.dirs.push(dir);
  }
  debug.files[number] = { name: file, dirIndex, md5, source };
}

const stringOf = (t: { bytes?: readonly number[] }) => new TextDecoder().decode(new Uint8Array(t.bytes ?? []));

// file = "file" number? string? string ("md5" number)? ("source" string)?
export const fileDirective: Directive = (ctx, cur, _name, loc) => {
  if (cur.peek().kind !== 'number') {
    const t = cur.next();
    if (t.kind !== 'string') fail({ line: t.line, col: t.col }, 'expected string');
    cur.expectEnd();
    ctx.fileSymbols.push(stringOf(t));
    return;
  }
  const numberTok = cur.next();
  const number = Number(numberTok.value);
  // The file table is dense up to the highest number, so keep the numbers sane.
  if (number > MAX_FILE_NUMBER) fail({ line: numberTok.line, col: numberTok.col }, `file number must be at most ${MAX_FILE_NUMBER}`);
  const strings: string[] = [];
  while (cur.peek().kind === 'string' && strings.length < 2) strings.push(stringOf(cur.next()));
  if (strings.length === 0) fail(cur.loc(), 'expected string');
  let md5: bigint | null = null;
  let source: string | null = null;
  while (!cur.atEnd()) {
    const key = cur.expectIdent("unexpected token in '.file' directive").text;
    if (key === 'md5') {
      const t = cur.next();
      if (t.kind !== 'number' || t.value >= 1n << 128n) fail({ line: t.line, col: t.col }, 'MD5 checksum must be a 128-bit number');
      md5 = t.value;
    } else if (key === 'source') {
      const t = cur.next();
      if (t.kind !== 'string') fail({ line: t.line, col: t.col }, 'expected string');
      source = stringOf(t);
    } else fail(loc, `unexpected '${key}' in '.file' directive`);
  }
  const [directory, name] = strings.length === 2 ? strings : ['', strings[0]];
  const debug = ctx.debug;
  if (debug.mode === 'none') return;
  debug.tableWanted = true;
  if (number === 0) {
    if (directory !== '') debug.compDir = directory;
    debug.root = { name, dirIndex: 0, md5, source };
    return;
  }
  if (debug.files[number]) fail({ line: numberTok.line, col: numberTok.col }, 'file number already allocated');
  addDwarfFile(debug, number, directory, name, md5, source);
};

// loc = "loc" file line column? (basic_block | prologue_end | epilogue_begin | is_stmt N | isa N | discriminator N)*
export const locDirective: Directive = (ctx, cur) => {
  const scope = exprScope(ctx);
  const fileLoc = cur.loc();
  const file = Number(evaluateConstant(ctx, parseExpr(cur, scope)));
  const debug = ctx.debug;
  if (debug.mode === 'none') return;
  if (file < 0 || file > MAX_FILE_NUMBER || (file === 0 ? !debug.root : !debug.files[file])) fail(fileLoc, "unassigned file number in '.loc' directive");
  const value = (what: string): number => {
    const at = cur.loc();
    const v = evaluateConstant(ctx, parseExpr(cur, scope));
    if (v < 0n || v >= 2n ** 31n) fail(at, `${what} out of range in '.loc' directive`);
    return Number(v);
  };
  const line = value('line number');
  const column = cur.peek().kind === 'number' ? value('column position') : 0;
  let flags = debug.current.flags & FLAG_IS_STMT;
  let isa = 0;
  let discriminator = 0;
  while (!cur.atEnd()) {
    const key = cur.expectIdent("unknown sub-directive in '.loc' directive");
    if (key.text === 'basic_block') flags |= FLAG_BASIC_BLOCK;
    else if (key.text === 'prologue_end') flags |= FLAG_PROLOGUE_END;
    else if (key.text === 'epilogue_begin') flags |= FLAG_EPILOGUE_BEGIN;
    else if (key.text === 'is_stmt') flags = value('is_stmt value') ? flags | FLAG_IS_STMT : flags & ~FLAG_IS_STMT;
    else if (key.text === 'isa') isa = value('isa number');
    else if (key.text === 'discriminator') discriminator = value('discriminator value');
    else fail({ line: key.line, col: key.col }, "unknown sub-directive in '.loc' directive");
  }
  setLocation(ctx, { file, line, column, flags, isa, discriminator });
};

// ---------------------------------------------------------------------------------------------
// Encoding, after the last statement.

const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
const MAX_SPECIAL_ADDR_DELTA = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

// MCDwarfLineAddr::encode: a line delta and an address delta as compactly as LLVM does.
function advance(w: DwarfWriter, lineDelta: number | 'end', addrDelta: number): void {
  if (lineDelta === 'end') {
    if (addrDelta === MAX_SPECIAL_ADDR_DELTA) w.u8(8 /* DW_LNS_const_add_pc */);
    else if (addrDelta) {
      w.u8(2 /* DW_LNS_advance_pc */);
      w.uleb(addrDelta);
    }
    w.u8(0);
    w.u8(1);
    w.u8(1 /* DW_LNE_end_sequence */);
    return;
  }
  let temp = lineDelta - LINE_BASE;
  let needCopy = false;
  // (LLVM's Temp is unsigned: a line delta below line_base wraps and takes this path too.)
  if (temp < 0 || temp >= LINE_RANGE || temp + OPCODE_BASE > 255) {
    w.u8(3 /* DW_LNS_advance_line */);
    w.sleb(lineDelta);
    lineDelta = 0;
    temp = -LINE_BASE;
    needCopy = true;
  }
  if (lineDelta === 0 && addrDelta === 0) {
    w.u8(1 /* DW_LNS_copy */);
    return;
  }
  temp += OPCODE_BASE;
  if (addrDelta < 256 + MAX_SPECIAL_ADDR_DELTA) {
    let opcode = temp + addrDelta * LINE_RANGE;
    if (opcode <= 255) return w.u8(opcode);
    opcode = temp + (addrDelta - MAX_SPECIAL_ADDR_DELTA) * LINE_RANGE;
    if (opcode <= 255) {
      w.u8(8 /* DW_LNS_const_add_pc */);
      return w.u8(opcode);
    }
  }
  w.u8(2 /* DW_LNS_advance_pc */);
  w.uleb(addrDelta);
  w.u8(needCopy ? 1 : temp);
}

// An address advance between two rows in different fragments: llvm-mc cannot compute it before
// layout, and RISC-V's backend (relaxDwarfLineAddr, LLVM 14) then writes it as a 16-bit
// DW_LNS_fixed_advance_pc filled by an ADD16/SUB16 pair (a set_address with ADD32/SUB32 past
// 60000 bytes), always after a DW_LNS_advance_line and followed by DW_LNS_copy.
function relaxedAdvance(w: DwarfWriter, lineDelta: number | 'end', section: AsmSymbol, from: number, to: number): void {
  if (lineDelta !== 'end') {
    w.u8(3 /* DW_LNS_advance_line */);
    w.sleb(lineDelta);
  }
  if (to - from > 60000) {
    w.u8(0);
    w.uleb(5);
    w.u8(2 /* DW_LNE_set_address */);
    w.difference(4, section, to, section, from);
  } else {
    w.u8(9 /* DW_LNS_fixed_advance_pc */);
    w.difference(2, section, to, section, from);
  }
  if (lineDelta === 'end') {
    w.u8(0);
    w.u8(1);
    w.u8(1 /* DW_LNE_end_sequence */);
  } else w.u8(1 /* DW_LNS_copy */);
}

// One sequence: MCDwarfLineTable's emitOne for one section.
function emitSequence(ctx: AsmContext, w: DwarfWriter, section: SectionState, rows: readonly LineRow[]): void {
  const sectionSym = sectionSymbol(ctx, section);
  let file = 1;
  let column = 0;
  let flags = FLAG_IS_STMT;
  let isa = 0;
  let discriminator = 0;
  let lastLine = 1;
  let last: LineRow | null = null;
  for (const row of rows) {
    const lineDelta = row.line - lastLine;
    if (file !== row.file) {
      file = row.file;
      w.u8(4 /* DW_LNS_set_file */);
      w.uleb(file);
    }
    if (column !== row.column) {
      column = row.column;
      w.u8(5 /* DW_LNS_set_column */);
      w.uleb(column);
    }
    if (discriminator !== row.discriminator) {
      discriminator = row.discriminator;
      const size = new DwarfWriter();
      size.uleb(discriminator);
      w.u8(0);
      w.uleb(size.bytes.length + 1);
      w.u8(4 /* DW_LNE_set_discriminator */);
      w.uleb(discriminator);
    }
    if (isa !== row.isa) {
      isa = row.isa;
      w.u8(12 /* DW_LNS_set_isa */);
      w.uleb(isa);
    }
    if ((row.flags ^ flags) & FLAG_IS_STMT) {
      flags = row.flags;
      w.u8(6 /* DW_LNS_negate_stmt */);
    }
    if (row.flags & FLAG_BASIC_BLOCK) w.u8(7);
    if (row.flags & FLAG_PROLOGUE_END) w.u8(10);
    if (row.flags & FLAG_EPILOGUE_BEGIN) w.u8(11);
    if (last === null) {
      w.u8(0);
      w.uleb(5);
      w.u8(2 /* DW_LNE_set_address */);
      w.ref(sectionSym, row.offset);
      advance(w, lineDelta, 0);
    } else if (last.fragment !== row.fragment) relaxedAdvance(w, lineDelta, sectionSym, last.offset, row.offset);
    else advance(w, lineDelta, row.offset - last.offset);
    discriminator = 0;
    lastLine = row.line;
    last = row;
  }
  if (last && last.fragment !== section.fragment) relaxedAdvance(w, 'end', sectionSym, last.offset, section.size);
  else advance(w, 'end', section.size - (last?.offset ?? 0));
}

/** Emits .debug_line (and .debug_line_str for DWARF 5) after the last statement. */
export function emitLineTable(ctx: AsmContext): void {
  const debug = ctx.debug;
  debug.locSeen = false;
  if (debug.mode === 'none' || (debug.mode === 'loc' && !debug.tableWanted && debug.rows.size === 0)) return;
  const version = debug.root ? 5 : 4;
  const section = debugSection(ctx, '.debug_line');
  // clang -S output defines this label itself, in an empty .debug_line, where the table goes.
  const start = lookupSymbol(ctx, '.Lline_table_start0');
  if (start.state === 'undefined') {
    start.state = 'label';
    start.section = section;
    start.offset = section.size;
  }
  const w = new DwarfWriter();
  w.u32(0); // unit_length, patched below
  w.u16(version);
  if (version >= 5) {
    w.u8(4);
    w.u8(0);
  }
  const headerLengthAt = w.bytes.length;
  w.u32(0);
  w.u8(1); // minimum_instruction_length
  w.u8(1); // maximum_operations_per_instruction
  w.u8(1); // default_is_stmt
  w.u8(LINE_BASE);
  w.u8(LINE_RANGE);
  w.u8(OPCODE_BASE);
  for (const n of STANDARD_OPCODE_LENGTHS) w.u8(n);
  const lineStrings = version >= 5 ? fileTablesV5(ctx, w) : fileTablesV4(debug, w);
  w.patch32(headerLengthAt, w.bytes.length - headerLengthAt - 4);
  for (const [sec, rows] of debug.rows) emitSequence(ctx, w, sec, rows);
  w.patch32(0, w.bytes.length - 4);
  flushWriter(ctx, section, w);
  if (lineStrings) flushWriter(ctx, debugSection(ctx, '.debug_line_str', true), lineStrings);
}

function fileTablesV4(debug: DebugState, w: DwarfWriter): null {
  for (const dir of debug.dirs) w.string(dir);
  w.u8(0);
  for (let i = 1; i < debug.files.length; i++) {
    const f = debug.files[i];
    w.string(f?.name ?? '');
    w.uleb(f?.dirIndex ?? 0);
    w.u8(0);
    w.u8(0);
  }
  w.u8(0);
  return null;
}

// DWARF 5 directory and file tables, with paths as .debug_line_str offsets.
function fileTablesV5(ctx: AsmContext, w: DwarfWriter): DwarfWriter {
  const debug = ctx.debug;
  const strings = new DwarfWriter();
  const offsets = new Map<string, number>();
  const strSymbol = sectionSymbol(ctx, debugSection(ctx, '.debug_line_str', true));
  const ref = (s: string) => {
    let at = offsets.get(s);
    if (at === undefined) {
      at = strings.bytes.length;
      offsets.set(s, at);
      strings.string(s);
    }
    w.ref(strSymbol, at);
  };
  w.u8(1);
  w.uleb(1 /* DW_LNCT_path */);
  w.uleb(0x1f /* DW_FORM_line_strp */);
  w.uleb(debug.dirs.length + 1);
  ref(debug.compDir);
  for (const dir of debug.dirs) ref(dir);
  const files = [debug.root ?? debug.files[1], ...debug.files.slice(1)];
  const defined = files.filter((f): f is DwarfFile => f !== undefined);
  const allMd5 = defined.every((f) => f.md5 !== null);
  const anySource = defined.some((f) => f.source !== null);
  w.u8(2 + (allMd5 ? 1 : 0) + (anySource ? 1 : 0));
  w.uleb(1);
  w.uleb(0x1f);
  w.uleb(2 /* DW_LNCT_directory_index */);
  w.uleb(0x0f /* DW_FORM_udata */);
  if (allMd5) {
    w.uleb(5 /* DW_LNCT_MD5 */);
    w.uleb(0x1e /* DW_FORM_data16 */);
  }
  if (anySource) {
    w.uleb(0x2001 /* DW_LNCT_LLVM_source */);
    w.uleb(0x1f);
  }
  w.uleb(files.length);
  for (const f of files) {
    ref(f?.name ?? '');
    w.uleb(f?.dirIndex ?? 0);
    if (allMd5) for (let i = 15; i >= 0; i--) w.u8(Number(((f?.md5 ?? 0n) >> BigInt(8 * i)) & 0xffn));
    if (anySource) ref(f?.source ?? '');
  }
  return strings;
}
