// Decodes one 32-bit instruction word into its table row and operand fields. Used when a code
// page is first executed (the interpreter caches the result) and by the disassembler.

import { INSTRUCTIONS, type InstructionSpec } from './instructions';
import { Op } from './opcodes';

export interface Decoded {
  readonly spec: InstructionSpec;
  readonly op: Op;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  /** Sign-extended immediate, shift amount, `imm << 12` for U-type, CSR number, fence or aq/rl bits. */
  readonly imm: number;
}

// Instructions grouped by the 7-bit major opcode, so decoding scans a handful of rows.
const BY_OPCODE: InstructionSpec[][] = Array.from({ length: 128 }, () => []);
for (const spec of INSTRUCTIONS) BY_OPCODE[spec.match & 0x7f].push(spec);

/** Decodes `word`, or returns null when it is not an RV32IMA instruction. */
export function decode(word: number): Decoded | null {
  word >>>= 0;
  for (const spec of BY_OPCODE[word & 0x7f]) {
    if (((word & spec.mask) >>> 0) !== spec.match) continue;
    return {
      spec,
      op: spec.op,
      rd: (word >>> 7) & 31,
      rs1: (word >>> 15) & 31,
      rs2: (word >>> 20) & 31,
      imm: immediate(spec, word),
    };
  }
  return null;
}

function immediate(spec: InstructionSpec, w: number): number {
  switch (spec.format) {
    case 'I':
    case 'load':
    case 'jalr':
      return w >> 20;
    case 'shift':
      return (w >>> 20) & 31;
    case 'S':
      return ((w >> 25) << 5) | ((w >>> 7) & 31);
    case 'B':
      return ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 63) << 5) | (((w >>> 8) & 15) << 1);
    case 'U':
      return w & 0xfffff000;
    case 'J':
      return ((w >> 31) << 20) | (((w >>> 12) & 255) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 1023) << 1);
    case 'fence':
      return (w >>> 20) & 0xfff;
    case 'csr':
    case 'csri':
      return (w >>> 20) & 0xfff;
    case 'amo':
    case 'lr':
      return (w >>> 25) & 3;
    case 'R':
    case 'none':
      return 0;
  }
}
