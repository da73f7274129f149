// Phase 4d: the remaining directives — sections (.text .data .bss .rodata .section
// .pushsection .popsection .previous), symbol attributes (.globl .weak .local .hidden .type
// .size), assignments (.set .equ .equiv and `sym = expr`), `.option`, `.file`/`.loc` for the
// line table, and the directives compilers emit that carry nothing we need (.cfi_*, .ident,
// .attribute, .addrsig, ...), which are accepted and ignored like llvm-mc's defaults.

import type { SymbolType } from '../object';
import type { AsmContext } from './context';
import type { Cursor } from './cursor';
import { DATA_DIRECTIVES, type Directive } from './data-directives';
import { fileDirective, locDirective } from './debug-line';
import { noteCodeSection } from './debug-info';
import { fail, type SourceLoc } from './diagnostics';
import { evaluate } from './eval';
import { parseExpr } from './expr';
import type { AsmSymbol, SectionFlags, SectionKind } from './model';
import { createSection, defaultSectionKind, sectionNamed, switchSection } from './sections';
import { exprScope, lookupSymbol, registerSymbol } from './symbols';

const IGNORED = new Set([
  '.ident', '.attribute', '.addrsig', '.addrsig_sym', '.protected', '.internal', '.symver', '.loc_mark_labels',
  '.sleb128_pad', '.end_data_region', '.data_region', '.frame', '.mask', '.fmask', '.ent', '.end_ent',
]);

/** Assembles a directive statement; returns false when the directive is unknown. */
export function assembleDirective(ctx: AsmContext, cur: Cursor, name: string, loc: SourceLoc): boolean {
  const handler = DATA_DIRECTIVES.get(name) ?? OTHER_DIRECTIVES.get(name);
  if (handler) {
    handler(ctx, cur, name, loc);
    return true;
  }
  if (name.startsWith('.cfi_') || IGNORED.has(name)) {
    while (!cur.atEnd()) cur.next();
    return true;
  }
  return false;
}

const simpleSection = (sectionName: string): Directive => (ctx, cur) => {
  cur.expectEnd();
  enterSection(ctx, sectionNamed(ctx, sectionName));
};

function enterSection(ctx: AsmContext, section: ReturnType<typeof sectionNamed>): void {
  switchSection(ctx, section);
  noteCodeSection(ctx, section);
}

// section-name = string | (ident | number | "-" | "+" | ".")+   (adjacent tokens, joined)
function parseSectionName(cur: Cursor): string {
  const first = cur.peek();
  if (first.kind === 'string') {
    cur.next();
    return String.fromCharCode(...(first.bytes ?? []));
  }
  let name = '';
  let end = -1;
  while (!cur.atEnd() && !cur.isPunct(',')) {
    const t = cur.peek();
    if (end >= 0 && t.col !== end) break;
    if (t.kind !== 'ident' && t.kind !== 'number' && !(t.kind === 'punct' && (t.text === '-' || t.text === '+'))) break;
    name += t.text;
    end = t.col + t.text.length;
    cur.next();
  }
  if (name === '') fail(cur.loc(), 'expected identifier in directive');
  return name;
}

const SECTION_TYPES: ReadonlyMap<string, SectionKind> = new Map([
  ['progbits', 'progbits'], ['nobits', 'nobits'], ['note', 'note'], ['init_array', 'init_array'],
  ['fini_array', 'fini_array'], ['preinit_array', 'preinit_array'], ['0x70000003', 'riscv-attributes'],
]);

