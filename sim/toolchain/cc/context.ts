// The state of one compilation. Every phase receives this object and keeps nothing in module
// variables: the compiler runs inside a long-lived editor, compiling again and again, and no
// compilation may see another's macros, types, labels or files.

import { Diagnostics } from './diagnostics';
import type { SourceFile } from './token';

/** How the compiler reads files: the CLI reads the disk; the editor can serve unsaved buffers. */
export interface CompilerHost {
  /** The file's text, or null when it does not exist. */
  readFile(path: string): string | null;
}

export interface CompileOptions {
  /** The main file's path (as the user named it: diagnostics and __FILE__ use it). */
  readonly file: string;
  /** The main file's text; read through the host when absent. */
  readonly text?: string;
  /** -I directories, searched for `#include "…"` (after the including file's directory) and `<…>`. */
  readonly includeDirs?: readonly string[];
  /** oslab's libc headers (searched last, for both forms; headers found here are system headers). */
  readonly systemIncludeDirs?: readonly string[];
  /** -D NAME[=VALUE] (value "1" when absent) in command-line order. */
  readonly defines?: readonly { readonly name: string; readonly value?: string }[];
  /** -U NAME, applied after the defines. */
  readonly undefines?: readonly string[];
  /** -g: `.loc` line rows and .debug_info. */
  readonly debug?: boolean;
  /** DW_AT_comp_dir (the working directory the paths are relative to). */
  readonly compDir?: string;
  readonly host: CompilerHost;
}

export class CompileContext {
  readonly diag = new Diagnostics();
  readonly files: SourceFile[] = [];
  /** DWARF line-table file numbers (1-based, DWARF 4), in first-use order. */
  readonly lineTableFiles: SourceFile[] = [];
  private labelCounter = 0;

  constructor(readonly options: CompileOptions) {}

  /** Records a file the preprocessor opened; ids number files in opening order. */
  addFile(name: string, path: string, text: string, system: boolean): SourceFile {
    const file: SourceFile = { name, path, text, id: this.files.length + 1, system };
    this.files.push(file);
    return file;
  }

  /** The `.file N` number for a source file, assigned on first use. */
  lineTableFile(file: SourceFile): number {
    const index = this.lineTableFiles.indexOf(file);
    if (index >= 0) return index + 1;
    this.lineTableFiles.push(file);
    return this.lineTableFiles.length;
  }

  /** A fresh assembler-local label (`.L<prefix><n>`), unique within this compilation. */
  label(prefix: string): string {
    return `.L${prefix}${this.labelCounter++}`;
  }
}
