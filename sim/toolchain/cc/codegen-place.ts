// Lvalues: where an object lives (a frame slot, a symbol, or an address computed onto the
// expression stack, each plus a constant offset) and the loads, stores and block copies that
// reach it. Folding member offsets and `p[constant]` into the offset keeps `s.x = 1` or
// `a[3]` to one instruction, as a person would write it by hand.

import type { Expr, FrameSlot, GlobalVariable, LocalVariable } from './ast';
import { valueWords } from './codegen-abi';
import { fitsImm12, STACK_ALIGN, type FunctionGen } from './codegen-frame';
import { genExpr } from './codegen-expr';
import { alignOf, isRecord, isUnsigned, sizeOf, unqualified, type CType } from './types';

export type Place =
  | { readonly kind: 'frame'; readonly offset: number }
  | { readonly kind: 'symbol'; readonly symbol: string; readonly offset: number }
  /** The address is the value at `position` (the stack's top when made). */
  | { readonly kind: 'stack'; readonly position: number; readonly offset: number };

export function symbolExpr(symbol: string, offset: number): string {
  return offset === 0 ? symbol : offset > 0 ? `${symbol}+${offset}` : `${symbol}${offset}`;
}

/** True for types whose "value" on the stack is the object's address. */
export function isAggregate(t: CType): boolean {
  const u = unqualified(t);
  return isRecord(u) || u.kind === 'array' || u.kind === 'function';
}

/**
 * Bytes and alignment for a local of type t (at least `requested`, from `_Alignas`): structs
 * get whole words so register-passed words can be stored with sw.
 */
export function objectLayout(t: CType, requested = 1): { size: number; align: number } {
  const u = unqualified(t);
  if (isRecord(u)) return { size: Math.ceil(Math.max(sizeOf(u), 1) / 4) * 4, align: Math.max(alignOf(u), 4, requested) };
  return { size: Math.max(sizeOf(u), 1), align: Math.max(alignOf(u), 1, requested) };
}

/** A local's frame slot, made on first use. s0 is only 16-byte aligned, so that is the most a local can ask for. */
export function localSlot(g: FunctionGen, local: LocalVariable): FrameSlot {
  let slot = g.slots.get(local);
  if (slot) return slot;
  if ((local.align ?? 1) > STACK_ALIGN) {
    g.ctx.diag.error(local.loc, `requested alignment ${local.align} for a local variable is more than the stack's ${STACK_ALIGN} bytes (not supported)`);
  }
  const { size, align } = objectLayout(local.type, Math.min(local.align ?? 1, STACK_ALIGN));
  slot = { offset: g.allocate(size, align), indirect: false };
  g.slots.set(local, slot);
  return slot;
}

/** Where the lvalue `e` lives; pushes one word when the address has to be computed. */
export function genPlace(g: FunctionGen, e: Expr): Place {
  switch (e.kind) {
    case 'var': {
      const v = e.variable;
      if (v.kind === 'global' || v.kind === 'function') return { kind: 'symbol', symbol: (v as GlobalVariable).symbol, offset: 0 };
      const slot = localSlot(g, v as LocalVariable);
      if (!slot.indirect) return { kind: 'frame', offset: slot.offset };
      const p = g.push();
      const d = g.dst(p, 'a0');
      g.memOp('lw', d, 's0', slot.offset);
      g.commit(p, d);
      return { kind: 'stack', position: p, offset: 0 };
    }
    case 'deref':
      return derefPlace(g, e.operand);
    case 'member': {
      const base = genPlace(g, e.object);
      return { ...base, offset: base.offset + e.member.offset };
    }
    default: {
      // A struct-valued expression (call, assignment, ?:) evaluates to its object's address.
      const p = g.depth;
      genExpr(g, e);
      return { kind: 'stack', position: p, offset: 0 };
    }
  }
}

