// Both sides of a call (codegen-abi.ts says where things go): the caller evaluates its
// arguments onto the expression stack, copies structs passed by reference, stores stack words,
// loads a0–a7 and saves the live temporaries; the callee spills its parameters to frame slots,
// returns values in a0/a1 or through the hidden sret pointer, and implements va_start/va_arg
// over the save area that puts register and stack arguments in one contiguous run.

import type { Expr, GlobalVariable, LocalVariable } from './ast';
import { layoutArguments, returnKind, type ArgLocation } from './codegen-abi';
import { genExpr } from './codegen-expr';
import type { FunctionGen } from './codegen-frame';
import { copyMemory, genPlace, loadInstruction, loadPlace, objectLayout, placeAddress, storeInstruction, storePlace } from './codegen-place';
import { dropKeptAddress, loadKeepingAddress } from './codegen-update';
import { alignOf, isRecord, isWide, sizeOf, unqualified, type CType } from './types';

/** Variadic functions keep a0–a7 in 32 bytes above s0, so the stack arguments follow them. */
export const VARIADIC_SAVE_AREA = 32;

/** Record values travel as whole words; one not made of aligned words is first copied to a padded temporary. */
function wordReadable(t: CType): boolean {
  return alignOf(t) >= 4 && sizeOf(t) % 4 === 0;
}

/** Replaces the struct address at `position` with that of a fresh frame copy. */
function copyToTemporary(g: FunctionGen, position: number, t: CType): void {
  const { size, align } = objectLayout(t);
  const area = g.allocate(size, align);
  g.addImmediate('a0', 's0', area);
  const from = g.src(position, 'a1');
  if (from !== 'a1') g.emit(`mv\ta1, ${from}`);
  copyMemory(g, 'a0', 'a1', sizeOf(t), alignOf(t));
  const d = g.dst(position, 'a0');
  g.addImmediate(d, 's0', area);
  g.commit(position, d);
}

/** Puts word `w` of argument `arg` (evaluated at `position`) in `reg`. */
function argumentWord(g: FunctionGen, arg: Expr, location: ArgLocation, position: number, w: number, reg: string): string {
  if (isRecord(unqualified(arg.type)) && !location.byReference) {
    const address = g.src(position, reg);
    g.emit(`lw\t${reg}, ${w * 4}(${address})`);
    return reg;
  }
  return g.src(position + w, reg);
}

/**
 * Arguments built straight into their register when the call is set up (constants, addresses
 * of named objects): they read nothing another argument could change, so skipping the
 * expression stack changes no result.
 */
function directValue(g: FunctionGen, original: Expr): ((reg: string, word: number) => string) | null {
  let arg = original;
  // A cast between word-sized scalars (array decay to `const char *`, say) changes no bits.
  while (arg.kind === 'cast' && isWordScalar(arg.type) && isWordScalar(arg.operand.type)) arg = arg.operand;
  if (arg.kind === 'num') {
    return (reg, word) => (g.emit(`li\t${reg}, ${BigInt.asIntN(32, arg.value >> BigInt(32 * word))}`), reg);
  }
  if (arg.kind !== 'addr' || arg.operand.kind !== 'var') return null;
  const v = arg.operand.variable;
  if (v.kind === 'global' || v.kind === 'function') {
    const symbol = (v as GlobalVariable).symbol;
    return (reg) => (placeAddress(g, { kind: 'symbol', symbol, offset: 0 }, reg), reg);
  }
  const slot = g.slots.get(v as LocalVariable);
  if (!slot || slot.indirect) return null;
  return (reg) => (g.addImmediate(reg, 's0', slot.offset), reg);
}

function isWordScalar(t: CType): boolean {
  const u = unqualified(t);
  return (u.kind === 'pointer' || u.kind === 'int' || u.kind === 'long' || u.kind === 'enum') && sizeOf(u) === 4;
}

function directCallee(callee: Expr): string | null {
  if (callee.kind === 'addr' && callee.operand.kind === 'var' && callee.operand.variable.kind === 'function') return callee.operand.variable.symbol;
  return null;
}

