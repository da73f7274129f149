// The RISC-V ILP32 calling convention (psABI "Integer Calling Convention"), as clang implements
// it: where each argument travels (a0–a7, then the stack), how values come back, and how many
// words a value occupies on codegen's expression stack. Calls, the prologue's parameter spills
// and va_arg all read it from here, so caller and callee can never disagree.

import { alignOf, isRecord, isWide, sizeOf, unqualified, type CType } from './types';

export const ARG_REGS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] as const;

/** One word of an argument: in a register or at an offset into the outgoing stack area. */
export type ArgWord = { readonly kind: 'reg'; readonly reg: string } | { readonly kind: 'stack'; readonly offset: number };

export interface ArgLocation {
  /** The words of the value (or of the pointer, when byReference), low word first. */
  readonly words: readonly ArgWord[];
  /** A struct over 8 bytes: the word is the address of a copy the caller made. */
  readonly byReference: boolean;
}

export interface ArgLayout {
  readonly args: readonly ArgLocation[];
  /** Bytes of stack the arguments take (a multiple of 4; the call site rounds up to 16). */
  readonly stackBytes: number;
  /** Argument registers taken by named arguments (va_start's first unnamed word). */
  readonly namedRegs: number;
  readonly namedStackBytes: number;
}

export type ReturnKind = 'void' | 'word' | 'pair' | 'record-in-regs' | 'sret';

/** Words a value takes on the expression stack: structs are represented by their address. */
export function valueWords(t: CType): number {
  const u = unqualified(t);
  if (u.kind === 'void') return 0;
  return isWide(u) ? 2 : 1;
}

export function returnKind(t: CType): ReturnKind {
  const u = unqualified(t);
  if (u.kind === 'void') return 'void';
  if (isRecord(u)) return sizeOf(u) > 8 ? 'sret' : 'record-in-regs';
  return isWide(u) ? 'pair' : 'word';
}

/** Words a by-value argument takes: 1 or 2 (a struct over 8 bytes goes by reference as 1). */
function argWords(t: CType): { words: number; byReference: boolean; align8: boolean } {
  const u = unqualified(t);
  if (isRecord(u)) {
    const size = sizeOf(u);
    if (size > 8) return { words: 1, byReference: true, align8: false };
    return { words: size > 4 ? 2 : 1, byReference: false, align8: size > 4 && alignOf(u) === 8 };
  }
  return { words: valueWords(u), byReference: false, align8: isWide(u) };
}

/**
 * Where each argument goes. `named` arguments come first; the rest are variadic, where a
 * two-word value with 8-byte alignment starts at an even register (psABI) and may so skip a7.
 */
export function layoutArguments(types: readonly CType[], named: number, sret: boolean): ArgLayout {
  let reg = sret ? 1 : 0;
  let stack = 0;
  let namedRegs = reg;
  let namedStackBytes = 0;
  const args: ArgLocation[] = [];
  types.forEach((t, index) => {
    if (index === named) {
      namedRegs = reg;
      namedStackBytes = stack;
    }
    const { words, byReference, align8 } = argWords(t);
    const variadic = index >= named;
    const placed: ArgWord[] = [];
    if (words === 2 && align8 && variadic && reg % 2 === 1) reg++;
    if (words === 2 && reg >= ARG_REGS.length && align8) stack = Math.ceil(stack / 8) * 8;
    for (let w = 0; w < words; w++) {
      if (reg < ARG_REGS.length) placed.push({ kind: 'reg', reg: ARG_REGS[reg++] });
      else {
        placed.push({ kind: 'stack', offset: stack });
        stack += 4;
      }
    }
    args.push({ words: placed, byReference });
  });
  if (types.length <= named) {
    namedRegs = reg;
    namedStackBytes = stack;
  }
  return { args, stackBytes: stack, namedRegs, namedStackBytes };
}
