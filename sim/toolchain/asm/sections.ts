// Sections and the bytes that go into them. Creating a section picks its ELF type and flags from
// its name the way llvm-mc does when `.section` gives none (`.text*` AX, `.data*` WA, `.bss*`
// nobits, ...). Emission appends little-endian values, fills and instruction words to the current
// section; alignment pads code with `nop`s and data with the fill byte. Because RV32IMA has no
// relaxation here and every instruction is 4 bytes, offsets are final the moment they are
// emitted: there is no separate layout pass.

import type { AsmContext } from './context';
import { noteLineEntry } from './debug-line';
import { fail, type SourceLoc } from './diagnostics';
import type { SectionFlags, SectionKind, SectionState } from './model';

const NOP = 0x00000013;

/** No section may grow past this (the simulated machine has far less memory anyway). */
export const MAX_SECTION_SIZE = 64 * 1024 * 1024;

const hasPrefix = (name: string, prefix: string) => name === prefix || name.startsWith(prefix + '.');

/** The ELF type llvm-mc gives a section whose `.section` directive names no type. */
export function defaultSectionKind(name: string): SectionKind {
  if (name.startsWith('.note')) return 'note';
  if (hasPrefix(name, '.init_array')) return 'init_array';
  if (hasPrefix(name, '.fini_array')) return 'fini_array';
  if (hasPrefix(name, '.preinit_array')) return 'preinit_array';
  if (hasPrefix(name, '.bss') || hasPrefix(name, '.tbss') || hasPrefix(name, '.sbss')) return 'nobits';
  return 'progbits';
}

/** The flags llvm-mc gives a section from its name alone. */
export function defaultSectionFlags(name: string): SectionFlags {
  const flags: SectionFlags = { alloc: false, write: false, exec: false, merge: false, strings: false, tls: false };
  if (hasPrefix(name, '.rodata') || name === '.rodata1' || hasPrefix(name, '.srodata')) flags.alloc = true;
  else if (name === '.init' || name === '.fini' || hasPrefix(name, '.text')) flags.alloc = flags.exec = true;
  else if (
    hasPrefix(name, '.data') || name === '.data1' || hasPrefix(name, '.bss') || hasPrefix(name, '.sdata') || hasPrefix(name, '.sbss') ||
    hasPrefix(name, '.init_array') || hasPrefix(name, '.fini_array') || hasPrefix(name, '.preinit_array')
  ) {
    flags.alloc = flags.write = true;
  } else if (hasPrefix(name, '.tdata') || hasPrefix(name, '.tbss')) flags.alloc = flags.write = flags.tls = true;
  return flags;
}

export function createSection(ctx: AsmContext, name: string, kind: SectionKind | null, flags: SectionFlags | null, entsize: number): SectionState {
  const section: SectionState = {
    name,
    index: ctx.sections.length,
    kind: kind ?? defaultSectionKind(name),
    flags: flags ?? defaultSectionFlags(name),
    entsize,
    align: 1,
    data: new Uint8Array(64),
    size: 0,
    fixups: [],
    hasInstructions: false,
    fragment: 0,
    symbol: null,
    order: ctx.registered++,
  };
  ctx.sections.push(section);
  ctx.sectionsByName.set(name, section);
  return section;
}

/** Makes `section` current, remembering the old one for `.previous`. */
export function switchSection(ctx: AsmContext, section: SectionState): void {
  if (section === ctx.current) return;
  ctx.previous = ctx.current;
  ctx.current = section;
}

/** The named section, created with llvm-mc's defaults if new. */
export function sectionNamed(ctx: AsmContext, name: string): SectionState {
  return ctx.sectionsByName.get(name) ?? createSection(ctx, name, null, null, 0);
}

// Makes room for `n` more bytes and returns the offset where they start.
function grow(section: SectionState, n: number, loc: SourceLoc): number {
  const offset = section.size;
  const needed = offset + n;
  if (!Number.isSafeInteger(needed) || needed > MAX_SECTION_SIZE) fail(loc, `section ${section.name} would grow past ${MAX_SECTION_SIZE / 1024 / 1024} MiB`);
  if (section.kind !== 'nobits' && needed > section.data.length) {
    let capacity = section.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const data = new Uint8Array(capacity);
    data.set(section.data.subarray(0, offset));
    section.data = data;
  }
  section.size = needed;
  return offset;
}

function requireBits(ctx: AsmContext, loc: SourceLoc, nonZero: boolean): void {
  if (ctx.current.kind === 'nobits' && nonZero) {
    fail(loc, `cannot have non-zero initializers in a nobits section (${ctx.current.name})`);
  }
}