/** Calls e; its result is pushed unless `discard` (a call made for its effects). */
export function genCall(g: FunctionGen, e: Expr & { kind: 'call' }, discard = false): void {
  const ft = e.functionType;
  const kind = returnKind(ft.returnType);
  const named = ft.variadic ? ft.params.length : e.args.length;
  const layout = layoutArguments(e.args.map((a) => a.type), named, kind === 'sret');
  const base = g.depth;
  const symbol = directCallee(e.callee);
  if (!symbol) genExpr(g, e.callee);
  const direct = e.args.map((arg) => directValue(g, arg));
  const positions = e.args.map((arg, i) => {
    const at = g.depth;
    if (direct[i]) return at;
    genExpr(g, arg);
    const t = unqualified(arg.type);
    if (isRecord(t) && (layout.args[i].byReference || !wordReadable(t))) copyToTemporary(g, at, t);
    return at;
  });
  g.outgoing = Math.max(g.outgoing, layout.stackBytes);
  const words = layout.args.flatMap((location, i) => location.words.map((word, w) => ({ word, w, i })));
  for (const { word, w, i } of words) {
    if (word.kind !== 'stack') continue;
    const value = direct[i]?.('a0', w) ?? argumentWord(g, e.args[i], layout.args[i], positions[i], w, 'a0');
    g.emit(`sw\t${value}, ${word.offset}(sp)`);
  }
  for (const { word, w, i } of words) {
    if (word.kind !== 'reg') continue;
    const value = direct[i]?.(word.reg, w) ?? argumentWord(g, e.args[i], layout.args[i], positions[i], w, word.reg);
    if (value !== word.reg) g.emit(`mv\t${word.reg}, ${value}`);
  }
  const buffer = kind === 'sret' || kind === 'record-in-regs' ? returnBufferOffset(g, e.returnBuffer, ft.returnType) : 0;
  if (kind === 'sret') g.addImmediate('a0', 's0', buffer);
  g.saveLive(base);
  if (symbol) g.emit(`call\t${symbol}`);
  else g.emit(`jalr\t${g.src(base, 't6')}`);
  g.restoreLive(base);
  g.depth = base;
  if (!discard) pushResult(g, kind, buffer, ft.returnType);
}

function returnBufferOffset(g: FunctionGen, buffer: LocalVariable | null, t: CType): number {
  if (buffer) {
    const slot = g.slots.get(buffer);
    if (slot && !slot.indirect) return slot.offset;
  }
  const { size, align } = objectLayout(t);
  return g.allocate(size, align);
}

function pushResult(g: FunctionGen, kind: ReturnType<typeof returnKind>, buffer: number, t: CType): void {
  switch (kind) {
    case 'void':
      return;
    case 'word':
      return g.setWord(g.push(), 'a0');
    case 'pair': {
      const p = g.push(2);
      g.setWord(p, 'a0');
      g.setWord(p + 1, 'a1');
      return;
    }
    case 'record-in-regs':
      g.memOp('sw', 'a0', 's0', buffer);
      if (sizeOf(t) > 4) g.memOp('sw', 'a1', 's0', buffer + 4);
      break;
    case 'sret':
      break;
  }
  const p = g.push();
  const d = g.dst(p, 'a0');
  g.addImmediate(d, 's0', buffer);
  g.commit(p, d);
}

// --- the callee's side --------------------------------------------------------------------

/** Spills incoming parameters to frame slots (or points at them, when the caller left them on the stack). */
export function genParameters(g: FunctionGen): void {
  const { fn } = g;
  const sret = returnKind(fn.type.returnType) === 'sret';
  const layout = layoutArguments(fn.params.map((p) => p.type), fn.params.length, sret);
  const incoming = fn.type.variadic ? VARIADIC_SAVE_AREA : 0;
  if (fn.type.variadic) for (let r = layout.namedRegs; r < 8; r++) g.emit(`sw\ta${r}, ${r * 4}(s0)`);
  if (sret) {
    g.sretSlot = g.allocate(4, 4);
    g.memOp('sw', 'a0', 's0', g.sretSlot);
  }
  fn.params.forEach((param, i) => {
    const location = layout.args[i];
    const [first, second] = location.words;
    if (first.kind === 'stack') {
      g.slots.set(param, { offset: incoming + first.offset, indirect: location.byReference });
      return;
    }
    if (location.byReference) {
      const offset = g.allocate(4, 4);
      g.memOp('sw', first.reg, 's0', offset);
      g.slots.set(param, { offset, indirect: true });
      return;
    }
    const { size, align } = objectLayout(param.type);
    const offset = g.allocate(Math.max(size, location.words.length * 4), Math.max(align, location.words.length === 2 ? 4 : 1));
    const whole = isRecord(unqualified(param.type)) || isWide(unqualified(param.type));
    g.memOp(whole ? 'sw' : storeInstruction(param.type), first.reg, 's0', offset);
    if (second?.kind === 'reg') g.memOp('sw', second.reg, 's0', offset + 4);
    else if (second?.kind === 'stack') {
      g.memOp('lw', 't0', 's0', incoming + second.offset);
      g.memOp('sw', 't0', 's0', offset + 4);
    }
    g.slots.set(param, { offset, indirect: false });
  });
}

