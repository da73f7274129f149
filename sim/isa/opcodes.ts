// Numeric identities of the RV32IMA (+ Zicsr, Zifencei) instructions. The interpreter's `switch`
// dispatches on these; the instruction table in `instructions.ts` gives each its encoding.
// 0 is reserved for "not decoded yet" in the decoded-page cache.

export const enum Op {
  Undecoded = 0,
  LUI, AUIPC, JAL, JALR,
  BEQ, BNE, BLT, BGE, BLTU, BGEU,
  LB, LH, LW, LBU, LHU,
  SB, SH, SW,
  ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI,
  ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  FENCE, FENCE_I, ECALL, EBREAK,
  CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
  LR_W, SC_W,
  AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W, AMOMINU_W, AMOMAXU_W,
  /** Not a RISC-V instruction: the debugger's breakpoint patched into a decoded page. */
  BREAKPOINT,
  ILLEGAL,
}
