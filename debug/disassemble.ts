// The Disassembly view's rows: a window of instructions around an address of a process, each
// with its text (what llvm-objdump prints: sim/isa/disasm.ts), the function it belongs to (ELF
// symbols, or DWARF for programs without a symbol table) and its source line. Words the process
// cannot read come back as unreadable rows, never as decoded zeros.

import type { Machine } from '../sim/machine';
import { decode } from '../sim/isa/decode';
import { disassemble } from '../sim/isa/disasm';
import { Op } from '../sim/isa/opcodes';
import { LIBC_BASE, type Program } from './program';
import { readWord } from './stack';

export interface DisassembledRow {
  readonly address: number;
  /** null where the process cannot read the word. */
  readonly word: number | null;
  readonly text: string;
  readonly symbol?: string;
  readonly source?: { readonly path: string; readonly line: number; readonly column: number };
}

/** `count` instructions starting `instructionOffset` instructions from `base` (negative: before it). */
export function disassembleAround(machine: Machine, program: Program, pid: number, base: number, instructionOffset: number, count: number): DisassembledRow[] {
  const start = (base & ~3) + instructionOffset * 4;
  const rows: DisassembledRow[] = [];
  for (let i = 0; i < count; i++) {
    const address = start + i * 4;
    if (address < 0 || address > 0xffff_fffc) {
      rows.push({ address: Math.max(0, Math.min(address, 0xffff_fffc)) >>> 0, word: null, text: '??' });
      continue;
    }
    rows.push(row(machine, program, pid, address >>> 0));
  }
  return rows;
}

function row(machine: Machine, program: Program, pid: number, address: number): DisassembledRow {
  const word = readWord(machine, pid, address);
  const symbol = program.symbols.at(address)?.name ?? program.debug?.functionAt(address)?.name;
  if (word === null) return { address, word: null, text: '??', symbol };
  const text = disassemble(word, address, { symbolize: (target) => program.symbols.label(target) }) + callTarget(machine, program, pid, address, word);
  const lineRow = address < LIBC_BASE ? program.debug?.lineForAddress(address) : undefined;
  const source = lineRow && lineRow.line > 0 ? { path: lineRow.file, line: lineRow.line, column: lineRow.column } : undefined;
  return { address, word, text, symbol, source };
}

// `call f` is `auipc ra, hi; jalr lo(ra)`: name the function the pair reaches, as a reader would.
function callTarget(machine: Machine, program: Program, pid: number, address: number, word: number): string {
  const jalr = decode(word);
  if (!jalr || jalr.op !== Op.JALR || address < 4) return '';
  const previous = readWord(machine, pid, address - 4);
  const auipc = previous === null ? null : decode(previous);
  if (!auipc || auipc.op !== Op.AUIPC || auipc.rd !== jalr.rs1) return '';
  const label = program.symbols.label((address - 4 + auipc.imm + jalr.imm) >>> 0);
  return label ? ` <${label}>` : '';
}
