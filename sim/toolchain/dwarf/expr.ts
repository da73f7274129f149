// DWARF expressions (DWARF 5 §2.5, §2.6): decoding into operations and printing them the way
// llvm-dwarfdump does (the evaluator is in eval.ts). clang -O0 on RV32 uses DW_OP_reg8 (s0) as
// every function's frame base, DW_OP_fbreg for locals and parameters, and DW_OP_addr (DWARF 4)
// or DW_OP_addrx (DWARF 5) for globals and static locals.

import { Cursor } from './cursor';

/** DWARF 5 table 7.9 (the operations this module decodes; lit/reg/breg ranges are computed). */
export const DW_OP = {
  addr: 0x03,
  deref: 0x06,
  const1u: 0x08,
  const1s: 0x09,
  const2u: 0x0a,
  const2s: 0x0b,
  const4u: 0x0c,
  const4s: 0x0d,
  const8u: 0x0e,
  const8s: 0x0f,
  constu: 0x10,
  consts: 0x11,
  dup: 0x12,
  drop: 0x13,
  over: 0x14,
  pick: 0x15,
  swap: 0x16,
  rot: 0x17,
  xderef: 0x18,
  abs: 0x19,
  and: 0x1a,
  div: 0x1b,
  minus: 0x1c,
  mod: 0x1d,
  mul: 0x1e,
  neg: 0x1f,
  not: 0x20,
  or: 0x21,
  plus: 0x22,
  plus_uconst: 0x23,
  shl: 0x24,
  shr: 0x25,
  shra: 0x26,
  xor: 0x27,
  bra: 0x28,
  eq: 0x29,
  ge: 0x2a,
  gt: 0x2b,
  le: 0x2c,
  lt: 0x2d,
  ne: 0x2e,
  skip: 0x2f,
  lit0: 0x30,
  reg0: 0x50,
  breg0: 0x70,
  regx: 0x90,
  fbreg: 0x91,
  bregx: 0x92,
  piece: 0x93,
  deref_size: 0x94,
  xderef_size: 0x95,
  nop: 0x96,
  push_object_address: 0x97,
  call2: 0x98,
  call4: 0x99,
  call_ref: 0x9a,
  form_tls_address: 0x9b,
  call_frame_cfa: 0x9c,
  bit_piece: 0x9d,
  implicit_value: 0x9e,
  stack_value: 0x9f,
  implicit_pointer: 0xa0,
  addrx: 0xa1,
  constx: 0xa2,
  entry_value: 0xa3,
  const_type: 0xa4,
  regval_type: 0xa5,
  deref_type: 0xa6,
  xderef_type: 0xa7,
  convert: 0xa8,
  reinterpret: 0xa9,
  GNU_push_tls_address: 0xe0,
  GNU_entry_value: 0xf3,
} as const;

/** Operand encodings: u1/s1/u2/s2/u4/s4/u8/s8 fixed, U/S LEB128, A address, B ULEB-counted block. */
type Operand = 'u1' | 's1' | 'u2' | 's2' | 'u4' | 's4' | 'u8' | 's8' | 'U' | 'S' | 'A' | 'B';

const operandsOf = new Map<number, readonly Operand[]>([
  [DW_OP.addr, ['A']],
  [DW_OP.const1u, ['u1']],
  [DW_OP.const1s, ['s1']],
  [DW_OP.const2u, ['u2']],
  [DW_OP.const2s, ['s2']],
  [DW_OP.const4u, ['u4']],
  [DW_OP.const4s, ['s4']],
  [DW_OP.const8u, ['u8']],
  [DW_OP.const8s, ['s8']],
  [DW_OP.constu, ['U']],
  [DW_OP.consts, ['S']],
  [DW_OP.pick, ['u1']],
  [DW_OP.plus_uconst, ['U']],
  [DW_OP.bra, ['s2']],
  [DW_OP.skip, ['s2']],
  [DW_OP.regx, ['U']],
  [DW_OP.fbreg, ['S']],
  [DW_OP.bregx, ['U', 'S']],
  [DW_OP.piece, ['U']],
  [DW_OP.deref_size, ['u1']],
  [DW_OP.xderef_size, ['u1']],
  [DW_OP.call2, ['u2']],
  [DW_OP.call4, ['u4']],
  [DW_OP.call_ref, ['u4']],
  [DW_OP.bit_piece, ['U', 'U']],
  [DW_OP.implicit_value, ['B']],
  [DW_OP.implicit_pointer, ['u4', 'S']],
  [DW_OP.addrx, ['U']],
  [DW_OP.constx, ['U']],
  [DW_OP.entry_value, ['B']],
  [DW_OP.GNU_entry_value, ['B']],
  [DW_OP.const_type, ['U']],
  [DW_OP.regval_type, ['U', 'U']],
  [DW_OP.deref_type, ['u1', 'U']],
  [DW_OP.xderef_type, ['u1', 'U']],
  [DW_OP.convert, ['U']],
  [DW_OP.reinterpret, ['U']],
]);

