// How a C object reads in the Variables view, as gdb and the VS Code C debuggers print it:
// integers in decimal (64-bit exactly), `65 'A'` for chars, `0x11f30 "hello"` for strings,
// hex pointers, enums by name, `{x = 1, y = 2}` previews of structs and arrays; and which
// children a node expands to (members, elements, the pointee).

import { stripTypedefs, typeName, type CType, type EnumType, type Member } from '../../sim/toolchain/dwarf';
import type { ValueContext } from './api';
import { attempt, isFloat, sizeOf } from './ctypes';
import { offsetPlace, readBytes, readProcessMemory, scalarFromBytes, type CObject } from './object';

/** How long a `char *` is read for its preview. */
const maxStringBytes = 200;
/** Previews stop growing here (VS Code cuts the rest anyway). */
const maxPreviewChars = 120;
const maxPreviewElements = 10;

/** What a node expands to. */
export type ChildSource =
  | { readonly kind: 'members'; readonly obj: CObject; readonly viaPointer: boolean }
  | { readonly kind: 'elements'; readonly obj: CObject; readonly count: number }
  | { readonly kind: 'pointee'; readonly obj: CObject };

export interface Child {
  readonly name: string;
  readonly obj: CObject;
}

export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** An expression usable as the left side of `.`, `->` or `[]` without changing its meaning. */
export function postfixable(expression: string): string {
  return /^\$?[A-Za-z_]\w*(\.[A-Za-z_]\w*|->[A-Za-z_]\w*|\[\d+\])*$/.test(expression) ? expression : `(${expression})`;
}

export function formatValue(ctx: ValueContext, obj: CObject, nested = 0): string {
  const t = stripTypedefs(obj.type);
  if (obj.place.kind === 'unavailable') return obj.place.why;
  switch (t.kind) {
    case 'struct':
    case 'union':
      return nested > 1 ? '{...}' : structPreview(ctx, obj, t.members, nested);
    case 'array':
      return arrayPreview(ctx, obj, t.element, t.count, nested);
    case 'function':
      return obj.place.kind === 'memory' ? `{${typeName(obj.type)}} ${functionLabel(ctx, obj.place.address)}` : typeName(obj.type);
    case 'void':
      return 'void';
    case 'other':
      return `<${t.name}>`;
  }
  if (isFloat(t)) return '(float not supported)';
  const bytes = readBytes(ctx, obj);
  if (!bytes) return '<unreadable>';
  const v = scalarFromBytes(bytes, obj);
  switch (t.kind) {
    case 'pointer':
      return pointerText(ctx, t.target, v);
    case 'enum':
      return enumText(t, v);
    case 'base':
      if (t.encoding === 'bool') return v === 0n ? 'false' : v === 1n ? 'true' : v.toString();
      if ((t.encoding === 'signedChar' || t.encoding === 'unsignedChar') && t.size === 1) return `${v} ${charLiteral(Number(v) & 0xff)}`;
      return v.toString();
  }
  return v.toString();
}

function pointerText(ctx: ValueContext, target: CType, v: bigint): string {
  const address = Number(v);
  const pointee = stripTypedefs(target);
  if (pointee.kind === 'function' && address !== 0) return `${hex(address)} ${functionLabel(ctx, address)}`;
  if (isCharType(pointee) && address !== 0) return `${hex(address)} ${readCString(ctx, address)}`;
  return hex(address);
}

function functionLabel(ctx: ValueContext, address: number): string {
  const fn = attempt(() => ctx.frame.debug?.functionAt(address));
  return fn ? `<${fn.name}${address === fn.low ? '' : `+${address - fn.low}`}>` : '';
}

export function isCharType(t: CType): boolean {
  const s = stripTypedefs(t);
  return s.kind === 'base' && s.size === 1 && (s.encoding === 'signedChar' || s.encoding === 'unsignedChar');
}

/** The NUL-terminated string at an address, quoted; `<unreadable>` where its memory is not mapped. */
export function readCString(ctx: ValueContext, address: number, limit = maxStringBytes): string {
  const bytes: number[] = [];
  while (bytes.length < limit) {
    // Up to the end of the page, so that a string ending just before an unmapped page still reads.
    const at = (address + bytes.length) >>> 0;
    const chunk = Math.min(limit - bytes.length, 4096 - (at & 4095));
    const got = readProcessMemory(ctx, at, chunk);
    if (!got) return bytes.length === 0 ? '<unreadable>' : `${quote(bytes)}... <unreadable>`;
    const nul = got.indexOf(0);
    if (nul >= 0) return quote([...bytes, ...got.subarray(0, nul)]);
    bytes.push(...got);
  }
  return `${quote(bytes)}...`;
}

const escapes = new Map([[0x0a, '\\n'], [0x09, '\\t'], [0x0d, '\\r'], [0x5c, '\\\\'], [0x07, '\\a'], [0x08, '\\b'], [0x0c, '\\f'], [0x0b, '\\v'], [0x1b, '\\033']]);

function escapeByte(b: number, quoteChar: string): string {
  if (b === quoteChar.charCodeAt(0)) return `\\${quoteChar}`;
  const e = escapes.get(b);
  if (e) return e;
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return `\\${b.toString(8).padStart(3, '0')}`;
}

export function quote(bytes: readonly number[] | Uint8Array): string {
  return `"${Array.from(bytes, (b) => escapeByte(b, '"')).join('')}"`;
}

export function charLiteral(b: number): string {
  return `'${escapeByte(b, "'")}'`;
}

