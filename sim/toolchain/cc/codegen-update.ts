// Expressions that write an lvalue: `=`, `op=` and `++`/`--`. The target is located once (its
// address kept on the stack when it had to be computed), read, combined and written back, and
// the expression's own value is left where the caller expects it.

import type { Expr } from './ast';
import { valueWords } from './codegen-abi';
import { convert, genBinary32, genExpr, pushConstant, truncate, unaryInPlace } from './codegen-expr';
import type { FunctionGen } from './codegen-frame';
import { genBinary64 } from './codegen-int64';
import { genPlace, loadPlace, storePlace, type Place } from './codegen-place';
import { isUnsigned, isWide, sizeOf, unqualified, type CType } from './types';

export function genAssign(g: FunctionGen, target: Expr, value: Expr): void {
  const at = g.depth;
  genExpr(g, value);
  const place = genPlace(g, target);
  storePlace(g, place, target.type, at);
  if (place.kind === 'stack') g.pop();
}

/** Loads the place's current value above a kept copy of its address; returns the value's position. */
export function loadKeepingAddress(g: FunctionGen, place: Place, t: CType): number {
  if (place.kind !== 'stack') {
    const at = g.depth;
    loadPlace(g, place, t);
    return at;
  }
  const copy = g.push();
  g.move(place.position, copy);
  loadPlace(g, { ...place, position: copy }, t);
  return copy;
}

/** Stores the value at `at` and moves it down over the kept address, if any. */
function storeAndSettle(g: FunctionGen, place: Place, t: CType, at: number): void {
  storePlace(g, place, t, at);
  dropKeptAddress(g, place, valueWords(t), at);
}

export function genCompoundAssign(g: FunctionGen, e: Expr & { kind: 'compoundAssign' }): void {
  const t = e.target.type;
  const place = genPlace(g, e.target);
  const at = loadKeepingAddress(g, place, t);
  convert(g, t, e.operationType);
  if (isWide(unqualified(e.operationType))) {
    genExpr(g, e.value);
    genBinary64(g, e.op, e.operationType, e.value.type);
  } else {
    genBinary32(g, e.op, e.operationType, e.operationType, e.value);
  }
  convert(g, e.operationType, t);
  storeAndSettle(g, place, t, at);
}

export function genIncDec(g: FunctionGen, e: Expr & { kind: 'incDec' }): void {
  const t = unqualified(e.target.type);
  const words = valueWords(t);
  const place = genPlace(g, e.target);
  const at = loadKeepingAddress(g, place, t);
  if (!e.prefix) for (let w = 0; w < words; w++) g.move(at + w, g.push());
  if (words === 2) {
    pushConstant(g, e.delta, t);
    genBinary64(g, 'add', t, t);
  } else {
    const delta = Number(BigInt.asIntN(32, e.delta));
    unaryInPlace(g, (d, x) => (delta >= -2048 && delta <= 2047 ? [`addi\t${d}, ${x}, ${delta}`] : [`li\ta3, ${delta}`, `add\t${d}, ${x}, a3`]));
    if (t.kind === 'bool') unaryInPlace(g, (d, x) => [`snez\t${d}, ${x}`]);
    else if (sizeOf(t) < 4) truncate(g, sizeOf(t), isUnsigned(t));
  }
  const result = g.depth - words;
  storePlace(g, place, t, result);
  if (!e.prefix) g.pop(words);
  dropKeptAddress(g, place, words, at);
}

/** Drops a kept address under the value at `at` (the store already happened). */
export function dropKeptAddress(g: FunctionGen, place: Place, words: number, at: number): void {
  if (place.kind !== 'stack') return;
  for (let w = 0; w < words; w++) g.move(at + w, place.position + w);
  g.pop();
}
