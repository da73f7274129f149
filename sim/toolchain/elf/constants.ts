// ELF constants the object reader/writer, the archive code and the linker need beyond the ones
// `read.ts` already exports for the loader (System V gABI "ELF Header", "Sections", "Symbol
// Table" and the RISC-V psABI). Kept in one place so every writer and reader agrees.

export const ELF_HEADER_SIZE = 52;
export const PROGRAM_HEADER_SIZE = 32;
export const SECTION_HEADER_SIZE = 40;
export const SYMBOL_SIZE = 16;
export const RELA_SIZE = 12;

export const ET_REL = 1;
export const EV_CURRENT = 1;
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;

/** e_flags bits beyond RVC and the float ABI (which read.ts exports). */
export const EF_RISCV_RVE = 0x8;


export const SHT_NOTE = 7;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_LLVM_ADDRSIG = 0x6fff4c03;

export const SHF_INFO_LINK = 0x40;
export const SHF_GROUP = 0x200;
export const SHF_TLS = 0x400;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;

export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

export const PAGE_SIZE = 4096;
