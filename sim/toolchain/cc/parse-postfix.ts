// Postfix and primary expressions (C11 6.5.1-2): identifiers, literals, subscripts, calls,
// member access and postfix ++/--. Calls convert their arguments here (with gcc's argument
// diagnostics and the printf-format check); string literals become read-only `.L.str.N` objects.

import type { Expr, GlobalVariable } from './ast';
import { builtinCall, isBuiltinName } from './builtins';
import { numberLiteral } from './constant';
import { CompileAbort } from './diagnostics';
import { assignConvert, num, promote, rvalue } from './convert';
import { checkFormat } from './format-check';
import { dereference, expression, assignExpr } from './parse-expr';
import type { Parser } from './parse-state';
import { findMember } from './parse-record';
import { typeName as parseTypeName } from './parse-declspec';
import { binary } from './sema';
import { incDec } from './sema-assign';
import { makeGlobal, type GlobalEntry } from './scope';
import type { SourceLocation, Token } from './token';
import {
  CHAR, INT, arrayOf, isCompatible, isIncomplete, isInteger, isRecord, typeName, unqualified, withQualifiers, type CType, type FunctionType,
} from './types';

// postfix = primary ("[" expression "]" | "(" args ")" | "." ident | "->" ident | "++" | "--")*
// (`start` is an already-parsed compound literal, which takes postfix operators too)
export function postfix(p: Parser, start: Expr | null): Expr {
  let e = start ?? primary(p);
  for (;;) {
    const t = p.tok;
    if (p.is('[')) {
      p.next();
      const index = expression(p);
      p.expect(']');
      e = subscript(p, e, index, t.loc);
    } else if (p.is('(')) {
      p.next();
      e = call(p, e, t.loc);
    } else if (p.is('.')) {
      p.next();
      e = memberAccess(p, e, p.expectIdent(), t.loc);
    } else if (p.is('->')) {
      p.next();
      const v = rvalue(e);
      if (unqualified(v.type).kind !== 'pointer') p.fatal(t, `invalid type argument of '->' (have '${typeName(v.type)}')`);
      e = memberAccess(p, dereference(p, v, t.loc), p.expectIdent(), t.loc);
    } else if (p.is('++') || p.is('--')) {
      p.next();
      e = incDec(p, e, t.text === '++', false, t.loc);
    } else {
      return e;
    }
  }
}

/** `a[i]` is `*(a + i)`. */
function subscript(p: Parser, base: Expr, index: Expr, loc: SourceLocation): Expr {
  const b = rvalue(base);
  const i = rvalue(index);
  const pointerFirst = unqualified(b.type).kind === 'pointer' && isInteger(i.type);
  const pointerSecond = unqualified(i.type).kind === 'pointer' && isInteger(b.type);
  if (!pointerFirst && !pointerSecond) p.fatal(loc, 'subscripted value is neither array nor pointer nor vector');
  const pointer = pointerFirst ? b : i;
  const base2 = (unqualified(pointer.type) as { base: CType }).base;
  if (isIncomplete(base2)) p.fatal(loc, `invalid use of undefined type '${typeName(base2)}'`);
  return dereference(p, binary(p, 'add', b, i, loc), loc);
}

function memberAccess(p: Parser, object: Expr, name: Token, loc: SourceLocation): Expr {
  const t = object.type;
  if (!isRecord(t)) return p.fatal(name, `request for member '${name.text}' in something not a structure or union`);
  if (!t.decl.complete) return p.fatal(loc, `invalid use of undefined type '${typeName(t)}'`);
  const path = findMember(t, name.text);
  if (!path) return p.fatal(name, `'${typeName(unqualified(t))}' has no member named '${name.text}'`);
  let e = object;
  for (const member of path) {
    const q = { const: e.type.qualifiers?.const, volatile: e.type.qualifiers?.volatile };
    e = { kind: 'member', object: e, member, type: withQualifiers(member.type, q), loc: name.loc };
  }
  return e;
}

