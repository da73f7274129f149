// Our DWARF reader against LLVM's view of the same executables (clang 14, DWARF 4 and 5, -O0 and
// -O1): every line-table header and row equals `llvm-dwarfdump --debug-line`; every DIE's
// offset, depth, tag, attribute names and values (types by name, locations, ranges, files)
// equals `llvm-dwarfdump --debug-info`; every unwind row equals `--debug-frame`; and for every
// instruction address the row and function we find equal what `llvm-symbolizer` reports.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSections } from '../../../sim/toolchain/elf/read';
import {
  DW_AT,
  DW_FORM,
  DW_TAG,
  attributeName,
  encodingName,
  formatExpression,
  languageName,
  lineFile,
  loadDebugInfo,
  tagName,
  registerName,
  typeName,
  type Attribute,
  type UnwindRow,
  type DebugInfo,
  type Die,
} from '../../../sim/toolchain/dwarf';
import { buildVariant, dwarfdump, symbolize, variants, type Variant } from './fixtures';
import { parseDebugFrame, parseDebugInfo, parseDebugLine, tokens, tokensMatch, type DumpDie, type DumpFde, type DumpLineTable } from './dwarfdump-text';

interface Prepared {
  elf: Uint8Array;
  info: DebugInfo;
  dies: DumpDie[];
  lines: DumpLineTable[];
  frames: DumpFde[];
  text: { addr: number; size: number };
  symbolized: ReturnType<typeof symbolize>;
}

const prepared = new Map<string, Prepared>();

beforeAll(() => {
  for (const v of variants) {
    const path = buildVariant(v);
    const elf = new Uint8Array(readFileSync(path));
    const text = readSections(elf).find((s) => s.name === '.text');
    if (!text) throw new Error('no .text');
    const addresses = Array.from({ length: text.size / 4 }, (_, i) => text.addr + 4 * i);
    prepared.set(v.name, {
      elf,
      info: loadDebugInfo(elf),
      dies: parseDebugInfo(dwarfdump(path, '--debug-info')),
      lines: parseDebugLine(dwarfdump(path, '--debug-line')),
      frames: parseDebugFrame(dwarfdump(path, '--debug-frame')),
      text: { addr: text.addr, size: text.size },
      symbolized: symbolize(path, addresses),
    });
  }
});

const typeTags: ReadonlySet<number> = new Set([
  DW_TAG.base_type,
  DW_TAG.pointer_type,
  DW_TAG.const_type,
  DW_TAG.volatile_type,
  DW_TAG.restrict_type,
  DW_TAG.atomic_type,
  DW_TAG.typedef,
  DW_TAG.array_type,
  DW_TAG.structure_type,
  DW_TAG.union_type,
  DW_TAG.enumeration_type,
  DW_TAG.subroutine_type,
]);

const exprAttrs: ReadonlySet<number> = new Set([
  DW_AT.location,
  DW_AT.frame_base,
  DW_AT.data_member_location,
  DW_AT.call_value,
  DW_AT.call_target,
  DW_AT.GNU_call_site_value,
  DW_AT.GNU_call_site_target,
]);

