// The reader's layers on hand-assembled DWARF, for what clang's output does not exercise: LEB128
// edge cases and DWARF64 rejection in the cursor; every line-program opcode (v4 with
// define_file and an unknown standard opcode, v5 with entry formats, line_strp and MD5); a
// DWARF 5 unit with strx/addrx bases, implicit_const, indirect and data16 forms; and the
// expression evaluator (branches, pieces, implicit and stack values, CFA, registers, memory).

import { describe, expect, it } from 'vitest';
import {
  DW_AT,
  DW_FORM,
  DW_LNCT,
  DW_OP,
  DW_TAG,
  DebugInfo,
  DwarfError,
  DwarfFile,
  EvalError,
  evaluateLocation,
  formatExpression,
  sectionsFrom,
  staticAddress,
  typeName,
  type EvalContext,
} from '../../../sim/toolchain/dwarf';
import { Cursor } from '../../../sim/toolchain/dwarf/cursor';
import { readLineTable } from '../../../sim/toolchain/dwarf/line';
import { bytes, cstr, sleb, u16, u32, u8, uleb, withLength } from './bytes';

describe('cursor', () => {
  it('reads LEB128 of every length, including beyond 32 bits', () => {
    const c = new Cursor(bytes(uleb(0), uleb(127), uleb(128), uleb(2 ** 35 + 3), sleb(-1), sleb(-64), sleb(63), sleb(-129), sleb(-(2 ** 40))), 'test');
    expect([c.uleb(), c.uleb(), c.uleb(), c.uleb(), c.sleb(), c.sleb(), c.sleb(), c.sleb(), c.sleb()]).toEqual([0, 127, 128, 2 ** 35 + 3, -1, -64, 63, -129, -(2 ** 40)]);
    expect(c.atEnd).toBe(true);
  });

  it('reports truncation, oversized values and unterminated strings as DwarfErrors with the offset', () => {
    expect(() => new Cursor(bytes([0x80, 0x80]), '.debug_x').uleb()).toThrow(/\.debug_x at 0x2: truncated/);
    expect(() => new Cursor(bytes(uleb(2n ** 60n)), '.debug_x').uleb()).toThrow(DwarfError);
    expect(() => new Cursor(bytes([0x61, 0x62]), '.debug_x').cstring()).toThrow(/unterminated string/);
    expect(() => new Cursor(bytes([1, 2]), '.debug_x').u32()).toThrow(/truncated/);
  });

  it('rejects DWARF64 and reserved unit lengths', () => {
    expect(() => new Cursor(bytes(u32(0xffffffff), u32(0), u32(0)), '.debug_info').initialLength('unit')).toThrow(/64-bit DWARF format/);
    expect(() => new Cursor(bytes(u32(0xfffffff0)), '.debug_info').initialLength('unit')).toThrow(/reserved length/);
    expect(() => new DwarfFile(sectionsFrom({ info: bytes(u32(0xffffffff), u32(20), u32(0), new Array<number>(20).fill(0)) }))).toThrow(/64-bit DWARF/);
  });
});

/** standard_opcode_lengths of opcodes 1–12. */
const stdLengths = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

