// The shared library option: a "libc" archive's members placed in their own PT_LOAD segments at
// a fixed base (SHARED_LIBRARY_BASE), byte-identical across programs so the kernel can later
// share their frames. The fixtures' runtime (rt.c) plays libc; the programs are differential
// fixtures, so qemu's run of the clang+lld build is the expected output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readArchive, writeArchive, type Archive } from '../../../sim/toolchain/elf/archive';
import { readElf, PT_LOAD } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { link, SHARED_LIBRARY_BASE, symbolAddress, type LinkInput, type LinkOptions, type LinkResult } from '../../../sim/toolchain/link';
import { fixtureDir, listFixtures } from '../../support/build-fixtures';
import { oslabAvailable, runOslab } from '../../support/oslab';
import { runQemu } from '../../support/qemu';
import { captureLinkError, compileObject, compileText, objectName, tool, writeElf } from './support';

const rtDir = join(fixtureDir, 'rt');

async function objectInput(source: string): Promise<LinkInput> {
  const path = await compileObject(source, ['-O1'], [rtDir]);
  return { kind: 'object', object: readObject(readFileSync(path), objectName(path)) };
}

/** An archive of the given sources compiled with -O1 (or of objects, for paths ending in .o). */
async function libraryOf(sources: readonly string[]): Promise<Archive> {
  const members = await Promise.all(sources.map(async (s) => {
    const path = s.endsWith('.o') ? s : await compileObject(s, ['-O1'], [rtDir]);
    return { name: objectName(path), data: readFileSync(path) };
  }));
  return readArchive(writeArchive(members, 'librt.a'), 'librt.a');
}

async function linkProgram(name: string, library: Archive, options: Partial<LinkOptions['sharedLibrary']> = {}): Promise<LinkResult> {
  const inputs = [await objectInput(join(rtDir, 'start.S')), await objectInput(join(fixtureDir, `${name}.c`))];
  return link(inputs, { sharedLibrary: { archive: library, ...options } });
}

/** The file bytes of the executable's segments that lie in the library's range. */
function librarySegments(executable: Uint8Array): { vaddr: number; flags: number; memsz: number; bytes: Uint8Array }[] {
  return readElf(executable)
    .programHeaders.filter((p) => p.type === PT_LOAD && p.vaddr >= SHARED_LIBRARY_BASE)
    .map((p) => ({ vaddr: p.vaddr, flags: p.flags, memsz: p.memsz, bytes: executable.slice(p.offset, p.offset + p.filesz) }));
}

