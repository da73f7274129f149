// The assembler's entry point and statement loop: GNU-as-syntax RV32IMA source in, an ObjectFile
// out, byte-for-byte what `llvm-mc -triple=riscv32 -mattr=+m,+a -filetype=obj` produces for the
// sections' contents and relocations. The phases, in order:
//   lexer.ts (lines → tokens) → macros.ts (macros, .rept, .if) → statement.ts (labels,
//   directives, instructions; expr.ts, operands.ts) → instructions.ts / pseudos.ts /
//   data-directives.ts / directives.ts (bytes and fixups into sections.ts) → debug-line.ts /
//   debug-info.ts (line table, -g compile unit) → fixups.ts (resolve or relocate) →
//   object-builder.ts (symbol table, ObjectFile).
// Errors do not stop the loop: each failing statement is recorded and skipped, and all errors are
// thrown together at the end as one AssemblyErrors (a ToolchainError). Bad input never escapes
// as anything else.

import type { ObjectFile } from '../object';
import { createContext, type AsmContext, type AssembleOptions } from './context';
import { Cursor } from './cursor';
import { emitGeneratedDebugInfo, initGeneratedDebugInfo } from './debug-info';
import { createDebugState, emitLineTable } from './debug-line';
import { AssemblyErrors, MAX_ERRORS, StatementError } from './diagnostics';
import { materializeAliases, resolveFixups } from './fixups';
import { lexLine, splitLines, type Token } from './lexer';
import {
  LineReader, blockDirective, createMacroState, invokeMacro, isBlockDirective, leadingDirective, skipping,
  type MacroState, type SourceLine,
} from './macros';
import { buildObject } from './object-builder';
import { assembleStatementBody, parseLabels } from './statement';
import { sectionSymbol } from './symbols';

export type { AssembleOptions } from './context';
export { AssemblyErrors } from './diagnostics';

export interface AssembleResult {
  readonly object: ObjectFile;
  readonly warnings: string[];
}

// Compiler output carries its own line information; -g then does not apply (as in llvm-mc).
const HAS_LINE_DIRECTIVES = /^[ \t]*\.(loc[ \t]|file[ \t]+\d)/m;

/**
 * Assembles `source`. Throws `AssemblyErrors` (a `ToolchainError`) listing every error found;
 * warnings are returned as formatted diagnostics.
 */
export function assemble(source: string, options: AssembleOptions): AssembleResult {
  const displayLines = source.split(/\r?\n/);
  const hasLoc = HAS_LINE_DIRECTIVES.test(source);
  const mode = hasLoc ? 'loc' : options.debugLines ? 'generate' : 'none';
  const ctx = createContext(options, displayLines, createDebugState(mode, options.compDir ?? ''));
  try {
    initGeneratedDebugInfo(ctx);
    const lines: SourceLine[] = splitLines(source).map((code, i) => ({ code, line: i + 1 }));
    assembleLines(ctx, new LineReader(lines));
    // Fixups are settled even after statement errors, so that one run reports everything.
    return { object: finish(ctx), warnings: ctx.diag.warnings };
  } catch (e) {
    if (e instanceof AssemblyErrors) throw e;
    // An internal failure must still surface as a diagnostic, never as a bare exception.
    const detail = e instanceof Error ? e.message : String(e);
    ctx.diag.error(ctx.loc, `internal assembler error: ${detail}`);
    ctx.diag.throwIfAny();
    throw e;
  }
}

function assembleLines(ctx: AsmContext, reader: LineReader): void {
  const macros = createMacroState();
  for (let line = reader.next(); line && ctx.diag.errors.length < MAX_ERRORS; line = reader.next()) {
    ctx.loc = { line: line.line, col: 1 };
    ctx.statementLine = line.origin ?? line.line;
    ctx.labelLine = line.bufferLine ?? line.line;
    if (skipping(macros)) {
      const d = leadingDirective(line.code);
      if (!d || !/^\.(if|else|endif)/.test(d)) continue;
    }
    let tokens: Token[];
    try {
      tokens = lexLine(line.code, line.line);
    } catch (e) {
      report(ctx, e);
      continue;
    }
    let start = 0;
    while (start < tokens.length) {
      let end = start;
      while (tokens[end].kind !== 'eol') end++;
      try {
        assembleOne(ctx, macros, reader, tokens, start, end, line);
      } catch (e) {
        report(ctx, e);
      }
      start = end + 1;
    }
  }
  for (const open of macros.conditionals) ctx.diag.error(open.loc, "'.if' without a matching '.endif'");
}

function assembleOne(ctx: AsmContext, macros: MacroState, reader: LineReader, tokens: Token[], start: number, end: number, line: SourceLine): void {
  const cur = new Cursor(tokens, start, end);
  const first = cur.peek();
  const loc = { line: first.line, col: first.col };
  if (first.kind === 'ident' && first.text.charCodeAt(0) === 46 /* . */ && isBlockDirective(first.text.toLowerCase())) {
    cur.next();
    blockDirective(ctx, macros, reader, first.text.toLowerCase(), cur, loc, line);
    return;
  }
  if (skipping(macros)) return;
  parseLabels(ctx, cur);
  const head = cur.peek();
  if (head.kind === 'ident' && !cur.isPunct('=', 1) && invokeMacro(macros, reader, head.text, tokens, cur.pos + 1, line)) return;
  assembleStatementBody(ctx, cur);
}

function report(ctx: AsmContext, e: unknown): void {
  if (e instanceof StatementError) ctx.diag.error(e.loc, e.detail);
  else throw e;
}

// After the last statement: debug sections, section names used as symbols, fixups, the object.
function finish(ctx: AsmContext): ObjectFile {
  try {
    emitLineTable(ctx);
    emitGeneratedDebugInfo(ctx);
  } catch (e) {
    report(ctx, e);
  }
  for (const symbol of ctx.symbols.values()) {
    const section = ctx.sectionsByName.get(symbol.name);
    if (section && symbol.state === 'undefined' && symbol.binding === null) sectionSymbol(ctx, section);
  }
  materializeAliases(ctx);
  const relocations = resolveFixups(ctx);
  const object = buildObject(ctx, relocations);
  ctx.diag.throwIfAny();
  return object;
}
