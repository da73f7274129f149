// Symbols while assembling: creating and looking them up, defining labels (named, numeric and
// the unnamed temporaries behind `.`), and the per-section symbol. Names starting with `.L` are
// temporaries, as in GNU as and llvm-mc: they are left out of the object's symbol table unless a
// relocation has to name them (llvm-mc for RISC-V always relocates against the symbol itself,
// never section+offset, so a `.L` label that a relocation targets is kept; see fixups.ts).

import type { AsmContext } from './context';
import { numericLabel } from './context';
import { recordLabelForDebug } from './debug-info';
import { fail, type SourceLoc } from './diagnostics';
import type { ExprScope } from './expr';
import type { AsmSymbol, Expr, SectionState } from './model';

function newSymbol(ctx: AsmContext, name: string, temporary: boolean): AsmSymbol {
  const symbol: AsmSymbol = {
    name,
    id: ctx.allSymbols.length,
    order: -1,
    state: 'undefined',
    section: null,
    offset: 0,
    variable: null,
    binding: null,
    type: 'notype',
    hidden: false,
    size: null,
    common: null,
    temporary,
    numericLabel: null,
    usedInReloc: false,
    referenced: false,
    definedAt: null,
  };
  ctx.allSymbols.push(symbol);
  if (name !== '') ctx.symbols.set(name, symbol);
  return symbol;
}

export const isTemporaryName = (name: string) => name.startsWith('.L');

/** The symbol called `name`, created (undefined) on first mention. */
export function lookupSymbol(ctx: AsmContext, name: string): AsmSymbol {
  return ctx.symbols.get(name) ?? newSymbol(ctx, name, isTemporaryName(name));
}

/** A symbol used by name in an expression: the user's symbol, else the section of that name. */
export function referenceSymbol(ctx: AsmContext, name: string): AsmSymbol {
  const existing = ctx.symbols.get(name);
  if (existing) return existing;
  const section = ctx.sectionsByName.get(name);
  if (section) return sectionSymbol(ctx, section);
  return newSymbol(ctx, name, isTemporaryName(name));
}

/** The STT_SECTION symbol of `section` (named after it, as readelf shows it). */
export function sectionSymbol(ctx: AsmContext, section: SectionState): AsmSymbol {
  if (section.symbol) return section.symbol;
  const existing = ctx.symbols.get(section.name);
  // A name that was referenced before its section existed resolves to the section.
  const symbol = existing && existing.state === 'undefined' && existing.binding === null ? existing : newSymbol(ctx, '', false);
  symbol.order = section.order;
  symbol.state = 'section';
  symbol.section = section;
  symbol.offset = 0;
  symbol.type = 'section';
  section.symbol = symbol;
  return symbol;
}

function checkRedefinition(symbol: AsmSymbol, loc: SourceLoc): void {
  if (symbol.state === 'undefined') return;
  if (symbol.state === 'section') fail(loc, `symbol '${symbol.name}' is already defined as a section`);
  fail(loc, `symbol '${symbol.name}' is already defined${symbol.definedAt ? ` (at line ${symbol.definedAt.line})` : ''}`);
}

/** Defines `name` as a label at the current position. */
export function defineLabel(ctx: AsmContext, name: string, loc: SourceLoc): AsmSymbol {
  const symbol = lookupSymbol(ctx, name);
  if (symbol.state === 'variable') fail(loc, `symbol '${name}' is already defined (by .set/.equ)`);
  checkRedefinition(symbol, loc);
  placeLabel(ctx, symbol, loc);
  if (!symbol.temporary) recordLabelForDebug(ctx, symbol, ctx.labelLine);
  return symbol;
}

/** Notes that the object now needs `symbol` (fixes its place in the symbol table). */
export function registerSymbol(ctx: AsmContext, symbol: AsmSymbol): void {
  if (symbol.order < 0) symbol.order = ctx.registered++;
}

/** Registers every symbol an expression names, as llvm-mc does when it emits the expression. */
export function registerExpr(ctx: AsmContext, expr: Expr): void {
  switch (expr.kind) {
    case 'sym':
      registerSymbol(ctx, referenceSymbol(ctx, expr.name));
      return;
    case 'symref':
      registerSymbol(ctx, expr.symbol);
      return;
    case 'unary':
    case 'modifier':
      registerExpr(ctx, expr.operand);
      return;
    case 'binary':
      registerExpr(ctx, expr.left);
      registerExpr(ctx, expr.right);
      return;
    case 'num':
      return;
  }
}

function placeLabel(ctx: AsmContext, symbol: AsmSymbol, loc: SourceLoc): void {
  registerSymbol(ctx, symbol);
  symbol.state = 'label';
  symbol.section = ctx.current;
  symbol.offset = ctx.current.size;
  symbol.definedAt = loc;
}

/** An unnamed temporary at the current position (what `.` means in an expression). */
export function temporaryHere(ctx: AsmContext, loc: SourceLoc): AsmSymbol {
  const symbol = newSymbol(ctx, '', true);
  placeLabel(ctx, symbol, loc);
  return symbol;
}

/** A named temporary at the current position (`.Lpcrel_hi0`, the auipc of an `la`). */
export function namedTemporaryHere(ctx: AsmContext, name: string, loc: SourceLoc): AsmSymbol {
  const symbol = newSymbol(ctx, name, true);
  placeLabel(ctx, symbol, loc);
  return symbol;
}

/** Defines the next instance of numeric label `n` (`1:`). */
export function defineNumericLabel(ctx: AsmContext, n: number, loc: SourceLoc): void {
  const label = numericLabel(ctx, n);
  const symbol = label.instances[label.defined] ?? numericInstance(ctx, n, label.instances);
  label.defined++;
  placeLabel(ctx, symbol, loc);
}

function numericInstance(ctx: AsmContext, n: number, instances: AsmSymbol[]): AsmSymbol {
  const symbol = newSymbol(ctx, `.Ltmp${ctx.tmpCount++}`, true);
  symbol.numericLabel = n;
  instances.push(symbol);
  return symbol;
}

/** `1b` (the latest definition of 1) or `1f` (the next one, which may not exist yet). */
export function numericLabelRef(ctx: AsmContext, n: number, forward: boolean, loc: SourceLoc): AsmSymbol {
  const label = numericLabel(ctx, n);
  if (!forward) {
    if (label.defined === 0) fail(loc, `directional label undefined: no '${n}:' before this '${n}b'`);
    return label.instances[label.defined - 1];
  }
  return label.instances[label.defined] ?? numericInstance(ctx, n, label.instances);
}

/** Forward numeric references that never found their label. */
export function undefinedNumericLabels(ctx: AsmContext): AsmSymbol[] {
  const missing: AsmSymbol[] = [];
  for (const label of ctx.numericLabels.values()) missing.push(...label.instances.slice(label.defined));
  return missing;
}

/** How expressions in the current statement bind `.` and numeric label references. */
export function exprScope(ctx: AsmContext): ExprScope {
  return {
    dot: (loc) => temporaryHere(ctx, loc),
    numericLabel: (n, forward, loc) => numericLabelRef(ctx, n, forward, loc),
  };
}
