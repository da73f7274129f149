// Phase 4a: the real RV32IMA instructions, one handler per row format of the ISA table in
// sim/isa/instructions.ts (so the assembler, decoder and disassembler share one definition of
// every encoding). Each handler also takes the operand variations llvm-mc accepts for that row:
// `add rd, rs, imm` for addi, `jalr rs` / `jalr rd, rs, imm`, `csrrw rd, csr, imm` for csrrwi,
// `amoadd.w.aqrl`, `lw a0, (sp)`, and `lw a0, sym` (an auipc pair, in pseudos.ts).

import { INSTRUCTIONS, type InstructionSpec } from '../../isa/instructions';
import type { AsmContext } from './context';
import { fail } from './diagnostics';
import {
  UIMM5_MESSAGE, csrNumber, emit, expectOperands, exprOf, memory, pcTarget, reg, simm12, uimm, uimm20,
  type InstructionStatement,
} from './encoding';
import type { Operand } from './operands';
import { evaluate } from './eval';
import { loadStoreSymbol } from './pseudos';

const SPECS: ReadonlyMap<string, InstructionSpec> = new Map(INSTRUCTIONS.map((s) => [s.name, s]));

// LLVM's immediate forms of register-register mnemonics (`add a0, a1, 5` is addi).
const IMMEDIATE_FORM: ReadonlyMap<string, string> = new Map([
  ['add', 'addi'], ['and', 'andi'], ['xor', 'xori'], ['or', 'ori'], ['slt', 'slti'], ['sltu', 'sltiu'],
  ['sll', 'slli'], ['srl', 'srli'], ['sra', 'srai'],
]);

const ORDERINGS: ReadonlyMap<string, number> = new Map([['aq', 2], ['rl', 1], ['aqrl', 3]]);

/** Assembles a real instruction; returns false when the mnemonic is not one. */
export function assembleMachineInstruction(ctx: AsmContext, stmt: InstructionStatement): boolean {
  let spec = SPECS.get(stmt.mnemonic);
  let ordering = 0;
  if (!spec) {
    const dot = stmt.mnemonic.lastIndexOf('.');
    const base = SPECS.get(stmt.mnemonic.slice(0, dot));
    const bits = ORDERINGS.get(stmt.mnemonic.slice(dot + 1));
    if (!base || bits === undefined || (base.format !== 'amo' && base.format !== 'lr')) return false;
    spec = base;
    ordering = bits;
  }
  const ops = stmt.operands;
  const immediateForm = IMMEDIATE_FORM.get(spec.name);
  if (immediateForm && ops.length === 3 && ops[2].kind === 'expr') spec = SPECS.get(immediateForm) as InstructionSpec;
  encodeByFormat(ctx, spec, stmt, ordering);
  return true;
}

function encodeByFormat(ctx: AsmContext, spec: InstructionSpec, stmt: InstructionStatement, ordering: number): void {
  const ops = stmt.operands;
  const name = spec.name;
  switch (spec.format) {
    case 'R': {
      // add rd, rs1, tp, %tprel_add(sym): the TLS local-exec add, marked for the linker.
      const tprel = name === 'add' && ops.length === 4 && ops[3].kind === 'expr' && ops[3].expr.kind === 'modifier' && ops[3].expr.modifier === 'tprel_add' ? ops[3].expr : null;
      expectOperands(stmt, 3, tprel ? 4 : 3);
      const pending = tprel ? { kind: 'tprel_add' as const, expr: tprel.operand, loc: ops[3].loc } : null;
      emit(ctx, name, { rd: reg(ops[0]), rs1: reg(ops[1]), rs2: reg(ops[2]) }, stmt.loc, pending);
      return;
    }
    case 'I': {
      expectOperands(stmt, 3);
      const rd = reg(ops[0]);
      const rs1 = reg(ops[1]);
      const { imm, pending } = simm12(ctx, exprOf(ops[2], SIMM12_OR_INVALID), ops[2].loc, false);
      emit(ctx, name, { rd, rs1, imm }, stmt.loc, pending);
      return;
    }
    case 'shift':
      expectOperands(stmt, 3);
      emit(ctx, name, { rd: reg(ops[0]), rs1: reg(ops[1]), imm: uimm(ctx, ops[2], 5, UIMM5_MESSAGE) }, stmt.loc);
      return;
    case 'load':
    case 'S':
      loadStore(ctx, spec, stmt);
      return;
    case 'B': {
      expectOperands(stmt, 3);
      const { imm, pending } = pcTarget(ctx, ops[2], 13);
      emit(ctx, name, { rs1: reg(ops[0]), rs2: reg(ops[1]), imm }, stmt.loc, pending);
      return;
    }
    case 'U': {
      expectOperands(stmt, 2);
      const rd = reg(ops[0]);
      const { imm, pending } = uimm20(ctx, exprOf(ops[1]), ops[1].loc, name === 'auipc');
      emit(ctx, name, { rd, imm }, stmt.loc, pending);
      return;
    }
    case 'J': {
      expectOperands(stmt, 1, 2);
      const rd = ops.length === 2 ? reg(ops[0]) : 1;
      const { imm, pending } = pcTarget(ctx, ops[ops.length - 1], 21);
      emit(ctx, name, { rd, imm }, stmt.loc, pending);
      return;
    }
    case 'jalr':
      jalr(ctx, stmt);
      return;
    case 'fence':
      fence(ctx, stmt);
      return;
    case 'csr':
    case 'csri':
      csrInstruction(ctx, spec, stmt);
      return;
    case 'amo': {
      expectOperands(stmt, 3);
      emit(ctx, name, { rd: reg(ops[0]), rs2: reg(ops[1]), rs1: amoAddress(ctx, ops[2]), imm: ordering }, stmt.loc);
      return;
    }
    case 'lr':
      expectOperands(stmt, 2);
      emit(ctx, name, { rd: reg(ops[0]), rs1: amoAddress(ctx, ops[1]), imm: ordering }, stmt.loc);
      return;
    case 'none':
      expectOperands(stmt, 0);
      emit(ctx, name, {}, stmt.loc);
      return;
  }
}

