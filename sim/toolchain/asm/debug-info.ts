// The compile unit that `debugLines` (like `llvm-mc -g`) adds for hand-written assembly, laid
// out as LLVM's MCGenDwarfInfo does: .debug_abbrev, a DWARF 4 .debug_info holding one
// DW_TAG_compile_unit (stmt_list, low/high pc or ranges, name, comp_dir, producer, language
// Mips_Assembler) with a DW_TAG_label child per non-temporary label in a code section,
// .debug_aranges, and .debug_ranges when code sits in more than one section. The line table
// itself is debug-line.ts. Compiler output (with `.loc`) brings its own .debug_info instead.

import type { AsmContext } from './context';
import { addDwarfFile } from './debug-line';
import { DwarfWriter, debugSection, flushWriter } from './dwarf-writer';
import type { AsmSymbol, SectionState } from './model';
import { sectionSymbol, temporaryHere } from './symbols';

const DW_TAG_compile_unit = 0x11;
const DW_TAG_label = 0x0a;
const DW_AT = { name: 0x03, stmt_list: 0x10, low_pc: 0x11, high_pc: 0x12, language: 0x13, comp_dir: 0x1b, producer: 0x25, decl_file: 0x3a, decl_line: 0x3b, ranges: 0x55 };
const DW_FORM = { addr: 0x01, data2: 0x05, data4: 0x06, string: 0x08, sec_offset: 0x17 };
const DW_LANG_Mips_Assembler = 0x8001;

/** -g: the source is file 1 of the line table. */
export function initGeneratedDebugInfo(ctx: AsmContext): void {
  if (ctx.debug.mode !== 'generate') return;
  addDwarfFile(ctx.debug, 1, '', ctx.options.file, null, null);
  ctx.debug.codeSections.push(ctx.current);
}

/** -g: executable sections entered with `.section` join the compile unit. */
export function noteCodeSection(ctx: AsmContext, section: SectionState): void {
  if (ctx.debug.mode !== 'generate' || !section.flags.exec || ctx.debug.codeSections.includes(section)) return;
  ctx.debug.codeSections.push(section);
}

/** -g: a label in a code section gets a DW_TAG_label (named without a leading underscore). */
export function recordLabelForDebug(ctx: AsmContext, symbol: AsmSymbol, line: number): void {
  const debug = ctx.debug;
  if (debug.mode !== 'generate' || !debug.codeSections.includes(ctx.current)) return;
  const name = symbol.name.startsWith('_') ? symbol.name.slice(1) : symbol.name;
  debug.labels.push({ name, line, symbol: temporaryHere(ctx, { line, col: 1 }) });
}

function abbreviations(ctx: AsmContext, ranges: boolean): DwarfWriter {
  const w = new DwarfWriter();
  const attr = (at: number, form: number) => (w.uleb(at), w.uleb(form));
  w.uleb(1);
  w.uleb(DW_TAG_compile_unit);
  w.u8(1); // has children
  attr(DW_AT.stmt_list, DW_FORM.sec_offset);
  if (ranges) attr(DW_AT.ranges, DW_FORM.sec_offset);
  else {
    attr(DW_AT.low_pc, DW_FORM.addr);
    attr(DW_AT.high_pc, DW_FORM.addr);
  }
  attr(DW_AT.name, DW_FORM.string);
  if (ctx.debug.compDir !== '') attr(DW_AT.comp_dir, DW_FORM.string);
  attr(DW_AT.producer, DW_FORM.string);
  attr(DW_AT.language, DW_FORM.data2);
  attr(0, 0);
  w.uleb(2);
  w.uleb(DW_TAG_label);
  w.u8(0);
  attr(DW_AT.name, DW_FORM.string);
  attr(DW_AT.decl_file, DW_FORM.data4);
  attr(DW_AT.decl_line, DW_FORM.data4);
  attr(DW_AT.low_pc, DW_FORM.addr);
  attr(0, 0);
  w.u8(0);
  return w;
}

/** -g: emits .debug_abbrev, .debug_info, .debug_aranges and (for several sections) .debug_ranges. */
export function emitGeneratedDebugInfo(ctx: AsmContext): void {
  const debug = ctx.debug;
  if (debug.mode !== 'generate') return;
  // Like llvm-mc, code sections that never got an instruction are left out.
  const sections = debug.codeSections.filter((s) => s.hasInstructions);
  if (sections.length === 0) return;
  const multiple = sections.length > 1;
  const abbrevSection = debugSection(ctx, '.debug_abbrev');
  const infoSection = debugSection(ctx, '.debug_info');
  const lineStart = ctx.symbols.get('.Lline_table_start0');

  const info = new DwarfWriter();
  info.u32(0); // unit_length, patched below
  info.u16(4);
  info.ref(sectionSymbol(ctx, abbrevSection), 0);
  info.u8(4);
  info.uleb(1);
  if (lineStart) info.ref(lineStart, 0);
  else info.u32(0);
  let rangesSection: SectionState | null = null;
  if (multiple) {
    rangesSection = debugSection(ctx, '.debug_ranges');
    info.ref(sectionSymbol(ctx, rangesSection), 0);
  } else {
    info.ref(sectionSymbol(ctx, sections[0]), 0);
    info.ref(sectionSymbol(ctx, sections[0]), sections[0].size);
  }
  const file = debug.files[1];
  info.string(debug.dirs.length > 0 ? `${debug.dirs[0]}/${file?.name ?? ''}` : file?.name ?? '');
  if (debug.compDir !== '') info.string(debug.compDir);
  info.string(ctx.options.producer ?? 'oslab as');
  info.u16(DW_LANG_Mips_Assembler);
  for (const label of debug.labels) {
    info.uleb(2);
    info.string(label.name);
    info.u32(1);
    info.u32(label.line);
    info.ref(label.symbol, 0);
  }
  info.u8(0);
  info.patch32(0, info.bytes.length - 4);

  const aranges = new DwarfWriter();
  aranges.u32(12 + 4 + 8 * sections.length + 8 - 4);
  aranges.u16(2);
  aranges.ref(sectionSymbol(ctx, infoSection), 0);
  aranges.u8(4);
  aranges.u8(0);
  aranges.u32(0); // padding to a multiple of twice the address size
  for (const section of sections) {
    const start = sectionSymbol(ctx, section);
    aranges.ref(start, 0);
    aranges.difference(4, start, section.size, start, 0);
  }
  aranges.u32(0);
  aranges.u32(0);

  flushWriter(ctx, infoSection, info);
  flushWriter(ctx, abbrevSection, abbreviations(ctx, multiple));
  flushWriter(ctx, debugSection(ctx, '.debug_aranges'), aranges);
  if (rangesSection) {
    // Per section: a base-address selection entry, then one range relative to it.
    const ranges = new DwarfWriter();
    for (const section of sections) {
      const start = sectionSymbol(ctx, section);
      ranges.u32(0xffffffff);
      ranges.ref(start, 0);
      ranges.u32(0);
      ranges.difference(4, start, section.size, start, 0);
    }
    ranges.u32(0);
    ranges.u32(0);
    flushWriter(ctx, rangesSection, ranges);
  }
}
