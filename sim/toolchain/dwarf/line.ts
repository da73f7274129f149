// One line-number program of .debug_line (DWARF 5 §6.2; versions 2–5): the header with its
// directory and file tables (DWARF 5's self-describing entry formats included) and the state
// machine that turns standard, extended and special opcodes into rows. Rows keep program order,
// grouped into sequences, each closed by its end_sequence row; queries live in line-index.ts.

import { DW_LNCT, DW_LNE, DW_LNS } from './constants';
import { Cursor } from './cursor';
import { readForm, type AttrSpec, type AttrValue, type FormContext } from './forms';
import type { DebugSections } from './sections';

export interface LineFile {
  /** The name as stored (often relative to its directory). */
  readonly name: string;
  readonly dirIndex: number;
  /** The full path: comp_dir / include directory / name, as llvm-dwarfdump prints it. */
  readonly path: string;
  readonly md5?: Uint8Array;
}

/** One row of the line-number matrix (DWARF 5 §6.2.2). */
export interface LineRow {
  readonly address: number;
  /** The file register: an index into the table's file list (0-based in DWARF 5, 1-based before). */
  readonly fileIndex: number;
  /** The full path of that file. */
  readonly file: string;
  /** 1-based; 0 means "no source line" (compiler-generated code). */
  readonly line: number;
  /** 1-based; 0 means "the whole line". */
  readonly column: number;
  readonly isStmt: boolean;
  readonly basicBlock: boolean;
  readonly endSequence: boolean;
  readonly prologueEnd: boolean;
  readonly epilogueBegin: boolean;
  readonly isa: number;
  readonly discriminator: number;
}

/** Rows for one contiguous run of machine code; the last row is its end_sequence. */
export interface LineSequence {
  readonly low: number;
  /** The end_sequence row's address (first address past the sequence). */
  readonly high: number;
  readonly rows: readonly LineRow[];
}

export interface LineTable {
  /** Offset of the program in .debug_line (the value of a unit's DW_AT_stmt_list). */
  readonly offset: number;
  readonly version: number;
  readonly minInstLength: number;
  readonly maxOpsPerInst: number;
  readonly defaultIsStmt: boolean;
  readonly lineBase: number;
  readonly lineRange: number;
  readonly opcodeBase: number;
  /** Include directories as stored; in DWARF 5 entry 0 is the compilation directory. */
  readonly includeDirs: readonly string[];
  /** File entries in header order, then any added by DW_LNE_define_file. */
  readonly files: readonly LineFile[];
  /** The file index of files[0]: 0 in DWARF 5, 1 before. */
  readonly firstFileIndex: number;
  /** All rows in program order. */
  readonly rows: readonly LineRow[];
  readonly sequences: readonly LineSequence[];
}

/** What the unit referring to the line program knows. */
export interface LineContext {
  /** DW_AT_comp_dir of the unit ('' if none): directory 0 before DWARF 5, and the base of relative directories. */
  readonly compDir: string;
  /** The unit's address size (for DWARF ≤ 4, whose line header does not carry it). */
  readonly addressSize: number;
}

/** The file entry a file index (DW_LNS_set_file operand or DW_AT_decl_file value) names. */
export function lineFile(table: LineTable, index: number): LineFile | undefined {
  return table.files[index - table.firstFileIndex];
}

