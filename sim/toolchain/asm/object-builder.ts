// Phase 6: the ObjectFile. Builds the symbol table the way llvm-mc's ELF writer does — the null
// symbol, STT_FILE symbols, then locals in creation order (non-temporary labels, `.set`
// constants as absolute symbols, and any temporary or section symbol a relocation names), then
// globals and weak symbols (defined, common, or undefined-but-referenced) — numbers the pending
// relocations against it, and copies out the section contents.

import type { ObjSection, ObjSymbol, ObjectFile, Relocation, SectionType } from '../object';
import type { AsmContext } from './context';
import { StatementError } from './diagnostics';
import { evaluate, isPlaced } from './eval';
import type { PendingRelocation } from './fixups';
import type { AsmSymbol, SectionKind, SectionState } from './model';

const SECTION_TYPES: Readonly<Record<SectionKind, SectionType>> = {
  progbits: 'progbits', nobits: 'nobits', note: 'note', 'riscv-attributes': 'riscv-attributes',
  init_array: 'other', fini_array: 'other', preinit_array: 'other',
};

type Placement = Pick<ObjSymbol, 'section' | 'value'>;

// Where a symbol ends up: its section and value, or null when it has no place (undefined).
function placement(ctx: AsmContext, symbol: AsmSymbol): Placement | null {
  switch (symbol.state) {
    case 'label':
    case 'section':
      return { section: (symbol.section as SectionState).index, value: symbol.offset };
    case 'common':
      return { section: 'common', value: symbol.common?.align ?? 1 };
    case 'variable': {
      if (!symbol.variable) return null;
      try {
        const v = evaluate(ctx, symbol.variable);
        if (!v.sym && !v.sub) return { section: 'abs', value: Number(BigInt.asUintN(32, v.addend)) };
        if (v.sym && !v.sub && isPlaced(v.sym) && v.sym.section) return { section: v.sym.section.index, value: v.sym.offset + Number(v.addend) };
      } catch (e) {
        if (!(e instanceof StatementError)) throw e;
        ctx.diag.error(e.loc, e.detail);
      }
      return null;
    }
    case 'undefined':
      return null;
  }
}

function symbolSize(ctx: AsmContext, symbol: AsmSymbol): number {
  if (symbol.state === 'common') return symbol.common?.size ?? 0;
  if (!symbol.size) return 0;
  try {
    const v = evaluate(ctx, symbol.size);
    if (!v.sym && !v.sub) return Number(BigInt.asUintN(32, v.addend));
    ctx.diag.error(symbol.size.loc, '.size expression must evaluate to a constant');
  } catch (e) {
    if (!(e instanceof StatementError)) throw e;
    ctx.diag.error(e.loc, e.detail);
  }
  return 0;
}

const isGlobal = (s: AsmSymbol) => s.binding === 'global' || s.binding === 'weak';

/** The symbol table and the index of each symbol in it. */
function buildSymbols(ctx: AsmContext): { symbols: ObjSymbol[]; index: Map<AsmSymbol, number> } {
  const symbols: ObjSymbol[] = [{ name: '', section: 'undef', value: 0, size: 0, binding: 'local', type: 'notype' }];
  const index = new Map<AsmSymbol, number>();
  for (const name of ctx.fileSymbols) symbols.push({ name, section: 'abs', value: 0, size: 0, binding: 'local', type: 'file' });
  const globals: AsmSymbol[] = [];
  const byOrder = (a: AsmSymbol, b: AsmSymbol) => (a.order < 0 ? Infinity : a.order) - (b.order < 0 ? Infinity : b.order) || a.id - b.id;
  for (const symbol of [...ctx.allSymbols].sort(byOrder)) {
    if (symbol.state === 'section') {
      if (!symbol.usedInReloc) continue;
      const section = symbol.section as SectionState;
      index.set(symbol, symbols.length);
      symbols.push({ name: section.name, section: section.index, value: 0, size: 0, binding: 'local', type: 'section' });
      continue;
    }
    if (isGlobal(symbol) || (symbol.state === 'undefined' && (symbol.referenced || symbol.usedInReloc) && !symbol.temporary) || (symbol.state === 'common' && symbol.binding !== 'local')) {
      globals.push(symbol);
      continue;
    }
    if (symbol.temporary && !symbol.usedInReloc) continue;
    const where = placement(ctx, symbol);
    if (!where) continue;
    index.set(symbol, symbols.length);
    symbols.push({ name: symbol.name, ...where, size: symbolSize(ctx, symbol), binding: 'local', type: symbol.type, hidden: symbol.hidden || undefined });
  }
  for (const symbol of globals) {
    const where = placement(ctx, symbol) ?? { section: 'undef' as const, value: 0 };
    index.set(symbol, symbols.length);
    symbols.push({
      name: symbol.name,
      ...where,
      size: symbolSize(ctx, symbol),
      binding: symbol.binding === 'weak' ? 'weak' : 'global',
      type: symbol.type,
      hidden: symbol.hidden || undefined,
    });
  }
  return { symbols, index };
}

export function buildObject(ctx: AsmContext, pending: Map<SectionState, PendingRelocation[]>): ObjectFile {
  const { symbols, index } = buildSymbols(ctx);
  const sections: ObjSection[] = ctx.sections.map((s) => {
    const relocations: Relocation[] = (pending.get(s) ?? []).map((r) => ({
      offset: r.offset,
      type: r.type,
      symbol: index.get(r.symbol) ?? 0,
      addend: r.addend,
    }));
    const flags = { alloc: s.flags.alloc, write: s.flags.write, exec: s.flags.exec, merge: s.flags.merge || undefined, strings: s.flags.strings || undefined };
    return {
      name: s.name,
      type: SECTION_TYPES[s.kind],
      flags,
      align: s.align,
      data: s.kind === 'nobits' ? new Uint8Array(0) : s.data.slice(0, s.size),
      size: s.size,
      entsize: s.entsize || undefined,
      relocations,
    };
  });
  return { name: ctx.options.file, sections, symbols, flags: 0 };
}
