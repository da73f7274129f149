// Declarations (C11 6.7) at file and block scope: typedefs, globals with their redeclaration
// rules (compatible types merge, tentative definitions, `extern` then definition), automatic
// locals whose initializers become statements, and function-scope statics, which are globals
// with a unique symbol (`count.3`). Function bodies continue in parse-function.ts.

import type { LocalVariable, Stmt } from './ast';
import { parseInitializer } from './initializer';
import { localInitializer, staticInitializer } from './initializer-lower';
import { declarator, declspec, isTypeName, constantInt, type DeclSpec, type Declarator } from './parse-declspec';
import { conditionalExpr } from './parse-expr';
import { functionDefinition } from './parse-function';
import type { Mutable, Parser } from './parse-state';
import { expectSemicolon } from './parse-stmt';
import { makeGlobal, type GlobalEntry } from './scope';
import type { Token } from './token';
import {
  alignOf, compositeType, isCompatible, isConst, isIncomplete, typeName, type CType,
} from './types';

/** Library functions that never return, for -Wreturn-type even when a header omits `_Noreturn`. */
const NORETURN_FUNCTIONS = new Set(['exit', '_exit', '_Exit', 'abort', 'panic', '__builtin_unreachable', '__builtin_trap']);

export function isDeclarationStart(p: Parser): boolean {
  return p.is('_Static_assert') || isTypeName(p);
}

// declaration = declspec (init-declarator ("," init-declarator)*)? ";"
// init-declarator = declarator ("=" initializer)?
export function localDeclaration(p: Parser): Stmt[] {
  if (p.is('_Static_assert')) {
    staticAssert(p);
    return [];
  }
  const spec = declspec(p, true);
  const stmts: Stmt[] = [];
  let first = true;
  while (!p.is(';')) {
    if (!first) expectComma(p);
    first = false;
    const d = declarator(p, spec.type);
    if (!d.name) p.fatal(p.tok, `expected identifier or '(' ${p.before()}`);
    stmts.push(...localDeclarator(p, spec, d, d.name));
  }
  expectSemicolon(p);
  return stmts;
}

// Between declarators; gcc's message names both tokens that could continue the declaration.
function expectComma(p: Parser): void {
  if (!p.consume(',')) p.fatal(p.missingAt(), `expected ',' or ';' ${p.before()}`);
}

function localDeclarator(p: Parser, spec: DeclSpec, d: Declarator, name: Token): Stmt[] {
  if (spec.storage === 'typedef') {
    declareTypedef(p, name, d.type);
    return [];
  }
  if (d.type.kind === 'function' || spec.storage === 'extern') {
    const entry = declareGlobal(p, spec, d.type, name);
    p.scope.ordinary.set(name.text, { kind: 'variable', variable: entry.variable });
    return [];
  }
  if (spec.storage === 'static') {
    staticLocal(p, d.type, name, Math.max(spec.align, d.align));
    return [];
  }
  checkRedeclaration(p, name);
  const variable: Mutable<LocalVariable> = { kind: 'local', name: name.text, type: d.type, loc: name.loc };
  const align = Math.max(spec.align, d.align);
  if (align > alignOf(d.type)) variable.align = align;
  p.scope.ordinary.set(name.text, { kind: 'variable', variable });
  const stmts: Stmt[] = [];
  if (p.consume('=')) {
    const init = parseInitializer(p, d.type);
    variable.type = init.type;
    for (const expr of localInitializer(p, { kind: 'var', variable, type: variable.type, loc: name.loc }, init)) {
      stmts.push({ kind: 'expr', expr, loc: expr.loc });
    }
  }
  if (isIncomplete(variable.type)) p.error(name, `storage size of '${name.text}' isn't known`);
  p.fn?.locals.push(variable);
  p.scope.lexical?.variables.push(variable);
  return stmts;
}

function checkRedeclaration(p: Parser, name: Token): void {
  const existing = p.scope.ordinary.get(name.text);
  if (!existing) return;
  if (existing.kind === 'variable' && existing.variable.kind === 'local') p.error(name, `redeclaration of '${name.text}' with no linkage`);
  else if (existing.kind === 'variable' && existing.variable.kind === 'param') p.error(name, `'${name.text}' redeclared as different kind of symbol`);
  else p.error(name, `'${name.text}' redeclared as different kind of symbol`);
}

/** `static int n = 0;` inside a function: a global with a private, unique symbol. */
function staticLocal(p: Parser, type: CType, name: Token, align: number): void {
  checkRedeclaration(p, name);
  const variable = makeGlobal(name.text, `${name.text}.${p.unique()}`, type, name.loc, true);
  if (align > alignOf(type)) variable.align = align;
  p.scope.ordinary.set(name.text, { kind: 'variable', variable });
  let init = null;
  if (p.consume('=')) {
    const parsed = parseInitializer(p, type);
    variable.type = parsed.type;
    init = staticInitializer(p, parsed);
  }
  if (isIncomplete(variable.type)) p.error(name, `storage size of '${name.text}' isn't known`);
  p.scope.lexical?.variables.push(variable);
  p.extraGlobals.push({ variable, init, readonly: isReadOnlyObject(variable.type), userVisible: true });
}

/** Const objects (and arrays of them) live in .rodata. */
export function isReadOnlyObject(t: CType): boolean {
  return isConst(t) || (t.kind === 'array' && isReadOnlyObject(t.element));
}

