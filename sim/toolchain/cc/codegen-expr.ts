// Expressions: each node evaluates onto the expression stack (codegen-frame.ts) — one word for
// 32-bit values, pointers and aggregates' addresses, two (low, high) for long long. 32-bit
// arithmetic is inline with immediate forms where the right operand is a small constant;
// 64-bit work is in codegen-int64.ts, calls in codegen-call.ts, atomics in codegen-atomic.ts.

import type { Expr } from './ast';
import { valueWords } from './codegen-abi';
import { genAtomic } from './codegen-atomic';
import { genCall, genVaArg, genVaStart } from './codegen-call';
import { fitsImm12, type FunctionGen } from './codegen-frame';
import { genBinary64, genUnary64, isWideOperation } from './codegen-int64';
import { genPlace, isAggregate, loadPlace, pushAddress, zeroMemory, placeAddress } from './codegen-place';
import { genAssign, genCompoundAssign, genIncDec } from './codegen-update';
import { alignOf, isUnsigned, isWide, sizeOf, unqualified, type CType } from './types';

/** Evaluates e and pushes its value (valueWords(e.type) words). */
export function genExpr(g: FunctionGen, e: Expr): void {
  switch (e.kind) {
    case 'num':
      return pushConstant(g, e.value, e.type);
    case 'var':
    case 'deref':
    case 'member':
      return loadPlace(g, genPlace(g, e), e.type);
    case 'addr':
      return pushAddress(g, genPlace(g, e.operand));
    case 'unary':
      return genUnary(g, e);
    case 'binary':
      if (e.lhs.kind === 'num' && e.rhs.kind !== 'num' && COMMUTATIVE.has(e.op)) return genExpr(g, { ...e, lhs: e.rhs, rhs: e.lhs });
      genExpr(g, e.lhs);
      if (isWideOperation(e)) {
        genExpr(g, e.rhs);
        return genBinary64(g, e.op, e.lhs.type, e.rhs.type);
      }
      return genBinary32(g, e.op, e.lhs.type, e.type, e.rhs);
    case 'logical':
    case 'cond':
      return genConditional(g, e);
    case 'comma':
      genDiscard(g, e.lhs);
      return genExpr(g, e.rhs);
    case 'cast':
      genExpr(g, e.operand);
      return convert(g, e.operand.type, e.type);
    case 'assign':
      return genAssign(g, e.target, e.value);
    case 'compoundAssign':
      return genCompoundAssign(g, e);
    case 'incDec':
      return genIncDec(g, e);
    case 'call':
      return genCall(g, e);
    case 'zero':
      return genZero(g, e.target, e.type);
    case 'vaStart':
      return genVaStart(g, e.ap);
    case 'vaArg':
      return genVaArg(g, e.ap, e.type);
    case 'atomicRmw':
    case 'atomicCas':
    case 'atomicLoad':
    case 'atomicStore':
      return genAtomic(g, e);
    case 'fence':
      g.emit('fence\trw, rw');
      return;
    case 'trap':
      g.emit('unimp'); // an illegal instruction: SIGILL, as clang's __builtin_trap
      return;
  }
}

/** Evaluates e for its side effects only. */
export function genDiscard(g: FunctionGen, e: Expr): void {
  // Nobody reads a discarded x++'s old value, so it needs no copy.
  if (e.kind === 'incDec' && !e.prefix) return genDiscard(g, { ...e, prefix: true });
  if (e.kind === 'call') return genCall(g, e, true);
  genExpr(g, e);
  g.pop(valueWords(e.type));
}

export function pushConstant(g: FunctionGen, value: bigint, t: CType): void {
  const p = g.push(valueWords(t));
  const lo = g.dst(p, 'a0');
  g.emit(`li\t${lo}, ${BigInt.asIntN(32, value)}`);
  g.commit(p, lo);
  if (isWide(unqualified(t))) {
    const hi = g.dst(p + 1, 'a0');
    g.emit(`li\t${hi}, ${BigInt.asIntN(32, value >> 32n)}`);
    g.commit(p + 1, hi);
  }
}

