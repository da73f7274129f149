// Phase 1b: the line stream and what rewrites it before statements are parsed — `.macro`/`.endm`
// definitions and their invocations (GNU textual substitution of `\arg`, `\@` and `\()`; a quoted
// argument is substituted without its quotes, as llvm-mc does), `.rept`, `.irp`, `.irpc` blocks,
// and conditional assembly (`.if`, `.ifdef`, `.ifndef`, `.ifeq`, `.ifne`, `.else`, `.elseif`,
// `.endif`). Expanded lines keep the line numbers of the body they came from.

import type { AsmContext } from './context';
import { Cursor } from './cursor';
import { fail, type SourceLoc } from './diagnostics';
import { evaluateConstant } from './eval';
import { parseExpr } from './expr';
import type { Token } from './lexer';
import { exprScope } from './symbols';

export interface SourceLine {
  /** Text with comments blanked. */
  readonly code: string;
  readonly line: number;
  /** For lines of a macro or .rept expansion, the line of the outermost invocation (what
   *  llvm-mc's -g line table attributes them to). */
  readonly origin?: number;
  /** For expanded lines, the line number within the expansion (what llvm-mc's -g gives a label
   *  defined inside a macro as DW_AT_decl_line). */
  readonly bufferLine?: number;
}

interface MacroDef {
  readonly params: readonly { readonly name: string; readonly fallback: string; readonly vararg: boolean }[];
  readonly body: readonly SourceLine[];
}

interface Conditional {
  /** Lines in the current branch are assembled. */
  active: boolean;
  /** Some branch of this .if was already taken. */
  taken: boolean;
  /** The enclosing context was active (a nested .if in a skipped region stays skipped). */
  readonly outer: boolean;
  /** Where the .if is, for "no .endif" errors. */
  readonly loc: SourceLoc;
}

/** Lines still to assemble: the source, with expansions pushed in front as they happen. */
export class LineReader {
  private readonly frames: { lines: readonly SourceLine[]; pos: number }[] = [];
  /** Lines added by expansions so far: bounded, so a runaway macro cannot hang an editor. */
  private expanded = 0;

  constructor(lines: readonly SourceLine[]) {
    this.frames.push({ lines, pos: 0 });
  }

  next(): SourceLine | null {
    while (this.frames.length > 0) {
      const top = this.frames[this.frames.length - 1];
      if (top.pos < top.lines.length) return top.lines[top.pos++];
      this.frames.pop();
    }
    return null;
  }

  push(lines: readonly SourceLine[]): void {
    const loc = { line: lines[0]?.origin ?? lines[0]?.line ?? 1, col: 1 };
    this.expanded += lines.length;
    if (this.frames.length > 200 || this.expanded > MAX_EXPANDED_LINES) {
      this.frames.length = 1; // abandon the whole expansion, not just this level
      fail(loc, this.expanded > MAX_EXPANDED_LINES ? 'macro expansion too large' : 'macros nested too deeply');
    }
    this.frames.push({ lines, pos: 0 });
  }
}

export interface MacroState {
  readonly defs: Map<string, MacroDef>;
  readonly conditionals: Conditional[];
  expansions: number;
}

export function createMacroState(): MacroState {
  return { defs: new Map(), conditionals: [], expansions: 0 };
}

const MAX_EXPANDED_LINES = 1_000_000;

/** True while inside a false branch of a conditional. */
export function skipping(state: MacroState): boolean {
  const n = state.conditionals.length;
  return n > 0 && !state.conditionals[n - 1].active;
}

const CONDITIONALS = new Set(['.if', '.ifdef', '.ifndef', '.ifeq', '.ifne', '.ifb', '.ifnb', '.ifgt', '.ifge', '.iflt', '.ifle', '.else', '.elseif', '.endif']);
const BLOCKS = new Set(['.macro', '.rept', '.irp', '.irpc']);

export const isBlockDirective = (name: string) => BLOCKS.has(name) || CONDITIONALS.has(name) || name === '.endm' || name === '.endr' || name === '.exitm';

