// The relocatable-object writer: what it writes reads back as the same ObjectFile, LLVM's tools
// read it without a warning and see the same code and relocations as in clang's original, and
// ld.lld links it into a program that runs on qemu exactly as the original objects' program.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import type { ObjectFile } from '../../../sim/toolchain/object';
import { R_RISCV } from '../../../sim/toolchain/relocations';
import { fixtureDir } from '../../support/build-fixtures';
import { runQemu } from '../../support/qemu';
import { compileObject, lldLink, tool, writeFile } from '../link/support';
import { sampleObjects } from './samples';

function withoutName(object: ObjectFile): Omit<ObjectFile, 'name'> {
  const { name: _, ...rest } = object;
  return rest;
}

/** llvm-objdump's disassembly with relocations, minus the line naming the file. */
async function disassembly(path: string): Promise<string> {
  return (await tool('llvm-objdump', ['-dr', '--no-show-raw-insn', path])).replace(/^.*file format.*$/m, '');
}

/** The content sections llvm-objdump lists (name, size, type), ignoring the symbol and string tables. */
async function sectionList(path: string): Promise<string[]> {
  const rows = (await tool('llvm-objdump', ['-h', path])).split('\n').filter((l) => /^\s*\d+\s+\S+\s+[0-9a-f]{8}/.test(l));
  return rows
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => !/^\.(strtab|symtab|shstrtab|rela.*|llvm_addrsig)$/.test(f[1]))
    .map((f) => [f[1], f[2], f.slice(4).join(' ')].join(' '));
}

describe('writeObject', () => {
  test('round-trips clang objects through readObject, and LLVM tools see the same contents without warnings', async () => {
    for (const path of await sampleObjects()) {
      const original = readObject(readFileSync(path), 'x.o');
      const written = writeObject(original);
      expect(withoutName(readObject(written, 'y.o'))).toEqual(withoutName(original));
      const out = writeFile('roundtrip.o', written);
      const readelf = spawnSync('llvm-readelf', ['-a', out], { encoding: 'utf8' });
      expect(readelf.status).toBe(0);
      expect(readelf.stderr).toBe('');
      expect(readelf.stdout).not.toMatch(/warning/i);
      expect(await disassembly(out)).toEqual(await disassembly(path));
      expect(await sectionList(out)).toEqual(await sectionList(path));
      expect((await sectionList(path)).length).toBeGreaterThan(2);
    }
  });

  test('ld.lld links rewritten objects into a program that runs as the original does', async () => {
    const rt = join(fixtureDir, 'rt');
    const sources = [join(rt, 'start.S'), join(rt, 'rt.c'), join(fixtureDir, 'algo_sha256.c')];
    const originals = await Promise.all(sources.map((s) => compileObject(s, ['-O2'], [rt])));
    const rewritten = originals.map((p, i) => writeFile(`rewritten${i}.o`, writeObject(readObject(readFileSync(p), p))));
    const [expected, actual] = await Promise.all([
      lldLink('original.elf', originals).then((elf) => runQemu(elf)),
      lldLink('rewritten.elf', rewritten).then((elf) => runQemu(elf)),
    ]);
    expect(actual.stdout).toBe(expected.stdout);
    expect(actual.status).toBe(expected.status);
    expect(expected.stdout).toMatch(/failures: 0/);
  });

  test('symbols given globals-first are written locals-first, relocations renumbered to match', () => {
    const object: ObjectFile = {
      name: 'mixed.o',
      flags: 0,
      sections: [
        {
          name: '.text',
          type: 'progbits',
          flags: { alloc: true, write: false, exec: true },
          align: 4,
          data: new Uint8Array([0x6f, 0, 0, 0, 0x67, 0x80, 0, 0]),
          size: 8,
          relocations: [{ offset: 0, type: R_RISCV.JAL, symbol: 2, addend: 0 }],
        },
      ],
      symbols: [
        { name: '', section: 'undef', value: 0, size: 0, binding: 'local', type: 'notype' },
        { name: 'entry', section: 0, value: 0, size: 8, binding: 'global', type: 'func' },
        { name: 'local_target', section: 0, value: 4, size: 0, binding: 'local', type: 'notype' },
      ],
    };
    const back = readObject(writeObject(object), 'mixed.o');
    expect(back.symbols.map((s) => s.name)).toEqual(['', 'local_target', 'entry']);
    expect(back.sections[0].relocations).toEqual([{ offset: 0, type: R_RISCV.JAL, symbol: 1, addend: 0 }]);
  });
});
