// Evaluates the AST of parse.ts in a stopped frame: names resolve to the frame's variables
// (innermost block first), then the unit's globals, then any global, enumerator or function of
// the program; `$a0`, `$sp`, `$pc` are the frame's registers. Results are CObjects — an lvalue
// keeps its place, so Watch can expand `*p` and setVariable can assign to `a[2].x`.

import { registerName } from '../../sim/isa/disasm';
import { DW_TAG, stripTypedefs, typeName, voidType, type CType, type DebugInfo, type FunctionType, type Member, type Variable } from '../../sim/toolchain/dwarf';
import { ValueError, type ValueContext } from './api';
import {
  arithmeticResult, builtinBase, charType, findNamedType, intType, isFloat, isInteger, isPointer, isScalar, longLongType, pointerTo,
  promoted, sizeOf, strideOf, unsignedLongLongType, unsignedType, wrap,
} from './ctypes';
import { addressOf, lookupPc, offsetPlace, readScalar, scalarObject, variableObject, writeScalar, type CObject } from './object';
import type { BinaryOp, Expr, TypeNameAst } from './parse';

const codePointer = pointerTo({ kind: 'function', size: undefined, returnType: voidType, params: [], variadic: false, prototyped: false });
const pointerRegisters = new Set(['sp', 'fp', 's0', 'gp', 'tp', 'x2', 'x8', 'x3', 'x4']);

export class Evaluator {
  private readonly debug: DebugInfo | null;

  constructor(private readonly ctx: ValueContext) {
    this.debug = ctx.frame.debug;
  }

  evaluate(e: Expr): CObject {
    switch (e.kind) {
      case 'number':
        return scalarObject(literalType(e), e.value);
      case 'char':
        return scalarObject(charType, BigInt(e.value));
      case 'string': {
        const bytes = Uint8Array.from([...e.bytes, 0]);
        return { type: { kind: 'array', count: bytes.length, element: charType, size: bytes.length }, place: { kind: 'bytes', bytes } };
      }
      case 'identifier':
        return this.lookup(e.name);
      case 'register':
        return this.register(e.name);
      case 'member':
        return this.member(this.evaluate(e.base), e.name, e.arrow);
      case 'index':
        return this.index(this.evaluate(e.base), this.evaluate(e.index));
      case 'unary':
        return this.unary(e.op, this.evaluate(e.operand));
      case 'cast':
        return this.cast(this.typeOf(e.type), this.evaluate(e.operand));
      case 'sizeofType':
        return scalarObject(unsignedType, BigInt(sizeOf(this.typeOf(e.type))));
      case 'sizeofExpr':
        return scalarObject(unsignedType, BigInt(sizeOf(this.evaluate(e.operand).type, 'the expression')));
      case 'binary':
        return this.binary(e.op, e.left, e.right);
      case 'conditional':
        return this.truth(this.evaluate(e.cond)) ? this.evaluate(e.then) : this.evaluate(e.otherwise);
      case 'assign':
        return this.assign(this.evaluate(e.target), this.evaluate(e.value));
    }
  }

  /** `target = value` for scalars (the Debug Console's way to change a variable); the target after the store. */
  assign(target: CObject, value: CObject): CObject {
    if (!isScalar(target.type)) throw new ValueError(`only numbers, characters, enums and pointers can be assigned, not ${typeName(target.type)}`);
    const v = this.value(value);
    readScalar(this.ctx, target); // an unreadable target fails here with its own message
    writeScalar(this.ctx, target, v.value);
    return target;
  }

  /** The scalar value of an rvalue use (arrays and functions decay to their address). */
  value(obj: CObject): { type: CType; value: bigint } {
    const t = stripTypedefs(obj.type);
    if (t.kind === 'array') return { type: pointerTo(t.element), value: BigInt(addressOf(obj)) };
    if (t.kind === 'function') return { type: pointerTo(obj.type), value: BigInt(addressOf(obj)) };
    if (isFloat(t)) throw new ValueError('floating-point values are not supported');
    if (!isInteger(t) && !isPointer(t)) throw new ValueError(`${typeName(obj.type)} is not a number or a pointer`);
    return { type: obj.type, value: readScalar(this.ctx, obj) };
  }

  private truth(obj: CObject): boolean {
    return this.value(obj).value !== 0n;
  }

  // --- Names ---------------------------------------------------------------------------------

