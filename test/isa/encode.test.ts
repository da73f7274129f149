// Tests of the encoder as the inverse of the decoder, and of its refusal to encode operands that
// do not fit. Agreement with LLVM's own encoder is checked over a large corpus in disasm.test.ts.

import { describe, expect, it } from 'vitest';
import { decode } from '../../sim/isa/decode';
import { encode } from '../../sim/isa/encode';
import { INSTRUCTIONS } from '../../sim/isa/instructions';
import { Op } from '../../sim/isa/opcodes';

// A small deterministic generator, so a failure names a word that reproduces it.
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

describe('encode', () => {
  it('inverts decode on every decodable word (bar fence.i, whose reserved bits it cannot express)', () => {
    const next = xorshift(7);
    const wrong: string[] = [];
    let checked = 0;
    for (let i = 0; i < 20000; i++) {
      const spec = INSTRUCTIONS[next() % INSTRUCTIONS.length];
      const word = ((next() & ~spec.mask) | spec.match) >>> 0;
      const d = decode(word);
      if (!d || d.op === Op.FENCE_I) continue;
      const again = encode(d.op, d);
      if (again !== word) wrong.push(`${spec.name} 0x${word.toString(16)} -> 0x${again.toString(16)}`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(15000);
  });

  it('accepts a name or an Op and defaults omitted fields to zero', () => {
    expect(encode('addi')).toBe(0x00000013);
    expect(encode(Op.ADDI, { rd: 10, rs1: 11, imm: -1 })).toBe(0xfff58513);
    expect(encode('ecall')).toBe(0x00000073);
    expect(encode('lui', { rd: 10, imm: 0xfffff000 })).toBe(encode('lui', { rd: 10, imm: -4096 }));
  });

  it.each([
    ['addi', { imm: 2048 }],
    ['addi', { imm: -2049 }],
    ['addi', { imm: 1.5 }],
    ['sw', { imm: 4096 }],
    ['beq', { imm: 3 }],
    ['beq', { imm: 4096 }],
    ['beq', { imm: -4098 }],
    ['jal', { imm: 0x100000 }],
    ['jal', { imm: 1 }],
    ['slli', { imm: 32 }],
    ['srai', { imm: -1 }],
    ['lui', { imm: 0x123 }],
    ['lui', { imm: 2 ** 32 }],
    ['csrrw', { imm: 0x1000 }],
    ['csrrwi', { rs1: 32, imm: 0x340 }],
    ['amoadd.w', { imm: 4 }],
    ['add', { rd: 32 }],
    ['add', { rs2: -1 }],
  ] as const)('rejects %s %j', (name, fields) => {
    expect(() => encode(name, fields)).toThrow(RangeError);
  });

  it('rejects unknown instructions', () => {
    expect(() => encode('addiw')).toThrow(/unknown instruction/);
  });
});
