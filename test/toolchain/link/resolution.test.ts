// Symbol resolution and archives, with ld.lld's semantics: archive members load only when they
// define something needed (wherever the archive sits on the command line, transitively, never
// for a weak reference); duplicate strong definitions and undefined references are errors that
// name the files (and function) involved, all reported together; weak definitions yield to
// strong ones, undefined weak symbols are 0, common blocks merge; the entry symbol can come
// from an archive.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readArchive, writeArchive } from '../../../sim/toolchain/elf/archive';
import { readSections } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { link, symbolAddress, type LinkInput, type LinkResult } from '../../../sim/toolchain/link';
import { runQemu } from '../../support/qemu';
import { captureLinkError, compileText, objectName, writeElf } from './support';

/** Assembly for a function `name` that calls each of `calls`, then returns `value`. */
function fnSource(name: string, calls: readonly string[] = [], value = 0, extra = ''): string {
  return [
    '    .option norelax',
    '    .text',
    `    .globl ${name}`,
    `    .type ${name}, @function`,
    `${name}:`,
    '    addi sp, sp, -16',
    '    sw   ra, 12(sp)',
    ...calls.map((c) => `    call ${c}`),
    `    li   a0, ${value}`,
    '    lw   ra, 12(sp)',
    '    addi sp, sp, 16',
    '    ret',
    extra,
  ].join('\n');
}

const START = `    .option norelax\n    .text\n    .globl _start\n_start:\n    call main\n    li a7, 93\n    ecall\n`;

async function object(name: string, source: string, flags: readonly string[] = []): Promise<LinkInput> {
  const path = await compileText(name, source, flags);
  return { kind: 'object', object: readObject(readFileSync(path), objectName(path)) };
}

async function archive(name: string, members: readonly [string, string][]): Promise<LinkInput> {
  const files = await Promise.all(members.map(async ([member, source]) => ({ name: member.replace(/\.S$|\.c$/, '.o'), data: readFileSync(await compileText(member, source)) })));
  return { kind: 'archive', archive: readArchive(writeArchive(files, name), name) };
}

function files(result: LinkResult): readonly string[] {
  return result.map.files;
}

describe('archive members load on demand', () => {
  test('only needed members load; an unneeded member with undefined references causes no error', async () => {
    const lib = await archive('libx.a', [
      ['unused.S', fnSource('unused', ['nothing_defines_this'])],
      ['bar.S', fnSource('bar', [], 7)],
    ]);
    const result = link([await object('start.S', START), await object('main.S', fnSource('main', ['bar'])), lib]);
    expect(files(result)).toEqual(['start.o', 'main.o', 'libx.a(bar.o)']);
    expect((await runQemu(writeElf('ondemand.elf', result.executable))).status).toBe(0);
  });

  test('an archive before the object that needs it still supplies it, transitively across archives', async () => {
    const libB = await archive('libb.a', [['b.S', fnSource('b_fn', [], 3)]]);
    const libA = await archive('liba.a', [['a.S', fnSource('a_fn', ['b_fn'])]]);
    const result = link([libB, libA, await object('start.S', START), await object('main.S', fnSource('main', ['a_fn']))]);
    expect(files(result)).toEqual(['start.o', 'main.o', 'liba.a(a.o)', 'libb.a(b.o)']);
    expect(symbolAddress(result.map, 'b_fn')).toBeGreaterThan(0);
  });

  test('a weak reference does not load a member; the symbol is 0', async () => {
    const lib = await archive('libw.a', [['w.S', fnSource('weak_fn', [], 1)]]);
    const main = fnSource('main') + '\n    .weak weak_fn\n    .data\n    .globl slot\nslot:\n    .word weak_fn\n';
    const result = link([await object('start.S', START), await object('weakref.S', main), lib]);
    expect(files(result)).toEqual(['start.o', 'weakref.o']);
    const data = readSections(result.executable).find((s) => s.name === '.data')!;
    expect(new DataView(data.data.buffer, data.data.byteOffset).getUint32(0, true)).toBe(0);
  });

  test('the entry symbol is pulled out of an archive (a crt member)', async () => {
    const crt = await archive('libcrt.a', [['crt.S', START]]);
    const result = link([await object('main.S', fnSource('main')), crt]);
    expect(files(result)).toEqual(['main.o', 'libcrt.a(crt.o)']);
    expect(result.map.entry).toBe(symbolAddress(result.map, '_start'));
  });

  test('the first archive (in command-line order) that defines a symbol supplies it', async () => {
    const first = await archive('first.a', [['one.S', fnSource('shared_fn', [], 1)]]);
    const second = await archive('second.a', [['two.S', fnSource('shared_fn', [], 2)]]);
    const result = link([await object('start.S', START), await object('main.S', fnSource('main', ['shared_fn'])), first, second]);
    expect(files(result)).toContain('first.a(one.o)');
    expect(files(result)).not.toContain('second.a(two.o)');
  });
});

