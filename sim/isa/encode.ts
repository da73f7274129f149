// Encodes an instruction from its name (or Op) and operand fields into a 32-bit word: the inverse
// of `decode`. Tests use it to build instruction corpora, and the assembler will use it to emit
// code. The fields mean exactly what `Decoded`'s fields mean (so `encode(d.op, d)` reproduces
// the word for any canonical encoding), and it reads the same instruction table, so an encoding
// can only be wrong in one place. Out-of-range operands throw instead of being silently truncated,
// because a truncated branch offset is a miscompiled program.

import { INSTRUCTIONS, SPEC_BY_OP, type InstructionSpec } from './instructions';
import type { Op } from './opcodes';

/** Operand fields, with `imm` in the same units `Decoded.imm` uses for the row's format. */
export interface Fields {
  readonly rd?: number;
  readonly rs1?: number;
  readonly rs2?: number;
  readonly imm?: number;
}

const SPEC_BY_NAME: ReadonlyMap<string, InstructionSpec> = new Map(INSTRUCTIONS.map((s) => [s.name, s]));

/** The table row for a mnemonic ("addi", "amoswap.w") or an Op. */
export function specFor(nameOrOp: string | Op): InstructionSpec {
  const spec = typeof nameOrOp === 'string' ? SPEC_BY_NAME.get(nameOrOp) : SPEC_BY_OP.get(nameOrOp);
  if (!spec) throw new Error(`encode: unknown instruction ${String(nameOrOp)}`);
  return spec;
}

/** Encodes one instruction; throws RangeError when a field does not fit its slot. */
export function encode(nameOrOp: string | Op, fields: Fields = {}): number {
  const spec = specFor(nameOrOp);
  const operands = operandBits(spec, fields);
  // Range checks keep operands inside their slots; this guards the table itself, e.g. a row whose
  // mask claims bits that its format also uses for an operand.
  if ((operands & spec.mask) !== 0) throw new RangeError(`encode: operands of ${spec.name} overlap its opcode bits`);
  return (operands | spec.match) >>> 0;
}

function operandBits(spec: InstructionSpec, f: Fields): number {
  const imm = f.imm ?? 0;
  switch (spec.format) {
    case 'R':
      return rd(f) | rs1(f) | rs2(f);
    case 'I':
    case 'load':
    case 'jalr':
      return rd(f) | rs1(f) | iImm(signed(imm, 12, spec));
    case 'shift':
      return rd(f) | rs1(f) | (unsigned(imm, 5, spec) << 20);
    case 'S':
      return rs1(f) | rs2(f) | sImm(signed(imm, 12, spec));
    case 'B':
      return rs1(f) | rs2(f) | bImm(signed(even(imm, spec), 13, spec));
    case 'U':
      return rd(f) | uImm(imm, spec);
    case 'J':
      return rd(f) | jImm(signed(even(imm, spec), 21, spec));
    case 'fence':
    case 'csr':
      return rd(f) | rs1(f) | (unsigned(imm, 12, spec) << 20);
    case 'csri':
      return rd(f) | (unsigned(f.rs1 ?? 0, 5, spec) << 15) | (unsigned(imm, 12, spec) << 20);
    case 'amo':
      return rd(f) | rs1(f) | rs2(f) | (unsigned(imm, 2, spec) << 25);
    case 'lr':
      return rd(f) | rs1(f) | (unsigned(imm, 2, spec) << 25);
    case 'none':
      return 0;
  }
}

const reg = (n: number | undefined, shift: number): number => {
  const r = n ?? 0;
  if (!Number.isInteger(r) || r < 0 || r > 31) throw new RangeError(`encode: register x${r} does not exist`);
  return r << shift;
};
const rd = (f: Fields) => reg(f.rd, 7);
const rs1 = (f: Fields) => reg(f.rs1, 15);
const rs2 = (f: Fields) => reg(f.rs2, 20);

function signed(v: number, bits: number, spec: InstructionSpec): number {
  const lo = -(2 ** (bits - 1));
  if (!Number.isInteger(v) || v < lo || v >= -lo) throw new RangeError(`encode: ${spec.name} immediate ${v} is outside [${lo}, ${-lo - 1}]`);
  return v;
}

function unsigned(v: number, bits: number, spec: InstructionSpec): number {
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** bits) throw new RangeError(`encode: ${spec.name} field ${v} is outside [0, ${2 ** bits - 1}]`);
  return v;
}

function even(v: number, spec: InstructionSpec): number {
  if (v % 2 !== 0) throw new RangeError(`encode: ${spec.name} offset ${v} is odd`);
  return v;
}

const iImm = (v: number) => (v & 0xfff) << 20;
const sImm = (v: number) => ((v >> 5) & 0x7f) << 25 | (v & 31) << 7;
const bImm = (v: number) => ((v >> 12) & 1) << 31 | ((v >> 5) & 63) << 25 | ((v >> 1) & 15) << 8 | ((v >> 11) & 1) << 7;
const jImm = (v: number) => ((v >> 20) & 1) << 31 | ((v >> 1) & 1023) << 21 | ((v >> 11) & 1) << 20 | ((v >> 12) & 255) << 12;

// U-type takes the value the instruction produces (`imm << 12`), like `Decoded.imm`; both the
// signed and unsigned 32-bit spellings of it are accepted, since either is natural to write.
function uImm(v: number, spec: InstructionSpec): number {
  if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 32 || (v & 0xfff) !== 0) {
    throw new RangeError(`encode: ${spec.name} immediate ${v} is not a 32-bit multiple of 4096`);
  }
  return v & 0xfffff000;
}
