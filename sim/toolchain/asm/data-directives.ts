// Phase 4c: directives that put bytes into sections: integers (.byte .half .word .quad and their
// aliases), strings (.ascii .asciz .string), fills (.zero .space .skip .fill), alignment
// (.align/.p2align/.balign, with fill and max-skip), LEB128, .org, and common blocks.
// A `.word a - b` becomes an R_RISCV_ADD32/SUB32 pair when llvm-mc would make one: when the
// expression is a difference and either symbol is undefined so far or lives in a section that
// already holds instructions (LLVM 14's RISCVELFStreamer::requiresFixups); otherwise a
// difference within one section folds to a number, at once or when the last label is placed.

import type { AsmContext } from './context';
import type { Cursor } from './cursor';
import { fail, type SourceLoc } from './diagnostics';
import { evaluate, evaluateConstant, isPlaced } from './eval';
import { parseExpr } from './expr';
import type { AsmSymbol, Expr, FixupKind } from './model';
import { alignCurrent, emitBytes, emitFill, emitValue, sectionNamed, switchSection } from './sections';
import { exprScope, lookupSymbol, registerExpr, registerSymbol } from './symbols';

/** A directive handler; the cursor stands just after the directive's name. */
export type Directive = (ctx: AsmContext, cur: Cursor, name: string, loc: SourceLoc) => void;

const SIZE_SUFFIX: Readonly<Record<number, string>> = { 1: '8', 2: '16', 4: '32', 8: '64' };

// A difference that llvm-mc turns into an ADD/SUB relocation pair, or null.
function relocationPair(ctx: AsmContext, expr: Expr): { add: AsmSymbol; sub: AsmSymbol; addend: bigint } | null {
  if (expr.kind !== 'binary') return null;
  let v;
  try {
    v = evaluate(ctx, expr, false);
  } catch {
    return null; // not a symbolic difference; the normal path reports any error
  }
  if (!v.sym || !v.sub) return null;
  const needsPair = (s: AsmSymbol) => (isPlaced(s) && s.section ? s.section.hasInstructions : s.name !== '');
  return needsPair(v.sym) || needsPair(v.sub) ? { add: v.sym, sub: v.sub, addend: v.addend } : null;
}

/** Emits one `size`-byte data value: a number, a relocation, or an ADD/SUB pair. */
export function emitDataValue(ctx: AsmContext, expr: Expr, size: number, loc: SourceLoc): void {
  registerExpr(ctx, expr);
  const pair = relocationPair(ctx, expr);
  if (pair) {
    const offset = emitValue(ctx, 0n, size, loc);
    const add: Expr = { kind: 'binary', op: '+', left: { kind: 'symref', symbol: pair.add, loc }, right: { kind: 'num', value: pair.addend, loc }, loc };
    ctx.current.fixups.push({ offset, kind: `add${SIZE_SUFFIX[size]}` as FixupKind, expr: add, loc });
    ctx.current.fixups.push({ offset, kind: `sub${SIZE_SUFFIX[size]}` as FixupKind, expr: { kind: 'symref', symbol: pair.sub, loc }, loc });
    return;
  }
  const v = evaluate(ctx, expr);
  if (!v.sym && !v.sub) {
    const bits = BigInt(size * 8);
    if (size < 8 && (v.addend < -(1n << (bits - 1n)) || v.addend >= 1n << bits)) fail(expr.loc, 'out of range literal value');
    emitValue(ctx, v.addend, size, loc);
    return;
  }
  if (ctx.current.kind === 'nobits') fail(expr.loc, `cannot have relocations in a nobits section (${ctx.current.name})`);
  const offset = emitValue(ctx, 0n, size, loc);
  ctx.current.fixups.push({ offset, kind: `data${SIZE_SUFFIX[size]}` as FixupKind, expr, loc });
}

// values = (expr ("," expr)*)?
const integers = (size: number): Directive => (ctx, cur) => {
  if (cur.atEnd()) return;
  const scope = exprScope(ctx);
  for (;;) {
    const t = cur.peek();
    emitDataValue(ctx, parseExpr(cur, scope), size, { line: t.line, col: t.col });
    if (cur.atEnd()) return;
    cur.expectPunct(',', "expected ',' or end of statement");
  }
};

