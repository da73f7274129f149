// Shared by the parser's tests: preprocess and parse a C snippet in memory, returning the tree
// and the diagnostics, plus small finders into the tree.
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { CompileAbort } from '../../../sim/toolchain/cc/diagnostics';
import { parse } from '../../../sim/toolchain/cc/parse';
import { preprocess } from '../../../sim/toolchain/cc/preprocess';
import type { Expr, FunctionDefinition, GlobalDefinition, Stmt, TranslationUnit } from '../../../sim/toolchain/cc/ast';

export interface Parsed {
  readonly unit: TranslationUnit | null;
  /** Error messages without location (`'x' undeclared …`). */
  readonly errors: string[];
  /** Full formatted warnings (`file:line:col: warning: …`). */
  readonly warnings: string[];
  readonly errorText: string[];
}

export function parseC(text: string): Parsed {
  const ctx = new CompileContext({ file: 't.c', text, host: { readFile: () => null } });
  let unit: TranslationUnit | null = null;
  try {
    const tokens = preprocess(ctx);
    unit = parse(ctx, tokens);
  } catch (e) {
    if (!(e instanceof CompileAbort)) throw e;
  }
  return {
    unit,
    errors: ctx.diag.errors.map((e) => e.detail),
    errorText: ctx.diag.errors.map((e) => e.message),
    warnings: [...ctx.diag.warnings],
  };
}

/** Parses text that must compile without errors. */
export function parseOk(text: string): TranslationUnit {
  const r = parseC(text);
  if (r.errors.length > 0 || !r.unit) throw new Error(`unexpected errors:\n${r.errorText.join('\n')}`);
  return r.unit;
}

export function fn(unit: TranslationUnit, name: string): FunctionDefinition {
  const f = unit.functions.find((x) => x.variable.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
}

export function global(unit: TranslationUnit, name: string): GlobalDefinition {
  const g = unit.globals.find((x) => x.variable.name === name);
  if (!g) throw new Error(`no global ${name}`);
  return g;
}

/** The expression of the first `return` in a function body (searching nested statements). */
export function returned(f: FunctionDefinition): Expr {
  const found = findStmt(f.body, (s) => s.kind === 'return');
  if (!found || found.kind !== 'return' || !found.value) throw new Error('no return with a value');
  return found.value;
}

export function findStmt(s: Stmt, test: (s: Stmt) => boolean): Stmt | null {
  if (test(s)) return s;
  const children: Stmt[] = [];
  switch (s.kind) {
    case 'block': children.push(...s.body); break;
    case 'if': children.push(s.then, ...(s.otherwise ? [s.otherwise] : [])); break;
    case 'for': children.push(...(s.init ? [s.init] : []), s.body); break;
    case 'doWhile': case 'switch': case 'case': case 'label': children.push(s.body); break;
    default: break;
  }
  for (const c of children) {
    const r = findStmt(c, test);
    if (r) return r;
  }
  return null;
}

/** A compact s-expression of an expression tree, for readable assertions. */
export function show(e: Expr): string {
  switch (e.kind) {
    case 'num': return `${e.value}`;
    case 'var': return e.variable.name;
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'binary': return `(${e.op} ${show(e.lhs)} ${show(e.rhs)})`;
    case 'logical': return `(${e.op === 'and' ? '&&' : '||'} ${show(e.lhs)} ${show(e.rhs)})`;
    case 'assign': return `(= ${show(e.target)} ${show(e.value)})`;
    case 'compoundAssign': return `(${e.op}= ${show(e.target)} ${show(e.value)})`;
    case 'incDec': return `(${e.prefix ? 'pre' : 'post'}${e.delta} ${show(e.target)})`;
    case 'cond': return `(? ${show(e.test)} ${show(e.then)} ${show(e.otherwise)})`;
    case 'comma': return `(, ${show(e.lhs)} ${show(e.rhs)})`;
    case 'addr': return `(& ${show(e.operand)})`;
    case 'deref': return `(* ${show(e.operand)})`;
    case 'member': return `(. ${show(e.object)} ${e.member.name})`;
    case 'cast': return `(cast ${typeKey(e.type)} ${show(e.operand)})`;
    case 'call': return `(call ${show(e.callee)}${e.args.map((a) => ' ' + show(a)).join('')})`;
    case 'zero': return `(zero ${show(e.target)})`;
    case 'atomicRmw': return `(atomic-${e.op}${e.fetchOld ? '-old' : ''} ${show(e.pointer)} ${show(e.value)})`;
    case 'atomicLoad': return `(atomic-load ${show(e.pointer)})`;
    case 'atomicStore': return `(atomic-store ${show(e.pointer)} ${show(e.value)})`;
    case 'atomicCas': return `(cas ${show(e.pointer)} ${show(e.expected)} ${show(e.desired)})`;
    default: return `(${e.kind})`;
  }
}

function typeKey(t: Expr['type']): string {
  switch (t.kind) {
    case 'pointer': return `${typeKey(t.base)}*`;
    case 'bool': case 'char': case 'short': case 'int': case 'long': case 'longlong':
      return (t.unsigned && t.kind !== 'bool' ? 'u' : '') + t.kind;
    default: return t.kind;
  }
}