/** Zeroes the target's bytes; the node's value is the zeroed object (its address, for an aggregate). */
function genZero(g: FunctionGen, target: Expr, t: CType): void {
  const place = genPlace(g, target);
  placeAddress(g, place, 'a0');
  zeroMemory(g, 'a0', sizeOf(target.type), alignOf(target.type));
  if (valueWords(t) > 0 && isAggregate(t)) return pushAddress(g, place);
  if (place.kind === 'stack') g.pop();
  if (valueWords(t) > 0) pushConstant(g, 0n, t);
}

/** Applies `op` to the top word in place: `d = op(x)`. */
export function unaryInPlace(g: FunctionGen, build: (d: string, x: string) => string[]): void {
  const p = g.depth - 1;
  const x = g.src(p, 'a2');
  const d = g.dst(p, 'a2');
  for (const line of build(d, x)) g.emit(line);
  g.commit(p, d);
}

function genUnary(g: FunctionGen, e: Expr & { kind: 'unary' }): void {
  genExpr(g, e.operand);
  if (isWide(unqualified(e.operand.type))) return genUnary64(g, e.op);
  const op = e.op === 'neg' ? 'neg' : e.op === 'not' ? 'not' : 'seqz';
  unaryInPlace(g, (d, x) => [`${op}\t${d}, ${x}`]);
}

/** Operators whose constant operand may move right, where the immediate forms are. */
const COMMUTATIVE: ReadonlySet<string> = new Set(['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne']);

const IMMEDIATE_FORMS: Partial<Record<string, string>> = { add: 'addi', and: 'andi', or: 'ori', xor: 'xori', shl: 'slli', shr: 'srli' };

/** lhs is on the stack; evaluates rhs (unless it is a small constant) and combines them. */
export function genBinary32(g: FunctionGen, op: string, operandType: CType, resultType: CType, rhs: Expr): void {
  const signed = !isUnsigned(unqualified(op === 'shr' || op === 'div' || op === 'mod' ? resultType : operandType));
  if (rhs.kind === 'num' && immediateOperation(g, op, signed, Number(BigInt.asIntN(32, rhs.value)))) return;
  genExpr(g, rhs);
  if (valueWords(rhs.type) === 2) g.pop(); // a long long shift count: its low word is the count
  const p = g.depth - 2;
  const a = g.src(p, 'a2');
  const b = g.src(p + 1, 'a3');
  const d = g.dst(p, 'a2');
  for (const line of binaryLines(op, signed, d, a, b)) g.emit(line);
  g.commit(p, d);
  g.pop();
}

function binaryLines(op: string, signed: boolean, d: string, a: string, b: string): string[] {
  const lt = signed ? 'slt' : 'sltu';
  switch (op) {
    case 'add': return [`add\t${d}, ${a}, ${b}`];
    case 'sub': return [`sub\t${d}, ${a}, ${b}`];
    case 'mul': return [`mul\t${d}, ${a}, ${b}`];
    case 'div': return [`${signed ? 'div' : 'divu'}\t${d}, ${a}, ${b}`];
    case 'mod': return [`${signed ? 'rem' : 'remu'}\t${d}, ${a}, ${b}`];
    case 'and': return [`and\t${d}, ${a}, ${b}`];
    case 'or': return [`or\t${d}, ${a}, ${b}`];
    case 'xor': return [`xor\t${d}, ${a}, ${b}`];
    case 'shl': return [`sll\t${d}, ${a}, ${b}`];
    case 'shr': return [`${signed ? 'sra' : 'srl'}\t${d}, ${a}, ${b}`];
    case 'eq': return [`xor\t${d}, ${a}, ${b}`, `seqz\t${d}, ${d}`];
    case 'ne': return [`xor\t${d}, ${a}, ${b}`, `snez\t${d}, ${d}`];
    case 'lt': return [`${lt}\t${d}, ${a}, ${b}`];
    case 'gt': return [`${lt}\t${d}, ${b}, ${a}`];
    case 'le': return [`${lt}\t${d}, ${b}, ${a}`, `xori\t${d}, ${d}, 1`];
    case 'ge': return [`${lt}\t${d}, ${a}, ${b}`, `xori\t${d}, ${d}, 1`];
  }
  throw new Error(`codegen: unknown binary operator ${op}`);
}

