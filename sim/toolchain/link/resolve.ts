// The value of a symbol as a relocation sees it, once addresses are assigned: a defined
// symbol's address (its section's output address + the piece's offset + its value), an
// absolute value, a common block's address, a linker-defined value, 0 for an undefined weak
// reference — or why there is none (undefined, or defined in a section the link dropped).

import type { InputFile, SymbolRef } from './model';
import { bindingOf } from './symbols';

export type Target =
  /** `library`: the value belongs to the shared library (does not vary with the program). */
  | { readonly kind: 'defined'; readonly value: number; readonly library: boolean }
  | { readonly kind: 'undefined-weak' }
  | { readonly kind: 'undefined'; readonly name: string }
  | { readonly kind: 'discarded'; readonly name: string; readonly section: string };

export function targetOf(file: InputFile, index: number): Target {
  if (index === 0) return { kind: 'defined', value: 0, library: true };
  const { ref, global } = bindingOf(file, index);
  if (ref) return definedValue(ref);
  if (global?.linkerValue !== undefined) return { kind: 'defined', value: global.linkerValue, library: global.linkerLibraryOwned === true };
  const symbol = file.object.symbols[index];
  return symbol.binding === 'weak' ? { kind: 'undefined-weak' } : { kind: 'undefined', name: symbol.name };
}

/** The address (or absolute value) of a symbol defined in `ref.file`. */
export function definedValue(ref: SymbolRef): Target {
  const { file, index } = ref;
  const symbol = file.object.symbols[index];
  const library = file.library;
  if (symbol.section === 'abs') return { kind: 'defined', value: file.values[index], library };
  if (symbol.section === 'undef') return symbol.binding === 'weak' ? { kind: 'undefined-weak' } : { kind: 'undefined', name: symbol.name };
  if (symbol.section === 'common') {
    const placement = file.globals[index]?.commonPlacement;
    if (!placement) return { kind: 'discarded', name: symbol.name, section: 'COMMON' };
    return { kind: 'defined', value: placement.output.address + placement.piece.offset, library };
  }
  const placement = file.placements[symbol.section];
  if (!placement) return { kind: 'discarded', name: symbol.name, section: file.sections[symbol.section]?.name ?? '?' };
  return { kind: 'defined', value: placement.output.address + placement.piece.offset + file.values[index], library };
}
