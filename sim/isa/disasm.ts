// Turns instruction words into assembly text for the Disassembly view, traces and error messages.
// The text is exactly what `llvm-objdump -d --mattr=+m,+a` (LLVM 14) prints in its instruction
// column, so a reader can compare our view with the toolchain's listing line by line, and the
// tests can use llvm-objdump as an oracle. Operands are laid out from the table row's `format`;
// a small alias layer then rewrites the forms LLVM prints as pseudo-instructions (li, mv, ret,
// beqz, csrr, rdcycle, ...). LLVM's quirks are kept on purpose: branch and jump targets are
// absolute hex addresses, U-type immediates are the raw 20-bit field in decimal, unknown CSRs
// are decimal numbers, and an empty fence set is spelled `unknown`.

import { decode, type Decoded } from './decode';
import { Op } from './opcodes';

export interface DisasmOptions {
  /** Between mnemonic and operands. llvm-objdump uses a tab; a single space reads better in a UI. */
  readonly separator?: string;
  /** Names a branch or jump target; the name is appended as ` <name>`, as objdump does. */
  readonly symbolize?: (target: number) => string | undefined;
}

export interface DisasmLine {
  readonly pc: number;
  readonly word: number;
  readonly text: string;
}

/** What an undecodable word prints as; llvm-objdump's spelling. */
export const UNKNOWN = '<unknown>';

interface Asm {
  readonly mnemonic: string;
  readonly operands: readonly string[];
}

const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;

/** The ABI name of register x`n` (LLVM prints x8 as `s0`, never `fp`). */
export function registerName(n: number): string {
  const name = ABI_NAMES[n];
  if (name === undefined) throw new RangeError(`no register x${n}`);
  return name;
}

/** Disassembles one word fetched from `pc` (needed because targets are printed as addresses). */
export function disassemble(word: number, pc: number, opts: DisasmOptions = {}): string {
  const d = decode(word);
  if (!d) return UNKNOWN;
  const relative = d.spec.format === 'B' || d.spec.format === 'J';
  const at = relative ? targetText((pc + d.imm) >>> 0, opts) : '';
  const asm = alias(d, at) ?? canonical(d, at);
  return asm.operands.length === 0 ? asm.mnemonic : asm.mnemonic + (opts.separator ?? ' ') + asm.operands.join(', ');
}

/** Disassembles consecutive little-endian words; a trailing partial word is ignored. */
export function disassembleRange(bytes: Uint8Array, startPc: number, opts: DisasmOptions = {}): DisasmLine[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: DisasmLine[] = [];
  for (let off = 0; off + 4 <= bytes.length; off += 4) {
    const pc = (startPc + off) >>> 0;
    const word = view.getUint32(off, true);
    lines.push({ pc, word, text: disassemble(word, pc, opts) });
  }
  return lines;
}

function targetText(target: number, opts: DisasmOptions): string {
  const name = opts.symbolize?.(target);
  const hex = '0x' + target.toString(16);
  return name === undefined ? hex : `${hex} <${name}>`;
}

// ---------------------------------------------------------------------------------------------
// Canonical forms, one layout per table format.

function canonical(d: Decoded, at: string): Asm {
  const { spec } = d;
  const x = registerName;
  switch (spec.format) {
    case 'R':
      return asm(spec.name, x(d.rd), x(d.rs1), x(d.rs2));
    case 'I':
    case 'shift':
      return asm(spec.name, x(d.rd), x(d.rs1), String(d.imm));
    case 'load':
    case 'jalr':
      return asm(spec.name, x(d.rd), memory(d.imm, d.rs1));
    case 'S':
      return asm(spec.name, x(d.rs2), memory(d.imm, d.rs1));
    case 'B':
      return asm(spec.name, x(d.rs1), x(d.rs2), at);
    case 'U':
      return asm(spec.name, x(d.rd), String(d.imm >>> 12));
    case 'J':
      return asm(spec.name, x(d.rd), at);
    case 'fence':
      return fence(d.imm);
    case 'csr':
      return asm(spec.name, x(d.rd), csrName(d.imm), x(d.rs1));
    case 'csri':
      return asm(spec.name, x(d.rd), csrName(d.imm), String(d.rs1));
    case 'amo':
      return asm(spec.name + ordering(d.imm), x(d.rd), x(d.rs2), `(${x(d.rs1)})`);
    case 'lr':
      return asm(spec.name + ordering(d.imm), x(d.rd), `(${x(d.rs1)})`);
    case 'none':
      return asm(spec.name);
  }
}

function asm(mnemonic: string, ...operands: string[]): Asm {
  return { mnemonic, operands };
}

function memory(offset: number, base: number): string {
  return `${offset}(${registerName(base)})`;
}

function ordering(aqrl: number): string {
  return ['', '.rl', '.aq', '.aqrl'][aqrl & 3] ?? '';
}