describe('line programs', () => {
  it('run every standard, extended and special opcode of a DWARF 4 program', () => {
    const header = bytes(
      u8(1), // minimum_instruction_length
      u8(1), // maximum_operations_per_instruction
      u8(1), // default_is_stmt
      u8(-5), // line_base
      u8(14), // line_range
      u8(14), // opcode_base: one opcode beyond the standard twelve
      [...stdLengths, 2], // opcode 13 takes two ULEB operands
      cstr('inc'),
      u8(0),
      cstr('a.c'),
      uleb(0),
      uleb(0),
      uleb(0),
      cstr('b.h'),
      uleb(1),
      uleb(0),
      uleb(0),
      u8(0),
    );
    const program = bytes(
      [0, 5, 2, ...u32(0x1000)], // DW_LNE_set_address
      [20], // special: line +1, address +0
      [2, 4], // advance_pc 4
      [13, 0x81, 0x01, 5], // the unknown opcode, skipped by its declared operands
      [4, 2, 5, 7, 6, 1], // set_file 2, set_column 7, negate_stmt, copy
      [8], // const_add_pc: (255 - 14) / 14 = 17
      [9, ...u16(3)], // fixed_advance_pc 3
      [10, 11, 12, 3, 0, 2, 4, 9], // prologue_end, epilogue_begin, set_isa 3, set_discriminator 9
      [3, ...sleb(-1), 1], // advance_line -1, copy
      [0, 8, 3, ...cstr('c.c'), 1, 0, 0], // DW_LNE_define_file c.c in directory 1
      [4, 3, 2, 8, 0, 1, 1], // set_file 3, advance_pc 8, end_sequence
    );
    const line = withLength(u16(4), u32(header.length), header, program);
    const t = readLineTable(sectionsFrom({ line }), 0, { compDir: '/cd', addressSize: 4 });
    expect(t.files.map((f) => f.path)).toEqual(['/cd/a.c', '/cd/inc/b.h', '/cd/inc/c.c']);
    expect(t.rows.map((r) => [r.address, r.file, r.line, r.column, r.isStmt, r.prologueEnd, r.epilogueBegin, r.isa, r.discriminator, r.endSequence])).toEqual([
      [0x1000, '/cd/a.c', 2, 0, true, false, false, 0, 0, false],
      [0x1004, '/cd/inc/b.h', 2, 7, false, false, false, 0, 0, false],
      [0x1018, '/cd/inc/b.h', 1, 7, false, true, true, 3, 9, false],
      [0x1020, '/cd/inc/c.c', 1, 7, false, false, false, 3, 0, true],
    ]);
    expect(t.sequences).toHaveLength(1);
    expect(t.sequences[0]).toMatchObject({ low: 0x1000, high: 0x1020 });
  });

  it('read DWARF 5 headers: entry formats, line_strp paths, directory indices and MD5s', () => {
    const lineStr = bytes(cstr('x.c'), cstr('y.h'));
    const md5 = Array.from({ length: 16 }, (_, i) => i);
    const header = bytes(
      [1, 1, 1, ...u8(-5), 14, 13],
      stdLengths,
      [1, ...uleb(DW_LNCT.path), ...uleb(DW_FORM.string)],
      uleb(2),
      cstr('/cd'),
      cstr('sub'),
      [3, DW_LNCT.path, DW_FORM.line_strp, DW_LNCT.directory_index, DW_FORM.udata, DW_LNCT.MD5, DW_FORM.data16],
      uleb(2),
      u32(0),
      uleb(0),
      md5,
      u32(4),
      uleb(1),
      md5,
    );
    const program = bytes([0, 5, 2, ...u32(0x2000)], [4, 1, 19], [2, 4], [0, 1, 1]); // special 19: line +1
    const line = withLength(u16(5), [4, 0], u32(header.length), header, program);
    const t = readLineTable(sectionsFrom({ line, lineStr }), 0, { compDir: '', addressSize: 4 });
    expect(t.includeDirs).toEqual(['/cd', 'sub']);
    expect(t.files.map((f) => [f.name, f.dirIndex, f.path, f.md5?.length])).toEqual([
      ['x.c', 0, '/cd/x.c', 16],
      ['y.h', 1, '/cd/sub/y.h', 16],
    ]);
    expect(t.rows.map((r) => [r.address, r.fileIndex, r.file, r.line])).toEqual([
      [0x2000, 1, '/cd/sub/y.h', 2],
      [0x2004, 1, '/cd/sub/y.h', 2],
    ]);
  });

  it('reject corrupt programs with the offending offset', () => {
    const header = bytes([1, 1, 1, ...u8(-5), 14, 13], stdLengths, [0], cstr('a.c'), [0, 0, 0, 0]);
    const bad = (program: number[], version = 4): (() => unknown) => {
      const line = withLength(u16(version), u32(header.length), header, program);
      return () => readLineTable(sectionsFrom({ line }), 0, { compDir: '', addressSize: 4 });
    };
    expect(bad([4, 7, 1])).toThrow(/names file 7/);
    expect(bad([0, 0])).toThrow(/extended opcode with length 0/);
    expect(bad([0, 9, 2, 1])).toThrow(/runs past the end/);
    expect(bad([1], 9)).toThrow(/version 9/);
  });
});

