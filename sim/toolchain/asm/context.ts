// The per-run state of one `assemble` call: sections, symbols, the current section and its
// stack, numeric-label bookkeeping, `.option` state and the debug-line recorder. Every phase
// receives this object; there are no module-level variables, so an editor can assemble in a loop
// forever without one run seeing another's leftovers.

import type { DebugState } from './debug-line';
import { DiagnosticSink, type SourceLoc } from './diagnostics';
import type { AsmSymbol, SectionState } from './model';
import { createSection } from './sections';

export interface AssembleOptions {
  /** Source name for diagnostics, DW_AT_name and the line table. */
  readonly file: string;
  /** Like `-g`: emit a line table (one row per instruction) and a compile unit for this file.
   *  Ignored when the source carries its own `.loc` directives (compiler output). */
  readonly debugLines?: boolean;
  /** DW_AT_comp_dir for `debugLines` (llvm-mc uses the working directory); default ''. */
  readonly compDir?: string;
  /** DW_AT_producer for `debugLines`. */
  readonly producer?: string;
}

/** One numeric label (`1:`): how many times it has been defined, and its instances in order. */
interface NumericLabel {
  defined: number;
  readonly instances: AsmSymbol[];
}

export interface AsmContext {
  readonly options: AssembleOptions;
  readonly diag: DiagnosticSink;
  readonly sections: SectionState[];
  readonly sectionsByName: Map<string, SectionState>;
  current: SectionState;
  /** The section before the last switch, for `.previous`. */
  previous: SectionState | null;
  readonly sectionStack: { current: SectionState; previous: SectionState | null }[];
  /** Named symbols (including `.L` temporaries); unnamed temporaries live only in `allSymbols`. */
  readonly symbols: Map<string, AsmSymbol>;
  readonly allSymbols: AsmSymbol[];
  readonly numericLabels: Map<number, NumericLabel>;
  /** Counters for the names LLVM gives its temporaries (.Ltmp0, .Lpcrel_hi0, ...). */
  tmpCount: number;
  pcrelCount: number;
  /** Next `AsmSymbol.order` to hand out. */
  registered: number;
  /** `.option pic`: `la` loads through the GOT. */
  pic: boolean;
  readonly optionStack: boolean[];
  /** `.file "name"` directives, for STT_FILE symbols. */
  readonly fileSymbols: string[];
  /** Where the statement being assembled starts (diagnostics). */
  loc: SourceLoc;
  /** The source line -g attributes the statement to (a macro's lines count as its invocation). */
  statementLine: number;
  /** The line -g gives a label defined by this statement (its line within a macro expansion). */
  labelLine: number;
  debug: DebugState;
}

export function createContext(options: AssembleOptions, sourceLines: readonly string[], debug: DebugState): AsmContext {
  const ctx: Omit<AsmContext, 'current'> & { current: SectionState | null } = {
    options,
    diag: new DiagnosticSink(options.file, sourceLines),
    sections: [],
    sectionsByName: new Map(),
    current: null,
    previous: null,
    sectionStack: [],
    symbols: new Map(),
    allSymbols: [],
    numericLabels: new Map(),
    tmpCount: 0,
    pcrelCount: 0,
    registered: 0,
    pic: false,
    optionStack: [],
    fileSymbols: [],
    loc: { line: 1, col: 1 },
    statementLine: 1,
    labelLine: 1,
    debug,
  };
  const text = createSection(ctx as AsmContext, '.text', null, null, 0);
  text.align = 4; // llvm-mc starts .text 4-aligned; other sections start at 1
  ctx.current = text;
  return ctx as AsmContext;
}

/** The numeric label record for `n`, created on first use. */
export function numericLabel(ctx: AsmContext, n: number): NumericLabel {
  let label = ctx.numericLabels.get(n);
  if (!label) {
    label = { defined: 0, instances: [] };
    ctx.numericLabels.set(n, label);
  }
  return label;
}
