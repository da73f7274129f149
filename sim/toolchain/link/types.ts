// The linker's public vocabulary: what goes in (`LinkInput`s and `LinkOptions`), what comes out
// (the executable's bytes and a `LinkMap` of where everything landed, for the debugger and the
// tests), the one error type it throws, and the documented fixed addresses. The phases in this
// folder share the internal model in `model.ts`; nothing here depends on it.

import { ToolchainError, type ObjectFile } from '../object';
import type { Archive } from '../elf/archive';

/** Where the first PT_LOAD (ELF header, program headers, .rodata) goes, as ld.lld does. */
export const PROGRAM_BASE = 0x0001_0000;

/**
 * Where a shared library's segments go (`LinkOptions.sharedLibrary`): text at exactly this
 * address, then its rodata and data+bss on the following pages.
 *
 * Why 0x6000_0000: the program keeps lld's layout from 0x10000 and has 1.5 GiB below this. The
 * kernel (like Linux and qemu) starts the program break after the *highest* PT_LOAD, so the
 * heap grows up from just past the library; oslab's mmap area grows down from 0x7800_0000,
 * which leaves the heap ~384 MiB, more than the default 128 MiB of RAM. qemu-riscv32 places
 * mmaps bottom-up from 0x4000_0000, 512 MiB before it could reach the library or the heap.
 * The stack (8 MiB below 0x8000_0000) is far above all of it.
 */
export const SHARED_LIBRARY_BASE = 0x6000_0000;

/** The top of user space: every segment must end at or below it. */
export const USER_TOP = 0x8000_0000;

export type LinkInput =
  | { readonly kind: 'object'; readonly object: ObjectFile }
  /** Members are loaded only when they define a symbol something else needs (like ld's --start-group). */
  | { readonly kind: 'archive'; readonly archive: Archive };

export interface SharedLibraryOptions {
  /** The library's members (e.g. libc.a). Pass it here only, not also in the inputs. */
  readonly archive: Archive;
  /** Page-aligned address of the library's text (default `SHARED_LIBRARY_BASE`). */
  readonly base?: number;
  /**
   * 'all' (default) links every member, so the library's segments are byte-identical in every
   * program and the kernel can share their frames; the library must then not refer to anything
   * the program defines (the C runtime's `_start` belongs in a separate crt1.o). 'needed' pulls
   * members on demand like an ordinary archive (smaller, but not shareable between programs).
   */
  readonly members?: 'all' | 'needed';
  /** Names the library's output sections (`.libc.text`, ...); default 'libc'. */
  readonly name?: string;
}

export interface LinkOptions {
  /** The entry symbol (default `_start`); like lld, it is also what pulls crt members from archives. */
  readonly entry?: string;
  /** Page-aligned address of the first segment (default `PROGRAM_BASE`). */
  readonly base?: number;
  /** ld -N (--omagic): one read-write-execute segment, sections not page-aligned (for self-modifying code). */
  readonly omagic?: boolean;
  /**
   * Fixed addresses for output sections (ld -Ttext=, -Tdata=, --section-start); a section so
   * placed must be the first of its segment (.text; .data when there are no init arrays).
   */
  readonly sectionStart?: Readonly<Record<string, number>>;
  /** The page size segments align to (ld -z max-page-size; default and minimum 4096). */
  readonly pageSize?: number;
  /** ld -z separate-code: code never shares a file page with other segments. */
  readonly separateCode?: boolean;
  /** ld -z execstack: PT_GNU_STACK asks for an executable stack. */
  readonly execStack?: boolean;
  readonly sharedLibrary?: SharedLibraryOptions;
}

export interface LinkedInputSection {
  /** The input file ("main.o", "libc.a(printf.o)") and its section name. */
  readonly file: string;
  readonly section: string;
  readonly address: number;
  readonly size: number;
}

export interface OutputSectionInfo {
  readonly name: string;
  /** 0 for sections that are not loaded (.debug_*, .riscv.attributes). */
  readonly address: number;
  readonly size: number;
  readonly fileOffset: number;
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
  /** Occupies memory but not file space (.bss). */
  readonly nobits: boolean;
  /** Part of the shared library's segments. */
  readonly library: boolean;
  readonly inputs: readonly LinkedInputSection[];
}

export interface SegmentInfo {
  readonly vaddr: number;
  readonly memsz: number;
  readonly fileOffset: number;
  readonly filesz: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
  readonly library: boolean;
  readonly sections: readonly string[];
}

export interface LinkedSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly binding: 'local' | 'global' | 'weak';
  readonly type: 'notype' | 'object' | 'func' | 'file';
  /** The output section it lies in, if any. */
  readonly section?: string;
  /** The input file that defined it; absent for linker-defined symbols (`_end`, ...). */
  readonly file?: string;
}

export interface LinkMap {
  readonly entry: number;
  readonly sections: readonly OutputSectionInfo[];
  readonly segments: readonly SegmentInfo[];
  /** Every symbol of the executable's .symtab except the null one, in its order (locals first). */
  readonly symbols: readonly LinkedSymbol[];
  /** Present when linked with `sharedLibrary`: its address range [base, end). */
  readonly library?: { readonly name: string; readonly base: number; readonly end: number };
  /** The input files that were linked, archive members included ("libc.a(printf.o)"). */
  readonly files: readonly string[];
  readonly warnings: readonly string[];
}

export interface LinkResult {
  readonly executable: Uint8Array;
  readonly map: LinkMap;
}

/** The address of a global (or, failing that, local) symbol in a link map. */
export function symbolAddress(map: LinkMap, name: string): number | undefined {
  const globals = map.symbols.filter((s) => s.name === name && s.binding !== 'local');
  return (globals[0] ?? map.symbols.find((s) => s.name === name))?.address;
}

/**
 * Every problem a link found, one per line ("undefined reference to 'foo' in main.o(.text+0x1c),
 * function 'main'"). A ToolchainError, so a driver can catch toolchain errors uniformly; its
 * file/line/column point at the first problem's file.
 */
export class LinkError extends ToolchainError {
  constructor(readonly problems: readonly string[], file = 'ld') {
    super(file, 0, 0, problems[0] ?? 'link failed');
    const shown = problems.slice(0, MAX_SHOWN_PROBLEMS).map((p) => `error: ${p}`);
    if (problems.length > MAX_SHOWN_PROBLEMS) shown.push(`error: ... and ${problems.length - MAX_SHOWN_PROBLEMS} more`);
    this.message = shown.join('\n');
    this.name = 'LinkError';
  }
}

const MAX_SHOWN_PROBLEMS = 50;
