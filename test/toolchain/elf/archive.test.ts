// Static libraries: reading what llvm-ar makes (GNU format with a symbol index and long names,
// BSD format, no index), and writing archives that llvm-ar, llvm-nm and ld.lld accept — byte
// for byte what `llvm-ar rcsD` (deterministic) writes for the same members.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { archiveSymbolsOf, readArchive, writeArchive, type ArchiveMember } from '../../../sim/toolchain/elf/archive';
import { ElfError } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { link } from '../../../sim/toolchain/link';
import { fixtureDir } from '../../support/build-fixtures';
import { runQemu } from '../../support/qemu';
import { compileObject, lldLink, objectName, tool, workDir, writeFile } from '../link/support';
import { sampleObjects } from './samples';

/** Sample members, one with a name longer than 15 bytes (so it needs the `//` table). */
async function members(): Promise<ArchiveMember[]> {
  const [symbols, , rt, start, relaxed] = await sampleObjects();
  const named = (path: string, name: string) => ({ name, data: new Uint8Array(readFileSync(path)) });
  return [named(rt, 'rt.o'), named(symbols, 'a_rather_long_member_name.o'), named(start, 'start.o'), named(relaxed, 'relaxed.o')];
}

/** Runs llvm-ar in the work directory on copies of `list` named as members; returns the archive's bytes. */
async function llvmAr(flags: string, list: readonly ArchiveMember[]): Promise<Uint8Array> {
  const paths = list.map((m) => writeFile(m.name, m.data));
  const out = join(workDir, 'out', `llvm-${flags.replace(/\W/g, '')}.a`);
  rmSync(out, { force: true });
  await tool('llvm-ar', [...flags.split(' '), out, ...paths]);
  return new Uint8Array(readFileSync(out));
}

describe('readArchive', () => {
  test('reads llvm-ar rcs (GNU): members, long names and the symbol index', async () => {
    const list = await members();
    const archive = readArchive(await llvmAr('rcs', list), 'lib.a');
    expect(archive.members.map((m) => m.name)).toEqual(list.map((m) => m.name));
    archive.members.forEach((m, i) => expect(Buffer.from(m.data).equals(Buffer.from(list[i].data))).toBe(true));
    const armap = await tool('llvm-nm', ['--print-armap', join(workDir, 'out', 'llvm-rcs.a')]);
    const expected = [...armap.matchAll(/^(\S+) in (\S+)$/gm)].map((m) => `${m[1]} in ${m[2]}`);
    expect(archive.symbols?.map((s) => `${s.name} in ${archive.members[s.member].name}`)).toEqual(expected);
    expect(archive.symbols).toEqual(archiveSymbolsOf(list));
  });

  test('reads BSD archives (#1/N names, __.SYMDEF) and archives without an index', async () => {
    const list = await members();
    for (const flags of ['--format=bsd rcs', 'rcS']) {
      const archive = readArchive(await llvmAr(flags, list), 'lib.a');
      expect(archive.members.map((m) => m.name)).toEqual(list.map((m) => m.name));
      archive.members.forEach((m, i) => expect(Buffer.from(m.data).equals(Buffer.from(list[i].data))).toBe(true));
      expect(archive.symbols).toBeUndefined();
    }
  });

  test.each([
    ['not an archive', new TextEncoder().encode('hello'), /lib\.a: not an ar archive/],
    ['a thin archive', new TextEncoder().encode('!<thin>\n'), /thin archives/],
    ['a truncated header', new TextEncoder().encode('!<arch>\nfoo.o/   0'), /truncated member header/],
    ['a member running past the end', new TextEncoder().encode('!<arch>\nfoo.o/          0           0     0     644     999       `\nxx'), /runs past the end/],
  ])('refuses %s with an ElfError', (_, bytes, message) => {
    expect(() => readArchive(bytes, 'lib.a')).toThrow(ElfError);
    expect(() => readArchive(bytes, 'lib.a')).toThrow(message);
  });
});

describe('writeArchive', () => {
  test('writes exactly what llvm-ar rcsD writes, and reads back', async () => {
    const list = await members();
    const ours = writeArchive(list, 'lib.a');
    expect(Buffer.from(ours).equals(Buffer.from(await llvmAr('rcsD', list)))).toBe(true);
    const back = readArchive(ours, 'lib.a');
    expect(back.members).toEqual(list);
    expect(back.symbols).toEqual(archiveSymbolsOf(list));
    expect(await tool('llvm-ar', ['t', writeFile('ours.a', ours)])).toBe(list.map((m) => `${m.name}\n`).join(''));
  });

  test('ld.lld and our linker both link against a library we wrote', async () => {
    const rt = join(fixtureDir, 'rt');
    const [start, rtObject, program] = await Promise.all([join(rt, 'start.S'), join(rt, 'rt.c'), join(fixtureDir, 'algo_base64.c')].map((s) => compileObject(s, ['-O1'], [rt])));
    const library = writeFile('librt.a', writeArchive([{ name: 'rt.o', data: new Uint8Array(readFileSync(rtObject)) }], 'librt.a'));
    const viaLld = await runQemu(await lldLink('with_our_archive.elf', [start, program, library]));
    expect(viaLld.stdout).toMatch(/failures: 0/);
    const ours = link([
      { kind: 'object', object: readObject(readFileSync(start), objectName(start)) },
      { kind: 'object', object: readObject(readFileSync(program), objectName(program)) },
      { kind: 'archive', archive: readArchive(readFileSync(library), 'librt.a') },
    ]);
    expect(ours.map.files).toContain('librt.a(rt.o)');
  });
});
