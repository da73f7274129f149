// Every relocation kind resolved exactly as ld.lld resolves it. Each test links the same objects
// with our linker and with ld.lld told to put every output section at the address ours chose
// (--section-start, and -O0 so lld does not merge strings), then compares the output sections
// byte for byte and the symbols' addresses. Kinds clang 14 never emits (SET*, SUB6, 32_PCREL)
// come from an object built with our own ELF writer; kinds lld 14 cannot link (R_RISCV_ALIGN,
// the ULEB128 pair) are checked against values computed here. Out-of-range branches must fail
// with a message naming the site.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readSections } from '../../../sim/toolchain/elf/read';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { inputFromBytes, link, symbolAddress, type LinkMap, type LinkResult } from '../../../sim/toolchain/link';
import type { ObjectFile, ObjSymbol, Relocation } from '../../../sim/toolchain/object';
import { R_RISCV } from '../../../sim/toolchain/relocations';
import { runQemu } from '../../support/qemu';
import { captureLinkError, compileText, lldLink, objectName, tool, writeElf, writeFile } from './support';

const NORELAX = ['-mno-relax'];
const RELAX = ['-mrelax'];

const MAIN_S = `
    .text
    .globl _start
    .type _start, @function
_start:
    lui   t0, %hi(b_word)
    addi  t1, t0, %lo(b_word)
    lw    t2, %lo(b_word)(t0)
    sw    t2, %lo(b_word+4)(t0)
    lui   t3, %hi(b_word+0x7ff)
    addi  t3, t3, %lo(b_word+0x7ff)
    lui   t3, %hi(b_abs)
    addi  t3, t3, %lo(b_abs)
.Lpc0:
    auipc t0, %pcrel_hi(b_word)
    addi  t1, t0, %pcrel_lo(.Lpc0)
    lw    t2, %pcrel_lo(.Lpc0)(t0)
    sw    t2, %pcrel_lo(.Lpc0)(t0)
.Lpc1:
    auipc t0, %pcrel_hi(b_table+40)
    addi  t0, t0, %pcrel_lo(.Lpc1)
    la    t4, b_rodata
    lla   t5, b_rodata+3
    beq   a0, a1, b_near
    bltu  a0, a1, b_near
    jal   ra, b_func
    j     b_func
    call  b_func
    call  b_func@plt
    tail  b_func
    call  weak_missing
    jal   weak_missing
    beqz  a0, weak_missing
    la    t0, weak_missing
    lui   t0, %hi(weak_missing)
    li    a7, 93
    li    a0, 0
    ecall
    .weak weak_missing
    .section .rodata
a_const:
    .word b_func, b_word + 8, weak_missing
    .data
    .globl a_data
a_data:
    .word b_word, b_word + 12, b_func, a_data, b_abs
    .bss
    .globl a_bss
a_bss:
    .zero 64
`;

const B_S = `
    .option norelax
    .text
    .globl b_near, b_func
b_near:
    ret
    .p2align 4
b_func:
    ret
    .globl b_abs
    .set b_abs, 0x12345678
    .section .rodata
    .globl b_rodata
b_rodata:
    .ascii "rodata!!"
    .data
    .globl b_word, b_table
b_word:
    .word 1, 2, 3, 4
b_table:
    .zero 64
`;

async function objects(sources: readonly [string, string][], flags: readonly string[]): Promise<string[]> {
  return Promise.all(sources.map(([name, text]) => compileText(name, text, flags)));
}

function linkFiles(paths: readonly string[]): LinkResult {
  return link(paths.map((p) => inputFromBytes(objectName(p), readFileSync(p))));
}

/** Links with ld.lld at our layout: every loaded output section where our map put it. */
async function lldAtOurLayout(name: string, paths: readonly string[], map: LinkMap): Promise<string> {
  const starts = map.sections.filter((s) => s.alloc).map((s) => `--section-start=${s.name}=0x${s.address.toString(16)}`);
  return lldLink(name, paths, ['-O0', '-e', '_start', ...starts]);
}

