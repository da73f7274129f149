// Picks the DWARF sections out of an ELF executable (through the shared ELF section reader) into
// one record the parsers share. A missing section reads as empty, so each parser decides whether
// its absence matters (no .debug_info means "no debug info", not an error).

import { readSections } from '../elf/read';

export interface DebugSections {
  readonly info: Uint8Array;
  readonly abbrev: Uint8Array;
  readonly line: Uint8Array;
  readonly str: Uint8Array;
  readonly lineStr: Uint8Array;
  readonly strOffsets: Uint8Array;
  readonly addr: Uint8Array;
  readonly rnglists: Uint8Array;
  readonly ranges: Uint8Array;
  readonly loclists: Uint8Array;
  readonly loc: Uint8Array;
  readonly frame: Uint8Array;
}

/** The ELF section name of each field. */
export const sectionNames: Readonly<Record<keyof DebugSections, string>> = {
  info: '.debug_info',
  abbrev: '.debug_abbrev',
  line: '.debug_line',
  str: '.debug_str',
  lineStr: '.debug_line_str',
  strOffsets: '.debug_str_offsets',
  addr: '.debug_addr',
  rnglists: '.debug_rnglists',
  ranges: '.debug_ranges',
  loclists: '.debug_loclists',
  loc: '.debug_loc',
  frame: '.debug_frame',
};

const sectionKeys = Object.keys(sectionNames) as (keyof DebugSections)[];

/** The debug sections of an ELF file's bytes (throws ElfError if the section table is corrupt). */
export function debugSections(elf: Uint8Array): DebugSections {
  const byName = new Map(readSections(elf).map((s) => [s.name, s.data]));
  const parts: { -readonly [K in keyof DebugSections]?: Uint8Array } = {};
  for (const key of sectionKeys) {
    const data = byName.get(sectionNames[key]);
    if (data) parts[key] = data;
  }
  return sectionsFrom(parts);
}

/** A DebugSections with only the given sections present (DWARF built by tests or by our own toolchain). */
export function sectionsFrom(parts: Partial<DebugSections>): DebugSections {
  const empty = new Uint8Array(0);
  const all = {} as { -readonly [K in keyof DebugSections]: Uint8Array };
  for (const key of sectionKeys) all[key] = parts[key] ?? empty;
  return all;
}
