// Static libraries: reads `ar` archives into their members and writes them back. Reading takes
// the GNU/System V format `llvm-ar rcs` produces (a `/` symbol index of big-endian member
// offsets, a `//` table for names longer than 15 bytes) and tolerates BSD archives (`#1/N`
// names, `__.SYMDEF` indices) and archives without an index — the linker then builds the index
// from the members. Writing produces the GNU format with a symbol index, deterministic like
// `llvm-ar rcsD`: zero dates and ids, so equal inputs give equal bytes.

import { ElfError } from './read';
import { ByteWriter } from './emit';
import { readObject } from './read-object';

const MAGIC = '!<arch>\n';
const THIN_MAGIC = '!<thin>\n';
const HEADER_SIZE = 60;

export interface ArchiveMember {
  /** The member's file name ("printf.o"). */
  readonly name: string;
  readonly data: Uint8Array;
}

export interface ArchiveSymbol {
  readonly name: string;
  /** Index into `members` of the member defining it. */
  readonly member: number;
}

export interface Archive {
  /** Where it came from, for diagnostics ("libc.a"). */
  readonly name: string;
  readonly members: readonly ArchiveMember[];
  /** The archive's own symbol index, in its order; undefined when the archive has none. */
  readonly symbols?: readonly ArchiveSymbol[];
}

export function isArchive(bytes: Uint8Array): boolean {
  return startsWith(bytes, MAGIC);
}