// args = (assign ("," assign)*)? ")"
function call(p: Parser, calleeExpr: Expr, loc: SourceLocation): Expr {
  const callee = rvalue(calleeExpr);
  const ct = unqualified(callee.type);
  const fnType = ct.kind === 'pointer' && ct.base.kind === 'function' ? (unqualified(ct.base) as FunctionType) : null;
  const raw: Expr[] = [];
  while (!p.consume(')')) {
    if (raw.length > 0) p.expect(',');
    raw.push(assignExpr(p));
  }
  if (!fnType) return p.fatal(loc, 'called object is not a function or function pointer');
  const name = calleeName(calleeExpr);
  const args = convertArguments(p, fnType, raw, name, loc);
  if (isIncomplete(fnType.returnType) && unqualified(fnType.returnType).kind !== 'void') {
    p.fatal(loc, `invalid use of undefined type '${typeName(fnType.returnType)}'`);
  }
  const returnType = unqualified(fnType.returnType);
  const returnBuffer = isRecord(returnType) ? p.temporary(returnType, loc, 'ret') : null;
  if (calleeExpr.kind === 'var' && calleeExpr.variable.kind === 'function') checkFormat(p, calleeExpr.variable.name, args, raw, loc);
  return { kind: 'call', callee, functionType: fnType, args, returnBuffer, type: returnType, loc };
}

function calleeName(e: Expr): string {
  if (e.kind === 'var') return e.variable.name;
  if (e.kind === 'member') return e.member.name ?? 'function';
  if (e.kind === 'deref') return calleeName(e.operand);
  return 'function';
}

function convertArguments(p: Parser, fn: FunctionType, raw: readonly Expr[], name: string, loc: SourceLocation): Expr[] {
  if (fn.prototyped && raw.length < fn.params.length) p.error(loc, `too few arguments to function '${name}'`);
  if (fn.prototyped && !fn.variadic && raw.length > fn.params.length) p.error(loc, `too many arguments to function '${name}'`);
  return raw.map((arg, i) => {
    const param = fn.params[i];
    if (param && fn.prototyped) return assignConvert(p, arg, param.type, { kind: 'argument', index: i + 1, callee: name }, arg.loc);
    const v = rvalue(arg);
    if (unqualified(v.type).kind === 'void') p.fatal(arg.loc, 'invalid use of void expression');
    return isInteger(v.type) ? promote(v) : v;
  });
}

// primary = "(" expression ")" | ident | builtin-call | number | char | string | "__func__"
function primary(p: Parser): Expr {
  const t = p.tok;
  if (p.is('(')) {
    p.next();
    if (p.is('{')) p.fatal(p.tok, "statement expressions are not supported by oslab's C compiler yet");
    const e = expression(p);
    p.expect(')');
    return e;
  }
  switch (t.kind) {
    case 'number':
      p.next();
      return numberLiteral(p, t);
    case 'char':
      p.next();
      return num(t.value ?? 0, INT, t.loc);
    case 'string':
      p.next();
      return stringLiteral(p, t.bytes ?? new Uint8Array(), t.loc);
    case 'ident':
    case 'keyword':
      return identifier(p, t);
    default:
      return p.fatal(t, `expected expression ${p.before()}`);
  }
}

function identifier(p: Parser, t: Token): Expr {
  if (t.text === '_Generic') return genericSelection(p, t);
  if (t.text === '__func__' || t.text === '__FUNCTION__' || t.text === '__PRETTY_FUNCTION__') {
    p.next();
    return functionNameLiteral(p, t);
  }
  if (t.kind === 'ident' && isBuiltinName(t.text) && p.is('(', p.peek()) && p.scope.lookup(t.text) === undefined) {
    p.next();
    return builtinCall(p, t);
  }
  if (t.kind !== 'ident') return p.fatal(t, `expected expression ${p.before()}`);
  p.next();
  const found = p.scope.lookup(t.text);
  if (found?.kind === 'variable') {
    const v = found.variable;
    if (v.kind === 'global' || v.kind === 'function') markUsed(p, v);
    return { kind: 'var', variable: v, type: v.type, loc: t.loc };
  }
  if (found?.kind === 'enumConstant') return num(found.value, found.type, t.loc);
  if (found?.kind === 'typedef') return p.fatal(t, `expected expression ${p.before(t)}`);
  if (p.is('(')) return implicitDeclaration(p, t);
  if (!p.fn) return p.fatal(t, `'${t.text}' undeclared here (not in a function)`);
  if (p.fn.undeclared.has(t.text)) throw new CompileAbort();
  p.fn.undeclared.add(t.text);
  return p.fatal(t, `'${t.text}' undeclared (first use in this function)`);
}