/** `x op constant` with an immediate instruction; false when there is none for this pair. */
function immediateOperation(g: FunctionGen, op: string, signed: boolean, c: number): boolean {
  let lines: ((d: string, x: string) => string[]) | null = null;
  const form = IMMEDIATE_FORMS[op];
  if (op === 'shr') lines = (d, x) => [`${signed ? 'srai' : 'srli'}\t${d}, ${x}, ${c & 31}`];
  else if (op === 'shl') lines = (d, x) => [`slli\t${d}, ${x}, ${c & 31}`];
  else if (form && fitsImm12(c)) lines = (d, x) => [`${form}\t${d}, ${x}, ${c}`];
  else if (op === 'sub' && fitsImm12(-c)) lines = (d, x) => [`addi\t${d}, ${x}, ${-c}`];
  else if (op === 'mul' && c > 0 && (c & (c - 1)) === 0) lines = (d, x) => [`slli\t${d}, ${x}, ${Math.log2(c)}`];
  else if ((op === 'eq' || op === 'ne') && fitsImm12(-c)) lines = (d, x) => [`addi\t${d}, ${x}, ${-c}`, `${op === 'eq' ? 'seqz' : 'snez'}\t${d}, ${d}`];
  else if (op === 'lt' && fitsImm12(c)) lines = (d, x) => [`${signed ? 'slti' : 'sltiu'}\t${d}, ${x}, ${c}`];
  else if (op === 'ge' && fitsImm12(c)) lines = (d, x) => [`${signed ? 'slti' : 'sltiu'}\t${d}, ${x}, ${c}`, `xori\t${d}, ${d}, 1`];
  else if (op === 'le' && fitsImm12(c + 1) && c !== (signed ? 0x7fffffff : -1)) lines = (d, x) => [`${signed ? 'slti' : 'sltiu'}\t${d}, ${x}, ${c + 1}`];
  else if (op === 'gt' && fitsImm12(c + 1) && c !== (signed ? 0x7fffffff : -1)) lines = (d, x) => [`${signed ? 'slti' : 'sltiu'}\t${d}, ${x}, ${c + 1}`, `xori\t${d}, ${d}, 1`];
  if (!lines) return false;
  unaryInPlace(g, lines);
  return true;
}

// --- conversions --------------------------------------------------------------------------

/** Converts the value on top of the stack from one scalar type to another (or drops it for void). */
export function convert(g: FunctionGen, from: CType, to: CType): void {
  const f = unqualified(from);
  const t = unqualified(to);
  const fromWords = valueWords(f);
  if (t.kind === 'void') return g.pop(fromWords);
  if (isAggregate(f) || isAggregate(t)) return; // an address stays an address
  if (t.kind === 'bool') {
    if (f.kind === 'bool') return;
    if (fromWords === 2) {
      const p = g.depth - 2;
      const lo = g.src(p, 'a2');
      const hi = g.src(p + 1, 'a3');
      const d = g.dst(p, 'a2');
      g.emit(`or\t${d}, ${lo}, ${hi}`);
      g.commit(p, d);
      g.pop();
    }
    return unaryInPlace(g, (d, x) => [`snez\t${d}, ${x}`]);
  }
  const toWords = valueWords(t);
  if (fromWords === 1 && toWords === 2) {
    const p = g.push() - 1;
    const hi = g.dst(p + 1, 'a3');
    if (isUnsigned(f)) g.emit(`li\t${hi}, 0`);
    else g.emit(`srai\t${hi}, ${g.src(p, 'a2')}, 31`);
    g.commit(p + 1, hi);
    return;
  }
  if (fromWords === 2 && toWords === 1) g.pop();
  const toSize = sizeOf(t);
  if (toSize >= 4) return;
  const fromSize = fromWords === 2 ? 8 : sizeOf(f);
  const alreadyFits = fromSize < toSize && (isUnsigned(f) || !isUnsigned(t));
  if (fromSize === toSize && isUnsigned(f) === isUnsigned(t)) return;
  if (!alreadyFits) truncate(g, toSize, isUnsigned(t));
}

