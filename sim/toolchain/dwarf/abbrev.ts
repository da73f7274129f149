// Parses one abbreviation table of .debug_abbrev (DWARF 5 §7.5.3): code → tag, has-children
// flag and the attribute specifications every DIE using that code carries. Units often share a
// table, so the DWARF reader caches tables by their offset.

import { DW_FORM } from './constants';
import { Cursor } from './cursor';
import { isKnownForm, type AttrSpec } from './forms';

export interface Abbreviation {
  readonly code: number;
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly specs: readonly AttrSpec[];
}

export type AbbrevTable = ReadonlyMap<number, Abbreviation>;

/** The abbreviation table starting at `offset` of .debug_abbrev. */
export function readAbbrevTable(section: Uint8Array, offset: number): AbbrevTable {
  const c = new Cursor(section, '.debug_abbrev');
  if (offset >= section.length) throw c.error(`abbreviation table offset 0x${offset.toString(16)} is outside the section`, offset);
  c.seek(offset);
  const table = new Map<number, Abbreviation>();
  for (;;) {
    const at = c.offset;
    const code = c.uleb();
    if (code === 0) return table;
    if (table.has(code)) throw c.error(`abbreviation code ${code} is defined twice`, at);
    const tag = c.uleb();
    if (tag === 0) throw c.error(`abbreviation ${code} has tag 0`, at);
    const children = c.u8();
    if (children > 1) throw c.error(`abbreviation ${code} has children flag ${children} (must be 0 or 1)`, at);
    const specs: AttrSpec[] = [];
    for (;;) {
      const specAt = c.offset;
      const name = c.uleb();
      const form = c.uleb();
      if (name === 0 && form === 0) break;
      if (name === 0 || form === 0) throw c.error(`abbreviation ${code} has a malformed attribute specification`, specAt);
      if (!isKnownForm(form)) throw c.error(`abbreviation ${code} uses unknown form 0x${form.toString(16)}`, specAt);
      if (form === DW_FORM.implicit_const) {
        const value = c.sleb();
        specs.push({ name, form, implicitConst: value });
      } else {
        specs.push({ name, form });
      }
    }
    table.set(code, { code, tag, hasChildren: children === 1, specs });
  }
}
