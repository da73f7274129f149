// What the Problems view shows for a C or assembly file: the file compiled (or assembled) by
// oslab's own toolchain in-process, and every error and warning turned into a plain record with
// a column range. Nothing here imports `vscode`, so the tests check it without an editor; the
// DiagnosticCollection glue is diagnostics.ts. Errors arrive structured (CompileErrors and
// AssemblyErrors carry ToolchainErrors); warnings only as gcc-formatted text, so those are parsed.

import { dirname, isAbsolute, resolve } from 'node:path';
import { AssemblyErrors } from '../sim/toolchain/asm';
import { CompileErrors, type CompilerHost } from '../sim/toolchain/cc';
import { assembleFile, compileFile, inputKind, type Sysroot } from '../sim/toolchain/driver';
import { ToolchainError } from '../sim/toolchain/object';

export type ProblemSeverity = 'error' | 'warning';

/** One diagnostic; lines and columns are 1-based, `endColumn` exclusive, as the compiler counts them. */
export interface SourceProblem {
  /** Absolute host path of the file the problem is in (the checked file or a header it includes). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly severity: ProblemSeverity;
  readonly message: string;
}

export interface CheckOptions {
  /** Reads `#include`d files (the editor's unsaved buffers first, then the disk). */
  readonly host: CompilerHost;
  /** oslab's libc headers; without them `<stdio.h>` is not found. */
  readonly sysroot?: Sysroot;
}

/**
 * Whether oslab's toolchain can check this file on its own: C sources and `.s` assembly. Not
 * headers, which often rely on what their includer included first; their problems show when a
 * `.c` file that includes them is checked.
 */
export function isCheckable(path: string): boolean {
  const kind = inputKind(path);
  return (kind === 'c' && !path.endsWith('.h')) || kind === 'assembly';
}

/** Compiles (C) or assembles (`.s`) one file whose text is given, and returns everything it reported. */
export function checkSource(path: string, text: string, options: CheckOptions): SourceProblem[] {
  const file = { path, bytes: new TextEncoder().encode(text) };
  const warnings: string[] = [];
  try {
    if (inputKind(path) === 'assembly') assembleFile(file);
    else compileFile(file, { host: options.host, sysroot: options.sysroot, onWarning: (w) => warnings.push(w) });
  } catch (e) {
    return [...parsedWarnings(warnings, path), ...problemsFromError(e, path)];
  }
  return parsedWarnings(warnings, path);
}

/** The problems a toolchain failure carries; anything else is the compiler's own bug, shown at line 1. */
export function problemsFromError(error: unknown, checkedFile: string): SourceProblem[] {
  if (!(error instanceof ToolchainError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return [{ file: checkedFile, line: 1, column: 1, endColumn: 1, severity: 'error', message: `oslab's compiler failed on this file (a bug in oslab, please report it): ${detail}` }];
  }
  const errors = error instanceof CompileErrors || error instanceof AssemblyErrors ? error.errors : [error];
  return errors.map((e) => problemAt(resolveAgainst(checkedFile, e.file), e.line, e.column, 'error', e.detail, e.sourceLine));
}

function parsedWarnings(warnings: readonly string[], checkedFile: string): SourceProblem[] {
  return warnings.flatMap((text) => {
    const problem = parseDiagnosticText(text);
    return problem ? [{ ...problem, file: resolveAgainst(checkedFile, problem.file) }] : [];
  });
}

const DIAGNOSTIC_HEAD = /^(.+?):(\d+):(\d+): (error|warning): (.*)$/;

/**
 * Parses one gcc-style diagnostic as the toolchain formats it: `file:line:col: severity: message`,
 * optionally followed by the source line and a caret line, which give the range its width.
 */
export function parseDiagnosticText(text: string): SourceProblem | null {
  const [head, sourceLine] = text.split('\n');
  const match = DIAGNOSTIC_HEAD.exec(head);
  if (!match) return null;
  const [, file, line, column, severity, message] = match;
  return problemAt(file, Number(line), Number(column), severity === 'error' ? 'error' : 'warning', message, sourceLine);
}

function problemAt(file: string, line: number, column: number, severity: ProblemSeverity, message: string, sourceLine: string | undefined): SourceProblem {
  const start = Math.max(1, column);
  return { file, line: Math.max(1, line), column: start, endColumn: tokenEnd(sourceLine, start), severity, message };
}

/**
 * Where the squiggle ends: over the whole identifier or number the column points into, else
 * over one character, so that the problem is visible without guessing the compiler's intent.
 */
export function tokenEnd(sourceLine: string | undefined, column: number): number {
  if (sourceLine === undefined || column > sourceLine.length) return column;
  const word = /[A-Za-z0-9_]/;
  let end = column - 1;
  if (!word.test(sourceLine[end])) return column + 1;
  while (end < sourceLine.length && word.test(sourceLine[end])) end++;
  return end + 1;
}

// The compiler names headers by the path it opened; a relative one is relative to the checked file's folder.
function resolveAgainst(checkedFile: string, file: string): string {
  if (isAbsolute(file)) return file;
  return resolve(dirname(checkedFile), file);
}
