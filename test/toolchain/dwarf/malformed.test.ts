// Corrupt DWARF must give a clear error (DwarfError, or ElfError for a broken section table),
// never a raw exception, a hang or a stack overflow. A seeded mutator damages the debug sections
// of the clang fixtures (byte changes, spliced runs, truncated sections) and every query the
// debugger makes is run on each result. A failure prints the seed and mutation to replay. Hand-built
// hostile shapes (very deep nesting, long type chains, cyclic function types) check the bounds.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ElfError, readSections } from '../../../sim/toolchain/elf/read';
import { DW_AT, DW_FORM, DW_OP, DW_TAG, DebugInfo, DwarfError, DwarfFile, loadDebugInfo, sectionsFrom, typeName, type Frame, type Variable } from '../../../sim/toolchain/dwarf';
import { bytes, cstr, u16, u32, u8, withLength } from './bytes';
import { buildVariant, variants } from './fixtures';

const elfs = new Map<string, Uint8Array>();

beforeAll(() => {
  for (const v of variants) elfs.set(v.name, new Uint8Array(readFileSync(buildVariant(v))));
});

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const debugSectionNames = ['.debug_info', '.debug_abbrev', '.debug_line', '.debug_str', '.debug_line_str', '.debug_str_offsets', '.debug_addr', '.debug_rnglists', '.debug_ranges', '.debug_loclists', '.debug_loc', '.debug_frame'];

/** Damages one debug section of a copy of `elf`; returns the copy and what was done. */
function mutate(elf: Uint8Array, seed: number): { bytes: Uint8Array; what: string } {
  const rand = prng(seed);
  const out = elf.slice();
  const sections = readSections(elf).filter((s) => debugSectionNames.includes(s.name) && s.size > 0);
  const s = sections[rand(sections.length)];
  const kind = rand(10);
  if (kind === 0) {
    // Truncate the section by rewriting sh_size in its header.
    const view = new DataView(out.buffer);
    const shoff = view.getUint32(32, true);
    const size = rand(s.size);
    view.setUint32(shoff + s.index * 40 + 20, size, true);
    return { bytes: out, what: `truncate ${s.name} to ${size}` };
  }
  if (kind === 1) {
    const len = 1 + rand(16);
    const from = s.offset + rand(s.size);
    const to = s.offset + rand(s.size);
    out.copyWithin(to, from, Math.min(from + len, s.offset + s.size));
    return { bytes: out.subarray(0, elf.length), what: `copy ${len} bytes of ${s.name} from +${from - s.offset} to +${to - s.offset}` };
  }
  const changes: string[] = [];
  for (let n = 1 + rand(4); n > 0; n--) {
    const at = s.offset + rand(s.size);
    const values = [0x00, 0xff, 0x80, 0x7f, out[at] ^ (1 << rand(8)), out[at] + 1, rand(256)];
    out[at] = values[rand(values.length)] & 0xff;
    changes.push(`+${at - s.offset}=0x${out[at].toString(16)}`);
  }
  return { bytes: out, what: `${s.name} ${changes.join(' ')}` };
}

/** A stopped frame with plausible registers and zero-filled memory. */
const frame = (pc: number): Frame => ({ pc, readRegister: (n) => (n === 8 ? 0x7fff0000 : 0x1000 * n), readMemory: (_a, size) => new Uint8Array(size) });

type Outcome = 'ok' | 'error';

/** Runs one query; a DwarfError (EvalError included) or ElfError is the allowed failure. */
function query(f: () => unknown): Outcome {
  try {
    f();
    return 'ok';
  } catch (e) {
    if ((e instanceof DwarfError || e instanceof ElfError) && e.message.length > 10) return 'error';
    throw e;
  }
}

/** Every question the debugger asks, each allowed to fail only with a clear error. */
function exercise(bytes: Uint8Array): Outcome[] {
  const outcomes: Outcome[] = [];
  let info: ReturnType<typeof loadDebugInfo> | undefined;
  outcomes.push(query(() => (info = loadDebugInfo(bytes))));
  const d = info;
  if (!d) return outcomes;
  outcomes.push(query(() => d.check()));
  const text = readSections(bytes).find((s) => s.name === '.text');
  const pcs = text ? Array.from({ length: text.size / 32 }, (_, i) => text.addr + 32 * i) : [];
  for (const pc of pcs) {
    outcomes.push(query(() => d.lineForAddress(pc)));
    outcomes.push(
      query(() => {
        for (const scope of d.scopesAt(pc)) for (const v of scope.variables) locateAndName(d, v, pc);
      }),
    );
  }
  outcomes.push(
    query(() => {
      for (const file of d.sourceFiles()) for (const line of d.lines.linesWithCode(file)) d.addressesForLine(file, line);
    }),
  );
  outcomes.push(query(() => d.globals().forEach((g) => locateAndName(d, g, 0))));
  outcomes.push(query(() => d.functions().forEach((f) => d.frameBase(f, frame(f.bodyStart)))));
  outcomes.push(query(() => pcs.forEach((pc) => d.unwind(frame(pc)))));
  return outcomes;
}