// LLVM decodes a fence only when the reserved fields (fm, rs1, rd) are zero, and prints `<unknown>`
// otherwise. The spec says hardware must ignore those fields, and our decoder (like QEMU) does, so
// for those words we print the fence that actually executes rather than claim it is illegal.
function fence(imm: number): Asm {
  const fm = imm >>> 8;
  const pred = (imm >>> 4) & 15;
  const succ = imm & 15;
  if (fm === 8 && pred === 3 && succ === 3) return asm('fence.tso');
  return asm('fence', fenceSet(pred), fenceSet(succ));
}

function fenceSet(bits: number): string {
  if (bits === 0) return 'unknown'; // LLVM 14's spelling of the empty set (later versions print 0)
  return ['i', 'o', 'r', 'w'].filter((_, i) => (bits & (8 >> i)) !== 0).join('');
}

// ---------------------------------------------------------------------------------------------
// CSR names: LLVM names every CSR in its system-register table regardless of the enabled
// extensions, so a listing of kernel code shows `csrw mstatus, a0`; unnamed CSRs print in decimal.

const CSR_SINGLES = `
ustatus:0 fflags:1 frm:2 fcsr:3 uie:4 utvec:5 vstart:8 vxsat:9 vxrm:a vcsr:f seed:15 uscratch:40
uepc:41 ucause:42 utval:43 uip:44 sstatus:100 sedeleg:102 sideleg:103 sie:104 stvec:105
scounteren:106 senvcfg:10a sstateen0:10c sstateen1:10d sstateen2:10e sstateen3:10f sscratch:140
sepc:141 scause:142 stval:143 sip:144 stimecmp:14d stimecmph:15d satp:180 vsstatus:200 vsie:204
vstvec:205 vsscratch:240 vsepc:241 vscause:242 vstval:243 vsip:244 vstimecmp:24d vstimecmph:25d
vsatp:280 mstatus:300 misa:301 medeleg:302 mideleg:303 mie:304 mtvec:305 mcounteren:306
menvcfg:30a mstateen0:30c mstateen1:30d mstateen2:30e mstateen3:30f mstatush:310 menvcfgh:31a
mstateen0h:31c mstateen1h:31d mstateen2h:31e mstateen3h:31f mcountinhibit:320 mscratch:340
mepc:341 mcause:342 mtval:343 mip:344 mtinst:34a mtval2:34b scontext:5a8 hstatus:600 hedeleg:602
hideleg:603 hie:604 htimedelta:605 hcounteren:606 hgeie:607 henvcfg:60a hstateen0:60c
hstateen1:60d hstateen2:60e hstateen3:60f htimedeltah:615 henvcfgh:61a hstateen0h:61c
hstateen1h:61d hstateen2h:61e hstateen3h:61f htval:643 hip:644 hvip:645 htinst:64a hgatp:680
hcontext:6a8 mseccfg:747 mseccfgh:757 tselect:7a0 tdata1:7a1 tdata2:7a2 tdata3:7a3 mcontext:7a8
dcsr:7b0 dpc:7b1 dscratch0:7b2 dscratch1:7b3 mcycle:b00 minstret:b02 mcycleh:b80 minstreth:b82
cycle:c00 time:c01 instret:c02 vl:c20 vtype:c21 vlenb:c22 cycleh:c80 timeh:c81 instreth:c82
scountovf:da0 hgeip:e12 mvendorid:f11 marchid:f12 mimpid:f13 mhartid:f14 mconfigptr:f15`;

/** Numbered CSR families: [first CSR, name prefix, first index, last index, name suffix]. */
const CSR_SERIES: readonly (readonly [number, string, number, number, string])[] = [
  [0x323, 'mhpmevent', 3, 31, ''],
  [0x723, 'mhpmevent', 3, 31, 'h'],
  [0x3a0, 'pmpcfg', 0, 15, ''],
  [0x3b0, 'pmpaddr', 0, 63, ''],
  [0xb03, 'mhpmcounter', 3, 31, ''],
  [0xb83, 'mhpmcounter', 3, 31, 'h'],
  [0xc03, 'hpmcounter', 3, 31, ''],
  [0xc83, 'hpmcounter', 3, 31, 'h'],
];

const CSR_NAMES: ReadonlyMap<number, string> = buildCsrNames();

function buildCsrNames(): Map<number, string> {
  const names = new Map<number, string>();
  for (const entry of CSR_SINGLES.trim().split(/\s+/)) {
    const [name, hex] = entry.split(':');
    names.set(parseInt(hex, 16), name);
  }
  for (const [first, prefix, lo, hi, suffix] of CSR_SERIES) {
    for (let i = lo; i <= hi; i++) names.set(first + i - lo, `${prefix}${i}${suffix}`);
  }
  return names;
}

/** LLVM's name for a CSR number, or the number in decimal when it has none. */
export function csrName(csr: number): string {
  return CSR_NAMES.get(csr) ?? String(csr);
}

// ---------------------------------------------------------------------------------------------
// Aliases: the pseudo-instructions llvm-objdump prints instead of the canonical form. Where two
// aliases match the same word, the order of the tests below is LLVM's order (e.g. `bge zero,
// zero` is `blez zero`, `csrrs zero, cycle, zero` is `rdcycle zero`), established by the tests.

