// Writing a value into an instruction's immediate field, one function per RISC-V instruction
// format (unprivileged spec, "Base Instruction Formats" and "Immediate Encoding Variants"): the
// relocation phase computes a value and these place its bits, leaving the opcode and registers.
// Also the small helpers for the %hi/%lo split that lui/auipc + addi/load/store pairs use.

/** %hi: the upper 20 bits, rounded so that adding the sign-extended %lo gives back `value`. */
export function hi20(value: number): number {
  return ((value + 0x800) >>> 12) & 0xfffff;
}

/** %lo: the low 12 bits as a signed value in [-2048, 2047]. */
export function lo12(value: number): number {
  return (value << 20) >> 20;
}

/** U-type (lui, auipc): imm[31:12] in bits 31:12. */
export function encodeU(insn: number, upper20: number): number {
  return ((insn & 0xfff) | (upper20 << 12)) >>> 0;
}

/** I-type (addi, loads, jalr): imm[11:0] in bits 31:20. */
export function encodeI(insn: number, imm: number): number {
  return ((insn & 0x000fffff) | ((imm & 0xfff) << 20)) >>> 0;
}

/** S-type (stores): imm[11:5] in bits 31:25, imm[4:0] in bits 11:7. */
export function encodeS(insn: number, imm: number): number {
  return ((insn & 0x01fff07f) | (((imm >> 5) & 0x7f) << 25) | ((imm & 0x1f) << 7)) >>> 0;
}

/** B-type (branches): imm[12|10:5] in bits 31:25, imm[4:1|11] in bits 11:7. */
export function encodeB(insn: number, imm: number): number {
  const bit12 = (imm >> 12) & 1;
  const bits10to5 = (imm >> 5) & 0x3f;
  const bits4to1 = (imm >> 1) & 0xf;
  const bit11 = (imm >> 11) & 1;
  return ((insn & 0x01fff07f) | (bit12 << 31) | (bits10to5 << 25) | (bits4to1 << 8) | (bit11 << 7)) >>> 0;
}

/** J-type (jal): imm[20|10:1|11|19:12] in bits 31:12. */
export function encodeJ(insn: number, imm: number): number {
  const bit20 = (imm >> 20) & 1;
  const bits10to1 = (imm >> 1) & 0x3ff;
  const bit11 = (imm >> 11) & 1;
  const bits19to12 = (imm >> 12) & 0xff;
  return ((insn & 0xfff) | (bit20 << 31) | (bits10to1 << 21) | (bit11 << 20) | (bits19to12 << 12)) >>> 0;
}

/** Reads an unsigned LEB128 number at `at`; returns its value (mod 2^32) and length. */
export function readUleb128(bytes: Uint8Array, at: number): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; at + i < bytes.length && i < 10; i++) {
    const byte = bytes[at + i];
    if (i < 5) value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value: value % 2 ** 32, length: i + 1 };
  }
  return undefined;
}

/** Overwrites the LEB128 number of `length` bytes at `at` with `value`, keeping its length. */
export function writeUleb128(bytes: Uint8Array, at: number, length: number, value: number): void {
  let rest = value >>> 0;
  for (let i = 0; i < length; i++) {
    bytes[at + i] = (rest & 0x7f) | (i < length - 1 ? 0x80 : 0);
    rest = Math.floor(rest / 128);
  }
}
