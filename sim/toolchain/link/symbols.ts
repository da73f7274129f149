// Symbol resolution: each loaded file's global and weak symbols meet in one table. A strong
// definition beats a common block, which beats a weak definition; two strong definitions are a
// "duplicate symbol" error naming both files; common blocks merge to the largest size and
// alignment. A shared library's objects also keep their own definitions (`libraryDef`), which
// they bind to first, so the library's code never depends on the program (like -Bsymbolic); a
// program definition shadows a library one for the program's references.

import type { ObjSymbol } from '../object';
import { hex, type Definition, type DefinitionKind, type GlobalSymbol, type InputFile, type LinkContext, type SymbolRef } from './model';

/** Adds a file's global symbols to the table; returns the names it newly needs strongly. */
export function addFileSymbols(ctx: LinkContext, file: InputFile): string[] {
  const needed: string[] = [];
  file.object.symbols.forEach((symbol, index) => {
    if (index === 0 || symbol.binding === 'local') return;
    const global = globalNamed(ctx, symbol.name);
    file.globals[index] = global;
    if (symbol.section === 'undef') {
      if (symbol.binding === 'global' && !global.strongRef) {
        global.strongRef = true;
        needed.push(symbol.name);
      }
      return;
    }
    define(ctx, global, { file, index, kind: definitionKind(symbol) });
  });
  return needed;
}

export function globalNamed(ctx: LinkContext, name: string): GlobalSymbol {
  let global = ctx.globals.get(name);
  if (!global) {
    global = { name, commonSize: 0, commonAlign: 1, strongRef: false };
    ctx.globals.set(name, global);
  }
  return global;
}

function definitionKind(symbol: ObjSymbol): DefinitionKind {
  if (symbol.section === 'common') return 'common';
  return symbol.binding === 'weak' ? 'weak' : 'strong';
}

function define(ctx: LinkContext, global: GlobalSymbol, def: Definition): void {
  if (def.kind === 'common') mergeCommon(global, def);
  if (def.file.library) {
    global.libraryDef = choose(ctx, global, global.libraryDef, def);
    // The program's own definition, if any, keeps priority for the program's references.
    if (!global.def || global.def.file.library) global.def = global.libraryDef;
  } else if (!global.def || global.def.file.library) {
    global.def = def;
  } else {
    global.def = choose(ctx, global, global.def, def);
  }
}

const RANK: Record<DefinitionKind, number> = { weak: 1, common: 2, strong: 3 };

/** Which of two definitions wins; records a duplicate-symbol problem for two strong ones. */
function choose(ctx: LinkContext, global: GlobalSymbol, current: Definition | undefined, incoming: Definition): Definition {
  if (!current) return incoming;
  if (current.kind === 'strong' && incoming.kind === 'strong') {
    ctx.problems.push(`duplicate symbol '${global.name}': defined in ${definitionSite(current)} and in ${definitionSite(incoming)}`);
    return current;
  }
  if (current.kind === 'common' && incoming.kind === 'common') {
    return symbolOf(incoming).size > symbolOf(current).size ? incoming : current;
  }
  return RANK[incoming.kind] > RANK[current.kind] ? incoming : current;
}

function mergeCommon(global: GlobalSymbol, def: Definition): void {
  const symbol = symbolOf(def);
  global.commonSize = Math.max(global.commonSize, symbol.size);
  // A common symbol's st_value is its alignment.
  global.commonAlign = Math.max(global.commonAlign, symbol.value > 0 ? symbol.value : 1);
}

export function symbolOf(ref: SymbolRef): ObjSymbol {
  return ref.file.object.symbols[ref.index];
}

/** "main.o(.text+0x10)" for a definition, "main.o(*ABS*)" or "main.o(COMMON)" otherwise. */
export function definitionSite(ref: SymbolRef): string {
  const symbol = symbolOf(ref);
  if (symbol.section === 'abs') return `${ref.file.name}(*ABS*)`;
  if (symbol.section === 'common') return `${ref.file.name}(COMMON)`;
  if (symbol.section === 'undef') return ref.file.name;
  const section = ref.file.sections[symbol.section]?.name ?? `section ${symbol.section}`;
  return `${ref.file.name}(${section}+${hex(ref.file.values[ref.index])})`;
}

/** What a symbol of `file` refers to: itself when local, else the global table's winner (if any). */
export function bindingOf(file: InputFile, index: number): { ref?: SymbolRef; global?: GlobalSymbol } {
  const global = file.globals[index];
  if (!global) return { ref: { file, index } };
  return { ref: file.library && global.libraryDef ? global.libraryDef : global.def, global };
}
