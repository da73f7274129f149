// Phase 4b: pseudo-instructions, expanded exactly as llvm-mc expands them. One-instruction
// aliases (mv, not, beqz, csrr, ret, ...) map onto a table row with fixed operands. `li` uses
// LLVM's RV32 materialisation: a single addi when the value fits in 12 bits, otherwise lui of
// the rounded upper 20 bits plus an addi of the sign-extended low 12 when they are non-zero.
// `la`/`lla` and loads/stores to a symbol are an auipc at a fresh `.Lpcrel_hiN` label followed by
// an instruction whose `%pcrel_lo` names that label; `call`/`tail`/`jump` are auipc+jalr with one
// R_RISCV_CALL (or CALL_PLT for `sym@plt`) on the pair.

import type { AsmContext } from './context';
import { fail } from './diagnostics';
import {
  UIMM5_MESSAGE, csrNumber, emit, emitWord, expectOperands, exprOf, memory, pcTarget, reg, simm12, uimm,
  type InstructionStatement,
} from './encoding';
import { evaluate } from './eval';
import type { Expr } from './model';
import type { Operand } from './operands';
import { namedTemporaryHere } from './symbols';

type Pseudo = (ctx: AsmContext, stmt: InstructionStatement) => void;

const ZERO = 0;
const RA = 1;
const T1 = 6;

// One instruction with some operands fixed: `rd, rs` forms of I- and R-type rows.
const regImm = (name: string, imm: number): Pseudo => (ctx, s) => {
  expectOperands(s, 2);
  emit(ctx, name, { rd: reg(s.operands[0]), rs1: reg(s.operands[1]), imm }, s.loc);
};
const regReg = (name: string, order: 'x0-rs' | 'rs-x0'): Pseudo => (ctx, s) => {
  expectOperands(s, 2);
  const rs = reg(s.operands[1]);
  emit(ctx, name, { rd: reg(s.operands[0]), rs1: order === 'x0-rs' ? ZERO : rs, rs2: order === 'x0-rs' ? rs : ZERO }, s.loc);
};
const swapped = (name: string): Pseudo => (ctx, s) => {
  expectOperands(s, 3);
  emit(ctx, name, { rd: reg(s.operands[0]), rs1: reg(s.operands[2]), rs2: reg(s.operands[1]) }, s.loc);
};
// Compare-with-zero branches: which side zero goes on.
const branchZero = (name: string, zeroFirst: boolean): Pseudo => (ctx, s) => {
  expectOperands(s, 2);
  const rs = reg(s.operands[0]);
  const { imm, pending } = pcTarget(ctx, s.operands[1], 13);
  emit(ctx, name, { rs1: zeroFirst ? ZERO : rs, rs2: zeroFirst ? rs : ZERO, imm }, s.loc, pending);
};
const branchSwapped = (name: string): Pseudo => (ctx, s) => {
  expectOperands(s, 3);
  const { imm, pending } = pcTarget(ctx, s.operands[2], 13);
  emit(ctx, name, { rs1: reg(s.operands[1]), rs2: reg(s.operands[0]), imm }, s.loc, pending);
};
const counterRead = (csr: number): Pseudo => (ctx, s) => {
  expectOperands(s, 1);
  emit(ctx, 'csrrs', { rd: reg(s.operands[0]), rs1: ZERO, imm: csr }, s.loc);
};
// csrw/csrs/csrc take a register or (selecting the "i" row) a 5-bit constant.
const csrWrite = (name: string, immediateOnly: boolean): Pseudo => (ctx, s) => {
  expectOperands(s, 2);
  const csr = csrNumber(ctx, s.operands[0]);
  const src = s.operands[1];
  if (immediateOnly || src.kind === 'expr') emit(ctx, immediateOnly ? name : name + 'i', { rd: ZERO, rs1: uimm(ctx, src, 5, UIMM5_MESSAGE), imm: csr }, s.loc);
  else emit(ctx, name, { rd: ZERO, rs1: reg(src), imm: csr }, s.loc);
};
const fixedWord = (word: number): Pseudo => (ctx, s) => {
  expectOperands(s, 0);
  emitWord(ctx, word, s.loc);
};
const renamed = (name: string): Pseudo => (ctx, s) => {
  expectOperands(s, 0);
  emit(ctx, name, {}, s.loc);
};