/** Compares our sections' bytes with lld's, section by section (by name), and the global symbols. */
async function expectSameAsLld(ours: LinkResult, lldPath: string, sectionNames: readonly string[]): Promise<void> {
  const theirs = readSections(readFileSync(lldPath));
  const mine = readSections(ours.executable);
  for (const name of sectionNames) {
    const a = mine.find((s) => s.name === name);
    const b = theirs.find((s) => s.name === name);
    expect(a, `our ${name}`).toBeDefined();
    expect(b, `lld's ${name}`).toBeDefined();
    expect({ name, addr: a?.addr, size: a?.size }).toEqual({ name, addr: b?.addr, size: b?.size });
    expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? [])), `${name} bytes differ from lld's`).toBe(true);
  }
  const nm = await tool('llvm-nm', ['--defined-only', '--extern-only', lldPath]);
  for (const line of nm.trim().split('\n')) {
    const [address, , symbol] = line.trim().split(/\s+/);
    expect({ symbol, address: symbolAddress(ours.map, symbol) }).toEqual({ symbol, address: parseInt(address, 16) });
  }
}

describe('relocations resolve as ld.lld resolves them', () => {
  test.each([
    ['without', NORELAX],
    ['with', RELAX],
  ])('code and data relocations across two objects (HI20, LO12_I/S, PCREL_*, BRANCH, JAL, CALL, CALL_PLT, 32, weak undefined), %s relaxation hints', async (_, flags) => {
    const paths = await Promise.all([compileText('reloc_main.S', MAIN_S, flags), compileText('reloc_b.S', B_S, NORELAX)]);
    const ours = linkFiles(paths);
    const relocTypes = await tool('llvm-readelf', ['-r', paths[0]]);
    const kinds = ['HI20', 'LO12_I', 'LO12_S', 'PCREL_HI20', 'PCREL_LO12_I', 'PCREL_LO12_S', 'BRANCH', 'JAL', 'CALL', 'CALL_PLT', '32', ...(flags === RELAX ? ['RELAX'] : [])];
    for (const kind of kinds) expect(relocTypes).toMatch(new RegExp(`R_RISCV_${kind}\\s`));
    await expectSameAsLld(ours, await lldAtOurLayout('reloc_main.lld.elf', paths, ours.map), ['.text', '.rodata', '.data']);
    // And one site decoded by hand: lui+addi at _start give b_word's address.
    const text = readSections(ours.executable).find((s) => s.name === '.text');
    const view = new DataView(text!.data.buffer, text!.data.byteOffset);
    const lui = view.getUint32(0, true);
    const addi = view.getUint32(4, true);
    expect(((lui & 0xfffff000) + ((addi | 0) >> 20)) >>> 0).toBe(symbolAddress(ours.map, 'b_word'));
  });

  test('DWARF from clang -g (32 and ADD/SUB pairs, two compilation units) matches lld, and llvm-dwarfdump verifies it', async () => {
    const c1 = `#include <stdint.h>\nstruct point { int x, y; };\nstatic struct point pts[4] = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};\nint counter;\nint helper(int);\nint compute(int k) {\n  const char *msg = "hello";\n  int total = helper(k);\n  for (int i = 0; i < 4; i++) total += pts[i].x * pts[i].y;\n  for (const char *c = msg; *c; c++) total += *c;\n  counter += total;\n  return total;\n}\nvoid _start(void) { register int a0 __asm__("a0") = compute(3) & 0; register int a7 __asm__("a7") = 93; __asm__ volatile("ecall" : : "r"(a0), "r"(a7)); for (;;) {} }\n`;
    const c2 = `static int table[8] = {1, 1, 2, 3, 5, 8, 13, 21};\nint helper(int k) {\n  int s = 0;\n  for (int i = 0; i < 8; i++) s += table[i] * k;\n  return s;\n}\n`;
    for (const flags of [NORELAX, RELAX]) {
      const paths = await objects([['dwarf_a.c', c1], ['dwarf_b.c', c2]], [...flags, '-g', '-msmall-data-limit=0']);
      const relocs = await tool('llvm-readelf', ['-r', ...paths]);
      expect(relocs).toMatch(/R_RISCV_ADD32/);
      expect(relocs).toMatch(/R_RISCV_SUB16/);
      expect(relocs).not.toMatch(/R_RISCV_ALIGN/);
      const ours = linkFiles(paths);
      const debug = readSections(ours.executable).filter((s) => s.name.startsWith('.debug_')).map((s) => s.name);
      expect(debug).toEqual(expect.arrayContaining(['.debug_info', '.debug_line', '.debug_str', '.debug_abbrev', '.debug_frame']));
      await expectSameAsLld(ours, await lldAtOurLayout('dwarf.lld.elf', paths, ours.map), ['.text', '.rodata', '.data', ...debug]);
      const elf = writeElf('dwarf.elf', ours.executable);
      const verify = await tool('llvm-dwarfdump', ['--verify', elf]);
      expect(verify).toMatch(/No errors/);
      expect((await runQemu(elf)).status).toBe(0);
    }
  });

  test('SET6/8/16/32, SUB6, ADD/SUB 8-32 and 32_PCREL from a hand-built object match lld', async () => {
    const path = writeFile('data_relocs.o', writeObject(dataRelocationObject()));
    const ours = linkFiles([path]);
    await expectSameAsLld(ours, await lldAtOurLayout('data_relocs.lld.elf', [path], ours.map), ['.text', '.data', '.debug_x']);
  });
});

