// Code generation: the typed tree (ast.ts) to RV32IMA assembly text shaped like `clang -S -O0`
// output, plus each function's frame layout for the DWARF emitter. Every function keeps the
// frame chain the debugger and the stack lesson walk: s0 is the CFA (for variadic functions
// the CFA less the 32-byte register save area), ra at -4(s0), the caller's s0 at -8(s0).
// The pieces: codegen-frame (state, expression stack), -abi, -call, -expr, -update, -place,
// -int64, -atomic, -stmt, -data.

import type { FunctionDefinition, FunctionFrame, TranslationUnit } from './ast';
import { genParameters, VARIADIC_SAVE_AREA } from './codegen-call';
import { emitGlobal } from './codegen-data';
import { FunctionGen } from './codegen-frame';
import { localSlot } from './codegen-place';
import { genStmt } from './codegen-stmt';
import type { CompileContext } from './context';

export interface GeneratedCode {
  readonly text: string;
  readonly frames: ReadonlyMap<FunctionDefinition, FunctionFrame>;
}

export function generate(ctx: CompileContext, unit: TranslationUnit): GeneratedCode {
  const frames = new Map<FunctionDefinition, FunctionFrame>();
  let text = '\t.text\n';
  for (const fn of unit.functions) {
    const { lines, frame } = generateFunction(ctx, fn);
    text += lines;
    frames.set(fn, frame);
  }
  for (const def of unit.globals) text += emitGlobal(def);
  return { text, frames };
}

function generateFunction(ctx: CompileContext, fn: FunctionDefinition): { lines: string; frame: FunctionFrame } {
  const g = new FunctionGen(ctx, fn);
  genParameters(g);
  for (const local of fn.locals) localSlot(g, local);
  g.prologueEndPending = true;
  genStmt(g, fn.body);
  g.prologueEndPending = false;
  // A return at the very end jumps to the next instruction: drop the jump.
  if (g.lines[g.lines.length - 1] === `\tj\t${g.returnLabel}`) g.lines.pop();
  dropReloads(g.lines);
  const endLabel = ctx.label('func_end');
  const symbol = fn.variable.symbol;
  const head = [
    ...(fn.variable.internal ? [] : [`\t.globl\t${symbol}`]),
    '\t.p2align\t2',
    `\t.type\t${symbol},@function`,
    `${symbol}:`,
  ];
  const prologueRow = ctx.options.debug ? [locRow(ctx, fn.variable.loc)] : [];
  const epilogueRow = ctx.options.debug ? [locRow(ctx, fn.endLoc, ' epilogue_begin')] : [];
  const variadic = fn.type.variadic ? VARIADIC_SAVE_AREA : 0;
  const below = g.frameBytesBelowS0;
  const lines = [
    ...head,
    ...prologueRow,
    ...prologue(below, variadic),
    ...g.lines,
    `${g.returnLabel}:`,
    ...epilogueRow,
    ...epilogue(below, variadic),
    `${endLabel}:`,
    `\t.size\t${symbol}, ${endLabel}-${symbol}`,
    ...(g.rodata.length > 0 ? ['\t.section\t.rodata', ...g.rodata, '\t.text'] : []),
    '',
  ];
  return { lines: lines.join('\n') + '\n', frame: { endLabel, slots: g.slots, scopes: g.scopes } };
}

function locRow(ctx: CompileContext, loc: FunctionDefinition['endLoc'], flags = ''): string {
  return `\t.loc\t${ctx.lineTableFile(loc.file)} ${loc.line} ${loc.column}${flags}`;
}

/** Whether the whole frame fits one addi (clang's shape); larger ones drop sp in two steps. */
function smallFrame(below: number, variadic: number): boolean {
  return below + variadic <= 2032;
}

function prologue(below: number, variadic: number): string[] {
  if (smallFrame(below, variadic)) {
    return [`\taddi\tsp, sp, -${below + variadic}`, `\tsw\tra, ${below - 4}(sp)`, `\tsw\ts0, ${below - 8}(sp)`, `\taddi\ts0, sp, ${below}`];
  }
  return [
    `\taddi\tsp, sp, -${16 + variadic}`,
    '\tsw\tra, 12(sp)',
    '\tsw\ts0, 8(sp)',
    '\taddi\ts0, sp, 16',
    `\tli\tt0, ${below - 16}`,
    '\tsub\tsp, sp, t0',
  ];
}

function epilogue(below: number, variadic: number): string[] {
  if (smallFrame(below, variadic)) {
    return [`\tlw\tra, ${below - 4}(sp)`, `\tlw\ts0, ${below - 8}(sp)`, `\taddi\tsp, sp, ${below + variadic}`, '\tret'];
  }
  return ['\taddi\tsp, s0, -16', '\tlw\tra, 12(sp)', '\tlw\ts0, 8(sp)', `\taddi\tsp, sp, ${16 + variadic}`, '\tret'];
}

/**
 * Statement-at-a-time code stores a variable and often reads it straight back (`x = …; if (x)`):
 * a `lw` of the word the previous instruction just stored becomes a move, or nothing. A label
 * in between (a jump target) keeps the load.
 */
function dropReloads(lines: string[]): void {
  for (let i = lines.length - 1; i > 0; i--) {
    const load = /^\tlw\t(\w+), (-?\d+)\(s0\)$/.exec(lines[i]);
    if (!load) continue;
    let j = i - 1;
    while (j > 0 && lines[j].startsWith('\t.loc')) j--;
    const store = /^\tsw\t(\w+), (-?\d+)\(s0\)$/.exec(lines[j]);
    if (!store || store[2] !== load[2]) continue;
    if (store[1] === load[1]) lines.splice(i, 1);
    else lines[i] = `\tmv\t${load[1]}, ${store[1]}`;
  }
}
