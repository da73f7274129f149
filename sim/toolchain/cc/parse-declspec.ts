// Declaration specifiers and declarators (C11 6.7): how `static const unsigned long *(*p)[4]`
// becomes a storage class plus a CType. Nested declarators are parsed chibicc's way: skip the
// parenthesised inner declarator, read the suffix that applies to it, then parse the inner part
// against the resulting type. Unsupported C features fail here with one clear message.

import type { Expr, LocalVariable } from './ast';
import type { Parser } from './parse-state';
import { conditionalExpr, expression } from './parse-expr';
import { enumSpecifier, recordSpecifier } from './parse-record';
import type { Token } from './token';
import {
  BOOL, CHAR, alignOf, isIncomplete, sizeOf, INT, LLONG, LONG, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG, USHORT, VOID, arrayOf, pointerTo,
  withQualifiers, type CType, type FunctionType, type Parameter, type Qualifiers,
} from './types';

const SPECIFIER_COUNT: Record<string, 'void' | 'bool' | 'char' | 'short' | 'int' | 'long' | 'signed' | 'unsigned'> = {
  void: 'void', _Bool: 'bool', char: 'char', short: 'short', int: 'int', long: 'long', signed: 'signed', __signed__: 'signed',
  __signed: 'signed', unsigned: 'unsigned',
};

export const FLOATING_UNSUPPORTED = "floating point is not supported by oslab's C compiler yet";

export type StorageClass = 'typedef' | 'static' | 'extern' | null;

export interface DeclSpec {
  readonly type: CType;
  readonly storage: StorageClass;
  readonly inline: boolean;
  readonly noreturn: boolean;
  /** `_Alignas`/`aligned(N)` on the declaration, 0 when absent. */
  readonly align: number;
}

export interface Attributes {
  packed: boolean;
  aligned: number;
  noreturn: boolean;
}

export interface Declarator {
  readonly type: CType;
  readonly name: Token | null;
  /** For a function declarator directly named (`f(int a)`): the parameter name tokens, for its definition. */
  readonly paramNames: readonly (Token | null)[] | null;
  /** `__attribute__((aligned(N)))` written after the name (`char b[4096] __attribute__((aligned(4096)))`), 0 when absent. */
  readonly align: number;
}

const TYPE_WORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'signed', 'unsigned', '__signed__', '__signed', 'float', 'double', '_Complex',
  'struct', 'union', 'enum', 'typeof', '__typeof__', '__typeof', '_Atomic', '__int128',
]);
const QUALIFIER_WORDS = new Set(['const', 'volatile', 'restrict', '__restrict', '__restrict__', '__const', '__volatile__', '__volatile']);
const OTHER_SPEC_WORDS = new Set([
  'typedef', 'static', 'extern', 'inline', '__inline', '__inline__', '_Noreturn', 'auto', 'register', '_Thread_local',
  '__thread', '_Alignas', '__attribute__', '__attribute', '__extension__',
]);

/** True when `t` starts a type name (so `(` begins a cast, a compound literal or `sizeof(type)`). */
export function isTypeName(p: Parser, t: Token = p.tok): boolean {
  if (t.kind === 'keyword' || t.kind === 'ident') {
    if (TYPE_WORDS.has(t.text) || QUALIFIER_WORDS.has(t.text) || OTHER_SPEC_WORDS.has(t.text)) return true;
    if (t.kind === 'ident') return p.scope.lookup(t.text)?.kind === 'typedef';
  }
  return false;
}

