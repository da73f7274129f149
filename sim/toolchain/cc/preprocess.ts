// Placeholder until the preprocessor lands (owned by the preprocessor work).
import type { CompileContext } from './context';
import type { Token } from './token';

export function preprocess(ctx: CompileContext): Token[] {
  throw new Error(`preprocessor not written yet (${ctx.options.file})`);
}

export function preprocessedText(_ctx: CompileContext, _tokens: readonly Token[]): string {
  throw new Error('preprocessor not written yet');
}