const SIMM12_OR_INVALID = 'invalid operand for instruction';

// load = "l*" rd "," (offset "(" rs1 ")" | "(" rs1 ")" | symbol)
// store = "s*" rs2 "," (offset "(" rs1 ")" | "(" rs1 ")" | symbol "," temp)
function loadStore(ctx: AsmContext, spec: InstructionSpec, stmt: InstructionStatement): void {
  const ops = stmt.operands;
  const store = spec.format === 'S';
  if (ops.length >= 2 && ops[1].kind === 'expr') {
    loadStoreSymbol(ctx, spec.name, stmt, store);
    return;
  }
  expectOperands(stmt, 2);
  const value = reg(ops[0]);
  const { base, offset } = memory(ctx, ops[1], store);
  const fields = store ? { rs2: value, rs1: base, imm: offset.imm } : { rd: value, rs1: base, imm: offset.imm };
  emit(ctx, spec.name, fields, stmt.loc, offset.pending);
}

// jalr = "jalr" (rs | offset "(" rs ")" | rd "," rs | rd "," offset "(" rs ")" | rd "," rs "," offset | rs "," offset)
function jalr(ctx: AsmContext, stmt: InstructionStatement): void {
  const ops = stmt.operands;
  expectOperands(stmt, 1, 3);
  let rd = 1;
  let rest: readonly Operand[] = ops;
  if (ops.length === 3 || (ops.length === 2 && ops[1].kind !== 'expr')) {
    rd = reg(ops[0]);
    rest = ops.slice(1);
  }
  if (rest[0].kind === 'mem') {
    if (rest.length > 1) fail(rest[1].loc, 'invalid operand for instruction');
    const { base, offset } = memory(ctx, rest[0], false);
    emit(ctx, 'jalr', { rd, rs1: base, imm: offset.imm }, stmt.loc, offset.pending);
    return;
  }
  const rs1 = reg(rest[0]);
  const offset = rest.length > 1 ? simm12(ctx, exprOf(rest[1]), rest[1].loc, false) : { imm: 0, pending: null };
  emit(ctx, 'jalr', { rd, rs1, imm: offset.imm }, stmt.loc, offset.pending);
}

/** The `(rs1)` of an AMO/LR/SC: llvm-mc also accepts `0(rs1)`. */
function amoAddress(ctx: AsmContext, op: Operand): number {
  if (op.kind !== 'mem') fail(op.loc, 'invalid operand for instruction');
  if (op.offset) {
    const v = evaluate(ctx, op.offset);
    if (v.sym || v.sub || v.addend !== 0n) fail(op.loc, 'optional integer offset must be 0');
  }
  return op.base;
}

// fence = "fence" (set "," set)?   where set = letters of "iorw" in that order
function fence(ctx: AsmContext, stmt: InstructionStatement): void {
  const ops = stmt.operands;
  if (ops.length === 0) {
    emit(ctx, 'fence', { imm: 0xff }, stmt.loc);
    return;
  }
  expectOperands(stmt, 2);
  emit(ctx, 'fence', { imm: (fenceSet(ops[0]) << 4) | fenceSet(ops[1]) }, stmt.loc);
}

function fenceSet(op: Operand): number {
  const message = "operand must be formed of letters selected in-order from 'iorw'";
  const expr = exprOf(op, message);
  if (expr.kind !== 'sym' || !/^i?o?r?w?$/.test(expr.name) || expr.name === '') fail(op.loc, message);
  let bits = 0;
  for (const c of expr.name) bits |= { i: 8, o: 4, r: 2, w: 1 }[c as 'i' | 'o' | 'r' | 'w'];
  return bits;
}

// csr = "csrr?" rd "," csr "," (rs1 | uimm5)      (a constant source selects the "i" form)
function csrInstruction(ctx: AsmContext, spec: InstructionSpec, stmt: InstructionStatement): void {
  const ops = stmt.operands;
  expectOperands(stmt, 3);
  const rd = reg(ops[0]);
  const csr = csrNumber(ctx, ops[1]);
  let name = spec.name;
  if (spec.format === 'csr' && ops[2].kind === 'expr') name += 'i';
  const rs1 = name.endsWith('i') ? uimm(ctx, ops[2], 5, UIMM5_MESSAGE) : reg(ops[2]);
  emit(ctx, name, { rd, rs1, imm: csr }, stmt.loc);
}