describe('relocations lld 14 cannot link', () => {
  test('R_RISCV_ALIGN: surplus NOPs are deleted so the aligned label lands on its boundary, sizes and differences shrink', async () => {
    const relax = `
    .text
    .globl _start
_start:
    call  r_func
    lbu   t0, r_sizes
    add   a0, a0, t0
    li    a7, 93
    ecall
    .globl r_func
    .type r_func, @function
r_func:
    mv    t2, ra
    call  r_leaf
    .p2align 4
    addi  a0, a0, 2
    jr    t2
.Lend:
    .size r_func, .-r_func
    .globl r_leaf
r_leaf:
    li    a0, 5
    ret
    .data
    .globl r_sizes
r_sizes:
    .byte .Lend - r_func
    .half .Lend - r_func
    .word .Lend - r_func
`;
    const [path] = await objects([['align.S', relax]], RELAX);
    expect(await tool('llvm-readelf', ['-r', path])).toMatch(/R_RISCV_ALIGN/);
    const ours = linkFiles([path]);
    const rFunc = ours.map.symbols.find((s) => s.name === 'r_func')!;
    // mv and call (12 bytes), padding to the next 16-byte boundary, addi, jr.
    const padded = (16 - ((rFunc.address + 12) % 16)) % 16;
    expect(rFunc.size).toBe(12 + padded + 8);
    const data = readSections(ours.executable).find((s) => s.name === '.data')!.data;
    expect([data[0], data[1] | (data[2] << 8), new DataView(data.buffer, data.byteOffset).getUint32(3, true)]).toEqual([rFunc.size, rFunc.size, rFunc.size]);
    const result = await runQemu(writeElf('align.elf', ours.executable));
    expect(result.status).toBe(7 + rFunc.size);
  });

  test('R_RISCV_SET_ULEB128/SUB_ULEB128 write the difference into the existing ULEB128 bytes', () => {
    const object = dataRelocationObject();
    const data = object.sections[1];
    const uleb: Relocation[] = [
      { offset: 40, type: R_RISCV.SET_ULEB128, symbol: 2, addend: 300 },
      { offset: 40, type: R_RISCV.SUB_ULEB128, symbol: 1, addend: 0 },
    ];
    const withUleb: ObjectFile = { ...object, sections: [object.sections[0], { ...data, relocations: [...data.relocations, ...uleb] }, object.sections[2]] };
    const ours = link([{ kind: 'object', object: withUleb }]);
    const bytes = readSections(ours.executable).find((s) => s.name === '.data')!.data;
    const expected = symbolAddress(ours.map, 'second')! + 300 - symbolAddress(ours.map, 'first')!;
    expect([bytes[40], bytes[41], bytes[42]]).toEqual([(expected & 0x7f) | 0x80, ((expected >> 7) & 0x7f) | 0x80, (expected >> 14) & 0x7f]);
  });
});

