// Operand checks and immediate encoding shared by real and pseudo-instructions: which operand
// kinds an instruction slot accepts, which relocation modifiers go with it (llvm-mc's rules:
// `%lo`/`%pcrel_lo`/`%tprel_lo` in 12-bit slots, `%hi`/`%tprel_hi` for lui, `%pcrel_hi` and
// friends for auipc, bare symbols for branch and jump targets), range checks with llvm-mc's
// messages, and emitting the word with its fixup. Constants are encoded at once; symbolic
// operands leave the field zero and record a fixup that fixups.ts settles at the end.

import { encode, type Fields } from '../../isa/encode';
import type { AsmContext } from './context';
import { fail, type SourceLoc } from './diagnostics';
import { evaluate } from './eval';
import type { Expr, FixupKind } from './model';
import { CSRS, type Operand } from './operands';
import { emitInstruction } from './sections';
import { registerExpr } from './symbols';

export interface InstructionStatement {
  /** Lower-cased mnemonic as written, including any `.aq`/`.rl` suffix. */
  readonly mnemonic: string;
  readonly loc: SourceLoc;
  readonly operands: readonly Operand[];
}

/** A field whose value is not known yet. */
export interface PendingField {
  readonly kind: FixupKind;
  readonly expr: Expr;
  readonly loc: SourceLoc;
}

/** An immediate: its value now, or zero with the fixup that will fill it in. */
export interface Immediate {
  readonly imm: number;
  readonly pending: PendingField | null;
}

const known = (imm: number): Immediate => ({ imm, pending: null });

export const SIMM12_MESSAGE = 'operand must be a symbol with %lo/%pcrel_lo/%tprel_lo modifier or an integer in the range [-2048, 2047]';
const LUI_MESSAGE = 'operand must be a symbol with %hi/%tprel_hi modifier or an integer in the range [0, 1048575]';
const AUIPC_MESSAGE = 'operand must be a symbol with a %pcrel_hi/%got_pcrel_hi/%tls_ie_pcrel_hi/%tls_gd_pcrel_hi modifier or an integer in the range [0, 1048575]';
export const UIMM5_MESSAGE = 'immediate must be an integer in the range [0, 31]';

/** Checks the operand count: too few is reported at the mnemonic, too many at the first extra. */
export function expectOperands(stmt: InstructionStatement, min: number, max = min): void {
  if (stmt.operands.length < min) fail(stmt.loc, 'too few operands for instruction');
  if (stmt.operands.length > max) fail(stmt.operands[max].loc, 'invalid operand for instruction');
}

export function reg(op: Operand): number {
  if (op.kind !== 'reg') fail(op.loc, 'invalid operand for instruction');
  return op.reg;
}

export function exprOf(op: Operand, message = 'invalid operand for instruction'): Expr {
  if (op.kind !== 'expr') fail(op.loc, message);
  return op.expr;
}

/** Encodes and emits one instruction, recording its fixup if a field is still unknown. */
export function emit(ctx: AsmContext, name: string, fields: Fields, loc: SourceLoc, pending: PendingField | null = null): number {
  if (pending) registerExpr(ctx, pending.expr);
  const offset = emitInstruction(ctx, encode(name, fields), loc);
  if (pending) ctx.current.fixups.push({ offset, kind: pending.kind, expr: pending.expr, loc: pending.loc });
  return offset;
}

/** Emits a ready-made word (instructions outside the table: fence.tso, unimp, mret, ...). */
export function emitWord(ctx: AsmContext, word: number, loc: SourceLoc): void {
  emitInstruction(ctx, word >>> 0, loc);
}

// The value of an operand that must be a constant now, or undefined if it is symbolic.
function constantNow(ctx: AsmContext, expr: Expr): bigint | undefined {
  const v = evaluate(ctx, expr);
  return v.sym || v.sub ? undefined : v.addend;
}

const hi20 = (v: bigint) => Number(((v + 0x800n) >> 12n) & 0xfffffn);
const lo12 = (v: bigint) => Number(BigInt.asIntN(12, v));