describe('a hand-built DWARF 5 unit', () => {
  const abbrev = bytes(
    [1, DW_TAG.compile_unit, 1],
    [DW_AT.name, DW_FORM.strx1, DW_AT.str_offsets_base, DW_FORM.sec_offset, DW_AT.addr_base, DW_FORM.sec_offset],
    [DW_AT.low_pc, DW_FORM.addrx, DW_AT.high_pc, DW_FORM.data4, 0, 0],
    [2, DW_TAG.base_type, 0, DW_AT.name, DW_FORM.string, DW_AT.byte_size, DW_FORM.implicit_const, ...sleb(4), DW_AT.encoding, DW_FORM.data1, 0, 0],
    [3, DW_TAG.variable, 0, DW_AT.name, DW_FORM.indirect, DW_AT.type, DW_FORM.ref_udata, DW_AT.location, DW_FORM.exprloc],
    [DW_AT.external, DW_FORM.flag_present, DW_AT.const_value, DW_FORM.data16, 0, 0],
    [4, DW_TAG.typedef, 0, DW_AT.name, DW_FORM.string, DW_AT.type, DW_FORM.ref4, 0, 0],
    [0],
  );
  const str = bytes(cstr('cu.c'));
  const strOffsets = withLength(u16(5), u16(0), u32(0));
  const addr = withLength(u16(5), [4, 0], u32(0x1000), u32(0x2000));
  const dies = (extra: number[] = []): Uint8Array =>
    bytes(
      [1, 0, ...u32(8), ...u32(8), ...uleb(0), ...u32(0x100)],
      [2, ...cstr('int'), 5],
      [3, ...uleb(DW_FORM.string), ...cstr('g'), ...uleb(27), 2, DW_OP.addrx, 1, ...new Array<number>(16).fill(7)],
      extra,
      [0],
    );
  const unit = (extra?: number[]): Uint8Array => withLength(u16(5), [1, 4], u32(0), dies(extra));
  const file = (extra?: number[]): DwarfFile => new DwarfFile(sectionsFrom({ info: unit(extra), abbrev, str, strOffsets, addr }));

  it('decodes strx, addrx, implicit_const, indirect, ref_udata, exprloc and data16 attributes', () => {
    const f = file();
    const [cu] = f.units;
    expect(cu.root.name).toBe('cu.c');
    expect(cu.root.pcRange()).toEqual({ low: 0x1000, high: 0x1100 });
    const [, int, g] = cu.dies;
    expect([int.offset, int.name, int.unsigned(DW_AT.byte_size), int.unsigned(DW_AT.encoding)]).toEqual([27, 'int', 4, 5]);
    expect(g.ref(DW_AT.type)).toBe(int);
    expect(g.attr(DW_AT.name)).toEqual({ name: DW_AT.name, form: DW_FORM.string, value: { kind: 'string', value: 'g' } }); // through DW_FORM_indirect
    expect(g.flag(DW_AT.external)).toBe(true);
    expect(g.attr(DW_AT.const_value)?.value).toEqual({ kind: 'data16', bytes: new Uint8Array(16).fill(7) });
    const info = new DebugInfo(f);
    expect(info.globals().map((v) => [v.name, typeName(v.type), v.address, v.storage])).toEqual([['g', 'int', 0x2000, 'global']]);
  });

  it('rejects unknown abbreviation codes, dangling references and typedef cycles', () => {
    expect(() => file([9]).units[0].dies).toThrow(/abbreviation code 9/);
    const dangling = new DebugInfo(file([4, ...cstr('t'), ...u32(0x500)]));
    expect(() => dangling.check()).not.toThrow(); // nothing refers to the typedef yet…
    expect(() => dangling.types.type(dangling.dwarf.units[0].dies[3])).toThrow(/refers to 0x500, where there is no DIE/);
    const cycle = new DebugInfo(file([4, ...cstr('t'), ...u32(57)]));
    expect(() => cycle.types.type(cycle.dwarf.units[0].dies[3])).toThrow(/refers to itself/);
  });
});