// strings = string ("," string)*
const strings = (terminate: boolean): Directive => (ctx, cur) => {
  if (cur.atEnd()) return;
  for (;;) {
    const t = cur.next();
    if (t.kind !== 'string') fail({ line: t.line, col: t.col }, 'expected string');
    emitBytes(ctx, terminate ? [...(t.bytes ?? []), 0] : t.bytes ?? [], { line: t.line, col: t.col });
    if (cur.atEnd()) return;
    cur.expectPunct(',', "expected ',' or end of statement");
  }
};

/** An absolute expression, or `fallback` when the argument is absent (end or an empty slot). */
function optionalConstant(ctx: AsmContext, cur: Cursor, fallback: bigint | null): bigint | null {
  if (cur.atEnd() || cur.isPunct(',')) return fallback;
  return evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
}

// zero = count ("," fill)?
const zeroFill: Directive = (ctx, cur, _name, loc) => {
  const countLoc = cur.loc();
  const count = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  let fill = 0n;
  if (cur.acceptPunct(',')) fill = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  cur.expectEnd();
  if (count < 0n) fail(countLoc, 'invalid number of bytes');
  emitFill(ctx, Number(count), 1, BigInt.asUintN(8, fill), loc);
};

// fill = repeat ("," size ("," value)?)?
const fill: Directive = (ctx, cur, _name, loc) => {
  const repeat = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  let size = 1n;
  let value = 0n;
  if (cur.acceptPunct(',')) {
    const sizeLoc = cur.loc();
    size = optionalConstant(ctx, cur, 1n) ?? 1n;
    if (size < 0n) fail(sizeLoc, "'.fill' directive with negative size");
    if (size > 8n) {
      ctx.diag.warning(sizeLoc, "'.fill' directive with size greater than 8 has been truncated to 8");
      size = 8n;
    }
    if (cur.acceptPunct(',')) value = optionalConstant(ctx, cur, 0n) ?? 0n;
  }
  cur.expectEnd();
  if (repeat < 0n) {
    ctx.diag.warning(loc, "'.fill' directive with negative repeat count has no effect");
    return;
  }
  // GNU as: the value is at most 4 bytes; larger units are zero-extended.
  emitFill(ctx, Number(repeat), Number(size), size > 4n ? BigInt.asUintN(32, value) : value, loc);
};

// align = amount ("," fill? ("," max)?)?     amount: a power of two (balign) or its log2
const align = (log2: boolean, fillSize: number): Directive => (ctx, cur, _name, loc) => {
  const amountLoc = cur.loc();
  const amount = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  let fillValue: bigint | null = null;
  let maxSkip: bigint | null = null;
  if (cur.acceptPunct(',')) {
    fillValue = optionalConstant(ctx, cur, null);
    if (cur.acceptPunct(',')) maxSkip = optionalConstant(ctx, cur, null);
  }
  cur.expectEnd();
  let alignment: number;
  if (log2) {
    if (amount < 0n || amount > 30n) fail(amountLoc, 'invalid alignment value');
    alignment = 2 ** Number(amount);
  } else {
    if (amount <= 0n || amount > 2n ** 30n || (amount & (amount - 1n)) !== 0n) fail(amountLoc, 'alignment must be a power of 2');
    alignment = Number(amount);
  }
  // llvm-mc pads code with nops unless a non-zero (or multi-byte) fill is given.
  const codeFill = ctx.current.flags.exec && fillSize === 1 && (fillValue === null || fillValue === 0n);
  if (maxSkip !== null && maxSkip >= BigInt(alignment)) {
    ctx.diag.warning(loc, 'maximum bytes expression exceeds alignment and has no effect');
    maxSkip = null;
  }
  const maxBytes = maxSkip === null || maxSkip <= 0n ? null : Number(maxSkip);
  alignCurrent(ctx, alignment, codeFill ? null : fillValue ?? 0n, fillSize, maxBytes, loc);
};