/** Parses the line-number program at `offset` of .debug_line. */
export function readLineTable(sections: DebugSections, offset: number, ctx: LineContext): LineTable {
  const outer = new Cursor(sections.line, '.debug_line');
  if (offset >= sections.line.length) throw outer.error(`line table offset 0x${offset.toString(16)} is outside the section`, offset);
  outer.seek(offset);
  const length = outer.initialLength('line table');
  const c = new Cursor(sections.line.subarray(0, outer.offset + length), '.debug_line', outer.offset);
  const version = c.u16();
  if (version < 2 || version > 5) throw c.error(`line table has version ${version}; oslab reads versions 2 to 5`, offset);
  let addressSize = ctx.addressSize;
  if (version >= 5) {
    addressSize = c.u8();
    const segSelectorSize = c.u8();
    if (addressSize !== 4 && addressSize !== 8) throw c.error(`line table has address size ${addressSize}`);
    if (segSelectorSize !== 0) throw c.error(`line table has segment selectors (size ${segSelectorSize}), which oslab does not read`);
  }
  const headerLength = c.sectionOffset();
  const programStart = c.offset + headerLength;
  if (programStart > c.bytes.length) throw c.error('line table header runs past the end of the table');
  const minInstLength = c.u8();
  const maxOpsPerInst = version >= 4 ? c.u8() : 1;
  const defaultIsStmt = c.u8() !== 0;
  const lineBase = c.i8();
  const lineRange = c.u8();
  const opcodeBase = c.u8();
  if (maxOpsPerInst === 0) throw c.error('line table has maximum_operations_per_instruction 0');
  if (lineRange === 0) throw c.error('line table has line_range 0');
  if (opcodeBase === 0) throw c.error('line table has opcode_base 0');
  const opcodeLengths = [0];
  for (let i = 1; i < opcodeBase; i++) opcodeLengths.push(c.u8());

  const formCtx: FormContext = { sections, version, addressSize, unitOffset: 0 };
  const compDir = ctx.compDir;
  let includeDirs: string[];
  const files: LineFile[] = [];
  if (version >= 5) {
    includeDirs = readEntries(c, formCtx, 'directory').map((e) => e.path);
    const dirPath = (i: number): string => {
      const d = includeDirs[i] ?? '';
      return i === 0 || isAbsolute(d) ? d : joinPath(includeDirs[0] ?? compDir, d);
    };
    for (const e of readEntries(c, formCtx, 'file name')) {
      files.push({ name: e.path, dirIndex: e.dirIndex, path: joinPath(dirPath(e.dirIndex), e.path), md5: e.md5 });
    }
  } else {
    includeDirs = [];
    for (let s = c.cstring(); s !== ''; s = c.cstring()) includeDirs.push(s);
    for (let name = c.cstring(); name !== ''; name = c.cstring()) {
      const dirIndex = c.uleb();
      c.uleb(); // modification time
      c.uleb(); // length
      files.push(v4File(name, dirIndex, includeDirs, compDir));
    }
  }
  if (c.offset > programStart) throw c.error('line table header is longer than its header_length says');

  c.seek(programStart);
  const firstFileIndex = version >= 5 ? 0 : 1;
  const { rows, sequences } = runProgram(c, {
    version,
    addressSize,
    minInstLength,
    maxOpsPerInst,
    defaultIsStmt,
    lineBase,
    lineRange,
    opcodeBase,
    opcodeLengths,
    files,
    firstFileIndex,
    addFile: (name, dirIndex) => files.push(v4File(name, dirIndex, includeDirs, compDir)),
  });
  return { offset, version, minInstLength, maxOpsPerInst, defaultIsStmt, lineBase, lineRange, opcodeBase, includeDirs, files, firstFileIndex, rows, sequences };
}

function v4File(name: string, dirIndex: number, includeDirs: readonly string[], compDir: string): LineFile {
  if (isAbsolute(name)) return { name, dirIndex, path: name };
  const dir = dirIndex === 0 ? compDir : (includeDirs[dirIndex - 1] ?? '');
  const full = isAbsolute(dir) || dirIndex === 0 ? dir : joinPath(compDir, dir);
  return { name, dirIndex, path: joinPath(full, name) };
}

interface Entry {
  path: string;
  dirIndex: number;
  md5?: Uint8Array;
}

// DWARF 5 §6.2.4 items 14–20: a count of (content type, form) pairs, then a count of entries
// each made of those fields.
function readEntries(c: Cursor, ctx: FormContext, what: string): Entry[] {
  const formatCount = c.u8();
  const formats: AttrSpec[] = [];
  for (let i = 0; i < formatCount; i++) formats.push({ name: c.uleb(), form: c.uleb() });
  const at = c.offset;
  const count = c.uleb();
  if (count > 0 && !formats.some((f) => f.name === DW_LNCT.path)) throw c.error(`${what} entries have no DW_LNCT_path`, at);
  // Each entry takes at least one byte, so a count beyond the remaining bytes is corrupt.
  if (count > c.remaining) throw c.error(`${what} count ${count} is larger than the header`, at);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const e: Entry = { path: '', dirIndex: 0 };
    for (const f of formats) {
      const v = readForm(c, f, ctx);
      if (f.name === DW_LNCT.path) e.path = entryString(c, v, what);
      else if (f.name === DW_LNCT.directory_index) e.dirIndex = entryNumber(c, v, what);
      else if (f.name === DW_LNCT.MD5 && v.kind === 'data16') e.md5 = v.bytes;
    }
    entries.push(e);
  }
  return entries;
}

function entryString(c: Cursor, v: AttrValue, what: string): string {
  if (v.kind === 'string') return v.value;
  throw c.error(`${what} path uses a form oslab cannot resolve in a line table (${v.kind})`);
}

function entryNumber(c: Cursor, v: AttrValue, what: string): number {
  if (v.kind === 'constant' && typeof v.value === 'number') return v.value;
  throw c.error(`${what} directory index is not a small constant`);
}

interface Program {
  readonly version: number;
  readonly addressSize: number;
  readonly minInstLength: number;
  readonly maxOpsPerInst: number;
  readonly defaultIsStmt: boolean;
  readonly lineBase: number;
  readonly lineRange: number;
  readonly opcodeBase: number;
  readonly opcodeLengths: readonly number[];
  readonly files: readonly LineFile[];
  readonly firstFileIndex: number;
  addFile(name: string, dirIndex: number): void;
}

