// Statements (C11 6.8): blocks with their scopes (each block that declares something gets a
// LexicalScope for DWARF; blocks that declare nothing pass their nested scopes up), loops,
// switch with its case table, labels and jumps. Errors inside a statement skip to the next `;`
// or `}` so one run reports several.

import type { Expr, LexicalScope, Stmt } from './ast';
import { castTo, condition, promote, rvalue } from './convert';
import { localDeclaration, isDeclarationStart } from './parse-decl';
import { constantInt } from './parse-declspec';
import { conditionalExpr, expression } from './parse-expr';
import type { Parser, SwitchState } from './parse-state';
import { assignConvert } from './convert';
import type { SourceLocation } from './token';
import { isInteger, unqualified, wrapToType } from './types';

type Block = Stmt & { kind: 'block' };

/** A block's DWARF scope is kept only if it declares something; otherwise its children move up. */
function openLexicalScope(p: Parser): LexicalScope {
  const lexical: LexicalScope = { variables: [], children: [] };
  p.enterScope(lexical);
  return lexical;
}

function closeLexicalScope(p: Parser, lexical: LexicalScope, parent: LexicalScope | null): LexicalScope | null {
  p.leaveScope();
  const keep = lexical.variables.length > 0;
  if (parent) {
    if (keep) parent.children.push(lexical);
    else parent.children.push(...lexical.children);
  }
  return keep ? lexical : null;
}

// compound-stmt = "{" (declaration | stmt)* "}"
function compoundStatement(p: Parser): Block {
  const loc = p.expect('{').loc;
  const parent = p.scope.lexical;
  const lexical = openLexicalScope(p);
  const body = blockItems(p);
  const scope = closeLexicalScope(p, lexical, parent);
  return { kind: 'block', body, scope, loc };
}

/** The statements and declarations up to and including the closing `}`. */
export function blockItems(p: Parser): Stmt[] {
  const body: Stmt[] = [];
  while (!p.consume('}')) {
    if (p.tok.kind === 'eof') p.fatal(p.tok, "expected '}' at end of input");
    const scope = p.scope;
    const start = p.pos;
    try {
      if (isDeclarationStart(p)) body.push(...localDeclaration(p));
      else body.push(statement(p));
    } catch (e) {
      p.checkAbort(e);
      p.scope = scope;
      p.skipToRecoveryPoint(start);
    }
  }
  return body;
}

// stmt = "return" expr? ";" | "if" … | "switch" … | "case" … | "default" … | "for" … | "while" …
//      | "do" … | "goto" ident ";" | "break" ";" | "continue" ";" | ident ":" stmt
//      | compound-stmt | ";" | expr ";"
export function statement(p: Parser): Stmt {
  return p.nested(() => statementLevel(p));
}

function statementLevel(p: Parser): Stmt {
  const t = p.tok;
  const loc = t.loc;
  if (t.kind === 'ident' && p.is(':', p.peek())) return labeled(p);
  if (t.kind === 'ident' || t.kind === 'keyword') {
    switch (t.text) {
      case 'return': return returnStatement(p);
      case 'if': return ifStatement(p);
      case 'switch': return switchStatement(p);
      case 'case': return caseLabel(p);
      case 'default': return defaultLabel(p);
      case 'for': return forStatement(p);
      case 'while': return whileStatement(p);
      case 'do': return doStatement(p);
      case 'goto': return gotoStatement(p);
      case 'break': return jump(p, 'break');
      case 'continue': return jump(p, 'continue');
      case 'asm': case '__asm__': case '__asm':
        return p.fatal(t, "inline asm is not supported by oslab's C compiler yet");
    }
  }
  if (p.is('{')) return compoundStatement(p);
  if (p.consume(';')) return { kind: 'empty', loc };
  const expr = expression(p);
  expectSemicolon(p);
  return { kind: 'expr', expr, loc };
}

/** gcc's "expected ';' before 'x'", pointing at the end of the previous token. */
export function expectSemicolon(p: Parser): void {
  if (p.consume(';')) return;
  p.fatal(p.missingAt(), `expected ';' ${p.before()}`);
}

function fnState(p: Parser) {
  if (!p.fn) return p.fatal(p.tok, 'statement outside of a function');
  return p.fn;
}

function returnStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  const fn = fnState(p);
  const returnType = unqualified(fn.type.returnType);
  if (p.consume(';')) {
    if (returnType.kind !== 'void') p.warning(loc, "'return' with no value, in function returning non-void [-Wreturn-type]");
    return { kind: 'return', value: null, loc };
  }
  const e = expression(p);
  expectSemicolon(p);
  if (returnType.kind === 'void') {
    if (unqualified(e.type).kind !== 'void') p.warning(loc, "'return' with a value, in function returning void [-Wreturn-type]");
    return { kind: 'block', scope: null, loc, body: [{ kind: 'expr', expr: castTo(rvalue(e), returnType), loc }, { kind: 'return', value: null, loc }] };
  }
  return { kind: 'return', value: assignConvert(p, e, returnType, { kind: 'return' }, e.loc), loc };
}

// if = "if" "(" expression ")" stmt ("else" stmt)?
function ifStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  const test = parenthesizedCondition(p);
  const then = statement(p);
  const otherwise = p.consume('else') ? statement(p) : null;
  return { kind: 'if', test, then, otherwise, loc };
}

function parenthesizedCondition(p: Parser): Expr {
  p.expect('(');
  const test = condition(p, expression(p));
  p.expect(')');
  return test;
}

