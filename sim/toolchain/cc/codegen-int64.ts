// long long on a 32-bit machine: values are (low, high) word pairs on the expression stack.
// Add and subtract carry through sltu, multiply uses mulhu for the cross terms, shifts and
// comparisons are inline; division and remainder call libgcc's __divdi3 family (our libc has
// them), as clang does. Results are built in a0/a1 so no operand is overwritten while needed.

import type { BinaryOp, Expr } from './ast';
import { valueWords } from './codegen-abi';
import type { FunctionGen } from './codegen-frame';
import { isUnsigned, unqualified, type CType } from './types';

/** True when a binary node works on long long operands (its lhs is two words). */
export function isWideOperation(e: Expr & { kind: 'binary' }): boolean {
  return valueWords(e.lhs.type) === 2;
}

/** Combines the long long lhs with the rhs above it (a long long, or one word for shifts). */
export function genBinary64(g: FunctionGen, op: BinaryOp, lhsType: CType, rhsType: CType): void {
  const signed = !isUnsigned(unqualified(lhsType));
  if (op === 'shl' || op === 'shr') {
    if (valueWords(rhsType) === 2) g.pop();
    return shift64(g, op === 'shl' ? 'shl' : signed ? 'sra' : 'srl');
  }
  if (op === 'div' || op === 'mod') return divide64(g, op, signed);
  const p = g.depth - 4;
  const a = g.src(p, 'a2');
  const ah = g.src(p + 1, 'a3');
  const b = g.src(p + 2, 'a4');
  const bh = g.src(p + 3, 'a5');
  g.pop(2);
  const lines = pairLines(op, a, ah, b, bh);
  if (lines) {
    for (const line of lines) g.emit(line);
    g.setWord(p, 'a0');
    g.setWord(p + 1, 'a1');
    return;
  }
  g.pop();
  switch (op) {
    case 'eq':
    case 'ne':
      g.emit(`xor\ta0, ${a}, ${b}`);
      g.emit(`xor\ta1, ${ah}, ${bh}`);
      g.emit('or\ta0, a0, a1');
      g.emit(`${op === 'eq' ? 'seqz' : 'snez'}\ta0, a0`);
      break;
    case 'lt':
      lessThan(g, signed, a, ah, b, bh);
      break;
    case 'gt':
      lessThan(g, signed, b, bh, a, ah);
      break;
    case 'le':
      lessThan(g, signed, b, bh, a, ah);
      g.emit('xori\ta0, a0, 1');
      break;
    case 'ge':
      lessThan(g, signed, a, ah, b, bh);
      g.emit('xori\ta0, a0, 1');
      break;
  }
  g.setWord(p, 'a0');
}

function pairLines(op: BinaryOp, a: string, ah: string, b: string, bh: string): string[] | null {
  switch (op) {
    case 'add':
      return [`add\ta0, ${a}, ${b}`, `sltu\ta6, a0, ${a}`, `add\ta1, ${ah}, ${bh}`, 'add\ta1, a1, a6'];
    case 'sub':
      return [`sltu\ta6, ${a}, ${b}`, `sub\ta0, ${a}, ${b}`, `sub\ta1, ${ah}, ${bh}`, 'sub\ta1, a1, a6'];
    case 'mul':
      return [`mul\ta0, ${a}, ${b}`, `mulhu\ta1, ${a}, ${b}`, `mul\ta6, ${ah}, ${b}`, 'add\ta1, a1, a6', `mul\ta6, ${a}, ${bh}`, 'add\ta1, a1, a6'];
    case 'and':
    case 'or':
    case 'xor':
      return [`${op}\ta0, ${a}, ${b}`, `${op}\ta1, ${ah}, ${bh}`];
    default:
      return null;
  }
}

/** a0 = (x < y) for word pairs: the high words decide unless equal, then the low words (unsigned). */
function lessThan(g: FunctionGen, signed: boolean, x: string, xh: string, y: string, yh: string): void {
  const low = g.ctx.label('cmplo');
  const done = g.ctx.label('cmpdone');
  g.emit(`beq\t${xh}, ${yh}, ${low}`);
  g.emit(`${signed ? 'slt' : 'sltu'}\ta0, ${xh}, ${yh}`);
  g.emit(`j\t${done}`);
  g.placeLabel(low);
  g.emit(`sltu\ta0, ${x}, ${y}`);
  g.placeLabel(done);
}

