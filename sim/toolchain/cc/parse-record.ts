// struct, union and enum specifiers (C11 6.7.2.1-3): tag scoping (a tag first mentioned in a
// scope declares an incomplete type there; a later definition in the same scope completes the
// same declaration object, so earlier pointers see the members), member lists with bit-field
// widths, and member lookup; record-layout.ts places the members.

import type { Parser } from './parse-state';
import { attributeList, constantInt, declarator, declspec } from './parse-declspec';
import { conditionalExpr } from './parse-expr';
import { staticAssert } from './parse-decl';
import { layoutRecord } from './record-layout';
import type { SourceLocation, Token } from './token';
import {
  INT, isBitField, isIncomplete, isInteger, isRecord, sizeOf, type CType, type EnumDecl, type EnumType, type Member,
  type RecordDecl, type RecordType,
} from './types';

// struct-or-union-specifier = ("struct" | "union") attribute* ident? ("{" struct-declaration* "}" attribute*)?
export function recordSpecifier(p: Parser): RecordType {
  return p.nested(() => recordSpecifierLevel(p));
}

function recordSpecifierLevel(p: Parser): RecordType {
  const kind = p.next().text as 'struct' | 'union';
  const attrs = attributeList(p);
  const tagTok = p.tok.kind === 'ident' ? p.next() : null;
  const isDefinition = p.is('{');
  const declaresOnly = !isDefinition && p.is(';') && tagTok !== null;
  const existing = tagTok ? (findTag(p, tagTok, kind, isDefinition || declaresOnly) as RecordType | null) : null;
  if (!isDefinition) return existing ?? newRecord(p, kind, tagTok);
  if (existing?.decl.complete) p.fatal(tagTok ?? p.tok, `redefinition of '${kind} ${tagTok?.text}'`);
  const record = existing ?? newRecord(p, kind, tagTok);
  p.next();
  memberList(p, record.decl);
  const after = attributeList(p);
  const packed = attrs.packed || after.packed;
  if (packed && record.decl.members.some(isBitField)) {
    p.error(record.decl.loc, "bit-fields in a packed struct are not supported by oslab's C compiler yet");
  }
  layoutRecord(record.decl, { packed: packed && !record.decl.members.some(isBitField), aligned: Math.max(attrs.aligned, after.aligned), noreturn: false });
  return record;
}

// A tag lookup: a definition or a bare `struct s;` only looks in the current scope (it may shadow).
function findTag(p: Parser, tagTok: Token, kind: 'struct' | 'union' | 'enum', currentScopeOnly: boolean): RecordType | EnumType | null {
  const found = currentScopeOnly ? p.scope.tags.get(tagTok.text) : p.scope.lookupTag(tagTok.text);
  if (!found) return null;
  if (found.kind !== kind) p.fatal(tagTok, `'${tagTok.text}' defined as wrong kind of tag`);
  return found;
}

function newRecord(p: Parser, kind: 'struct' | 'union', tagTok: Token | null): RecordType {
  const decl: RecordDecl = { kind, tag: tagTok?.text ?? null, loc: (tagTok ?? p.tok).loc, members: [], size: 0, align: 1, complete: false, flexible: false };
  const type: RecordType = { kind, decl };
  if (tagTok) p.scope.tags.set(tagTok.text, type);
  return type;
}

// struct-declaration = declspec (declarator ("," declarator)*)? ";"   (members laid out later)
function memberList(p: Parser, decl: RecordDecl): void {
  const members: Member[] = [];
  while (!p.consume('}')) {
    if (p.is('_Static_assert')) {
      staticAssert(p);
      continue;
    }
    const spec = declspec(p, false);
    if (isRecord(spec.type) && p.consume(';')) {
      // An anonymous struct/union member: its members are found through it.
      if (spec.type.decl.tag === null) members.push({ name: null, type: spec.type, offset: 0, loc: spec.type.decl.loc });
      continue;
    }
    let first = true;
    while (!p.consume(';')) {
      if (!first) p.expect(',');
      first = false;
      // An unnamed bit-field has no declarator: `unsigned : 4;`.
      const d = p.is(':') ? { name: null, type: spec.type, align: 0 } : declarator(p, spec.type);
      const loc = (d.name ?? p.tok).loc;
      const bitWidth = p.consume(':') ? bitFieldWidth(p, d.name?.text ?? null, d.type, loc) : undefined;
      if (d.type.kind === 'function') p.error(loc, `field '${d.name?.text}' declared as a function`);
      if (members.some((m) => m.name !== null && m.name === d.name?.text)) p.error(loc, `duplicate member '${d.name?.text}'`);
      const member: Member = { name: d.name?.text ?? null, type: d.type, offset: Math.max(spec.align, d.align), loc };
      if (bitWidth !== undefined) members.push({ ...member, bitWidth });
      else if (d.name) members.push(member);
      else p.warning(loc, 'declaration does not declare anything');
    }
  }
  checkMembers(p, decl, members);
  decl.members = members;
}

