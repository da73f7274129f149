// Initializer lists (C11 6.7.9) parsed into a tree shaped like the object: one node per array
// element or member that the source mentions, filled through brace elision and designators
// (`.m =`, `[i] =`, GNU `[a ... b] =`) following the "current object" rules. An array of unknown
// length takes its length from the largest index. initializer-lower.ts turns the tree into
// assignments (automatic objects) or bytes and relocations (static ones).

import type { Expr } from './ast';
import type { Parser } from './parse-state';
import { findMember } from './parse-record';
import { constantInt } from './parse-declspec';
import { assignExpr, conditionalExpr } from './parse-expr';
import { arrayOf, isBitField, isInteger, isRecord, sizeOf, typeName, unqualified, type CType } from './types';

export interface InitNode {
  /** The object's type; an array of unknown length gets its length when parsing ends. */
  type: CType;
  /** A scalar's value, or a whole struct/union copied from an expression. */
  expr: Expr | null;
  /** Element or member nodes by index, made when first initialized. */
  readonly children: (InitNode | undefined)[];
  /** `char s[] = "…"`: the bytes including the terminating NUL (truncated to the array). */
  bytes: Uint8Array | null;
  /** For a union: which member is initialized. */
  unionMember: number;
  /** For an array of unknown length: one past the largest index seen. */
  length: number;
}

function newNode(type: CType): InitNode {
  return { type, expr: null, children: [], bytes: null, unionMember: 0, length: 0 };
}

/** Parses `= initializer` for an object of `type`; an unknown array length is fixed from it. */
export function parseInitializer(p: Parser, type: CType): InitNode {
  const node = newNode(type);
  initializer(p, node, null);
  finish(node);
  return node;
}

function finish(node: InitNode): void {
  const t = node.type;
  if (t.kind === 'array' && t.length === null) node.type = arrayOf(t.element, node.bytes ? node.bytes.length : node.length);
  for (const c of node.children) if (c) finish(c);
}

function isAggregate(t: CType): boolean {
  return t.kind === 'array' || isRecord(t);
}

// How many positional initializers the object takes.
function capacity(node: InitNode, positional: boolean): number {
  const t = unqualified(node.type);
  if (t.kind === 'array') return t.length ?? Infinity;
  if (t.kind === 'struct') return t.decl.members.length;
  if (t.kind === 'union') return positional ? Math.min(1, t.decl.members.length) : t.decl.members.length;
  return 1;
}

// C11 6.7.9p9: unnamed bit-fields are padding, which positional initializers pass over.
function skipUnnamedBitFields(node: InitNode, index: number): number {
  const t = unqualified(node.type);
  if (t.kind !== 'struct') return index;
  let i = index;
  while (i < t.decl.members.length && t.decl.members[i].name === null && isBitField(t.decl.members[i])) i++;
  return i;
}

function child(p: Parser, node: InitNode, index: number): InitNode {
  const t = unqualified(node.type);
  let type: CType;
  if (t.kind === 'array') {
    type = t.element;
    node.length = Math.max(node.length, index + 1);
  } else if (isRecord(t)) {
    type = t.decl.members[index].type;
    if (type.kind === 'array' && type.length === null) p.fatal(p.tok, "initialization of a flexible array member is not supported by oslab's C compiler yet");
    if (t.kind === 'union' && node.unionMember !== index) {
      node.children.length = 0;
      node.unionMember = index;
    }
  } else {
    return node;
  }
  node.expr = null;
  return (node.children[index] ??= newNode(type));
}

function isCharArray(t: CType): boolean {
  const u = unqualified(t);
  return u.kind === 'array' && isInteger(u.element) && sizeOf(u.element) === 1;
}

// initializer = string-literal | "{" initializer-list "}" | assign
// (`pending` is an expression already parsed for an enclosing object that turned out to start this one)
function initializer(p: Parser, node: InitNode, pending: Expr | null): void {
  const t = unqualified(node.type);
  if (!pending && p.is('{')) return braced(p, node);
  if (isCharArray(t) && !pending && p.tok.kind === 'string' && isInitializerEnd(p, p.peek())) {
    return stringInitializer(p, node, p.next().bytes ?? new Uint8Array());
  }
  if (isAggregate(t)) {
    const e = pending ?? assignExpr(p);
    if (isRecord(t) && isRecord(e.type) && e.type.decl === t.decl) {
      node.expr = e;
      return;
    }
    if (isCharArray(t) && e.kind === 'var' && p.stringBytes.has(e.variable as never)) {
      return stringInitializer(p, node, (p.stringBytes.get(e.variable as never) as Uint8Array).subarray(0, -1));
    }
    if (capacity(node, true) === 0) return p.fatal(e.loc, `invalid initializer`);
    const first = skipUnnamedBitFields(node, 0);
    initializer(p, child(p, node, first), e);
    continueElided(p, node, first + 1);
    return;
  }
  node.expr = pending ?? assignExpr(p);
}

function isInitializerEnd(p: Parser, t: ReturnType<Parser['peek']>): boolean {
  return p.is(',', t) || p.is('}', t) || p.is(';', t) || p.is(')', t);
}