/** A directive name at the start of a raw line (for scanning skipped or recorded lines). */
export function leadingDirective(code: string): string | null {
  const m = /^\s*(\.[A-Za-z_][\w.]*)/.exec(code);
  return m ? m[1].toLowerCase() : null;
}

/** Handles a conditional or block directive; the cursor is past the directive name. */
export function blockDirective(ctx: AsmContext, state: MacroState, reader: LineReader, name: string, cur: Cursor, loc: SourceLoc, line: SourceLine): void {
  const origin = line.origin ?? line.line;
  if (CONDITIONALS.has(name)) return conditional(ctx, state, name, cur, loc);
  if (skipping(state)) return;
  if (name === '.endm' || name === '.endr') fail(loc, `unexpected '${name}' without a block to close`);
  if (name === '.exitm') fail(loc, "unexpected '.exitm' outside a macro");
  const body = readBody(reader, name === '.macro' ? '.endm' : '.endr', loc);
  if (name === '.macro') return defineMacro(state, cur, body, loc);
  if (name === '.rept') {
    const count = Number(evaluateConstant(ctx, parseExpr(cur, exprScope(ctx))));
    cur.expectEnd();
    if (count < 0) fail(loc, "count is negative in '.rept' directive");
    if (count * body.length > MAX_EXPANDED_LINES) fail(loc, "'.rept' expands to too many lines");
    const lines: SourceLine[] = [];
    for (let i = 0; i < count; i++) lines.push(...body);
    if (lines.length) reader.push(lines.map((l, i) => ({ ...l, origin, bufferLine: i + 1 })));
    return;
  }
  const param = cur.expectIdent('expected identifier').text;
  const values: string[] = [];
  if (cur.acceptPunct(',')) {
    const rest = restOfLine(cur);
    if (name === '.irp') values.push(...splitArguments(rest));
    else values.push(...[...unquote(rest.trim())]);
  }
  const lines: SourceLine[] = [];
  for (const value of values) lines.push(...substitute(body, new Map([[param, value]]), state.expansions++, origin));
  if (lines.length) reader.push(lines.map((l, i) => ({ ...l, bufferLine: i + 1 })));
}

function restOfLine(cur: Cursor): string {
  const parts: string[] = [];
  while (!cur.atEnd()) parts.push(cur.next().text);
  return parts.join(' ');
}

// Lines up to the matching terminator, counting nested blocks of the same kind.
function readBody(reader: LineReader, end: string, loc: SourceLoc): SourceLine[] {
  const body: SourceLine[] = [];
  let depth = 0;
  for (;;) {
    const line = reader.next();
    if (!line) fail(loc, `no matching '${end}' directive`);
    const d = leadingDirective(line.code);
    if (d === end || (end === '.endm' && d === '.endmacro')) {
      if (depth === 0) return body;
      depth--;
    } else if (end === '.endm' ? d === '.macro' : d === '.rept' || d === '.irp' || d === '.irpc') depth++;
    body.push(line);
  }
}

// macro = name (param ("=" default)? (":" ("req" | "vararg"))?)* separated by commas or spaces
function defineMacro(state: MacroState, cur: Cursor, body: SourceLine[], loc: SourceLoc): void {
  const name = cur.expectIdent('expected identifier in \'.macro\' directive').text;
  const params: { name: string; fallback: string; vararg: boolean }[] = [];
  while (!cur.atEnd()) {
    cur.acceptPunct(',');
    const param = cur.expectIdent('expected identifier in \'.macro\' directive').text;
    let vararg = false;
    if (cur.acceptPunct(':')) vararg = cur.expectIdent("expected 'req' or 'vararg'").text === 'vararg';
    let fallback = '';
    if (cur.acceptPunct('=')) {
      const t = cur.next();
      fallback = t.kind === 'string' ? String.fromCharCode(...(t.bytes ?? [])) : t.text;
    }
    params.push({ name: param, fallback, vararg });
  }
  if (state.defs.has(name.toLowerCase())) fail(loc, `macro '${name}' is already defined`);
  state.defs.set(name.toLowerCase(), { params, body });
}

/** Splits macro arguments at top-level commas (or spaces, when there are no commas). */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === ',') {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim() !== '' || args.length > 0) args.push(current.trim());
  return args;
}