// section = name ("," flags ("," type ("," entsize)?)?)?      flags = '"' [awxMSTGoRe]* '"'
function parseSectionArguments(ctx: AsmContext, cur: Cursor): void {
  const name = parseSectionName(cur);
  let flags: SectionFlags | null = null;
  let kind: SectionKind | null = null;
  let entsize = 0;
  if (cur.acceptPunct(',')) {
    const flagTok = cur.next();
    if (flagTok.kind !== 'string') fail({ line: flagTok.line, col: flagTok.col }, 'expected string in directive');
    flags = { alloc: false, write: false, exec: false, merge: false, strings: false, tls: false };
    for (const c of String.fromCharCode(...(flagTok.bytes ?? []))) {
      if (c === 'a') flags.alloc = true;
      else if (c === 'w') flags.write = true;
      else if (c === 'x') flags.exec = true;
      else if (c === 'M') flags.merge = true;
      else if (c === 'S') flags.strings = true;
      else if (c === 'T') flags.tls = true;
      else if (c === 'G' || c === 'o') fail({ line: flagTok.line, col: flagTok.col }, `section flag '${c}' (groups, linked-to sections) is not supported`);
      else if (c !== 'R' && c !== 'e' && c !== 'd') fail({ line: flagTok.line, col: flagTok.col }, 'unknown flag');
    }
    if (cur.acceptPunct(',')) {
      const typeLoc = cur.loc();
      if (cur.isPunct('@') || cur.isPunct('%')) cur.next();
      const typeTok = cur.next();
      const typeName = typeTok.kind === 'string' ? String.fromCharCode(...(typeTok.bytes ?? [])) : typeTok.text;
      kind = SECTION_TYPES.get(typeName.replace(/^[@%]/, '')) ?? fail(typeLoc, `unknown section type '${typeName}'`);
      if (cur.acceptPunct(',')) {
        const v = evaluate(ctx, parseExpr(cur, exprScope(ctx)));
        if (v.sym || v.sub || v.addend < 0n) fail(typeLoc, 'expected the entry size');
        entsize = Number(v.addend);
      }
    } else if (flags.merge) fail(cur.loc(), 'Mergeable section must specify the type');
  }
  if (!cur.atEnd()) fail(cur.loc(), 'section groups and unique sections are not supported');
  let section = ctx.sectionsByName.get(name);
  if (!section) section = createSection(ctx, name, kind ?? (flags ? defaultSectionKind(name) : null), flags, entsize);
  enterSection(ctx, section);
}

const sectionDirective: Directive = (ctx, cur) => parseSectionArguments(ctx, cur);

const pushSection: Directive = (ctx, cur) => {
  ctx.sectionStack.push({ current: ctx.current, previous: ctx.previous });
  parseSectionArguments(ctx, cur);
};

const popSection: Directive = (ctx, cur, _name, loc) => {
  cur.expectEnd();
  const saved = ctx.sectionStack.pop();
  if (!saved) fail(loc, '.popsection without corresponding .pushsection');
  ctx.current = saved.current;
  ctx.previous = saved.previous;
};

const previousSection: Directive = (ctx, cur, _name, loc) => {
  cur.expectEnd();
  if (!ctx.previous) fail(loc, '.previous without corresponding .section');
  const here = ctx.current;
  ctx.current = ctx.previous;
  ctx.previous = here;
};

// symbols = name ("," name)*
const symbolAttribute = (apply: (s: AsmSymbol) => void): Directive => (ctx, cur) => {
  for (;;) {
    const symbol = lookupSymbol(ctx, cur.expectIdent('expected identifier in directive').text);
    registerSymbol(ctx, symbol);
    apply(symbol);
    if (cur.atEnd()) return;
    cur.expectPunct(',', "expected ',' or end of statement");
  }
};

const SYMBOL_TYPES: ReadonlyMap<string, SymbolType> = new Map([
  ['function', 'func'], ['stt_func', 'func'], ['gnu_indirect_function', 'func'],
  ['object', 'object'], ['stt_object', 'object'], ['tls_object', 'object'], ['stt_tls', 'object'], ['common', 'object'],
  ['gnu_unique_object', 'object'], ['notype', 'notype'], ['stt_notype', 'notype'],
]);

// type = name "," ("@" | "%")? type-name
const typeDirective: Directive = (ctx, cur) => {
  const symbol = lookupSymbol(ctx, cur.expectIdent('expected identifier in directive').text);
  registerSymbol(ctx, symbol);
  cur.expectPunct(',', 'expected comma');
  const loc = cur.loc();
  if (cur.isPunct('@') || cur.isPunct('%')) cur.next();
  const t = cur.next();
  const typeName = t.kind === 'string' ? String.fromCharCode(...(t.bytes ?? [])) : t.text;
  const type = SYMBOL_TYPES.get(typeName.toLowerCase());
  if (!type) fail(loc, 'unsupported attribute in \'.type\' directive');
  cur.expectEnd();
  symbol.type = type;
};