/** Evaluates a return value into a0/a1 (or copies it through the sret pointer). */
export function genReturnValue(g: FunctionGen, value: Expr): void {
  const t = g.fn.type.returnType;
  const kind = returnKind(t);
  if (kind === 'word' && returnDirectly(g, value)) return;
  const p = g.depth;
  genExpr(g, value);
  switch (kind) {
    case 'void':
      break;
    case 'word':
    case 'pair': {
      if (kind === 'pair') moveTo(g, 'a1', g.src(p + 1, 'a1'));
      moveTo(g, 'a0', g.src(p, 'a0'));
      break;
    }
    case 'record-in-regs': {
      moveTo(g, 'a1', g.src(p, 'a1'));
      if (!wordReadable(t)) {
        const area = g.allocate(8, 4);
        g.addImmediate('a0', 's0', area);
        copyMemory(g, 'a0', 'a1', sizeOf(t), alignOf(t));
        g.addImmediate('a1', 's0', area);
      }
      if (sizeOf(t) > 4) g.emit('lw\ta2, 4(a1)');
      g.emit('lw\ta0, 0(a1)');
      if (sizeOf(t) > 4) g.emit('mv\ta1, a2');
      break;
    }
    case 'sret':
      moveTo(g, 'a1', g.src(p, 'a1'));
      g.memOp('lw', 'a0', 's0', g.sretSlot ?? 0);
      copyMemory(g, 'a0', 'a1', sizeOf(t), alignOf(t));
      g.memOp('lw', 'a0', 's0', g.sretSlot ?? 0);
      break;
  }
  g.depth = p;
}

/** `return 0;` and `return local;` load a0 directly instead of going through a temporary. */
function returnDirectly(g: FunctionGen, value: Expr): boolean {
  if (value.kind === 'num') {
    g.emit(`li\ta0, ${BigInt.asIntN(32, value.value)}`);
    return true;
  }
  if (value.kind !== 'var' || (value.variable.kind !== 'local' && value.variable.kind !== 'param')) return false;
  const slot = g.slots.get(value.variable as LocalVariable);
  if (!slot || slot.indirect || isRecord(unqualified(value.type)) || unqualified(value.type).kind === 'array') return false;
  g.memOp(loadInstruction(value.type), 'a0', 's0', slot.offset);
  return true;
}

function moveTo(g: FunctionGen, reg: string, from: string): void {
  if (reg !== from) g.emit(`mv\t${reg}, ${from}`);
}

// --- variadic arguments -------------------------------------------------------------------

export function genVaStart(g: FunctionGen, ap: Expr): void {
  const { fn } = g;
  const sret = returnKind(fn.type.returnType) === 'sret';
  const layout = layoutArguments(fn.params.map((p) => p.type), fn.params.length, sret);
  const first = layout.namedRegs < 8 ? layout.namedRegs * 4 : VARIADIC_SAVE_AREA + layout.namedStackBytes;
  const at = g.push();
  const d = g.dst(at, 'a0');
  g.addImmediate(d, 's0', first);
  g.commit(at, d);
  const place = genPlace(g, ap);
  storePlace(g, place, ap.type, at);
  if (place.kind === 'stack') g.pop();
  g.pop();
}

/** The next variadic argument as type t: 8-aligned pairs skip a word, big structs arrive by pointer. */
export function genVaArg(g: FunctionGen, ap: Expr, t: CType): void {
  const u = unqualified(t);
  const size = sizeOf(u);
  const byReference = isRecord(u) && size > 8;
  const aligned8 = size === 8 && alignOf(u) === 8;
  const place = genPlace(g, ap);
  const at = loadKeepingAddress(g, place, ap.type);
  if (aligned8) {
    const x = g.src(at, 'a2');
    const d = g.dst(at, 'a2');
    g.emit(`addi\t${d}, ${x}, 7`);
    g.emit(`andi\t${d}, ${d}, -8`);
    g.commit(at, d);
  }
  const next = g.push();
  const n = g.dst(next, 'a0');
  g.emit(`addi\t${n}, ${g.src(at, 'a2')}, ${byReference ? 4 : Math.ceil(size / 4) * 4}`);
  g.commit(next, n);
  storePlace(g, place, ap.type, next);
  g.pop();
  if (byReference) {
    const d = g.dst(at, 'a0');
    g.emit(`lw\t${d}, 0(${g.src(at, 'a0')})`);
    g.commit(at, d);
  } else if (!isRecord(u)) {
    loadPlace(g, { kind: 'stack', position: at, offset: 0 }, t);
  }
  dropKeptAddress(g, place, isRecord(u) ? 1 : isWide(u) ? 2 : 1, at);
}
