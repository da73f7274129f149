// Placeholder until the DWARF emitter lands (owned by the debug-info work).
import type { FunctionDefinition, FunctionFrame, TranslationUnit } from './ast';
import type { CompileContext } from './context';

export function emitDebugInfo(ctx: CompileContext, _unit: TranslationUnit, _frames: ReadonlyMap<FunctionDefinition, FunctionFrame>): string {
  throw new Error(`debug info not written yet (${ctx.options.file})`);
}