/** A signed 12-bit slot (I/S-type immediates, load/store/jalr offsets). */
export function simm12(ctx: AsmContext, expr: Expr, loc: SourceLoc, store: boolean): Immediate {
  if (expr.kind === 'modifier') {
    const kinds: Partial<Record<string, FixupKind>> = store
      ? { lo: 'lo12_s', pcrel_lo: 'pcrel_lo12_s', tprel_lo: 'tprel_lo12_s' }
      : { lo: 'lo12_i', pcrel_lo: 'pcrel_lo12_i', tprel_lo: 'tprel_lo12_i' };
    const kind = kinds[expr.modifier];
    if (!kind) fail(loc, SIMM12_MESSAGE);
    const value = expr.modifier === 'lo' ? constantNow(ctx, expr.operand) : undefined;
    if (value !== undefined) return known(lo12(value));
    return { imm: 0, pending: { kind, expr: expr.operand, loc } };
  }
  const value = constantNow(ctx, expr);
  if (value === undefined || value < -2048n || value > 2047n) fail(loc, SIMM12_MESSAGE);
  return known(Number(value));
}

/** The upper-20-bit slot of lui (`auipc: false`) or auipc; `imm` is the value `<< 12`. */
export function uimm20(ctx: AsmContext, expr: Expr, loc: SourceLoc, auipc: boolean): Immediate {
  if (expr.kind === 'modifier') {
    const kinds: Partial<Record<string, FixupKind>> = auipc
      ? { pcrel_hi: 'pcrel_hi20', got_pcrel_hi: 'got_hi20', tls_ie_pcrel_hi: 'tls_ie_hi20', tls_gd_pcrel_hi: 'tls_gd_hi20' }
      : { hi: 'hi20', tprel_hi: 'tprel_hi20' };
    const kind = kinds[expr.modifier];
    if (!kind) fail(loc, auipc ? AUIPC_MESSAGE : LUI_MESSAGE);
    const value = expr.modifier === 'hi' ? constantNow(ctx, expr.operand) : undefined;
    if (value !== undefined) return known(hi20(value) << 12);
    return { imm: 0, pending: { kind, expr: expr.operand, loc } };
  }
  const value = constantNow(ctx, expr);
  if (value === undefined || value < 0n || value > 0xfffffn) fail(loc, auipc ? AUIPC_MESSAGE : LUI_MESSAGE);
  return known(Number(value) << 12);
}

/** A branch (13-bit) or jal (21-bit) target: a constant offset or a symbol (plus addend). */
export function pcTarget(ctx: AsmContext, op: Operand, bits: 13 | 21): Immediate {
  const limit = 2 ** (bits - 1);
  const message = `immediate must be a multiple of 2 bytes in the range [${-limit}, ${limit - 2}]`;
  const expr = exprOf(op, message);
  if (expr.kind === 'modifier') fail(op.loc, message);
  const value = constantNow(ctx, expr);
  if (value !== undefined) {
    if (value < BigInt(-limit) || value >= BigInt(limit) || value % 2n !== 0n) fail(op.loc, message);
    return known(Number(value));
  }
  return { imm: 0, pending: { kind: bits === 13 ? 'branch' : 'jal', expr, loc: op.loc } };
}

/** An unsigned constant of `bits` bits (shift amounts, CSR immediates). */
export function uimm(ctx: AsmContext, op: Operand, bits: number, message: string): number {
  const expr = exprOf(op, message);
  const value = expr.kind === 'modifier' ? undefined : constantNow(ctx, expr);
  if (value === undefined || value < 0n || value >= 1n << BigInt(bits)) fail(op.loc, message);
  return Number(value);
}

/** A memory operand `offset(base)`; a bare `(base)` means offset 0. */
export function memory(ctx: AsmContext, op: Operand, store: boolean): { base: number; offset: Immediate } {
  if (op.kind !== 'mem') fail(op.loc, 'invalid operand for instruction');
  if (!op.offset) return { base: op.base, offset: known(0) };
  return { base: op.base, offset: simm12(ctx, op.offset, op.loc, store) };
}

/** A CSR operand: a CSR name, or a constant expression in [0, 4095]. */
export function csrNumber(ctx: AsmContext, op: Operand): number {
  const message = 'operand must be a valid system register name or an integer in the range [0, 4095]';
  const expr = exprOf(op, message);
  if (expr.kind === 'sym') {
    const named = CSRS.get(expr.name);
    if (named !== undefined) return named;
  }
  return uimm(ctx, op, 12, message);
}