/** Shifts the pair below the top word by it (counts 0..63; larger ones are undefined in C). */
function shift64(g: FunctionGen, kind: 'shl' | 'srl' | 'sra'): void {
  const p = g.depth - 3;
  const lo = g.src(p, 'a2');
  const hi = g.src(p + 1, 'a3');
  const n = g.src(p + 2, 'a4');
  g.pop();
  const small = g.ctx.label('shsmall');
  const done = g.ctx.label('shdone');
  g.emit(`addi\ta7, ${n}, -32`);
  g.emit(`bltz\ta7, ${small}`);
  if (kind === 'shl') {
    g.emit(`sll\ta1, ${lo}, a7`);
    g.emit('li\ta0, 0');
  } else {
    g.emit(`${kind}\ta0, ${hi}, a7`);
    g.emit(kind === 'sra' ? `srai\ta1, ${hi}, 31` : 'li\ta1, 0');
  }
  g.emit(`j\t${done}`);
  g.placeLabel(small);
  // The bits crossing words move by 32-n, done as (x >> 1) >> (31-n) so n = 0 needs no branch.
  g.emit(`xori\ta7, ${n}, 31`);
  if (kind === 'shl') {
    g.emit(`srli\ta6, ${lo}, 1`);
    g.emit('srl\ta6, a6, a7');
    g.emit(`sll\ta1, ${hi}, ${n}`);
    g.emit('or\ta1, a1, a6');
    g.emit(`sll\ta0, ${lo}, ${n}`);
  } else {
    g.emit(`slli\ta6, ${hi}, 1`);
    g.emit('sll\ta6, a6, a7');
    g.emit(`srl\ta0, ${lo}, ${n}`);
    g.emit('or\ta0, a0, a6');
    g.emit(`${kind}\ta1, ${hi}, ${n}`);
  }
  g.placeLabel(done);
  g.setWord(p, 'a0');
  g.setWord(p + 1, 'a1');
}

function divide64(g: FunctionGen, op: 'div' | 'mod', signed: boolean): void {
  const p = g.depth - 4;
  const helper = `__${signed ? '' : 'u'}${op === 'div' ? 'div' : 'mod'}di3`;
  callWithWords(g, helper, p, 4);
  g.pop(2);
  g.setWord(p, 'a0');
  g.setWord(p + 1, 'a1');
}

/** Calls a runtime helper with the `count` stack words from `p` in a0.. (they are consumed; result in a0/a1). */
export function callWithWords(g: FunctionGen, helper: string, p: number, count: number): void {
  for (let w = 0; w < count; w++) {
    const reg = `a${w}`;
    const value = g.src(p + w, reg);
    if (value !== reg) g.emit(`mv\t${reg}, ${value}`);
  }
  g.saveLive(p);
  g.emit(`call\t${helper}`);
  g.restoreLive(p);
}

export function genUnary64(g: FunctionGen, op: 'neg' | 'not' | 'lognot'): void {
  const p = g.depth - 2;
  const lo = g.src(p, 'a2');
  const hi = g.src(p + 1, 'a3');
  if (op === 'lognot') {
    g.emit(`or\ta0, ${lo}, ${hi}`);
    g.emit('seqz\ta0, a0');
    g.pop();
    g.setWord(p, 'a0');
    return;
  }
  if (op === 'not') {
    g.emit(`not\ta0, ${lo}`);
    g.emit(`not\ta1, ${hi}`);
  } else {
    g.emit(`snez\ta6, ${lo}`);
    g.emit(`neg\ta0, ${lo}`);
    g.emit(`neg\ta1, ${hi}`);
    g.emit('sub\ta1, a1, a6');
  }
  g.setWord(p, 'a0');
  g.setWord(p + 1, 'a1');
}
