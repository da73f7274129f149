// The preprocessor's state for one compilation and the token stream it reads: a stack of frames,
// one per open file (main file at the bottom, then nested #includes) and one per pending macro
// expansion above them. Reading pops exhausted expansions, so an expansion is rescanned together
// with the rest of the input as C11 6.10.3.4 requires; a macro whose frame is still open is not
// expanded again (gcc's and clang's "disabled macro" contexts). Reading also runs a directive
// whenever a `#` starts a line of a file. Nothing here is module-level: a compilation owns its macros and files.

import type { CompileContext } from './context';
import { CompileAbort, MAX_ERRORS } from './diagnostics';
import type { Macro } from './macro';
import type { SourceFile, SourceLocation } from './token';
import { makeToken, type PPToken } from './tokenize';

export interface Frame {
  readonly tokens: readonly PPToken[];
  pos: number;
  /** The file this frame reads, or null for a macro expansion (where `#` never starts a directive). */
  readonly file: SourceFile | null;
  /** The macro whose expansion this is: while its frame is open, the macro does not expand again. */
  readonly macro: string | null;
  /** How many conditionals were open when the file was entered (its own must all close in it). */
  readonly condDepth: number;
}

/** One open `#if` group. */
export interface Conditional {
  readonly loc: SourceLocation;
  /** Some branch of this #if…#endif has been taken, so later #elif/#else are skipped. */
  taken: boolean;
  sawElse: boolean;
  /** The file frame index the group was opened in. */
  readonly fileDepth: number;
}

/** A file read through the host, lexed once per compilation however often it is included. */
export interface LoadedFile {
  readonly file: SourceFile;
  readonly tokens: readonly PPToken[];
  /** The macro of a `#ifndef X … #endif` include guard around the whole file, if any. */
  readonly guard: string | null;
}

/** Runs the directive whose `#` the stream just consumed. */
export type DirectiveRunner = (state: PreprocessorState) => void;

export class PreprocessorState {
  readonly macros = new Map<string, Macro>();
  private readonly frames: Frame[] = [];
  /** How many frames each macro has open: a macro with any is disabled. */
  private readonly expanding = new Map<string, number>();
  readonly conditionals: Conditional[] = [];
  /** Normalised paths of files that said `#pragma once`. */
  readonly onceFiles = new Set<string>();
  /** Host reads and lexing by path (null: the host has no such file). */
  readonly loaded = new Map<string, LoadedFile | null>();
  /** Open file frames (1 while reading the main file). */
  fileDepth = 0;
  counter = 0;
  baseFile: SourceFile | null = null;
  /** How many expandAll calls are running inside one another (macro calls nested in arguments). */
  fragmentDepth = 0;
  /** An expansion to nothing had white space before it: the next token output gets it. */
  pendingSpace = false;
  /** The last token read from a file: the `)` of the macro call being rescanned, for `__LINE__`. */
  lastFileLoc: SourceLocation | null = null;
  /** Ends a fragment being expanded on its own (see expandAll); nothing else reads an 'eof' from a macro frame. */
  readonly fragmentEnd: PPToken;

  constructor(readonly ctx: CompileContext, private readonly runDirective: DirectiveRunner) {
    const nowhere: SourceFile = { name: '<fragment end>', path: '', text: '', id: 0, system: true };
    this.fragmentEnd = makeToken('eof', '', { file: nowhere, line: 1, column: 1 }, true, false);
  }

  pushFile(file: SourceFile, tokens: readonly PPToken[]): void {
    this.frames.push({ tokens, pos: 0, file, macro: null, condDepth: this.conditionals.length });
    this.fileDepth++;
  }

  /** Puts tokens in front of the rest of the input: `macro`'s expansion, to be rescanned, or a fragment to expand (null). */
  pushTokens(tokens: readonly PPToken[], macro: string | null): void {
    if (tokens.length === 0) return;
    this.frames.push({ tokens, pos: 0, file: null, macro, condDepth: this.conditionals.length });
    if (macro !== null) this.expanding.set(macro, (this.expanding.get(macro) ?? 0) + 1);
  }

