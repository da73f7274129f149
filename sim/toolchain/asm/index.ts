// The RISC-V assembler: GNU as syntax in, the toolchain's ObjectFile out (see assemble.ts).

export { assemble, AssemblyErrors, type AssembleOptions, type AssembleResult } from './assemble';
