// The debugger's entry point to a program's DWARF: load an executable once, then ask where a pc
// is in the source (lineForAddress, functionAt), where a line breakpoint goes
// (addressesForLine), which variables are visible at a pc (scopesAt, innermost first) and where
// each lives in the stopped machine (locate). Units are decoded lazily, the first time a query
// touches them; corrupt DWARF surfaces as a DwarfError from the query that met it.

import { DwarfFile } from './dwarf';
import { EvalError, evaluateLocation, evaluateValue, type EvalContext, type ExprMachine, type Location } from './eval';
import { CallFrameInfo, cfaOf, type UnwoundFrame } from './frame';
import type { Unit } from './info';
import type { LineRow } from './line';
import { LineIndex, type LineLocation } from './line-index';
import type { PcRange } from './lists';
import { buildUnitModel, type Block, type FunctionInfo, type LocationDescription, type UnitModel, type Variable } from './model';
import { TypeBuilder, type CType } from './types';

/** A stopped frame as location expressions see it: its pc, registers (as unwound) and memory. */
export interface Frame extends ExprMachine {
  readonly pc: number;
  /** The canonical frame address, if the unwinder knows it (DW_OP_call_frame_cfa); else .debug_frame is used. */
  cfa?(): number;
}

/** The variables of one lexical scope at a pc. */
export interface Scope {
  /** 'function' for the outermost scope of a function: its parameters, then its top-level locals. */
  readonly kind: 'function' | 'block';
  readonly ranges: readonly PcRange[];
  readonly variables: readonly Variable[];
  readonly function: FunctionInfo;
}

export class DebugInfo {
  readonly types = new TypeBuilder();
  private readonly models = new Map<Unit, UnitModel>();
  private lineIndex: LineIndex | undefined;
  private cfi: CallFrameInfo | undefined;
  private unitRanges: { low: number; high: number; unit: Unit }[] | undefined;
  private unitsWithoutRanges: Unit[] = [];

  constructor(readonly dwarf: DwarfFile) {}

  /** True when the executable has any DWARF units. */
  get hasDebugInfo(): boolean {
    return this.dwarf.units.length > 0;
  }

