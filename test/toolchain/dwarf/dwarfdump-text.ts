// Parses llvm-dwarfdump 14's text output (--debug-info and --debug-line) into plain records the
// tests compare with our reader: DIEs with their depth, tag and attribute texts; line tables
// with their directories, files and rows. Also a tokenizer that reduces attribute values to
// numbers, strings and symbols, so "(0x04)" and "(4)" compare equal and layout does not matter.

export interface DumpDie {
  readonly offset: number;
  readonly depth: number;
  readonly tag: string;
  readonly attrs: { readonly name: string; value: string }[];
}

/** The non-NULL DIEs of `llvm-dwarfdump --debug-info`, in order. */
export function parseDebugInfo(text: string): DumpDie[] {
  const dies: DumpDie[] = [];
  let current: DumpDie | undefined;
  let attr: { name: string; value: string } | undefined;
  for (const line of text.split('\n')) {
    const die = /^0x([0-9a-f]{8}):( +)(DW_TAG_\w+|NULL)/.exec(line);
    if (die) {
      attr = undefined;
      current = undefined;
      if (die[3] !== 'NULL') {
        current = { offset: parseInt(die[1], 16), depth: (die[2].length - 1) / 2, tag: die[3], attrs: [] };
        dies.push(current);
      }
      continue;
    }
    const a = /^\s+(DW_AT_\w+)\t\((.*)$/.exec(line);
    if (a && current) {
      attr = { name: a[1], value: a[2] };
      current.attrs.push(attr);
      continue;
    }
    if (attr && line.trim() !== '' && !line.startsWith('0x')) attr.value += '\n' + line.trim();
    else attr = undefined;
  }
  for (const d of dies) for (const at of d.attrs) at.value = at.value.replace(/\)$/, '');
  return dies;
}

export interface DumpRow {
  address: number;
  line: number;
  column: number;
  file: number;
  isa: number;
  discriminator: number;
  flags: string[];
}

export interface DumpLineTable {
  offset: number;
  version: number;
  includeDirs: string[];
  files: { index: number; name: string; dirIndex: number; md5?: string }[];
  rows: DumpRow[];
}

/** The tables of `llvm-dwarfdump --debug-line`. */
export function parseDebugLine(text: string): DumpLineTable[] {
  const tables: DumpLineTable[] = [];
  let t: DumpLineTable | undefined;
  let file: DumpLineTable['files'][number] | undefined;
  for (const line of text.split('\n')) {
    let m = /^debug_line\[0x([0-9a-f]+)\]/.exec(line);
    if (m) {
      t = { offset: parseInt(m[1], 16), version: 0, includeDirs: [], files: [], rows: [] };
      tables.push(t);
      continue;
    }
    if (!t) continue;
    if ((m = /^\s+version: (\d+)/.exec(line))) t.version = Number(m[1]);
    else if ((m = /^include_directories\[\s*(\d+)\] = "(.*)"$/.exec(line))) t.includeDirs.push(m[2]);
    else if ((m = /^file_names\[\s*(\d+)\]:/.exec(line))) {
      file = { index: Number(m[1]), name: '', dirIndex: 0 };
      t.files.push(file);
    } else if (file && (m = /^\s+name: "(.*)"$/.exec(line))) file.name = m[1];
    else if (file && (m = /^\s+dir_index: (\d+)/.exec(line))) file.dirIndex = Number(m[1]);
    else if (file && (m = /^\s+md5_checksum: ([0-9a-f]+)/.exec(line))) file.md5 = m[1];
    else if ((m = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*(.*)$/.exec(line))) {
      t.rows.push({
        address: parseInt(m[1], 16),
        line: Number(m[2]),
        column: Number(m[3]),
        file: Number(m[4]),
        isa: Number(m[5]),
        discriminator: Number(m[6]),
        flags: m[7].trim() === '' ? [] : m[7].trim().split(/\s+/),
      });
    }
  }
  return tables;
}

/**
 * The tokens of an attribute value: quoted strings (type names normalised: no struct/union/enum
 * keywords, no blanks), numbers as decimal strings, and bare words (DW_OP_…, register names).
 */
export function tokens(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|([-+]?)0x([0-9a-f]+)|([-+]?\d+)|([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (m[1] !== undefined) out.push(`"${normalizeTypeName(m[1])}"`);
    else if (m[3] !== undefined) out.push((m[2] === '-' ? -1n : 1n) * BigInt('0x' + m[3]) + '');
    else if (m[4] !== undefined) out.push(BigInt(m[4]).toString());
    else out.push(m[5]);
  }
  return out;
}

/**
 * llvm-dwarfdump 14 spells a few types oddly: an anonymous struct is "structure " and an
 * anonymous union inside one "structure ::union ". (It also drops the pointee of a restrict
 * pointer, printing "restrict "; tokensMatch allows for that.) These are its quirks, written out
 * here rather than imitated in the reader.
 */
const llvmQuirks = new Map([
  ['structure ', 'struct <anonymous>'],
  ['structure ::union ', 'union <anonymous>'],
]);

/** Our tokens against llvm-dwarfdump's, allowing for its restrict quirk. */
export function tokensMatch(ours: readonly string[], llvm: readonly string[]): boolean {
  return ours.length === llvm.length && ours.every((t, i) => t === llvm[i] || (llvm[i] === '"restrict"' && t.endsWith('restrict"')));
}

export function normalizeTypeName(name: string): string {
  const n = llvmQuirks.get(name) ?? name;
  return n.replace(/\b(struct|union|enum) /g, '').replace(/\s+/g, '');
}

export interface DumpFde {
  low: number;
  high: number;
  /** "0x1112c: CFA=X2+16: X1=[CFA-4]" lines, without the indentation. */
  rows: string[];
}

/** The FDEs of `llvm-dwarfdump --debug-frame` with their unwind rows. */
export function parseDebugFrame(text: string): DumpFde[] {
  const fdes: DumpFde[] = [];
  let fde: DumpFde | undefined;
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} (FDE|CIE)(?: cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.\.([0-9a-f]+))?/.exec(line);
    if (m) {
      fde = m[1] === 'FDE' ? { low: parseInt(m[2], 16), high: parseInt(m[3], 16), rows: [] } : undefined;
      if (fde) fdes.push(fde);
    } else if (fde && /^\s+0x[0-9a-f]+: CFA=/.test(line)) {
      fde.rows.push(line.trim());
    }
  }
  return fdes;
}
