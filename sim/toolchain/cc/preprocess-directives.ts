// Preprocessing directives (C11 6.10): one handler per directive, run by the token stream when
// `#` starts a line of a file. A bad directive is reported and its line skipped; conditional
// groups that are not taken are skipped as tokens, seeing only the directives that nest or end
// them, so anything inside `#if 0` is never reported.

import { checkMacroName, parseDefine, sameDefinition } from './macro';
import { expandAll } from './macro-expand';
import { HAS_OPERATORS } from './preprocess-builtins';
import { evaluateCondition } from './preprocess-expr';
import { alreadyIncluded, findInclude, markOnce, MAX_INCLUDE_DEPTH } from './preprocess-include';
import type { PreprocessorState } from './preprocess-stream';
import type { SourceFile } from './token';
import { copyToken, makeToken, type PPToken } from './tokenize';

type Handler = (state: PreprocessorState, name: PPToken, line: PPToken[]) => void;

const HANDLERS: Readonly<Record<string, Handler>> = {
  define: defineDirective,
  undef: undefDirective,
  include: includeDirective,
  if: (state, name, line) => openConditional(state, name, evaluateIf(state, name, line)),
  ifdef: (state, name, line) => openConditional(state, name, isDefinedName(state, name, line)),
  ifndef: (state, name, line) => openConditional(state, name, !isDefinedName(state, name, line)),
  elif: elifDirective,
  else: elseDirective,
  endif: endifDirective,
  error: (state, name, line) => state.ctx.diag.error(name.loc, `#error ${spell(line)}`),
  warning: (state, name, line) => state.ctx.diag.warning(name.loc, `#warning ${spell(line)}`),
  line: lineDirective,
  pragma: pragmaDirective,
  ident: () => {},
  sccs: () => {},
};

/** Runs the directive whose `#` was just read. */
export function runDirective(state: PreprocessorState): void {
  const frame = state.currentFileFrame();
  const name = frame.tokens[frame.pos];
  if (name.atLineStart) return; // the null directive
  frame.pos++;
  const line = state.readLine();
  // GNU line markers (`# 33 "file.c"`) are #line directives in disguise.
  if (name.kind === 'number') return lineDirective(state, name, [name, ...line]);
  const handler = name.kind === 'ident' && Object.hasOwn(HANDLERS, name.text) ? HANDLERS[name.text] : undefined;
  if (handler === undefined) {
    state.ctx.diag.error(name.loc, `invalid preprocessing directive #${name.text}`);
    return;
  }
  handler(state, name, line);
}

function defineDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  const macro = parseDefine(state.ctx, line, name.loc);
  if (macro === null) return;
  const old = state.macros.get(macro.name);
  if (old !== undefined && !sameDefinition(old, macro)) {
    state.ctx.diag.warning(macro.loc, `'${macro.name}' macro redefined`);
  }
  state.macros.set(macro.name, macro);
}

function undefDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  if (!checkMacroName(state.ctx, line[0], name.loc)) return;
  warnExtra(state, line, 1, 'undef');
  state.macros.delete(line[0].text);
}

// include = "#include" ("\"name\"" | "<" name ">" | tokens that expand to one of these)
function includeDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  const direct = includeTarget(line);
  const target = direct ?? includeTarget(expandAll(state, line));
  if (direct !== null) warnExtra(state, line, direct.end, 'include');
  if (target === null) {
    state.ctx.diag.error(line[0]?.loc ?? name.loc, '#include expects "FILENAME" or <FILENAME>');
    return;
  }
  const at = line[0];
  if (target.name === '') {
    state.ctx.diag.error(at.loc, 'empty filename in #include');
    return;
  }
  const loaded = findInclude(state, target.name, target.quoted);
  if (loaded === null) {
    state.ctx.diag.error(at.loc, `'${target.name}' file not found`);
    return;
  }
  if (state.fileDepth >= MAX_INCLUDE_DEPTH) {
    state.ctx.diag.error(at.loc, `#include nested depth ${state.fileDepth} exceeds maximum of ${MAX_INCLUDE_DEPTH}`);
    return;
  }
  if (!alreadyIncluded(state, loaded)) state.pushFile(loaded.file, loaded.tokens);
}

