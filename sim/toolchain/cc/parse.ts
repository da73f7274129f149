// Placeholder until the parser lands (owned by the parser work).
import type { TranslationUnit } from './ast';
import type { CompileContext } from './context';
import type { Token } from './token';

export function parse(ctx: CompileContext, _tokens: readonly Token[]): TranslationUnit {
  throw new Error(`parser not written yet (${ctx.options.file})`);
}
