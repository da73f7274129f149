// Serialises an `ObjectFile` as an ELF32 little-endian RISC-V relocatable object, laid out as
// clang lays out its own: the ELF header, each section's contents at its alignment, one
// `.rela.X` (SHT_RELA, SHF_INFO_LINK) per section with relocations, `.symtab` with the locals
// first and sh_info at the first global, `.strtab`, `.shstrtab`, then the section header table.
// The result reads back through `readObject` unchanged and links with ld.lld.

import type { ObjSection, ObjSymbol, ObjectFile, Relocation } from '../object';
import {
  ELFCLASS32,
  ELFDATA2LSB,
  ELF_HEADER_SIZE,
  ET_REL,
  EV_CURRENT,
  RELA_SIZE,
  SECTION_HEADER_SIZE,
  SHF_INFO_LINK,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_FINI_ARRAY,
  SHT_INIT_ARRAY,
  SHT_NOTE,
  SHT_PREINIT_ARRAY,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  STV_DEFAULT,
  STV_HIDDEN,
  SYMBOL_SIZE,
} from './constants';
import { ByteWriter, StringTable } from './emit';
import {
  EM_RISCV,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RELA,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './read';

/** One row of the section header table before it is written. */
export interface SectionHeaderRow {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
}

export function writeObject(object: ObjectFile): Uint8Array {
  const { symbols, relocationsOf } = localsFirst(object);
  const out = new ByteWriter();
  out.zeros(ELF_HEADER_SIZE);
  const rows: SectionHeaderRow[] = [nullRow()];
  object.sections.forEach((section) => rows.push(writeSectionContents(out, section)));

  const symtabIndex = rows.length + object.sections.filter((_, i) => relocationsOf(i).length > 0).length;
  object.sections.forEach((section, i) => {
    const relocations = relocationsOf(i);
    if (relocations.length === 0) return;
    const offset = out.align(4);
    for (const r of relocations) {
      out.u32(r.offset);
      out.u32(((r.symbol << 8) | (r.type & 0xff)) >>> 0);
      out.u32(r.addend | 0);
    }
    rows.push({ name: `.rela${section.name}`, type: SHT_RELA, flags: SHF_INFO_LINK, addr: 0, offset, size: relocations.length * RELA_SIZE, link: symtabIndex, info: i + 1, align: 4, entsize: RELA_SIZE });
  });

  const strtab = new StringTable();
  const symtabOffset = out.align(4);
  for (const symbol of symbols) writeSymbol(out, symbol, strtab.add(symbol.type === 'section' ? '' : symbol.name));
  const firstGlobal = symbols.findIndex((s) => s.binding !== 'local');
  rows.push({ name: '.symtab', type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: symbols.length * SYMBOL_SIZE, link: symtabIndex + 1, info: firstGlobal < 0 ? symbols.length : firstGlobal, align: 4, entsize: SYMBOL_SIZE });
  rows.push(stringTableRow(out, '.strtab', strtab.finish()));

  const shstrtab = new StringTable();
  const nameOffsets = [...rows.map((r) => r.name), '.shstrtab'].map((n) => shstrtab.add(n));
  rows.push(stringTableRow(out, '.shstrtab', shstrtab.finish()));

  const shoff = out.align(4);
  rows.forEach((row, i) => writeSectionHeader(out, row, nameOffsets[i]));
  const bytes = out.finish();
  writeElfHeader(bytes, { type: ET_REL, entry: 0, phoff: 0, phnum: 0, shoff, shnum: rows.length, shstrndx: rows.length - 1, flags: object.flags });
  return bytes;
}

/** The symbols with locals first (a stable partition) and each section's relocations renumbered to match. */
function localsFirst(object: ObjectFile): { symbols: ObjSymbol[]; relocationsOf: (section: number) => readonly Relocation[] } {
  const order = object.symbols.map((_, i) => i);
  const isLocal = (i: number) => i === 0 || object.symbols[i].binding === 'local';
  const sorted = [...order.filter(isLocal), ...order.filter((i) => !isLocal(i))];
  if (sorted.every((old, i) => old === i)) return { symbols: [...object.symbols], relocationsOf: (s) => object.sections[s].relocations };
  const newIndex = new Map(sorted.map((old, i) => [old, i]));
  return {
    symbols: sorted.map((i) => object.symbols[i]),
    relocationsOf: (s) => object.sections[s].relocations.map((r) => ({ ...r, symbol: newIndex.get(r.symbol) ?? r.symbol })),
  };
}

export function nullRow(): SectionHeaderRow {
  return { name: '', type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 };
}

export function stringTableRow(out: ByteWriter, name: string, table: Uint8Array): SectionHeaderRow {
  const offset = out.length;
  out.raw(table);
  return { name, type: SHT_STRTAB, flags: 0, addr: 0, offset, size: table.length, link: 0, info: 0, align: 1, entsize: 0 };
}

function writeSectionContents(out: ByteWriter, section: ObjSection): SectionHeaderRow {
  const type = elfSectionType(section);
  // Offsets follow the section's alignment (capped: a page-aligned section needs no more in a .o).
  const offset = out.align(Math.min(section.align, 4096));
  if (type !== SHT_NOBITS) out.raw(section.data);
  return { name: section.name, type, flags: elfSectionFlags(section.flags), addr: 0, offset, size: type === SHT_NOBITS ? section.size : section.data.length, link: 0, info: 0, align: section.align, entsize: section.entsize ?? 0 };
}

/** The ELF sh_type of a model section; 'other' sections are typed by their conventional names. */
export function elfSectionType(section: Pick<ObjSection, 'type' | 'name'>): number {
  switch (section.type) {
    case 'nobits':
      return SHT_NOBITS;
    case 'note':
      return SHT_NOTE;
    case 'riscv-attributes':
      return SHT_RISCV_ATTRIBUTES;
    case 'progbits':
      return SHT_PROGBITS;
    case 'other':
      if (/^\.init_array(\.|$)/.test(section.name)) return SHT_INIT_ARRAY;
      if (/^\.fini_array(\.|$)/.test(section.name)) return SHT_FINI_ARRAY;
      if (/^\.preinit_array(\.|$)/.test(section.name)) return SHT_PREINIT_ARRAY;
      return SHT_PROGBITS;
  }
}

export function elfSectionFlags(flags: ObjSection['flags']): number {
  return (
    (flags.write ? SHF_WRITE : 0) |
    (flags.alloc ? SHF_ALLOC : 0) |
    (flags.exec ? SHF_EXECINSTR : 0) |
    (flags.merge ? SHF_MERGE : 0) |
    (flags.strings ? SHF_STRINGS : 0)
  );
}

function writeSymbol(out: ByteWriter, symbol: ObjSymbol, nameOffset: number): void {
  out.u32(nameOffset);
  out.u32(symbol.value);
  out.u32(symbol.size);
  out.u8((symbolBinding(symbol.binding) << 4) | symbolType(symbol.type));
  out.u8(symbol.hidden ? STV_HIDDEN : STV_DEFAULT);
  out.u16(symbolSectionIndex(symbol.section));
}

export function symbolBinding(binding: ObjSymbol['binding']): number {
  return binding === 'local' ? STB_LOCAL : binding === 'weak' ? STB_WEAK : STB_GLOBAL;
}

export function symbolType(type: ObjSymbol['type']): number {
  const types = { notype: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC, section: STT_SECTION, file: STT_FILE };
  return types[type];
}

function symbolSectionIndex(section: ObjSymbol['section']): number {
  if (section === 'undef') return SHN_UNDEF;
  if (section === 'abs') return SHN_ABS;
  if (section === 'common') return SHN_COMMON;
  return section + 1;
}

export function writeSectionHeader(out: ByteWriter, row: SectionHeaderRow, nameOffset: number): void {
  for (const field of [nameOffset, row.type, row.flags, row.addr, row.offset, row.size, row.link, row.info, row.align, row.entsize]) out.u32(field);
}

export interface ElfHeaderFields {
  type: number;
  entry: number;
  phoff: number;
  phnum: number;
  shoff: number;
  shnum: number;
  shstrndx: number;
  flags: number;
}

/** Fills the 52-byte ELF header at the start of `bytes`. */
export function writeElfHeader(bytes: Uint8Array, h: ElfHeaderFields): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS32, ELFDATA2LSB, EV_CURRENT]);
  view.setUint16(16, h.type, true);
  view.setUint16(18, EM_RISCV, true);
  view.setUint32(20, EV_CURRENT, true);
  view.setUint32(24, h.entry >>> 0, true);
  view.setUint32(28, h.phoff, true);
  view.setUint32(32, h.shoff, true);
  view.setUint32(36, h.flags >>> 0, true);
  view.setUint16(40, ELF_HEADER_SIZE, true);
  view.setUint16(42, h.phnum > 0 ? 32 : 0, true);
  view.setUint16(44, h.phnum, true);
  view.setUint16(46, SECTION_HEADER_SIZE, true);
  view.setUint16(48, h.shnum, true);
  view.setUint16(50, h.shstrndx, true);
}