// bit-field-width = ":" const-expr
// A bad width is reported and the member becomes an ordinary one, so its uses do not cascade.
function bitFieldWidth(p: Parser, name: string | null, type: CType, loc: SourceLocation): number | undefined {
  const what = name ? `'${name}'` : '<anonymous>';
  const widthExpr = conditionalExpr(p);
  if (widthExpr.kind !== 'num') return void p.error(widthExpr.loc, `bit-field ${what} width not an integer constant`);
  if (!isInteger(type)) return void p.error(loc, `bit-field ${what} has invalid type`);
  const width = widthExpr.value;
  const typeBits = type.kind === 'bool' ? 1n : BigInt(sizeOf(type) * 8);
  if (width < 0n) return void p.error(widthExpr.loc, `negative width in bit-field ${what}`);
  if (width > typeBits) return void p.error(widthExpr.loc, `width of ${what} exceeds its type`);
  if (width === 0n && name !== null) return void p.error(widthExpr.loc, `zero width for bit-field ${what}`);
  return Number(width);
}

// The last member may be a flexible array; any other incomplete member is an error.
function checkMembers(p: Parser, decl: RecordDecl, members: Member[]): void {
  members.forEach((m, i) => {
    const flexible = m.type.kind === 'array' && m.type.length === null && i === members.length - 1 && decl.kind === 'struct';
    if (flexible) {
      if (members.length === 1) p.error(m.loc, 'flexible array member in a struct with no named members');
      decl.flexible = true;
    } else if (isIncomplete(m.type)) {
      p.error(m.loc, `field '${m.name ?? ''}' has incomplete type`);
    }
  });
}

/** Finds `name` in a struct/union, descending into anonymous members; returns the path of members to it. */
export function findMember(type: RecordType, name: string): Member[] | null {
  for (const m of type.decl.members) {
    if (m.name === name) return [m];
    if (m.name === null && isRecord(m.type)) {
      const inner = findMember(m.type, name);
      if (inner) return [m, ...inner];
    }
  }
  return null;
}

// enum-specifier = "enum" attribute* ident? ("{" enum-list? "}")?
// enum-list = ident ("=" const-expr)? ("," ident ("=" const-expr)?)* ","?
export function enumSpecifier(p: Parser): EnumType {
  p.next();
  attributeList(p);
  const tagTok = p.tok.kind === 'ident' ? p.next() : null;
  const isDefinition = p.is('{');
  const existing = tagTok ? findTag(p, tagTok, 'enum', isDefinition) : null;
  if (existing && !isDefinition) return existing as EnumType;
  if (existing && (existing as EnumType).decl.complete) p.fatal(tagTok ?? p.tok, `nested redefinition of 'enum ${tagTok?.text}'`);
  const decl: EnumDecl = (existing as EnumType | null)?.decl ?? { tag: tagTok?.text ?? null, loc: (tagTok ?? p.tok).loc, constants: [], complete: false };
  const type: EnumType = (existing as EnumType | null) ?? { kind: 'enum', decl };
  if (tagTok && !existing) p.scope.tags.set(tagTok.text, type);
  if (!isDefinition) return type;
  p.next();
  let value = 0n;
  while (!p.consume('}')) {
    const name = p.expectIdent();
    if (p.consume('=')) value = constantInt(p, conditionalExpr(p), `enumerator value for '${name.text}' is not an integer constant`);
    if (p.scope.ordinary.has(name.text)) p.error(name, `redeclaration of enumerator '${name.text}'`);
    decl.constants.push({ name: name.text, value: Number(value) });
    p.scope.ordinary.set(name.text, { kind: 'enumConstant', value, type: INT });
    value++;
    attributeList(p);
    if (!p.consume(',')) {
      p.expect('}');
      break;
    }
  }
  decl.complete = true;
  return type;
}