describe('expressions', () => {
  const regs = new Map([
    [2, 0x100],
    [10, 42],
  ]);
  const memory = new Map([[0x7ff4, bytes(u32(0xdeadbeef))]]);
  const ctx: EvalContext = {
    addressSize: 4,
    machine: { readRegister: (n) => regs.get(n) ?? 0, readMemory: (a, size) => memory.get(a)?.subarray(0, size) },
    frameBase: () => 0x8000,
    cfa: () => 0x9000,
    addressAt: (i) => 0x4000 + 4 * i,
  };
  const evaluate = (...parts: number[][]): ReturnType<typeof evaluateLocation> => evaluateLocation(bytes(...parts), ctx);
  const bra = (cond: number): ReturnType<typeof evaluateLocation> =>
    evaluate([DW_OP.lit0 + cond, DW_OP.bra, ...u16(4), DW_OP.lit0 + 7, DW_OP.skip, ...u16(1), DW_OP.lit0 + 9, DW_OP.stack_value]);

  it('locate variables the way clang -O0 describes them', () => {
    expect(evaluate([DW_OP.fbreg, ...sleb(-12)])).toEqual({ kind: 'memory', address: 0x7ff4 });
    expect(evaluate([DW_OP.breg0 + 2, ...sleb(16)])).toEqual({ kind: 'memory', address: 0x110 });
    expect(evaluate([DW_OP.reg0 + 10])).toEqual({ kind: 'register', register: 10 });
    expect(evaluate([DW_OP.addr, ...u32(0x12650)])).toEqual({ kind: 'memory', address: 0x12650 });
    expect(evaluate([DW_OP.addrx, ...uleb(2)])).toEqual({ kind: 'memory', address: 0x4008 });
    expect(evaluate([DW_OP.call_frame_cfa, DW_OP.plus_uconst, ...uleb(8)])).toEqual({ kind: 'memory', address: 0x9008 });
    expect(evaluate([])).toEqual({ kind: 'unavailable' });
  });

  it('compute with the stack: arithmetic, signed division, memory, branches', () => {
    expect(evaluate([DW_OP.lit0 + 3, DW_OP.lit0 + 4, DW_OP.mul, DW_OP.stack_value])).toEqual({ kind: 'value', value: 12 });
    expect(evaluate([DW_OP.const1s, ...u8(-6), DW_OP.lit0 + 2, DW_OP.div, DW_OP.stack_value])).toEqual({ kind: 'value', value: 0xfffffffd });
    expect(evaluate([DW_OP.fbreg, ...sleb(-12), DW_OP.deref, DW_OP.stack_value])).toEqual({ kind: 'value', value: 0xdeadbeef });
    expect(evaluate([DW_OP.lit0 + 5, DW_OP.lit0 + 1, DW_OP.swap, DW_OP.minus, DW_OP.stack_value])).toEqual({ kind: 'value', value: 0xfffffffc });
    expect(bra(0)).toEqual({ kind: 'value', value: 7 });
    expect(bra(1)).toEqual({ kind: 'value', value: 9 });
  });

  it('describe split and storage-less objects', () => {
    expect(evaluate([DW_OP.reg0 + 10, DW_OP.piece, 4, DW_OP.fbreg, ...sleb(-8), DW_OP.piece, 4])).toEqual({
      kind: 'pieces',
      pieces: [
        { location: { kind: 'register', register: 10 }, sizeBits: 32, offsetBits: 0 },
        { location: { kind: 'memory', address: 0x7ff8 }, sizeBits: 32, offsetBits: 0 },
      ],
    });
    expect(evaluate([DW_OP.implicit_value, 2, 0x34, 0x12])).toEqual({ kind: 'implicit', bytes: bytes([0x34, 0x12]) });
  });

  it('fail clearly: loops, unreadable memory, unsupported operations, stack underflow', () => {
    expect(() => evaluate([DW_OP.skip, ...u16(-3)])).toThrow(/did not finish/);
    expect(() => evaluate([DW_OP.lit0, DW_OP.deref])).toThrow(/memory at 0x0 is not readable/);
    expect(() => evaluate([DW_OP.entry_value, 1, DW_OP.reg0 + 10])).toThrow(EvalError);
    expect(() => evaluate([DW_OP.plus])).toThrow(/empty stack/);
    expect(() => evaluate([0xee])).toThrow(/unknown operation 0xee/);
    expect(() => evaluate([DW_OP.reg0 + 10, DW_OP.lit0])).toThrow(/after a register/);
  });

  it('print as llvm-dwarfdump does, and find static addresses without a machine', () => {
    expect(formatExpression(bytes([DW_OP.breg0 + 2, ...sleb(16)], [DW_OP.fbreg, ...sleb(-12)], [DW_OP.addrx, 1], [DW_OP.consts, 0]), 4)).toBe(
      'DW_OP_breg2 X2+16, DW_OP_fbreg -12, DW_OP_addrx 0x1, DW_OP_consts +0',
    );
    expect(staticAddress(bytes([DW_OP.addr, ...u32(0x1234)]), 4, () => 0)).toBe(0x1234);
    expect(staticAddress(bytes([DW_OP.addrx, 3]), 4, (i) => i * 100)).toBe(300);
    expect(staticAddress(bytes([DW_OP.fbreg, 8]), 4, () => 0)).toBeUndefined();
  });
});