  // --- Lines -------------------------------------------------------------------------------

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.dwarf.allLineTables());
    return this.lineIndex;
  }

  /** The line-table row covering pc (line 0: compiler-generated code with no source line). */
  lineForAddress(pc: number): LineRow | undefined {
    return this.lines.rowAt(pc);
  }

  /** The address range of pc's source line (see LineIndex.lineRangeAt): what "next" steps through. */
  lineRangeAt(pc: number): { low: number; high: number; row: LineRow } | undefined {
    return this.lines.lineRangeAt(pc);
  }

  /** Breakpoint addresses for a source line (see LineIndex.locationsForLine). */
  addressesForLine(file: string, line: number): number[] {
    return this.lines.addressesForLine(file, line);
  }

  locationsForLine(file: string, line: number): LineLocation[] {
    return this.lines.locationsForLine(file, line);
  }

  /** Source files with code, as full normalised paths. */
  sourceFiles(): string[] {
    return this.lines.files();
  }

  // --- Functions and scopes ----------------------------------------------------------------

  /** The model of one unit (built on first use). */
  unitModel(unit: Unit): UnitModel {
    let m = this.models.get(unit);
    if (!m) {
      m = buildUnitModel(this.dwarf, unit, this.types);
      this.models.set(unit, m);
    }
    return m;
  }

  /** Models of every compile unit (decodes them all). */
  unitModels(): UnitModel[] {
    return this.dwarf.compileUnits.map((u) => this.unitModel(u));
  }

  functions(): FunctionInfo[] {
    return this.unitModels().flatMap((m) => m.functions);
  }

  /** Functions with this name (several `static` functions may share one). */
  functionsNamed(name: string): FunctionInfo[] {
    return this.functions().filter((f) => f.name === name);
  }

  /** The function whose code contains pc. */
  functionAt(pc: number): FunctionInfo | undefined {
    for (const unit of this.unitsAt(pc)) {
      const fns = this.unitModel(unit).functions; // sorted by low
      let lo = 0;
      let hi = fns.length - 1;
      let last = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (fns[mid].low <= pc) {
          last = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // Functions rarely overlap; a few steps back cover one split into ranges around another.
      for (let i = last; i >= 0 && i > last - 8; i--) {
        const fn = fns[i];
        if (pc < fn.high && fn.ranges.some((r) => pc >= r.low && pc < r.high)) return fn;
      }
    }
    return undefined;
  }

  /** The scopes visible at pc, innermost first, ending with the function's own scope; [] outside known functions. */
  scopesAt(pc: number): Scope[] {
    const fn = this.functionAt(pc);
    if (!fn) return [];
    const chain: Block[] = [];
    let block: Block | undefined = fn.body;
    while (block) {
      const inner: Block | undefined = block.blocks.find((b) => b.ranges.some((r) => pc >= r.low && pc < r.high));
      if (inner) chain.push(inner);
      block = inner;
    }
    const scopes: Scope[] = chain.reverse().map((b) => ({ kind: 'block', ranges: b.ranges, variables: b.variables, function: fn }));
    scopes.push({ kind: 'function', ranges: fn.ranges, variables: [...fn.parameters, ...fn.body.variables], function: fn });
    return scopes;
  }

  /** Unit-level variables (externals and file statics) of every unit. */
  globals(): Variable[] {
    return this.unitModels().flatMap((m) => m.variables);
  }

  // --- Locations ---------------------------------------------------------------------------

  /** Where a variable lives in a stopped frame (for a global or static, any frame will do). */
  locate(v: Variable, frame: Frame): Location {
    const expr = exprAt(v.location, frame.pc);
    if (expr instanceof Uint8Array) return evaluateLocation(expr, this.evalContext(v.unit, v.function, frame));
    return expr;
  }

  /** The frame base of a function in a frame (the value of s0 for clang -O0). */
  frameBase(fn: FunctionInfo, frame: Frame): number {
    const expr = exprAt(fn.frameBase, frame.pc);
    if (!(expr instanceof Uint8Array)) throw new EvalError(`${fn.name} has no frame base at 0x${frame.pc.toString(16)}`);
    return evaluateValue(expr, this.evalContext(fn.unit, undefined, frame));
  }

  private evalContext(unit: Unit, fn: FunctionInfo | undefined, frame: Frame): EvalContext {
    return {
      machine: frame,
      addressSize: unit.addressSize,
      addressAt: (i) => unit.addressAt(i),
      frameBase: fn ? () => this.frameBase(fn, frame) : undefined,
      cfa: () => this.cfa(frame),
    };
  }

  // --- Unwinding --------------------------------------------------------------------------

  /** The .debug_frame call frame information (parsed on first use). */
  get callFrames(): CallFrameInfo {
    this.cfi ??= new CallFrameInfo(this.dwarf.sections.frame);
    return this.cfi;
  }

  /** The canonical frame address of a frame: the frame's own answer, else the CFI's. */
  cfa(frame: Frame): number {
    if (frame.cfa) return frame.cfa();
    const row = this.callFrames.rowAt(frame.pc);
    if (!row) throw new EvalError(`no call frame information covers 0x${frame.pc.toString(16)}`);
    return cfaOf(row, frame);
  }

  /** The caller of a stopped frame by its CFI (undefined where none covers pc, e.g. in _start). */
  unwind(frame: Frame): UnwoundFrame | undefined {
    return this.callFrames.unwind(frame);
  }

  // --- Whole-program check -----------------------------------------------------------------

  /**
   * Decodes everything: every unit, line table, function, variable and type reachable from
   * them. Throws the first DwarfError; for a launch-time check, and for tests.
   */
  check(): void {
    void this.lines.files();
    void this.callFrames;
    const seen = new Set<CType>();
    const visit = (t: CType): void => {
      const stack = [t];
      while (stack.length > 0) {
        const x = stack.pop();
        if (!x || seen.has(x)) continue;
        seen.add(x);
        if (x.kind === 'pointer' || x.kind === 'qualified' || x.kind === 'typedef') stack.push(x.target);
        else if (x.kind === 'array') stack.push(x.element);
        else if (x.kind === 'struct' || x.kind === 'union') for (const m of x.members) stack.push(m.type);
        else if (x.kind === 'enum' && x.underlying) stack.push(x.underlying);
        else if (x.kind === 'function') stack.push(x.returnType, ...x.params);
      }
    };
    const blocks = (b: Block): void => {
      for (const v of b.variables) visit(v.type);
      b.blocks.forEach(blocks);
    };
    for (const m of this.unitModels()) {
      for (const v of m.variables) visit(v.type);
      for (const fn of m.functions) {
        visit(fn.returnType);
        for (const p of fn.parameters) visit(p.type);
        blocks(fn.body);
      }
      for (const die of m.unit.dies) die.ranges();
    }
  }

  /** Units whose code ranges contain pc, then units that state no ranges (checked by their functions). */
  private unitsAt(pc: number): Unit[] {
    if (!this.unitRanges) {
      const ranges: { low: number; high: number; unit: Unit }[] = [];
      const without: Unit[] = [];
      for (const unit of this.dwarf.compileUnits) {
        const rs = unit.root.ranges();
        if (rs.length === 0) without.push(unit);
        for (const r of rs) ranges.push({ ...r, unit });
      }
      this.unitsWithoutRanges = without;
      this.unitRanges = ranges.sort((a, b) => a.low - b.low);
    }
    const hits = this.unitRanges.filter((r) => pc >= r.low && pc < r.high).map((r) => r.unit);
    return [...new Set(hits), ...this.unitsWithoutRanges];
  }
}

/** Reads the DWARF of an ELF executable. Throws ElfError/DwarfError for a corrupt file. */
export function loadDebugInfo(elf: Uint8Array): DebugInfo {
  return new DebugInfo(DwarfFile.fromElf(elf));
}

/** The expression of a location description valid at pc, or the location it already is. */
function exprAt(loc: LocationDescription, pc: number): Uint8Array | Location {
  switch (loc.kind) {
    case 'expr':
      return loc.expr;
    case 'list': {
      const e = loc.entries.find((x) => pc >= x.low && pc < x.high);
      return e ? (e.expr.length > 0 ? e.expr : { kind: 'unavailable' }) : { kind: 'unavailable' };
    }
    case 'const':
      return { kind: 'implicit', bytes: loc.bytes };
    case 'none':
      return { kind: 'unavailable' };
  }
}
