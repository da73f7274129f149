// oslab's C compiler: C source in, RV32IMA assembly text out, as plain phases (chibicc's shape):
//   preprocess.ts (with tokenize.ts) → parse*.ts (with types.ts: a typed, lowered ast.ts tree)
//   → codegen*.ts (assembly with .loc rows) → debug-info.ts (.debug_info/.debug_abbrev for -g).
// The driver (../driver.ts) assembles and links the result; `oslab cc -S` prints it.

import { generate } from './codegen';
import { CompileContext, type CompileOptions } from './context';
import { asmString } from './asm-text';
import { emitDebugInfo } from './debug-info';
import { CompileAbort } from './diagnostics';
import { parse } from './parse';
import { preprocess, preprocessedText } from './preprocess';

export type { CompileOptions, CompilerHost } from './context';
export { CompileErrors } from './diagnostics';

export interface CompileResult {
  readonly assembly: string;
  /** Formatted `file:line:col: warning: …` diagnostics. */
  readonly warnings: readonly string[];
}

/** Compiles one C file to assembly. Throws CompileErrors (a ToolchainError) listing every error found. */
export function compileToAssembly(options: CompileOptions): CompileResult {
  const ctx = new CompileContext(options);
  let assembly = '';
  try {
    const tokens = preprocess(ctx);
    ctx.diag.throwIfAny();
    const unit = parse(ctx, tokens);
    ctx.diag.throwIfAny();
    const { text, frames } = generate(ctx, unit);
    const debug = options.debug ? emitDebugInfo(ctx, unit, frames) : '';
    assembly = fileDirectives(ctx) + text + debug;
  } catch (e) {
    if (!(e instanceof CompileAbort)) throw e;
  }
  ctx.diag.throwIfAny();
  return { assembly, warnings: ctx.diag.warnings };
}

/** `-E`: the preprocessed text, with `# line "file"` markers as gcc writes them. */
export function preprocessToText(options: CompileOptions): CompileResult {
  const ctx = new CompileContext(options);
  let text = '';
  try {
    text = preprocessedText(ctx, preprocess(ctx));
  } catch (e) {
    if (!(e instanceof CompileAbort)) throw e;
  }
  ctx.diag.throwIfAny();
  return { assembly: text, warnings: ctx.diag.warnings };
}

// The line table's file list, first: codegen and the DWARF emitter number files as they use them.
function fileDirectives(ctx: CompileContext): string {
  return ctx.lineTableFiles.map((f, i) => `\t.file\t${i + 1} ${asmString(new TextEncoder().encode(f.path))}\n`).join('');
}
