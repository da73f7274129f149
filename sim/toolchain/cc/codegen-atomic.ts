// C11 atomics as clang lowers them for RV32IMA, all sequentially consistent: word-sized
// read-modify-writes are single AMO*.W.aqrl instructions, compare-exchange and nand are
// lr.w.aqrl/sc.w.rl loops, and 1- or 2-byte objects use a masked LR/SC loop on the aligned word
// containing them. Loads and stores are plain accesses between the fences of the RVWMO mapping.

import type { AtomicOp, Expr } from './ast';
import { valueWords } from './codegen-abi';
import { genExpr, truncate } from './codegen-expr';
import type { FunctionGen } from './codegen-frame';
import { loadInstruction, storeInstruction } from './codegen-place';
import { isUnsigned, sizeOf, unqualified, type CType } from './types';

type AtomicExpr = Expr & { kind: 'atomicRmw' | 'atomicCas' | 'atomicLoad' | 'atomicStore' };

const AMO: Partial<Record<AtomicOp, string>> = {
  add: 'amoadd', and: 'amoand', or: 'amoor', xor: 'amoxor', xchg: 'amoswap', min: 'amomin', max: 'amomax', minu: 'amominu', maxu: 'amomaxu',
};

function objectType(e: AtomicExpr): CType {
  const t = unqualified(e.pointer.type);
  return t.kind === 'pointer' ? t.base : e.type;
}

export function genAtomic(g: FunctionGen, e: AtomicExpr): void {
  const t = objectType(e);
  if (valueWords(t) !== 1 || sizeOf(t) > 4) {
    g.ctx.diag.error(e.loc, "atomic operations on 8-byte objects are not supported by oslab's C compiler yet");
    genExpr(g, e.pointer);
    g.pop();
    for (let w = 0; w < valueWords(e.type); w++) g.setWord(g.push(), 'zero');
    return;
  }
  switch (e.kind) {
    case 'atomicLoad': {
      genExpr(g, e.pointer);
      const p = g.depth - 1;
      const a = g.src(p, 'a2');
      g.emit('fence\trw, rw');
      g.emit(`${loadInstruction(t)}\ta0, 0(${a})`);
      g.emit('fence\tr, rw');
      return g.setWord(p, 'a0');
    }
    case 'atomicStore': {
      genExpr(g, e.pointer);
      genExpr(g, e.value);
      const p = g.depth - 2;
      const a = g.src(p, 'a2');
      const v = g.src(p + 1, 'a3');
      g.emit('fence\trw, w');
      g.emit(`${storeInstruction(t)}\t${v}, 0(${a})`);
      g.move(p + 1, p);
      return g.pop();
    }
    case 'atomicRmw':
      return readModifyWrite(g, e.op, e.pointer, e.value, e.fetchOld, t);
    case 'atomicCas':
      return compareExchange(g, e.pointer, e.expected, e.desired, t);
  }
}

/** dst = old op v (the value a read-modify-write stores). */
function applyOp(g: FunctionGen, op: AtomicOp, signed: boolean, dst: string, old: string, v: string): void {
  switch (op) {
    case 'add': return g.emit(`add\t${dst}, ${old}, ${v}`);
    case 'sub': return g.emit(`sub\t${dst}, ${old}, ${v}`);
    case 'and': return g.emit(`and\t${dst}, ${old}, ${v}`);
    case 'or': return g.emit(`or\t${dst}, ${old}, ${v}`);
    case 'xor': return g.emit(`xor\t${dst}, ${old}, ${v}`);
    case 'xchg': return g.emit(`mv\t${dst}, ${v}`);
    case 'nand':
      g.emit(`and\t${dst}, ${old}, ${v}`);
      return g.emit(`not\t${dst}, ${dst}`);
  }
  // min/max: keep old when it already wins.
  const keep = g.ctx.label('keep');
  const unsigned = op === 'minu' || op === 'maxu' || !signed ? 'u' : '';
  const takeOld = op.startsWith('min') ? `blt${unsigned}\t${old}, ${v}` : `blt${unsigned}\t${v}, ${old}`;
  g.emit(`mv\t${dst}, ${old}`);
  g.emit(`${takeOld}, ${keep}`);
  g.emit(`mv\t${dst}, ${v}`);
  g.placeLabel(keep);
}

