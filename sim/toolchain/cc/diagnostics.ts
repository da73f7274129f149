// How the compiler reports problems: gcc's `file:line:col: error: message`, the source line and
// a caret, via the toolchain's shared formatDiagnostic. Errors are collected so one run reports
// several where recovery is sane; `CompileErrors` (a ToolchainError) carries them all out of the
// compiler. Bad input must never escape as a JavaScript exception from any phase.

import { ToolchainError, formatDiagnostic } from '../object';
import type { SourceLocation } from './token';

/** Past this many errors the rest are mostly echoes of the first. */
export const MAX_ERRORS = 20;

/** Thrown inside a phase to abandon the current construct; the phase's recovery point catches it. */
export class CompileAbort extends Error {
  constructor() {
    super('compilation abandoned after an error');
  }
}

/** Every error of one compilation, in the order found; the first one's location is the error's own. */
export class CompileErrors extends ToolchainError {
  constructor(
    readonly errors: readonly ToolchainError[],
    readonly warnings: readonly string[],
  ) {
    const first = errors[0];
    super(first.file, first.line, first.column, first.detail, first.sourceLine);
    this.name = 'CompileErrors';
    this.message = [...warnings, ...errors.map((e) => e.message)].join('\n');
  }
}

export class Diagnostics {
  readonly errors: ToolchainError[] = [];
  readonly warnings: string[] = [];

  /** Records an error; throws CompileAbort once there are too many to be useful. */
  error(loc: SourceLocation, message: string): void {
    if (!this.errors.some((e) => e.file === loc.file.name && e.line === loc.line && e.column === loc.column && e.detail === message)) {
      this.errors.push(new ToolchainError(loc.file.name, loc.line, loc.column, message, sourceLine(loc)));
    }
    if (this.errors.length >= MAX_ERRORS) throw new CompileAbort();
  }

  /** Records an error and abandons the current construct (the caller's recovery point resumes). */
  fatal(loc: SourceLocation, message: string): never {
    this.error(loc, message);
    throw new CompileAbort();
  }

  warning(loc: SourceLocation, message: string): void {
    this.warnings.push(formatDiagnostic(loc.file.name, loc.line, loc.column, 'warning', message, sourceLine(loc)));
  }

  /** Throws everything collected so far if anything was an error. */
  throwIfAny(): void {
    if (this.errors.length > 0) throw new CompileErrors(this.errors, this.warnings);
  }
}

function sourceLine(loc: SourceLocation): string | undefined {
  const text = loc.file.text;
  let start = 0;
  for (let line = 1; line < loc.line; line++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}
