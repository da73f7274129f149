// Phase 5: settling fixups once every label is placed, with llvm-mc's rules (relaxation off):
//  - a pc-relative fixup (branch, jal, call, %pcrel_hi) whose target is a local label in the
//    same section is resolved here and leaves no relocation; anything else (another section,
//    a global or weak symbol, an undefined one) becomes a relocation against the symbol itself;
//  - %pcrel_lo(label) follows its %pcrel_hi at `label`: resolved if that one was, else an
//    R_RISCV_PCREL_LO12_I/S against the label;
//  - absolute fixups (%hi, %lo, .word sym) are relocations unless the value is a constant;
//    a label difference in one section folds to a constant;
//  - ADD/SUB pairs (chosen by the data directives) are always relocations.
// Relocations always name the symbol (never section+offset), so temporaries they name are kept.

import type { AsmContext } from './context';
import { fail, StatementError } from './diagnostics';
import { evaluate, isPlaced } from './eval';
import type { AsmSymbol, Fixup, FixupKind, SectionState, Value } from './model';
import { R_RISCV } from '../relocations';
import { readWord, writeValue, writeWord } from './sections';

/** A relocation whose symbol is not numbered yet (the symbol table is built afterwards). */
export interface PendingRelocation {
  readonly offset: number;
  readonly type: number;
  readonly symbol: AsmSymbol;
  readonly addend: number;
}

const RELOCATION_TYPE: Readonly<Record<FixupKind, number>> = {
  branch: R_RISCV.BRANCH, jal: R_RISCV.JAL, call: R_RISCV.CALL, call_plt: R_RISCV.CALL_PLT,
  hi20: R_RISCV.HI20, lo12_i: R_RISCV.LO12_I, lo12_s: R_RISCV.LO12_S,
  pcrel_hi20: R_RISCV.PCREL_HI20, pcrel_lo12_i: R_RISCV.PCREL_LO12_I, pcrel_lo12_s: R_RISCV.PCREL_LO12_S,
  got_hi20: R_RISCV.GOT_HI20, tls_ie_hi20: R_RISCV.TLS_GOT_HI20, tls_gd_hi20: R_RISCV.TLS_GD_HI20,
  tprel_hi20: R_RISCV.TPREL_HI20, tprel_lo12_i: R_RISCV.TPREL_LO12_I, tprel_lo12_s: R_RISCV.TPREL_LO12_S, tprel_add: R_RISCV.TPREL_ADD,
  data8: R_RISCV.NONE, data16: R_RISCV.NONE, data32: R_RISCV[32], data64: R_RISCV[64],
  add8: R_RISCV.ADD8, add16: R_RISCV.ADD16, add32: R_RISCV.ADD32, add64: R_RISCV.ADD64,
  sub8: R_RISCV.SUB8, sub16: R_RISCV.SUB16, sub32: R_RISCV.SUB32, sub64: R_RISCV.SUB64,
};

const PC_RELATIVE: ReadonlySet<FixupKind> = new Set<FixupKind>(['branch', 'jal', 'call', 'call_plt', 'pcrel_hi20']);
const ALWAYS_RELOCATED: ReadonlySet<FixupKind> = new Set<FixupKind>([
  'got_hi20', 'tls_ie_hi20', 'tls_gd_hi20', 'tprel_hi20', 'tprel_lo12_i', 'tprel_lo12_s', 'tprel_add',
]);
const DATA_SIZE: Partial<Record<FixupKind, number>> = {
  data8: 1, data16: 2, data32: 4, data64: 8, add8: 1, add16: 2, add32: 4, add64: 8, sub8: 1, sub16: 2, sub32: 4, sub64: 8,
};

// Immediate fields of the instruction formats, from a value already range-checked.
const iField = (v: number) => (v & 0xfff) << 20;
const sField = (v: number) => (((v >> 5) & 0x7f) << 25) | ((v & 0x1f) << 7);
const bField = (v: number) => (((v >> 12) & 1) << 31) | (((v >> 5) & 0x3f) << 25) | (((v >> 1) & 0xf) << 8) | (((v >> 11) & 1) << 7);
const jField = (v: number) => (((v >> 20) & 1) << 31) | (((v >> 1) & 0x3ff) << 21) | (((v >> 11) & 1) << 20) | (((v >> 12) & 0xff) << 12);
const uField = (v: number) => (v & 0xfffff) << 12;
const hi20 = (v: number) => ((v + 0x800) >> 12) & 0xfffff;
const lo12 = (v: number) => (v << 20) >> 20;

