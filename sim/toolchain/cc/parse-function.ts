// Function definitions (C11 6.9.1): parameters become locals in the body's outermost scope,
// the body is parsed with this function's label and loop state, and at the closing brace gotos
// are matched with labels and gcc's -Wreturn-type flow check runs (C99's `main` instead gets
// an implicit `return 0`).

import type { Expr, FunctionDefinition, LexicalScope, LocalVariable, Stmt } from './ast';
import { num } from './convert';
import { declareGlobal } from './parse-decl';
import type { DeclSpec, Declarator } from './parse-declspec';
import type { FunctionState, Parser } from './parse-state';
import { blockItems } from './parse-stmt';
import type { Token } from './token';
import { INT, isIncomplete, typeName, unqualified, type FunctionType } from './types';

// function-definition = declspec declarator compound-stmt
export function functionDefinition(p: Parser, spec: DeclSpec, d: Declarator, name: Token): void {
  const type = d.type as FunctionType;
  const entry = declareGlobal(p, spec, type, name);
  p.fileScope.ordinary.set(name.text, { kind: 'variable', variable: entry.variable });
  if (entry.defined) p.error(name, `redefinition of '${name.text}'`);
  entry.defined = true;
  const returnType = unqualified(type.returnType);
  if (isIncomplete(returnType) && returnType.kind !== 'void') p.error(name, `return type is an incomplete type`);
  const fn: FunctionState = {
    name: name.text, type, locals: [], labels: new Map(), gotos: [], loopDepth: 0, breakDepth: 0, switches: [], funcName: null, undeclared: new Set(),
  };
  const scope: LexicalScope = { variables: [], children: [] };
  p.fn = fn;
  p.enterScope(scope);
  try {
    const params = declareParameters(p, type, d.paramNames ?? [], name);
    const open = p.expect('{');
    const body = blockItems(p);
    const endLoc = p.tokens[p.pos - 1].loc;
    checkLabels(p, fn);
    if (returnType.kind !== 'void' && mayFallThrough(p, body)) {
      if (name.text === 'main') body.push({ kind: 'return', value: num(0, INT, endLoc), loc: endLoc });
      else p.warning(endLoc, 'control reaches end of non-void function [-Wreturn-type]');
    }
    const definition: FunctionDefinition = {
      variable: entry.variable, type, params, locals: fn.locals,
      body: { kind: 'block', body, scope, loc: open.loc }, scope, endLoc,
    };
    p.functions.push(definition);
  } finally {
    p.scope = p.fileScope;
    p.fn = null;
  }
}

function declareParameters(p: Parser, type: FunctionType, names: readonly (Token | null)[], fnName: Token): LocalVariable[] {
  return type.params.map((param, i) => {
    const nameTok = names[i] ?? null;
    const loc = (nameTok ?? fnName).loc;
    if (isIncomplete(param.type)) p.error(loc, `parameter ${i + 1} ('${nameTok?.text ?? ''}') has incomplete type '${typeName(param.type)}'`);
    const variable: LocalVariable = nameTok
      ? { kind: 'param', name: nameTok.text, type: param.type, loc }
      : { kind: 'param', name: `.param${i}`, type: param.type, loc, artificial: true };
    if (nameTok) {
      if (p.scope.ordinary.has(nameTok.text)) p.error(nameTok, `redefinition of parameter '${nameTok.text}'`);
      p.scope.ordinary.set(nameTok.text, { kind: 'variable', variable });
    }
    return variable;
  });
}

function checkLabels(p: Parser, fn: FunctionState): void {
  for (const g of fn.gotos) {
    if (!fn.labels.has(g.name)) p.error(g.loc, `label '${g.name}' used but not defined`);
  }
}

/** Whether control can reach the end of `body` (gcc's -Wreturn-type, conservatively). */
function mayFallThrough(p: Parser, body: readonly Stmt[]): boolean {
  return body.length === 0 || stmtFallsThrough(p, body[body.length - 1]);
}

function stmtFallsThrough(p: Parser, s: Stmt): boolean {
  switch (s.kind) {
    case 'return':
    case 'goto':
    case 'break':
    case 'continue':
      return false;
    case 'block':
      return mayFallThrough(p, s.body);
    case 'expr':
      return !isNoreturnCall(p, s.expr);
    case 'if':
      return s.otherwise === null || stmtFallsThrough(p, s.then) || stmtFallsThrough(p, s.otherwise);
    case 'for':
      return !isAlwaysTrue(s.test) || containsBreak(s.body);
    case 'doWhile':
      return !isAlwaysTrue(s.test) ? stmtFallsThrough(p, s.body) || containsContinueOrBreak(s.body) : containsBreak(s.body);
    case 'switch':
      return !s.hasDefault || containsBreak(s.body) || stmtFallsThrough(p, s.body);
    case 'case':
    case 'label':
      return stmtFallsThrough(p, s.body);
    case 'empty':
      return true;
  }
}

function isAlwaysTrue(test: Expr | null): boolean {
  return test === null || (test.kind === 'num' && test.value !== 0n);
}

function isNoreturnCall(p: Parser, e: Expr): boolean {
  if (e.kind === 'cast') return isNoreturnCall(p, e.operand);
  if (e.kind !== 'call') return false;
  const callee = e.callee.kind === 'addr' ? e.callee.operand : e.callee;
  return callee.kind === 'var' && p.globalEntries.get(callee.variable.name)?.noreturn === true;
}

/** A `break` that leaves this statement (not one inside a nested loop or switch). */
function containsBreak(s: Stmt): boolean {
  switch (s.kind) {
    case 'break':
      return true;
    case 'block':
      return s.body.some(containsBreak);
    case 'if':
      return containsBreak(s.then) || (s.otherwise !== null && containsBreak(s.otherwise));
    case 'case':
    case 'label':
      return containsBreak(s.body);
    default:
      return false;
  }
}

function containsContinueOrBreak(s: Stmt): boolean {
  switch (s.kind) {
    case 'break':
    case 'continue':
      return true;
    case 'block':
      return s.body.some(containsContinueOrBreak);
    case 'if':
      return containsContinueOrBreak(s.then) || (s.otherwise !== null && containsContinueOrBreak(s.otherwise));
    case 'case':
    case 'label':
      return containsContinueOrBreak(s.body);
    default:
      return false;
  }
}