// generic-selection = "_Generic" "(" assign ("," (type-name | "default") ":" assign)+ ")"
// The controlling expression is converted as a value (decayed, unqualified) and never evaluated.
function genericSelection(p: Parser, t: Token): Expr {
  p.next();
  p.expect('(');
  const control = unqualified(rvalue(assignExpr(p)).type);
  let chosen: Expr | null = null;
  let fallback: Expr | null = null;
  while (p.consume(',')) {
    if (p.consume('default')) {
      p.expect(':');
      fallback = assignExpr(p);
      continue;
    }
    const type = parseTypeName(p);
    p.expect(':');
    const e = assignExpr(p);
    if (!chosen && isCompatible(control, type, false)) chosen = e;
  }
  p.expect(')');
  return chosen ?? fallback ?? p.fatal(t, `'_Generic' selector of type '${typeName(control)}' is not compatible with any association`);
}

function markUsed(p: Parser, v: GlobalVariable): void {
  const entry = p.globalEntries.get(v.name);
  if (entry && entry.variable === v) entry.used = true;
}

/** C89's implicit `int name()` for a call to an undeclared function, with gcc's warning. */
function implicitDeclaration(p: Parser, t: Token): Expr {
  p.warning(t, `implicit declaration of function '${t.text}' [-Wimplicit-function-declaration]`);
  const type: FunctionType = { kind: 'function', returnType: INT, params: [], variadic: false, prototyped: false };
  const entry = declareImplicitFunction(p, t.text, type, t.loc);
  return { kind: 'var', variable: entry.variable, type: entry.variable.type, loc: t.loc };
}

function declareImplicitFunction(p: Parser, name: string, type: FunctionType, loc: SourceLocation): GlobalEntry {
  let entry = p.globalEntries.get(name);
  if (!entry) {
    entry = { variable: makeGlobal(name, name, type, loc, false), loc, defined: false, tentative: false, used: true, noreturn: false };
    p.globalEntries.set(name, entry);
    p.globalOrder.push(entry);
  }
  entry.used = true;
  // Visible from here to the end of the file, as gcc treats it.
  p.fileScope.ordinary.set(name, { kind: 'variable', variable: entry.variable });
  return entry;
}

/**
 * A string literal: an anonymous read-only `char[N]` object (C11 6.4.5p6). Identical literals
 * share one object, as clang and gcc merge them (so `strstr(s, t) - s` over two spellings of the
 * same literal behaves the same).
 */
export function stringLiteral(p: Parser, bytes: Uint8Array, loc: SourceLocation, element: CType = CHAR): Expr {
  const data = new Uint8Array(bytes.length + 1);
  data.set(bytes);
  const type = arrayOf(element, data.length);
  const key = `${element === CHAR ? '' : 'const '}${data.join(',')}`;
  let variable = p.literals.get(key);
  if (!variable) {
    const name = `.L.str.${p.unique()}`;
    variable = makeGlobal(name, name, type, loc, true);
    p.literals.set(key, variable);
    p.stringBytes.set(variable, data);
    p.extraGlobals.push({ variable, init: { bytes: data, relocations: [] }, readonly: true, userVisible: false });
  }
  return { kind: 'var', variable, type, loc };
}

// `__func__` behaves as `static const char __func__[] = "name";` declared at the body's start.
function functionNameLiteral(p: Parser, t: Token): Expr {
  if (!p.fn) {
    p.warning(t, `'${t.text}' is not defined outside of function scope`);
    return stringLiteral(p, new Uint8Array(), t.loc);
  }
  if (!p.fn.funcName) {
    const literal = stringLiteral(p, new TextEncoder().encode(p.fn.name), t.loc, withQualifiers(CHAR, { const: true }));
    p.fn.funcName = (literal as { variable: GlobalVariable }).variable;
  }
  const v = p.fn.funcName;
  return { kind: 'var', variable: v, type: v.type, loc: t.loc };
}
