// The DWARF 4 debugging entries the C compiler describes a program with, and how they become
// assembly: a tree of DIEs whose attributes carry their own forms, the abbreviation table
// derived from their shapes, and the .debug_abbrev/.debug_info text (bytes as directives, and
// symbol references the assembler turns into relocations). References between DIEs are label
// differences from the unit's start, so no offset is computed here and none can go stale.

import type { CompileContext } from './context';
import { asmString } from './asm-text';

export const DW_TAG = {
  array_type: 0x01, enumeration_type: 0x04, formal_parameter: 0x05, lexical_block: 0x0b, member: 0x0d,
  pointer_type: 0x0f, compile_unit: 0x11, structure_type: 0x13, subroutine_type: 0x15, typedef: 0x16,
  union_type: 0x17, unspecified_parameters: 0x18, subrange_type: 0x21, base_type: 0x24, const_type: 0x26,
  enumerator: 0x28, subprogram: 0x2e, variable: 0x34, volatile_type: 0x35,
} as const;

export const DW_AT = {
  location: 0x02, name: 0x03, byte_size: 0x0b, bit_offset: 0x0c, bit_size: 0x0d, stmt_list: 0x10, low_pc: 0x11, high_pc: 0x12, language: 0x13,
  comp_dir: 0x1b, const_value: 0x1c, producer: 0x25, prototyped: 0x27, count: 0x37, data_member_location: 0x38,
  decl_file: 0x3a, decl_line: 0x3b, declaration: 0x3c, encoding: 0x3e, external: 0x3f, frame_base: 0x40, type: 0x49,
} as const;

const DW_FORM = {
  addr: 0x01, data2: 0x05, data4: 0x06, string: 0x08, data1: 0x0b, sdata: 0x0d, udata: 0x0f, ref4: 0x13,
  sec_offset: 0x17, exprloc: 0x18, flag_present: 0x19,
} as const;

export const DW_OP = { addr: 0x03, deref: 0x06, reg8: 0x58, fbreg: 0x91 } as const;

/** One piece of a location expression: literal bytes, or a 4-byte address of a symbol. */
export type ExprPiece = { readonly bytes: readonly number[] } | { readonly address: string };

export type AttrValue =
  | { readonly form: 'string'; readonly value: string }
  | { readonly form: 'data1' | 'data2' | 'udata' | 'sdata'; readonly value: number }
  | { readonly form: 'flag' }
  | { readonly form: 'ref'; readonly die: Die }
  /** The address of a symbol (low_pc, DW_OP-free). */
  | { readonly form: 'addr'; readonly symbol: string }
  /** `end - begin` as data4: high_pc as an offset from low_pc. */
  | { readonly form: 'length'; readonly end: string; readonly begin: string }
  /** An offset into another debug section, given by a label there. */
  | { readonly form: 'section'; readonly label: string }
  | { readonly form: 'expr'; readonly pieces: readonly ExprPiece[] };

export interface Die {
  readonly tag: number;
  readonly attrs: [number, AttrValue][];
  readonly children: Die[];
  /** Set once something refers to this DIE. */
  label?: string;
}

export function die(tag: number, attrs: [number, AttrValue][] = [], children: Die[] = []): Die {
  return { tag, attrs, children };
}

export const str = (value: string): AttrValue => ({ form: 'string', value });
export const udata = (value: number): AttrValue => ({ form: 'udata', value });
export const sdata = (value: number): AttrValue => ({ form: 'sdata', value });
export const data1 = (value: number): AttrValue => ({ form: 'data1', value });
export const flag: AttrValue = { form: 'flag' };
export const ref = (target: Die): AttrValue => ({ form: 'ref', die: target });

