// The static linker's driver: runs the phases in order on one fresh context — collect inputs
// (loading archive members on demand) and resolve symbols, check the objects suit RV32IMA,
// remove R_RISCV_ALIGN padding, assign input sections to output sections, lay out segments
// and addresses, define the linker's symbols, relocate, build the symbol table — and writes
// an ELF32 executable that oslab's loader and qemu-riscv32 both run. Every problem found on the
// way (duplicate and undefined symbols, out-of-range branches, ...) is reported together in
// one LinkError.

import { EF_RISCV_RVE } from '../elf/constants';
import { EF_RISCV_FLOAT_ABI, EF_RISCV_RVC } from '../elf/read';
import { writeExecutable } from '../elf/write-exec';
import { removeAlignmentPadding } from './align';
import { executableImage, linkMap } from './image';
import { collectInputs } from './inputs';
import { layOut } from './layout';
import { defineLinkerSymbols } from './linker-symbols';
import type { LinkContext } from './model';
import { buildSymbolTables } from './output-symbols';
import { relocate } from './relocate';
import { assignSections } from './sections';
import { definedValue } from './resolve';
import { LinkError, type LinkInput, type LinkOptions, type LinkResult } from './types';

export function link(inputs: readonly LinkInput[], options: LinkOptions = {}): LinkResult {
  const ctx: LinkContext = { files: [], globals: new Map(), problems: [], warnings: [] };
  const libraryName = options.sharedLibrary?.name ?? 'libc';
  collectInputs(ctx, inputs, options);
  checkArchitecture(ctx);
  noteShadowedLibrarySymbols(ctx);
  for (const file of ctx.files) removeAlignmentPadding(ctx, file);
  const outputs = assignSections(ctx, libraryName);
  const layout = layOut(ctx, outputs, options);
  defineLinkerSymbols(ctx, layout, libraryName);
  const entry = entryAddress(ctx, options.entry ?? '_start');
  relocate(ctx, layout, { pureLibrary: options.sharedLibrary !== undefined && (options.sharedLibrary.members ?? 'all') === 'all' });
  if (ctx.problems.length > 0) throw new LinkError(ctx.problems, ctx.files[0]?.name);
  const symbols = buildSymbolTables(ctx, layout);
  const executable = writeExecutable(executableImage(layout, symbols, entry, options.execStack === true));
  return { executable, map: linkMap(ctx, layout, symbols, entry, libraryName) };
}

/** oslab runs RV32IMA with the ilp32 ABI: no compressed instructions, no float ABI, not RV32E. */
function checkArchitecture(ctx: LinkContext): void {
  for (const file of ctx.files) {
    const flags = file.object.flags;
    if (flags & EF_RISCV_RVC) ctx.problems.push(`${file.name}: compiled with compressed instructions (C extension); oslab runs RV32IMA: build with -march=rv32ima`);
    if (flags & EF_RISCV_FLOAT_ABI) ctx.problems.push(`${file.name}: compiled for a floating-point ABI; oslab uses -mabi=ilp32`);
    if (flags & EF_RISCV_RVE) ctx.problems.push(`${file.name}: compiled for RV32E; oslab runs RV32IMA`);
  }
}

function noteShadowedLibrarySymbols(ctx: LinkContext): void {
  for (const global of ctx.globals.values()) {
    const { def, libraryDef } = global;
    if (!def || !libraryDef || def === libraryDef || def.file.library) continue;
    ctx.warnings.push(`${def.file.name} defines '${global.name}', which takes precedence over ${libraryDef.file.name}'s for the program; the library keeps using its own`);
  }
}

function entryAddress(ctx: LinkContext, name: string): number {
  const global = ctx.globals.get(name);
  const target = global?.def ? definedValue(global.def) : undefined;
  if (target?.kind === 'defined') return target.value >>> 0;
  if (global?.linkerValue !== undefined) return global.linkerValue;
  ctx.problems.push(`undefined entry symbol '${name}' (the C runtime's start file defines it)`);
  return 0;
}
