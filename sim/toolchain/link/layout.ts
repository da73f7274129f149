// Address assignment. The program's segments follow ld.lld's default layout: the first PT_LOAD
// at `base` (0x10000) holds the ELF and program headers and the read-only data (R), then the
// code (R X), then .data and .bss (RW), each starting on a fresh page. As lld does, a segment's
// first page keeps the file offset congruent to its address modulo the page size without
// padding the file: its address is the next page boundary plus the current offset's position
// within a page. A shared library gets its own three segments — text (R X) at exactly its base,
// then rodata (R), then data+bss (RW) — with page-aligned file offsets and zero padding, so its
// pages are the same bytes in every executable. Non-loaded sections (.debug_*, attributes)
// follow in the file at address 0. With `omagic` (ld -N) the program is one RWX segment.

import { ELF_HEADER_SIZE, PAGE_SIZE, PROGRAM_HEADER_SIZE } from '../elf/constants';
import { alignUp, isPowerOfTwo } from '../elf/emit';
import { PF_R, PF_W, PF_X } from '../elf/read';
import { hex, type LinkContext, type OutputSection, type SectionClass } from './model';
import { isNobits, type OutputSections } from './sections';
import { LinkError, PROGRAM_BASE, SHARED_LIBRARY_BASE, USER_TOP, type LinkOptions } from './types';

export interface Segment {
  /** PF_R | PF_W | PF_X. */
  readonly flags: number;
  readonly library: boolean;
  readonly sections: readonly OutputSection[];
  /** Holds the ELF header and program headers (the program's first segment). */
  readonly headers: boolean;
  vaddr: number;
  offset: number;
  filesz: number;
  memsz: number;
}

export interface Layout {
  readonly base: number;
  /** The page size segments are aligned to (p_align). */
  readonly pageSize: number;
  readonly segments: readonly Segment[];
  /** Loaded sections in address order, then the non-loaded ones: the section header order. */
  readonly sections: readonly OutputSection[];
  /** PT_PHDR, one PT_LOAD per segment, PT_GNU_STACK. */
  readonly programHeaderCount: number;
  /** File bytes used by headers and section contents. */
  readonly contentSize: number;
  /** Where the shared library's segments start and end, if there is one. */
  readonly library?: { readonly base: number; readonly end: number };
}

/** Output files larger than this are refused (a damaged input asking for gigabytes of padding). */
const MAX_FILE_SIZE = 256 * 1024 * 1024;

/** The options that shape addresses, checked. */
interface Rules {
  readonly page: number;
  readonly separateCode: boolean;
  readonly sectionStart: ReadonlyMap<string, number>;
  readonly fail: (message: string) => never;
}

interface Cursor {
  readonly address: number;
  readonly offset: number;
}

export function layOut(ctx: LinkContext, outputs: OutputSections, options: LinkOptions): Layout {
  const fail = (message: string): never => {
    throw new LinkError([...ctx.problems, message]);
  };
  const rules = checkedRules(options, fail);
  const base = options.base ?? PROGRAM_BASE;
  const libraryBase = options.sharedLibrary?.base ?? SHARED_LIBRARY_BASE;
  checkBase('base', base, rules);
  if (options.sharedLibrary) checkBase('sharedLibrary.base', libraryBase, rules);
  for (const output of outputs.list) packPieces(output);

  const segments = planSegments(outputs, options.omagic === true);
  // PT_PHDR, the loads, PT_GNU_STACK.
  const programHeaderCount = segments.length + 2;
  const headerSize = ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE * programHeaderCount;
  let cursor: Cursor = { address: base, offset: 0 };
  let previous: Segment | undefined;
  for (const segment of segments.filter((s) => !s.library)) {
    cursor = placeSegment(segment, cursor, segment.headers ? headerSize : 0, rules, previous);
    previous = segment;
  }
  let library: Layout['library'];
  const librarySegments = segments.filter((s) => s.library);
  if (librarySegments.length > 0) {
    const programEnd = Math.max(...segments.filter((s) => !s.library).map((s) => s.vaddr + s.memsz));
    if (programEnd > libraryBase) fail(`the program's segments end at ${hex(programEnd)}, past the shared library's base ${hex(libraryBase)}`);
    cursor = { address: libraryBase, offset: cursor.offset };
    for (const segment of librarySegments) {
      cursor = { address: alignUp(cursor.address, rules.page), offset: alignUp(cursor.offset, rules.page) };
      cursor = placeSegment(segment, cursor, 0, { ...rules, sectionStart: new Map() }, undefined);
    }
    library = { base: libraryBase, end: cursor.address };
  }
  checkNoOverlap(segments, rules);
  const contentSize = placeNonLoaded(outputs.list, cursor.offset);
  if (contentSize > MAX_FILE_SIZE) fail(`the executable would be ${contentSize} bytes, more than the ${MAX_FILE_SIZE} allowed`);

  const loaded = segments.flatMap((s) => s.sections);
  const others = outputs.list.filter((o) => !isLoadedClass(o.cls));
  return { base, pageSize: rules.page, segments, sections: [...loaded, ...others], programHeaderCount, contentSize, ...(library ? { library } : {}) };
}