// declspec = ("void" | "_Bool" | "char" | "short" | "int" | "long" | "signed" | "unsigned"
//            | struct-or-union-specifier | enum-specifier | typedef-name | typeof-specifier
//            | "typedef" | "static" | "extern" | "inline" | "_Noreturn" | "_Alignas" "(" … ")"
//            | "const" | "volatile" | "restrict" | "_Atomic" | attribute)+
export function declspec(p: Parser, allowStorage: boolean): DeclSpec {
  const start = p.tok;
  const counts = { void: 0, bool: 0, char: 0, short: 0, int: 0, long: 0, signed: 0, unsigned: 0 };
  let basicWords = 0;
  let other: CType | null = null;
  let storage: StorageClass = null;
  let inline = false;
  let noreturn = false;
  let align = 0;
  const qualifiers: { const?: boolean; volatile?: boolean; atomic?: boolean } = {};
  for (;;) {
    const t = p.tok;
    if (t.kind !== 'keyword' && t.kind !== 'ident') break;
    const w = t.text;
    if (w === 'typedef' || w === 'static' || w === 'extern' || w === 'auto' || w === 'register') {
      if (!allowStorage) p.error(t, `storage class specified for ${w === 'typedef' ? 'a type name' : 'an unnamed object'}`);
      if (storage && (w === 'typedef' || w === 'static' || w === 'extern')) p.error(t, 'multiple storage classes in declaration specifiers');
      if (w === 'typedef' || w === 'static' || w === 'extern') storage = w;
      p.next();
    } else if (w === '_Thread_local' || w === '__thread') {
      // Reported, then declared as an ordinary object so its uses do not cascade.
      p.error(t, "_Thread_local is not supported by oslab's C compiler yet");
      p.next();
    } else if (w === 'inline' || w === '__inline' || w === '__inline__') {
      inline = true;
      p.next();
    } else if (w === '_Noreturn') {
      noreturn = true;
      p.next();
    } else if (w === '__extension__') {
      p.next();
    } else if (w === '__attribute__' || w === '__attribute') {
      const attrs = attributeList(p);
      noreturn ||= attrs.noreturn;
      align = Math.max(align, attrs.aligned);
    } else if (w === '_Alignas') {
      align = Math.max(align, alignas(p));
    } else if (QUALIFIER_WORDS.has(w)) {
      if (w === 'const' || w === '__const') qualifiers.const = true;
      if (w === 'volatile' || w === '__volatile__' || w === '__volatile') qualifiers.volatile = true;
      p.next();
    } else if (w === '_Atomic') {
      p.next();
      if (p.is('(')) {
        p.next();
        other = typeName(p);
        p.expect(')');
      }
      qualifiers.atomic = true;
    } else if (w === 'float' || w === 'double') {
      p.fatal(t, FLOATING_UNSUPPORTED);
    } else if (w === '_Complex' || w === '__int128') {
      p.fatal(t, `${w} is not supported by oslab's C compiler yet`);
    } else if (w === 'struct' || w === 'union' || w === 'enum' || w === 'typeof' || w === '__typeof__' || w === '__typeof') {
      if (other || basicWords > 0) p.fatal(t, 'two or more data types in declaration specifiers');
      other = w === 'enum' ? enumSpecifier(p) : w === 'struct' || w === 'union' ? recordSpecifier(p) : typeofSpecifier(p);
    } else if (w in SPECIFIER_COUNT) {
      const key = SPECIFIER_COUNT[w];
      counts[key]++;
      basicWords++;
      p.next();
    } else if (t.kind === 'ident' && !other && basicWords === 0) {
      const found = p.scope.lookup(w);
      if (found?.kind !== 'typedef') break;
      other = found.type;
      p.next();
    } else {
      break;
    }
  }
  const base = other ? (basicWords > 0 ? p.fatal(start, 'two or more data types in declaration specifiers') : other) : basicType(p, counts, start);
  return { type: withQualifiers(base, qualifiers), storage, inline, noreturn, align };
}