  private lookup(name: string): CObject {
    const debug = this.debug;
    if (!debug) throw new ValueError(`no variable '${name}': this frame has no debug information`);
    const v = this.variable(debug, name);
    if (v) return variableObject(this.ctx, debug, v);
    const constant = enumeratorNamed(debug, name);
    if (constant) return scalarObject(constant.type, constant.value, name);
    const fn = debug.functionsNamed(name)[0];
    if (fn) {
      const type: FunctionType = { kind: 'function', size: undefined, returnType: fn.returnType, params: fn.parameters.map((p) => p.type), variadic: fn.variadic, prototyped: true };
      return { type, place: { kind: 'memory', address: fn.low }, expression: name };
    }
    throw new ValueError(`no variable '${name}' in this frame`);
  }

  private variable(debug: DebugInfo, name: string): Variable | undefined {
    const pc = lookupPc(this.ctx);
    for (const scope of debug.scopesAt(pc)) {
      const v = scope.variables.find((x) => x.name === name);
      if (v) return v;
    }
    const fn = debug.functionAt(pc);
    const own = fn ? debug.unitModel(fn.unit).variables.find((x) => x.name === name) : undefined;
    if (own) return own;
    const all = debug.globals().filter((x) => x.name === name);
    return all.find((x) => x.storage === 'global') ?? all[0];
  }

  private register(name: string): CObject {
    const { frame } = this.ctx;
    if (name === 'pc') return scalarObject(codePointer, BigInt(frame.pc >>> 0), '$pc');
    const n = registerNumber(name);
    if (n === undefined) throw new ValueError(`no register '$${name}' (use $a0, $sp, $pc, $x5…)`);
    const type = n === 1 ? codePointer : pointerRegisters.has(name) ? pointerTo(voidType) : intType;
    return { type, place: { kind: 'register', register: n }, expression: `$${name}` };
  }

  // --- Postfix and unary ---------------------------------------------------------------------

  private member(base: CObject, name: string, arrow: boolean): CObject {
    let target = base;
    const t = stripTypedefs(base.type);
    if (arrow || t.kind === 'pointer') {
      if (t.kind !== 'pointer' && t.kind !== 'array') throw new ValueError(`'->' needs a pointer, and ${describe(base)} is ${typeName(base.type)}`);
      target = this.deref(base);
    }
    const s = stripTypedefs(target.type);
    if (s.kind !== 'struct' && s.kind !== 'union') throw new ValueError(`${describe(target)} is ${typeName(target.type)}, not a struct or union`);
    if (s.incomplete) throw new ValueError(`${typeName(target.type)} is incomplete here`);
    const path = memberPath(s.members, name);
    if (!path) throw new ValueError(`${typeName(target.type)} has no member named '${name}'`);
    let obj = target;
    for (const m of path) {
      const bits = m.bitSize !== undefined ? { bitOffset: m.bitOffset ?? 0, bitSize: m.bitSize } : undefined;
      obj = { type: m.type, place: offsetPlace(obj.place, m.offset, bits) };
    }
    return obj;
  }

  private index(base: CObject, index: CObject): CObject {
    const b = stripTypedefs(base.type);
    if (b.kind !== 'pointer' && b.kind !== 'array') {
      const i = stripTypedefs(index.type);
      if (i.kind === 'pointer' || i.kind === 'array') return this.index(index, base); // 2[a]
      throw new ValueError(`cannot index ${describe(base)}: it is ${typeName(base.type)}, not an array or pointer`);
    }
    const i = this.value(index);
    if (!isInteger(i.type)) throw new ValueError('an array index must be an integer');
    const element = b.kind === 'array' ? b.element : b.target;
    if (b.kind === 'array' && base.place.kind !== 'memory') {
      const size = sizeOf(element);
      const at = Number(i.value) * size;
      if (base.place.kind !== 'bytes' || at < 0 || at + size > base.place.bytes.length) throw new ValueError('index out of range of a value with no address');
      return { type: element, place: { kind: 'bytes', bytes: base.place.bytes.subarray(at, at + size) } };
    }
    const p = this.value(base);
    return this.deref(scalarObject(p.type, p.value + i.value * BigInt(strideOf(p.type))));
  }