// The header name and where the tokens after it start.
function includeTarget(line: readonly PPToken[]): { name: string; quoted: boolean; end: number } | null {
  const first = line[0];
  if (first?.kind === 'string' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), quoted: true, end: 1 };
  if (first?.text !== '<' || first.kind !== 'punct') return null;
  let name = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i].text === '>') return { name, quoted: false, end: i + 1 };
    name += (i > 1 && line[i].hasSpace ? ' ' : '') + line[i].text;
  }
  return null;
}

function openConditional(state: PreprocessorState, name: PPToken, taken: boolean): void {
  state.conditionals.push({ loc: name.loc, taken, sawElse: false, fileDepth: state.fileDepth });
  if (!taken) skipGroup(state);
}

function elifDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  const open = innermostConditional(state, name, 'elif');
  if (open === null) return;
  if (open.sawElse) state.ctx.diag.error(name.loc, '#elif after #else');
  if (open.taken) return skipGroup(state);
  open.taken = evaluateIf(state, name, line);
  if (!open.taken) skipGroup(state);
}

function elseDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  const open = innermostConditional(state, name, 'else');
  if (open === null) return;
  warnExtra(state, line, 0, 'else');
  if (open.sawElse) state.ctx.diag.error(name.loc, '#else after #else');
  open.sawElse = true;
  if (open.taken) return skipGroup(state);
  open.taken = true;
}

function endifDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  if (innermostConditional(state, name, 'endif') === null) return;
  warnExtra(state, line, 0, 'endif');
  state.conditionals.pop();
}

function innermostConditional(state: PreprocessorState, name: PPToken, directive: string) {
  const open = state.conditionals[state.conditionals.length - 1];
  if (open === undefined || open.fileDepth !== state.fileDepth) {
    state.ctx.diag.error(name.loc, `#${directive} without #if`);
    return null;
  }
  return open;
}

// Skips a group not taken, leaving the stream at the `#` of the #elif/#else/#endif that ends it.
function skipGroup(state: PreprocessorState): void {
  const frame = state.currentFileFrame();
  const tokens = frame.tokens;
  let depth = 0;
  for (let i = frame.pos; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'eof') {
      frame.pos = i;
      return;
    }
    if (!token.atLineStart || token.text !== '#' || token.kind !== 'punct' || tokens[i + 1].atLineStart) continue;
    const directive = tokens[i + 1].text;
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') depth++;
    else if (directive === 'endif' && depth > 0) depth--;
    else if (depth === 0 && (directive === 'elif' || directive === 'else' || directive === 'endif')) {
      frame.pos = i;
      return;
    }
  }
}

function isDefinedName(state: PreprocessorState, name: PPToken, line: PPToken[]): boolean {
  const macroName = line[0];
  if (macroName === undefined || macroName.kind !== 'ident') {
    state.ctx.diag.error((macroName ?? name).loc, `macro name must be an identifier`);
    return false;
  }
  warnExtra(state, line, 1, name.text);
  return isDefined(state, macroName.text);
}

function isDefined(state: PreprocessorState, name: string): boolean {
  return state.macros.has(name) || HAS_OPERATORS.has(name);
}

// #if's operand: `defined` and the `__has_*` operators are answered before expansion (so their
// operands are not expanded), then the line is expanded and evaluated.
function evaluateIf(state: PreprocessorState, name: PPToken, line: PPToken[]): boolean {
  const replaced: PPToken[] = [];
  for (let i = 0; i < line.length; i++) {
    const token = line[i];
    const operator = token.kind === 'ident' && (token.text === 'defined' || HAS_OPERATORS.has(token.text)) ? token.text : null;
    if (operator === null) {
      replaced.push(token);
      continue;
    }
    const operand = readOperand(state, line, i + 1, operator !== 'defined');
    if (operand === null) return false;
    replaced.push(makeToken('number', operatorValue(state, operator, operand.tokens) ? '1' : '0', token.loc, false, token.hasSpace));
    i = operand.end - 1;
  }
  let value: bigint | null = null;
  // An abandoned expansion makes the condition false rather than losing the #if (and its #endif).
  state.recover(() => (value = evaluateCondition(state.ctx, expandAll(state, replaced, true), name.loc, (macro) => isDefined(state, macro))));
  return value !== null && value !== 0n;
}

