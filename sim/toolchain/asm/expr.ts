// Phase 2a: expressions. A precedence-climbing parser over GNU as's operator table (the one
// llvm-mc uses for ELF targets, where `+ -` bind looser than `| & ^`), producing `Expr` trees.
// Relocation modifiers (`%hi(sym+4)`, `%pcrel_lo(1b)`) and `sym@plt` are parsed here too; whether
// they are allowed is the instruction's business. `.` and numeric label references are bound
// through `ExprScope` at parse time because they mean "here" and "the nearest 1:".

import { Cursor } from './cursor';
import { fail, type SourceLoc } from './diagnostics';
import { MODIFIERS, type AsmSymbol, type BinaryOp, type Expr, type Modifier } from './model';

/** What the parser needs from the assembler to bind position-dependent names. */
export interface ExprScope {
  /** A temporary symbol at the current location. */
  dot(loc: SourceLoc): AsmSymbol;
  /** The symbol for numeric label `n`, backward (`1b`) or forward (`1f`). */
  numericLabel(n: number, forward: boolean, loc: SourceLoc): AsmSymbol;
}

// Binding strength of each binary operator (higher binds tighter): LLVM's GNU precedence table.
const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['||', 1], ['&&', 2],
  ['==', 3], ['!=', 3], ['<>', 3], ['<', 3], ['<=', 3], ['>', 3], ['>=', 3],
  ['+', 4], ['-', 4],
  ['|', 5], ['^', 5], ['&', 5], ['!', 5],
  ['*', 6], ['/', 6], ['%', 6], ['<<', 6], ['>>', 6],
]);

// expr = unary (binop unary)*        (by precedence climbing)
export function parseExpr(cur: Cursor, scope: ExprScope): Expr {
  return parseBinary(cur, scope, 1);
}

function parseBinary(cur: Cursor, scope: ExprScope, minPrec: number): Expr {
  let left = parseUnary(cur, scope);
  for (;;) {
    const t = cur.peek();
    const prec = t.kind === 'punct' ? PRECEDENCE.get(t.text) : undefined;
    if (prec === undefined || prec < minPrec) return left;
    cur.next();
    const right = parseBinary(cur, scope, prec + 1);
    const op = (t.text === '<>' ? '!=' : t.text) as BinaryOp;
    left = { kind: 'binary', op, left, right, loc: { line: t.line, col: t.col } };
  }
}

// unary = ("-" | "+" | "~" | "!") unary | primary
function parseUnary(cur: Cursor, scope: ExprScope): Expr {
  const t = cur.peek();
  if (t.kind === 'punct' && (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!')) {
    cur.next();
    const operand = parseUnary(cur, scope);
    return { kind: 'unary', op: t.text, operand, loc: { line: t.line, col: t.col } };
  }
  return parsePrimary(cur, scope);
}

// primary = number | symbol ("@" "plt")? | "." | labelref | "(" expr ")" | "%" modifier "(" expr ")"
function parsePrimary(cur: Cursor, scope: ExprScope): Expr {
  const t = cur.peek();
  const loc = { line: t.line, col: t.col };
  switch (t.kind) {
    case 'number':
      cur.next();
      if (t.value >= 1n << 64n) fail(loc, `number '${t.text}' does not fit in 64 bits`);
      return { kind: 'num', value: BigInt.asIntN(64, t.value), loc };
    case 'labelref':
      cur.next();
      return { kind: 'symref', symbol: scope.numericLabel(Number(t.value), t.text.endsWith('f'), loc), loc };
    case 'ident': {
      cur.next();
      if (t.text === '.') return { kind: 'symref', symbol: scope.dot(loc), loc };
      let plt = false;
      if (cur.isPunct('@') && cur.peek(1).kind === 'ident' && cur.peek(1).text.toLowerCase() === 'plt') {
        cur.next();
        cur.next();
        plt = true;
      }
      return { kind: 'sym', name: t.text, plt, loc };
    }
    case 'punct':
      if (t.text === '(') {
        cur.next();
        const inner = parseExpr(cur, scope);
        cur.expectPunct(')');
        return inner;
      }
      if (t.text === '%') return parseModifier(cur, scope);
      break;
    default:
      break;
  }
  if (t.kind === 'eol') fail(loc, 'expected an expression');
  fail(loc, 'unknown token in expression');
}

function parseModifier(cur: Cursor, scope: ExprScope): Expr {
  const percent = cur.next();
  const loc = { line: percent.line, col: percent.col };
  const name = cur.peek();
  if (name.kind !== 'ident' || !MODIFIERS.has(name.text.toLowerCase())) {
    fail(loc, name.kind === 'ident' ? `unknown relocation modifier '%${name.text}'` : 'expected a relocation modifier after %');
  }
  cur.next();
  cur.expectPunct('(', `expected '(' after %${name.text}`);
  const operand = parseExpr(cur, scope);
  cur.expectPunct(')');
  return { kind: 'modifier', modifier: name.text.toLowerCase() as Modifier, operand, loc };
}
