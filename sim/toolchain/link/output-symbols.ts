// The executable's symbol table, so llvm-nm, llvm-objdump -d and the debugger see names: each
// file's STT_FILE and named local symbols (not `.L` temporaries or section symbols), then the
// resolved globals — the winning definition of each name, merged common blocks, linker-defined
// symbols and undefined weak references. As lld does, hidden globals become locals; so does a
// shared-library definition a program definition shadows (the library still uses its own).

import { SHN_ABS, SHN_UNDEF, STB_GLOBAL, STB_LOCAL, STB_WEAK, STV_DEFAULT, STV_HIDDEN } from '../elf/constants';
import { symbolType } from '../elf/write-object';
import type { ExecSymbol } from '../elf/write-exec';
import type { ObjSymbol } from '../object';
import type { Layout } from './layout';
import type { GlobalSymbol, InputFile, LinkContext, OutputSection, SymbolRef } from './model';
import { definedValue } from './resolve';
import type { LinkedSymbol } from './types';

export interface SymbolTables {
  /** For the ELF writer: locals first. */
  readonly elf: readonly ExecSymbol[];
  /** For the link map, in the same order. */
  readonly linked: readonly LinkedSymbol[];
}

interface Entry {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly local: boolean;
  readonly weak: boolean;
  readonly type: LinkedSymbol['type'];
  readonly output?: OutputSection;
  readonly file?: string;
  readonly undefined?: boolean;
  readonly hidden?: boolean;
}

export function buildSymbolTables(ctx: LinkContext, layout: Layout): SymbolTables {
  const locals: Entry[] = [];
  const globals: Entry[] = [];
  for (const file of ctx.files) collectLocals(file, locals);
  for (const global of ctx.globals.values()) {
    const shadowed = global.libraryDef && global.def && global.libraryDef !== global.def ? global.libraryDef : undefined;
    if (shadowed) pushDefinition(shadowed, global, locals, true);
    if (global.def) pushDefinition(global.def, global, symbolOf(global.def).hidden ? locals : globals, symbolOf(global.def).hidden === true);
    else if (global.linkerValue !== undefined) globals.push({ name: global.name, value: global.linkerValue, size: 0, local: false, weak: false, type: 'notype', ...(global.linkerSection ? { output: global.linkerSection } : {}) });
    else if (!global.strongRef) globals.push({ name: global.name, value: 0, size: 0, local: false, weak: true, type: 'notype', undefined: true });
  }
  const index = new Map(layout.sections.map((s, i) => [s, i + 1]));
  const all = [...locals, ...globals];
  return { elf: all.map((e) => toElf(e, index)), linked: all.filter((e) => !e.undefined).map(toLinked) };
}

function symbolOf(ref: SymbolRef): ObjSymbol {
  return ref.file.object.symbols[ref.index];
}

function collectLocals(file: InputFile, out: Entry[]): void {
  file.object.symbols.forEach((symbol, i) => {
    if (i === 0 || symbol.binding !== 'local' || symbol.type === 'section') return;
    if (symbol.type === 'file') {
      out.push({ name: symbol.name, value: 0, size: 0, local: true, weak: false, type: 'file', file: file.name });
      return;
    }
    if (symbol.name === '' || symbol.name.startsWith('.L')) return;
    const target = definedValue({ file, index: i });
    if (target.kind !== 'defined') return;
    out.push({ name: symbol.name, value: target.value, size: file.sizes[i], local: true, weak: false, type: linkedType(symbol), ...outputOf(file, symbol), file: file.name });
  });
}

function pushDefinition(def: SymbolRef, global: GlobalSymbol, out: Entry[], local: boolean): void {
  const symbol = symbolOf(def);
  const target = definedValue(def);
  if (target.kind !== 'defined') return;
  const common = symbol.section === 'common';
  const output = common ? global.commonPlacement?.output : outputOf(def.file, symbol).output;
  out.push({
    name: global.name,
    value: target.value,
    size: common ? global.commonSize : def.file.sizes[def.index],
    local,
    ...(symbol.hidden ? { hidden: true } : {}),
    weak: symbol.binding === 'weak',
    type: common ? 'object' : linkedType(symbol),
    ...(output ? { output } : {}),
    file: def.file.name,
  });
}

function outputOf(file: InputFile, symbol: ObjSymbol): { output?: OutputSection } {
  if (typeof symbol.section !== 'number') return {};
  const output = file.placements[symbol.section]?.output;
  return output ? { output } : {};
}

function linkedType(symbol: ObjSymbol): LinkedSymbol['type'] {
  return symbol.type === 'section' ? 'notype' : symbol.type;
}

function toElf(e: Entry, index: Map<OutputSection, number>): ExecSymbol {
  const shndx = e.undefined ? SHN_UNDEF : e.output ? (index.get(e.output) ?? SHN_ABS) : SHN_ABS;
  return {
    name: e.name,
    value: e.type === 'file' ? 0 : e.value,
    size: e.size,
    binding: e.local ? STB_LOCAL : e.weak ? STB_WEAK : STB_GLOBAL,
    type: symbolType(e.type),
    visibility: e.hidden ? STV_HIDDEN : STV_DEFAULT,
    shndx,
  };
}

function toLinked(e: Entry): LinkedSymbol {
  return {
    name: e.name,
    address: e.value >>> 0,
    size: e.size,
    binding: e.local ? 'local' : e.weak ? 'weak' : 'global',
    type: e.type,
    ...(e.output ? { section: e.output.name } : {}),
    ...(e.file ? { file: e.file } : {}),
  };
}