function basicType(p: Parser, c: Record<'void' | 'bool' | 'char' | 'short' | 'int' | 'long' | 'signed' | 'unsigned', number>, at: Token): CType {
  if (c.signed && c.unsigned) p.fatal(at, "both 'signed' and 'unsigned' in declaration specifiers");
  const sign = c.unsigned ? 'u' : c.signed ? 's' : '';
  const key = `${sign}|${c.void}${c.bool}${c.char}${c.short}${c.int > 0 ? 1 : 0}${c.long}`;
  if (c.int > 1) p.fatal(at, 'two or more data types in declaration specifiers');
  const table: Record<string, CType> = {
    '|100000': VOID, '|010000': BOOL, '|001000': CHAR, 's|001000': SCHAR, 'u|001000': UCHAR,
    '|000100': SHORT, '|000110': SHORT, 's|000100': SHORT, 's|000110': SHORT, 'u|000100': USHORT, 'u|000110': USHORT,
    '|000010': INT, 's|000000': INT, 's|000010': INT, 'u|000000': UINT, 'u|000010': UINT,
    '|000001': LONG, '|000011': LONG, 's|000001': LONG, 's|000011': LONG, 'u|000001': ULONG, 'u|000011': ULONG,
    '|000002': LLONG, '|000012': LLONG, 's|000002': LLONG, 's|000012': LLONG, 'u|000002': ULLONG, 'u|000012': ULLONG,
  };
  const found = table[key];
  if (found) return found;
  if (key === '|000000') {
    p.warning(at, "type defaults to 'int' in declaration");
    return INT;
  }
  return p.fatal(at, 'two or more data types in declaration specifiers');
}

// typeof-specifier = ("typeof" | "__typeof__") "(" (type-name | expression) ")"
function typeofSpecifier(p: Parser): CType {
  p.next();
  p.expect('(');
  const type = isTypeName(p) ? typeName(p) : expression(p).type;
  p.expect(')');
  return type;
}

// alignas = "_Alignas" "(" (type-name | constant-expression) ")"
function alignas(p: Parser): number {
  p.next();
  p.expect('(');
  const n = isTypeName(p) ? BigInt(alignOf(typeName(p))) : constantInt(p, conditionalExpr(p), 'requested alignment is not an integer constant');
  p.expect(')');
  return Number(n);
}

/** The value of an integer constant expression, or an error. */
export function constantInt(p: Parser, e: Expr, message: string): bigint {
  if (e.kind === 'num') return e.value;
  p.error(e.loc, message);
  return 1n;
}

// attribute = "__attribute__" "(" "(" (name ("(" args ")")?)? ("," …)* ")" ")"
export function attributeList(p: Parser): Attributes {
  const attrs: Attributes = { packed: false, aligned: 0, noreturn: false };
  while (p.is('__attribute__') || p.is('__attribute')) {
    p.next();
    p.expect('(');
    p.expect('(');
    while (!p.is(')')) {
      const name = p.next().text.replace(/^__(.*)__$/, '$1');
      if (name === 'packed') attrs.packed = true;
      else if (name === 'noreturn') attrs.noreturn = true;
      else if (name === 'aligned' && !p.is('(')) attrs.aligned = Math.max(attrs.aligned, 16);
      if (p.is('(')) {
        if (name === 'aligned') {
          p.next();
          attrs.aligned = Math.max(attrs.aligned, Number(constantInt(p, conditionalExpr(p), 'requested alignment is not an integer constant')));
          p.expect(')');
        } else skipBalanced(p);
      }
      if (!p.consume(',')) break;
    }
    p.expect(')');
    p.expect(')');
  }
  return attrs;
}

function skipBalanced(p: Parser): void {
  let depth = 0;
  do {
    if (p.is('(')) depth++;
    else if (p.is(')')) depth--;
    if (p.tok.kind === 'eof') p.fatal(p.tok, "expected ')' at end of input");
    p.next();
  } while (depth > 0);
}

// Attributes inside a declarator: only `aligned` changes what we generate; it is returned.
function declaratorAttributes(p: Parser): number {
  const aligned = p.is('__attribute__') || p.is('__attribute') ? attributeList(p).aligned : 0;
  if (p.is('__asm__') || p.is('asm') || p.is('__asm')) p.fatal(p.tok, "inline asm is not supported by oslab's C compiler yet");
  return aligned;
}