  deref(obj: CObject): CObject {
    const p = this.value(obj);
    const t = stripTypedefs(p.type);
    if (t.kind !== 'pointer') throw new ValueError(`cannot dereference ${describe(obj)}: it is ${typeName(obj.type)}, not a pointer`);
    const target = stripTypedefs(t.target);
    if (target.kind === 'void') throw new ValueError(`cannot dereference a void pointer; cast it first, e.g. *(int *)${describe(obj)}`);
    return { type: t.target, place: { kind: 'memory', address: Number(BigInt.asUintN(32, p.value)) } };
  }

  private unary(op: string, operand: CObject): CObject {
    if (op === '*') return this.deref(operand);
    if (op === '&') return scalarObject(pointerTo(operand.type), BigInt(addressOf(operand)));
    const v = this.value(operand);
    if (op === '!') return scalarObject(intType, v.value === 0n ? 1n : 0n);
    if (!isInteger(v.type)) throw new ValueError(`unary '${op}' needs an integer, not ${typeName(v.type)}`);
    const type = promoted(v.type);
    const x = wrap(v.value, type);
    return scalarObject(type, op === '-' ? -x : op === '~' ? ~x : x);
  }

  private cast(type: CType, operand: CObject): CObject {
    const t = stripTypedefs(type);
    if (t.kind === 'void') return { type, place: { kind: 'bytes', bytes: new Uint8Array(0) } };
    if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'array') {
      if (operand.place.kind !== 'memory') throw new ValueError(`cannot cast a value to ${typeName(type)}`);
      return { type, place: operand.place };
    }
    if (!isInteger(t) && t.kind !== 'pointer') throw new ValueError(`cannot cast to ${typeName(type)}`);
    const v = this.value(operand);
    return scalarObject(type, wrap(v.value, type));
  }

  // --- Binary operators ----------------------------------------------------------------------

  private binary(op: BinaryOp, leftExpr: Expr, rightExpr: Expr): CObject {
    if (op === '&&' || op === '||') {
      const left = this.truth(this.evaluate(leftExpr));
      if (op === '&&' ? !left : left) return scalarObject(intType, op === '||' ? 1n : 0n);
      return scalarObject(intType, this.truth(this.evaluate(rightExpr)) ? 1n : 0n);
    }
    const a = this.value(this.evaluate(leftExpr));
    const b = this.value(this.evaluate(rightExpr));
    const ap = isPointer(a.type);
    const bp = isPointer(b.type);
    if (ap || bp) return pointerArithmetic(op, a, b);
    const type = op === '<<' || op === '>>' ? promoted(a.type) : arithmeticResult(a.type, b.type);
    const x = wrap(a.value, type);
    const y = wrap(b.value, type);
    return scalarObject(['<', '<=', '>', '>=', '==', '!='].includes(op) ? intType : type, integerOp(op, x, op === '<<' || op === '>>' ? b.value : y, type));
  }

  // --- Types ---------------------------------------------------------------------------------

  typeOf(ast: TypeNameAst): CType {
    const s = ast.spec;
    let t: CType;
    if (s.kind === 'void') t = voidType;
    else if (s.kind === 'base') t = this.baseNamed(s.name);
    else if (s.kind === 'typedef') t = findNamedType(this.debug, 'typedef', s.name);
    else t = findNamedType(this.debug, s.kind, s.tag);
    for (let i = 0; i < ast.pointers; i++) t = pointerTo(t);
    return t;
  }

  // The program's own DWARF type when it has one (whether char is signed is the compiler's call), else ours.
  private baseNamed(name: string): CType {
    const fallback = builtinBase(name);
    if (!fallback) throw new ValueError(`unknown type '${name}'`);
    return programBaseType(this.debug, name) ?? fallback;
  }
}

function describe(obj: CObject): string {
  return obj.expression ?? 'the value';
}

/** The chain of members to `name`, looking into anonymous structs and unions as C does. */
function memberPath(members: readonly Member[], name: string): Member[] | undefined {
  for (const m of members) {
    if (m.name === name) return [m];
    if (m.name === undefined) {
      const inner = stripTypedefs(m.type);
      if (inner.kind === 'struct' || inner.kind === 'union') {
        const rest = memberPath(inner.members, name);
        if (rest) return [m, ...rest];
      }
    }
  }
  return undefined;
}