const sizeDirective: Directive = (ctx, cur) => {
  const symbol = lookupSymbol(ctx, cur.expectIdent('expected identifier in directive').text);
  cur.expectPunct(',', 'expected comma');
  symbol.size = parseExpr(cur, exprScope(ctx));
  cur.expectEnd();
};

/** `.set name, expr` and `name = expr`: the value is captured now when it is a number. */
export function assign(ctx: AsmContext, cur: Cursor, nameTok: { text: string; line: number; col: number }, mustBeNew: boolean): void {
  const loc = { line: nameTok.line, col: nameTok.col };
  const expr = parseExpr(cur, exprScope(ctx));
  cur.expectEnd();
  const symbol = lookupSymbol(ctx, nameTok.text);
  if (symbol.state !== 'undefined' && symbol.state !== 'variable') fail(loc, `redefinition of '${symbol.name}'`);
  if (mustBeNew && symbol.state === 'variable') fail(loc, `redefinition of '${symbol.name}'`);
  const v = evaluate(ctx, expr);
  registerSymbol(ctx, symbol);
  symbol.state = 'variable';
  symbol.variable = !v.sym && !v.sub ? { kind: 'num', value: v.addend, loc } : expr;
  symbol.definedAt = loc;
}

const setDirective = (mustBeNew: boolean): Directive => (ctx, cur) => {
  const nameTok = cur.expectIdent('expected identifier');
  cur.expectPunct(',', 'expected comma');
  assign(ctx, cur, nameTok, mustBeNew);
};

// option = "push" | "pop" | "pic" | "nopic" | "rvc" | "norvc" | "relax" | "norelax" | "arch" ...
const optionDirective: Directive = (ctx, cur, _name, loc) => {
  const t = cur.expectIdent("expected identifier for .option");
  const option = t.text.toLowerCase();
  if (option === 'push') ctx.optionStack.push(ctx.pic);
  else if (option === 'pop') {
    const saved = ctx.optionStack.pop();
    if (saved === undefined) fail(loc, '.option pop with no .option push');
    ctx.pic = saved;
  } else if (option === 'pic') ctx.pic = true;
  else if (option === 'nopic') ctx.pic = false;
  else if (option === 'rvc') ctx.diag.warning(loc, 'compressed instructions are not supported; .option rvc has no effect');
  else if (!['norvc', 'relax', 'norelax', 'arch'].includes(option)) {
    ctx.diag.warning({ line: t.line, col: t.col }, "unknown option, expected 'push', 'pop', 'rvc', 'norvc', 'relax' or 'norelax'");
  }
  while (!cur.atEnd()) cur.next();
};

const messageDirective = (isError: boolean): Directive => (ctx, cur, name, loc) => {
  const t = cur.peek();
  const text = t.kind === 'string' ? String.fromCharCode(...(t.bytes ?? [])) : `${name} directive invoked in source file`;
  if (isError) fail(loc, text);
  ctx.diag.warning(loc, text);
  while (!cur.atEnd()) cur.next();
};

const OTHER_DIRECTIVES: ReadonlyMap<string, Directive> = new Map<string, Directive>([
  ['.text', simpleSection('.text')], ['.data', simpleSection('.data')], ['.bss', simpleSection('.bss')],
  ['.rodata', simpleSection('.rodata')], ['.tdata', simpleSection('.tdata')], ['.tbss', simpleSection('.tbss')],
  ['.section', sectionDirective], ['.pushsection', pushSection], ['.popsection', popSection], ['.previous', previousSection],
  ['.globl', symbolAttribute((s) => (s.binding = 'global'))],
  ['.global', symbolAttribute((s) => (s.binding = 'global'))],
  ['.weak', symbolAttribute((s) => (s.binding = 'weak'))],
  ['.local', symbolAttribute((s) => (s.binding = 'local'))],
  ['.hidden', symbolAttribute((s) => (s.hidden = true))],
  ['.type', typeDirective],
  ['.size', sizeDirective],
  ['.set', setDirective(false)], ['.equ', setDirective(false)], ['.equiv', setDirective(true)],
  ['.option', optionDirective],
  ['.file', fileDirective],
  ['.loc', locDirective],
  ['.error', messageDirective(true)],
  ['.warning', messageDirective(false)],
  ['.include', (_ctx, _cur, _name, loc) => fail(loc, '.include is not supported: the assembler reads a single source text')],
]);
