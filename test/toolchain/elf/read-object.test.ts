// The relocatable-object reader against llvm-readobj: for objects clang builds (C with every
// kind of symbol, assembly built for relaxation, -g debug info), every content section, every
// symbol (binding, type, visibility, section or ABS/UND/COMMON) and every relocation must be
// what LLVM's own reader sees. Malformed or unsupported input gives a clear ElfError.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ElfError } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import type { ObjectFile } from '../../../sim/toolchain/object';
import { relocationName } from '../../../sim/toolchain/relocations';
import { compileText, tool } from '../link/support';
import { sampleObjects } from './samples';

interface LlvmSymbol {
  Symbol: { Name: { Value: string }; Value: number; Size: number; Binding: { Value: string }; Type: { Value: string }; Other: number | { RawFlags: number }; Section: { Value: string; RawValue: number } };
}
interface LlvmSection {
  Section: { Index: number; Name: { Value: string }; Type: { Value: string }; Flags: { RawFlags: number }; Size: number; AddressAlignment: number; EntrySize: number; Offset: number };
}

async function llvmView(path: string): Promise<{ sections: LlvmSection['Section'][]; symbols: LlvmSymbol['Symbol'][]; relocations: string[] }> {
  const json = JSON.parse(await tool('llvm-readobj', ['--elf-output-style=JSON', '-S', '--symbols', path])) as Record<string, { Sections: LlvmSection[]; Symbols: LlvmSymbol[] }>[];
  const file = Object.values(json[0])[0];
  const relocText = await tool('llvm-readobj', ['-r', path]);
  const relocations: string[] = [];
  let section = '';
  for (const line of relocText.split('\n')) {
    const head = /Section \(\d+\) \.rela(\S+) \{/.exec(line);
    if (head) section = head[1];
    const entry = /^\s+0x([0-9A-F]+) (R_RISCV_\w+) (\S+) (-?)0x([0-9A-F]+)$/.exec(line);
    if (entry) relocations.push(`${section}+${parseInt(entry[1], 16)} ${entry[2]} ${entry[3]} ${(entry[4] === '-' ? -1 : 1) * parseInt(entry[5], 16) | 0}`);
  }
  return { sections: file.Sections.map((s) => s.Section), symbols: file.Symbols.map((s) => s.Symbol), relocations };
}

const DROPPED = new Set(['SHT_NULL', 'SHT_SYMTAB', 'SHT_STRTAB', 'SHT_RELA', 'SHT_LLVM_ADDRSIG']);

function ourRelocations(object: ObjectFile): string[] {
  return object.sections.flatMap((s) =>
    s.relocations.map((r) => {
      const symbol = object.symbols[r.symbol];
      const name = symbol.name === '' ? '-' : symbol.name;
      return `${s.name}+${r.offset} ${relocationName(r.type)} ${name} ${r.addend}`;
    }),
  );
}

describe('readObject agrees with llvm-readobj', () => {
  test('sections, symbols and relocations of clang objects', async () => {
    for (const path of await sampleObjects()) {
      const bytes = readFileSync(path);
      const object = readObject(bytes, 'x.o');
      const llvm = await llvmView(path);
      const kept = llvm.sections.filter((s) => !DROPPED.has(s.Type.Value));
      expect(object.sections.map((s) => s.name)).toEqual(kept.map((s) => s.Name.Value));
      object.sections.forEach((section, i) => {
        const theirs = kept[i];
        expect({ size: section.size, align: section.align }).toEqual({ size: theirs.Size, align: Math.max(1, theirs.AddressAlignment) });
        expect({ alloc: section.flags.alloc, write: section.flags.write, exec: section.flags.exec }).toEqual({ alloc: (theirs.Flags.RawFlags & 2) !== 0, write: (theirs.Flags.RawFlags & 1) !== 0, exec: (theirs.Flags.RawFlags & 4) !== 0 });
        if (section.type !== 'nobits') expect(Buffer.from(section.data).equals(bytes.subarray(theirs.Offset, theirs.Offset + theirs.Size))).toBe(true);
        expect(section.type).toBe({ SHT_NOBITS: 'nobits', SHT_PROGBITS: 'progbits', SHT_RISCV_ATTRIBUTES: 'riscv-attributes', SHT_NOTE: 'note' }[theirs.Type.Value] ?? 'other');
      });
      expect(object.symbols).toHaveLength(llvm.symbols.length);
      object.symbols.forEach((symbol, i) => {
        const theirs = llvm.symbols[i];
        const section = theirs.Section.Value === 'Undefined' ? 'undef' : theirs.Section.Value === 'Absolute' ? 'abs' : theirs.Section.Value === 'Common' ? 'common' : kept.findIndex((s) => s.Index === theirs.Section.RawValue);
        const type = { None: 'notype', Object: 'object', Function: 'func', Section: 'section', File: 'file' }[theirs.Type.Value];
        expect({ value: symbol.value, size: symbol.size, binding: symbol.binding, type: symbol.type, section: symbol.section, hidden: symbol.hidden === true }).toEqual({
          value: theirs.Value,
          size: theirs.Size,
          binding: theirs.Binding.Value.toLowerCase(),
          type,
          section,
          hidden: [1, 2].includes((typeof theirs.Other === 'number' ? theirs.Other : theirs.Other.RawFlags) & 3),
        });
        expect(symbol.name).toBe(symbol.type === 'section' ? object.sections[symbol.section as number].name : theirs.Name.Value);
      });
      expect(ourRelocations(object).sort()).toEqual(llvm.relocations.sort());
    }
  });

  test('the kinds of symbol a C file has, by name', async () => {
    const object = readObject(readFileSync((await sampleObjects())[0]), 'symbols.o');
    const byName = (name: string) => object.symbols.find((s) => s.name === name);
    expect(byName('local_counter')).toMatchObject({ binding: 'local', type: 'object' });
    expect(byName('global_data')).toMatchObject({ binding: 'global', type: 'object', size: 16 });
    expect(byName('common_var')).toMatchObject({ binding: 'global', section: 'common', size: 4, value: 4 });
    expect(byName('undefined_thing')).toMatchObject({ binding: 'global', section: 'undef' });
    expect(byName('weak_undefined')).toMatchObject({ binding: 'weak', section: 'undef' });
    expect(byName('weak_fn')).toMatchObject({ binding: 'weak', type: 'func' });
    expect(byName('hidden_fn')).toMatchObject({ binding: 'global', type: 'func', hidden: true });
    expect(byName('abs_sym')).toMatchObject({ binding: 'global', section: 'abs', value: 0x1234 });
    const withBss = readObject(readFileSync((await sampleObjects())[1]), 'symbols_g.o');
    expect(withBss.sections.find((s) => s.name === '.bss')).toMatchObject({ type: 'nobits', data: new Uint8Array(0), size: 400 });
  });
});

describe('readObject refuses what it cannot use', () => {
  const valid = async () => new Uint8Array(readFileSync((await sampleObjects())[3]));
  const patched = async (at: number, bytes: number[]) => {
    const copy = await valid();
    copy.set(bytes, at);
    return copy;
  };
  test.each([
    ['an empty file', async () => new Uint8Array(0), /x\.o: not an ELF file/],
    ['a text file', async () => new TextEncoder().encode('int main() {}\n'.repeat(10)), /not an ELF file/],
    ['a 64-bit object', () => patched(4, [2]), /not a 32-bit ELF object/],
    ['a big-endian object', () => patched(5, [2]), /not a little-endian/],
    ['an x86 object', () => patched(18, [62, 0]), /not a RISC-V object \(machine 62\)/],
    ['an executable', () => patched(16, [2, 0]), /not a relocatable object \(ELF type 2\)/],
    ['a truncated object', async () => (await valid()).subarray(0, 200), /truncated or corrupt section headers|truncated/],
  ])('%s', async (_, make, message) => {
    const bytes = await make();
    expect(() => readObject(bytes, 'x.o')).toThrow(ElfError);
    expect(() => readObject(bytes, 'x.o')).toThrow(message);
  });

  test('thread-local storage is refused with a reason', async () => {
    const path = await compileText('tls.c', '_Thread_local int counter;\nint get(void) { return counter; }\n', ['-O1']);
    expect(() => readObject(readFileSync(path), 'tls.o')).toThrow(/thread-local storage/);
  });
});