function unquote(arg: string): string {
  return arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"') && !arg.slice(1, -1).includes('"') ? arg.slice(1, -1) : arg;
}

function substitute(body: readonly SourceLine[], values: ReadonlyMap<string, string>, counter: number, origin: number): SourceLine[] {
  return body.map((line, i) => ({
    line: line.line,
    origin,
    bufferLine: i + 1,
    code: line.code.replace(/\\(@|\(\)|[A-Za-z_.$][\w.$]*)/g, (whole, name: string) => {
      if (name === '@') return String(counter);
      if (name === '()') return '';
      const value = values.get(name);
      return value === undefined ? whole : value;
    }),
  }));
}

/** Expands `name args` when `name` is a macro; returns false otherwise. */
export function invokeMacro(state: MacroState, reader: LineReader, name: string, tokens: readonly Token[], start: number, line: SourceLine): boolean {
  if (state.defs.size === 0) return false;
  const def = state.defs.get(name.toLowerCase());
  if (!def) return false;
  const first = tokens[start];
  const text = first && first.kind !== 'eol' ? line.code.slice(first.col - 1, endOfStatement(tokens, start, line.code)) : '';
  let args = text.trim() === '' ? [] : splitArguments(text);
  if (args.length === 1 && def.params.length > 1 && !text.includes(',')) args = text.trim().split(/\s+/);
  const values = new Map<string, string>();
  def.params.forEach((p, i) => {
    if (p.vararg) values.set(p.name, args.slice(i).join(', '));
    else values.set(p.name, args[i] !== undefined && args[i] !== '' ? unquote(args[i]) : p.fallback);
  });
  if (args.length > def.params.length && !def.params.some((p) => p.vararg)) {
    fail({ line: line.line, col: first.col }, `too many arguments for macro '${name}'`);
  }
  reader.push(substitute(def.body, values, state.expansions++, line.origin ?? line.line));
  return true;
}

function endOfStatement(tokens: readonly Token[], start: number, code: string): number {
  for (let i = start; i < tokens.length; i++) if (tokens[i].kind === 'eol') return tokens[i].text === ';' ? tokens[i].col - 1 : code.length;
  return code.length;
}

// if = ".if" expr | ".ifdef" sym | ".ifndef" sym | ".else" | ".elseif" expr | ".endif" ...
function conditional(ctx: AsmContext, state: MacroState, name: string, cur: Cursor, loc: SourceLoc): void {
  const stack = state.conditionals;
  const top = stack[stack.length - 1];
  if (name === '.endif') {
    if (!top) fail(loc, "unmatched '.endif' directive");
    stack.pop();
    return;
  }
  if (name === '.else' || name === '.elseif') {
    if (!top) fail(loc, `unmatched '${name}' directive`);
    const take = top.outer && !top.taken && (name === '.else' || condition(ctx, '.if', cur));
    top.active = take;
    top.taken ||= take;
    return;
  }
  const outer = !skipping(state);
  const take = outer && condition(ctx, name, cur);
  stack.push({ active: take, taken: take, outer, loc });
}

function condition(ctx: AsmContext, name: string, cur: Cursor): boolean {
  if (name === '.ifdef' || name === '.ifndef') {
    const symbol = ctx.symbols.get(cur.expectIdent('expected identifier after \'.ifdef\'').text);
    const defined = symbol !== undefined && symbol.state !== 'undefined';
    return name === '.ifdef' ? defined : !defined;
  }
  if (name === '.ifb' || name === '.ifnb') {
    const blank = cur.atEnd();
    while (!cur.atEnd()) cur.next();
    return name === '.ifb' ? blank : !blank;
  }
  const v = evaluateConstant(ctx, parseExpr(cur, exprScope(ctx)));
  switch (name) {
    case '.ifeq': return v === 0n;
    case '.ifgt': return v > 0n;
    case '.ifge': return v >= 0n;
    case '.iflt': return v < 0n;
    case '.ifle': return v <= 0n;
    default: return v !== 0n; // .if, .ifne
  }
}