function derefPlace(g: FunctionGen, pointer: Expr): Place {
  if (pointer.kind === 'addr') return genPlace(g, pointer.operand);
  if (pointer.kind === 'binary' && (pointer.op === 'add' || pointer.op === 'sub') && pointer.rhs.kind === 'num' && unqualified(pointer.lhs.type).kind === 'pointer') {
    const delta = Number(BigInt.asIntN(32, pointer.op === 'add' ? pointer.rhs.value : -pointer.rhs.value));
    if (fitsImm12(delta) && fitsImm12(delta + 8)) {
      const inner = derefPlace(g, pointer.lhs);
      return { ...inner, offset: inner.offset + delta };
    }
  }
  if (pointer.kind === 'binary' && pointer.op === 'add' && unqualified(pointer.lhs.type).kind === 'pointer') {
    // a[i - 15] is *(a + (i - 15) * 4): the -60 belongs in the load's offset.
    const index = splitConstant(pointer.rhs);
    if (index && fitsImm12(index.offset) && fitsImm12(index.offset + 8)) {
      const inner = derefPlace(g, { ...pointer, rhs: index.rest });
      return { ...inner, offset: inner.offset + index.offset };
    }
  }
  const p = g.depth;
  genExpr(g, pointer);
  return { kind: 'stack', position: p, offset: 0 };
}

/** Splits `x + c`, `(x + c) * k` or `(x + c) << k` into x' and the constant it adds (null when there is none). */
function splitConstant(e: Expr): { rest: Expr; offset: number } | null {
  if (e.kind !== 'binary' || e.rhs.kind !== 'num' || valueWords(e.type) !== 1) return null;
  const c = Number(BigInt.asIntN(32, e.rhs.value));
  switch (e.op) {
    case 'add':
    case 'sub':
      return e.lhs.kind === 'num' ? null : { rest: e.lhs, offset: e.op === 'add' ? c : -c };
    case 'mul':
    case 'shl': {
      const inner = splitConstant(e.lhs);
      if (!inner || (e.op === 'shl' && (c < 0 || c > 12))) return null;
      const scale = e.op === 'mul' ? c : 1 << c;
      return { rest: { ...e, lhs: inner.rest }, offset: inner.offset * scale };
    }
    default:
      return null;
  }
}

/** Puts the place's address in `reg` (a scratch register; t6 may be used on the way). */
export function placeAddress(g: FunctionGen, place: Place, reg: string): void {
  switch (place.kind) {
    case 'frame':
      g.addImmediate(reg, 's0', place.offset);
      return;
    case 'symbol':
      g.emit(`lui\t${reg}, %hi(${symbolExpr(place.symbol, place.offset)})`);
      g.emit(`addi\t${reg}, ${reg}, %lo(${symbolExpr(place.symbol, place.offset)})`);
      return;
    case 'stack':
      g.addImmediate(reg, g.src(place.position, reg), place.offset);
  }
}

/** Pushes the place's address (a stack place's own word is reused). */
export function pushAddress(g: FunctionGen, place: Place): void {
  const p = place.kind === 'stack' ? place.position : g.push();
  const d = g.dst(p, 'a0');
  placeAddress(g, place, d);
  g.commit(p, d);
}

export function loadInstruction(t: CType): string {
  const u = unqualified(t);
  const size = sizeOf(u);
  if (size === 1) return isUnsigned(u) ? 'lbu' : 'lb';
  if (size === 2) return isUnsigned(u) ? 'lhu' : 'lh';
  return 'lw';
}

export function storeInstruction(t: CType): string {
  const size = sizeOf(unqualified(t));
  return size === 1 ? 'sb' : size === 2 ? 'sh' : 'sw';
}

/** A base register and offset for one word of the place (symbols go through `scratch`). */
function baseOf(g: FunctionGen, place: Place, offset: number, scratch: string): { base: string; offset: string | number } {
  switch (place.kind) {
    case 'frame':
      return { base: 's0', offset: place.offset + offset };
    case 'symbol':
      g.emit(`lui\t${scratch}, %hi(${symbolExpr(place.symbol, place.offset + offset)})`);
      return { base: scratch, offset: `%lo(${symbolExpr(place.symbol, place.offset + offset)})` };
    case 'stack':
      return { base: g.src(place.position, scratch), offset: place.offset + offset };
  }
}

