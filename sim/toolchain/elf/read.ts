// Reads the parts of an ELF32 RISC-V executable the loader and debugger need: the header and
// the program headers. Rejects anything that is not a little-endian RV32 executable with a
// message a learner can act on.

export const EM_RISCV = 243;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_GNU_STACK = 0x6474e551;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const EF_RISCV_RVC = 0x1;
export const EF_RISCV_FLOAT_ABI = 0x6;

export interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly flags: number;
  readonly align: number;
}

export interface ElfImage {
  readonly bytes: Uint8Array;
  readonly type: number;
  readonly entry: number;
  readonly flags: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly programHeaders: readonly ProgramHeader[];
}

export class ElfError extends Error {}

/** The ELF magic, class and byte order oslab handles: ELF32, little-endian. */
function checkIdentity(bytes: Uint8Array): void {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (bytes[4] !== 1) throw new ElfError('not a 32-bit ELF (oslab runs RV32 programs)');
  if (bytes[5] !== 1) throw new ElfError('not a little-endian ELF');
}

export function readElf(bytes: Uint8Array): ElfImage {
  checkIdentity(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const type = u16(16);
  const machine = u16(18);
  if (machine !== EM_RISCV) throw new ElfError(`not a RISC-V ELF (machine ${machine})`);
  if (type !== ET_EXEC && type !== ET_DYN) throw new ElfError('not an executable ELF (an object file or core dump?)');
  const flags = u32(36);
  if (flags & EF_RISCV_RVC) throw new ElfError('built with compressed instructions (C extension); oslab runs RV32IMA: build with -march=rv32ima');
  if (flags & EF_RISCV_FLOAT_ABI) throw new ElfError('built for a floating-point ABI; oslab runs RV32IMA with -mabi=ilp32');
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phentsize < 32 || phoff + phnum * phentsize > bytes.length) throw new ElfError('truncated or corrupt program headers');
  const programHeaders: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const ph = {
      type: u32(o),
      offset: u32(o + 4),
      vaddr: u32(o + 8),
      filesz: u32(o + 16),
      memsz: u32(o + 20),
      flags: u32(o + 24),
      align: u32(o + 28),
    };
    if (ph.type === PT_LOAD && (ph.offset + ph.filesz > bytes.length || ph.filesz > ph.memsz)) {
      throw new ElfError(`segment ${i} is truncated or corrupt`);
    }
    // Linux maps segments with mmap, which needs offset ≡ address (mod page size).
    if (ph.type === PT_LOAD && ph.offset % 4096 !== ph.vaddr % 4096) {
      throw new ElfError(`segment ${i}: file offset and address differ modulo the page size, so it cannot be mapped`);
    }
    programHeaders.push(ph);
  }
  if (programHeaders.some((p) => p.type === PT_INTERP)) {
    throw new ElfError('dynamically linked; oslab runs static executables (link with -static)');
  }
  if (!programHeaders.some((p) => p.type === PT_LOAD)) throw new ElfError('no loadable segments');
  return { bytes, type, entry: u32(24), flags, phoff, phentsize, phnum, programHeaders };
}

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;

export interface SectionHeader {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
  /** The section's bytes (empty for SHT_NOBITS). */
  readonly data: Uint8Array;
}

/**
 * The section headers of any ELF32 little-endian file (executable or relocatable), with their
 * names and contents. Throws ElfError for a file whose section table is not there or corrupt.
 */
export function readSections(bytes: Uint8Array): SectionHeader[] {
  checkIdentity(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const shoff = u32(32);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);
  if (shnum === 0) return [];
  if (shentsize < 40 || shoff + shnum * shentsize > bytes.length) throw new ElfError('truncated or corrupt section headers');
  const raw = Array.from({ length: shnum }, (_, index) => {
    const o = shoff + index * shentsize;
    return {
      index,
      nameOffset: u32(o),
      type: u32(o + 4),
      flags: u32(o + 8),
      addr: u32(o + 12),
      offset: u32(o + 16),
      size: u32(o + 20),
      link: u32(o + 24),
      info: u32(o + 28),
      addralign: u32(o + 32),
      entsize: u32(o + 36),
    };
  });
  const contents = (s: (typeof raw)[number]): Uint8Array => {
    if (s.type === SHT_NOBITS || s.type === SHT_NULL) return new Uint8Array(0);
    if (s.offset + s.size > bytes.length) throw new ElfError(`section ${s.index} is truncated`);
    return bytes.subarray(s.offset, s.offset + s.size);
  };
  const names = shstrndx < shnum ? contents(raw[shstrndx]) : new Uint8Array(0);
  return raw.map((s) => ({ ...s, name: cString(names, s.nameOffset), data: contents(s) }));
}

/** The NUL-terminated string at `offset` of a string table. */
export function cString(table: Uint8Array, offset: number): string {
  let end = offset;
  while (end < table.length && table[end] !== 0) end++;
  return new TextDecoder().decode(table.subarray(offset, end));
}
