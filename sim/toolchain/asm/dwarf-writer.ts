// Building the contents of the DWARF sections the assembler writes itself (.debug_line,
// .debug_line_str, and for -g .debug_info/.debug_abbrev/.debug_aranges/.debug_ranges): a byte
// list with LEB128 and string helpers, whose references to symbols become fixups (an R_RISCV_32,
// or an ADD/SUB pair for a difference) when the bytes are appended to their section.

import type { AsmContext } from './context';
import type { AsmSymbol, Expr, SectionState } from './model';
import { createSection, emitBytes, switchSection } from './sections';

/** Bytes being built for a debug section, with the 32-bit references to patch by relocation. */
export class DwarfWriter {
  readonly bytes: number[] = [];
  readonly refs: { offset: number; symbol: AsmSymbol; addend: number; kind: 'data32' | 'add16' | 'sub16' | 'add32' | 'sub32' }[] = [];

  u8(v: number): void { this.bytes.push(v & 0xff); }
  u16(v: number): void { this.u8(v); this.u8(v >> 8); }
  u32(v: number): void { this.u16(v); this.u16(v >>> 16); }
  uleb(v: number): void {
    if (!(v >= 0)) throw new RangeError(`ULEB128 of ${v}`); // a negative value would never terminate
    do {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      this.u8(v === 0 ? byte : byte | 0x80);
    } while (v !== 0);
  }
  sleb(v: number): void {
    if (!Number.isSafeInteger(v)) throw new RangeError(`SLEB128 of ${v}`);
    for (;;) {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return;
    }
  }
  string(s: string): void { for (const b of new TextEncoder().encode(s)) this.u8(b); this.u8(0); }
  /** A 4-byte reference to `symbol + addend`, resolved by an R_RISCV_32. */
  ref(symbol: AsmSymbol, addend: number): void {
    this.refs.push({ offset: this.bytes.length, symbol, addend, kind: 'data32' });
    this.u32(0);
  }
  /** A `size`-byte difference `a - b` left to an ADD/SUB relocation pair. */
  difference(size: 2 | 4, a: AsmSymbol, aAddend: number, b: AsmSymbol, bAddend: number): void {
    const at = this.bytes.length;
    this.refs.push({ offset: at, symbol: a, addend: aAddend, kind: size === 2 ? 'add16' : 'add32' });
    this.refs.push({ offset: at, symbol: b, addend: bAddend, kind: size === 2 ? 'sub16' : 'sub32' });
    for (let i = 0; i < size; i++) this.u8(0);
  }
  patch32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.bytes[at + i] = (v >>> (8 * i)) & 0xff;
  }
}

/** Appends a writer's bytes to `section` and records its references as fixups. */
export function flushWriter(ctx: AsmContext, section: SectionState, w: DwarfWriter): void {
  switchSection(ctx, section);
  const base = section.size;
  const loc = { line: 1, col: 1 };
  emitBytes(ctx, w.bytes, loc);
  for (const r of w.refs) {
    const target: Expr = { kind: 'symref', symbol: r.symbol, loc };
    const expr: Expr = r.addend === 0 ? target : { kind: 'binary', op: '+', left: target, right: { kind: 'num', value: BigInt(r.addend), loc }, loc };
    section.fixups.push({ offset: base + r.offset, kind: r.kind, expr, loc });
  }
}

export function debugSection(ctx: AsmContext, name: string, strings = false): SectionState {
  const flags = { alloc: false, write: false, exec: false, merge: strings, strings, tls: false };
  return ctx.sectionsByName.get(name) ?? createSection(ctx, name, 'progbits', flags, strings ? 1 : 0);
}
