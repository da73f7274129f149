// Macro expansion (C11 6.10.3.1–6.10.3.4) the way gcc and clang do it. A macro is disabled
// while its expansion is being rescanned (its frame is open in the stream); a name met while its
// macro is disabled is "painted" — its hide set gets the name — and never expands again, wherever
// the token goes later. Prosser's hide-set intersection, which chibicc uses, agrees on the
// standard's examples (6.10.3.5, in the tests) but stops some deferred-expansion idioms such as
// `EVAL(REPEAT(3))` that gcc and clang expand, so the contexts are what decides here. Arguments
// are fully expanded on their own before substitution, except next to `#` and `##`.

import type { Macro } from './macro';
import type { PreprocessorState } from './preprocess-stream';
import type { SourceLocation } from './token';
import { copyToken, decodeLiteralBody, lexFragment, makeToken, type PPToken } from './tokenize';

/** Far beyond real code (gcc has no limit; clang's bracket depth is 256). */
const MAX_ARGUMENT_NESTING = 256;

/**
 * Expands `token` if it names a macro that may expand here, pushing the expansion to be rescanned,
 * and returns null; otherwise returns the token to output (painted if its macro is disabled).
 */
export function expandMacro(state: PreprocessorState, token: PPToken): PPToken | null {
  if (token.kind !== 'ident') return spaced(state, token);
  if (token.text === '_Pragma') return runPragmaOperator(state, token) ? null : spaced(state, token);
  const macro = state.macros.get(token.text);
  if (macro === undefined || token.hideset?.has(macro.name)) return spaced(state, token);
  if (state.isExpanding(macro.name)) return spaced(state, copyToken(token, { hideset: paint(token.hideset, macro.name) }));
  if (macro.dynamic !== undefined) {
    const value = macro.dynamic(token);
    state.pushTokens([copyToken(value, { hasSpace: token.hasSpace, atLineStart: token.atLineStart, expandedFrom: useLoc(token) })], macro.name);
    return null;
  }
  if (macro.params === null) {
    pushExpansion(state, macro, new Substitution(state, macro, [], token).run(), token);
    return null;
  }
  if (state.peek().text !== '(') return spaced(state, token);
  const args = readArguments(state, macro, token);
  if (args !== null) pushExpansion(state, macro, new Substitution(state, macro, args, token).run(), token);
  return null;
}

// An expansion to nothing leaves its white space to the next token (`a EMPTY-b` is `a -b`, as
// gcc and clang print and stringize it).
function pushExpansion(state: PreprocessorState, macro: Macro, tokens: PPToken[], name: PPToken): void {
  if (tokens.length === 0) {
    if (name.hasSpace) state.pendingSpace = true;
    return;
  }
  if (state.pendingSpace && !tokens[0].hasSpace) tokens[0] = copyToken(tokens[0], { hasSpace: true });
  state.pendingSpace = false;
  state.pushTokens(tokens, macro.name);
}

function spaced(state: PreprocessorState, token: PPToken): PPToken {
  if (!state.pendingSpace) return token;
  state.pendingSpace = false;
  return token.hasSpace ? token : copyToken(token, { hasSpace: true });
}

/**
 * Fully macro-expands `tokens` on their own (a macro argument, an #if or #include line). For #if,
 * `keepDefinedOperands` leaves the name after a `defined` that an expansion produced unexpanded,
 * as gcc and clang do.
 */
export function expandAll(state: PreprocessorState, tokens: readonly PPToken[], keepDefinedOperands = false): PPToken[] {
  // Each level of macro calls inside arguments is a level of recursion here: refuse absurd depths
  // with a diagnostic before they exhaust the JavaScript stack.
  if (state.fragmentDepth >= MAX_ARGUMENT_NESTING) {
    state.ctx.diag.fatal(tokens[0]?.loc ?? state.currentFileFrame().tokens[0].loc, `macro arguments nested more than ${MAX_ARGUMENT_NESTING} deep`);
  }
  state.fragmentDepth++;
  const depth = state.depth;
  try {
    return expandFragment(state, tokens, keepDefinedOperands);
  } catch (e) {
    state.unwindTo(depth);
    throw e;
  } finally {
    state.fragmentDepth--;
  }
}

