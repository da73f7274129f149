// From a finished layout to its two products: the ELF image the writer serialises (program
// headers PT_PHDR, one PT_LOAD per segment, PT_GNU_STACK non-executable; section headers in
// address order) and the LinkMap the debugger and tests read.

import { ELF_HEADER_SIZE, PROGRAM_HEADER_SIZE } from '../elf/constants';
import { PT_GNU_STACK } from '../elf/read';
import { PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE } from '../elf/read';
import type { ExecSegment, ExecutableImage } from '../elf/write-exec';
import type { Layout } from './layout';
import type { LinkContext } from './model';
import type { SymbolTables } from './output-symbols';
import { isNobits } from './sections';
import type { LinkMap, OutputSectionInfo, SegmentInfo } from './types';

export function executableImage(layout: Layout, symbols: SymbolTables, entry: number, execStack: boolean): ExecutableImage {
  const first = layout.segments[0];
  const tableSize = PROGRAM_HEADER_SIZE * layout.programHeaderCount;
  const phdr: ExecSegment = { type: PT_PHDR, flags: PF_R, offset: ELF_HEADER_SIZE, vaddr: first.vaddr + ELF_HEADER_SIZE, filesz: tableSize, memsz: tableSize, align: 4 };
  const loads = layout.segments.map((s): ExecSegment => ({ type: PT_LOAD, flags: s.flags, offset: s.offset, vaddr: s.vaddr, filesz: s.filesz, memsz: s.memsz, align: layout.pageSize }));
  const stack: ExecSegment = { type: PT_GNU_STACK, flags: PF_R | PF_W | (execStack ? PF_X : 0), offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: 0 };
  return {
    entry,
    flags: 0,
    segments: [phdr, ...loads, stack],
    sections: layout.sections.map((s) => ({ name: s.name, type: s.type, flags: s.flags, addr: s.address, offset: s.fileOffset, size: s.size, align: s.align, entsize: s.entsize, data: s.data })),
    symbols: symbols.elf,
    contentSize: layout.contentSize,
  };
}

export function linkMap(ctx: LinkContext, layout: Layout, symbols: SymbolTables, entry: number, libraryName: string): LinkMap {
  return {
    entry,
    sections: layout.sections.map(sectionInfo),
    segments: layout.segments.map(
      (s): SegmentInfo => ({
        vaddr: s.vaddr,
        memsz: s.memsz,
        fileOffset: s.offset,
        filesz: s.filesz,
        readable: (s.flags & PF_R) !== 0,
        writable: (s.flags & PF_W) !== 0,
        executable: (s.flags & PF_X) !== 0,
        library: s.library,
        sections: s.sections.map((o) => o.name),
      }),
    ),
    symbols: symbols.linked,
    ...(layout.library ? { library: { name: libraryName, ...layout.library } } : {}),
    files: ctx.files.map((f) => f.name),
    warnings: [...ctx.warnings],
  };
}

function sectionInfo(s: Layout['sections'][number]): OutputSectionInfo {
  return {
    name: s.name,
    address: s.address,
    size: s.size,
    fileOffset: s.fileOffset,
    alloc: (s.flags & SHF_ALLOC) !== 0,
    write: (s.flags & SHF_WRITE) !== 0,
    exec: (s.flags & SHF_EXECINSTR) !== 0,
    nobits: isNobits(s),
    library: s.library,
    inputs: s.pieces.map((p) => ({
      file: p.file?.name ?? p.common?.def?.file.name ?? '',
      section: p.file ? p.file.sections[p.index].name : 'COMMON',
      address: s.address + p.offset,
      size: p.size,
    })),
  };
}