const PSEUDOS: ReadonlyMap<string, Pseudo> = new Map<string, Pseudo>([
  ['nop', (ctx, s) => (expectOperands(s, 0), emit(ctx, 'addi', {}, s.loc))],
  ['li', li],
  ['mv', regImm('addi', 0)],
  ['move', regImm('addi', 0)],
  ['not', regImm('xori', -1)],
  ['neg', regReg('sub', 'x0-rs')],
  ['seqz', regImm('sltiu', 1)],
  ['snez', regReg('sltu', 'x0-rs')],
  ['sltz', regReg('slt', 'rs-x0')],
  ['sgtz', regReg('slt', 'x0-rs')],
  ['sgt', swapped('slt')],
  ['sgtu', swapped('sltu')],
  ['zext.b', regImm('andi', 0xff)],
  ['beqz', branchZero('beq', false)],
  ['bnez', branchZero('bne', false)],
  ['blez', branchZero('bge', true)],
  ['bgez', branchZero('bge', false)],
  ['bltz', branchZero('blt', false)],
  ['bgtz', branchZero('blt', true)],
  ['bgt', branchSwapped('blt')],
  ['ble', branchSwapped('bge')],
  ['bgtu', branchSwapped('bltu')],
  ['bleu', branchSwapped('bgeu')],
  ['j', (ctx, s) => {
    expectOperands(s, 1);
    const { imm, pending } = pcTarget(ctx, s.operands[0], 21);
    emit(ctx, 'jal', { rd: ZERO, imm }, s.loc, pending);
  }],
  ['jr', jr],
  ['ret', (ctx, s) => (expectOperands(s, 0), emit(ctx, 'jalr', { rd: ZERO, rs1: RA }, s.loc))],
  ['call', (ctx, s) => (expectOperands(s, 1), callPair(ctx, s, s.operands[0], RA, RA))],
  ['tail', (ctx, s) => (expectOperands(s, 1), callPair(ctx, s, s.operands[0], T1, ZERO))],
  ['jump', (ctx, s) => (expectOperands(s, 2), callPair(ctx, s, s.operands[0], reg(s.operands[1]), ZERO))],
  ['la', (ctx, s) => loadAddress(ctx, s, ctx.pic)],
  ['lla', (ctx, s) => loadAddress(ctx, s, false)],
  ['rdcycle', counterRead(0xc00)],
  ['rdtime', counterRead(0xc01)],
  ['rdinstret', counterRead(0xc02)],
  ['rdcycleh', counterRead(0xc80)],
  ['rdtimeh', counterRead(0xc81)],
  ['rdinstreth', counterRead(0xc82)],
  ['csrr', (ctx, s) => {
    expectOperands(s, 2);
    emit(ctx, 'csrrs', { rd: reg(s.operands[0]), rs1: ZERO, imm: csrNumber(ctx, s.operands[1]) }, s.loc);
  }],
  ['csrw', csrWrite('csrrw', false)],
  ['csrs', csrWrite('csrrs', false)],
  ['csrc', csrWrite('csrrc', false)],
  ['csrwi', csrWrite('csrrwi', true)],
  ['csrsi', csrWrite('csrrsi', true)],
  ['csrci', csrWrite('csrrci', true)],
  ['unimp', fixedWord(0xc0001073)],
  ['fence.tso', fixedWord(0x8330000f)],
  ['scall', renamed('ecall')],
  ['sbreak', renamed('ebreak')],
  // Privileged instructions llvm-mc accepts in any mode (not part of the simulated user ISA).
  ['mret', fixedWord(0x30200073)],
  ['sret', fixedWord(0x10200073)],
  ['uret', fixedWord(0x00200073)],
  ['dret', fixedWord(0x7b200073)],
  ['wfi', fixedWord(0x10500073)],
  ['sfence.vma', sfenceVma],
]);

/** Assembles a pseudo-instruction; returns false when the mnemonic is not one. */
export function assemblePseudoInstruction(ctx: AsmContext, stmt: InstructionStatement): boolean {
  const pseudo = PSEUDOS.get(stmt.mnemonic);
  if (!pseudo) return false;
  pseudo(ctx, stmt);
  return true;
}

// li = "li" rd "," imm32
function li(ctx: AsmContext, s: InstructionStatement): void {
  expectOperands(s, 2);
  const rd = reg(s.operands[0]);
  const message = 'immediate must be an integer in the range [-2147483648, 4294967295]';
  const expr = exprOf(s.operands[1], message);
  if (expr.kind === 'modifier' && (expr.modifier === 'lo' || expr.modifier === 'pcrel_lo')) {
    const { imm, pending } = simm12(ctx, expr, s.operands[1].loc, false);
    emit(ctx, 'addi', { rd, rs1: ZERO, imm }, s.loc, pending);
    return;
  }
  const v = expr.kind === 'modifier' ? null : evaluate(ctx, expr);
  if (!v || v.sym || v.sub || v.addend < -(2n ** 31n) || v.addend >= 2n ** 32n) fail(s.operands[1].loc, message);
  const value = Number(BigInt.asIntN(32, v.addend));
  if (value >= -2048 && value < 2048) {
    emit(ctx, 'addi', { rd, rs1: ZERO, imm: value }, s.loc);
    return;
  }
  const hi = ((value + 0x800) >>> 12) & 0xfffff;
  const lo = (value << 20) >> 20;
  emit(ctx, 'lui', { rd, imm: hi << 12 }, s.loc);
  if (lo !== 0) emit(ctx, 'addi', { rd, rs1: rd, imm: lo }, s.loc);
}