/** The pc-relative offset a resolved %pcrel_hi computed, by "section:offset" of its auipc. */
type HiResults = Map<string, number | null>;

/**
 * `alias = label + c` (.set/.equ/=) names a place, and llvm-mc treats it as a symbol of its own
 * there, with its own binding: a local alias is resolved like a local label, and relocations name
 * the alias. So before fixups are settled, such variables become labels.
 */
export function materializeAliases(ctx: AsmContext): void {
  for (const symbol of ctx.allSymbols) {
    if (symbol.state !== 'variable' || !symbol.variable) continue;
    let v: Value;
    try {
      v = evaluate(ctx, symbol.variable);
    } catch (e) {
      if (!(e instanceof StatementError)) throw e;
      ctx.diag.error(e.loc, e.detail);
      continue;
    }
    if (!v.sym || v.sub || !isPlaced(v.sym) || !v.sym.section) continue;
    symbol.section = v.sym.section;
    symbol.offset = v.sym.offset + Number(v.addend);
  }
  // Only now (all values computed from the old definitions) do they turn into labels.
  for (const symbol of ctx.allSymbols) {
    if (symbol.state === 'variable' && symbol.section) {
      symbol.state = 'label';
      symbol.variable = null;
    }
  }
}

export function resolveFixups(ctx: AsmContext): Map<SectionState, PendingRelocation[]> {
  const relocations = new Map<SectionState, PendingRelocation[]>();
  const hiResults = pcrelHiResults(ctx);
  for (const section of ctx.sections) {
    const list: PendingRelocation[] = [];
    for (const fixup of section.fixups) {
      try {
        resolveOne(ctx, section, fixup, list, hiResults);
      } catch (e) {
        if (!(e instanceof StatementError)) throw e;
        ctx.diag.error(e.loc, e.detail);
      }
    }
    if (list.length) relocations.set(section, list);
  }
  return relocations;
}

// A relocation must name a symbol that exists; temporaries that never got defined are errors.
function relocationTarget(symbol: AsmSymbol, fixup: Fixup): AsmSymbol {
  if (symbol.state === 'undefined' && symbol.temporary) {
    if (symbol.numericLabel !== null) fail(fixup.loc, `directional label undefined: no '${symbol.numericLabel}:' after this '${symbol.numericLabel}f'`);
    fail(fixup.loc, `undefined temporary symbol '${symbol.name}'`);
  }
  symbol.usedInReloc = true;
  return symbol;
}

function isLocalTo(symbol: AsmSymbol, section: SectionState): boolean {
  return isPlaced(symbol) && symbol.section === section && symbol.binding !== 'global' && symbol.binding !== 'weak';
}

// What each %pcrel_hi / %got_pcrel_hi resolves to (null: it needs a relocation), computed
// before anything else so that a %pcrel_lo can precede its %pcrel_hi in the file.
function pcrelHiResults(ctx: AsmContext): HiResults {
  const results: HiResults = new Map();
  for (const section of ctx.sections) {
    for (const fixup of section.fixups) {
      if (fixup.kind !== 'pcrel_hi20' && fixup.kind !== 'got_hi20') continue;
      let delta: number | null = null;
      try {
        const v = evaluate(ctx, fixup.expr);
        if (fixup.kind === 'pcrel_hi20' && v.sym && !v.sub && isLocalTo(v.sym, section)) delta = v.sym.offset + Number(v.addend) - fixup.offset;
      } catch (e) {
        if (!(e instanceof StatementError)) throw e; // reported when the fixup itself is resolved
      }
      results.set(`${section.index}:${fixup.offset}`, delta);
    }
  }
  return results;
}