function readModifyWrite(g: FunctionGen, op: AtomicOp, pointer: Expr, value: Expr, fetchOld: boolean, t: CType): void {
  genExpr(g, pointer);
  genExpr(g, value);
  const p = g.depth - 2;
  const a = g.src(p, 'a2');
  const v = g.src(p + 1, 'a3');
  const signed = !isUnsigned(unqualified(t));
  const size = sizeOf(t);
  const amo = AMO[op];
  if (size === 4 && amo) {
    g.emit(`${amo}.w.aqrl\ta0, ${v}, (${a})`);
  } else if (size === 4 && op === 'sub') {
    g.emit(`neg\ta4, ${v}`);
    g.emit(`amoadd.w.aqrl\ta0, a4, (${a})`);
  } else if (size === 4) {
    const retry = g.ctx.label('rmw');
    g.placeLabel(retry);
    g.emit(`lr.w.aqrl\ta0, (${a})`);
    applyOp(g, op, signed, 'a4', 'a0', v);
    g.emit(`sc.w.rl\ta5, a4, (${a})`);
    g.emit(`bnez\ta5, ${retry}`);
  } else {
    maskedReadModifyWrite(g, op, signed, size, a, v);
  }
  g.pop();
  if (!fetchOld) applyOp(g, op, signed, 'a0', 'a0', v);
  g.setWord(p, 'a0');
  if (size < 4) truncate(g, size, !signed);
}

/** A 1- or 2-byte RMW on the word holding it; leaves the old value (its own bits, extended) in a0. */
function maskedReadModifyWrite(g: FunctionGen, op: AtomicOp, signed: boolean, size: number, a: string, v: string): void {
  const shift = 32 - size * 8;
  wordAndMask(g, a, size);
  const retry = g.ctx.label('rmw');
  g.placeLabel(retry);
  g.emit('lr.w.aqrl\ta0, (a4)');
  g.emit('srl\ta7, a0, a5');
  g.emit(`slli\ta7, a7, ${shift}`);
  g.emit(`${signed ? 'srai' : 'srli'}\ta7, a7, ${shift}`);
  applyOp(g, op, signed, 't6', 'a7', v);
  mergeField(g, 't6', 'a0');
  g.emit('sc.w.rl\ta1, t6, (a4)');
  g.emit(`bnez\ta1, ${retry}`);
  g.emit('mv\ta0, a7');
}

/** a4 = the aligned word's address, a5 = the field's bit offset, a6 = its mask there. */
function wordAndMask(g: FunctionGen, a: string, size: number): void {
  g.emit(`andi\ta4, ${a}, -4`);
  g.emit(`andi\ta5, ${a}, 3`);
  g.emit('slli\ta5, a5, 3');
  g.emit(`li\ta6, ${size === 1 ? 0xff : 0xffff}`);
  g.emit('sll\ta6, a6, a5');
}

/** field = (word & ~mask) | ((field << shift) & mask), in place. */
function mergeField(g: FunctionGen, field: string, word: string): void {
  g.emit(`sll\t${field}, ${field}, a5`);
  g.emit(`xor\t${field}, ${field}, ${word}`);
  g.emit(`and\t${field}, ${field}, a6`);
  g.emit(`xor\t${field}, ${field}, ${word}`);
}

function compareExchange(g: FunctionGen, pointer: Expr, expected: Expr, desired: Expr, t: CType): void {
  genExpr(g, pointer);
  genExpr(g, expected);
  genExpr(g, desired);
  const p = g.depth - 3;
  const a = g.src(p, 'a2');
  const ep = g.src(p + 1, 'a3');
  const d = g.src(p + 2, 'a4');
  const size = sizeOf(t);
  const retry = g.ctx.label('cas');
  const fail = g.ctx.label('casfail');
  const done = g.ctx.label('casdone');
  if (size === 4) {
    g.emit(`lw\ta5, 0(${ep})`);
    g.placeLabel(retry);
    g.emit(`lr.w.aqrl\ta0, (${a})`);
    g.emit(`bne\ta0, a5, ${fail}`);
    g.emit(`sc.w.rl\ta1, ${d}, (${a})`);
    g.emit(`bnez\ta1, ${retry}`);
    g.emit('li\ta0, 1');
    g.emit(`j\t${done}`);
    g.placeLabel(fail);
    g.emit(`sw\ta0, 0(${ep})`);
  } else {
    // a4 may hold the desired value: keep it in a7 while a4 becomes the aligned address.
    g.emit(`mv\ta7, ${d}`);
    wordAndMask(g, a, size);
    g.emit(`${size === 1 ? 'lbu' : 'lhu'}\tt6, 0(${ep})`);
    g.emit('sll\tt6, t6, a5');
    g.placeLabel(retry);
    g.emit('lr.w.aqrl\ta0, (a4)');
    g.emit('and\ta1, a0, a6');
    g.emit(`bne\ta1, t6, ${fail}`);
    g.emit('mv\ta1, a7');
    mergeField(g, 'a1', 'a0');
    g.emit('sc.w.rl\ta0, a1, (a4)');
    g.emit(`bnez\ta0, ${retry}`);
    g.emit('li\ta0, 1');
    g.emit(`j\t${done}`);
    g.placeLabel(fail);
    g.emit('srl\ta1, a1, a5');
    g.emit(`${size === 1 ? 'sb' : 'sh'}\ta1, 0(${ep})`);
  }
  g.emit('li\ta0, 0');
  g.placeLabel(done);
  g.pop(2);
  g.setWord(p, 'a0');
}
