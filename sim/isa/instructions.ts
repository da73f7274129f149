// The instruction table: one row per RV32IMA instruction (plus Zicsr, Zifencei and the user
// counters, which are CSR reads). Decoder, interpreter and disassembler all read this table, so
// they cannot disagree about what an encoding means. `semantics` is the RISC-V unprivileged
// spec's one-line description, kept beside the encoding for readers and the Disassembly view.

import { Op } from './opcodes';

/** How the operand fields are laid out in the word, and so how `imm` is extracted. */
export type Format =
  | 'R' // rd, rs1, rs2
  | 'I' // rd, rs1, imm[11:0]
  | 'shift' // rd, rs1, shamt[4:0]
  | 'load' // rd, imm(rs1)
  | 'S' // rs2, imm(rs1)
  | 'B' // rs1, rs2, pc-relative offset
  | 'U' // rd, imm[31:12]
  | 'J' // rd, pc-relative offset
  | 'jalr' // rd, imm(rs1)
  | 'fence' // pred, succ (imm = fm<<8 | pred<<4 | succ)
  | 'none' // no operands
  | 'csr' // rd, csr, rs1      (imm = csr number)
  | 'csri' // rd, csr, uimm[4:0] (imm = csr number, rs1 field = uimm)
  | 'amo' // rd, rs2, (rs1)   (imm = aq<<1 | rl)
  | 'lr'; // rd, (rs1)        (imm = aq<<1 | rl)

export type Extension = 'I' | 'M' | 'A' | 'Zicsr' | 'Zifencei';

export interface InstructionSpec {
  readonly name: string;
  readonly op: Op;
  readonly mask: number;
  readonly match: number;
  readonly format: Format;
  readonly ext: Extension;
  readonly semantics: string;
}

const MASK_OPCODE = 0x0000007f;
const MASK_F3 = 0x0000707f;
const MASK_F7 = 0xfe00707f;
const MASK_AMO = 0xf800707f;
const MASK_LR = 0xf9f0707f;
const MASK_ALL = 0xffffffff;

function row(name: string, op: Op, mask: number, match: number, format: Format, ext: Extension, semantics: string): InstructionSpec {
  return { name, op, mask: mask >>> 0, match: match >>> 0, format, ext, semantics };
}

const r = (name: string, op: Op, f7: number, f3: number, ext: Extension, sem: string) =>
  row(name, op, MASK_F7, (f7 << 25) | (f3 << 12) | 0x33, 'R', ext, sem);
const amo = (name: string, op: Op, f5: number, sem: string) =>
  row(name, op, MASK_AMO, (f5 << 27) | (2 << 12) | 0x2f, 'amo', 'A', sem);