describe('resolution errors name the files involved', () => {
  test('duplicate strong definitions, including one from a loaded member', async () => {
    const lib = await archive('libdup.a', [['both.S', fnSource('needed_fn') + '\n' + fnSource('dup_fn').replace('.option norelax', '')]]);
    const inputs = [await object('start.S', START), await object('main.S', fnSource('main', ['needed_fn'])), await object('dup.S', fnSource('dup_fn')), lib];
    const message = captureLinkError(() => link(inputs)).message;
    expect(message).toContain("duplicate symbol 'dup_fn': defined in dup.o(.text+0x0) and in libdup.a(both.o)(.text+0x");
  });

  test('undefined references name the referencing object and function; all problems come together', async () => {
    const main = fnSource('main', ['helper']) + '\n' + fnSource('helper', ['missing_one', 'missing_two']).replace('.option norelax', '');
    const inputs = [await object('start.S', START), await object('undef.S', main), await object('dup.S', fnSource('helper'))];
    const error = captureLinkError(() => link(inputs));
    expect(error.problems).toEqual([
      "duplicate symbol 'helper': defined in undef.o(.text+0x20) and in dup.o(.text+0x0)",
      "undefined reference to 'missing_one' in undef.o(.text+0x28), function 'helper'",
      "undefined reference to 'missing_two' in undef.o(.text+0x30), function 'helper'",
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.message).toMatch(/^error: duplicate symbol/);
  });

  test('a missing entry symbol', async () => {
    const main = await object('main.S', fnSource('main'));
    const error = captureLinkError(() => link([main]));
    expect(error.problems).toContain("undefined entry symbol '_start' (the C runtime's start file defines it)");
  });
});

describe('weak and common symbols', () => {
  test('a strong definition beats a weak one, wherever it comes', async () => {
    const weak = fnSource('pick', [], 1).replace('    .globl pick', '    .weak pick');
    const result = link([await object('start.S', START), await object('weakdef.S', weak), await object('main.S', fnSource('main', ['pick'])), await object('strong.S', fnSource('pick', [], 2))]);
    const pick = result.map.symbols.find((s) => s.name === 'pick' && s.binding !== 'local');
    expect(pick).toMatchObject({ file: 'strong.o', binding: 'global' });
  });

  test('common blocks merge to the largest size and alignment; a real definition wins over them', async () => {
    const a = `int shared_block[4];\nint defined_here;\nint main(void) { return shared_block[0]; }\n`;
    const b = `__attribute__((aligned(64))) int shared_block[16];\nint defined_here = 5;\n`;
    const inputs = [await object('start.S', START), await object('common_a.c', a, ['-fcommon']), await object('common_b.c', b, ['-fcommon'])];
    const result = link(inputs);
    const block = result.map.symbols.find((s) => s.name === 'shared_block')!;
    expect(block).toMatchObject({ size: 64, section: '.bss', type: 'object' });
    expect(block.address % 64).toBe(0);
    expect(result.map.symbols.find((s) => s.name === 'defined_here')).toMatchObject({ section: '.data', file: 'common_b.o' });
  });
});
