// Every instruction row of the ISA table and every pseudo-instruction, assembled by us and by
// llvm-mc (-mattr=+m,+a): the .text bytes and the relocations must be identical. The sources are
// generated (varied registers, immediates at the edges of their ranges, every operand form), and
// llvm-mc runs once per source in beforeAll.

import { beforeAll, describe, expect, it } from 'vitest';
import { INSTRUCTIONS } from '../../../sim/isa/instructions';
import { assemble } from '../../../sim/toolchain/asm';
import { hex, llvmMc, normalize, relocationLines, type NormalizedObject } from './support';

const REGS = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

/** One source line per operand variation of every table row. */
function everyTableRow(): string {
  const next = xorshift(42);
  const r = () => (next() % 3 === 0 ? `x${next() % 32}` : REGS[next() % 32]);
  const lines = ['  .text', '  .set CONST, 40', '  .globl gsym', 'back:'];
  const imm12 = ['0', '1', '-1', '2047', '-2048', '0x7ff', '-0x800', '123', '%lo(gsym)', '%lo(gsym+4)', '%lo(0x12345678)', "'A'", '(1 << 4) | 3', 'CONST'];
  const fenceSets = ['i', 'o', 'r', 'w', 'io', 'iorw', 'rw', 'ow', 'ir', 'iow'];
  for (const spec of INSTRUCTIONS) {
    const n = spec.name;
    switch (spec.format) {
      case 'R':
        for (let i = 0; i < 4; i++) lines.push(`  ${n} ${r()}, ${r()}, ${r()}`);
        break;
      case 'I':
        for (const imm of imm12) lines.push(`  ${n} ${r()}, ${r()}, ${imm}`);
        break;
      case 'shift':
        for (const imm of ['0', '1', '31', '17']) lines.push(`  ${n} ${r()}, ${r()}, ${imm}`);
        break;
      case 'load':
      case 'S':
        for (const mem of ['8(sp)', '(sp)', '-2048(t0)', '2047(x31)', '0(a0)', '%lo(gsym)(a1)', '%lo(gsym+8)(s0)', 'CONST(fp)']) lines.push(`  ${n} ${r()}, ${mem}`);
        lines.push(`1: auipc t0, %pcrel_hi(gsym)`, `  ${n} ${r()}, %pcrel_lo(1b)(t0)`);
        break;
      case 'B':
        lines.push('1: nop');
        for (const target of ['back', 'fwd', 'gsym', '1f', '1b', '8', '-4096', '4094', `.Lnear_${n}`]) lines.push(`  ${n} ${r()}, ${r()}, ${target}`);
        lines.push('1: nop', `.Lnear_${n}:`);
        break;
      case 'U':
        for (const imm of ['0', '1', '0xfffff', '524288', n === 'lui' ? '%hi(gsym)' : '%pcrel_hi(gsym)', n === 'lui' ? '%hi(gsym+0x800)' : '%pcrel_hi(back)']) lines.push(`  ${n} ${r()}, ${imm}`);
        break;
      case 'J':
        for (const target of ['back', 'fwd', 'gsym', '2f', '1048574', '-1048576', '0']) lines.push(`  ${n} ${r()}, ${target}`, `  ${n} ${target}`);
        lines.push('2:');
        break;
      case 'jalr':
        lines.push(`  jalr ${r()}`, `  jalr ${r()}, ${r()}`, `  jalr ${r()}, ${r()}, 12`, `  jalr ${r()}, -4(${r()})`, `  jalr 8(${r()})`, `  jalr ${r()}, 2047`, `  jalr ${r()}, %lo(gsym)(${r()})`);
        break;
      case 'fence':
        lines.push('  fence');
        for (const p of fenceSets) for (const s of fenceSets.slice(0, 4)) lines.push(`  fence ${p}, ${s}`);
        break;
      case 'none':
        lines.push(`  ${n}`);
        break;
      case 'csr':
      case 'csri': {
        const csrs = ['mstatus', 'cycle', 'instreth', 'satp', 'mhartid', '0x7c0', '3', 'pmpaddr5', 'hpmcounter31h', 'fcsr'];
        for (const csr of csrs) lines.push(`  ${n} ${r()}, ${csr}, ${spec.format === 'csri' ? next() % 32 : r()}`);
        break;
      }
      case 'amo':
        for (const suffix of ['', '.aq', '.rl', '.aqrl']) lines.push(`  ${n}${suffix} ${r()}, ${r()}, (${r()})`);
        lines.push(`  ${n} ${r()}, ${r()}, 0(${r()})`);
        break;
      case 'lr':
        for (const suffix of ['', '.aq', '.rl', '.aqrl']) lines.push(`  ${n}${suffix} ${r()}, (${r()})`);
        break;
    }
  }
  lines.push('fwd:', '  nop');
  return lines.join('\n') + '\n';
}