function alias(d: Decoded, at: string): Asm | null {
  switch (d.spec.format) {
    case 'I':
    case 'R':
      return integerAlias(d);
    case 'B':
      return branchAlias(d, at);
    case 'J':
      return jalAlias(d, at);
    case 'jalr':
      return jalrAlias(d);
    case 'fence':
      return d.imm === 0xff ? asm('fence') : null;
    case 'csr':
    case 'csri':
      return csrAlias(d);
    default:
      return null;
  }
}

function integerAlias(d: Decoded): Asm | null {
  const rd = registerName(d.rd);
  const rs1 = registerName(d.rs1);
  const rs2 = registerName(d.rs2);
  switch (d.op) {
    case Op.ADDI:
      if (d.rd === 0 && d.rs1 === 0 && d.imm === 0) return asm('nop');
      if (d.rs1 === 0) return asm('li', rd, String(d.imm));
      return d.imm === 0 ? asm('mv', rd, rs1) : null;
    case Op.XORI:
      return d.imm === -1 ? asm('not', rd, rs1) : null;
    case Op.SLTIU:
      return d.imm === 1 ? asm('seqz', rd, rs1) : null;
    case Op.SUB:
      return d.rs1 === 0 ? asm('neg', rd, rs2) : null;
    case Op.SLTU:
      return d.rs1 === 0 ? asm('snez', rd, rs2) : null;
    case Op.SLT:
      if (d.rs2 === 0) return asm('sltz', rd, rs1);
      return d.rs1 === 0 ? asm('sgtz', rd, rs2) : null;
    default:
      return null;
  }
}

// Comparisons with zero get one-register forms; LLVM has no alias for the unsigned ones, and it
// only prints bgt/ble/bgtu/bleu when assembling, never when disassembling.
function branchAlias(d: Decoded, at: string): Asm | null {
  const rs1 = registerName(d.rs1);
  const rs2 = registerName(d.rs2);
  switch (d.op) {
    case Op.BEQ:
      return d.rs2 === 0 ? asm('beqz', rs1, at) : null;
    case Op.BNE:
      return d.rs2 === 0 ? asm('bnez', rs1, at) : null;
    case Op.BGE:
      if (d.rs1 === 0) return asm('blez', rs2, at);
      return d.rs2 === 0 ? asm('bgez', rs1, at) : null;
    case Op.BLT:
      if (d.rs2 === 0) return asm('bltz', rs1, at);
      return d.rs1 === 0 ? asm('bgtz', rs2, at) : null;
    default:
      return null;
  }
}

function jalAlias(d: Decoded, at: string): Asm | null {
  if (d.rd === 0) return asm('j', at);
  return d.rd === 1 ? asm('jal', at) : null;
}

// The link register is implied when it is ra (call) or zero (plain jump), and a zero offset is
// dropped: `ret`, `jr a0`, `jalr a0`, `jalr a0, a1`, `jr 4(a1)`, `jalr 4(a1)`.
function jalrAlias(d: Decoded): Asm | null {
  const target = d.imm === 0 ? registerName(d.rs1) : memory(d.imm, d.rs1);
  if (d.rd === 0 && d.rs1 === 1 && d.imm === 0) return asm('ret');
  if (d.rd === 0) return asm('jr', target);
  if (d.rd === 1) return asm('jalr', target);
  return d.imm === 0 ? asm('jalr', registerName(d.rd), target) : null;
}

const COUNTER_READS: ReadonlyMap<number, string> = new Map([
  [0xc00, 'rdcycle'], [0xc01, 'rdtime'], [0xc02, 'rdinstret'],
  [0xc80, 'rdcycleh'], [0xc81, 'rdtimeh'], [0xc82, 'rdinstreth'],
]);

/** The encoding LLVM reserves as `unimp`: `csrrw zero, cycle, zero`, a write to a read-only CSR. */
const UNIMP_CSR = 0xc00;

// Reads drop the zero source (`csrr`), writes drop the zero destination (`csrw`, `csrsi`, ...).
function csrAlias(d: Decoded): Asm | null {
  const csr = csrName(d.imm);
  const rd = registerName(d.rd);
  const src = d.spec.format === 'csri' ? String(d.rs1) : registerName(d.rs1);
  if (d.op === Op.CSRRS && d.rs1 === 0) {
    const counter = COUNTER_READS.get(d.imm);
    return counter ? asm(counter, rd) : asm('csrr', rd, csr);
  }
  if (d.op === Op.CSRRW && d.rd === 0 && d.rs1 === 0 && d.imm === UNIMP_CSR) return asm('unimp');
  if (d.rd !== 0) return null;
  const short = CSR_WRITE_ALIASES.get(d.op);
  return short ? asm(short, csr, src) : null;
}

const CSR_WRITE_ALIASES: ReadonlyMap<Op, string> = new Map([
  [Op.CSRRW, 'csrw'], [Op.CSRRS, 'csrs'], [Op.CSRRC, 'csrc'],
  [Op.CSRRWI, 'csrwi'], [Op.CSRRSI, 'csrsi'], [Op.CSRRCI, 'csrci'],
]);