function checkedRules(options: LinkOptions, fail: (message: string) => never): Rules {
  const page = options.pageSize ?? PAGE_SIZE;
  if (!isPowerOfTwo(page) || page < PAGE_SIZE) fail(`pageSize ${page} is not a power of two of at least ${PAGE_SIZE}`);
  const sectionStart = new Map(Object.entries(options.sectionStart ?? {}));
  for (const [name, address] of sectionStart) {
    if (!Number.isInteger(address) || address < 0 || address >= USER_TOP) fail(`sectionStart: ${name} at ${address} is not a user address`);
  }
  return { page, separateCode: options.separateCode === true, sectionStart, fail };
}

function checkBase(what: string, value: number, rules: Rules): void {
  if (!Number.isInteger(value) || value <= 0 || value % rules.page !== 0 || value >= USER_TOP) rules.fail(`${what} ${hex(value)} is not a page-aligned user address`);
}

/** Segments must come in address order without sharing pages, and end within user space. */
function checkNoOverlap(segments: readonly Segment[], rules: Rules): void {
  segments.forEach((segment, i) => {
    const end = segment.vaddr + segment.memsz;
    if (end > USER_TOP) rules.fail(`the program does not fit in user memory: a segment ends at ${hex(end)}, past ${hex(USER_TOP)}`);
    const next = segments[i + 1];
    if (next && alignUp(end, rules.page) > next.vaddr - (next.vaddr % rules.page)) {
      rules.fail(`segments overlap or are out of order: [${hex(segment.vaddr)}, ${hex(end)}) and the one at ${hex(next.vaddr)} (${next.sections[0]?.name ?? 'headers'})`);
    }
  });
}

/** Gives each piece its offset within its output section; sets the section's size. */
function packPieces(output: OutputSection): void {
  let size = 0;
  for (const piece of output.pieces) {
    // Debug sections are byte streams; their inputs are concatenated without padding.
    const align = output.cls === 'debug' ? 1 : piece.align;
    piece.offset = alignUp(size, align);
    size = piece.offset + piece.size;
    if (piece.small && output.smallStart === undefined) output.smallStart = piece.offset;
  }
  output.size = size;
}

function isLoadedClass(cls: SectionClass): boolean {
  return cls !== 'debug' && cls !== 'attributes';
}