function stringInitializer(p: Parser, node: InitNode, text: Uint8Array): void {
  const t = unqualified(node.type) as CType & { kind: 'array' };
  const withNul = new Uint8Array(text.length + 1);
  withNul.set(text);
  if (t.length === null) {
    node.bytes = withNul;
    return;
  }
  if (text.length > t.length) p.warning(p.tok, `initializer-string for array of '${typeName(t.element)}' is too long`);
  node.bytes = withNul.subarray(0, Math.min(t.length, withNul.length));
}

// Brace elision: the following initializers fill the rest of `node` until it is full or a
// designator or `}` says they belong to an enclosing object.
function continueElided(p: Parser, node: InitNode, from: number): void {
  for (let i = skipUnnamedBitFields(node, from); i < capacity(node, true); i = skipUnnamedBitFields(node, i + 1)) {
    if (!p.is(',') || p.is('}', p.peek()) || p.is('[', p.peek()) || p.is('.', p.peek())) return;
    p.next();
    initializer(p, child(p, node, i), null);
  }
}

// initializer-list = "{" (designation? initializer ("," designation? initializer)* ","?)? "}"
function braced(p: Parser, node: InitNode): void {
  return p.nested(() => bracedLevel(p, node));
}

function bracedLevel(p: Parser, node: InitNode): void {
  p.expect('{');
  if (!isAggregate(unqualified(node.type))) {
    if (p.consume('}')) return; // `int x = {};` (C23, GNU): zero
    initializer(p, node, null);
    if (p.consume(',') && !p.is('}')) {
      p.warning(p.tok, 'excess elements in scalar initializer');
      skipToClose(p);
      return;
    }
    p.expect('}');
    return;
  }
  let index = 0;
  let first = true;
  for (;;) {
    if (p.consume('}')) return;
    if (!first) {
      p.expect(',');
      if (p.consume('}')) return;
    }
    first = false;
    if (p.is('[') || p.is('.')) {
      index = designation(p, node) + 1;
      continue;
    }
    index = skipUnnamedBitFields(node, index);
    if (index >= capacity(node, true)) {
      p.warning(p.tok, `excess elements in ${unqualified(node.type).kind === 'array' ? 'array' : unqualified(node.type).kind} initializer`);
      skipToClose(p);
      return;
    }
    initializer(p, child(p, node, index), null);
    index++;
  }
}

function skipToClose(p: Parser): void {
  let depth = 0;
  while (p.tok.kind !== 'eof') {
    if (p.is('{')) depth++;
    if (p.is('}')) {
      if (depth === 0) break;
      depth--;
    }
    p.next();
  }
  p.expect('}');
}

// designation = ("[" const-expr ("..." const-expr)? "]" | "." ident)+ "=" initializer
// Returns the index the first designator chose in `node`; later initializers continue after it.
function designation(p: Parser, node: InitNode): number {
  const t = unqualified(node.type);
  if (p.is('[')) {
    if (t.kind !== 'array') p.fatal(p.tok, 'array index in non-array initializer');
    p.next();
    const first = arrayIndex(p, node);
    const last = p.consume('...') ? arrayIndex(p, node) : first;
    p.expect(']');
    designatedInitializer(p, node, first);
    const copied = node.children[first] as InitNode;
    for (let i = first + 1; i <= last; i++) node.children[i] = cloneNode(copied);
    if (t.kind === 'array') node.length = Math.max(node.length, last + 1);
    return last;
  }
  p.expect('.');
  const name = p.expectIdent();
  if (!isRecord(t)) p.fatal(name, 'field name not in record or union initializer');
  const path = findMember(t, name.text);
  if (!path) p.fatal(name, `'${typeName(t)}' has no member named '${name.text}'`);
  // A member of an anonymous struct/union is reached through it, as if designated `.anon.m`.
  let level = node;
  const chain: { node: InitNode; index: number }[] = [];
  for (const member of path) {
    const record = unqualified(level.type) as CType & { kind: 'struct' | 'union' };
    const index = record.decl.members.indexOf(member);
    chain.push({ node: level, index });
    if (member !== path[path.length - 1]) level = child(p, level, index);
  }
  const last = chain[chain.length - 1];
  designatedInitializer(p, last.node, last.index);
  for (let i = chain.length - 2; i >= 0; i--) continueElided(p, chain[i + 1].node, chain[i + 1].index + 1);
  return chain[0].index;
}

// After one designator: more designators go deeper; otherwise "=" and the initializer.
function designatedInitializer(p: Parser, node: InitNode, index: number): void {
  const target = child(p, node, index);
  if (p.is('[') || p.is('.')) {
    const next = designation(p, target);
    continueElided(p, target, next + 1);
    return;
  }
  p.expect('=');
  initializer(p, target, null);
}

function arrayIndex(p: Parser, node: InitNode): number {
  const at = p.tok;
  const value = constantInt(p, conditionalExpr(p), 'array index in initializer not of integer type');
  const t = unqualified(node.type) as CType & { kind: 'array' };
  if (value < 0n || (t.length !== null && value >= BigInt(t.length))) p.fatal(at, 'array index in initializer exceeds array bounds');
  return Number(value);
}

function cloneNode(n: InitNode): InitNode {
  return { ...n, children: n.children.map((c) => c && cloneNode(c)) };
}
