// Differential test of the disassembler (and encoder) against LLVM 14, the toolchain oracle.
// One assembly file holds a structured corpus (every table row with corner-case registers and
// immediates, every CSR number, branches whose targets wrap around the address space) followed by
// a few thousand seeded random words. `llvm-mc` assembles it once, which checks `encode` against
// LLVM's encoder; `llvm-objdump` disassembles it once, and each line must equal our text. The
// random words also check the decoder: where LLVM and RV32IMA legitimately disagree about which
// words are instructions, the disagreement must be one of the few explained in `disagreement`.
// Set DISASM_FUZZ_WORDS / DISASM_FUZZ_SEED to run a bigger or different random sample.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../sim/isa/decode';
import { csrName, disassemble, disassembleRange, registerName, UNKNOWN } from '../../sim/isa/disasm';
import { encode, type Fields } from '../../sim/isa/encode';
import { INSTRUCTIONS, type InstructionSpec } from '../../sim/isa/instructions';

/** One word of the test object: `asm` is its canonical source for llvm-mc, or null for `.word`. */
interface Case {
  readonly word: number;
  readonly asm: string | null;
}

// Loaded at this address so the first words' branch targets wrap past 2^32 and the next ones'
// wrap below 0: llvm-objdump prints targets modulo 2^32, and so must we.
const VMA = 0xfffffff0;
const REGS = [0, 1, 2, 10, 31];
const SMALL_IMMS = [0, 1, -1, 2047, -2048, 255, 42];
const AMO_SUFFIX = ['', '.rl', '.aq', '.aqrl'];

// ---------------------------------------------------------------------------------------------
// The structured corpus.

function* pairs(a: readonly number[], b: readonly number[]): Generator<[number, number]> {
  for (const x of a) for (const y of b) yield [x, y];
}

function fieldsFor(spec: InstructionSpec): Fields[] {
  const out: Fields[] = [];
  const each = (imms: readonly number[], make: (p: number, q: number, imm: number) => Fields) => {
    for (const [p, q] of pairs(REGS, REGS)) for (const imm of imms) out.push(make(p, q, imm));
  };
  switch (spec.format) {
    case 'R':
      for (const [rd, rs1] of pairs(REGS, REGS)) for (const rs2 of REGS) out.push({ rd, rs1, rs2 });
      break;
    case 'I':
    case 'load':
    case 'jalr':
      each(SMALL_IMMS, (rd, rs1, imm) => ({ rd, rs1, imm }));
      break;
    case 'shift':
      each([0, 1, 16, 31], (rd, rs1, imm) => ({ rd, rs1, imm }));
      break;
    case 'S':
      each(SMALL_IMMS, (rs2, rs1, imm) => ({ rs2, rs1, imm }));
      break;
    case 'B':
      each([0, 2, -2, 8, -8, 4094, -4096], (rs1, rs2, imm) => ({ rs1, rs2, imm }));
      break;
    case 'U':
      for (const rd of REGS) for (const imm of [0, 0x1000, 0x7ffff000, 0x80000000, 0xfffff000]) out.push({ rd, imm });
      break;
    case 'J':
      for (const rd of REGS) for (const imm of [0, 2, -2, 2048, 0xffffe, -0x100000]) out.push({ rd, imm });
      break;
    case 'fence':
      for (const [pred, succ] of pairs(range(16), range(16))) out.push({ imm: (pred << 4) | succ });
      out.push({ imm: 0x833 }); // fence.tso
      break;
    case 'csr':
    case 'csri':
      for (const [rd, rs1] of pairs([0, 1, 10, 31], [0, 1, 10, 31])) for (const imm of INTERESTING_CSRS) out.push({ rd, rs1, imm });
      break;
    case 'amo':
      for (const [rd, rs1] of pairs(REGS, REGS)) for (const imm of range(4)) out.push({ rd, rs1, rs2: rd ^ 1, imm });
      break;
    case 'lr':
      for (const [rd, rs1] of pairs(REGS, REGS)) for (const imm of range(4)) out.push({ rd, rs1, imm });
      break;
    case 'none':
      out.push({});
      break;
  }
  return out;
}

