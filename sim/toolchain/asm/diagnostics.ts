// How the assembler reports problems. Every error carries a source location and is formatted by
// the toolchain's shared `formatDiagnostic` (file:line:col, the source line, a caret). The
// assembler does not stop at the first error: each statement that fails is recorded and skipped,
// and at the end all of them are thrown together as one `AssemblyErrors` (a `ToolchainError`
// whose location is the first error's, so callers that only know `ToolchainError` still work).

import { ToolchainError, formatDiagnostic } from '../object';

/** A position in the source: 1-based line and column. */
export interface SourceLoc {
  readonly line: number;
  readonly col: number;
}

/** Thrown inside a phase to abandon the current statement; caught by the statement loop. */
export class StatementError extends Error {
  constructor(
    readonly loc: SourceLoc,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Every error of one `assemble` call; `errors` holds them in source order. */
export class AssemblyErrors extends ToolchainError {
  constructor(readonly errors: readonly ToolchainError[]) {
    const first = errors[0];
    super(first.file, first.line, first.column, first.detail, first.sourceLine);
    this.name = 'AssemblyErrors';
    this.message = errors.map((e) => e.message).join('\n');
  }
}

/** Stops collecting after this many errors: past that point they are mostly echoes. */
export const MAX_ERRORS = 50;

/** Collects errors and warnings for one run, formatting them against the source lines. */
export class DiagnosticSink {
  readonly errors: ToolchainError[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly file: string,
    private readonly sourceLines: readonly string[],
  ) {}

  error(loc: SourceLoc, message: string): void {
    if (this.errors.length >= MAX_ERRORS) return;
    if (this.errors.some((e) => e.line === loc.line && e.column === loc.col && e.detail === message)) return;
    this.errors.push(new ToolchainError(this.file, loc.line, loc.col, message, this.sourceLines[loc.line - 1]));
  }

  warning(loc: SourceLoc, message: string): void {
    this.warnings.push(formatDiagnostic(this.file, loc.line, loc.col, 'warning', message, this.sourceLines[loc.line - 1]));
  }

  /** Throws everything collected so far, sorted by position, if anything went wrong. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const sorted = [...this.errors].sort((a, b) => a.line - b.line || a.column - b.column);
    throw new AssemblyErrors(sorted);
  }
}

/** Abandons the current statement with an error at `loc`. */
export function fail(loc: SourceLoc, message: string): never {
  throw new StatementError(loc, message);
}