const leb128 = (signed: boolean): Directive => (ctx, cur, _name, loc) => {
  for (;;) {
    let v = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
    const bytes: number[] = [];
    for (;;) {
      const byte = Number(BigInt.asUintN(7, v));
      v = signed ? v >> 7n : BigInt.asUintN(64, v) >> 7n;
      const done = signed ? (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0) : v === 0n;
      bytes.push(done ? byte : byte | 0x80);
      if (done) break;
    }
    emitBytes(ctx, bytes, loc);
    if (cur.atEnd()) return;
    cur.expectPunct(',', "expected ',' or end of statement");
  }
};

// org = expr ("," fill)?     moves forward within the current section
const org: Directive = (ctx, cur, _name, loc) => {
  const targetLoc = cur.loc();
  const v = evaluate(ctx, parseExpr(cur, exprScope(ctx)));
  const fillByte = cur.acceptPunct(',') ? evaluateConstant(ctx, parseExpr(cur, exprScope(ctx))) : 0n;
  cur.expectEnd();
  let target: number;
  if (!v.sym && !v.sub) target = Number(v.addend);
  else if (v.sym && !v.sub && isPlaced(v.sym) && v.sym.section === ctx.current) target = v.sym.offset + Number(v.addend);
  else fail(targetLoc, 'expected an offset in the current section');
  if (target < ctx.current.size) fail(targetLoc, 'attempt to move .org backwards');
  emitFill(ctx, target - ctx.current.size, 1, BigInt.asUintN(8, fillByte), loc);
};

// comm = name "," size ("," align)?     a local symbol gets space in .bss instead
const common = (local: boolean): Directive => (ctx, cur, name) => {
  const nameTok = cur.expectIdent('expected identifier in directive');
  cur.expectPunct(',', 'expected comma');
  const sizeLoc = cur.loc();
  const size = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  let alignment = 1n;
  if (cur.acceptPunct(',')) {
    const alignLoc = cur.loc();
    if (name === '.lcomm') fail(alignLoc, 'alignment not supported on this target');
    alignment = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
    if (alignment <= 0n || (alignment & (alignment - 1n)) !== 0n) fail(alignLoc, 'alignment must be a power of 2');
  }
  cur.expectEnd();
  if (size < 0n) fail(sizeLoc, 'invalid size');
  const symbol = lookupSymbol(ctx, nameTok.text);
  registerSymbol(ctx, symbol);
  const loc = { line: nameTok.line, col: nameTok.col };
  if (symbol.state !== 'undefined' && symbol.state !== 'common') fail(loc, `symbol '${symbol.name}' is already defined`);
  symbol.type = 'object';
  if (local || symbol.binding === 'local') {
    if (local) symbol.binding = 'local';
    const saved = ctx.current;
    switchSection(ctx, sectionNamed(ctx, '.bss'));
    alignCurrent(ctx, Number(alignment), 0n, 1, null, loc);
    symbol.state = 'label';
    symbol.section = ctx.current;
    symbol.offset = ctx.current.size;
    symbol.definedAt = loc;
    symbol.size = { kind: 'num', value: size, loc };
    emitFill(ctx, Number(size), 1, 0n, loc);
    ctx.current = saved;
    return;
  }
  symbol.state = 'common';
  symbol.common = { size: Number(size), align: Number(alignment) };
  symbol.definedAt = loc;
};

export const DATA_DIRECTIVES: ReadonlyMap<string, Directive> = new Map<string, Directive>([
  ['.byte', integers(1)],
  ['.half', integers(2)], ['.short', integers(2)], ['.2byte', integers(2)],
  ['.word', integers(4)], ['.long', integers(4)], ['.4byte', integers(4)], ['.int', integers(4)],
  ['.quad', integers(8)], ['.8byte', integers(8)], ['.dword', integers(8)],
  ['.ascii', strings(false)], ['.asciz', strings(true)], ['.string', strings(true)],
  ['.zero', zeroFill], ['.space', zeroFill], ['.skip', zeroFill],
  ['.fill', fill],
  ['.align', align(true, 1)], ['.p2align', align(true, 1)], ['.p2alignw', align(true, 2)], ['.p2alignl', align(true, 4)],
  ['.balign', align(false, 1)], ['.balignw', align(false, 2)], ['.balignl', align(false, 4)],
  ['.uleb128', leb128(false)], ['.sleb128', leb128(true)],
  ['.org', org],
  ['.comm', common(false)], ['.common', common(false)], ['.lcomm', common(true)],
]);
