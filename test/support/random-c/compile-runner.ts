// Child-process end of the robustness test (test/toolchain/cc/mutate.test.ts): compiles each
// case of a JSON file with compileToAssembly and prints one JSON line per case as soon as it is
// done, so the parent can time-bound every case (a hang is the case after the last line) and a
// stack overflow shows up as the RangeError it is, in a process with Node's default stack like
// the editor's. Bundled by esbuild at test time: node runner.cjs CASES.json INCLUDE_DIR

import { readFileSync } from 'node:fs';
import { compileToAssembly } from '../../../sim/toolchain/cc';
import { ToolchainError } from '../../../sim/toolchain/object';

export interface CompileCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
}

export type CompileOutcome =
  | { readonly kind: 'compiled'; readonly warnings: readonly string[] }
  /** A ToolchainError: `message` is what the user sees. */
  | { readonly kind: 'diagnosed'; readonly message: string }
  | { readonly kind: 'crashed'; readonly message: string };

export interface CompileReport {
  readonly index: number;
  readonly ms: number;
  readonly outcome: CompileOutcome;
}

function compile(c: CompileCase, includeDir: string): CompileOutcome {
  const host = {
    readFile(path: string): string | null {
      if (path === c.file) return c.text;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  };
  try {
    const result = compileToAssembly({ file: c.file, text: c.text, systemIncludeDirs: [includeDir], host });
    return { kind: 'compiled', warnings: result.warnings };
  } catch (e) {
    if (e instanceof ToolchainError) return { kind: 'diagnosed', message: e.message };
    const error = e instanceof Error ? e : new Error(String(e));
    // The innermost frames name the construct (for a stack overflow, the recursing rule).
    const frames = (error.stack ?? '').split('\n').slice(1, 4).map((f) => f.trim().replace(/^at (\S+).*/, '$1'));
    return { kind: 'crashed', message: `${error.name}: ${error.message} (in ${frames.join(' < ')})` };
  }
}

function main(): void {
  const [casesPath, includeDir] = process.argv.slice(2);
  const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as CompileCase[];
  cases.forEach((c, index) => {
    const started = performance.now();
    const outcome = compile(c, includeDir);
    const report: CompileReport = { index, ms: Math.round(performance.now() - started), outcome };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  });
}

if (require.main === module) main();
