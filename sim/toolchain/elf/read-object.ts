// Reads an ELF32 little-endian RISC-V relocatable object (`.o`, ET_REL) into the toolchain's
// `ObjectFile` model: the allocatable and debug sections with their contents, `.rela.X`
// relocations attached to section X, and the symbol table with bindings, types and visibility.
// Bookkeeping sections (string tables, the symbol table itself, `.llvm_addrsig`, COMDAT groups)
// are consumed or dropped. Every offset and index is checked, so a damaged file gives an
// `ElfError` naming the file and the problem, never a RangeError from deep inside.

import type { ObjSection, ObjSymbol, ObjectFile, Relocation, SectionType, SymbolBinding, SymbolType } from '../object';
import {
  ELFCLASS32,
  ELFDATA2LSB,
  ELF_HEADER_SIZE,
  ET_REL,
  RELA_SIZE,
  SHF_TLS,
  SHN_ABS,
  SHN_COMMON,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_GROUP,
  SHT_LLVM_ADDRSIG,
  SHT_NOTE,
  SHT_SYMTAB_SHNDX,
  STB_GLOBAL,
  STB_GNU_UNIQUE,
  STB_LOCAL,
  STB_WEAK,
  STT_COMMON,
  STT_FILE,
  STT_FUNC,
  STT_GNU_IFUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  STT_TLS,
  STV_HIDDEN,
  STV_INTERNAL,
  SYMBOL_SIZE,
} from './constants';
import { isPowerOfTwo } from './emit';
import {
  EM_RISCV,
  ElfError,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_NULL,
  SHT_PROGBITS,
  SHT_REL,
  SHT_RELA,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
  readSections,
  type SectionHeader,
} from './read';

/** Parses `bytes` as a relocatable object; `name` prefixes every error ("libc.a(printf.o): ..."). */
export function readObject(bytes: Uint8Array, name = 'object'): ObjectFile {
  try {
    return parseObject(bytes, name);
  } catch (error) {
    if (error instanceof ElfError) throw new ElfError(`${name}: ${error.message}`);
    throw error;
  }
}

function parseObject(bytes: Uint8Array, name: string): ObjectFile {
  const flags = checkHeader(bytes);
  const headers = readSections(bytes);
  if (headers.length === 0) throw new ElfError('has no section headers');
  const symtab = findSymbolTable(headers);
  const kept = keptSectionIndices(headers);
  const sections = headers.filter((h) => kept.has(h.index)).map(toSection);
  const symbols = symtab ? readSymbols(symtab, headers, kept) : [nullSymbol()];
  const relocations = readRelocations(headers, kept, symtab, symbols.length);
  const withRelocations = sections.map((section, i) => {
    const list = relocations.get(i);
    return list ? { ...section, relocations: list } : section;
  });
  return { name, sections: withRelocations, symbols, flags };
}