function declareTypedef(p: Parser, name: Token, type: CType): void {
  const existing = p.scope.ordinary.get(name.text);
  if (existing?.kind === 'typedef') {
    if (!isCompatible(existing.type, type)) p.error(name, `conflicting types for '${name.text}'; have '${typeName(type)}'`);
    return;
  }
  if (existing) p.error(name, `'${name.text}' redeclared as different kind of symbol`);
  p.scope.ordinary.set(name.text, { kind: 'typedef', type: { ...type, typedefName: name.text, typedefLoc: name.loc } as CType });
}

/** Records a declaration of a name with linkage, merging it with earlier ones. */
export function declareGlobal(p: Parser, spec: DeclSpec, type: CType, name: Token): GlobalEntry {
  let entry = p.globalEntries.get(name.text);
  const internal = spec.storage === 'static';
  if (entry) {
    const previous = entry.variable.type;
    if (!isCompatible(previous, type)) {
      p.error(name, `conflicting types for '${name.text}'; have '${typeName(type)}'`);
    } else {
      entry.variable.type = compositeType(previous, type);
    }
    if (internal && !entry.variable.internal && entry.defined) p.error(name, `static declaration of '${name.text}' follows non-static declaration`);
  } else {
    entry = { variable: makeGlobal(name.text, name.text, type, name.loc, internal), loc: name.loc, defined: false, tentative: false, used: false, noreturn: false };
    p.globalEntries.set(name.text, entry);
    p.globalOrder.push(entry);
  }
  if (spec.noreturn || NORETURN_FUNCTIONS.has(name.text)) entry.noreturn = true;
  return entry;
}

// A name declared at file scope is visible from here on, whatever it shadowed before.
function declareAtFileScope(p: Parser, name: Token, entry: GlobalEntry): void {
  const existing = p.fileScope.ordinary.get(name.text);
  if (existing && existing.kind !== 'variable') p.error(name, `'${name.text}' redeclared as different kind of symbol`);
  p.fileScope.ordinary.set(name.text, { kind: 'variable', variable: entry.variable });
}

// external-declaration = function-definition | declaration
export function externalDeclaration(p: Parser): void {
  if (p.consume(';')) return;
  if (p.is('_Static_assert')) return staticAssert(p);
  if (p.is('asm') || p.is('__asm__')) p.fatal(p.tok, "inline asm is not supported by oslab's C compiler yet");
  const start = p.tok;
  if (!isTypeName(p) && p.tok.kind !== 'ident') p.fatal(p.tok, `expected identifier or '(' ${p.before()}`);
  const spec = declspec(p, true);
  let first = true;
  while (!p.is(';')) {
    if (!first) expectComma(p);
    const d = declarator(p, spec.type);
    if (!d.name) p.fatal(p.tok, `expected identifier or '(' ${p.before()}`);
    if (first && d.type.kind === 'function' && p.is('{')) return functionDefinition(p, spec, d, d.name);
    first = false;
    fileScopeDeclarator(p, spec, d, d.name);
  }
  if (first && spec.type.kind !== 'struct' && spec.type.kind !== 'union' && spec.type.kind !== 'enum') {
    p.warning(start, 'useless type name in empty declaration');
  }
  expectSemicolon(p);
}

function fileScopeDeclarator(p: Parser, spec: DeclSpec, d: Declarator, name: Token): void {
  if (spec.storage === 'typedef') return declareTypedef(p, name, d.type);
  const entry = declareGlobal(p, spec, d.type, name);
  declareAtFileScope(p, name, entry);
  const align = Math.max(spec.align, d.align);
  if (align > alignOf(d.type)) entry.variable.align = Math.max(align, entry.variable.align ?? 0);
  if (d.type.kind === 'function') {
    if (p.is('=')) p.fatal(p.tok, `function '${name.text}' is initialized like a variable`);
    return;
  }
  if (p.consume('=')) {
    if (spec.storage === 'extern') p.warning(name, `'${name.text}' initialized and declared 'extern'`);
    if (entry.defined) p.error(name, `redefinition of '${name.text}'`);
    const init = parseInitializer(p, entry.variable.type);
    entry.variable.type = init.type;
    entry.defined = true;
    const data = staticInitializer(p, init);
    p.staticInits.set(name.text, { variable: entry.variable, init: data, readonly: isReadOnlyObject(entry.variable.type), userVisible: true });
  } else if (spec.storage !== 'extern') {
    entry.tentative = true;
  }
}

// static-assert = "_Static_assert" "(" const-expr ("," string)? ")" ";"
export function staticAssert(p: Parser): void {
  p.next();
  p.expect('(');
  const at = p.tok;
  const value = constantInt(p, conditionalExpr(p), 'expression in static assertion is not an integer constant expression');
  let message = '';
  if (p.consume(',')) {
    const m = p.next();
    message = m.bytes ? new TextDecoder().decode(m.bytes) : m.text;
  }
  p.expect(')');
  expectSemicolon(p);
  if (value === 0n) p.error(at, `static assertion failed${message ? `: "${message}"` : ''}`);
}

/** The file-scope definition a tentative one becomes at the end of the unit (C11 6.9.2p2). */
export function completeTentative(p: Parser, entry: GlobalEntry): void {
  const t = entry.variable.type;
  if (t.kind === 'array' && t.length === null) {
    p.warning(entry.loc, `array '${entry.variable.name}' assumed to have one element`);
    entry.variable.type = { ...t, length: 1 };
  } else if (isIncomplete(t)) {
    p.error(entry.loc, `storage size of '${entry.variable.name}' isn't known`);
  }
}
