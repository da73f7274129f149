// RISC-V ELF relocation numbers (psABI "Relocations" table) that the assembler emits and the
// linker resolves.

export const R_RISCV = {
  NONE: 0,
  32: 1,
  64: 2,
  BRANCH: 16,
  JAL: 17,
  CALL: 18,
  CALL_PLT: 19,
  GOT_HI20: 20,
  TLS_GOT_HI20: 21,
  TLS_GD_HI20: 22,
  PCREL_HI20: 23,
  PCREL_LO12_I: 24,
  PCREL_LO12_S: 25,
  HI20: 26,
  LO12_I: 27,
  LO12_S: 28,
  TPREL_HI20: 29,
  TPREL_LO12_I: 30,
  TPREL_LO12_S: 31,
  TPREL_ADD: 32,
  ADD8: 33,
  ADD16: 34,
  ADD32: 35,
  ADD64: 36,
  SUB8: 37,
  SUB16: 38,
  SUB32: 39,
  SUB64: 40,
  ALIGN: 43,
  RVC_BRANCH: 44,
  RVC_JUMP: 45,
  RELAX: 51,
  SUB6: 52,
  SET6: 53,
  SET8: 54,
  SET16: 55,
  SET32: 56,
  '32_PCREL': 57,
  SET_ULEB128: 60,
  SUB_ULEB128: 61,
} as const;

export type RelocationName = keyof typeof R_RISCV;

const NAMES = new Map<number, string>(Object.entries(R_RISCV).map(([name, n]) => [n, `R_RISCV_${name}`]));

export function relocationName(type: number): string {
  return NAMES.get(type) ?? `R_RISCV_${type}`;
}