/** An enum value by name; a combination of flag enumerators as `(A | B | 0x40)`; else the number. */
export function enumText(t: EnumType, v: bigint): string {
  const exact = t.enumerators.find((e) => BigInt(e.value) === v);
  if (exact) return exact.name;
  let rest = v;
  const parts: string[] = [];
  if (v > 0n) {
    for (const e of t.enumerators) {
      const bit = BigInt(e.value);
      if (bit > 0n && (bit & (bit - 1n)) === 0n && (rest & bit) !== 0n) {
        parts.push(e.name);
        rest &= ~bit;
      }
    }
  }
  if (parts.length === 0) return v.toString();
  if (rest !== 0n) parts.push(rest.toString());
  return `(${parts.join(' | ')})`;
}

function structPreview(ctx: ValueContext, obj: CObject, members: readonly Member[], nested: number): string {
  const parts: string[] = [];
  let length = 2;
  for (const child of memberChildren(obj, members, false)) {
    const text = `${child.name} = ${formatValue(ctx, child.obj, nested + 1)}`;
    length += text.length + 2;
    if (length > maxPreviewChars) {
      parts.push('...');
      break;
    }
    parts.push(text);
  }
  return `{${parts.join(', ')}}`;
}

function arrayPreview(ctx: ValueContext, obj: CObject, element: CType, count: number | undefined, nested: number): string {
  if (count === undefined) return '[]';
  if (isCharType(element) && obj.place.kind !== 'register') {
    const bytes = readBytes(ctx, obj, count);
    if (!bytes) return '<unreadable>';
    const nul = bytes.indexOf(0);
    return quote(nul >= 0 ? bytes.subarray(0, nul) : bytes) + (nul >= 0 ? '' : '...');
  }
  if (nested > 1) return `[${count}]`;
  const parts: string[] = [];
  for (const child of elementChildren(obj, 0, Math.min(count, maxPreviewElements))) parts.push(formatValue(ctx, child.obj, nested + 1));
  if (count > maxPreviewElements) parts.push('...');
  return `{${parts.join(', ')}}`;
}

/** What a node of this object expands to, if anything. */
export function childSource(ctx: ValueContext, obj: CObject): ChildSource | undefined {
  const t = stripTypedefs(obj.type);
  if (obj.place.kind === 'unavailable') return undefined;
  if (t.kind === 'struct' || t.kind === 'union') return t.members.length > 0 ? { kind: 'members', obj, viaPointer: false } : undefined;
  if (t.kind === 'array') return t.count ? { kind: 'elements', obj, count: t.count } : undefined;
  if (t.kind !== 'pointer') return undefined;
  const target = stripTypedefs(t.target);
  if (target.kind === 'void' || target.kind === 'function' || target.kind === 'other') return undefined;
  if ((target.kind === 'struct' || target.kind === 'union') && target.incomplete) return undefined;
  const bytes = readBytes(ctx, obj);
  if (!bytes) return undefined;
  const address = Number(scalarFromBytes(bytes, obj));
  if (address === 0) return undefined;
  const pointee: CObject = { type: t.target, place: { kind: 'memory', address }, expression: obj.expression ? `*${postfixable(obj.expression)}` : undefined };
  if (target.kind === 'struct' || target.kind === 'union') return { kind: 'members', obj: pointee, viaPointer: true };
  return { kind: 'pointee', obj: pointee };
}

export function childCount(source: ChildSource): { named?: number; indexed?: number } {
  switch (source.kind) {
    case 'members':
      return { named: (stripTypedefs(source.obj.type) as { members: readonly Member[] }).members.length };
    case 'elements':
      return { indexed: source.count };
    case 'pointee':
      return { named: 1 };
  }
}

export function children(source: ChildSource, range?: { start: number; count: number }): Child[] {
  switch (source.kind) {
    case 'members':
      return memberChildren(source.obj, (stripTypedefs(source.obj.type) as { members: readonly Member[] }).members, source.viaPointer);
    case 'elements': {
      const start = Math.max(0, range?.start ?? 0);
      const end = Math.min(source.count, range && range.count > 0 ? start + range.count : source.count);
      return elementChildren(source.obj, start, end);
    }
    case 'pointee':
      return [{ name: source.obj.expression ?? '*', obj: source.obj }];
  }
}

function memberChildren(obj: CObject, members: readonly Member[], viaPointer: boolean): Child[] {
  // Through a pointer, obj.expression is `*p`; its members read better as `p->m`.
  const base = obj.expression;
  const pointerExpr = viaPointer && base?.startsWith('*') ? base.slice(1) : undefined;
  return members.map((m, i) => {
    const name = m.name ?? `<anonymous${members.length > 1 ? ` ${i}` : ''}>`;
    const bits = m.bitSize !== undefined ? { bitOffset: m.bitOffset ?? 0, bitSize: m.bitSize } : undefined;
    const expression = m.name === undefined || base === undefined ? base : pointerExpr !== undefined ? `${pointerExpr}->${m.name}` : `${postfixable(base)}.${m.name}`;
    return { name, obj: { type: m.type, place: offsetPlace(obj.place, m.offset, bits), expression } };
  });
}

function elementChildren(obj: CObject, start: number, end: number): Child[] {
  const t = stripTypedefs(obj.type);
  if (t.kind !== 'array') return [];
  const size = attempt(() => sizeOf(t.element)) ?? 0;
  const out: Child[] = [];
  for (let i = start; i < end; i++) {
    const expression = obj.expression === undefined ? undefined : `${postfixable(obj.expression)}[${i}]`;
    out.push({ name: `[${i}]`, obj: { type: t.element, place: offsetPlace(obj.place, i * size), expression } });
  }
  return out;
}
