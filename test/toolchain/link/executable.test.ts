// The executable our linker writes: an ELF32 EM_RISCV ET_EXEC with e_flags 0 that the kernel's
// readElf accepts and llvm-readelf reads without a warning; ld.lld's default segment layout
// (headers + rodata R at 0x10000, text R X, data+bss RW, PT_GNU_STACK non-executable, file
// offsets congruent to addresses); symbols that llvm-nm and llvm-objdump see; a LinkMap that
// agrees with the section headers; linker-defined symbols with lld's values; and the layout
// options (-N, -Ttext/-Tdata, max-page-size, separate-code, execstack) reflected in the headers.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, readElf, readSections } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { link, PROGRAM_BASE, symbolAddress, type LinkInput, type LinkOptions, type LinkResult } from '../../../sim/toolchain/link';
import { fixtureDir } from '../../support/build-fixtures';
import { compileObject, compileText, lldLink, objectName, tool, writeElf } from './support';

const rtDir = join(fixtureDir, 'rt');

async function fixtureInputs(name: string): Promise<LinkInput[]> {
  const paths = await Promise.all([join(rtDir, 'start.S'), join(rtDir, 'rt.c'), join(fixtureDir, `${name}.c`)].map((s) => compileObject(s, ['-O1'], [rtDir])));
  return paths.map((p) => ({ kind: 'object', object: readObject(readFileSync(p), objectName(p)) }));
}

async function linked(name: string, options: LinkOptions = {}): Promise<LinkResult> {
  return link(await fixtureInputs(name), options);
}

function readelfWarnings(path: string): string {
  const r = spawnSync('llvm-readelf', ['-a', path], { encoding: 'utf8' });
  return r.stderr + (r.stdout.match(/^.*warning.*$/gim) ?? []).join('\n');
}

describe('the executable format', () => {
  test("ELF header, lld's segment layout, and no llvm-readelf warnings", async () => {
    const result = await linked('mem_bss_data');
    const image = readElf(result.executable);
    expect({ type: image.type, flags: image.flags, entry: image.entry }).toEqual({ type: 2, flags: 0, entry: symbolAddress(result.map, '_start') });
    const loads = image.programHeaders.filter((p) => p.type === PT_LOAD);
    expect(loads.map((p) => p.flags)).toEqual([PF_R, PF_R | PF_X, PF_R | PF_W]);
    expect(loads[0]).toMatchObject({ offset: 0, vaddr: PROGRAM_BASE });
    for (const p of loads) expect(p.offset % 4096).toBe(p.vaddr % 4096);
    for (let i = 1; i < loads.length; i++) expect(Math.floor(loads[i].vaddr / 4096)).toBeGreaterThan(Math.floor((loads[i - 1].vaddr + loads[i - 1].memsz - 1) / 4096));
    expect(image.programHeaders[0]).toMatchObject({ type: PT_PHDR, vaddr: PROGRAM_BASE + 52 });
    expect(image.programHeaders.find((p) => p.type === PT_GNU_STACK)?.flags).toBe(PF_R | PF_W);
    expect(readelfWarnings(writeElf('format.elf', result.executable))).toBe('');
  });

  test('the LinkMap agrees with the section headers, llvm-nm and llvm-objdump', async () => {
    const result = await linked('algo_sort');
    const path = writeElf('map.elf', result.executable);
    const headers = readSections(result.executable).filter((s) => s.type !== 0 && !['.symtab', '.strtab', '.shstrtab'].includes(s.name));
    expect(result.map.sections.map((s) => [s.name, s.address, s.size, s.fileOffset])).toEqual(headers.map((h) => [h.name, h.addr, h.size, h.offset]));
    expect(result.map.sections.map((s) => s.name)).toEqual(['.rodata', '.text', '.data', '.bss', '.riscv.attributes']);
    const nm = await tool('llvm-nm', ['--defined-only', path]);
    for (const line of nm.trim().split('\n')) {
      const [address, kind, name] = line.trim().split(/\s+/);
      const symbol = result.map.symbols.find((s) => s.name === name && (kind === kind.toUpperCase()) === (s.binding !== 'local'));
      expect({ name, address: symbol?.address }).toEqual({ name, address: parseInt(address, 16) });
    }
    const disassembly = await tool('llvm-objdump', ['-d', path]);
    expect(disassembly).toContain(`${symbolAddress(result.map, 'main')!.toString(16).padStart(8, '0')} <main>:`);
    expect(disassembly).not.toMatch(/<unknown>/);
    const text = result.map.sections.find((s) => s.name === '.text')!;
    expect([...new Set(text.inputs.map((i) => i.file))]).toEqual(['start.o', 'rt.o', 'algo_sort.o']);
  });

  test('linker-defined symbols (_end, _etext, _edata, __bss_start, __global_pointer$, array and __start_/__stop_ bounds) have lld’s values', async () => {
    const source = `
    .text
    .globl _start
_start:
    li    a7, 93
    li    a0, 0
    ecall
    .section .init_array, "aw", @init_array
    .word _start
    .section mysec, "aw", @progbits
    .word 1, 2
    .section .rodata
    .word 3
    .bss
    .zero 24
    .data
refs:
    .word _end, end, _etext, etext, _edata, edata, __bss_start, __global_pointer$
    .word __init_array_start, __init_array_end, __fini_array_start, __fini_array_end
    .word __ehdr_start, __executable_start, __start_mysec, __stop_mysec
`;
    const path = await compileText('linker_symbols.S', source, ['-mno-relax']);
    const ours = link([{ kind: 'object', object: readObject(readFileSync(path), 'linker_symbols.o') }]);
    const starts = ours.map.sections.filter((s) => s.alloc).map((s) => `--section-start=${s.name}=0x${s.address.toString(16)}`);
    const theirs = readSections(readFileSync(await lldLink('linker_symbols.lld.elf', [path], ['-O0', ...starts])));
    const data = (sections: ReturnType<typeof readSections>) => Array.from(new Uint32Array(new Uint8Array(sections.find((s) => s.name === '.data')!.data).buffer));
    expect(data(readSections(ours.executable))).toEqual(data(theirs));
    expect(symbolAddress(ours.map, '_end')).toBe(ours.map.sections.find((s) => s.name === '.bss')!.address + 24);
  });
});