// jr = "jr" (rs | offset "(" rs ")" | rs "," offset)
function jr(ctx: AsmContext, s: InstructionStatement): void {
  expectOperands(s, 1, 2);
  const target = s.operands[0];
  if (target.kind === 'mem') {
    expectOperands(s, 1);
    const { base, offset } = memory(ctx, target, false);
    emit(ctx, 'jalr', { rd: ZERO, rs1: base, imm: offset.imm }, s.loc, offset.pending);
    return;
  }
  const offset = s.operands.length > 1 ? simm12(ctx, exprOf(s.operands[1]), s.operands[1].loc, false) : { imm: 0, pending: null };
  emit(ctx, 'jalr', { rd: ZERO, rs1: reg(target), imm: offset.imm }, s.loc, offset.pending);
}

function sfenceVma(ctx: AsmContext, s: InstructionStatement): void {
  expectOperands(s, 0, 2);
  const rs1 = s.operands.length > 0 ? reg(s.operands[0]) : 0;
  const rs2 = s.operands.length > 1 ? reg(s.operands[1]) : 0;
  emitWord(ctx, 0x12000073 | (rs1 << 15) | (rs2 << 20), s.loc);
}

/** The target of la/lla/call/tail and symbol loads: a symbol plus an optional constant. */
function bareSymbol(ctx: AsmContext, op: Operand, message: string): Expr {
  const expr = exprOf(op, message);
  if (expr.kind === 'modifier') fail(op.loc, message);
  const v = evaluate(ctx, expr, false);
  if (!v.sym || v.sub) fail(op.loc, message);
  return expr;
}

// call/tail/jump = auipc tmp, 0 ; jalr link, 0(tmp)   with R_RISCV_CALL(_PLT) on the auipc
function callPair(ctx: AsmContext, s: InstructionStatement, target: Operand, tmp: number, link: number): void {
  const expr = bareSymbol(ctx, target, 'operand must be a bare symbol name');
  const plt = expr.kind === 'sym' && expr.plt;
  emit(ctx, 'auipc', { rd: tmp }, s.loc, { kind: plt ? 'call_plt' : 'call', expr, loc: target.loc });
  emit(ctx, 'jalr', { rd: link, rs1: tmp }, s.loc);
}

// The auipc of a pc-relative pair, at a new .Lpcrel_hiN label; returns %pcrel_lo's operand.
function auipcAtLabel(ctx: AsmContext, s: InstructionStatement, rd: number, target: Expr, got: boolean, loc: Operand['loc']): Expr {
  const label = namedTemporaryHere(ctx, `.Lpcrel_hi${ctx.pcrelCount++}`, s.loc);
  emit(ctx, 'auipc', { rd }, s.loc, { kind: got ? 'got_hi20' : 'pcrel_hi20', expr: target, loc });
  return { kind: 'symref', symbol: label, loc };
}

// la/lla = "la" rd "," symbol
function loadAddress(ctx: AsmContext, s: InstructionStatement, got: boolean): void {
  expectOperands(s, 2);
  const rd = reg(s.operands[0]);
  const target = bareSymbol(ctx, s.operands[1], 'operand must be a bare symbol name');
  const label = auipcAtLabel(ctx, s, rd, target, got, s.operands[1].loc);
  if (got) emit(ctx, 'lw', { rd, rs1: rd }, s.loc, { kind: 'pcrel_lo12_i', expr: label, loc: s.operands[1].loc });
  else emit(ctx, 'addi', { rd, rs1: rd }, s.loc, { kind: 'pcrel_lo12_i', expr: label, loc: s.operands[1].loc });
}

/** `lw rd, sym` (auipc rd) and `sw rs, sym, tmp` (auipc tmp): a load or store at a symbol. */
export function loadStoreSymbol(ctx: AsmContext, name: string, s: InstructionStatement, store: boolean): void {
  expectOperands(s, store ? 3 : 2);
  const value = reg(s.operands[0]);
  const target = bareSymbol(ctx, s.operands[1], 'operand must be a bare symbol name');
  const tmp = store ? reg(s.operands[2]) : value;
  const label = auipcAtLabel(ctx, s, tmp, target, false, s.operands[1].loc);
  const fields = store ? { rs2: value, rs1: tmp } : { rd: value, rs1: tmp };
  emit(ctx, name, fields, s.loc, { kind: store ? 'pcrel_lo12_s' : 'pcrel_lo12_i', expr: label, loc: s.operands[1].loc });
}
