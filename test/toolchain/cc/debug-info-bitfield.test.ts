// Bit-fields under -g: each member must carry the storage unit, width and bit offset clang 14
// gives the same declarations (its DWARF 2 form, DW_AT_bit_offset from the unit's top bit, even
// with -gdwarf-4), pass llvm-dwarfdump --verify, and read back through oslab's DWARF reader at
// the bit positions the compiled code actually uses.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import { compileToAssembly } from '../../../sim/toolchain/cc';
import { loadDebugInfo, stripTypedefs } from '../../../sim/toolchain/dwarf';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { link } from '../../../sim/toolchain/link';
import { clangObject, dwarfdump, scratchPath, verifyProblems } from './debug-info-support';

const SOURCE = `struct pte { unsigned v : 1, r : 1, w : 1, x : 1, u : 1; unsigned ppn : 22; };
struct mixed { char tag; int small : 3; long long big : 40; short s : 9; _Bool flag : 1; unsigned : 0; signed char c : 5; };
union either { unsigned low : 4; int whole; };
struct pte table;
struct mixed mixed;
union either either;
int main(void) { table.ppn = 5; mixed.s = -2; return 0; }
`;

const START = '\t.globl\t_start\n_start:\n\tcall\tmain\n\tli\ta7, 93\n\tecall\n';

/** Every DW_TAG_member as `name byte_size bit_size bit_offset data_member_location` (numbers in decimal, whatever the form). */
function memberRows(path: string): string[] {
  return dwarfdump(path, '--debug-info')
    .split(/\n\s*\n/)
    .filter((entry) => /DW_TAG_member/.test(entry))
    .map((entry) => ['name', 'byte_size', 'bit_size', 'bit_offset', 'data_member_location']
      .map((attr) => new RegExp(`DW_AT_${attr}\\t\\(([^)]*)\\)`).exec(entry)?.[1] ?? '-')
      .map((value) => (/^(0x)?[0-9a-f]+$/.test(value) ? String(Number(value)) : value))
      .join(' '));
}

function compile(): { objectPath: string; executable: Uint8Array } {
  const { assembly } = compileToAssembly({ file: 'bits.c', text: SOURCE, debug: true, compDir: '/work', host: { readFile: () => null } });
  const object = assemble(assembly, { file: 'bits.c' }).object;
  const objectPath = scratchPath('bits.o');
  writeFileSync(objectPath, writeObject(object));
  const start = assemble(START, { file: 'start.s' }).object;
  const { executable } = link([{ kind: 'object', object: start }, { kind: 'object', object }], {});
  return { objectPath, executable };
}

describe('bit-fields in DWARF', () => {
  const built = compile();

  it('describes every member as clang -gdwarf-4 does, and passes --verify', () => {
    const ours = memberRows(built.objectPath);
    expect(ours).toContain('"ppn" 4 22 5 0');
    expect(ours).toContain('"big" 8 40 13 0');
    expect(ours).toEqual(memberRows(clangObject(SOURCE, 'bits')));
    expect(verifyProblems(built.objectPath)).toBe('');
  });

  it('reads back through oslab’s reader at the bits the code uses', () => {
    const debug = loadDebugInfo(built.executable);
    const members = (name: string) => {
      const global = debug.globals().find((g) => g.name === name);
      const type = global && stripTypedefs(global.type);
      if (!type || (type.kind !== 'struct' && type.kind !== 'union')) throw new Error(`${name} is not a record`);
      return Object.fromEntries(type.members.map((m) => [m.name, [m.offset, m.bitOffset, m.bitSize]]));
    };
    expect(members('table')).toMatchObject({ v: [0, 0, 1], u: [0, 4, 1], ppn: [0, 5, 22] });
    expect(members('mixed')).toMatchObject({ tag: [1 - 1, undefined, undefined], small: [1, 0, 3], big: [1, 3, 40], s: [6, 3, 9], flag: [7, 4, 1], c: [8, 0, 5] });
    expect(members('either')).toMatchObject({ low: [0, 0, 4], whole: [0, undefined, undefined] });
  });
});
