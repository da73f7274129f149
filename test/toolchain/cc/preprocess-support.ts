// Shared by the preprocessor tests: run `preprocess` on text with a fake CompilerHost (a Map of
// path → text), and read the result back as spellings, errors and warnings.

import { CompileContext, type CompileOptions } from '../../../sim/toolchain/cc/context';
import { preprocess, preprocessedText } from '../../../sim/toolchain/cc/preprocess';
import type { Token } from '../../../sim/toolchain/cc/token';
import { tokenize } from '../../../sim/toolchain/cc/tokenize';

export interface PreprocessRun {
  readonly tokens: Token[];
  /** Token spellings joined by single spaces (eof left out). */
  readonly text: string;
  readonly errors: string[];
  readonly warnings: string[];
  readonly ctx: CompileContext;
}

export type RunOptions = Partial<Omit<CompileOptions, 'host' | 'text'>> & { readonly files?: Record<string, string> };

export function run(text: string | null, options: RunOptions = {}): PreprocessRun {
  const files = new Map(Object.entries(options.files ?? {}));
  const ctx = new CompileContext({
    file: 'main.c', ...options, ...(text === null ? {} : { text }), host: { readFile: (path) => files.get(path) ?? null },
  });
  const tokens = preprocess(ctx);
  return {
    tokens,
    text: tokens.filter((t) => t.kind !== 'eof').map((t) => t.text).join(' '),
    errors: ctx.diag.errors.map((e) => e.message),
    warnings: ctx.diag.warnings,
    ctx,
  };
}

/** The spellings after preprocessing; fails the test on any error. */
export function expand(text: string, options: RunOptions = {}): string {
  const result = run(text, options);
  if (result.errors.length > 0) throw new Error(`unexpected errors:\n${result.errors.join('\n')}`);
  return result.text;
}

/** `-E` output for text. */
export function dashE(text: string, options: RunOptions = {}): string {
  const result = run(text, options);
  return preprocessedText(result.ctx, result.tokens);
}

/** C text as its token spellings joined by single spaces, to compare with `run(…).text`. */
export function spaced(text: string): string {
  const ctx = new CompileContext({ file: 'expected.c', text, host: { readFile: () => null } });
  return tokenize(ctx, ctx.addFile('expected.c', 'expected.c', text, false)).filter((t) => t.kind !== 'eof').map((t) => t.text).join(' ');
}
