// Tests of the instruction table and decoder on their own: the table must be unambiguous, every
// row must decode from its own match pattern, field extraction must produce the documented
// immediates (checked against words assembled by llvm-mc), and reserved encodings must decode to
// null so the interpreter raises an illegal-instruction trap. The comparison with LLVM over
// thousands of words lives in disasm.test.ts.

import { describe, expect, it } from 'vitest';
import { decode } from '../../sim/isa/decode';
import { INSTRUCTIONS } from '../../sim/isa/instructions';
import { Op } from '../../sim/isa/opcodes';

describe('instruction table', () => {
  it('has match bits only inside each mask', () => {
    for (const spec of INSTRUCTIONS) expect((spec.match & ~spec.mask) >>> 0, spec.name).toBe(0);
  });

  it('has no two rows matching the same word, so row order does not matter', () => {
    const clashes: string[] = [];
    for (const [i, a] of INSTRUCTIONS.entries()) {
      for (const b of INSTRUCTIONS.slice(i + 1)) {
        const common = a.mask & b.mask;
        if (((a.match & common) >>> 0) === ((b.match & common) >>> 0)) clashes.push(`${a.name}/${b.name}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has one row per op and unique names', () => {
    expect(new Set(INSTRUCTIONS.map((s) => s.op)).size).toBe(INSTRUCTIONS.length);
    expect(new Set(INSTRUCTIONS.map((s) => s.name)).size).toBe(INSTRUCTIONS.length);
  });
});

describe('decode', () => {
  it("decodes every row's match pattern to that row", () => {
    for (const spec of INSTRUCTIONS) {
      const d = decode(spec.match);
      expect(d?.spec, spec.name).toBe(spec);
      expect(d?.op, spec.name).toBe(spec.op);
    }
  });

  // Words from `llvm-mc -triple=riscv32 -mattr=+m,+a`, with the fields LLVM assembled them from.
  it.each([
    ['beq a0, a1, -8', 0xfeb50ce3, Op.BEQ, { rs1: 10, rs2: 11, imm: -8 }],
    ['bgeu t6, ra, 4094', 0x7e1fffe3, Op.BGEU, { rs1: 31, rs2: 1, imm: 4094 }],
    ['blt zero, zero, -4096', 0x80004063, Op.BLT, { rs1: 0, rs2: 0, imm: -4096 }],
    ['jal a0, -1048576', 0x8000056f, Op.JAL, { rd: 10, imm: -0x100000 }],
    ['jal ra, 2048', 0x001000ef, Op.JAL, { rd: 1, imm: 2048 }],
    ['jalr ra, 4(a1)', 0x004580e7, Op.JALR, { rd: 1, rs1: 11, imm: 4 }],
    ['lw a0, -2048(sp)', 0x80012503, Op.LW, { rd: 10, rs1: 2, imm: -2048 }],
    ['sw a0, 2047(s0)', 0x7ea42fa3, Op.SW, { rs1: 8, rs2: 10, imm: 2047 }],
    ['sb t6, -1(t6)', 0xffff8fa3, Op.SB, { rs1: 31, rs2: 31, imm: -1 }],
    ['lui a0, 1048575', 0xfffff537, Op.LUI, { rd: 10, imm: 0xfffff000 | 0 }],
    ['auipc a0, 524288', 0x80000517, Op.AUIPC, { rd: 10, imm: 0x80000000 | 0 }],
    ['srai a0, a1, 31', 0x41f5d513, Op.SRAI, { rd: 10, rs1: 11, imm: 31 }],
    ['xori a0, a1, -1', 0xfff5c513, Op.XORI, { rd: 10, rs1: 11, imm: -1 }],
    ['csrrwi a0, mscratch, 3', 0x3401d573, Op.CSRRWI, { rd: 10, rs1: 3, imm: 0x340 }],
    ['csrrs a0, cycleh, zero', 0xc8002573, Op.CSRRS, { rd: 10, rs1: 0, imm: 0xc80 }],
    ['fence.tso', 0x8330000f, Op.FENCE, { imm: 0x833 }],
    ['fence rw, w', 0x0310000f, Op.FENCE, { imm: 0x031 }],
    ['amoadd.w.aq a0, a1, (a2)', 0x04b6252f, Op.AMOADD_W, { rd: 10, rs1: 12, rs2: 11, imm: 2 }],
    ['lr.w.aqrl a0, (a2)', 0x1606252f, Op.LR_W, { rd: 10, rs1: 12, imm: 3 }],
    ['sc.w.rl a0, a1, (a2)', 0x1ab6252f, Op.SC_W, { rd: 10, rs1: 12, rs2: 11, imm: 1 }],
  ] as const)('%s', (_text, word, op, fields) => {
    const d = decode(word);
    expect(d?.op).toBe(op);
    expect(d).toMatchObject(fields);
  });

  it.each([
    ['all zeros', 0x00000000],
    ['all ones', 0xffffffff],
    ['slli with shamt[5] set (RV64 only)', 0x02059513],
    ['srli with funct7 = 1', 0x0205d513],
    ['srai with funct7 = 0x21', 0x4205d513],
    ['add with funct7 = 2', 0x04b50533],
    ['amo with reserved funct5 = 5', 0x28b6252f],
    ['amoadd.d (funct3 = 3, RV64)', 0x00b6352f],
    ['lr.w with rs2 != 0', 0x1016252f],
    ['jalr with funct3 = 1', 0x000590e7],
    ['branch with funct3 = 2', 0x00b52063],
    ['ld (funct3 = 3, RV64)', 0x0005b503],
    ['lwu (funct3 = 6, RV64)', 0x0005e503],
    ['sd (funct3 = 3, RV64)', 0x00a5b023],
    ['csr with funct3 = 4', 0xc0004573],
    ['mret (privileged)', 0x30200073],
    ['wfi (privileged)', 0x10500073],
    ['ecall with rd != 0', 0x00000573],
    ['addw (RV64 opcode)', 0x00b5053b],
    ['custom-0 opcode', 0x0000000b],
    ['compressed encoding (low bits 00)', 0x00004501],
  ])('rejects %s', (_why, word) => {
    expect(decode(word)).toBeNull();
  });

  it('accepts fences whose reserved fields are set, as the spec requires', () => {
    expect(decode(0x0ff5850f)?.op).toBe(Op.FENCE); // rd, rs1 non-zero
    expect(decode(0x1330000f)?.op).toBe(Op.FENCE); // reserved fm = 1
    expect(decode(0x00b5100f)?.op).toBe(Op.FENCE_I); // rs1, imm non-zero
  });
});