/** Parses an archive; `name` prefixes every error. */
export function readArchive(bytes: Uint8Array, name = 'archive'): Archive {
  if (startsWith(bytes, THIN_MAGIC)) throw new ElfError(`${name}: thin archives (members stored elsewhere) are not supported`);
  if (!isArchive(bytes)) throw new ElfError(`${name}: not an ar archive`);
  const members: ArchiveMember[] = [];
  const memberAt = new Map<number, number>();
  let index: { offsets: number[]; names: string[] } | undefined;
  let longNames: Uint8Array | undefined;
  for (let at = MAGIC.length; at < bytes.length; ) {
    const header = readHeader(bytes, at, name);
    const dataStart = at + HEADER_SIZE;
    const data = bytes.subarray(dataStart, dataStart + header.size);
    if (header.rawName === '/' || header.rawName === '/SYM64/') {
      index = readGnuIndex(data, header.rawName === '/SYM64/' ? 8 : 4, name);
    } else if (header.rawName === '//') {
      longNames = data;
    } else {
      const member = memberName(header.rawName, data, longNames, name);
      // A BSD index (`__.SYMDEF`): its offsets are as good as absent for us; the linker rebuilds the index.
      if (!member.name.startsWith('__.SYMDEF')) {
        memberAt.set(at, members.length);
        members.push({ name: member.name, data: new Uint8Array(data.subarray(member.skip)) });
      }
    }
    at = dataStart + header.size + (header.size % 2);
  }
  return { name, members, ...(index ? { symbols: resolveIndex(index, memberAt, name) } : {}) };
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/** A member header: name[16] date[12] uid[6] gid[6] mode[8] size[10] "`\n". */
function readHeader(bytes: Uint8Array, at: number, archive: string): { rawName: string; size: number } {
  if (at + HEADER_SIZE > bytes.length) throw new ElfError(`${archive}: truncated member header at offset ${at}`);
  if (bytes[at + 58] !== 0x60 || bytes[at + 59] !== 0x0a) throw new ElfError(`${archive}: corrupt member header at offset ${at}`);
  const sizeText = ascii(bytes, at + 48, 10).trim();
  if (!/^\d+$/.test(sizeText)) throw new ElfError(`${archive}: member at offset ${at} has a bad size field "${sizeText}"`);
  const size = Number(sizeText);
  if (at + HEADER_SIZE + size > bytes.length) throw new ElfError(`${archive}: member at offset ${at} runs past the end of the archive`);
  return { rawName: ascii(bytes, at, 16).trimEnd(), size };
}

/** GNU "name/", GNU long "/123" (offset into the `//` table), or BSD "#1/N" (name leads the data). */
function memberName(raw: string, data: Uint8Array, longNames: Uint8Array | undefined, archive: string): { name: string; skip: number } {
  if (raw.startsWith('#1/')) {
    const length = Number(raw.slice(3));
    if (!Number.isInteger(length) || length > data.length) throw new ElfError(`${archive}: bad BSD long member name "${raw}"`);
    let end = 0;
    while (end < length && data[end] !== 0) end++;
    return { name: decode(data.subarray(0, end)), skip: length };
  }
  if (/^\/\d+$/.test(raw)) {
    const offset = Number(raw.slice(1));
    if (!longNames || offset >= longNames.length) throw new ElfError(`${archive}: member name ${raw} points outside the long-name table`);
    let end = offset;
    while (end < longNames.length && longNames[end] !== 0x0a && !(longNames[end] === 0x2f && longNames[end + 1] === 0x0a)) end++;
    return { name: decode(longNames.subarray(offset, end)).replace(/\/$/, ''), skip: 0 };
  }
  return { name: raw.endsWith('/') ? raw.slice(0, -1) : raw, skip: 0 };
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** The `/` member: a count, that many big-endian member-header offsets, then NUL-terminated names. */
function readGnuIndex(data: Uint8Array, wordSize: number, archive: string): { offsets: number[]; names: string[] } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const word = (o: number) => (wordSize === 8 ? view.getUint32(o + 4, false) + view.getUint32(o, false) * 2 ** 32 : view.getUint32(o, false));
  if (data.length < wordSize) throw new ElfError(`${archive}: truncated symbol index`);
  const count = word(0);
  if (wordSize + count * wordSize > data.length) throw new ElfError(`${archive}: symbol index claims ${count} symbols but is only ${data.length} bytes`);
  const offsets = Array.from({ length: count }, (_, i) => word(wordSize + i * wordSize));
  const names: string[] = [];
  let at = wordSize + count * wordSize;
  for (let i = 0; i < count; i++) {
    let end = at;
    while (end < data.length && data[end] !== 0) end++;
    if (end >= data.length) throw new ElfError(`${archive}: symbol index names are truncated`);
    names.push(decode(data.subarray(at, end)));
    at = end + 1;
  }
  return { offsets, names };
}

function resolveIndex(index: { offsets: number[]; names: string[] }, memberAt: Map<number, number>, archive: string): ArchiveSymbol[] {
  return index.names.map((name, i) => {
    const member = memberAt.get(index.offsets[i]);
    if (member === undefined) throw new ElfError(`${archive}: symbol index entry '${name}' points at offset ${index.offsets[i]}, where no member starts`);
    return { name, member };
  });
}

/**
 * The symbols each member defines for the linker (global or weak, not undefined), in member
 * order: what `ranlib` would index. Members that are not ELF files are skipped, as llvm-ar does.
 */
export function archiveSymbolsOf(members: readonly ArchiveMember[], archive = 'archive'): ArchiveSymbol[] {
  const symbols: ArchiveSymbol[] = [];
  members.forEach((member, i) => {
    if (member.data.length < 4 || member.data[0] !== 0x7f || member.data[1] !== 0x45) return;
    const object = readObject(member.data, `${archive}(${member.name})`);
    for (const s of object.symbols) {
      if (s.binding !== 'local' && s.section !== 'undef') symbols.push({ name: s.name, member: i });
    }
  });
  return symbols;
}

/** Writes a GNU-format archive with a `/` symbol index (and a `//` table for long names). */
export function writeArchive(members: readonly ArchiveMember[], name = 'archive'): Uint8Array {
  const symbols = archiveSymbolsOf(members, name);
  const longNames = longNameTable(members);
  const encoder = new TextEncoder();
  const indexSize = 4 + 4 * symbols.length + symbols.reduce((n, s) => n + encoder.encode(s.name).length + 1, 0);
  const paddedIndex = indexSize + (indexSize % 2);
  let at = MAGIC.length + (symbols.length > 0 ? HEADER_SIZE + paddedIndex : 0);
  if (longNames.table.length > 0) at += HEADER_SIZE + longNames.table.length;
  const memberOffsets = members.map((m) => {
    const offset = at;
    at += HEADER_SIZE + m.data.length + (m.data.length % 2);
    return offset;
  });

  const out = new ByteWriter();
  out.ascii(MAGIC);
  if (symbols.length > 0) {
    writeHeader(out, '/', paddedIndex, '0');
    out.u32be(symbols.length);
    for (const s of symbols) out.u32be(memberOffsets[s.member]);
    for (const s of symbols) {
      out.raw(encoder.encode(s.name));
      out.u8(0);
    }
    out.align(2);
  }
  if (longNames.table.length > 0) {
    writeHeader(out, '//', longNames.table.length, '');
    out.raw(longNames.table);
  }
  members.forEach((m, i) => {
    writeHeader(out, longNames.headerNames[i], m.data.length, '644');
    out.raw(m.data);
    out.align(2, 0x0a);
  });
  return out.finish();
}

/** GNU long names: members whose name does not fit "name/" in 16 bytes go to the `//` table. */
function longNameTable(members: readonly ArchiveMember[]): { table: Uint8Array; headerNames: string[] } {
  const encoder = new TextEncoder();
  const out = new ByteWriter();
  const headerNames = members.map((m) => {
    const encoded = encoder.encode(m.name);
    if (encoded.length < 16 && !m.name.includes('/') && encoded.length === m.name.length) return `${m.name}/`;
    const offset = out.length;
    out.raw(encoded);
    out.ascii('/\n');
    return `/${offset}`;
  });
  out.align(2, 0x0a);
  return { table: out.finish(), headerNames };
}

/** A member header; the `//` table (mode '') leaves date, ids and mode blank, as llvm-ar does. */
function writeHeader(out: ByteWriter, name: string, size: number, mode: string): void {
  const field = (text: string, width: number) => out.ascii(text.padEnd(width, ' ').slice(0, width));
  const zero = mode === '' ? '' : '0';
  field(name, 16);
  field(zero, 12);
  field(zero, 6);
  field(zero, 6);
  field(mode, 8);
  field(String(size), 10);
  out.ascii('`\n');
}