function resolveOne(ctx: AsmContext, section: SectionState, fixup: Fixup, out: PendingRelocation[], hiResults: HiResults): void {
  const value = evaluate(ctx, fixup.expr);
  const kind = fixup.kind;
  const relocate = (symbol: AsmSymbol, addend: bigint, type = RELOCATION_TYPE[kind]) =>
    out.push({ offset: fixup.offset, type, symbol: relocationTarget(symbol, fixup), addend: Number(BigInt.asIntN(32, addend)) });

  if (kind.startsWith('add') || kind.startsWith('sub')) {
    if (!value.sym || value.sub) fail(fixup.loc, 'expected a symbol');
    relocate(value.sym, value.addend);
    return;
  }
  if (kind === 'pcrel_lo12_i' || kind === 'pcrel_lo12_s') {
    resolvePcrelLo(section, fixup, value, hiResults, relocate);
    return;
  }
  if (value.sub) {
    fail(fixup.loc, value.sym && isPlaced(value.sym) && isPlaced(value.sub) ? 'cannot represent a difference across sections' : 'expression must be a symbol plus a constant');
  }
  const size = DATA_SIZE[kind];
  if (size !== undefined) {
    resolveData(section, fixup, value, size, relocate);
    return;
  }
  if (ALWAYS_RELOCATED.has(kind)) {
    if (!value.sym) fail(fixup.loc, 'expected a symbol');
    relocate(value.sym, value.addend);
    return;
  }
  if (PC_RELATIVE.has(kind)) {
    if (value.sym && !isLocalTo(value.sym, section)) {
      relocate(value.sym, value.addend);
      return;
    }
    if (!value.sym && kind === 'pcrel_hi20') fail(fixup.loc, 'expected a symbol');
    const delta = value.sym ? value.sym.offset + Number(value.addend) - fixup.offset : Number(value.addend);
    patchPcRelative(section, fixup, delta);
    return;
  }
  // %hi / %lo of a symbol: relocation; of a constant: fold.
  if (value.sym) {
    relocate(value.sym, value.addend);
    return;
  }
  const v = Number(BigInt.asIntN(32, value.addend));
  const word = readWord(section, fixup.offset);
  if (kind === 'hi20') writeWord(section, fixup.offset, word | uField(hi20(v)));
  else if (kind === 'lo12_i') writeWord(section, fixup.offset, word | iField(lo12(v)));
  else if (kind === 'lo12_s') writeWord(section, fixup.offset, word | sField(lo12(v)));
}

function resolveData(section: SectionState, fixup: Fixup, value: Value, size: number, relocate: (s: AsmSymbol, a: bigint, t?: number) => void): void {
  if (value.sym) {
    if (size === 4) relocate(value.sym, value.addend, R_RISCV[32]);
    else if (size === 8) relocate(value.sym, value.addend, R_RISCV[64]);
    else fail(fixup.loc, `a ${size * 8}-bit value cannot refer to a symbol (no such relocation)`);
    return;
  }
  const bits = BigInt(size * 8);
  if (size < 8 && (value.addend < -(1n << (bits - 1n)) || value.addend >= 1n << bits)) {
    fail(fixup.loc, `value ${value.addend} is out of range for a ${size}-byte field`);
  }
  writeValue(section, fixup.offset, value.addend, size);
}

function patchPcRelative(section: SectionState, fixup: Fixup, delta: number): void {
  const word = readWord(section, fixup.offset);
  const check = (bits: number, what: string) => {
    const limit = 2 ** (bits - 1);
    if (delta < -limit || delta >= limit) fail(fixup.loc, `fixup value out of range: ${what} offset ${delta} is not in [${-limit}, ${limit - 2}]`);
    if (delta % 2 !== 0) fail(fixup.loc, `fixup value must be 2-byte aligned: ${what} offset ${delta}`);
  };
  switch (fixup.kind) {
    case 'branch':
      check(13, 'branch');
      writeWord(section, fixup.offset, word | bField(delta));
      return;
    case 'jal':
      check(21, 'jump');
      writeWord(section, fixup.offset, word | jField(delta));
      return;
    case 'call':
    case 'call_plt': {
      if (delta < -(2 ** 31) || delta >= 2 ** 31) fail(fixup.loc, `fixup value out of range: call offset ${delta}`);
      writeWord(section, fixup.offset, word | uField(hi20(delta)));
      const jalr = readWord(section, fixup.offset + 4);
      writeWord(section, fixup.offset + 4, jalr | iField(lo12(delta)));
      return;
    }
    default:
      writeWord(section, fixup.offset, word | uField(hi20(delta)));
  }
}

function resolvePcrelLo(section: SectionState, fixup: Fixup, value: Value, hiResults: HiResults, relocate: (s: AsmSymbol, a: bigint) => void): void {
  const label = value.sym;
  const key = label && isPlaced(label) && label.section ? `${label.section.index}:${label.offset + Number(value.addend)}` : '';
  if (!label || value.sub || !hiResults.has(key)) fail(fixup.loc, 'could not find corresponding %pcrel_hi');
  const delta = hiResults.get(key);
  if (delta === null || delta === undefined) {
    relocate(label, 0n);
    return;
  }
  const word = readWord(section, fixup.offset);
  const lo = lo12(delta);
  writeWord(section, fixup.offset, word | (fixup.kind === 'pcrel_lo12_s' ? sField(lo) : iField(lo)));
}
