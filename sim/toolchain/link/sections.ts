// Output sections: which output section each input section joins, by name and flags as ld.lld's
// default rules do — `.text*` → .text, `.rodata*`/`.srodata*` → .rodata, `.data*`/`.sdata*` →
// .data, `.bss*`/`.sbss*`/COMMON → .bss, `.debug_*` concatenated into non-loaded sections of the
// same name, one `.riscv.attributes` kept, everything else non-loaded (.comment,
// .note.GNU-stack) dropped. Other loaded sections (`.init_array`, `.eh_frame`, custom names)
// keep their names as "orphans" beside the class their flags put them in. The small-data inputs
// (.sdata, .sbss) are kept adjacent — .sdata last in .data, .sbss first in .bss — so that
// __global_pointer$ can reach both. Shared-library inputs get their own output sections.

import { SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_WRITE, SHT_NOBITS } from '../elf/read';
import { elfSectionType } from '../elf/write-object';
import { isPowerOfTwo } from '../elf/emit';
import type { ObjSection } from '../object';
import type { GlobalSymbol, LinkContext, OutputSection, Piece, SectionClass } from './model';

interface Route {
  readonly cls: SectionClass;
  readonly name: string;
  /** Sort key within the output section (stable: ties keep input order). */
  readonly rank: number;
}

/** An ordered set of output sections, looked up by name. */
export class OutputSections {
  readonly list: OutputSection[] = [];
  private readonly byName = new Map<string, OutputSection>();

  get(name: string): OutputSection | undefined {
    return this.byName.get(name);
  }

  obtain(name: string, canonical: string, cls: SectionClass, library: boolean, type: number): OutputSection {
    let section = this.byName.get(name);
    if (!section) {
      section = { name, canonical, cls, library, type, flags: classFlags(cls), entsize: 0, pieces: [], align: 1, size: 0, address: 0, fileOffset: 0, data: new Uint8Array(0) };
      this.byName.set(name, section);
      this.list.push(section);
    }
    return section;
  }
}

/** Places every kept input section and common block in an output section (offsets not yet assigned). */
export function assignSections(ctx: LinkContext, libraryName: string): OutputSections {
  const outputs = new OutputSections();
  const ranks = new Map<Piece, number>();
  const debugFlags = new Map<OutputSection, { flags: number; entsize: number }>();
  for (const file of ctx.files) {
    file.sections.forEach((section, index) => {
      const route = routeOf(section);
      if (!route) return;
      if (route.cls === 'attributes' && outputs.get(route.name)) return;
      const name = file.library && isLoaded(route.cls) ? `.${libraryName}${route.name}` : route.name;
      const output = outputs.obtain(name, route.name, route.cls, file.library && isLoaded(route.cls), route.cls === 'bss' ? SHT_NOBITS : elfSectionType(section));
      const small = matches(section.name, '.sdata') || matches(section.name, '.sbss');
      const piece: Piece = { file, index, size: section.size, align: section.align, offset: 0, ...(small ? { small } : {}) };
      output.pieces.push(piece);
      ranks.set(piece, route.rank);
      file.placements[index] = { output, piece };
      if (route.cls === 'debug') debugFlags.set(output, mergeDebugFlags(debugFlags.get(output), section));
    });
  }
  addCommonBlocks(ctx, outputs, libraryName);
  for (const output of outputs.list) {
    output.pieces.sort((a, b) => (ranks.get(a) ?? 2) - (ranks.get(b) ?? 2));
    output.align = output.pieces.reduce((a, p) => Math.max(a, p.align), 1);
  }
  return withDebugFlags(outputs, debugFlags);
}

function isLoaded(cls: SectionClass): boolean {
  return cls !== 'debug' && cls !== 'attributes';
}

function classFlags(cls: SectionClass): number {
  switch (cls) {
    case 'text':
      return SHF_ALLOC | SHF_EXECINSTR;
    case 'rodata':
      return SHF_ALLOC;
    case 'data':
    case 'bss':
      return SHF_ALLOC | SHF_WRITE;
    default:
      return 0;
  }
}

function matches(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}.`);
}

/** The output section an input section joins, or undefined when it is dropped. */
export function routeOf(section: ObjSection): Route | undefined {
  const name = section.name;
  if (!section.flags.alloc) {
    if (name.startsWith('.debug_')) return { cls: 'debug', name, rank: 0 };
    if (section.type === 'riscv-attributes') return { cls: 'attributes', name: '.riscv.attributes', rank: 0 };
    return undefined;
  }
  if (section.type === 'nobits') return { cls: 'bss', name: '.bss', rank: matches(name, '.sbss') ? 0 : 1 };
  if (section.flags.exec) return { cls: 'text', name: matches(name, '.text') ? '.text' : name, rank: 0 };
  if (section.flags.write) return writableRoute(name);
  const rodata = matches(name, '.rodata') || matches(name, '.srodata');
  return { cls: 'rodata', name: rodata ? '.rodata' : name, rank: 0 };
}

function writableRoute(name: string): Route {
  if (matches(name, '.data')) return { cls: 'data', name: '.data', rank: 0 };
  if (matches(name, '.sdata')) return { cls: 'data', name: '.data', rank: 1 };
  for (const array of ['.preinit_array', '.init_array', '.fini_array']) {
    // .init_array.N runs in priority order N, the plain section (priority 65535) last.
    if (matches(name, array)) return { cls: 'data', name: array, rank: name === array ? 65535 : Number(name.slice(array.length + 1)) || 0 };
  }
  return { cls: 'data', name, rank: 0 };
}

function mergeDebugFlags(current: { flags: number; entsize: number } | undefined, section: ObjSection): { flags: number; entsize: number } {
  const flags = (section.flags.merge ? SHF_MERGE : 0) | (section.flags.strings ? SHF_STRINGS : 0);
  const entsize = section.entsize ?? 0;
  if (!current) return { flags, entsize };
  return current.flags === flags && current.entsize === entsize ? current : { flags: 0, entsize: 0 };
}

/** Debug output sections keep SHF_MERGE|SHF_STRINGS when every input had them (.debug_str). */
function withDebugFlags(outputs: OutputSections, debugFlags: Map<OutputSection, { flags: number; entsize: number }>): OutputSections {
  for (const [output, extra] of debugFlags) {
    output.flags = extra.flags;
    output.entsize = extra.entsize;
  }
  return outputs;
}

/** Each common symbol that won resolution becomes a zeroed block at the end of (.libc).bss. */
function addCommonBlocks(ctx: LinkContext, outputs: OutputSections, libraryName: string): void {
  const blocks = new Set<GlobalSymbol>();
  for (const global of ctx.globals.values()) {
    for (const def of [global.def, global.libraryDef]) {
      if (def?.kind !== 'common' || blocks.has(global)) continue;
      blocks.add(global);
      if (!isPowerOfTwo(global.commonAlign)) {
        ctx.problems.push(`common symbol '${global.name}' in ${def.file.name} has alignment ${global.commonAlign}, not a power of two`);
        continue;
      }
      const library = def.file.library;
      const output = outputs.obtain(library ? `.${libraryName}.bss` : '.bss', '.bss', 'bss', library, SHT_NOBITS);
      const piece: Piece = { index: -1, common: global, size: global.commonSize, align: global.commonAlign, offset: 0 };
      output.pieces.push(piece);
      global.commonPlacement = { output, piece };
    }
  }
}

export function isNobits(output: OutputSection): boolean {
  return output.type === SHT_NOBITS;
}