const INTERESTING_CSRS = [0x000, 0x001, 0x002, 0x003, 0x100, 0x180, 0x300, 0x340, 0x123, 0xfff, 0xc00, 0xc01, 0xc02, 0xc03, 0xc80, 0xc81, 0xc82, 0xc9f, 0xb00];

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The instruction in LLVM's canonical (alias-free) assembly syntax, or null if it has none. */
function sourceFor(spec: InstructionSpec, f: Fields): string | null {
  const x = (n = 0) => registerName(n);
  const imm = f.imm ?? 0;
  switch (spec.format) {
    case 'R': return `${spec.name} ${x(f.rd)}, ${x(f.rs1)}, ${x(f.rs2)}`;
    case 'I':
    case 'shift': return `${spec.name} ${x(f.rd)}, ${x(f.rs1)}, ${imm}`;
    case 'load':
    case 'jalr': return `${spec.name} ${x(f.rd)}, ${imm}(${x(f.rs1)})`;
    case 'S': return `${spec.name} ${x(f.rs2)}, ${imm}(${x(f.rs1)})`;
    case 'B': return `${spec.name} ${x(f.rs1)}, ${x(f.rs2)}, ${imm}`;
    case 'U': return `${spec.name} ${x(f.rd)}, ${imm >>> 12}`;
    case 'J': return `${spec.name} ${x(f.rd)}, ${imm}`;
    case 'fence': return fenceSource(imm);
    case 'csr': return `${spec.name} ${x(f.rd)}, ${imm}, ${x(f.rs1)}`;
    case 'csri': return `${spec.name} ${x(f.rd)}, ${imm}, ${f.rs1 ?? 0}`;
    case 'amo': return `${spec.name}${AMO_SUFFIX[imm]} ${x(f.rd)}, ${x(f.rs2)}, (${x(f.rs1)})`;
    case 'lr': return `${spec.name}${AMO_SUFFIX[imm]} ${x(f.rd)}, (${x(f.rs1)})`;
    case 'none': return spec.name;
  }
}

// The assembler cannot spell an empty predecessor or successor set, so those go in as `.word`.
function fenceSource(imm: number): string | null {
  if (imm === 0x833) return 'fence.tso';
  const set = (bits: number) => ['i', 'o', 'r', 'w'].filter((_, i) => (bits & (8 >> i)) !== 0).join('');
  const pred = set(imm >> 4);
  const succ = set(imm & 15);
  return pred && succ ? `fence ${pred}, ${succ}` : null;
}

// Offsets chosen so that, at VMA, the first four targets wrap above 2^32 and the next four below 0.
const WRAPPING: readonly [string, Fields][] = [
  ['beq', { rs1: 10, rs2: 11, imm: 16 }], ['jal', { rd: 1, imm: 0x100 }],
  ['bne', { rs1: 10, rs2: 0, imm: 4094 }], ['jal', { rd: 0, imm: 8 }],
  ['bge', { rs1: 0, rs2: 10, imm: -4096 }], ['jal', { rd: 5, imm: -0x100000 }],
  ['blt', { rs1: 10, rs2: 11, imm: -2 }], ['jal', { rd: 0, imm: -16 }],
];

function structuredCorpus(): Case[] {
  const cases: Case[] = [];
  const add = (spec: InstructionSpec, f: Fields) => cases.push({ word: encode(spec.name, f), asm: sourceFor(spec, f) });
  for (const [name, f] of WRAPPING) add(INSTRUCTIONS.find((s) => s.name === name)!, f);
  for (const spec of INSTRUCTIONS) for (const f of fieldsFor(spec)) add(spec, f);
  const csrrs = INSTRUCTIONS.find((s) => s.name === 'csrrs')!;
  for (const csr of range(4096)) add(csrrs, { rd: 10, rs1: 11, imm: csr });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Random words, mostly shaped like table rows so that most of them are instructions.

const MAJOR_OPCODES = [0x37, 0x17, 0x6f, 0x67, 0x63, 0x03, 0x23, 0x13, 0x33, 0x0f, 0x73, 0x2f];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomCorpus(count: number, seed: number): Case[] {
  const next = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    let word = next();
    if (next() % 4 !== 0) {
      const spec = pick(INSTRUCTIONS);
      word = (word & ~spec.mask) | spec.match;
    } else {
      word = (word & ~0x7f) | pick(MAJOR_OPCODES);
    }
    // Aliases hinge on zero/ra registers and 0/±1 immediates, which uniform bits rarely produce.
    if (next() % 3 === 0) word = setBits(word, 7, 5, pick([0, 1, 2]));
    if (next() % 3 === 0) word = setBits(word, 15, 5, pick([0, 1, 2]));
    if (next() % 3 === 0) word = setBits(word, 20, 5, pick([0, 1, 2]));
    if (next() % 8 === 0) word = setBits(word, 20, 12, pick([0, 1, 0xfff, 0xc00]));
    cases.push({ word: word >>> 0, asm: null });
  }
  return cases;
}

