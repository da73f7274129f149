// Placeholder until codegen lands (owned by the codegen work).
import type { FunctionDefinition, FunctionFrame, TranslationUnit } from './ast';
import type { CompileContext } from './context';

export interface GeneratedCode {
  readonly text: string;
  readonly frames: ReadonlyMap<FunctionDefinition, FunctionFrame>;
}

export function generate(ctx: CompileContext, _unit: TranslationUnit): GeneratedCode {
  throw new Error(`codegen not written yet (${ctx.options.file})`);
}