describe('layout options', () => {
  test('omagic (-N): one RWX segment holding headers and everything', async () => {
    const image = readElf((await linked('algo_hash', { omagic: true })).executable);
    const loads = image.programHeaders.filter((p) => p.type === PT_LOAD);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ flags: PF_R | PF_W | PF_X, vaddr: PROGRAM_BASE, offset: 0 });
  });

  test('sectionStart (-Ttext/-Tdata), pageSize with separateCode, and execStack', async () => {
    const far = readElf((await linked('mem_bss_data', { sectionStart: { '.text': 0x11000, '.data': 0x2000_0000 } })).executable);
    expect(far.programHeaders.filter((p) => p.type === PT_LOAD).map((p) => p.vaddr)).toEqual([PROGRAM_BASE, 0x11000, 0x2000_0000]);
    const separate = await linked('algo_hash', { pageSize: 0x10000, separateCode: true });
    const loads = readElf(separate.executable).programHeaders.filter((p) => p.type === PT_LOAD);
    expect(loads.map((p) => p.align)).toEqual(loads.map(() => 0x10000));
    const code = loads.find((p) => p.flags & PF_X)!;
    expect([code.vaddr % 0x10000, code.offset % 0x10000]).toEqual([0, 0]);
    const stack = readElf((await linked('algo_hash', { execStack: true })).executable).programHeaders.find((p) => p.type === PT_GNU_STACK);
    expect(stack?.flags).toBe(PF_R | PF_W | PF_X);
    expect(readelfWarnings(writeElf('separate.elf', separate.executable))).toBe('');
  });

  test('a section placed where it cannot start a segment, or overlapping another, is refused', async () => {
    // mem_bss_data has both .data and .bss, so .bss does not start the RW segment.
    const inputs = await fixtureInputs('mem_bss_data');
    expect(() => link(inputs, { sectionStart: { '.bss': 0x3000_0000 } })).toThrow(/sectionStart: \.bss can only be placed when it starts its segment/);
    expect(() => link(inputs, { sectionStart: { '.text': 0x10100 } })).toThrow(/segments overlap/);
    expect(() => link(inputs, { pageSize: 1000 })).toThrow(/pageSize 1000 is not a power of two/);
  });
});