function setBits(word: number, at: number, width: number, value: number): number {
  const mask = ((1 << width) - 1) << at;
  return ((word & ~mask) | (value << at)) >>> 0;
}

/**
 * Why LLVM and our decoder may disagree about `word` being an instruction, or null if they must
 * not. Each reason is a deliberate choice for an RV32IMA machine, not an LLVM bug we copy.
 */
function disagreement(word: number, llvm: string): string | null {
  const opcode = word & 0x7f;
  const f3 = (word >>> 12) & 7;
  if (opcode === 0x13 && (f3 === 1 || f3 === 5) && (word & (1 << 25)) !== 0 && /^s(ll|rl|ra)i\t/.test(llvm)) {
    return 'shamt[5] set: reserved on RV32, LLVM 14 decodes it as an RV64 shift';
  }
  if (opcode === 0x73 && /^(uret|sret|mret|dret|wfi|sfence\.vma)\b/.test(llvm)) {
    return 'privileged instruction: not in the user-level RV32IMA table';
  }
  if (opcode === 0x0f && llvm === UNKNOWN && decode(word) !== null) {
    return 'fence with non-zero reserved fields: LLVM rejects it, the spec says execute it';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Running LLVM.

interface Oracle {
  readonly bytes: Uint8Array;
  /** llvm-objdump's instruction text by byte offset, trailing tab and `<symbol>` removed. */
  readonly text: ReadonlyMap<number, string>;
}

function runLlvm(dir: string, cases: readonly Case[]): Oracle {
  const source = cases.map((c) => c.asm ?? `.word 0x${c.word.toString(16)}`).join('\n') + '\n';
  const [s, o, bin] = ['corpus.s', 'corpus.o', 'corpus.bin'].map((f) => join(dir, f));
  writeFileSync(s, source);
  const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  run('llvm-mc', ['-triple=riscv32', '-mattr=+m,+a', '-filetype=obj', s, '-o', o]);
  run('llvm-objcopy', ['-O', 'binary', '--only-section=.text', o, bin]);
  const listing = run('llvm-objdump', ['-d', '--mattr=+m,+a', '--no-show-raw-insn', `--adjust-vma=0x${VMA.toString(16)}`, o]);
  return { bytes: new Uint8Array(readFileSync(bin)), text: parseListing(listing) };
}

function parseListing(listing: string): Map<number, string> {
  const text = new Map<number, string>();
  for (const line of listing.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+(\S.*)$/.exec(line);
    if (!m) continue;
    const column = m[2].trimEnd().replace(/(\S) <[^<>]*>$/, '$1');
    text.set(parseInt(m[1], 16) - VMA, column);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------

const structured = structuredCorpus();
const randomCount = Number(process.env.DISASM_FUZZ_WORDS ?? 4000);
const random = randomCorpus(randomCount, Number(process.env.DISASM_FUZZ_SEED ?? 20240601));
const all = [...structured, ...random];
let dir = '';
let oracle: Oracle;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oslab-disasm-'));
  oracle = runLlvm(dir, all);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pcAt = (index: number) => (VMA + index * 4) >>> 0;
const ours = (word: number, index: number) => disassemble(word, pcAt(index), { separator: '\t' });
const theirs = (index: number) => oracle.text.get(index * 4) ?? '(no line)';

describe('encode agrees with llvm-mc', () => {
  it('on every structured case', () => {
    const view = new DataView(oracle.bytes.buffer, oracle.bytes.byteOffset, oracle.bytes.byteLength);
    const wrong = structured.flatMap((c, i) => {
      const llvm = view.getUint32(i * 4, true);
      return c.asm !== null && llvm !== c.word ? [`${c.asm}: llvm 0x${llvm.toString(16)}, ours 0x${c.word.toString(16)}`] : [];
    });
    expect(wrong).toEqual([]);
  });
});

describe('disassemble matches llvm-objdump', () => {
  it('on every structured case', () => {
    const wrong = structured.flatMap((c, i) => {
      const [a, b] = [ours(c.word, i), theirs(i)];
      return a === b ? [] : [`0x${c.word.toString(16).padStart(8, '0')} at 0x${pcAt(i).toString(16)}: llvm "${b}", ours "${a}"`];
    });
    expect(wrong).toEqual([]);
  });

  it(`on ${randomCount} random words, and decodes exactly the words LLVM decodes`, () => {
    const wrong: string[] = [];
    let instructions = 0;
    random.forEach((c, j) => {
      const i = structured.length + j;
      const llvm = theirs(i);
      const decoded = decode(c.word) !== null;
      const hex = `0x${c.word.toString(16).padStart(8, '0')}`;
      if (decoded === (llvm !== UNKNOWN)) {
        if (decoded) instructions++;
        const text = ours(c.word, i);
        if (decoded && text !== llvm) wrong.push(`${hex}: llvm "${llvm}", ours "${text}"`);
        return;
      }
      if (process.env.DISASM_FUZZ_VERBOSE) console.log(hex, llvm, disagreement(c.word, llvm));
      if (!disagreement(c.word, llvm)) wrong.push(`${hex}: llvm "${llvm}", ours ${decoded ? `"${ours(c.word, i)}"` : 'null'}`);
    });
    expect(wrong).toEqual([]);
    // The sample is only a good test if most of it exercises the text, not just the decoder.
    expect(instructions).toBeGreaterThan(randomCount / 2);
  });

  it('prints <unknown> for words that are not instructions', () => {
    for (const word of [0, 0xffffffff, 0x02059513, 0x30200073]) expect(disassemble(word, 0)).toBe(UNKNOWN);
  });
});

describe('disassembler helpers', () => {
  it('names registers by ABI, x8 as s0', () => {
    expect([0, 1, 2, 8, 10, 31].map(registerName)).toEqual(['zero', 'ra', 'sp', 's0', 'a0', 't6']);
    expect(() => registerName(32)).toThrow(RangeError);
  });

  it('names CSRs like LLVM and numbers the rest', () => {
    expect([0xc00, 0x300, 0x3b5, 0xb9f, 0x123].map(csrName)).toEqual(['cycle', 'mstatus', 'pmpaddr5', 'mhpmcounter31h', '291']);
  });

  it('separates mnemonic and operands with a space by default, and appends symbols', () => {
    const beq = encode('beq', { rs1: 10, rs2: 11, imm: -8 });
    expect(disassemble(beq, 0x1000)).toBe('beq a0, a1, 0xff8');
    expect(disassemble(beq, 0x1000, { symbolize: (a) => (a === 0xff8 ? 'loop' : undefined) })).toBe('beq a0, a1, 0xff8 <loop>');
    expect(disassemble(encode('addi', { rd: 10, rs1: 11, imm: 3 }), 0, { symbolize: () => 'never' })).toBe('addi a0, a1, 3');
  });

  it('disassembles a byte range word by word', () => {
    // Two bytes of padding first, so the view's byteOffset matters; the odd tail is dropped.
    const bytes = new Uint8Array([0xaa, 0xbb, 0x13, 0x00, 0x00, 0x00, 0x67, 0x80, 0x00, 0x00, 0xff, 0xff]);
    expect(disassembleRange(bytes.subarray(2), 0x80000000)).toEqual([
      { pc: 0x80000000, word: 0x13, text: 'nop' },
      { pc: 0x80000004, word: 0x8067, text: 'ret' },
    ]);
  });
});
