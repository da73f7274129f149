// Translation phase 4 (C11 6.10) and the joining of phases 6–7: source files to the token list
// the parser reads. The main file is read after the `<built-in>` and `<command line>` macros;
// directives run as the token stream reaches them (preprocess-directives.ts), macros expand as
// they are read (macro-expand.ts), and what is left is classified (keywords) with adjacent string
// literals merged. `preprocessedText` is `-E` (preprocess-output.ts).

import type { CompileContext } from './context';
import { expandMacro } from './macro-expand';
import { defineDynamicMacros, predefinedSource } from './preprocess-builtins';
import { runDirective } from './preprocess-directives';
import { PreprocessorState } from './preprocess-stream';
import type { Token } from './token';
import { copyToken, KEYWORDS, lexFile, makeToken, reportProblem, type PPToken } from './tokenize';

export { preprocessedText } from './preprocess-output';

/** The whole translation unit as tokens, ending with 'eof'; errors go to `ctx.diag`. */
export function preprocess(ctx: CompileContext): Token[] {
  const { file: mainName, text, host } = ctx.options;
  const source = text ?? host.readFile(mainName);
  const main = ctx.addFile(mainName, mainName, source ?? '', false);
  const mainTokens = lexFile(ctx, main);
  if (source === null) {
    ctx.diag.error({ file: main, line: 1, column: 1 }, `no such file or directory: '${mainName}'`);
    return mainTokens;
  }
  const state = new PreprocessorState(ctx, runDirective);
  state.baseFile = main;
  state.pushFile(main, mainTokens);
  const { builtin, commandLine } = predefinedSource(state);
  defineDynamicMacros(state, builtin);
  state.pushFile(commandLine, lexFile(ctx, commandLine));
  state.pushFile(builtin, lexFile(ctx, builtin));
  const out: Token[] = [];
  for (;;) {
    const token = state.next();
    if (token.kind === 'eof') {
      if (!state.atMainEnd()) continue;
      state.finish();
      out.push(token);
      return mergeStrings(out);
    }
    const result = expandMacro(state, token);
    if (result === null) continue;
    reportProblem(ctx, result);
    out.push(result.kind === 'ident' && KEYWORDS.has(result.text) ? copyToken(result, { kind: 'keyword' }) : result);
  }
}

// Phase 6: adjacent string literals are one literal, at the first one's place (in place: the
// list is long and about to be returned).
function mergeStrings(tokens: Token[]): Token[] {
  let kept = 0;
  for (let i = 0; i < tokens.length;) {
    const first = tokens[i++];
    if (first.kind !== 'string' || tokens[i].kind !== 'string') {
      tokens[kept++] = first;
      continue;
    }
    const parts = [first];
    while (tokens[i].kind === 'string') parts.push(tokens[i++]);
    tokens[kept++] = joinStrings(parts);
  }
  tokens.length = kept;
  return tokens;
}

function joinStrings(parts: readonly Token[]): Token {
  const length = parts.reduce((n, t) => n + (t.bytes?.length ?? 0), 0);
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part.bytes ?? [], offset);
    offset += part.bytes?.length ?? 0;
  }
  const first = parts[0] as PPToken;
  const text = parts.map((t) => t.text).join(' ');
  return copyToken(makeToken('string', text, first.loc, first.atLineStart, first.hasSpace, { bytes }), { expandedFrom: first.expandedFrom });
}
