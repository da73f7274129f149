// The raw DWARF of one executable: its units (headers read at once, DIE trees on demand), shared
// abbreviation tables, cross-unit DIE look-up, type units by signature, and each unit's line
// table. This is the layer below the debugger's model (program.ts); tests also use it to compare
// every DIE and row with llvm-dwarfdump.

import { readAbbrevTable, type AbbrevTable } from './abbrev';
import { DW_AT, DW_UT } from './constants';
import { DwarfError } from './cursor';
import { Die, Unit, readUnitHeaders, type UnitSet } from './info';
import { readLineTable, type LineTable } from './line';
import { debugSections, type DebugSections } from './sections';

export class DwarfFile implements UnitSet {
  /** Every unit of .debug_info (compile, partial and type units), in section order. */
  readonly units: readonly Unit[];
  private readonly abbrevs = new Map<number, AbbrevTable>();
  private readonly lineTables = new Map<Unit, LineTable | undefined>();
  private signatures: Map<bigint, number> | undefined;

  constructor(readonly sections: DebugSections) {
    this.units = readUnitHeaders(sections.info).map((h) => new Unit(h, this));
  }

  /** Reads the DWARF of an ELF executable's bytes. */
  static fromElf(elf: Uint8Array): DwarfFile {
    return new DwarfFile(debugSections(elf));
  }

  /** Units that describe code (compile and partial units; not type units). */
  get compileUnits(): Unit[] {
    return this.units.filter((u) => u.header.unitType === DW_UT.compile || u.header.unitType === DW_UT.partial);
  }

  abbrevTable(offset: number): AbbrevTable {
    let t = this.abbrevs.get(offset);
    if (!t) {
      t = readAbbrevTable(this.sections.abbrev, offset);
      this.abbrevs.set(offset, t);
    }
    return t;
  }

  /** The unit whose bytes contain an absolute .debug_info offset. */
  unitContaining(offset: number): Unit | undefined {
    let lo = 0;
    let hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid];
      if (offset < u.header.offset) hi = mid - 1;
      else if (offset >= u.header.end) lo = mid + 1;
      else return u;
    }
    return undefined;
  }

  dieAt(offset: number): Die | undefined {
    return this.unitContaining(offset)?.dieAt(offset);
  }

  typeBySignature(signature: bigint): Die | undefined {
    if (!this.signatures) {
      this.signatures = new Map();
      for (const u of this.units) {
        if (u.header.typeSignature !== undefined && u.header.typeOffset !== undefined) this.signatures.set(u.header.typeSignature, u.header.typeOffset);
      }
    }
    const offset = this.signatures.get(signature);
    return offset === undefined ? undefined : this.dieAt(offset);
  }

  /** The line table of a unit (its DW_AT_stmt_list), or undefined if it has none. */
  lineTable(unit: Unit): LineTable | undefined {
    if (this.lineTables.has(unit)) return this.lineTables.get(unit);
    const root = unit.root;
    const stmt = root.attr(DW_AT.stmt_list);
    let table: LineTable | undefined;
    if (stmt) {
      const offset = stmt.value.kind === 'secOffset' ? stmt.value.value : root.unsigned(DW_AT.stmt_list);
      if (offset === undefined) throw new DwarfError(`DW_AT_stmt_list of the unit at 0x${unit.offset.toString(16)} is not a section offset`);
      table = readLineTable(this.sections, offset, { compDir: root.string(DW_AT.comp_dir) ?? '', addressSize: unit.addressSize });
    }
    this.lineTables.set(unit, table);
    return table;
  }

  /** The line tables of every compile unit. */
  allLineTables(): LineTable[] {
    const tables: LineTable[] = [];
    for (const u of this.compileUnits) {
      const t = this.lineTable(u);
      if (t) tables.push(t);
    }
    return tables;
  }
}