// pointers = ("*" ("const" | "volatile" | "restrict" | "_Atomic" | attribute)*)*
function pointers(p: Parser, base: CType): CType {
  let type = base;
  while (p.consume('*')) {
    type = pointerTo(type);
    const q: Qualifiers & { const?: boolean; volatile?: boolean; atomic?: boolean } = {};
    for (;;) {
      if (p.is('const') || p.is('__const')) q.const = true;
      else if (p.is('volatile') || p.is('__volatile__')) q.volatile = true;
      else if (p.is('_Atomic')) q.atomic = true;
      else if (p.is('restrict') || p.is('__restrict') || p.is('__restrict__')) { /* no aliasing optimisations to inform */ }
      else if (p.is('__attribute__')) { attributeList(p); continue; }
      else break;
      p.next();
    }
    type = withQualifiers(type, q);
  }
  return type;
}

// declarator = pointers ("(" declarator ")" | ident)? type-suffix
// (an abstract declarator is the same with the name left out)
export function declarator(p: Parser, base: CType): Declarator {
  return p.nested(() => declaratorLevel(p, base));
}

function declaratorLevel(p: Parser, base: CType): Declarator {
  const type = pointers(p, base);
  const before = declaratorAttributes(p);
  if (p.is('(') && !isTypeName(p, p.peek()) && !p.is(')', p.peek())) {
    const innerStart = p.pos;
    p.next();
    skipDeclaratorParens(p);
    const outer = typeSuffix(p, type);
    const end = p.pos;
    p.pos = innerStart + 1;
    const inner = declarator(p, outer.type);
    p.expect(')');
    p.pos = end;
    return { ...inner, align: Math.max(before, inner.align, declaratorAttributes(p)) };
  }
  const name = p.tok.kind === 'ident' ? p.next() : null;
  const afterName = declaratorAttributes(p);
  const suffix = typeSuffix(p, type);
  const afterSuffix = declaratorAttributes(p);
  return { type: suffix.type, name, paramNames: suffix.paramNames, align: Math.max(before, afterName, afterSuffix) };
}

// Leaves the cursor just after the `)` matching an already-consumed `(`.
function skipDeclaratorParens(p: Parser): void {
  let depth = 1;
  while (depth > 0) {
    if (p.tok.kind === 'eof') p.fatal(p.tok, "expected ')' at end of input");
    if (p.is('(')) depth++;
    else if (p.is(')')) depth--;
    p.next();
  }
}

// type-suffix = "(" func-params | "[" array-dimension "]" type-suffix | ε
function typeSuffix(p: Parser, base: CType): { type: CType; paramNames: (Token | null)[] | null } {
  if (p.is('(')) {
    p.next();
    return functionParams(p, base);
  }
  if (p.is('[')) {
    p.next();
    while (p.is('static') || p.is('const') || p.is('volatile') || p.is('restrict') || p.is('__restrict')) p.next();
    let length: number | null = null;
    if (!p.is(']')) {
      const at = p.tok;
      const size = conditionalExpr(p);
      if (size.kind !== 'num') return variableLengthSuffix(p, base, at);
      if (size.value < 0n) p.fatal(at, 'size of array is negative');
      length = Number(size.value);
    }
    p.expect(']');
    const element = typeSuffix(p, base).type;
    if (element.kind === 'function') p.error(p.tok, 'declaration of array of functions');
    else if (isIncomplete(element)) p.error(p.tok, 'array type has incomplete element type');
    if (length !== null && length * sizeOf(element) > 0x7fffffff) p.fatal(p.tok, 'size of array is too large');
    return { type: arrayOf(element, length), paramNames: null };
  }
  return { type: base, paramNames: null };
}

