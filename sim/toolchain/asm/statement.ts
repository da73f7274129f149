// Phase 2c: one statement — its labels, then a directive, an assignment or an instruction — parsed
// from its tokens and handed to the phase that assembles it. The grammar:
//   statement   = label* (directive | assignment | instruction)?
//   label       = identifier ":" | number ":"
//   assignment  = identifier "=" expr
//   directive   = "." name arguments          (arguments are the directive's own grammar)
//   instruction = mnemonic operands            (operands.ts)

import type { AsmContext } from './context';
import { Cursor } from './cursor';
import { locationForStatement } from './debug-line';
import { fail } from './diagnostics';
import { assembleDirective, assign } from './directives';
import type { InstructionStatement } from './encoding';
import { assembleMachineInstruction } from './instructions';
import { parseOperands } from './operands';
import { assemblePseudoInstruction } from './pseudos';
import { defineLabel, defineNumericLabel, exprScope } from './symbols';

/** Parses labels at the cursor; returns with the cursor at what follows them. */
export function parseLabels(ctx: AsmContext, cur: Cursor): void {
  for (;;) {
    const t = cur.peek();
    if (!cur.isPunct(':', 1)) return;
    const loc = { line: t.line, col: t.col };
    if (t.kind === 'ident') defineLabel(ctx, t.text, loc);
    else if (t.kind === 'number') defineNumericLabel(ctx, Number(t.value), loc);
    else return;
    cur.next();
    cur.next();
  }
}

/** Assembles what follows the labels: a directive, an assignment or an instruction. */
export function assembleStatementBody(ctx: AsmContext, cur: Cursor): void {
  if (cur.atEnd()) return;
  const t = cur.next();
  const loc = { line: t.line, col: t.col };
  ctx.loc = loc;
  if (t.kind !== 'ident') fail(loc, 'unexpected token at start of statement');
  if (cur.isPunct('=')) {
    cur.next();
    assign(ctx, cur, t, false);
    return;
  }
  if (t.text.startsWith('.') && t.text.length > 1) {
    const name = t.text.toLowerCase();
    if (!assembleDirective(ctx, cur, name, loc)) fail(loc, 'unknown directive');
    return;
  }
  const stmt: InstructionStatement = { mnemonic: t.text.toLowerCase(), loc, operands: parseOperands(cur, exprScope(ctx)) };
  cur.expectEnd();
  locationForStatement(ctx, ctx.statementLine);
  if (assembleMachineInstruction(ctx, stmt) || assemblePseudoInstruction(ctx, stmt)) return;
  fail(loc, 'unrecognized instruction mnemonic');
}