/** The references llvm-dwarfdump 14 follows to print a name. */
const namedRefs: ReadonlySet<number> = new Set([DW_AT.type, DW_AT.specification, DW_AT.abstract_origin]);

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Our value of an attribute, in a text whose tokens should equal llvm-dwarfdump's. */
function render(info: DebugInfo, die: Die, a: Attribute): string {
  const v = a.value;
  switch (a.name) {
    case DW_AT.decl_file:
    case DW_AT.call_file: {
      const table = info.dwarf.lineTable(die.unit);
      return `"${table ? lineFile(table, die.unsigned(a.name) ?? -1)?.path : '?'}"`;
    }
    case DW_AT.encoding:
      return encodingName(die.unsigned(a.name) ?? 0);
    case DW_AT.language:
      return languageName(die.unsigned(a.name) ?? 0);
    case DW_AT.inline:
      return ['DW_INL_not_inlined', 'DW_INL_inlined', 'DW_INL_declared_not_inlined', 'DW_INL_declared_inlined'][die.unsigned(a.name) ?? 0];
    case DW_AT.high_pc:
      return hex(die.pcRange()?.high ?? -1);
    case DW_AT.ranges:
      return die
        .ranges()
        .map((r) => `[${hex(r.low)}, ${hex(r.high)})`)
        .join('\n');
  }
  if (v.kind === 'block' && exprAttrs.has(a.name)) return formatExpression(v.bytes, die.unit.addressSize);
  if (exprAttrs.has(a.name) && (v.kind === 'secOffset' || v.kind === 'loclistx')) {
    return (die.locationList(a.name) ?? []).map((e) => `[${hex(e.low)}, ${hex(e.high)}): ${formatExpression(e.expr, die.unit.addressSize)}`).join('\n');
  }
  switch (v.kind) {
    case 'string':
    case 'strx':
      return `"${die.string(a.name)}"`;
    case 'address':
    case 'addrx':
      return hex(die.address(a.name) ?? -1);
    case 'constant':
      return String(a.form === DW_FORM.sdata ? die.signed(a.name) : die.unsigned(a.name));
    case 'flag':
      return String(v.value);
    case 'secOffset':
      return hex(v.value);
    case 'ref': {
      const target = die.ref(a.name);
      if (!target) return '?';
      if (!namedRefs.has(a.name)) return hex(target.offset);
      const name = typeTags.has(target.tag) ? typeName(info.types.type(target)) : target.inherited(DW_AT.name)?.name;
      return name === undefined ? hex(target.offset) : `${hex(target.offset)} "${name}"`;
    }
    default:
      return `<${v.kind}>`;
  }
}

/** An unwind row as llvm-dwarfdump prints it: "0x1112c: CFA=X2+16: X1=[CFA-4], X8=[CFA-8]". */
function renderRow(row: UnwindRow): string {
  const signed = (n: number): string => (n === 0 ? '' : n > 0 ? `+${n}` : `${n}`);
  const cfa = row.cfa.kind === 'register' ? `${registerName(row.cfa.register)}${signed(row.cfa.offset)}` : formatExpression(row.cfa.expr, 4);
  const rules = [...row.registers]
    .sort(([a], [b]) => a - b)
    .map(([reg, r]) => {
      const rule = r.kind === 'offset' ? `[CFA${signed(r.offset)}]` : r.kind === 'valOffset' ? `CFA${signed(r.offset)}` : r.kind === 'register' ? registerName(r.register) : r.kind;
      return `${registerName(reg)}=${rule}`;
    });
  return `0x${row.address.toString(16)}: CFA=${cfa}${rules.length > 0 ? `: ${rules.join(', ')}` : ''}`;
}

/** llvm-dwarfdump's value with list headers ("indexed (0x0) loclist = 0x…:") removed. */
function dumpValue(value: string): string {
  return value.replace(/^indexed \(0x[0-9a-f]+\) (loclist|rangelist) = 0x[0-9a-f]+:?\s*/, '').replace(/^0x[0-9a-f]+:?\s*\n/, '');
}

