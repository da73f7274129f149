// Statements of a generated function body. Side effects only ever happen where C sequences them:
// one assignment, ++/-- or call per full expression, or several joined by && || ?: and the comma
// operator. Loops count with read-only counters over at most six trips, calls go only to
// functions generated earlier (no recursion), and a cost estimate (statements executed, loops
// and callees included) keeps every program well under a few milliseconds of run time.

import { arithmetic, callHelper, constant, divide, index, pure, shift, wrap, type Expr, type ExprContext } from './expr';
import { helperFor } from './helpers';
import { pickLvalue, pickStructObject, type Lvalue, type Variable } from './scope';
import { commonType, declare, INT, INT_TYPES, promote, SHORT, UCHAR, UINT, type IntType, type StructType } from './types';

export interface FunctionSig {
  readonly name: string;
  readonly returns: IntType | StructType | null;
  readonly params: readonly Variable[];
  /** Estimated statements executed by one call, callees included. */
  readonly cost: number;
}

export interface BodyContext extends ExprContext {
  scope: Variable[];
  readonly callable: readonly FunctionSig[];
  readonly returns: IntType | StructType | null;
  readonly budget: number;
  cost: number;
  multiplier: number;
  loops: number;
  breakable: number;
  lines: string[];
  indent: string;
  fresh(prefix: string): string;
}

const EXPR_DEPTH = 3;

function emit(b: BodyContext, line: string): void {
  b.lines.push(b.indent + line);
}

function expr(b: BodyContext, depth = EXPR_DEPTH): Expr {
  return pure(b, b.dice.below(depth + 1));
}

function lvalueText(b: BodyContext, lasting = false): Lvalue | null {
  return pickLvalue(b.scope, b.dice, (length) => index(b, 1, length), { writable: true, lasting });
}

/** One statement (or a small group), appended to b.lines. */
export function statement(b: BodyContext, depth: number): void {
  b.cost += b.multiplier;
  const nested = depth > 0 && b.cost < b.budget;
  const kind = b.dice.weighted({
    assign: 6, compound: 5, incdec: 2, effects: 2, call: 3, struct: 1, pointer: 1,
    if: nested ? 3 : 0, loop: nested && b.loops < 3 ? 2.5 : 0, switch: nested ? 1 : 0, block: nested ? 0.7 : 0,
    jump: b.breakable > 0 ? 0.8 : 0, return: 0.3,
  });
  switch (kind) {
    case 'assign': case 'compound': case 'incdec': {
      const text = sideEffect(b, kind);
      if (text) emit(b, `${text};`);
      return;
    }
    case 'effects':
      return emit(b, `${combinedEffects(b)};`);
    case 'call':
      return callStatement(b);
    case 'struct':
      return structCopy(b);
    case 'pointer':
      return pointerAssignment(b);
    case 'if':
      return ifStatement(b, depth);
    case 'loop':
      return loop(b, depth);
    case 'switch':
      return switchStatement(b, depth);
    case 'block':
      return block(b, depth);
    case 'jump':
      return emit(b, `if (${expr(b, 2).text}) ${b.loops > 0 && b.dice.chance(0.4) ? 'continue' : 'break'};`);
    case 'return':
      return emit(b, `if (${expr(b, 2).text}) ${returnStatement(b)}`);
  }
}

/** `lv = e`, `lv op= e` or `lv++`, safe for the lvalue's type; null when nothing is writable. */
function sideEffect(b: BodyContext, kind: 'assign' | 'compound' | 'incdec'): string | null {
  const lv = lvalueText(b);
  if (!lv) return null;
  if (kind === 'assign') return `${lv.text} = ${expr(b).text}`;
  if (kind === 'incdec' && (!promote(lv.type).signed || lv.type.rank < INT.rank)) {
    const op = b.dice.pick(['++', '--']);
    return b.dice.chance(0.5) ? `${wrap(lv, 16)}${op}` : `${op}${wrap(lv, 15)}`;
  }
  return compoundAssignment(b, lv, expr(b));
}

function compoundAssignment(b: BodyContext, lv: Lvalue, rhs: Expr): string {
  const op = b.dice.pick(['+', '-', '*', '&', '|', '^', '/', '%', '<<', '>>'] as const);
  const left = promote(lv.type);
  const common = commonType(lv.type, rhs.type);
  const lvExpr: Expr = { text: lv.text, type: lv.type, prec: lv.prec };
  switch (op) {
    case '&': case '|': case '^':
      return `${lv.text} ${op}= ${rhs.text}`;
    case '+': case '-': case '*':
      if (!common.signed) return `${lv.text} ${op}= ${rhs.text}`;
      // Both sides at most 16 bits wide: the int result cannot overflow.
      if (lv.type.rank < INT.rank) return `${lv.text} ${op}= (short)${wrap(rhs, 15)}`;
      if (!left.signed) return `${lv.text} ${op}= (unsigned)${wrap(rhs, 15)}`;
      return `${lv.text} = ${arithmeticViaHelper(b, op, lvExpr, rhs).text}`;
    case '/': case '%': {
      return `${lv.text} = ${divide(b, op, lvExpr, rhs).text}`;
    }
    case '<<':
      if (left.signed && lv.type.rank < INT.rank && !lv.type.signed) return `${lv.text} <<= ${wrap(rhs, 9)} & 15`;
      if (left.signed) return `${lv.text} = ${shift('<<', lvExpr, rhs).text}`;
      return `${lv.text} <<= ${wrap(rhs, 9)} & ${left.bits - 1}`;
    case '>>':
      return `${lv.text} >>= ${wrap(rhs, 9)} & ${left.bits - 1}`;
  }
}

