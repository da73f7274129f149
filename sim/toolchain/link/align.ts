// R_RISCV_ALIGN: an assembler that expects linker relaxation does not pad `.p2align` itself; it
// emits the worst-case run of NOPs (the relocation's addend, in bytes) and this relocation, and
// the linker deletes the NOPs the final position does not need. oslab does no other relaxation,
// so an input section's final alignment modulo its own alignment is known before layout: this
// phase deletes the surplus NOPs, shifting the section's later bytes, relocations and symbols
// (as lld's relaxation does; objects built for relaxation refer to code through symbols, not
// section offsets, exactly so this is safe). Objects built with -mno-relax have no ALIGN.

import { R_RISCV } from '../relocations';
import type { ObjSection, Relocation } from '../object';
import { siteName, type InputFile, type LinkContext } from './model';

interface Deletion {
  /** Original offset of the first deleted byte. */
  readonly start: number;
  readonly length: number;
}

const NOP = 0x00000013;
const C_NOP = 0x0001;

export function removeAlignmentPadding(ctx: LinkContext, file: InputFile): void {
  file.sections.forEach((section, index) => {
    if (!section.relocations.some((r) => r.type === R_RISCV.ALIGN)) return;
    const deletions = planDeletions(ctx, file, index, section);
    if (deletions) applyDeletions(file, index, section, deletions.list, deletions.align);
  });
}

/** Where NOPs go: for each ALIGN, keep what reaches the boundary and delete the rest. */
function planDeletions(ctx: LinkContext, file: InputFile, index: number, section: ObjSection): { list: Deletion[]; align: number } | undefined {
  const aligns = section.relocations.filter((r) => r.type === R_RISCV.ALIGN).sort((a, b) => a.offset - b.offset);
  const list: Deletion[] = [];
  let removed = 0;
  let sectionAlign = section.align;
  for (const r of aligns) {
    const reserved = r.addend;
    const boundary = nextPowerOfTwo(reserved + 2);
    if (reserved < 0 || r.offset + reserved > section.data.length || boundary > 0x1000_0000) {
      ctx.problems.push(`${siteName(file, index, r.offset)}: R_RISCV_ALIGN reserves ${reserved} bytes, which do not fit the section`);
      return undefined;
    }
    sectionAlign = Math.max(sectionAlign, boundary);
    const position = r.offset - removed;
    const pad = (boundary - (position % boundary)) % boundary;
    if (pad > reserved) {
      ctx.problems.push(`${siteName(file, index, r.offset)}: R_RISCV_ALIGN to ${boundary} bytes needs ${pad} bytes of padding but only ${reserved} are reserved`);
      return undefined;
    }
    if (reserved > pad) list.push({ start: r.offset + pad, length: reserved - pad });
    removed += reserved - pad;
  }
  return { list, align: sectionAlign };
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function applyDeletions(file: InputFile, index: number, section: ObjSection, deletions: readonly Deletion[], align: number): void {
  const moved = (offset: number) => movedOffset(deletions, offset);
  const data = new Uint8Array(section.data.length - deletions.reduce((n, d) => n + d.length, 0));
  let from = 0;
  let to = 0;
  for (const d of deletions) {
    data.set(section.data.subarray(from, d.start), to);
    to += d.start - from;
    from = d.start + d.length;
  }
  data.set(section.data.subarray(from), to);
  rewriteKeptPadding(data, section.relocations, moved);

  const relocations: Relocation[] = section.relocations.filter((r) => r.type !== R_RISCV.ALIGN).map((r) => ({ ...r, offset: moved(r.offset) }));
  file.sections[index] = { ...section, data, size: data.length, align, relocations };
  file.object.symbols.forEach((symbol, i) => {
    if (symbol.section !== index) return;
    const start = moved(file.values[i]);
    const end = moved(file.values[i] + file.sizes[i]);
    file.values[i] = start;
    file.sizes[i] = Math.max(0, end - start);
  });
}

/** The padding left at each ALIGN becomes canonical NOPs (a C.NOP for a 2-byte remainder). */
function rewriteKeptPadding(data: Uint8Array, relocations: readonly Relocation[], moved: (offset: number) => number): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const r of relocations) {
    if (r.type !== R_RISCV.ALIGN) continue;
    const start = moved(r.offset);
    const end = moved(r.offset + r.addend);
    let at = start;
    for (; at + 4 <= end; at += 4) view.setUint32(at, NOP, true);
    if (at + 2 <= end) view.setUint16(at, C_NOP, true);
  }
}

/** Where an original offset lands once `deletions` (sorted, disjoint) are cut out. */
export function movedOffset(deletions: readonly Deletion[], offset: number): number {
  let shift = 0;
  for (const d of deletions) {
    if (offset >= d.start + d.length) shift += d.length;
    else if (offset > d.start) return d.start - shift;
    else break;
  }
  return offset - shift;
}