// DWARF 5 §6.2.5: the line-number state machine.
function runProgram(c: Cursor, p: Program): { rows: LineRow[]; sequences: LineSequence[] } {
  const rows: LineRow[] = [];
  const sequences: LineSequence[] = [];
  let seqStart = 0;
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = p.defaultIsStmt;
  let basicBlock = false;
  let prologueEnd = false;
  let epilogueBegin = false;
  let isa = 0;
  let discriminator = 0;
  const reset = (): void => {
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
    column = 0;
    isStmt = p.defaultIsStmt;
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    isa = 0;
    discriminator = 0;
  };
  const emit = (endSequence: boolean, at: number): void => {
    const f = p.files[file - p.firstFileIndex];
    if (!f) throw c.error(`line row names file ${file}, but the table has files ${p.firstFileIndex}..${p.firstFileIndex + p.files.length - 1}`, at);
    if (line > 0xffffffff || line < 0) throw c.error(`line number ${line} is out of range`, at);
    rows.push({ address, fileIndex: file, file: f.path, line, column, isStmt, basicBlock, endSequence, prologueEnd, epilogueBegin, isa, discriminator });
    basicBlock = false;
    prologueEnd = false;
    epilogueBegin = false;
    discriminator = 0;
  };
  // DWARF 5 §6.2.5.1: advancing by an "operation advance" (VLIW-aware; op_index stays 0 on RISC-V).
  const advance = (operationAdvance: number): void => {
    const ops = opIndex + operationAdvance;
    address += p.minInstLength * Math.floor(ops / p.maxOpsPerInst);
    opIndex = ops % p.maxOpsPerInst;
    if (address > 0xffffffffffff) throw c.error('line program address overflows');
  };
  while (!c.atEnd) {
    const at = c.offset;
    const op = c.u8();
    if (op >= p.opcodeBase) {
      const adjusted = op - p.opcodeBase;
      advance(Math.floor(adjusted / p.lineRange));
      line += p.lineBase + (adjusted % p.lineRange);
      emit(false, at);
    } else if (op === 0) {
      const len = c.uleb();
      if (len === 0) throw c.error('extended opcode with length 0', at);
      const end = c.offset + len;
      if (end > c.bytes.length) throw c.error('extended opcode runs past the end of the table', at);
      const sub = c.u8();
      switch (sub) {
        case DW_LNE.end_sequence:
          emit(true, at);
          if (rows.length > seqStart) sequences.push({ low: rows[seqStart].address, high: address, rows: rows.slice(seqStart) });
          seqStart = rows.length;
          reset();
          break;
        case DW_LNE.set_address:
          if (len - 1 !== 4 && len - 1 !== 8) throw c.error(`DW_LNE_set_address with a ${len - 1}-byte operand`, at);
          address = c.address(len - 1);
          opIndex = 0;
          break;
        case DW_LNE.define_file: {
          const name = c.cstring();
          const dirIndex = c.uleb();
          c.uleb();
          c.uleb();
          p.addFile(name, dirIndex);
          break;
        }
        case DW_LNE.set_discriminator:
          discriminator = c.uleb();
          break;
        default:
          break; // unknown (vendor) extended opcodes are skipped by their length
      }
      if (c.offset > end) throw c.error(`extended opcode 0x${sub.toString(16)} is longer than its length ${len}`, at);
      c.seek(end);
    } else {
      switch (op) {
        case DW_LNS.copy:
          emit(false, at);
          break;
        case DW_LNS.advance_pc:
          advance(c.uleb());
          break;
        case DW_LNS.advance_line:
          line += c.sleb();
          break;
        case DW_LNS.set_file:
          file = c.uleb();
          break;
        case DW_LNS.set_column:
          column = c.uleb();
          break;
        case DW_LNS.negate_stmt:
          isStmt = !isStmt;
          break;
        case DW_LNS.set_basic_block:
          basicBlock = true;
          break;
        case DW_LNS.const_add_pc:
          advance(Math.floor((255 - p.opcodeBase) / p.lineRange));
          break;
        case DW_LNS.fixed_advance_pc:
          address += c.u16();
          opIndex = 0;
          break;
        case DW_LNS.set_prologue_end:
          prologueEnd = true;
          break;
        case DW_LNS.set_epilogue_begin:
          epilogueBegin = true;
          break;
        case DW_LNS.set_isa:
          isa = c.uleb();
          break;
        default:
          // An opcode this reader does not know: skip the ULEB operands the header declares.
          for (let i = 0; i < p.opcodeLengths[op]; i++) c.uleb();
      }
    }
  }
  return { rows, sequences };
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** Joins a directory and a name the way LLVM does (no normalisation), leaving absolute names alone. */
export function joinPath(dir: string, name: string): string {
  if (isAbsolute(name) || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Resolves "." and ".." segments and repeated slashes, for comparing paths from different sources. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg !== '..' || !absolute) out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}