function expandFragment(state: PreprocessorState, tokens: readonly PPToken[], keepDefinedOperands: boolean): PPToken[] {
  // The end mark sits in a frame of its own under the tokens; no read consumes an 'eof' but ours.
  const end = state.fragmentEnd;
  const outerSpace = state.pendingSpace;
  state.pendingSpace = false;
  state.pushTokens([end], null);
  state.pushTokens(tokens, null);
  const out: PPToken[] = [];
  for (;;) {
    const token = state.next();
    if (token === end) {
      state.pendingSpace = outerSpace;
      return out;
    }
    const result = expandMacro(state, token);
    if (result === null) continue;
    out.push(result);
    if (keepDefinedOperands && result.kind === 'ident' && result.text === 'defined') {
      if (state.peek().text === '(') out.push(state.next());
      if (state.peek().kind === 'ident') out.push(state.next());
    }
  }
}

/** Where a token was used in the source: for tokens of expansions, the outermost macro use. */
export function useLoc(token: PPToken): SourceLocation {
  return token.expandedFrom ?? token.loc;
}

interface Argument {
  readonly raw: readonly PPToken[];
  expanded?: PPToken[];
}

// args = "(" (arg ("," arg)*)? ")" where commas inside nested parentheses belong to the argument.
function readArguments(state: PreprocessorState, macro: Macro, name: PPToken): Argument[] | null {
  const params = macro.params ?? [];
  state.next();
  const args: PPToken[][] = [[]];
  let depth = 0;
  for (;;) {
    const token = state.peek();
    if (token.kind === 'eof') {
      state.ctx.diag.error(name.loc, `unterminated argument list invoking macro "${macro.name}"`);
      return null;
    }
    state.next();
    if (token.text === ')' && depth === 0) {
      if (!checkArgumentCount(state, macro, name, args)) return null;
      if (args.length < params.length) args.push([]);
      return args.map((raw) => ({ raw }));
    }
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    const variadicPart = macro.variadic && args.length === params.length;
    if (token.text === ',' && depth === 0 && !variadicPart) args.push([]);
    else args[args.length - 1].push(token);
  }
}

function checkArgumentCount(state: PreprocessorState, macro: Macro, name: PPToken, args: PPToken[][]): boolean {
  const params = macro.params ?? [];
  const given = params.length === 0 && args.length === 1 && args[0].length === 0 ? 0 : args.length;
  const enough = macro.variadic ? given >= params.length - 1 : given >= params.length;
  if (given > params.length && !macro.variadic) {
    state.ctx.diag.error(name.loc, `macro "${macro.name}" passed ${given} arguments, but takes just ${params.length}`);
    return false;
  }
  if (!enough && !(params.length === 1 && given === 0)) {
    state.ctx.diag.error(name.loc, `macro "${macro.name}" requires ${params.length} arguments, but only ${given} given`);
    return false;
  }
  return true;
}

// The body with parameters replaced (C11 6.10.3.1–3), chibicc's `subst`, producing the expansion's
// tokens directly: each records the place of use, and the first takes the macro name's spacing.
class Substitution {
  private readonly out: PPToken[] = [];
  private readonly params: readonly string[];
  private readonly from: SourceLocation;
  /** An empty argument next to ## is a placemarker (6.10.3.3p2), so the paste skips it. */
  private placemarker: PPToken | null = null;

  constructor(private readonly state: PreprocessorState, private readonly macro: Macro, private readonly args: Argument[],
    private readonly name: PPToken) {
    this.params = macro.params ?? [];
    this.from = useLoc(name);
  }

  run(): PPToken[] {
    this.substitute(0, this.macro.body.length);
    const out = this.placemarker === null ? this.out : this.out.filter((t) => t !== this.placemarker);
    if (out.length > 0) out[0] = copyToken(out[0], { hasSpace: this.name.hasSpace, atLineStart: this.name.atLineStart });
    return out;
  }

