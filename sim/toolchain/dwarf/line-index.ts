// Queries over the line tables of every unit: which row covers a pc (the source position of a
// stopped thread, a stack frame, a disassembly line), where a line breakpoint goes, and which
// source files have code. Indexes are built once from the parsed tables: sequences sorted by
// address for pc look-ups, and per-file line maps (built on first use) for breakpoints.

import { normalizePath, type LineRow, type LineSequence, type LineTable } from './line';

/** An address where a source line begins a statement. */
export interface LineLocation {
  readonly address: number;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export class LineIndex {
  private readonly sequences: LineSequence[];
  /** maxHigh[i]: the highest end address among sequences[0..i] (bounds the backwards scan). */
  private readonly maxHigh: number[];
  private byFile: Map<string, Map<number, LineLocation[]>> | undefined;
  /** Paths as the debugger passes them → their line maps (or undefined: no code there). */
  private readonly lookups = new Map<string, Map<number, LineLocation[]> | undefined>();

  constructor(tables: readonly LineTable[]) {
    this.sequences = tables
      .flatMap((t) => t.sequences)
      .filter((s) => s.high > s.low)
      .sort((a, b) => a.low - b.low || a.high - b.high);
    let max = -1;
    this.maxHigh = this.sequences.map((s) => (max = Math.max(max, s.high)));
  }

  /** The sequence whose [low, high) holds pc. */
  sequenceAt(pc: number): LineSequence | undefined {
    let lo = 0;
    let hi = this.sequences.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sequences[mid].low <= pc) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = found; i >= 0 && this.maxHigh[i] > pc; i--) {
      if (pc < this.sequences[i].high) return this.sequences[i];
    }
    return undefined;
  }

  /**
   * The row covering pc: the last row at or before pc in the sequence holding it (as
   * llvm-symbolizer picks). Its line is 0 for compiler-generated code with no source line.
   */
  rowAt(pc: number): LineRow | undefined {
    const seq = this.sequenceAt(pc);
    if (!seq) return undefined;
    const rows = seq.rows;
    let lo = 0;
    let hi = rows.length - 2; // the end_sequence row covers nothing
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].address <= pc) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return rows[found];
  }

  /**
   * The addresses around pc that belong to the same source line: the run of consecutive rows
   * with pc's file and line, from its first row to the next row of another line (or the end of
   * the sequence). What "step over a line" runs through before it stops.
   */
  lineRangeAt(pc: number): { low: number; high: number; row: LineRow } | undefined {
    const seq = this.sequenceAt(pc);
    const row = seq && this.rowAt(pc);
    if (!seq || !row) return undefined;
    const rows = seq.rows;
    let i = rows.indexOf(row);
    let j = i;
    const same = (r: LineRow): boolean => !r.endSequence && r.file === row.file && r.line === row.line;
    while (i > 0 && same(rows[i - 1])) i--;
    while (j + 1 < rows.length && same(rows[j + 1])) j++;
    return { low: rows[i].address, high: rows[j + 1]?.address ?? seq.high, row };
  }

  /**
   * Where a breakpoint on `line` of `file` goes: in each sequence, every maximal run of
   * consecutive rows for that line contributes the address of its first is_stmt row. A `for`
   * line, for instance, yields its initialisation and its increment; a line split by other
   * lines' code yields one address per piece. Sorted by address.
   */
  locationsForLine(file: string, line: number): LineLocation[] {
    const lines = this.fileLines(file);
    return lines?.get(line) ?? [];
  }

  addressesForLine(file: string, line: number): number[] {
    return this.locationsForLine(file, line).map((l) => l.address);
  }

  /** The lines of `file` where a breakpoint can go, ascending. */
  linesWithCode(file: string): number[] {
    const lines = this.fileLines(file);
    return lines ? [...lines.keys()].sort((a, b) => a - b) : [];
  }

  /** The first line ≥ `line` of `file` with code (where a debugger moves a breakpoint set on a blank line). */
  nearestLineWithCode(file: string, line: number): number | undefined {
    return this.linesWithCode(file).find((l) => l >= line);
  }

  /** Every source file with a statement row (full paths, normalised), sorted. */
  files(): string[] {
    return [...this.index().keys()].sort();
  }

  /**
   * The line map of a file, found by its normalised full path, or else by a unique indexed file
   * whose path ends with the given (relative) path.
   */
  private fileLines(file: string): Map<number, LineLocation[]> | undefined {
    const cached = this.lookups.get(file);
    if (cached !== undefined || this.lookups.has(file)) return cached;
    const found = this.findFile(file);
    this.lookups.set(file, found);
    return found;
  }

  private findFile(file: string): Map<number, LineLocation[]> | undefined {
    const index = this.index();
    const key = normalizePath(file);
    const exact = index.get(key);
    if (exact) return exact;
    const suffix = '/' + key.replace(/^\/+/, '');
    const matches = [...index.keys()].filter((k) => k.endsWith(suffix));
    return matches.length === 1 ? index.get(matches[0]) : undefined;
  }

  private index(): Map<string, Map<number, LineLocation[]>> {
    if (this.byFile) return this.byFile;
    const byFile = new Map<string, Map<number, LineLocation[]>>();
    const keys = new Map<string, string>();
    for (const seq of this.sequences) {
      let prev: LineRow | undefined;
      let runHasStmt = false;
      for (const row of seq.rows) {
        if (row.endSequence) break;
        const sameRun = prev !== undefined && prev.file === row.file && prev.line === row.line;
        if (!sameRun) runHasStmt = false;
        prev = row;
        if (!row.isStmt || runHasStmt || row.line === 0) continue;
        runHasStmt = true;
        let key = keys.get(row.file);
        if (key === undefined) keys.set(row.file, (key = normalizePath(row.file)));
        let lines = byFile.get(key);
        if (!lines) byFile.set(key, (lines = new Map()));
        let locs = lines.get(row.line);
        if (!locs) lines.set(row.line, (locs = []));
        locs.push({ address: row.address, file: row.file, line: row.line, column: row.column });
      }
    }
    for (const lines of byFile.values()) for (const locs of lines.values()) locs.sort((a, b) => a.address - b.address);
    this.byFile = byFile;
    return byFile;
  }
}