/** Appends raw bytes to the current section. */
export function emitBytes(ctx: AsmContext, bytes: ArrayLike<number>, loc: SourceLoc): void {
  let nonZero = false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) nonZero = true;
  requireBits(ctx, loc, nonZero);
  noteLineEntry(ctx, ctx.current, ctx.current.size);
  const offset = grow(ctx.current, bytes.length, loc);
  if (ctx.current.kind !== 'nobits') {
    const data = ctx.current.data;
    for (let i = 0; i < bytes.length; i++) data[offset + i] = bytes[i];
  }
}

/** Appends `value` as a `size`-byte little-endian integer (two's complement, truncated). */
export function emitValue(ctx: AsmContext, value: bigint, size: number, loc: SourceLoc): number {
  requireBits(ctx, loc, value !== 0n);
  noteLineEntry(ctx, ctx.current, ctx.current.size);
  const offset = grow(ctx.current, size, loc);
  if (ctx.current.kind !== 'nobits') writeValue(ctx.current, offset, value, size);
  return offset;
}

export function writeValue(section: SectionState, offset: number, value: bigint, size: number): void {
  if (size <= 4) {
    const v = Number(BigInt.asUintN(32, value));
    for (let i = 0; i < size; i++) section.data[offset + i] = (v >>> (8 * i)) & 0xff;
    return;
  }
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    section.data[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** `count` copies of a `size`-byte value (`.fill`, `.zero`, `.space`). */
export function emitFill(ctx: AsmContext, count: number, size: number, value: bigint, loc: SourceLoc): void {
  ctx.current.fragment++;
  if (count === 0) return;
  requireBits(ctx, loc, value !== 0n && size > 0);
  const offset = grow(ctx.current, count * size, loc);
  if (ctx.current.kind === 'nobits' || value === 0n || size === 0) return;
  // Write the unit once, then double the filled span until it covers all of them.
  const data = ctx.current.data;
  writeValue(ctx.current, offset, value, Math.min(size, 8));
  const total = count * size;
  for (let filled = size; filled < total; filled *= 2) data.copyWithin(offset + filled, offset, offset + Math.min(filled, total - filled));
}

/** Appends one instruction word; returns its offset. */
export function emitInstruction(ctx: AsmContext, word: number, loc: SourceLoc): number {
  const section = ctx.current;
  if (section.kind === 'nobits') fail(loc, `instructions are not allowed in a nobits section (${section.name})`);
  section.hasInstructions = true;
  if (section.align < 4) section.align = 4;
  noteLineEntry(ctx, section, section.size);
  const offset = grow(section, 4, loc);
  writeWord(section, offset, word);
  return offset;
}

export function writeWord(section: SectionState, offset: number, word: number): void {
  const d = section.data;
  d[offset] = word & 0xff;
  d[offset + 1] = (word >>> 8) & 0xff;
  d[offset + 2] = (word >>> 16) & 0xff;
  d[offset + 3] = (word >>> 24) & 0xff;
}

export function readWord(section: SectionState, offset: number): number {
  const d = section.data;
  return (d[offset] | (d[offset + 1] << 8) | (d[offset + 2] << 16) | (d[offset + 3] << 24)) >>> 0;
}

/**
 * Pads the current section to a multiple of `alignment`. Without an explicit fill, executable
 * sections are padded with `nop` (after zero bytes up to a 4-byte boundary) and others with
 * zeros. Nothing is emitted when more than `maxSkip` bytes would be needed.
 */
export function alignCurrent(ctx: AsmContext, alignment: number, fill: bigint | null, fillSize: number, maxSkip: number | null, loc: SourceLoc): void {
  const section = ctx.current;
  section.fragment++;
  const pad = (alignment - (section.size % alignment)) % alignment;
  if (maxSkip !== null && pad > maxSkip) return;
  if (alignment > section.align) section.align = alignment;
  if (pad === 0) return;
  if (fill !== null) {
    requireBits(ctx, loc, fill !== 0n);
    const offset = grow(section, pad, loc);
    if (section.kind === 'nobits') return;
    // The fill value is repeated in `fillSize`-byte units; a partial unit at the end is truncated.
    for (let i = 0; i < pad; i += fillSize) {
      const bytes = Math.min(fillSize, pad - i);
      writeValue(section, offset + i, fill, bytes);
    }
    return;
  }
  const offset = grow(section, pad, loc);
  if (section.kind === 'nobits' || !section.flags.exec) return; // grown bytes are already zero
  const zeros = pad % 4;
  for (let at = offset + zeros; at < offset + pad; at += 4) writeWord(section, at, NOP);
}
