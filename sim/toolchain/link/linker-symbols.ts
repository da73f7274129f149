// Symbols the linker defines from the layout, each only when an object refers to it and nothing
// defines it (GNU ld's PROVIDE): the segment bounds C runtimes and allocators use (`_etext`,
// `_edata`, `__bss_start`, `_end` = where the program break starts), `__global_pointer$` for gp
// (the small data's start + 0x800, as lld and GNU ld place it), the constructor arrays'
// bounds, `__start_X`/`__stop_X` for sections named like C identifiers, and the shared
// library's bounds `__<name>_start`/`__<name>_end`.

import type { Layout } from './layout';
import type { LinkContext, OutputSection } from './model';
import { isNobits } from './sections';

interface Provided {
  readonly value: number;
  readonly section?: OutputSection;
  readonly library?: boolean;
}

export function defineLinkerSymbols(ctx: LinkContext, layout: Layout, libraryName: string): void {
  const provided = providedSymbols(layout, libraryName);
  for (const global of ctx.globals.values()) {
    if (global.def || global.libraryDef) continue;
    const value = provided(global.name);
    if (!value) continue;
    global.linkerValue = value.value >>> 0;
    if (value.section) global.linkerSection = value.section;
    global.linkerLibraryOwned = value.library === true;
  }
}

function providedSymbols(layout: Layout, libraryName: string): (name: string) => Provided | undefined {
  const program = layout.sections.filter((s) => s.address !== 0 && !s.library);
  const library = layout.sections.filter((s) => s.address !== 0 && s.library);
  const named = (name: string) => program.find((s) => s.name === name);
  const start = (s: OutputSection | undefined): Provided | undefined => (s ? { value: s.address, section: s } : undefined);
  const end = (s: OutputSection | undefined): Provided | undefined => (s ? { value: s.address + s.size, section: s } : undefined);
  const lastOf = (list: OutputSection[]) => list[list.length - 1];
  const text = lastOf(program.filter((s) => s.cls === 'text'));
  const lastData = lastOf(program.filter((s) => (s.cls === 'data' || s.cls === 'bss') && !isNobits(s)));
  const firstBss = program.find((s) => s.cls === 'bss');
  const highest = lastOf([...program, ...library]);
  const header: Provided = { value: layout.base };
  const table = new Map<string, () => Provided | undefined>(Object.entries({
    __ehdr_start: () => header,
    __executable_start: () => header,
    _etext: () => end(text),
    etext: () => end(text),
    __etext: () => end(text),
    _edata: () => end(lastData) ?? start(firstBss),
    edata: () => end(lastData) ?? start(firstBss),
    __bss_start: () => start(firstBss) ?? end(lastData),
    _end: () => end(highest),
    end: () => end(highest),
    __global_pointer$: () => globalPointer(program, layout),
    [`__${libraryName}_start`]: () => (layout.library ? { value: layout.library.base, library: true } : undefined),
    [`__${libraryName}_end`]: () => (layout.library ? { value: layout.library.end, library: true } : undefined),
  }));
  for (const array of ['preinit_array', 'init_array', 'fini_array']) {
    // Absent arrays still get (equal) bounds, so a loop over them runs zero times: .text's start, as lld.
    const fallback = () => start(named('.text')) ?? header;
    table.set(`__${array}_start`, () => start(named(`.${array}`)) ?? fallback());
    table.set(`__${array}_end`, () => end(named(`.${array}`)) ?? fallback());
  }
  return (name) => {
    const fixed = table.get(name);
    if (fixed) return fixed();
    const bound = /^__(start|stop)_([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
    if (!bound) return undefined;
    const section = program.find((s) => s.name === bound[2]) ?? library.find((s) => s.canonical === bound[2]);
    const value = bound[1] === 'start' ? start(section) : end(section);
    return value && section?.library ? { ...value, library: true } : value;
  };
}

/** The small data (.sdata, else .sbss) + 0x800, so gp ± 2 KiB covers both; else the headers + 0x800 as lld. */
function globalPointer(program: readonly OutputSection[], layout: Layout): Provided {
  for (const cls of ['data', 'bss'] as const) {
    const section = program.find((s) => s.cls === cls && s.smallStart !== undefined);
    if (section && section.smallStart !== undefined) return { value: section.address + section.smallStart + 0x800, section };
  }
  return { value: layout.base + 0x800 };
}