/** One decoded operation. */
export interface ExprOp {
  /** Byte offset of the opcode within the expression. */
  readonly offset: number;
  /** Byte offset just past the operation. */
  readonly end: number;
  readonly opcode: number;
  /** Numeric operands (bigint only when a 64-bit value does not fit a number). */
  readonly operands: readonly (number | bigint)[];
  /** The block operand of implicit_value / entry_value / const_type. */
  readonly block?: Uint8Array;
}

const opNames = new Map<number, string>();
for (const [name, value] of Object.entries(DW_OP)) opNames.set(value, `DW_OP_${name}`);
for (let i = 0; i < 32; i++) {
  opNames.set(DW_OP.lit0 + i, `DW_OP_lit${i}`);
  opNames.set(DW_OP.reg0 + i, `DW_OP_reg${i}`);
  opNames.set(DW_OP.breg0 + i, `DW_OP_breg${i}`);
}

export function opName(opcode: number): string {
  return opNames.get(opcode) ?? `DW_OP_unknown_0x${opcode.toString(16)}`;
}

/** Decodes an expression into operations; throws DwarfError on unknown opcodes or truncation. */
export function decodeExpression(bytes: Uint8Array, addressSize: number): ExprOp[] {
  const c = new Cursor(bytes, 'DWARF expression');
  const ops: ExprOp[] = [];
  while (!c.atEnd) {
    const offset = c.offset;
    const opcode = c.u8();
    let kinds = operandsOf.get(opcode);
    if (!kinds) {
      if (opcode >= DW_OP.breg0 && opcode < DW_OP.breg0 + 32) kinds = ['S'];
      else if (opNames.has(opcode)) kinds = [];
      else throw c.error(`unknown operation 0x${opcode.toString(16)}`, offset);
    }
    const operands: (number | bigint)[] = [];
    let block: Uint8Array | undefined;
    for (const k of kinds) {
      switch (k) {
        case 'u1':
          operands.push(c.u8());
          break;
        case 's1':
          operands.push(c.i8());
          break;
        case 'u2':
          operands.push(c.u16());
          break;
        case 's2':
          operands.push(c.i16());
          break;
        case 'u4':
          operands.push(c.u32());
          break;
        case 's4':
          operands.push(c.i32());
          break;
        case 'u8':
          operands.push(small(c.u64()));
          break;
        case 's8':
          operands.push(small(c.i64()));
          break;
        case 'U':
          operands.push(small(c.ulebBig()));
          break;
        case 'S':
          operands.push(small(c.slebBig()));
          break;
        case 'A':
          operands.push(c.address(addressSize));
          break;
        case 'B':
          block = c.bytesOf(c.uleb(), 'operation block');
          break;
      }
    }
    if (opcode === DW_OP.const_type) block = c.bytesOf(c.u8(), 'constant');
    ops.push({ offset, end: c.offset, opcode, operands, block });
  }
  return ops;
}

function small(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

/** RISC-V DWARF register names as llvm-dwarfdump prints them (x0–x31 = 0–31, f0–f31 = 32–63). */
export function registerName(n: number | bigint): string {
  const r = Number(n);
  if (r >= 0 && r < 32) return `X${r}`;
  if (r >= 32 && r < 64) return `F${r - 32}_F`;
  return `reg${r}`;
}

/** The expression in llvm-dwarfdump's notation, e.g. "DW_OP_fbreg -12" or "DW_OP_breg2 X2+16". */
export function formatExpression(bytes: Uint8Array, addressSize: number): string {
  return decodeExpression(bytes, addressSize).map(formatOp).join(', ');
}

function formatOp(op: ExprOp): string {
  const name = opName(op.opcode);
  const [a, b] = op.operands;
  if (op.opcode >= DW_OP.reg0 && op.opcode < DW_OP.reg0 + 32) return `${name} ${registerName(op.opcode - DW_OP.reg0)}`;
  if (op.opcode >= DW_OP.breg0 && op.opcode < DW_OP.breg0 + 32) return `${name} ${registerName(op.opcode - DW_OP.breg0)}${signed(a)}`;
  if (op.opcode === DW_OP.regx) return `${name} ${registerName(a)}`;
  if (op.opcode === DW_OP.bregx) return `${name} ${registerName(a)}${signed(b)}`;
  const kinds = operandsOf.get(op.opcode) ?? [];
  const parts = [name];
  op.operands.forEach((v, i) => {
    const k = kinds[i];
    parts.push(k === 's1' || k === 's2' || k === 's4' || k === 's8' || k === 'S' ? signed(v) : `0x${v.toString(16)}`);
  });
  if (op.block) parts.push(`0x${[...op.block].map((x) => x.toString(16).padStart(2, '0')).join(' 0x')}`);
  return parts.join(' ');
}

function signed(v: number | bigint | undefined): string {
  const n = v ?? 0;
  return n >= 0 ? `+${n}` : `${n}`;
}