// C11 6.4.4.1: a decimal constant without `u` never becomes unsigned; hex and octal ones may.
function literalType({ value, unsigned, long, decimal }: { value: bigint; unsigned: boolean; long: boolean; decimal: boolean }): CType {
  if (!long && !unsigned && value <= 0x7fffffffn) return intType;
  if (!long && (unsigned || !decimal) && value <= 0xffffffffn) return unsignedType;
  if (!unsigned && value <= 0x7fffffffffffffffn) return longLongType;
  if (value > 0xffffffffffffffffn) throw new ValueError(`integer constant ${value} is too large`);
  return unsignedLongLongType;
}

function integerOp(op: BinaryOp, x: bigint, y: bigint, type: CType): bigint {
  const bits = BigInt(sizeOf(type) * 8);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
    case '%':
      if (y === 0n) throw new ValueError('division by zero');
      return op === '/' ? x / y : x % y;
    case '<<': return x << (y & (bits - 1n));
    case '>>': return x >> (y & (bits - 1n));
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '<': return x < y ? 1n : 0n;
    case '<=': return x <= y ? 1n : 0n;
    case '>': return x > y ? 1n : 0n;
    case '>=': return x >= y ? 1n : 0n;
    case '==': return x === y ? 1n : 0n;
    case '!=': return x !== y ? 1n : 0n;
    default: throw new ValueError(`operator '${op}' is not supported here`);
  }
}

/** p + n, n + p, p - n scale by the pointee; p - q counts elements; pointers compare as addresses. */
function pointerArithmetic(op: BinaryOp, a: { type: CType; value: bigint }, b: { type: CType; value: bigint }): CObject {
  const ap = isPointer(a.type);
  const bp = isPointer(b.type);
  const au = BigInt.asUintN(32, a.value);
  const bu = BigInt.asUintN(32, b.value);
  if (['<', '<=', '>', '>=', '==', '!='].includes(op)) return scalarObject(intType, integerOp(op, au, bu, unsignedType));
  if (op === '+' && ap !== bp) {
    const [p, n] = ap ? [a, b] : [b, a];
    return scalarObject(p.type, p.value + n.value * BigInt(strideOf(p.type)));
  }
  if (op === '-' && ap && !bp) return scalarObject(a.type, a.value - b.value * BigInt(strideOf(a.type)));
  if (op === '-' && ap && bp) return scalarObject(intType, BigInt.asIntN(32, au - bu) / BigInt(strideOf(a.type)));
  if (op === '&' || op === '|' || op === '^' || op === '%') {
    // Alignment checks (`p & 3`) are common in OS code: treat the pointer as an unsigned int.
    return scalarObject(unsignedType, integerOp(op, au, bu, unsignedType));
  }
  throw new ValueError(`operator '${op}' cannot take ${typeName(a.type)} and ${typeName(b.type)}`);
}

/** x0–x31 by number or ABI name, `fp` for s0. */
export function registerNumber(name: string): number | undefined {
  const x = /^x(\d+)$/.exec(name);
  if (x && Number(x[1]) < 32) return Number(x[1]);
  if (name === 'fp') return 8;
  for (let i = 0; i < 32; i++) if (registerName(i) === name) return i;
  return undefined;
}

/** An enumerator of any enum in the program, by name (`RED`), with its enum type. */
function enumeratorNamed(debug: DebugInfo, name: string): { type: CType; value: bigint } | undefined {
  for (const unit of debug.dwarf.compileUnits) {
    for (const die of unit.dies) {
      if (die.tag !== DW_TAG.enumeration_type || !die.children.some((c) => c.tag === DW_TAG.enumerator && c.name === name)) continue;
      const type = debug.types.type(die);
      const e = stripTypedefs(type);
      const found = e.kind === 'enum' ? e.enumerators.find((x) => x.name === name) : undefined;
      if (found) return { type, value: BigInt(found.value) };
    }
  }
  return undefined;
}

/** A base type as the program's DWARF describes it (the first unit that has it). */
function programBaseType(debug: DebugInfo | null, name: string): CType | undefined {
  const spellings = name === 'long long' ? [name, 'long long int'] : name === 'unsigned long long' ? [name, 'long long unsigned int'] : [name];
  for (const unit of debug?.dwarf.compileUnits ?? []) {
    for (const die of unit.dies) if (die.tag === DW_TAG.base_type && die.name !== undefined && spellings.includes(die.name)) return debug!.types.type(die);
  }
  return undefined;
}