// Runs `parse` with break (and continue, for loops) allowed.
function inLoop<T>(p: Parser, isLoop: boolean, parse: () => T): T {
  const fn = fnState(p);
  fn.breakDepth++;
  if (isLoop) fn.loopDepth++;
  try {
    return parse();
  } finally {
    fn.breakDepth--;
    if (isLoop) fn.loopDepth--;
  }
}

// while = "while" "(" expression ")" stmt
function whileStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  const test = parenthesizedCondition(p);
  const body = inLoop(p, true, () => statement(p));
  return { kind: 'for', init: null, test, step: null, body, loc };
}

// do = "do" stmt "while" "(" expression ")" ";"
function doStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  const body = inLoop(p, true, () => statement(p));
  p.expect('while');
  const test = parenthesizedCondition(p);
  expectSemicolon(p);
  return { kind: 'doWhile', body, test, loc };
}

// for = "for" "(" (declaration | expr? ";") expr? ";" expr? ")" stmt
function forStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  p.expect('(');
  const parent = p.scope.lexical;
  const lexical = openLexicalScope(p);
  let init: Stmt | null = null;
  if (isDeclarationStart(p)) {
    const decls = localDeclaration(p);
    init = { kind: 'block', body: decls, scope: null, loc };
  } else if (!p.consume(';')) {
    const expr = expression(p);
    init = { kind: 'expr', expr, loc: expr.loc };
    expectSemicolon(p);
  }
  const test = p.is(';') ? null : condition(p, expression(p));
  expectSemicolon(p);
  const step = p.is(')') ? null : expression(p);
  p.expect(')');
  const body = inLoop(p, true, () => statement(p));
  const loop: Stmt = { kind: 'for', init, test, step, body, loc };
  const scope = closeLexicalScope(p, lexical, parent);
  return scope ? { kind: 'block', body: [loop], scope, loc } : loop;
}

// switch = "switch" "(" expression ")" stmt
function switchStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  p.expect('(');
  const raw = rvalue(expression(p));
  p.expect(')');
  if (!isInteger(raw.type)) p.fatal(raw.loc, 'switch quantity not an integer');
  const test = promote(raw);
  const state: SwitchState = { type: test.type, cases: [], hasDefault: false };
  const fn = fnState(p);
  fn.switches.push(state);
  try {
    const body = inLoop(p, false, () => statement(p));
    return { kind: 'switch', test, cases: state.cases, hasDefault: state.hasDefault, body, loc };
  } finally {
    fn.switches.pop();
  }
}

// case = "case" const-expr ("..." const-expr)? ":" stmt
function caseLabel(p: Parser): Stmt {
  const t = p.next();
  const state = fnState(p).switches.at(-1);
  const low = constantInt(p, conditionalExpr(p), 'case label does not reduce to an integer constant');
  const high = p.consume('...') ? constantInt(p, conditionalExpr(p), 'case label does not reduce to an integer constant') : low;
  p.expect(':');
  if (!state) {
    p.error(t, 'case label not within a switch statement');
    return statement(p);
  }
  if (high < low) p.warning(t, 'empty range specified');
  if (high - low > 4096n) p.fatal(t, "case ranges over 4096 values are not supported by oslab's C compiler yet");
  const indices: number[] = [];
  for (let v = low; v <= high; v++) indices.push(addCase(p, state, v, t.loc));
  let body = statement(p);
  for (const index of indices.reverse()) body = { kind: 'case', index, body, loc: t.loc };
  return body;
}

function addCase(p: Parser, state: SwitchState, value: bigint, loc: SourceLocation): number {
  const converted = wrapToType(value, state.type);
  if (state.cases.includes(converted)) p.error(loc, 'duplicate case value');
  state.cases.push(converted);
  return state.cases.length - 1;
}

// default = "default" ":" stmt
function defaultLabel(p: Parser): Stmt {
  const t = p.next();
  p.expect(':');
  const state = fnState(p).switches.at(-1);
  if (!state) p.error(t, "'default' label not within a switch statement");
  else if (state.hasDefault) p.error(t, 'multiple default labels in one switch');
  else state.hasDefault = true;
  return { kind: 'case', index: -1, body: statement(p), loc: t.loc };
}

// goto = "goto" ident ";"
function gotoStatement(p: Parser): Stmt {
  const loc = p.next().loc;
  if (p.is('*')) p.fatal(p.tok, "computed goto is not supported by oslab's C compiler yet");
  const name = p.expectIdent();
  expectSemicolon(p);
  fnState(p).gotos.push({ name: name.text, loc: name.loc });
  return { kind: 'goto', name: name.text, loc };
}

function jump(p: Parser, kind: 'break' | 'continue'): Stmt {
  const t = p.next();
  expectSemicolon(p);
  const fn = fnState(p);
  if (kind === 'break' && fn.breakDepth === 0) p.error(t, 'break statement not within loop or switch');
  if (kind === 'continue' && fn.loopDepth === 0) p.error(t, 'continue statement not within a loop');
  return { kind, loc: t.loc };
}

// labeled = ident ":" attribute? stmt   (a label before `}` is accepted as C23 allows)
function labeled(p: Parser): Stmt {
  const name = p.next();
  p.next();
  const fn = fnState(p);
  if (fn.labels.has(name.text)) p.error(name, `duplicate label '${name.text}'`);
  fn.labels.set(name.text, name.loc);
  const body: Stmt = p.is('}') ? { kind: 'empty', loc: name.loc } : isDeclarationStart(p) ? { kind: 'block', body: localDeclaration(p), scope: null, loc: name.loc } : statement(p);
  return { kind: 'label', name: name.text, body, loc: name.loc };
}