/** The PT_LOAD segments in address order, empty ones left out (except the program headers' one). */
function planSegments(outputs: OutputSections, omagic: boolean): Segment[] {
  const pick = (library: boolean, ...classes: SectionClass[]) => classes.flatMap((cls) => outputs.list.filter((o) => o.library === library && o.cls === cls).sort(byCanonicalName));
  const segment = (flags: number, library: boolean, sections: OutputSection[], headers = false): Segment => ({ flags, library, sections, headers, vaddr: 0, offset: 0, filesz: 0, memsz: 0 });
  const program = omagic
    ? [segment(PF_R | PF_W | PF_X, false, pick(false, 'rodata', 'text', 'data', 'bss'), true)]
    : [segment(PF_R, false, pick(false, 'rodata'), true), segment(PF_R | PF_X, false, pick(false, 'text')), segment(PF_R | PF_W, false, pick(false, 'data', 'bss'))];
  const library = [segment(PF_R | PF_X, true, pick(true, 'text')), segment(PF_R, true, pick(true, 'rodata')), segment(PF_R | PF_W, true, pick(true, 'data', 'bss'))];
  return [...program, ...library].filter((s) => s.headers || s.sections.some((o) => o.size > 0));
}

/** The conventional section first in its class (.text, .rodata, .data after the arrays), then orphans in input order. */
function byCanonicalName(a: OutputSection, b: OutputSection): number {
  return canonicalRank(a) - canonicalRank(b);
}

const CANONICAL_ORDER = new Map([['.text', 0], ['.rodata', 0], ['.bss', 0], ['.preinit_array', 0], ['.init_array', 1], ['.fini_array', 2], ['.data', 4]]);

function canonicalRank(output: OutputSection): number {
  return CANONICAL_ORDER.get(output.canonical) ?? 3;
}

/** Assigns addresses and file offsets to a segment's sections; returns where the next may start. */
function placeSegment(segment: Segment, from: Cursor, headerSize: number, rules: Rules, previous: Segment | undefined): Cursor {
  let { address, offset } = segment.headers ? { address: from.address + headerSize, offset: from.offset + headerSize } : segmentStart(segment, from, rules, previous);
  segment.vaddr = segment.headers ? from.address : address;
  segment.offset = segment.headers ? from.offset : offset;
  let fileEnd = offset;
  segment.sections.forEach((section, i) => {
    if (rules.sectionStart.has(section.name) && (i > 0 || segment.headers)) {
      rules.fail(`sectionStart: ${section.name} can only be placed when it starts its segment`);
    }
    const aligned = alignUp(address, section.align);
    offset += aligned - address;
    address = aligned;
    if (i === 0 && !segment.headers) {
      segment.vaddr = address;
      segment.offset = offset;
      fileEnd = offset;
    }
    section.address = address;
    section.fileOffset = offset;
    address += section.size;
    if (!isNobits(section)) {
      offset += section.size;
      fileEnd = offset;
    }
  });
  segment.filesz = fileEnd - segment.offset;
  segment.memsz = address - segment.vaddr;
  return { address, offset: fileEnd };
}

/**
 * Where a segment after the first starts: at a requested address; on fresh pages in the file
 * too around code with `separateCode`; else lld's trick — the next page, at the same position
 * within it as the file offset, so offset ≡ address (mod page) without padding the file.
 */
function segmentStart(segment: Segment, from: Cursor, rules: Rules, previous: Segment | undefined): Cursor {
  const fixed = segment.sections.length > 0 ? rules.sectionStart.get(segment.sections[0].name) : undefined;
  if (fixed !== undefined) {
    const delta = (((fixed - from.offset) % rules.page) + rules.page) % rules.page;
    return { address: fixed, offset: from.offset + delta };
  }
  const code = (s: Segment | undefined) => s !== undefined && (s.flags & PF_X) !== 0;
  if (rules.separateCode && (code(segment) || code(previous))) {
    return { address: alignUp(from.address, rules.page), offset: alignUp(from.offset, rules.page) };
  }
  if (from.address % rules.page === 0 && from.offset % rules.page === 0) return from;
  return { address: alignUp(from.address, rules.page) + (from.offset % rules.page), offset: from.offset };
}

/** Non-loaded sections go after the loaded contents, at address 0; returns the content's end. */
function placeNonLoaded(outputs: readonly OutputSection[], offset: number): number {
  for (const output of outputs) {
    if (isLoadedClass(output.cls)) continue;
    offset = alignUp(offset, Math.min(output.align, 8));
    output.fileOffset = offset;
    output.address = 0;
    offset += output.size;
  }
  return offset;
}