describe('a shared library in its own segments at a fixed address', () => {
  test('its PT_LOADs sit at the base (text first), and the program runs as the clang+lld build does on qemu and oslab', async () => {
    const library = await libraryOf([join(rtDir, 'rt.c')]);
    const result = await linkProgram('algo_hash', library);
    const elf = writeElf('library_algo_hash.elf', result.executable);
    const headers = await tool('llvm-readelf', ['-l', '-W', elf]);
    expect(headers).toMatch(new RegExp(`LOAD\\s+0x[0-9a-f]+ 0x${SHARED_LIBRARY_BASE.toString(16).padStart(8, '0')} 0x[0-9a-f]+ 0x[0-9a-f]+ 0x[0-9a-f]+ R E 0x1000`));
    expect(result.map.library).toMatchObject({ name: 'libc', base: SHARED_LIBRARY_BASE });
    expect(result.map.segments.filter((s) => s.library).map((s) => s.sections)).toEqual([['.libc.text'], ['.libc.rodata'], ['.libc.bss']]);
    expect(symbolAddress(result.map, 'print_str')).toBeGreaterThanOrEqual(SHARED_LIBRARY_BASE);
    expect(symbolAddress(result.map, 'main')).toBeLessThan(0x100000);

    const fixture = listFixtures().find((f) => f.name === 'algo_hash')!;
    const expected = await runQemu(fixture.elf);
    const onQemu = await runQemu(elf);
    expect({ status: onQemu.status, stdout: onQemu.stdout }).toEqual({ status: expected.status, stdout: expected.stdout });
    if (oslabAvailable()) {
      const onOslab = await runOslab(elf);
      expect({ status: onOslab.status, stdout: onOslab.stdout }).toEqual({ status: expected.status, stdout: expected.stdout });
    }
  });

  test('two different programs get byte-identical library segments at the same addresses', async () => {
    const library = await libraryOf([join(rtDir, 'rt.c')]);
    const a = librarySegments((await linkProgram('algo_hash', library)).executable);
    const b = librarySegments((await linkProgram('c_strings', library)).executable);
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((s) => s.vaddr % 4096)).toEqual(a.map(() => 0));
    expect(b).toEqual(a);
  });

  test('library code that refers to a program symbol is refused (its pages would differ per program)', async () => {
    const library = await libraryOf([join(rtDir, 'rt.c'), join(rtDir, 'start.S')]);
    const inputs = [await objectInput(join(fixtureDir, 'algo_hash.c'))];
    const error = captureLinkError(() => link(inputs, { sharedLibrary: { archive: library } }));
    expect(error.message).toContain("the shared library refers to 'main', which the program or the linker defines");
    expect(error.message).toContain('librt.a(start.o)(.text._start+0x');
  });

  test('two library members defining the same symbol are one duplicate-symbol error', async () => {
    const library = await libraryOf([join(rtDir, 'rt.c'), await compileText('dup_strlen.c', 'unsigned strlen(const char *s) { return 0; }\n', ['-O1'])]);
    const inputs = [await objectInput(join(rtDir, 'start.S')), await objectInput(join(fixtureDir, 'algo_hash.c'))];
    const error = captureLinkError(() => link(inputs, { sharedLibrary: { archive: library } }));
    expect(error.problems).toEqual([expect.stringMatching(/^duplicate symbol 'strlen': defined in librt\.a\(rt\.o\)\(\.text\+0x[0-9a-f]+\) and in librt\.a\(dup_strlen\.o\)\(\.text\+0x0\)$/)]);
  });

  test("members: 'needed' places only the needed members at the base, without the purity rule", async () => {
    const library = await libraryOf([join(rtDir, 'rt.c'), join(rtDir, 'start.S')]);
    const inputs = [await objectInput(join(fixtureDir, 'algo_hash.c'))];
    const result = link(inputs, { sharedLibrary: { archive: library, members: 'needed', base: 0x5000_0000 } });
    expect(result.map.files).toEqual(['algo_hash.o', 'librt.a(rt.o)', 'librt.a(start.o)']);
    expect(result.map.library).toMatchObject({ base: 0x5000_0000 });
    expect(symbolAddress(result.map, '_start')).toBeGreaterThan(0x5000_0000);
    expect(result.map.entry).toBe(symbolAddress(result.map, '_start'));
    expect((await runQemu(writeElf('library_needed.elf', result.executable))).status).toBe(0);
  });

  test("a program's own definition shadows the library's for the program; the library keeps its own", async () => {
    const library = await libraryOf([join(rtDir, 'rt.c')]);
    const own = `#include "rt.h"\nvoid print_nl(void) { sys_write(1, "<nl>\\n", 5); }\n`;
    const ownPath = await compileText('own_print_nl.c', own, ['-O1'], [rtDir]);
    const inputs = [await objectInput(join(rtDir, 'start.S')), await objectInput(join(fixtureDir, 'algo_hash.c')), { kind: 'object' as const, object: readObject(readFileSync(ownPath), 'own_print_nl.o') }];
    const result = link(inputs, { sharedLibrary: { archive: library } });
    expect(result.map.warnings).toEqual(["own_print_nl.o defines 'print_nl', which takes precedence over librt.a(rt.o)'s for the program; the library keeps using its own"]);
    const printNl = result.map.symbols.filter((s) => s.name === 'print_nl');
    expect(printNl.map((s) => [s.binding, s.address < SHARED_LIBRARY_BASE])).toEqual([['local', false], ['global', true]]);
    const run = await runQemu(writeElf('library_shadow.elf', result.executable));
    expect(run.stdout).toContain('<nl>');
    expect(run.status).toBe(0);
  });

  test('a base that is not page-aligned, or below the program, is refused', async () => {
    const library = await libraryOf([join(rtDir, 'rt.c')]);
    const inputs = [await objectInput(join(rtDir, 'start.S')), await objectInput(join(fixtureDir, 'algo_hash.c'))];
    expect(captureLinkError(() => link(inputs, { sharedLibrary: { archive: library, base: 0x6000_0800 } })).message).toContain('sharedLibrary.base 0x60000800 is not a page-aligned user address');
    expect(captureLinkError(() => link(inputs, { sharedLibrary: { archive: library, base: 0x1_1000 } })).message).toMatch(/the program's segments end at 0x[0-9a-f]+, past the shared library's base 0x11000/);
  });
});