function arithmeticViaHelper(b: BodyContext, op: '+' | '-' | '*', a: Expr, c: Expr): Expr {
  if (b.dice.chance(0.3)) return arithmetic(b, op, a, c);
  return callHelper(b, helperFor(({ '+': 'add', '-': 'sub', '*': 'mul' } as const)[op], commonType(a.type, c.type)), a, c);
}

/** Several side effects in one full expression, joined only by sequencing operators. */
function combinedEffects(b: BodyContext): string {
  const one = (): string => sideEffect(b, b.dice.pick(['assign', 'compound', 'incdec'])) ?? '0';
  switch (b.dice.below(4)) {
    case 0:
      return `${wrap(expr(b, 2), 5)} && (${one()})`;
    case 1:
      return `${wrap(expr(b, 2), 5)} || (${one()})`;
    case 2:
      return `${wrap(expr(b, 2), 4)} ? (${one()}) : (${one()})`;
    default:
      return `${one()}, ${one()}`;
  }
}

export function callStatement(b: BodyContext): void {
  const room = b.budget - b.cost;
  const callees = b.callable.filter((f) => f.cost * b.multiplier <= room);
  if (callees.length === 0) return emit(b, `${sideEffect(b, 'assign') ?? '(void)0'};`);
  emitCall(b, b.dice.pick(callees));
}

/** `x = f(args);` (or just `f(args);`), arguments pure, pointers to live objects of their type. */
export function emitCall(b: BodyContext, f: FunctionSig): void {
  const args = f.params.map((p) => argument(b, p));
  b.cost += f.cost * b.multiplier;
  const call = `${f.name}(${args.join(', ')})`;
  if (f.returns?.kind === 'int') {
    // Only a plain variable receives the result: an indexed lvalue would read state the callee
    // may change, in an order C leaves unspecified.
    const targets = b.scope.filter((v) => v.writable && v.type.kind === 'int');
    if (targets.length > 0 && b.dice.chance(0.85)) return emit(b, `${b.dice.pick(targets).name} = ${call};`);
  } else if (f.returns?.kind === 'struct') {
    const targets = b.scope.filter((v) => v.writable && v.type === f.returns);
    if (targets.length > 0) return emit(b, `${b.dice.pick(targets).name} = ${call};`);
    return emit(b, `${call}.${f.returns.members[0].name};`);
  }
  emit(b, `${call};`);
}

function argument(b: BodyContext, param: Variable): string {
  const t = param.type;
  const ix = (length: number): string => index(b, 1, length);
  if (t.kind === 'int') return expr(b, 2).text;
  if (t.kind === 'struct') return pickStructObject(b.scope, b.dice, ix, t, 'any') ?? '<no struct>';
  if (t.kind === 'pointer' && t.target.kind === 'int') {
    const target = pickLvalue(b.scope, b.dice, ix, { type: t.target, writable: true });
    return target ? `&${wrap(target, 15)}` : '<no target>';
  }
  if (t.kind === 'pointer' && t.target.kind === 'struct') {
    return `&${pickStructObject(b.scope, b.dice, ix, t.target, 'any') ?? '<no struct>'}`;
  }
  return '<bad param>';
}

function structCopy(b: BodyContext): void {
  const structs = b.scope.filter((v) => v.writable && v.type.kind === 'struct');
  if (structs.length === 0) return emit(b, `${sideEffect(b, 'compound') ?? '(void)0'};`);
  const target = b.dice.pick(structs);
  if (target.type.kind !== 'struct') return;
  const source = pickStructObject(b.scope, b.dice, (length) => index(b, 1, length), target.type, 'any');
  emit(b, `${target.name} = ${source ?? target.name};`);
}