function locateAndName(d: ReturnType<typeof loadDebugInfo>, v: Variable, pc: number): void {
  typeName(v.type);
  query(() => d.locate(v, frame(pc)));
}

describe.each(variants.map((v) => [v.name]))('%s', (name) => {
  it('the unmutated program answers every query without error', () => {
    const outcomes = exercise(elfs.get(name) ?? new Uint8Array());
    expect(outcomes.filter((o) => o === 'error')).toEqual([]);
  });

  it('120 seeded mutations of its debug sections give clear errors, never exceptions or hangs', () => {
    const elf = elfs.get(name) ?? new Uint8Array();
    let failing = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { bytes, what } = mutate(elf, seed * 7919 + name.length);
      const started = Date.now();
      let outcomes: Outcome[];
      try {
        outcomes = exercise(bytes);
      } catch (e) {
        throw new Error(`seed ${seed} (${what}): ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e)}`);
      }
      expect(Date.now() - started, `seed ${seed} (${what}) is slow`).toBeLessThan(2000);
      if (outcomes.includes('error')) failing++;
    }
    // The mutations must bite: many damaged files are rejected somewhere.
    expect(failing).toBeGreaterThan(25);
  });
});

describe('hostile shapes', () => {
  const abbrev = bytes(
    [1, DW_TAG.compile_unit, 1, DW_AT.name, DW_FORM.string, 0, 0],
    [2, DW_TAG.pointer_type, 0, DW_AT.type, DW_FORM.ref4, 0, 0],
    [3, DW_TAG.lexical_block, 1, 0, 0],
    [4, DW_TAG.subprogram, 1, DW_AT.name, DW_FORM.string, DW_AT.low_pc, DW_FORM.addr, DW_AT.high_pc, DW_FORM.data4, 0, 0],
    [5, DW_TAG.subroutine_type, 1, DW_AT.type, DW_FORM.ref4, 0, 0],
    [6, DW_TAG.formal_parameter, 0, DW_AT.type, DW_FORM.ref4, 0, 0],
    [7, DW_TAG.variable, 0, DW_AT.name, DW_FORM.string, DW_AT.type, DW_FORM.ref4, DW_AT.location, DW_FORM.exprloc, 0, 0],
    [0],
  );
  /** A DWARF 4 unit (header 11 bytes, so its root DIE is at 11 and the root's first child at 14). */
  const program = (...children: number[][]): DebugInfo =>
    new DebugInfo(new DwarfFile(sectionsFrom({ abbrev, info: withLength(u16(4), u32(0), u8(4), [1, ...cstr('c')], ...children, [0]) })));
  /** A global `v` (13 bytes, at 14) of the type at `type`. */
  const variable = (type: number): number[] => [7, ...cstr('v'), ...u32(type), 5, DW_OP.addr, ...u32(0x1000)];

  it('DIEs nested thousands deep', () => {
    const d = program(new Array<number>(5000).fill(3));
    expect(() => d.dwarf.units[0].dies).toThrow(/nested more than 512 deep/);
  });

  it('a pointer chain thousands long', () => {
    const chain = Array.from({ length: 3000 }, (_, i) => [2, ...u32(27 + 5 * (i + 1))]).flat();
    expect(() => program(variable(27), chain, [2, ...u32(27)]).check()).toThrow(/type chain deeper than 200/);
  });

  it('a function type whose parameters point back at it', () => {
    const d = program(variable(27), [2, ...u32(32)], [5, ...u32(27)], [6, ...u32(27)], [6, ...u32(27)], [0]);
    d.check();
    const name = typeName(d.globals()[0].type);
    expect(name).toContain('(*)(');
    expect(name.length).toBeLessThan(20_000);
  });

  it('lexical blocks nested hundreds deep', () => {
    const d = program([4, ...cstr('f'), ...u32(0x1000), ...u32(0x100)], new Array<number>(300).fill(3), new Array<number>(300).fill(0), [0]);
    expect(() => d.functions()).toThrow(/lexical blocks nested more than 256 deep/);
  });
});