/** Checks the ELF header describes an RV32 little-endian relocatable; returns e_flags. */
function checkHeader(bytes: Uint8Array): number {
  if (bytes.length < ELF_HEADER_SIZE || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (bytes[4] !== ELFCLASS32) throw new ElfError('not a 32-bit ELF object (oslab links RV32 code)');
  if (bytes[5] !== ELFDATA2LSB) throw new ElfError('not a little-endian ELF object');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(16, true);
  const machine = view.getUint16(18, true);
  if (machine !== EM_RISCV) throw new ElfError(`not a RISC-V object (machine ${machine})`);
  if (type !== ET_REL) throw new ElfError(`not a relocatable object (ELF type ${type}); the linker takes .o files and archives`);
  return view.getUint32(36, true);
}

function findSymbolTable(headers: readonly SectionHeader[]): SectionHeader | undefined {
  const tables = headers.filter((h) => h.type === SHT_SYMTAB);
  if (tables.length > 1) throw new ElfError('has more than one symbol table');
  if (headers.some((h) => h.type === SHT_SYMTAB_SHNDX)) throw new ElfError('uses extended section indices (too many sections)');
  return tables[0];
}

/** The ELF indices of the sections that become `ObjSection`s, in file order. */
function keptSectionIndices(headers: readonly SectionHeader[]): Map<number, number> {
  const dropped = new Set([SHT_NULL, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_REL, SHT_LLVM_ADDRSIG, SHT_GROUP]);
  const kept = new Map<number, number>();
  for (const h of headers) {
    if (h.type === SHT_REL && h.size > 0) throw new ElfError(`section ${h.name} uses REL relocations; RISC-V objects use RELA`);
    if (h.index === 0 || dropped.has(h.type)) continue;
    if (h.flags & SHF_TLS) throw new ElfError(`section ${h.name} holds thread-local storage, which oslab does not support`);
    kept.set(h.index, kept.size);
  }
  return kept;
}

function sectionType(type: number): SectionType {
  if (type === SHT_PROGBITS) return 'progbits';
  if (type === SHT_NOBITS) return 'nobits';
  if (type === SHT_NOTE) return 'note';
  if (type === SHT_RISCV_ATTRIBUTES) return 'riscv-attributes';
  return 'other';
}

function toSection(h: SectionHeader): ObjSection {
  const align = h.addralign === 0 ? 1 : h.addralign;
  if (!isPowerOfTwo(align)) throw new ElfError(`section ${h.name} has alignment ${h.addralign}, not a power of two`);
  const merge = (h.flags & SHF_MERGE) !== 0;
  return {
    name: h.name,
    type: sectionType(h.type),
    flags: {
      alloc: (h.flags & SHF_ALLOC) !== 0,
      write: (h.flags & SHF_WRITE) !== 0,
      exec: (h.flags & SHF_EXECINSTR) !== 0,
      ...(merge ? { merge } : {}),
      ...(h.flags & SHF_STRINGS ? { strings: true } : {}),
    },
    align,
    data: h.type === SHT_NOBITS ? new Uint8Array(0) : new Uint8Array(h.data),
    size: h.size,
    ...(h.entsize !== 0 ? { entsize: h.entsize } : {}),
    relocations: [],
  };
}

function nullSymbol(): ObjSymbol {
  return { name: '', section: 'undef', value: 0, size: 0, binding: 'local', type: 'notype' };
}

function readSymbols(symtab: SectionHeader, headers: readonly SectionHeader[], kept: Map<number, number>): ObjSymbol[] {
  if (symtab.entsize !== SYMBOL_SIZE) throw new ElfError(`symbol table entry size is ${symtab.entsize}, not ${SYMBOL_SIZE}`);
  if (symtab.size % SYMBOL_SIZE !== 0) throw new ElfError('symbol table size is not a multiple of its entry size');
  const strings = headers[symtab.link];
  if (!strings || strings.type !== SHT_STRTAB) throw new ElfError('symbol table does not link to a string table');
  const count = symtab.size / SYMBOL_SIZE;
  if (count === 0) return [nullSymbol()];
  if (symtab.info > count) throw new ElfError(`symbol table's first global (${symtab.info}) is past its end (${count})`);
  const view = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
  const symbols: ObjSymbol[] = [nullSymbol()];
  for (let i = 1; i < count; i++) {
    const symbol = readSymbol(view, i * SYMBOL_SIZE, strings.data, headers, kept);
    if (symbol.binding === 'local' && symbols[i - 1].binding !== 'local') throw new ElfError(`symbol ${i} (${symbol.name}) is local but comes after the globals`);
    symbols.push(symbol);
  }
  return symbols;
}

function readSymbol(view: DataView, o: number, strings: Uint8Array, headers: readonly SectionHeader[], kept: Map<number, number>): ObjSymbol {
  const nameOffset = view.getUint32(o, true);
  if (nameOffset >= Math.max(strings.length, 1)) throw new ElfError(`symbol name offset ${nameOffset} is outside the string table`);
  const info = view.getUint8(o + 12);
  const visibility = view.getUint8(o + 13) & 3;
  const shndx = view.getUint16(o + 14, true);
  const type = symbolType(info & 0xf);
  let name = nameAt(strings, nameOffset);
  const section = symbolSection(shndx, kept, name);
  if (type === 'section') {
    const header = headers[shndx];
    if (typeof section !== 'number' || !header) return { name: header?.name ?? '', section: 'abs', value: 0, size: 0, binding: 'local', type: 'notype' };
    name = header.name;
  }
  return {
    name,
    section,
    value: view.getUint32(o + 4, true),
    size: view.getUint32(o + 8, true),
    binding: symbolBinding(info >> 4, name),
    type,
    ...(visibility === STV_HIDDEN || visibility === STV_INTERNAL ? { hidden: true } : {}),
  };
}

const utf8 = new TextDecoder();

/** A NUL-terminated name in a string table (ASCII decoded directly: most symbol names are). */
function nameAt(table: Uint8Array, offset: number): string {
  let end = offset;
  let ascii = true;
  while (end < table.length && table[end] !== 0) {
    if (table[end] >= 0x80) ascii = false;
    end++;
  }
  if (!ascii) return utf8.decode(table.subarray(offset, end));
  let name = '';
  for (let i = offset; i < end; i += 4096) name += String.fromCharCode(...table.subarray(i, Math.min(end, i + 4096)));
  return name;
}

function symbolSection(shndx: number, kept: Map<number, number>, name: string): ObjSymbol['section'] {
  if (shndx === SHN_UNDEF) return 'undef';
  if (shndx === SHN_ABS) return 'abs';
  if (shndx === SHN_COMMON) return 'common';
  if (shndx === SHN_XINDEX) throw new ElfError(`symbol ${name} uses an extended section index`);
  if (shndx >= SHN_LORESERVE) throw new ElfError(`symbol ${name} has a reserved section index 0x${shndx.toString(16)}`);
  const index = kept.get(shndx);
  if (index === undefined) throw new ElfError(`symbol ${name} is defined in section ${shndx}, which is missing or not a content section`);
  return index;
}

function symbolBinding(binding: number, name: string): SymbolBinding {
  if (binding === STB_LOCAL) return 'local';
  if (binding === STB_GLOBAL || binding === STB_GNU_UNIQUE) return 'global';
  if (binding === STB_WEAK) return 'weak';
  throw new ElfError(`symbol ${name} has unknown binding ${binding}`);
}

function symbolType(type: number): SymbolType {
  switch (type) {
    case STT_NOTYPE:
      return 'notype';
    case STT_OBJECT:
    case STT_COMMON:
      return 'object';
    case STT_FUNC:
      return 'func';
    case STT_SECTION:
      return 'section';
    case STT_FILE:
      return 'file';
    case STT_TLS:
      throw new ElfError('uses thread-local storage (__thread / _Thread_local), which oslab does not support');
    case STT_GNU_IFUNC:
      throw new ElfError('uses GNU indirect functions (ifunc), which a static oslab program cannot resolve');
    default:
      throw new ElfError(`has a symbol of unknown type ${type}`);
  }
}

/** The relocations of each kept section (by model index), from every SHT_RELA section. */
function readRelocations(headers: readonly SectionHeader[], kept: Map<number, number>, symtab: SectionHeader | undefined, symbolCount: number): Map<number, Relocation[]> {
  const result = new Map<number, Relocation[]>();
  for (const h of headers) {
    if (h.type !== SHT_RELA || h.size === 0) continue;
    const target = kept.get(h.info);
    const targetHeader = headers[h.info];
    if (target === undefined || !targetHeader) throw new ElfError(`relocation section ${h.name} applies to section ${h.info}, which is missing or not a content section`);
    if (targetHeader.type === SHT_NOBITS) throw new ElfError(`relocation section ${h.name} applies to ${targetHeader.name}, which has no contents`);
    if (!symtab || h.link !== symtab.index) throw new ElfError(`relocation section ${h.name} does not link to the symbol table`);
    if (h.entsize !== RELA_SIZE || h.size % RELA_SIZE !== 0) throw new ElfError(`relocation section ${h.name} has entries of ${h.entsize} bytes, not ${RELA_SIZE}`);
    const list = result.get(target) ?? [];
    list.push(...readRelaEntries(h, targetHeader, symbolCount));
    result.set(target, list);
  }
  return result;
}

function readRelaEntries(h: SectionHeader, target: SectionHeader, symbolCount: number): Relocation[] {
  const view = new DataView(h.data.buffer, h.data.byteOffset, h.data.byteLength);
  const list: Relocation[] = [];
  for (let o = 0; o < h.size; o += RELA_SIZE) {
    const offset = view.getUint32(o, true);
    const info = view.getUint32(o + 4, true);
    const symbol = info >>> 8;
    if (symbol >= symbolCount) throw new ElfError(`relocation in ${h.name} refers to symbol ${symbol}, past the symbol table's end`);
    if (offset >= target.size) throw new ElfError(`relocation in ${h.name} at offset 0x${offset.toString(16)} is outside ${target.name} (size 0x${target.size.toString(16)})`);
    list.push({ offset, type: info & 0xff, symbol, addend: view.getInt32(o + 8, true) });
  }
  return list;
}