// `defined X`, `defined(X)`, `__has_include("x.h")`, `__has_include(<x.h>)`, `__has_builtin(x)`:
// the operand's tokens and where the operator's tokens end.
function readOperand(state: PreprocessorState, line: PPToken[], at: number, needsParens: boolean): { tokens: PPToken[]; end: number } | null {
  const parens = line[at]?.text === '(';
  if (!parens && !needsParens && line[at]?.kind === 'ident') return { tokens: [line[at]], end: at + 1 };
  let close = at + 1;
  for (let depth = 0; parens && close < line.length && (line[close].text !== ')' || depth > 0); close++) {
    if (line[close].text === '(') depth++;
    else if (line[close].text === ')') depth--;
  }
  if (!parens || close >= line.length || close === at + 1) {
    state.ctx.diag.error((line[at] ?? line[at - 1]).loc, needsParens ? "missing '(' after operator" : 'macro name must be an identifier');
    return null;
  }
  return { tokens: line.slice(at + 1, close), end: close + 1 };
}

function operatorValue(state: PreprocessorState, operator: string, operand: PPToken[]): boolean {
  if (operator === 'defined') {
    if (operand.length !== 1 || operand[0].kind !== 'ident') {
      state.ctx.diag.error(operand[0].loc, 'macro name must be an identifier');
      return false;
    }
    return isDefined(state, operand[0].text);
  }
  if (operator === '__has_include' || operator === '__has_include_next') {
    const target = includeTarget(operand) ?? includeTarget(expandAll(state, operand));
    if (target === null) state.ctx.diag.error(operand[0].loc, `${operator} expects "FILENAME" or <FILENAME>`);
    return target !== null && target.name !== '' && findInclude(state, target.name, target.quoted) !== null;
  }
  // No builtins, attributes or features are promised: code takes its portable path.
  return false;
}

// line = "#line" digits ("\"name\"")?   (after macro expansion)
function lineDirective(state: PreprocessorState, name: PPToken, line: PPToken[]): void {
  const operands = line[0]?.kind === 'number' ? line : expandAll(state, line);
  const number = operands[0];
  if (number?.kind !== 'number' || !/^\d+$/.test(number.text)) {
    state.ctx.diag.error((number ?? name).loc, '#line directive requires a simple digit sequence');
    return;
  }
  const fileName = operands[1]?.kind === 'string' ? operands[1].text.slice(1, -1) : null;
  renumberRest(state, Number(number.text), fileName, (line[line.length - 1] ?? name).loc.line);
}

// From the line after the directive, tokens say they are on `line` (counting on) of `fileName`.
function renumberRest(state: PreprocessorState, line: number, fileName: string | null, directiveLine: number): void {
  const frame = state.currentFileFrame();
  const tokens = frame.tokens;
  const physical = frame.file!;
  const first = tokens[frame.pos];
  const delta = line - (directiveLine + 1);
  const base = first.loc.file;
  // A renamed file has no text to quote: its lines are not the physical file's lines.
  const file: SourceFile = fileName === null ? base : { ...physical, name: fileName, text: '' };
  const renumbered = tokens.slice(frame.pos).map((t) => copyToken(t, { loc: { file, line: t.loc.line + delta, column: t.loc.column } }));
  const updated = [...tokens.slice(0, frame.pos), ...renumbered];
  state.replaceFileTokens(updated);
}

function pragmaDirective(state: PreprocessorState, _name: PPToken, line: PPToken[]): void {
  if (line[0]?.text === 'once' && line.length === 1) markOnce(state);
}

function warnExtra(state: PreprocessorState, line: readonly PPToken[], expected: number, directive: string): void {
  if (line.length > expected) state.ctx.diag.warning(line[expected].loc, `extra tokens at end of #${directive} directive`);
}

/** A directive's operands as written (for #error and #warning messages). */
function spell(line: readonly PPToken[]): string {
  return line.map((t, i) => (i > 0 && t.hasSpace ? ' ' : '') + t.text).join('');
}