function access(g: FunctionGen, op: string, reg: string, place: Place, offset: number, scratch: string): void {
  const { base, offset: off } = baseOf(g, place, offset, scratch);
  if (typeof off === 'string') g.emit(`${op}\t${reg}, ${off}(${base})`);
  else g.memOp(op, reg, base, off);
}

/** Pushes the value of type t stored at the place (an aggregate's address); a stack place's word is replaced. */
export function loadPlace(g: FunctionGen, place: Place, t: CType): void {
  if (isAggregate(t)) return pushAddress(g, place);
  const words = valueWords(t);
  const p = place.kind === 'stack' ? place.position : g.push(words);
  if (place.kind === 'stack') g.push(words - 1);
  if (words === 2) {
    const hi = g.dst(p + 1, 'a1');
    access(g, 'lw', hi, place, 4, hi);
    g.commit(p + 1, hi);
  }
  const d = g.dst(p, 'a0');
  access(g, words === 2 ? 'lw' : loadInstruction(t), d, place, 0, d);
  g.commit(p, d);
}

/** Stores the value at `value` (words of type t; an aggregate's address) into the place. */
export function storePlace(g: FunctionGen, place: Place, t: CType, value: number): void {
  if (isAggregate(t)) {
    placeAddress(g, place, 'a0');
    g.addImmediate('a1', g.src(value, 'a1'), 0);
    copyMemory(g, 'a0', 'a1', sizeOf(t), alignOf(t));
    return;
  }
  const words = valueWords(t);
  access(g, words === 2 ? 'sw' : storeInstruction(t), g.src(value, 'a2'), place, 0, 'a4');
  if (words === 2) access(g, 'sw', g.src(value + 1, 'a3'), place, 4, 'a4');
}

// --- block copies -------------------------------------------------------------------------

const UNROLL_LIMIT = 16;

function chunkOf(size: number, align: number): { bytes: number; load: string; store: string } {
  const bytes = Math.min(align, 4);
  if (bytes >= 4 && size % 4 === 0) return { bytes: 4, load: 'lw', store: 'sw' };
  if (bytes >= 2 && size % 2 === 0) return { bytes: 2, load: 'lhu', store: 'sh' };
  return { bytes: 1, load: 'lbu', store: 'sb' };
}

/** Copies size bytes from [src] to [dst]; both are scratch registers it may advance (uses a5, a6). */
export function copyMemory(g: FunctionGen, dst: string, src: string, size: number, align: number): void {
  const { bytes, load, store } = chunkOf(size, align);
  const count = size / bytes;
  if (count <= UNROLL_LIMIT) {
    for (let i = 0; i < count; i++) {
      g.emit(`${load}\ta5, ${i * bytes}(${src})`);
      g.emit(`${store}\ta5, ${i * bytes}(${dst})`);
    }
    return;
  }
  const loop = g.ctx.label('copy');
  g.emit(`li\ta6, ${count}`);
  g.placeLabel(loop);
  g.emit(`${load}\ta5, 0(${src})`);
  g.emit(`${store}\ta5, 0(${dst})`);
  g.emit(`addi\t${src}, ${src}, ${bytes}`);
  g.emit(`addi\t${dst}, ${dst}, ${bytes}`);
  g.emit('addi\ta6, a6, -1');
  g.emit(`bnez\ta6, ${loop}`);
}

/** Zeroes size bytes at [dst] (a scratch register it may advance; uses a6). */
export function zeroMemory(g: FunctionGen, dst: string, size: number, align: number): void {
  const { bytes, store } = chunkOf(size, align);
  const count = size / bytes;
  if (count <= UNROLL_LIMIT) {
    for (let i = 0; i < count; i++) g.emit(`${store}\tzero, ${i * bytes}(${dst})`);
    return;
  }
  const loop = g.ctx.label('zero');
  g.emit(`li\ta6, ${count}`);
  g.placeLabel(loop);
  g.emit(`${store}\tzero, 0(${dst})`);
  g.emit(`addi\t${dst}, ${dst}, ${bytes}`);
  g.emit('addi\ta6, a6, -1');
  g.emit(`bnez\ta6, ${loop}`);
}