function pointerAssignment(b: BodyContext): void {
  const pointers = b.scope.filter((v) => v.writable && v.type.kind === 'pointer');
  if (pointers.length === 0) return emit(b, `${sideEffect(b, 'assign') ?? '(void)0'};`);
  const p = b.dice.pick(pointers);
  if (p.type.kind !== 'pointer') return;
  const ix = (length: number): string => index(b, 1, length);
  const target =
    p.type.target.kind === 'int'
      ? pickLvalue(b.scope, b.dice, ix, { type: p.type.target, globalOnly: p.global, lasting: true })?.text
      : pickStructObject(b.scope, b.dice, ix, p.type.target, p.global ? 'global' : 'function');
  if (target) emit(b, `${p.name} = &${target.startsWith('*') ? `(${target})` : target};`);
}

function condition(b: BodyContext): string {
  if (b.dice.chance(0.15)) {
    const effect = sideEffect(b, 'assign');
    if (effect) return `${wrap(expr(b, 2), 5)} && (${effect})`;
  }
  return expr(b).text;
}

function ifStatement(b: BodyContext, depth: number): void {
  emit(b, `if (${condition(b)}) {`);
  body(b, depth - 1, b.dice.between(1, 3));
  if (b.dice.chance(0.5)) {
    emit(b, '} else {');
    body(b, depth - 1, b.dice.between(1, 3));
  }
  emit(b, '}');
}

function loop(b: BodyContext, depth: number): void {
  const trips = b.dice.between(1, 6);
  const counter = b.fresh('i');
  const counterType = b.dice.pick([INT, INT, UINT, UCHAR, SHORT]);
  const saved = { multiplier: b.multiplier, scope: b.scope };
  const form = b.dice.below(4);
  if (form === 0) emit(b, `for (${counterType.name} ${counter} = 0; ${counter} < ${trips}; ${counter}++) {`);
  if (form === 1) emit(b, `for (${counterType.name} ${counter} = ${trips}; ${counter} > 0; --${counter}) {`);
  if (form >= 2) {
    emit(b, '{');
    emit(b, `  ${counterType.name} ${counter} = 0;`);
    emit(b, form === 2 ? `  while (${counter}++ < ${trips}) {` : '  do {');
  }
  b.multiplier *= trips;
  b.loops++;
  b.breakable++;
  b.scope = [...b.scope, { name: counter, type: counterType, writable: false, global: false, blockLocal: true }];
  const extra = form >= 2 ? '  ' : '';
  b.indent += extra;
  body(b, depth - 1, b.dice.between(1, 4));
  b.indent = b.indent.slice(extra.length);
  b.loops--;
  b.breakable--;
  b.multiplier = saved.multiplier;
  b.scope = saved.scope;
  if (form === 2) emit(b, `  }`);
  if (form === 3) emit(b, `  } while (++${counter} < ${trips});`);
  emit(b, '}');
}

function switchStatement(b: BodyContext, depth: number): void {
  const control = expr(b);
  const masked = b.dice.chance(0.7);
  emit(b, `switch (${masked ? `${wrap(control, 9)} & 7` : control.text}) {`);
  const labels = [...new Set(Array.from({ length: b.dice.between(1, 4) }, () => b.dice.below(8)))];
  b.breakable++;
  for (const label of labels) {
    emit(b, `case ${label}:`);
    body(b, depth - 1, b.dice.between(0, 2));
    if (b.dice.chance(0.7)) emit(b, '  break;');
  }
  if (b.dice.chance(0.6)) {
    emit(b, 'default:');
    body(b, depth - 1, b.dice.between(0, 2));
  }
  // A label needs a statement after it (C11 6.8.1).
  if (b.lines[b.lines.length - 1].endsWith(':')) emit(b, '  break;');
  b.breakable--;
  emit(b, '}');
}

/** `{ T t = e; … }`: a block-scoped local, which no pointer may keep. */
function block(b: BodyContext, depth: number): void {
  const name = b.fresh('t');
  const type = b.dice.pick(INT_TYPES);
  emit(b, '{');
  emit(b, `  ${declare(type, name)} = ${expr(b).text};`);
  const saved = b.scope;
  b.scope = [...b.scope, { name, type, writable: true, global: false, blockLocal: true }];
  body(b, depth - 1, b.dice.between(1, 3));
  b.scope = saved;
  emit(b, '}');
}

/** Statements at one deeper indentation. */
export function body(b: BodyContext, depth: number, count: number): void {
  b.indent += '  ';
  for (let i = 0; i < count; i++) statement(b, depth);
  b.indent = b.indent.slice(2);
}

export function returnStatement(b: BodyContext): string {
  if (b.returns === null) return 'return;';
  if (b.returns.kind === 'int') return `return ${expr(b).text};`;
  const source = pickStructObject(b.scope, b.dice, (length) => index(b, 1, length), b.returns, 'any');
  return `return ${source ?? literalStruct(b, b.returns)};`;
}

/** A compound literal of a struct type, for when no object of that type is in scope. */
export function literalStruct(b: BodyContext, type: StructType): string {
  return `(struct ${type.name}){ ${type.members.map((m) => constant(b.dice, m.type).text).join(', ')} }`;
}