const LI_VALUES = [
  '0', '1', '-1', '2047', '2048', '-2048', '-2049', '0x7ff', '0x800', '0x12345678', '0x80000000', '0xffffffff', '0xfffff800',
  '0x7ffff800', '0x7fffffff', '-0x80000000', '0x1000', '0xfff', '0x1800', '0x7ffff7ff', '0xfffff7ff', '4096', '-4096', '0x12345',
  '0x8000', '0xdeadbeef', '0x7ff00000', '0xffffffff80000000', "'z'", '1 << 20', 'CONST', '0x800 - 1', '-0x801',
];

function everyPseudo(): string {
  const lines = ['  .text', '  .set CONST, 0x12345', '  .globl gsym', 'top:'];
  for (const v of LI_VALUES) lines.push(`  li a0, ${v}`, `  li t6, ${v}`);
  lines.push(
    '  li a0, %lo(gsym)',
    '  mv a0, a1', '  move s0, s1', '  not t0, t1', '  neg a2, a3', '  seqz a0, a1', '  snez a0, a1', '  sltz a0, a1', '  sgtz a0, a1',
    '  sgt a0, a1, a2', '  sgtu a0, a1, a2', '  zext.b a0, a1',
    '  nop', '  ret', '  jr a0', '  jr 8(a0)', '  jr a1, 12', '  j top', '  j gsym', '  j later', '  jal top', '  jal gsym',
    '  beqz a0, top', '  bnez a0, later', '  blez a0, top', '  bgez a0, gsym', '  bltz a0, top', '  bgtz a0, later',
    '  bgt a0, a1, top', '  ble a0, a1, gsym', '  bgtu a0, a1, later', '  bleu a0, a1, top',
    '  call gsym', '  call gsym@plt', '  call top', '  call later', '  tail gsym', '  tail top', '  tail gsym@plt', '  jump gsym, t0', '  jump later, a5',
    '  la a0, gsym', '  la a1, top', '  la a2, later', '  la a3, gsym+12', '  la a4, ldata', '  lla a5, gsym', '  lla a6, top', '  lla a7, ldata+4',
    '  lb a0, gsym', '  lh a1, top', '  lw a2, ldata', '  lbu a3, later', '  lhu a4, gsym+2',
    '  sb a0, gsym, t0', '  sh a1, top, t1', '  sw a2, ldata, t2', '  sw a3, later, t3',
    '  rdcycle a0', '  rdtime a1', '  rdinstret a2', '  rdcycleh a3', '  rdtimeh a4', '  rdinstreth a5',
    '  csrr a0, mstatus', '  csrr a1, 0x300', '  csrw mscratch, a0', '  csrw mscratch, 7', '  csrs mie, a1', '  csrs mie, 8', '  csrc mip, a2', '  csrc mip, 31',
    '  csrwi sscratch, 0', '  csrsi sstatus, 2', '  csrci sstatus, 31', '  csrrw a0, mstatus, 5', '  csrrs a0, mstatus, 0', '  csrrc a0, 0x7c0, 1',
    '  unimp', '  fence.tso', '  scall', '  sbreak', '  add a0, a1, 5', '  and a0, a1, -1', '  or a0, a1, 0x7f', '  xor a0, a1, 1',
    '  slt a0, a1, 3', '  sltu a0, a1, 3', '  sll a0, a1, 3', '  srl a0, a1, 31', '  sra a0, a1, 1',
    '  sfence.vma', '  sfence.vma a0', '  sfence.vma a0, a1', '  mret', '  sret', '  wfi',
    '  .option push', '  .option pic', '  la a0, gsym', '  la a1, top', '  .option pop', '  la a0, gsym',
    '  auipc a0, %got_pcrel_hi(gsym)', '  lui a0, %tprel_hi(tls)', '  addi a0, a0, %tprel_lo(tls)', '  sw a0, %tprel_lo(tls)(a1)',
    'later:', '  nop',
    '  .data', 'ldata: .word 1, 2',
  );
  return lines.join('\n') + '\n';
}

function compare(source: string, oracle: () => NormalizedObject) {
  let theirs: NormalizedObject;
  let ours: NormalizedObject;
  beforeAll(() => {
    theirs = oracle();
    ours = normalize(assemble(source, { file: 'gen.s' }).object);
  });
  it('.text bytes are identical', () => {
    expect(ours.sections.get('.text')?.bytes.length).toBeGreaterThan(800);
    expect(hex(ours.sections.get('.text')?.bytes ?? new Uint8Array())).toEqual(hex(theirs.sections.get('.text')?.bytes ?? new Uint8Array()));
  });
  it('relocations are identical (offset, type, symbol, addend)', () => {
    for (const name of ['.text', '.data']) expect(relocationLines(ours.sections.get(name))).toEqual(relocationLines(theirs.sections.get(name)));
  });
  it('symbol tables name the same symbols in the same order', () => {
    expect(ours.symbols.map((s) => `${s.name} ${s.section} ${s.value} ${s.binding}`)).toEqual(theirs.symbols.map((s) => `${s.name} ${s.section} ${s.value} ${s.binding}`));
  });
}

describe('every table row, every operand form', () => {
  const source = everyTableRow();
  compare(source, () => llvmMc(source));
});

describe('every pseudo-instruction, li with many constants', () => {
  const source = everyPseudo();
  compare(source, () => llvmMc(source));
});
