// Lowers a parsed initializer (initializer.ts) to what codegen consumes: for an automatic object,
// `zero` of the whole aggregate then one assignment per initialized scalar (C11 6.7.9p21 zeroes
// the rest); for a static object, its bytes and a relocation for every address constant; and
// compound literals, which are one or the other depending on where they appear.

import type { Expr, StaticData, StaticRelocation } from './ast';
import { staticValue } from './constant';
import { assignConvert, num, rvalue } from './convert';
import { parseInitializer, type InitNode } from './initializer';
import type { Parser } from './parse-state';
import { isReadOnlyObject } from './parse-decl';
import { makeGlobal } from './scope';
import type { SourceLocation } from './token';
import { INT, isBitField, isRecord, pointerTo, sizeOf, unqualified, wrapToType, type CType, type Member } from './types';
import { assignBitField, isBitFieldAccess } from './sema-bitfield';

/** The expressions that initialize the automatic object `target` (already declared). */
export function localInitializer(p: Parser, target: Expr, node: InitNode): Expr[] {
  const t = unqualified(node.type);
  if (t.kind !== 'array' && !isRecord(t)) {
    return node.expr ? [initAssign(p, target, node.expr)] : [];
  }
  if (node.expr) return [initAssign(p, target, node.expr)];
  const out: Expr[] = [{ kind: 'zero', target, type: t, loc: target.loc }];
  collectAssignments(p, target, node, out);
  return out;
}

// Initialization may store into const objects, so this bypasses assignment's modifiable check.
function initAssign(p: Parser, target: Expr, value: Expr): Expr {
  if (isBitFieldAccess(target)) return assignBitField(p, target, value, true, value.loc);
  const converted = assignConvert(p, value, target.type, { kind: 'initialization' }, value.loc);
  return { kind: 'assign', target, value: converted, type: unqualified(target.type), loc: value.loc };
}

function collectAssignments(p: Parser, target: Expr, node: InitNode, out: Expr[]): void {
  const t = unqualified(node.type);
  if (node.expr) {
    out.push(initAssign(p, target, node.expr));
    return;
  }
  if (node.bytes && t.kind === 'array') {
    node.bytes.forEach((byte, i) => {
      if (byte !== 0) out.push(initAssign(p, elementLvalue(target, t.element, i), num(byte, t.element, target.loc)));
    });
    return;
  }
  node.children.forEach((c, i) => {
    if (!c) return;
    const lvalue = t.kind === 'array' ? elementLvalue(target, t.element, i) : memberLvalue(target, (t as CType & { kind: 'struct' }).decl.members[i]);
    collectAssignments(p, lvalue, c, out);
  });
}

/** `array[i]` lowered as ast.ts says: `*(array + i*size)`. */
function elementLvalue(array: Expr, element: CType, index: number): Expr {
  const base = rvalue(array);
  const offset = num(index * sizeOf(element), INT, array.loc);
  const address: Expr = index === 0 ? base : { kind: 'binary', op: 'add', lhs: base, rhs: offset, type: base.type, loc: array.loc };
  return { kind: 'deref', operand: address, type: element, loc: array.loc };
}

function memberLvalue(object: Expr, member: Member): Expr {
  return { kind: 'member', object, member, type: member.type, loc: object.loc };
}

/** The bytes and relocations of a static object; null when it is all zero (it goes to .bss). */
export function staticInitializer(p: Parser, node: InitNode): StaticData | null {
  const bytes = new Uint8Array(sizeOf(node.type));
  const relocations: StaticRelocation[] = [];
  writeStatic(p, node, 0, bytes, relocations);
  if (relocations.length === 0 && bytes.every((b) => b === 0)) return null;
  return { bytes, relocations };
}

