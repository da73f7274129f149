// The program under debug, prepared once per launch: a .c or .s source built with -g against
// oslab's libc exactly as `oslab run` builds it (or an ELF taken as is), its DWARF, and its ELF
// symbol table for the frames and the disassembly that have no debug information (libc, _start).

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { buildExecutable, inputKind } from '../sim/toolchain/driver';
import { loadDebugInfo, type DebugInfo } from '../sim/toolchain/dwarf';
import { cString, readSections, SHT_STRTAB, SHT_SYMTAB } from '../sim/toolchain/elf/read';
import { ToolchainError } from '../sim/toolchain/object';
import { buildOptions } from '../host/sysroot';

/** The program's shared library segment starts here: code at or above it is oslab's libc. */
export const LIBC_BASE = 0x6000_0000;

export interface ElfSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
}

export interface Program {
  /** The source or ELF path as launched (absolute). */
  readonly path: string;
  readonly elf: Uint8Array;
  readonly debug: DebugInfo | null;
  readonly symbols: SymbolTable;
  /** Compiler warnings (gcc-style lines), for the debug console. */
  readonly warnings?: readonly string[];
}

/** Why a launch failed, with the text to show (gcc-style diagnostics for a compile error). */
export class ProgramError extends Error {}

export function prepareProgram(program: string, cwd: string): Program {
  const path = isAbsolute(program) ? program : resolve(cwd, program);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ProgramError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const kind = inputKind(path);
  let elf = bytes;
  const warnings: string[] = [];
  if (kind === 'c' || kind === 'assembly') {
    try {
      const options = buildOptions({ debug: true, compDir: cwd, onWarning: (w: string) => warnings.push(w) });
      elf = buildExecutable([{ path, bytes }], options).executable;
    } catch (error) {
      if (error instanceof ToolchainError) throw new ProgramError(error.message);
      throw error;
    }
  }
  return { path, elf, debug: readDebugInfo(elf), symbols: new SymbolTable(readSymbols(elf)), warnings };
}

/** A program a process started with execve, from its ELF in the machine (its own DWARF when built with -g, as /bin's are). */
export function programFromElf(path: string, elf: Uint8Array): Program {
  let symbols: ElfSymbol[] = [];
  try {
    symbols = readSymbols(elf);
  } catch {
    // not an ELF we can read: frames show addresses only
  }
  return { path, elf, debug: readDebugInfo(elf), symbols: new SymbolTable(symbols) };
}

// A program without -g still runs; it just has no source view.
function readDebugInfo(elf: Uint8Array): DebugInfo | null {
  try {
    const debug = loadDebugInfo(elf);
    return debug.hasDebugInfo ? debug : null;
  } catch {
    return null;
  }
}

const SYMBOL_SIZE = 16;
const STT_FUNC = 2;
const STT_OBJECT = 1;

function readSymbols(elf: Uint8Array): ElfSymbol[] {
  const sections = readSections(elf);
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  const strings = symtab && sections[symtab.link];
  if (!symtab || !strings || strings.type !== SHT_STRTAB) return [];
  const view = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
  const out: ElfSymbol[] = [];
  for (let o = SYMBOL_SIZE; o + SYMBOL_SIZE <= symtab.data.length; o += SYMBOL_SIZE) {
    const type = view.getUint8(o + 12) & 0xf;
    if (type !== STT_FUNC && type !== STT_OBJECT) continue;
    const name = cString(strings.data, view.getUint32(o, true));
    if (name) out.push({ name, address: view.getUint32(o + 4, true), size: view.getUint32(o + 8, true) });
  }
  return out;
}

/** Symbols by address: which function a pc is in, where a named function starts. */
export class SymbolTable {
  private readonly sorted: ElfSymbol[];

  constructor(symbols: readonly ElfSymbol[]) {
    this.sorted = [...symbols].sort((a, b) => a.address - b.address);
  }

  /** The symbol whose [address, address+size) holds `pc` (the nearest one below for size 0). */
  at(pc: number): ElfSymbol | undefined {
    let lo = 0;
    let hi = this.sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].address <= pc) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = found; i >= 0 && i > found - 4; i--) {
      const s = this.sorted[i];
      if (pc < s.address + Math.max(s.size, 1)) return s;
    }
    return undefined;
  }

  named(name: string): ElfSymbol | undefined {
    return this.sorted.find((s) => s.name === name);
  }

  /** `name` or `name+0x10` for an address inside a symbol. */
  label(pc: number): string | undefined {
    const s = this.at(pc);
    if (!s) return undefined;
    return pc === s.address ? s.name : `${s.name}+0x${(pc - s.address).toString(16)}`;
  }
}