export const INSTRUCTIONS: readonly InstructionSpec[] = [
  row('lui', Op.LUI, MASK_OPCODE, 0x37, 'U', 'I', 'x[rd] = imm << 12'),
  row('auipc', Op.AUIPC, MASK_OPCODE, 0x17, 'U', 'I', 'x[rd] = pc + (imm << 12)'),
  row('jal', Op.JAL, MASK_OPCODE, 0x6f, 'J', 'I', 'x[rd] = pc + 4; pc += offset'),
  row('jalr', Op.JALR, MASK_F3, 0x67, 'jalr', 'I', 't = pc + 4; pc = (x[rs1] + offset) & ~1; x[rd] = t'),
  row('beq', Op.BEQ, MASK_F3, (0 << 12) | 0x63, 'B', 'I', 'if (x[rs1] == x[rs2]) pc += offset'),
  row('bne', Op.BNE, MASK_F3, (1 << 12) | 0x63, 'B', 'I', 'if (x[rs1] != x[rs2]) pc += offset'),
  row('blt', Op.BLT, MASK_F3, (4 << 12) | 0x63, 'B', 'I', 'if (x[rs1] <s x[rs2]) pc += offset'),
  row('bge', Op.BGE, MASK_F3, (5 << 12) | 0x63, 'B', 'I', 'if (x[rs1] >=s x[rs2]) pc += offset'),
  row('bltu', Op.BLTU, MASK_F3, (6 << 12) | 0x63, 'B', 'I', 'if (x[rs1] <u x[rs2]) pc += offset'),
  row('bgeu', Op.BGEU, MASK_F3, (7 << 12) | 0x63, 'B', 'I', 'if (x[rs1] >=u x[rs2]) pc += offset'),
  row('lb', Op.LB, MASK_F3, (0 << 12) | 0x03, 'load', 'I', 'x[rd] = sext(M[x[rs1] + sext(offset)][7:0])'),
  row('lh', Op.LH, MASK_F3, (1 << 12) | 0x03, 'load', 'I', 'x[rd] = sext(M[x[rs1] + sext(offset)][15:0])'),
  row('lw', Op.LW, MASK_F3, (2 << 12) | 0x03, 'load', 'I', 'x[rd] = sext(M[x[rs1] + sext(offset)][31:0])'),
  row('lbu', Op.LBU, MASK_F3, (4 << 12) | 0x03, 'load', 'I', 'x[rd] = M[x[rs1] + sext(offset)][7:0]'),
  row('lhu', Op.LHU, MASK_F3, (5 << 12) | 0x03, 'load', 'I', 'x[rd] = M[x[rs1] + sext(offset)][15:0]'),
  row('sb', Op.SB, MASK_F3, (0 << 12) | 0x23, 'S', 'I', 'M[x[rs1] + sext(offset)] = x[rs2][7:0]'),
  row('sh', Op.SH, MASK_F3, (1 << 12) | 0x23, 'S', 'I', 'M[x[rs1] + sext(offset)] = x[rs2][15:0]'),
  row('sw', Op.SW, MASK_F3, (2 << 12) | 0x23, 'S', 'I', 'M[x[rs1] + sext(offset)] = x[rs2][31:0]'),
  row('addi', Op.ADDI, MASK_F3, (0 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] + sext(imm)'),
  row('slti', Op.SLTI, MASK_F3, (2 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] <s sext(imm)'),
  row('sltiu', Op.SLTIU, MASK_F3, (3 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] <u sext(imm)'),
  row('xori', Op.XORI, MASK_F3, (4 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] ^ sext(imm)'),
  row('ori', Op.ORI, MASK_F3, (6 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] | sext(imm)'),
  row('andi', Op.ANDI, MASK_F3, (7 << 12) | 0x13, 'I', 'I', 'x[rd] = x[rs1] & sext(imm)'),
  row('slli', Op.SLLI, MASK_F7, (0 << 25) | (1 << 12) | 0x13, 'shift', 'I', 'x[rd] = x[rs1] << shamt'),
  row('srli', Op.SRLI, MASK_F7, (0 << 25) | (5 << 12) | 0x13, 'shift', 'I', 'x[rd] = x[rs1] >>u shamt'),
  row('srai', Op.SRAI, MASK_F7, (0x20 << 25) | (5 << 12) | 0x13, 'shift', 'I', 'x[rd] = x[rs1] >>s shamt'),
  r('add', Op.ADD, 0, 0, 'I', 'x[rd] = x[rs1] + x[rs2]'),
  r('sub', Op.SUB, 0x20, 0, 'I', 'x[rd] = x[rs1] - x[rs2]'),
  r('sll', Op.SLL, 0, 1, 'I', 'x[rd] = x[rs1] << x[rs2][4:0]'),
  r('slt', Op.SLT, 0, 2, 'I', 'x[rd] = x[rs1] <s x[rs2]'),
  r('sltu', Op.SLTU, 0, 3, 'I', 'x[rd] = x[rs1] <u x[rs2]'),
  r('xor', Op.XOR, 0, 4, 'I', 'x[rd] = x[rs1] ^ x[rs2]'),
  r('srl', Op.SRL, 0, 5, 'I', 'x[rd] = x[rs1] >>u x[rs2][4:0]'),
  r('sra', Op.SRA, 0x20, 5, 'I', 'x[rd] = x[rs1] >>s x[rs2][4:0]'),
  r('or', Op.OR, 0, 6, 'I', 'x[rd] = x[rs1] | x[rs2]'),
  r('and', Op.AND, 0, 7, 'I', 'x[rd] = x[rs1] & x[rs2]'),
  row('fence', Op.FENCE, MASK_F3, (0 << 12) | 0x0f, 'fence', 'I', 'order memory accesses (pred, succ)'),
  row('fence.i', Op.FENCE_I, MASK_F3, (1 << 12) | 0x0f, 'none', 'Zifencei', 'synchronise instruction fetch with earlier stores'),
  row('ecall', Op.ECALL, MASK_ALL, 0x00000073, 'none', 'I', 'trap to the kernel: system call'),
  row('ebreak', Op.EBREAK, MASK_ALL, 0x00100073, 'none', 'I', 'trap to the debugger: breakpoint'),
  row('csrrw', Op.CSRRW, MASK_F3, (1 << 12) | 0x73, 'csr', 'Zicsr', 't = CSRs[csr]; CSRs[csr] = x[rs1]; x[rd] = t'),
  row('csrrs', Op.CSRRS, MASK_F3, (2 << 12) | 0x73, 'csr', 'Zicsr', 't = CSRs[csr]; CSRs[csr] = t | x[rs1]; x[rd] = t'),
  row('csrrc', Op.CSRRC, MASK_F3, (3 << 12) | 0x73, 'csr', 'Zicsr', 't = CSRs[csr]; CSRs[csr] = t & ~x[rs1]; x[rd] = t'),
  row('csrrwi', Op.CSRRWI, MASK_F3, (5 << 12) | 0x73, 'csri', 'Zicsr', 'x[rd] = CSRs[csr]; CSRs[csr] = zimm'),
  row('csrrsi', Op.CSRRSI, MASK_F3, (6 << 12) | 0x73, 'csri', 'Zicsr', 't = CSRs[csr]; CSRs[csr] = t | zimm; x[rd] = t'),
  row('csrrci', Op.CSRRCI, MASK_F3, (7 << 12) | 0x73, 'csri', 'Zicsr', 't = CSRs[csr]; CSRs[csr] = t & ~zimm; x[rd] = t'),
  r('mul', Op.MUL, 1, 0, 'M', 'x[rd] = (x[rs1] * x[rs2])[31:0]'),
  r('mulh', Op.MULH, 1, 1, 'M', 'x[rd] = (x[rs1] s*s x[rs2]) >> 32'),
  r('mulhsu', Op.MULHSU, 1, 2, 'M', 'x[rd] = (x[rs1] s*u x[rs2]) >> 32'),
  r('mulhu', Op.MULHU, 1, 3, 'M', 'x[rd] = (x[rs1] u*u x[rs2]) >> 32'),
  r('div', Op.DIV, 1, 4, 'M', 'x[rd] = x[rs1] /s x[rs2] (÷0 = -1; overflow = rs1)'),
  r('divu', Op.DIVU, 1, 5, 'M', 'x[rd] = x[rs1] /u x[rs2] (÷0 = 2^32-1)'),
  r('rem', Op.REM, 1, 6, 'M', 'x[rd] = x[rs1] %s x[rs2] (÷0 = rs1; overflow = 0)'),
  r('remu', Op.REMU, 1, 7, 'M', 'x[rd] = x[rs1] %u x[rs2] (÷0 = rs1)'),
  row('lr.w', Op.LR_W, MASK_LR, (0x02 << 27) | (2 << 12) | 0x2f, 'lr', 'A', 'x[rd] = M[x[rs1]]; reserve M[x[rs1]]'),
  amo('sc.w', Op.SC_W, 0x03, 'if reserved: M[x[rs1]] = x[rs2], x[rd] = 0 else x[rd] = 1'),
  amo('amoswap.w', Op.AMOSWAP_W, 0x01, 'x[rd] = M[x[rs1]]; M[x[rs1]] = x[rs2]'),
  amo('amoadd.w', Op.AMOADD_W, 0x00, 'x[rd] = M[x[rs1]]; M[x[rs1]] += x[rs2]'),
  amo('amoxor.w', Op.AMOXOR_W, 0x04, 'x[rd] = M[x[rs1]]; M[x[rs1]] ^= x[rs2]'),
  amo('amoand.w', Op.AMOAND_W, 0x0c, 'x[rd] = M[x[rs1]]; M[x[rs1]] &= x[rs2]'),
  amo('amoor.w', Op.AMOOR_W, 0x08, 'x[rd] = M[x[rs1]]; M[x[rs1]] |= x[rs2]'),
  amo('amomin.w', Op.AMOMIN_W, 0x10, 'x[rd] = M[x[rs1]]; M[x[rs1]] = min_s(M[x[rs1]], x[rs2])'),
  amo('amomax.w', Op.AMOMAX_W, 0x14, 'x[rd] = M[x[rs1]]; M[x[rs1]] = max_s(M[x[rs1]], x[rs2])'),
  amo('amominu.w', Op.AMOMINU_W, 0x18, 'x[rd] = M[x[rs1]]; M[x[rs1]] = min_u(M[x[rs1]], x[rs2])'),
  amo('amomaxu.w', Op.AMOMAXU_W, 0x1c, 'x[rd] = M[x[rs1]]; M[x[rs1]] = max_u(M[x[rs1]], x[rs2])'),
];

/** The row for an op, e.g. to name what the interpreter is executing. */
export const SPEC_BY_OP: ReadonlyMap<Op, InstructionSpec> = new Map(INSTRUCTIONS.map((s) => [s.op, s]));

/** The user-mode counter CSRs (Zicntr); every other CSR is illegal in user mode here. */
export const CSR = {
  cycle: 0xc00,
  time: 0xc01,
  instret: 0xc02,
  cycleh: 0xc80,
  timeh: 0xc81,
  instreth: 0xc82,
} as const;
