// Static storage: each GlobalDefinition becomes a labelled object in .data, .rodata or .bss,
// written as clang writes it (`.type`, `.globl` unless internal, `.p2align`, `.size`), its
// initializer as bytes with `.word symbol+addend` where the linker must fill in an address.

import type { GlobalDefinition, StaticData } from './ast';
import { asmString } from './asm-text';
import { alignOf, sizeOf } from './types';

export function emitGlobal(def: GlobalDefinition): string {
  const { variable, init } = def;
  const size = Math.max(sizeOf(variable.type), init?.bytes.length ?? 0, 1);
  const align = Math.max(alignOf(variable.type), variable.align ?? 1, 1);
  const section = init === null ? '.bss' : def.readonly ? '.rodata' : '.data';
  const lines = [
    `\t.type\t${variable.symbol},@object`,
    `\t.section\t${section}`,
    ...(variable.internal ? [] : [`\t.globl\t${variable.symbol}`]),
    `\t.p2align\t${Math.log2(align)}`,
    `${variable.symbol}:`,
    ...(init === null ? [`\t.zero\t${size}`] : dataLines(init, size)),
    `\t.size\t${variable.symbol}, ${size}`,
    '',
  ];
  return lines.join('\n') + '\n';
}

/**
 * The initializer's bytes: a C string (text then one NUL, as every string literal) as
 * `.asciz`, so `-S` shows it readably; otherwise runs of zeros as `.zero`, relocated words as
 * `.word`, the rest as `.byte`.
 */
function dataLines(init: StaticData, size: number): string[] {
  if (isCString(init, size)) return [`\t.asciz\t${asmString(init.bytes.subarray(0, size - 1))}`];
  const relocations = new Map(init.relocations.map((r) => [r.offset, r]));
  const lines: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    for (let i = 0; i < bytes.length; i += 16) lines.push(`\t.byte\t${bytes.slice(i, i + 16).join(', ')}`);
    bytes = [];
  };
  let at = 0;
  while (at < size) {
    const relocation = relocations.get(at);
    if (relocation) {
      flush();
      const addend = relocation.addend === 0 ? '' : relocation.addend > 0 ? `+${relocation.addend}` : `${relocation.addend}`;
      lines.push(`\t.word\t${relocation.symbol}${addend}`);
      at += 4;
      continue;
    }
    let zeros = 0;
    while (at + zeros < size && (init.bytes[at + zeros] ?? 0) === 0 && !relocations.has(at + zeros)) zeros++;
    if (zeros >= 4) {
      flush();
      lines.push(`\t.zero\t${zeros}`);
      at += zeros;
      continue;
    }
    bytes.push(init.bytes[at] ?? 0);
    at++;
  }
  flush();
  return lines;
}

function isCString(init: StaticData, size: number): boolean {
  if (init.relocations.length > 0 || size < 1 || init.bytes.length !== size || init.bytes[size - 1] !== 0) return false;
  return init.bytes.subarray(0, size - 1).every((b) => b !== 0);
}