/** Normalises the top word to a size-byte integer: zero- or sign-extended, as every narrow value is kept. */
export function truncate(g: FunctionGen, size: number, unsigned: boolean): void {
  const shift = 32 - size * 8;
  if (unsigned && size === 1) return unaryInPlace(g, (d, x) => [`andi\t${d}, ${x}, 255`]);
  unaryInPlace(g, (d, x) => [`slli\t${d}, ${x}, ${shift}`, `${unsigned ? 'srli' : 'srai'}\t${d}, ${d}, ${shift}`]);
}

// --- control flow inside expressions ------------------------------------------------------

function genConditional(g: FunctionGen, e: Expr & { kind: 'logical' | 'cond' }): void {
  const otherwise = g.ctx.label('else');
  const end = g.ctx.label('end');
  const base = g.depth;
  if (e.kind === 'cond') {
    genBranch(g, e.test, otherwise, false);
    genExpr(g, e.then);
    g.emit(`j\t${end}`);
    g.placeLabel(otherwise);
    g.depth = base;
    genExpr(g, e.otherwise);
    g.placeLabel(end);
    return;
  }
  // a && b is 1 only when both branch through; a || b is 0 only when neither does.
  const p = g.depth;
  genBranch(g, e, otherwise, false);
  const d = g.dst(p, 'a0');
  g.emit(`li\t${d}, 1`);
  g.commit(p, d);
  g.emit(`j\t${end}`);
  g.placeLabel(otherwise);
  g.emit(`li\t${d}, 0`);
  g.commit(p, d);
  g.placeLabel(end);
  g.push();
}

/** `0`, or a null pointer constant `(T *)0`: compared against the zero register. */
function isZero(e: Expr): boolean {
  if (e.kind === 'cast' && valueWords(e.type) === 1) return isZero(e.operand);
  return e.kind === 'num' && e.value === 0n;
}

const BRANCHES: Record<string, [string, boolean]> = {
  eq: ['beq', false], ne: ['bne', false], lt: ['blt', false], ge: ['bge', false], gt: ['blt', true], le: ['bge', true],
};
const NEGATED: Record<string, string> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };

/** Jumps to `target` when the scalar `e` is non-zero (`when` true) or zero (`when` false). */
export function genBranch(g: FunctionGen, e: Expr, target: string, when: boolean): void {
  if (e.kind === 'num') {
    if ((e.value !== 0n) === when) g.emit(`j\t${target}`);
    return;
  }
  if (e.kind === 'unary' && e.op === 'lognot') return genBranch(g, e.operand, target, !when);
  if (e.kind === 'logical') {
    const isAnd = e.op === 'and';
    // Jump on the first operand that decides; fall through otherwise.
    if (isAnd !== when) {
      genBranch(g, e.lhs, target, when);
      genBranch(g, e.rhs, target, when);
      return;
    }
    const skip = g.ctx.label('skip');
    genBranch(g, e.lhs, skip, !when);
    genBranch(g, e.rhs, target, when);
    g.placeLabel(skip);
    return;
  }
  if (e.kind === 'binary' && e.op in BRANCHES && valueWords(e.lhs.type) === 1) {
    const againstZero = isZero(e.rhs);
    genExpr(g, e.lhs);
    if (!againstZero) genExpr(g, e.rhs);
    const p = g.depth - (againstZero ? 1 : 2);
    const a = g.src(p, 'a2');
    const b = againstZero ? 'zero' : g.src(p + 1, 'a3');
    g.pop(againstZero ? 1 : 2);
    const op = when ? e.op : NEGATED[e.op];
    const [branch, swap] = BRANCHES[op];
    const unsigned = isUnsigned(unqualified(e.lhs.type)) && (branch === 'blt' || branch === 'bge') ? 'u' : '';
    g.emit(`${branch}${unsigned}\t${swap ? b : a}, ${swap ? a : b}, ${target}`);
    return;
  }
  genExpr(g, e);
  if (valueWords(e.type) === 2) convert(g, e.type, { kind: 'bool', unsigned: true });
  const x = g.src(g.depth - 1, 'a2');
  g.pop();
  g.emit(`${when ? 'bnez' : 'beqz'}\t${x}, ${target}`);
}