// func-params = ("void" | param ("," param)* ("," "...")?)? ")"
// param = declspec declarator
function functionParams(p: Parser, returnType: CType): { type: FunctionType; paramNames: (Token | null)[] } {
  if (returnType.kind === 'function') p.error(p.tok, 'function returns a function');
  if (returnType.kind === 'array') p.error(p.tok, 'function returns an array');
  if (p.consume(')')) return { type: { kind: 'function', returnType, params: [], variadic: false, prototyped: false }, paramNames: [] };
  if (p.is('void') && p.is(')', p.peek())) {
    p.pos += 2;
    return { type: { kind: 'function', returnType, params: [], variadic: false, prototyped: true }, paramNames: [] };
  }
  if (p.tok.kind === 'ident' && !isTypeName(p) && (p.is(',', p.peek()) || p.is(')', p.peek()))) {
    p.fatal(p.tok, "K&R-style parameter lists are not supported by oslab's C compiler yet");
  }
  const params: Parameter[] = [];
  const names: (Token | null)[] = [];
  let variadic = false;
  const prototypeScope = p.enterScope(null);
  p.prototypeDepth++;
  try {
    while (!p.is(')')) {
      if (params.length > 0) p.expect(',');
      if (p.consume('...')) {
        variadic = true;
        break;
      }
      if (!isTypeName(p)) p.fatal(p.tok, `expected declaration specifiers or '...' ${p.before()}`);
      const spec = declspec(p, true);
      const d = declarator(p, spec.type);
      const param: Parameter = { name: d.name?.text ?? null, type: adjustParameterType(d.type) };
      if (d.name) declarePrototypeParameter(p, d.name, param.type);
      params.push(param);
      names.push(d.name);
    }
  } finally {
    p.prototypeDepth--;
    p.leaveScope();
    // Tags first named in a parameter list stay visible after it, as before (gcc only warns).
    for (const [tag, type] of prototypeScope.tags) if (!p.scope.tags.has(tag)) p.scope.tags.set(tag, type);
  }
  p.expect(')');
  return { type: { kind: 'function', returnType, params, variadic, prototyped: true }, paramNames: names };
}

// C11 6.2.1p4: a parameter is in scope from its declarator to the end of the list, so
// `int n, int a[n]` can size `a` (the definition declares the real local again in its body).
function declarePrototypeParameter(p: Parser, name: Token, type: CType): void {
  const variable: LocalVariable = { kind: 'param', name: name.text, type, loc: name.loc };
  p.scope.ordinary.set(name.text, { kind: 'variable', variable });
}

// `[n]` with n not constant. In a parameter list the array decays to a pointer anyway, so it is
// an array of unknown size there; elsewhere a VLA is reported once and the declaration becomes a
// pointer, so its uses do not cascade into more errors.
function variableLengthSuffix(p: Parser, base: CType, at: Token): { type: CType; paramNames: null } {
  p.expect(']');
  const errorsBefore = p.ctx.diag.errors.length;
  const element = typeSuffix(p, base).type;
  if (p.prototypeDepth > 0) return { type: arrayOf(element, null), paramNames: null };
  // `int a[n][n]` is one VLA: its inner dimension has already been reported.
  if (p.ctx.diag.errors.length === errorsBefore) p.error(at, "variable length arrays are not supported by oslab's C compiler yet");
  return { type: pointerTo(element), paramNames: null };
}

/** C11 6.7.6.3p7-8: array parameters are pointers, function parameters are function pointers. */
function adjustParameterType(t: CType): CType {
  if (t.kind === 'array') return withQualifiers(pointerTo(t.element), t.qualifiers ?? {});
  if (t.kind === 'function') return pointerTo(t);
  return t;
}

// type-name = declspec abstract-declarator
export function typeName(p: Parser): CType {
  const spec = declspec(p, false);
  return declarator(p, spec.type).type;
}
