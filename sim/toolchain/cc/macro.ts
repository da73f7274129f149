// Macro definitions (C11 6.10.3): what `#define` records, checked the way gcc checks it — a
// parameter list when `(` touches the name, `#` only before a parameter, `##` never at either
// end — and compared on redefinition by spelling and spacing. Expansion is in macro-expand.ts.

import type { CompileContext } from './context';
import type { SourceLocation } from './token';
import { copyToken, type PPToken } from './tokenize';

export interface Macro {
  readonly name: string;
  /** Parameter names for a function-like macro (the variadic one last), null for object-like. */
  readonly params: readonly string[] | null;
  /** The last parameter takes the remaining arguments (`...` as __VA_ARGS__, or GNU `name...`). */
  readonly variadic: boolean;
  readonly body: readonly PPToken[];
  readonly loc: SourceLocation;
  /** Builtins whose expansion depends on where they are used (`__LINE__`, `__COUNTER__`…). */
  readonly dynamic?: (use: PPToken) => PPToken;
}

/** Parses `#define`'s line (the tokens after `define`) into a macro, or reports why not and returns null. */
export function parseDefine(ctx: CompileContext, line: readonly PPToken[], at: SourceLocation): Macro | null {
  const name = line[0];
  if (!checkMacroName(ctx, name, at)) return null;
  let rest = 1;
  let params: string[] | null = null;
  let variadic = false;
  if (line[1]?.text === '(' && !line[1].hasSpace) {
    const parsed = parseParams(ctx, line, 2);
    if (parsed === null) return null;
    ({ params, variadic, rest } = parsed);
  }
  const body = line.slice(rest);
  if (body.length > 0 && body[0].hasSpace) body[0] = copyToken(body[0], { hasSpace: false });
  if (!checkBody(ctx, body, params)) return null;
  return { name: name.text, params, variadic, body, loc: name.loc };
}

/** `#define`/`#undef`'s name must be an identifier other than `defined`. */
export function checkMacroName(ctx: CompileContext, name: PPToken | undefined, at: SourceLocation): name is PPToken {
  if (name === undefined) {
    ctx.diag.error(at, 'macro name missing');
    return false;
  }
  if (name.kind !== 'ident') {
    ctx.diag.error(name.loc, 'macro name must be an identifier');
    return false;
  }
  if (name.text === 'defined') {
    ctx.diag.error(name.loc, "'defined' cannot be used as a macro name");
    return false;
  }
  return true;
}

// params = "(" (ident ("," ident)* ("," "...")? | "...")? ")", or GNU's `ident...` last.
function parseParams(ctx: CompileContext, line: readonly PPToken[], start: number): { params: string[]; variadic: boolean; rest: number } | null {
  const params: string[] = [];
  let i = start;
  if (line[i]?.text === ')') return { params, variadic: false, rest: i + 1 };
  for (;;) {
    const token = line[i];
    if (token?.text === '...' && token.kind === 'punct') {
      params.push('__VA_ARGS__');
      return closeParams(ctx, line, i + 1, params, true);
    }
    if (token?.kind !== 'ident') {
      ctx.diag.error((token ?? line[i - 1]).loc, 'expected parameter name');
      return null;
    }
    if (params.includes(token.text)) {
      ctx.diag.error(token.loc, `duplicate macro parameter "${token.text}"`);
      return null;
    }
    params.push(token.text);
    i++;
    if (line[i]?.text === '...') return closeParams(ctx, line, i + 1, params, true);
    if (line[i]?.text === ')') return { params, variadic: false, rest: i + 1 };
    if (line[i]?.text !== ',') {
      ctx.diag.error((line[i] ?? token).loc, "expected ',' or ')' in macro parameter list");
      return null;
    }
    i++;
  }
}

function closeParams(ctx: CompileContext, line: readonly PPToken[], i: number, params: string[], variadic: boolean) {
  if (line[i]?.text !== ')') {
    ctx.diag.error((line[i] ?? line[i - 1]).loc, "missing ')' in macro parameter list");
    return null;
  }
  return { params, variadic, rest: i + 1 };
}

function checkBody(ctx: CompileContext, body: readonly PPToken[], params: readonly string[] | null): boolean {
  const last = body.length - 1;
  if (last >= 0 && (body[0].text === '##' || body[last].text === '##')) {
    ctx.diag.error((body[0].text === '##' ? body[0] : body[last]).loc, "'##' cannot appear at either end of a macro expansion");
    return false;
  }
  if (params === null) return true;
  for (let i = 0; i < body.length; i++) {
    if (body[i].text !== '#' || body[i].kind !== 'punct') continue;
    const operand = body[i + 1];
    if (operand === undefined || operand.kind !== 'ident' || !(params.includes(operand.text) || operand.text === '__VA_OPT__')) {
      ctx.diag.error(body[i].loc, "'#' is not followed by a macro parameter");
      return false;
    }
  }
  return true;
}

/** Two definitions are the same when parameters, spellings and the white space between tokens match. */
export function sameDefinition(a: Macro, b: Macro): boolean {
  if (a.dynamic !== undefined || b.dynamic !== undefined) return false;
  if ((a.params === null) !== (b.params === null) || a.variadic !== b.variadic) return false;
  if (a.params !== null && b.params !== null && a.params.join(',') !== b.params.join(',')) return false;
  if (a.body.length !== b.body.length) return false;
  return a.body.every((t, i) => t.text === b.body[i].text && (i === 0 || t.hasSpace === b.body[i].hasSpace));
}