/** Bytes of a signed LEB128 (DW_OP_fbreg's operand). */
export function sleb128(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function formOf(value: AttrValue): number {
  switch (value.form) {
    case 'string': return DW_FORM.string;
    case 'data1': return DW_FORM.data1;
    case 'data2': return DW_FORM.data2;
    case 'udata': return DW_FORM.udata;
    case 'sdata': return DW_FORM.sdata;
    case 'flag': return DW_FORM.flag_present;
    case 'ref': return DW_FORM.ref4;
    case 'addr': return DW_FORM.addr;
    case 'length': return DW_FORM.data4;
    case 'section': return DW_FORM.sec_offset;
    case 'expr': return DW_FORM.exprloc;
  }
}

/** Writes one compile unit (its abbreviations and entries) as assembly text. */
export class DieWriter {
  private readonly abbrevCodes = new Map<string, number>();
  private readonly abbrevText: string[] = [];
  private readonly infoText: string[] = [];
  private readonly unitStart: string;

  constructor(private readonly ctx: CompileContext) {
    this.unitStart = ctx.label('debug_info_unit');
  }

  /** The unit's assembly: .debug_abbrev, then .debug_info holding `root` and its subtree. */
  write(root: Die): string {
    labelReferencedDies(root, this.ctx);
    const begin = this.ctx.label('debug_info_begin');
    const end = this.ctx.label('debug_info_end');
    this.infoText.push(
      '\t.section\t.debug_info,"",@progbits',
      `${this.unitStart}:`,
      `\t.word\t${end}-${begin}`,
      `${begin}:`,
      '\t.half\t4',
      '\t.word\t.debug_abbrev',
      '\t.byte\t4',
    );
    this.entry(root);
    this.infoText.push(`${end}:`);
    return ['\t.section\t.debug_abbrev,"",@progbits', ...this.abbrevText, '\t.byte\t0', ...this.infoText, ''].join('\n');
  }

  private entry(d: Die): void {
    if (d.label) this.infoText.push(`${d.label}:`);
    this.infoText.push(`\t.uleb128\t${this.abbreviation(d)}`);
    for (const [, value] of d.attrs) this.infoText.push(...this.valueLines(value));
    if (d.children.length === 0) return;
    for (const child of d.children) this.entry(child);
    this.infoText.push('\t.byte\t0');
  }

  // The code of the abbreviation describing d's shape, added to the table on first use.
  private abbreviation(d: Die): number {
    const hasChildren = d.children.length > 0;
    const key = [d.tag, hasChildren ? 1 : 0, ...d.attrs.flatMap(([at, v]) => [at, formOf(v)])].join(',');
    let code = this.abbrevCodes.get(key);
    if (code !== undefined) return code;
    code = this.abbrevCodes.size + 1;
    this.abbrevCodes.set(key, code);
    this.abbrevText.push(`\t.uleb128\t${code}`, `\t.uleb128\t${d.tag}`, `\t.byte\t${hasChildren ? 1 : 0}`);
    for (const [at, v] of d.attrs) this.abbrevText.push(`\t.uleb128\t${at}`, `\t.uleb128\t${formOf(v)}`);
    this.abbrevText.push('\t.byte\t0', '\t.byte\t0');
    return code;
  }

  private valueLines(v: AttrValue): string[] {
    switch (v.form) {
      case 'string': return [`\t.asciz\t${asmString(new TextEncoder().encode(v.value))}`];
      case 'data1': return [`\t.byte\t${v.value}`];
      case 'data2': return [`\t.half\t${v.value}`];
      case 'udata': return [`\t.uleb128\t${v.value}`];
      case 'sdata': return [`\t.sleb128\t${v.value}`];
      case 'flag': return [];
      case 'ref': return [`\t.word\t${v.die.label}-${this.unitStart}`];
      case 'addr': return [`\t.word\t${v.symbol}`];
      case 'length': return [`\t.word\t${v.end}-${v.begin}`];
      case 'section': return [`\t.word\t${v.label}`];
      case 'expr': {
        const size = v.pieces.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : 4), 0);
        return [`\t.uleb128\t${size}`, ...v.pieces.map((p) => ('bytes' in p ? `\t.byte\t${p.bytes.join(', ')}` : `\t.word\t${p.address}`))];
      }
    }
  }
}

// Gives every DIE that a DW_FORM_ref4 points at a label, before any text is written.
function labelReferencedDies(root: Die, ctx: CompileContext): void {
  const visit = (d: Die): void => {
    for (const [, v] of d.attrs) if (v.form === 'ref' && !v.die.label) v.die.label = ctx.label('die');
    d.children.forEach(visit);
  };
  visit(root);
}
