// Reads the parts of an ELF32 RISC-V executable the loader and debugger need: the header and
// the program headers. Rejects anything that is not a little-endian RV32 executable with a
// message a learner can act on.

export const EM_RISCV = 243;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
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

export function readElf(bytes: Uint8Array): ElfImage {
  if (bytes.length < 52 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (bytes[4] !== 1) throw new ElfError('not a 32-bit ELF (oslab runs RV32 programs)');
  if (bytes[5] !== 1) throw new ElfError('not a little-endian ELF');
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
    programHeaders.push(ph);
  }
  if (programHeaders.some((p) => p.type === PT_INTERP)) {
    throw new ElfError('dynamically linked; oslab runs static executables (link with -static)');
  }
  if (!programHeaders.some((p) => p.type === PT_LOAD)) throw new ElfError('no loadable segments');
  return { bytes, type, entry: u32(24), flags, phoff, phentsize, phnum, programHeaders };
}