describe.each(variants.map((v) => [v.name, v] as [string, Variant]))('%s', (name) => {
  const p = (): Prepared => {
    const x = prepared.get(name);
    if (!x) throw new Error('fixture not prepared');
    return x;
  };

  it('line tables: headers and every row equal llvm-dwarfdump --debug-line', () => {
    const { info, lines } = p();
    const units = info.dwarf.compileUnits;
    expect(lines.length).toBe(units.length);
    for (const [i, unit] of units.entries()) {
      const ours = info.dwarf.lineTable(unit);
      const theirs = lines[i];
      expect(ours?.offset).toBe(theirs.offset);
      if (!ours) continue;
      expect(ours.version).toBe(theirs.version);
      // DWARF ≤ 4 headers list include directories from 1; llvm-dwarfdump prints only stored ones.
      expect(ours.includeDirs).toEqual(theirs.includeDirs);
      expect(
        ours.files.map((f, j) => ({ index: j + ours.firstFileIndex, name: f.name, dirIndex: f.dirIndex, md5: f.md5 && Buffer.from(f.md5).toString('hex') })),
      ).toEqual(theirs.files.map((f) => ({ ...f, md5: f.md5 })));
      const rows = ours.rows.map((r) => ({
        address: r.address,
        line: r.line,
        column: r.column,
        file: r.fileIndex,
        isa: r.isa,
        discriminator: r.discriminator,
        flags: [r.isStmt && 'is_stmt', r.basicBlock && 'basic_block', r.prologueEnd && 'prologue_end', r.epilogueBegin && 'epilogue_begin', r.endSequence && 'end_sequence'].filter(
          (f): f is string => typeof f === 'string',
        ),
      }));
      expect(rows).toEqual(theirs.rows.map((r) => ({ ...r, flags: [...r.flags] })));
      expect(rows.length).toBeGreaterThan(4);
    }
  });

  it('DIEs: offsets, nesting, tags, attribute names and values equal llvm-dwarfdump --debug-info', () => {
    const { info, dies } = p();
    const ours: { offset: number; depth: number; tag: string; die: Die }[] = [];
    for (const unit of info.dwarf.units) {
      for (const die of unit.dies) {
        let depth = 0;
        for (let d = die.parent; d; d = d.parent) depth++;
        ours.push({ offset: die.offset, depth, tag: tagName(die.tag), die });
      }
    }
    expect(ours.map(({ offset, depth, tag }) => ({ offset, depth, tag }))).toEqual(dies.map(({ offset, depth, tag }) => ({ offset, depth, tag })));
    let compared = 0;
    for (const [i, theirs] of dies.entries()) {
      const die = ours[i].die;
      expect(die.attributes.map((a) => attributeName(a.name)), `attributes of 0x${theirs.offset.toString(16)}`).toEqual(theirs.attrs.map((a) => a.name));
      for (const [j, a] of die.attributes.entries()) {
        const mine = tokens(render(info, die, a));
        const llvm = tokens(dumpValue(theirs.attrs[j].value));
        if (!tokensMatch(mine, llvm)) {
          expect(mine, `${attributeName(a.name)} of ${tagName(die.tag)} at 0x${die.offset.toString(16)}: "${theirs.attrs[j].value}"`).toEqual(llvm);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('call frame information: every FDE and unwind row equals llvm-dwarfdump --debug-frame', () => {
    const { info, frames } = p();
    const ours = info.callFrames.fdes.map((f) => ({ low: f.low, high: f.high, rows: f.rows.map(renderRow) }));
    expect(ours).toEqual([...frames].sort((a, b) => a.low - b.low));
    expect(ours.length).toBeGreaterThan(5);
  });

  it('lineForAddress and functionAt agree with llvm-symbolizer at every instruction', () => {
    const { info, text, symbolized } = p();
    let withLine = 0;
    for (const [i, sym] of symbolized.entries()) {
      const pc = text.addr + 4 * i;
      const row = info.lineForAddress(pc);
      const where = `at 0x${pc.toString(16)}`;
      if (sym.file === '??') {
        expect(row, where).toBeUndefined();
        continue;
      }
      withLine++;
      expect({ file: row?.file, line: row?.line, column: row?.column }, where).toEqual({ file: sym.file, line: sym.line, column: sym.column });
      const fn = info.functionAt(pc);
      // llvm-symbolizer falls back to the symbol table where DWARF has no subprogram (_start).
      if (fn) expect(fn.name, where).toBe(sym.fn);
      else expect(info.dwarf.compileUnits.find((u) => u.root.ranges().some((r) => pc >= r.low && pc < r.high))?.root.name, where).toBe('fixtures/start.S');
    }
    expect(withLine).toBe(symbolized.length);
  });
});
