// The ILP32 layout of a struct or union, as clang and gcc do it for RISC-V (psABI "Bit-fields"):
// each ordinary member at the next multiple of its alignment; a bit-field packed after the
// previous bits unless it would straddle a naturally aligned unit of its declared type, in which
// case it starts the next such unit; `T : 0` skips to the next unit of T. Named bit-fields give
// the record their declared type's alignment, unnamed ones only take space. The size is rounded
// up to the record's alignment; `packed` drops the padding and `aligned(N)` raises the alignment.

import type { Attributes } from './parse-declspec';
import { alignOf, sizeOf, type Member, type RecordDecl } from './types';

/** Fixes every member's offset (and a bit-field's unit offset and bit offset), the size and alignment. */
export function layoutRecord(decl: RecordDecl, attrs: Attributes): void {
  let bits = 0; // next free bit in a struct; the largest member so far in a union
  let align = 1;
  decl.members = decl.members.map((m) => {
    // Until layout, `offset` carries the member's _Alignas (see parse-record.ts).
    const requested = m.offset;
    const memberAlign = attrs.packed ? Math.max(1, requested) : Math.max(alignOf(m.type), requested);
    if (m.bitWidth !== undefined) {
      if (m.name !== null) align = Math.max(align, memberAlign);
      const start = decl.kind === 'union' ? 0 : bitFieldStart(bits, m.bitWidth, sizeOf(m.type) * 8);
      bits = decl.kind === 'union' ? Math.max(bits, roundUp(m.bitWidth, 8)) : start + m.bitWidth;
      return placeBitField(m, start);
    }
    align = Math.max(align, memberAlign);
    if (decl.kind === 'union') {
      bits = Math.max(bits, sizeOf(m.type) * 8);
      return { ...m, offset: 0 };
    }
    const at = roundUp(roundUp(bits, 8) / 8, memberAlign);
    bits = (at + sizeOf(m.type)) * 8;
    return { ...m, offset: at };
  });
  align = Math.max(align, attrs.aligned);
  decl.align = align;
  decl.size = roundUp(roundUp(bits, 8) / 8, align);
  decl.complete = true;
}

// Where a bit-field of `width` bits goes when the next free bit is `bits`, with units of `unitBits`.
function bitFieldStart(bits: number, width: number, unitBits: number): number {
  if (width === 0) return roundUp(bits, unitBits);
  const straddles = Math.floor(bits / unitBits) !== Math.floor((bits + width - 1) / unitBits);
  return straddles ? roundUp(bits, unitBits) : bits;
}

// The storage unit is the aligned object of the declared type holding the field (what DWARF's
// DW_AT_data_member_location names and what reads and writes load and store).
function placeBitField(m: Member, startBit: number): Member {
  const unitBytes = Math.max(1, sizeOf(m.type));
  const offset = Math.floor(startBit / (unitBytes * 8)) * unitBytes;
  return { ...m, offset, bitOffset: startBit - offset * 8 };
}

export function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
