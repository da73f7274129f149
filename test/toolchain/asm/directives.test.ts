// Directive semantics, compared with llvm-mc section by section: data layout (.word .half .byte
// .ascii .asciz .zero .fill), alignment (.align .p2align .balign with fill and max-skip, nop
// padding in code), sections and their flags, .equ/.set, numeric labels, common symbols, symbol
// attributes, and which label differences llvm-mc folds and which become ADD/SUB pairs.

import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import { hex, llvmMc, normalize, relocationLines, type NormalizedObject } from './support';

const DATA = `
  .file "layout.c"
  .set WIDTH, 16
  HEIGHT = WIDTH * 2 + 1
  .equ MASK, ~0xff & 0xffff
  .text
  .globl entry
  .type entry, @function
entry:
  nop
  .p2align 3
  li a0, HEIGHT
  .balign 16
  .word 0x11223344
  .p2align 2, 0
  .byte 1
  .balign 4, 0xaa
  .p2align 4, 0, 4
  .p2align 4
  ret
  .size entry, .-entry

  .data
  .globl table
  .type table, @object
table:
  .word 1, -1, 0xffffffff, -0x80000000, WIDTH, HEIGHT, MASK, 'x'
  .half 0x1234, -2, 65535
  .short 7
  .2byte 8
  .byte 1, 255, -128, 'a', '\\n'
  .4byte 9
  .long 10
  .8byte 0x123456789abcdef0
  .quad -1
  .dword 3
  .ascii "ab\\n\\t\\"\\\\\\101\\x41", "c"
  .asciz "zero", ""
  .string "s"
  .zero 3
  .zero 2, 0x41
  .space 2
  .skip 3, 0x7f
  .fill 3, 2, 0x0102
  .fill 2, 4, 0xdeadbeef
  .fill 1, 8, 0x11
  .fill 2
  .p2align 3, 0xee
  .balign 8, 0xcc, 3
  .byte 1
  .balign 8, 0xcc, 8
  .balignw 8, 0x1234
  .p2alignl 4, 0x55667788
  .size table, .-table
1: .word 1b, 1f, 2f
1: .word 1b
2: .word (2b - 1b) * 2, 1b - 2b
  .word table + 4, entry, entry + 8, external - 4

  .section .rodata.cst,"aM",@progbits,4
  .word 0x01020304
  .section .rodata.str1.1,"aMS",@progbits,1
.Lstr: .asciz "merge"
  .section .text.other,"ax",@progbits
other:
  call entry
  .p2align 3
  j other
  .section .tbss.t,"awT",@nobits
  .zero 4
  .section .mydata,"aw"
  .byte 5
  .pushsection .data.pushed,"aw",@progbits
  .word 42
  .popsection
  .word 43
  .bss
  .zero 5
  .lcomm lbuf, 12
  .local lc
  .comm lc, 8, 8
  .comm gc, 100, 16
  .data
  .text
  .previous
  .word 44
  .section .debug_info,"",@progbits
  .word .Lstr
  .word .rodata.str1.1
  .weak wk
  .word wk
  .hidden hid
  .globl hid
hid:
  .local localsym
localsym:
  .word localsym
`;

// Which differences llvm-mc folds: in a section without instructions both labels must already be
// placed; anything touching code, or not yet defined, becomes an ADD/SUB pair.
const DIFFERENCES = `
  .text
.La: nop
  nop
.Lb:
  .word .Lb - .La
  .half .Lb - .La
  .byte .Lb - .La
  .word .Lc - .Lb
  .word -(.Lb - .La)
.Lc: nop
  .data
.Ld: .word 1
.Le: .word .Le - .Ld
  .word .Lf - .Le
  .word 2
.Lf:
  .word .Lb - .La
  .word .Lf - .Ld + 4
  .quad .Lb - .La
  .word entry - .
  .word .Le - .Ld, (.Le - .Ld) * 3
  .section .other,"a"
.Lg: .word 1
.Lh: .word .Lh-.Lg
  .word .Lb - .La
  .text
entry: ret
`;

function compareAll(source: string) {
  let theirs: NormalizedObject;
  let ours: NormalizedObject;
  beforeAll(() => {
    theirs = llvmMc(source);
    ours = normalize(assemble(source, { file: 'directives.s' }).object);
  });
  it('produces the same sections with the same bytes', () => {
    const describeSections = (o: NormalizedObject) =>
      [...o.sections.values()].filter((s) => s.name !== '.riscv.attributes').map((s) => `${s.name} ${s.size} ${s.nobits ? 'nobits' : hex(s.bytes).join(' ')}`);
    expect(describeSections(ours)).toEqual(describeSections(theirs));
  });
  it('produces the same relocations', () => {
    for (const [name, section] of theirs.sections) expect([name, ...relocationLines(ours.sections.get(name))]).toEqual([name, ...relocationLines(section)]);
  });
  it('produces the same symbol table', () => {
    const describeSymbols = (o: NormalizedObject) => o.symbols.map((s) => `${s.name} ${s.section} ${s.value} ${s.size} ${s.binding} ${s.type}`);
    expect(describeSymbols(ours)).toEqual(describeSymbols(theirs));
  });
}

// `.set alias, label` makes a symbol of its own at the label: a local alias resolves like a local
// label, and relocations name the alias, not its target.
const ALIASES = `
  .text
  .globl main
main:
  nop
  .set alias, main
  .set off, main + 4
  .globl galias
  galias = main
  call alias
  call off
  call galias
  jal ra, main
foo$bar: nop
  j foo$bar
  .data
  .word alias, off, galias
`;

describe('data, alignment, sections and symbols', () => compareAll(DATA));
describe('symbol aliases', () => compareAll(ALIASES));
describe('label differences: folded or ADD/SUB pairs', () => compareAll(DIFFERENCES));

describe('behaviour beyond llvm-mc', () => {
  it('resolves branches written relative to `.`', () => {
    const { object } = assemble('  beq a0, a1, .+8\n  j .-4\n', { file: 't.s' });
    expect(hex(object.sections[0].data)).toEqual(['6304b500', '6ff0dfff']);
  });
  it('pads code with zeros then nops when the gap is not a multiple of 4 (llvm-mc 14 aborts)', () => {
    const { object } = assemble('  .byte 1\n  .p2align 3\n', { file: 't.s' });
    expect(hex(object.sections[0].data)).toEqual(['01000000', '13000000']);
  });
  it('gives sections holding instructions at least 4-byte alignment', () => {
    const { object } = assemble('  .section .text.f,"ax",@progbits\n  nop\n', { file: 't.s' });
    expect(object.sections.find((s) => s.name === '.text.f')?.align).toBe(4);
  });
  it('expands .macro, .rept, .irp and conditionals', () => {
    const source = [
      '.macro PAIR a, b=7', '  li \\a, \\b', '.endm', 'PAIR a0', 'PAIR a1, 3',
      '.rept 2', '  nop', '.endr', '.irp r, t0, t1', '  mv \\r, zero', '.endr',
      '.if 1 == 2', '  ebreak', '.elseif 1', '  ecall', '.else', '  ebreak', '.endif',
      '.ifdef nothere', '  ebreak', '.endif', '.ifndef nothere', '  fence.i', '.endif',
    ].join('\n');
    const { object } = assemble(source, { file: 't.s' });
    expect(hex(object.sections[0].data)).toEqual(hex(llvmMc(source).sections.get('.text')?.bytes ?? new Uint8Array()));
  });
});