describe('out-of-range relocations fail with the site', () => {
  test('a branch to a label more than 4 KiB away', async () => {
    const far = `
    .text
    .globl _start
_start:
    nop
    beq   a0, a1, far_target
    .skip 8192
    `;
    const target = `    .text\n    .globl far_target\nfar_target:\n    ret\n`;
    const paths = await objects([['far.S', far], ['far_target.S', target]], NORELAX);
    const error = captureLinkError(() => linkFiles(paths));
    expect(error.message).toMatch(/relocation R_RISCV_BRANCH out of range: \d+ is not in \[-4096, 4095\]; references 'far_target' in far\.o\(\.text\+0x4\), function '_start'/);
  });

  test('a jal more than 1 MiB away', async () => {
    const far = `    .text\n    .globl _start\n_start:\n    jal far_target\n    .skip 0x100000\n`;
    const target = `    .text\n    .globl far_target\nfar_target:\n    ret\n`;
    const paths = await objects([['farjal.S', far], ['far_target.S', target]], NORELAX);
    expect(captureLinkError(() => linkFiles(paths)).message).toMatch(/relocation R_RISCV_JAL out of range: \d+ is not in \[-1048576, 1048575\]; references 'far_target' in farjal\.o\(\.text\+0x0\)/);
  });
});

/**
 * An object whose .data holds one site per data relocation, each with a distinctive starting
 * value (ADD/SUB/SUB6 read-modify-write), against two symbols in .text; plus a non-loaded
 * .debug_x section with the same relocations, where addresses are section offsets.
 */
function dataRelocationObject(): ObjectFile {
  const sym = (name: string, section: number, value: number, binding: ObjSymbol['binding'] = 'global'): ObjSymbol => ({ name, section, value, size: 0, binding, type: 'notype' });
  const sites: [number, number][] = [
    [R_RISCV.SET6, 0], [R_RISCV.SUB6, 1], [R_RISCV.SET8, 2], [R_RISCV.SET16, 4], [R_RISCV.SET32, 8],
    [R_RISCV.ADD8, 12], [R_RISCV.SUB8, 13], [R_RISCV.ADD16, 14], [R_RISCV.SUB16, 16], [R_RISCV.ADD32, 20],
    [R_RISCV.SUB32, 24], [R_RISCV['32_PCREL'], 28], [R_RISCV[32], 32],
  ];
  const relocations = sites.map(([type, offset], i): Relocation => ({ offset, type, symbol: 1 + (i % 2), addend: 3 * i }));
  const bytes = new Uint8Array(48).map((_, i) => (i * 37 + 11) & 0xff);
  const text = new Uint8Array(64).fill(0x13);
  new DataView(text.buffer).setUint32(0, 0x00008067, true);
  return {
    name: 'data_relocs.o',
    flags: 0,
    sections: [
      { name: '.text', type: 'progbits', flags: { alloc: true, write: false, exec: true }, align: 4, data: text, size: text.length, relocations: [] },
      { name: '.data', type: 'progbits', flags: { alloc: true, write: true, exec: false }, align: 4, data: bytes, size: bytes.length, relocations },
      { name: '.debug_x', type: 'progbits', flags: { alloc: false, write: false, exec: false }, align: 1, data: bytes.slice(0, 36), size: 36, relocations: relocations.filter((r) => r.type !== R_RISCV['32_PCREL']) },
    ],
    symbols: [
      { name: '', section: 'undef', value: 0, size: 0, binding: 'local', type: 'notype' },
      sym('first', 0, 0x10),
      sym('second', 0, 0x3c),
      sym('_start', 0, 0),
    ],
  };
}