function writeStatic(p: Parser, node: InitNode, offset: number, bytes: Uint8Array, relocations: StaticRelocation[]): void {
  const t = unqualified(node.type);
  if (node.bytes) {
    bytes.set(node.bytes, offset);
    return;
  }
  if (node.expr) {
    if (t.kind === 'array' || isRecord(t)) return writeStaticCopy(p, node.expr, offset, bytes, relocations);
    const value = assignConvert(p, node.expr, t, { kind: 'initialization' }, node.expr.loc);
    const constant = staticValue(value);
    if (!constant) return p.error(node.expr.loc, 'initializer element is not constant');
    if (constant.symbol !== null) {
      if (sizeOf(t) !== 4) return p.error(node.expr.loc, 'initializer element is not computable at load time');
      relocations.push({ offset, symbol: constant.symbol, addend: Number(BigInt.asIntN(32, constant.addend)) });
      return;
    }
    writeInteger(bytes, offset, wrapToType(constant.addend, t), sizeOf(t));
    return;
  }
  node.children.forEach((c, i) => {
    if (!c) return;
    const member = t.kind === 'array' ? null : (t as CType & { kind: 'struct' }).decl.members[i];
    const at = member ? offset + member.offset : offset + i * sizeOf((t as CType & { kind: 'array' }).element);
    if (member && isBitField(member)) return writeStaticBitField(p, c, member, at, bytes);
    writeStatic(p, c, at, bytes, relocations);
  });
}

// The field's bits merged into its storage unit (little-endian, counted from the unit's low bit).
function writeStaticBitField(p: Parser, node: InitNode, member: Member, unitOffset: number, bytes: Uint8Array): void {
  if (!node.expr) return;
  const value = staticValue(assignConvert(p, node.expr, member.type, { kind: 'initialization' }, node.expr.loc));
  if (!value || value.symbol !== null) return p.error(node.expr.loc, 'initializer element is not constant');
  const width = BigInt(member.bitWidth ?? 0);
  const shifted = BigInt.asUintN(Number(width), value.addend) << BigInt(member.bitOffset ?? 0);
  const unitSize = Math.max(1, sizeOf(member.type));
  let unit = 0n;
  for (let i = unitSize - 1; i >= 0; i--) unit = (unit << 8n) | BigInt(bytes[unitOffset + i]);
  writeInteger(bytes, unitOffset, unit | shifted, unitSize);
}

// `static struct s a = b;` is not constant in C, but a compound literal's value is (GNU C).
function writeStaticCopy(p: Parser, e: Expr, offset: number, bytes: Uint8Array, relocations: StaticRelocation[]): void {
  const source = e.kind === 'var' && e.variable.kind === 'global' ? p.extraGlobals.find((g) => g.variable === e.variable) : undefined;
  if (!source || !source.init) {
    if (source) return;
    return p.error(e.loc, 'initializer element is not constant');
  }
  bytes.set(source.init.bytes, offset);
  for (const r of source.init.relocations) relocations.push({ ...r, offset: r.offset + offset });
}

function writeInteger(bytes: Uint8Array, offset: number, value: bigint, size: number): void {
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    bytes[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

// compound-literal = "(" type-name ")" "{" initializer-list "}"
/** Inside a function an unnamed local initialized where it appears; at file scope a static object. */
export function initializeCompoundLiteral(p: Parser, type: CType, loc: SourceLocation): Expr {
  const node = parseInitializer(p, type);
  if (!p.fn) {
    const name = `__compound_literal.${p.unique()}`;
    const variable = makeGlobal(name, name, node.type, loc, true);
    p.extraGlobals.push({ variable, init: staticInitializer(p, node), readonly: isReadOnlyObject(node.type), userVisible: false });
    return { kind: 'var', variable, type: node.type, loc };
  }
  const variable = p.temporary(node.type, loc, 'compoundliteral');
  const target: Expr = { kind: 'var', variable, type: node.type, loc };
  const pointer = pointerTo(node.type);
  // `*(init..., &tmp)`: an lvalue (C11 6.5.2.5p4) whose initialization runs where the literal is evaluated.
  let address: Expr = { kind: 'addr', operand: target, type: pointer, loc };
  for (const init of localInitializer(p, target, node).reverse()) address = { kind: 'comma', lhs: init, rhs: address, type: pointer, loc };
  return { kind: 'deref', operand: address, type: node.type, loc };
}
