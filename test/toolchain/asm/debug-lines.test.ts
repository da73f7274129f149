// `debugLines` (the assembler's -g): the line table maps every instruction back to its line of
// the .s file, and the compile unit around it is valid DWARF. The object is serialised with the
// toolchain's ELF writer, decoded with llvm-dwarfdump, and linked both with ld.lld and with our
// linker; `llvm-dwarfdump --verify` must accept both executables. (Byte-for-byte agreement with
// `llvm-mc -g` is checked on the .S fixtures in compiler-output.test.ts.)

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import type { ObjectFile } from '../../../sim/toolchain/object';
import { link } from '../../../sim/toolchain/link';
import { scratchPath } from './support';

const SOURCE = `# A hand-written program: two code sections, a macro, data, comments and blank lines.
  .text
  .globl _start
_start:
  li a0, 0x12345678        # two instructions, one row

  call helper
  la a1, message
.macro TWICE insn
  \\insn
  \\insn
.endm
  TWICE nop
  .p2align 4
  j done
  .data
message: .asciz "hi"
  .section .text.helper,"ax",@progbits
helper:
  addi a0, a0, 1
1: bnez a0, 1b
  ret
  .text
done:
  li a7, 93
  ecall
`;

/** (address, line) rows of the line table, per llvm-dwarfdump, end_sequence rows dropped. */
function lineRows(elf: string): { address: number; line: number }[] {
  const text = execFileSync('llvm-dwarfdump', ['--debug-line', elf], { encoding: 'utf8' });
  return text
    .split('\n')
    .filter((l) => /^0x[0-9a-f]{16}\s/.test(l) && !l.includes('end_sequence'))
    .map((l) => {
      const [address, line] = l.trim().split(/\s+/);
      return { address: parseInt(address, 16), line: Number(line) };
    });
}

function sourceLineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('debugLines', () => {
  let object: ObjectFile;
  let objectPath: string;
  beforeAll(() => {
    object = assemble(SOURCE, { file: 'prog.s', debugLines: true, compDir: '/src' }).object;
    objectPath = scratchPath('prog.o');
    writeFileSync(objectPath, writeObject(object));
  });

  it('emits a DWARF 4 line table, compile unit, abbreviations, aranges and ranges', () => {
    expect(object.sections.map((s) => s.name)).toEqual(
      expect.arrayContaining(['.debug_line', '.debug_info', '.debug_abbrev', '.debug_aranges', '.debug_ranges']),
    );
    const info = execFileSync('llvm-dwarfdump', ['--debug-info', objectPath], { encoding: 'utf8' });
    expect(info).toContain('version = 0x0004');
    expect(info).toContain('DW_AT_name\t("prog.s")');
    expect(info).toContain('DW_AT_comp_dir\t("/src")');
    expect(info).toContain('DW_AT_language\t(DW_LANG_Mips_Assembler)');
    expect(info.match(/DW_TAG_label/g)?.length).toBe(3); // _start, helper, done (not 1: or .L)
  });

  it('gives every instruction statement one row at its first address, in its section', () => {
    const rows = lineRows(objectPath);
    const line = (needle: string) => sourceLineOf(SOURCE, needle);
    // .text: li (2 words), call (2), la (2), the macro's two nops (its invocation line), j, li, ecall.
    expect(rows.slice(0, 8)).toEqual([
      { address: 0x00, line: line('li a0, 0x12345678') },
      { address: 0x08, line: line('call helper') },
      { address: 0x10, line: line('la a1, message') },
      { address: 0x18, line: line('TWICE nop') },
      { address: 0x1c, line: line('TWICE nop') },
      { address: 0x20, line: line('j done') },
      { address: 0x24, line: line('li a7, 93') },
      { address: 0x28, line: line('ecall') },
    ]);
    // .text.helper is its own sequence, starting again at address 0 in the object.
    expect(rows.slice(8)).toEqual([
      { address: 0, line: line('addi a0, a0, 1') },
      { address: 4, line: line('1: bnez') },
      { address: 8, line: line('  ret') },
    ]);
  });

  it('links with ld.lld into an executable llvm-dwarfdump --verify accepts', () => {
    const elf = scratchPath('prog-lld.elf');
    execFileSync('ld.lld', ['--no-relax', '-o', elf, objectPath], { stdio: 'pipe' });
    const verify = execFileSync('llvm-dwarfdump', ['--verify', elf], { encoding: 'utf8' });
    expect(verify).toContain('No errors.');
    const rows = lineRows(elf);
    expect(rows.length).toBe(11);
    expect(rows.every((r) => r.address >= 0x10000)).toBe(true);
  });

  it('links with our linker into an executable llvm-dwarfdump --verify accepts', () => {
    const elf = scratchPath('prog-oslab.elf');
    writeFileSync(elf, link([{ kind: 'object', object }]).executable);
    const verify = execFileSync('llvm-dwarfdump', ['--verify', elf], { encoding: 'utf8' });
    expect(verify).toContain('No errors.');
    expect(lineRows(elf).length).toBe(11);
  });

  it('follows .loc directives instead when the source has them (compiler output)', () => {
    const source = '  .file 1 "/src" "main.c"\n  .text\nf:\n  .loc 1 7 3\n  nop\n  nop\n  .loc 1 9 1 prologue_end\n  ret\n';
    const { object: withLoc } = assemble(source, { file: 'main.s', debugLines: true });
    expect(withLoc.sections.some((s) => s.name === '.debug_info')).toBe(false); // the compiler brings its own
    const path = scratchPath('loc.o');
    writeFileSync(path, writeObject(withLoc));
    expect(lineRows(path)).toEqual([
      { address: 0, line: 7 },
      { address: 8, line: 9 },
    ]);
  });
});