  /** How many frames are open (to unwind to after an abandoned expansion). */
  get depth(): number {
    return this.frames.length;
  }

  /** Drops the expansion frames above `depth`, abandoning what they had left to read. */
  unwindTo(depth: number): void {
    while (this.frames.length > depth && this.frames[this.frames.length - 1].file === null) {
      const frame = this.frames.pop()!;
      if (frame.macro !== null) this.expanding.set(frame.macro, this.expanding.get(frame.macro)! - 1);
    }
  }

  /** Gives the innermost file's frame new tokens from its current position on (for #line). */
  replaceFileTokens(tokens: readonly PPToken[]): void {
    const frame = this.currentFileFrame();
    this.frames[this.frames.indexOf(frame)] = { ...frame, tokens };
  }

  /**
   * True while `name`'s expansion is still being read. A frame is popped only when a read finds it
   * exhausted, so the macro stays disabled for its expansion's last token, as in gcc and clang.
   */
  isExpanding(name: string): boolean {
    return (this.expanding.get(name) ?? 0) > 0;
  }

  /** The innermost open file's frame. */
  currentFileFrame(): Frame {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].file !== null) return this.frames[i];
    throw new Error('preprocessor: no open file');
  }

  /**
   * The next token, after running any directives before it. An included file's 'eof' is
   * returned once as its frame closes (so macro arguments cannot run past a file's end); the
   * main file's 'eof' is returned for ever.
   */
  next(): PPToken {
    const token = this.peek();
    const frame = this.frames[this.frames.length - 1];
    if (token.kind !== 'eof' || frame.file === null) {
      frame.pos++;
      if (frame.file !== null) this.lastFileLoc = token.loc;
    } else if (this.fileDepth > 1) {
      this.closeFile(frame);
    }
    return token;
  }

  /** The next token without consuming it (directives before it do run). */
  peek(): PPToken {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (frame.pos >= frame.tokens.length) {
        this.frames.pop();
        if (frame.macro !== null) this.expanding.set(frame.macro, this.expanding.get(frame.macro)! - 1);
        continue;
      }
      const token = frame.tokens[frame.pos];
      if (frame.file !== null && token.atLineStart && token.text === '#' && token.kind === 'punct') {
        frame.pos++;
        this.recover(() => this.runDirective(this));
        continue;
      }
      return token;
    }
  }

  /** The rest of the current directive's line, consumed. */
  readLine(): PPToken[] {
    const frame = this.currentFileFrame();
    const start = frame.pos;
    while (!frame.tokens[frame.pos].atLineStart) frame.pos++;
    return frame.tokens.slice(start, frame.pos) as PPToken[];
  }

  /** Runs `work`; an error it abandons with CompileAbort is recovered from, unless errors are too many. */
  recover(work: () => void): void {
    try {
      work();
    } catch (e) {
      if (!(e instanceof CompileAbort) || this.ctx.diag.errors.length >= MAX_ERRORS) throw e;
    }
  }

  // A file's end: its own conditionals must be closed (C11 6.10p1 wants each group in one file).
  private closeFile(frame: Frame): void {
    while (this.conditionals.length > frame.condDepth) {
      const open = this.conditionals.pop()!;
      this.ctx.diag.error(open.loc, 'unterminated conditional directive');
    }
    this.frames.pop();
    this.fileDepth--;
  }

  /** True once the main file's end is the next token (an include's end may come just before it). */
  atMainEnd(): boolean {
    const frame = this.frames[this.frames.length - 1];
    return this.frames.length === 1 && frame.tokens[frame.pos].kind === 'eof';
  }

  /** Reports unclosed conditionals of the main file (its eof is never popped). */
  finish(): void {
    for (const open of this.conditionals) this.ctx.diag.error(open.loc, 'unterminated conditional directive');
    this.conditionals.length = 0;
  }
}
