// Serialises a linked executable (ELF32 ET_EXEC, EM_RISCV): the ELF header, the program headers
// right after it, each section's contents at the file offset the linker chose (congruent to its
// address modulo the page size), then `.symtab`, `.strtab`, `.shstrtab` and the section header
// table. The linker decides the layout; this module only writes bytes where it is told.

import { ELF_HEADER_SIZE, PROGRAM_HEADER_SIZE, SYMBOL_SIZE } from './constants';
import { ByteWriter, StringTable, alignUp } from './emit';
import { ET_EXEC, SHT_NOBITS, SHT_SYMTAB } from './read';
import { nullRow, stringTableRow, writeElfHeader, writeSectionHeader, type SectionHeaderRow } from './write-object';

export interface ExecSegment {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: number;
}

export interface ExecSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
  readonly entsize: number;
  /** Contents (ignored for SHT_NOBITS); written at `offset`. */
  readonly data: Uint8Array;
}

export interface ExecSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** STB_* and STT_* numbers. */
  readonly binding: number;
  readonly type: number;
  /** st_other visibility (STV_*). */
  readonly visibility: number;
  /** Index in the section header table (1 = `sections[0]`), or SHN_ABS / SHN_UNDEF. */
  readonly shndx: number;
}

export interface ExecutableImage {
  readonly entry: number;
  readonly flags: number;
  /** In program header order; the table is written right after the ELF header. */
  readonly segments: readonly ExecSegment[];
  readonly sections: readonly ExecSection[];
  /** Locals first; the null symbol is added. */
  readonly symbols: readonly ExecSymbol[];
  /** Bytes the headers and section contents occupy; the tables follow. */
  readonly contentSize: number;
}

export function writeExecutable(image: ExecutableImage): Uint8Array {
  const tailStart = alignUp(image.contentSize, 4);
  const tail = new ByteWriter();
  const at = () => tailStart + tail.length;
  const rows: SectionHeaderRow[] = [nullRow(), ...image.sections.map(sectionRow)];

  const strtab = new StringTable();
  const symtabOffset = at();
  tail.zeros(SYMBOL_SIZE);
  for (const symbol of image.symbols) writeSymbol(tail, symbol, strtab.add(symbol.name));
  const firstGlobal = image.symbols.findIndex((s) => s.binding !== 0);
  const symtabIndex = rows.length;
  rows.push({ name: '.symtab', type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: (image.symbols.length + 1) * SYMBOL_SIZE, link: symtabIndex + 1, info: firstGlobal < 0 ? image.symbols.length + 1 : firstGlobal + 1, align: 4, entsize: SYMBOL_SIZE });
  rows.push(atOffset(stringTableRow(tail, '.strtab', strtab.finish()), tailStart));
  const shstrtab = new StringTable();
  const nameOffsets = [...rows.map((r) => r.name), '.shstrtab'].map((n) => shstrtab.add(n));
  rows.push(atOffset(stringTableRow(tail, '.shstrtab', shstrtab.finish()), tailStart));
  tail.align(4);
  const shoff = at();
  rows.forEach((row, i) => writeSectionHeader(tail, row, nameOffsets[i]));

  const bytes = new Uint8Array(tailStart + tail.length);
  bytes.set(tail.finish(), tailStart);
  for (const section of image.sections) {
    if (section.type !== SHT_NOBITS) bytes.set(section.data, section.offset);
  }
  writeProgramHeaders(bytes, image.segments);
  writeElfHeader(bytes, { type: ET_EXEC, entry: image.entry, phoff: ELF_HEADER_SIZE, phnum: image.segments.length, shoff, shnum: rows.length, shstrndx: rows.length - 1, flags: image.flags });
  return bytes;
}

function sectionRow(s: ExecSection): SectionHeaderRow {
  return { name: s.name, type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size, link: 0, info: 0, align: s.align, entsize: s.entsize };
}

/** A row written by `stringTableRow` into the tail, moved to its file offset. */
function atOffset(row: SectionHeaderRow, tailStart: number): SectionHeaderRow {
  return { ...row, offset: row.offset + tailStart };
}

function writeSymbol(out: ByteWriter, symbol: ExecSymbol, nameOffset: number): void {
  out.u32(nameOffset);
  out.u32(symbol.value);
  out.u32(symbol.size);
  out.u8((symbol.binding << 4) | symbol.type);
  out.u8(symbol.visibility);
  out.u16(symbol.shndx);
}

function writeProgramHeaders(bytes: Uint8Array, segments: readonly ExecSegment[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  segments.forEach((p, i) => {
    const o = ELF_HEADER_SIZE + i * PROGRAM_HEADER_SIZE;
    const fields = [p.type, p.offset, p.vaddr, p.vaddr, p.filesz, p.memsz, p.flags, p.align];
    fields.forEach((value, k) => view.setUint32(o + 4 * k, value >>> 0, true));
  });
}