  private substitute(start: number, end: number): void {
    const body = this.macro.body;
    for (let i = start; i < end; i++) {
      const token = body[i];
      const next = i + 1 < end ? body[i + 1] : undefined;
      if (token.kind === 'punct' && token.text === '#' && this.macro.params !== null) {
        const operand = this.argOf(next);
        if (operand !== undefined) {
          this.out.push(copyToken(stringize(token, operand.raw), { expandedFrom: this.from }));
          i++;
          continue;
        }
      }
      // GNU: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty.
      if (token.text === ',' && next?.text === '##' && this.isVariadic(this.argOf(body[i + 2]))) {
        const empty = this.argOf(body[i + 2])!.raw.length === 0;
        if (!empty) this.emit(token, token.hasSpace);
        i += empty ? 2 : 1;
        continue;
      }
      if (token.kind === 'punct' && token.text === '##') {
        const operand = this.argOf(next);
        this.paste(operand === undefined ? (next === undefined ? [] : [next]) : operand.raw);
        i++;
        continue;
      }
      if (token.text === '__VA_OPT__' && next?.text === '(' && this.macro.variadic) {
        i = this.vaOpt(i, end);
        continue;
      }
      const arg = this.argOf(token);
      if (arg === undefined) this.emit(token, token.hasSpace);
      // An operand of ## is substituted unexpanded (6.10.3.1).
      else if (next?.text === '##' && arg.raw.length === 0) this.out.push((this.placemarker ??= makeToken('punct', '', token.loc, false, false)));
      else this.emitAll(next?.text === '##' ? arg.raw : (arg.expanded ??= expandAll(this.state, arg.raw)), token.hasSpace);
    }
  }

  // `__VA_OPT__(content)` is content when the variable arguments are present, nothing otherwise.
  private vaOpt(at: number, end: number): number {
    const body = this.macro.body;
    let depth = 0;
    let close = at + 1;
    for (; close < end; close++) {
      if (body[close].text === '(') depth++;
      else if (body[close].text === ')' && --depth === 0) break;
    }
    const variable = this.args[this.params.length - 1];
    if (variable !== undefined && variable.raw.length > 0) this.substitute(at + 2, close);
    return close;
  }

  // `lhs ## rhs`: the last token so far and the first of `rhs` become one token (6.10.3.3); an
  // empty side is a placemarker, leaving the other side alone.
  private paste(rhs: readonly PPToken[]): void {
    if (rhs.length === 0) return;
    const lhs = this.out.pop();
    if (lhs === undefined || lhs === this.placemarker) return this.emitAll(rhs, rhs[0].hasSpace);
    const lexed = lexFragment(this.state.ctx, lhs.text + rhs[0].text, lhs.loc);
    if (lexed.length !== 2) {
      this.state.ctx.diag.error(lhs.loc, `pasting "${lhs.text}" and "${rhs[0].text}" does not give a valid preprocessing token`);
      this.out.push(lhs);
      return this.emitAll(rhs, rhs[0].hasSpace);
    }
    this.emit(lexed[0], lhs.hasSpace);
    for (let i = 1; i < rhs.length; i++) this.emit(rhs[i], rhs[i].hasSpace);
  }

  private emit(token: PPToken, hasSpace: boolean): void {
    this.out.push(copyToken(token, { expandedFrom: this.from, hasSpace, atLineStart: false }));
  }

  private emitAll(tokens: readonly PPToken[], hasSpace: boolean): void {
    for (let i = 0; i < tokens.length; i++) this.emit(tokens[i], i === 0 ? hasSpace : tokens[i].hasSpace);
  }

  private argOf(token: PPToken | undefined): Argument | undefined {
    if (token?.kind !== 'ident') return undefined;
    const index = this.params.indexOf(token.text);
    return index < 0 ? undefined : this.args[index];
  }

  private isVariadic(arg: Argument | undefined): boolean {
    return arg !== undefined && this.macro.variadic && arg === this.args[this.params.length - 1];
  }
}

// `#param`: the argument's spelling as a string literal, one space wherever it had white space
// (6.10.3.2), with `"` and `\` escaped inside string and character literals.
function stringize(hash: PPToken, raw: readonly PPToken[]): PPToken {
  let body = '';
  raw.forEach((token, i) => {
    if (i > 0 && (token.hasSpace || token.atLineStart)) body += ' ';
    body += token.kind === 'string' || token.kind === 'char' ? token.text.replace(/[\\"]/g, '\\$&') : token.text;
  });
  const decoded = decodeLiteralBody(body);
  return makeToken('string', `"${body}"`, hash.loc, false, hash.hasSpace, { bytes: decoded.bytes });
}

// `_Pragma("text")` (6.10.9) is `#pragma text`; like an ignored #pragma it produces nothing.
function runPragmaOperator(state: PreprocessorState, token: PPToken): boolean {
  if (state.peek().text !== '(') return false;
  state.next();
  const operand = state.next();
  const close = state.peek();
  if (operand.kind !== 'string' || close.text !== ')') {
    state.ctx.diag.error(token.loc, '_Pragma takes a parenthesized string literal');
    return true;
  }
  state.next();
  return true;
}

function paint(hideset: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  const painted = new Set(hideset);
  painted.add(name);
  return painted;
}
