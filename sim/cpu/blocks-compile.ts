// The block translator's code generator: turns a run of pre-decoded instructions (one basic
// block, never past its page) into the source of a JS function with the guest registers in
// locals, the interpreter's TLB hit path inlined for loads and stores, and the instruction and
// stall counts kept the interpreter's way, so that V8 compiles a guest loop into a host loop.
// Every line it emits mirrors one `case` of `interpreter.ts`, which stays the reference: what
// cannot be mirrored exactly (system instructions, CSRs, atomics, breakpoints) is not compiled
// and the block ends before it. The code is position-independent (it reads the entry pc from
// `st`) and depends only on the instructions (and, in comments, their offsets in the page) and
// whether caches are modelled, so one compiled function serves every machine, hart and virtual
// address mapping that code (see `functionFor`).

import { disassemble, registerName } from '../isa/disasm';
import { Op } from '../isa/opcodes';
import type { CachePath } from '../mem/cache';
import { SCRATCH_REG } from './decoded-cache';
import type { Hart } from './hart';

/** What a compiled block reads: one per hart, built once (see `blocks.ts`). */
export interface BlockEnv {
  readonly hart: Hart;
  readonly regs: Int32Array;
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly rkey: Int32Array;
  readonly wkey: Int32Array;
  readonly tadd: Int32Array;
  readonly setMask: number;
  readonly wayShift: number;
  readonly caches: CachePath | null;
  /** Stall of a TLB-hit access when caches are off (the L1 latency), as the interpreter charges it. */
  readonly flat: number;
  /** The most stall a TLB-hit access can add (the slowest level); bounds a block's cost. */
  readonly maxLat: number;
  readonly mulh: (a: number, b: number) => number;
  readonly mulhsu: (a: number, b: number) => number;
  readonly mulhu: (a: number, b: number) => number;
  /** The run state shared with the driver: see `St`. */
  readonly st: Int32Array;
}

/** Slots of `BlockEnv.st`: the interpreter's loop variables, handed in and out of a block. */
export const enum St {
  Pc = 0,
  N = 1,
  Stall = 2,
  Hits = 3,
  Limit = 4,
  Size = 8,
}

export type BlockFn = (env: BlockEnv, st: Int32Array) => void;

export interface Translation {
  readonly run: BlockFn;
  /** Instructions in the block. */
  readonly length: number;
  /** Loads and stores among all but the last instruction: with `length` they bound the block's cost. */
  readonly accessesBeforeLast: number;
  readonly source: string;
}

/** Longest block compiled (and longest run handed to the interpreter between lookups). */
export const MAX_BLOCK = 64;

// Compiled functions by source text. Sharing them across machines is semantically neutral (the
// source is a pure function of the instructions) and saves `new Function` plus V8's warm-up when
// tests and benchmarks boot many machines running the same programs.
const functions = new Map<string, BlockFn>();
const MAX_FUNCTIONS = 4096;

/** Does the block end after `op` (a control transfer, or fence.i, whose code may be new)? */
export function endsBlock(op: number): boolean {
  return (op >= Op.JAL && op <= Op.BGEU) || op === Op.FENCE_I || !compilable(op);
}

/** Can `op` be compiled with exactly the interpreter's effect? */
function compilable(op: number): boolean {
  return (op > Op.Undecoded && op < Op.ECALL) || (op >= Op.MUL && op <= Op.REMU);
}

/**
 * Compiles the instructions in decoded slots [first, end) of `code` (instruction indices within
 * the page) up to the first one that cannot be compiled. `words`/`wordBase` give the raw
 * instruction words, for the disassembly in comments. Null when not even the first compiles.
 */
export function translate(code: Int32Array, first: number, end: number, words: Int32Array, wordBase: number, caches: boolean): Translation | null {
  const slots: number[] = [];
  for (let k = first; k < end && slots.length < MAX_BLOCK; k++) {
    const op = code[2 * k] & 0xff;
    if (!compilable(op)) break;
    slots.push(k);
    if (endsBlock(op)) break;
  }
  if (slots.length === 0) return null;
  const gen = new Generator(slots.map((k) => code[2 * k] & 0xff), caches);
  slots.forEach((k, j) => gen.instruction(j, code[2 * k], code[2 * k + 1], `+0x${(4 * k).toString(16)}: ${disassemble(words[(wordBase >> 2) + k], 4 * k)}`));
  const source = gen.source();
  return { run: functionFor(source), length: slots.length, accessesBeforeLast: gen.accessesFrom(0), source };
}

function functionFor(source: string): BlockFn {
  let run = functions.get(source);
  if (run === undefined) {
    if (functions.size >= MAX_FUNCTIONS) functions.clear();
    run = new Function('E', 'st', source) as BlockFn;
    functions.set(source, run);
  }
  return run;
}

const LOADS: Partial<Record<number, { array: string; size: number; signed: boolean }>> = {
  [Op.LB]: { array: 'i8', size: 1, signed: true },
  [Op.LBU]: { array: 'u8', size: 1, signed: false },
  [Op.LH]: { array: 'i16', size: 2, signed: true },
  [Op.LHU]: { array: 'u16', size: 2, signed: false },
  [Op.LW]: { array: 'i32', size: 4, signed: true },
};
const STORES: Partial<Record<number, { array: string; size: number }>> = {
  [Op.SB]: { array: 'u8', size: 1 },
  [Op.SH]: { array: 'u16', size: 2 },
  [Op.SW]: { array: 'i32', size: 4 },
};
const BRANCHES: Partial<Record<number, (a: string, b: string) => string>> = {
  [Op.BEQ]: (a, b) => `${a} === ${b}`,
  [Op.BNE]: (a, b) => `${a} !== ${b}`,
  [Op.BLT]: (a, b) => `${a} < ${b}`,
  [Op.BGE]: (a, b) => `${a} >= ${b}`,
  [Op.BLTU]: (a, b) => `(${a} >>> 0) < (${b} >>> 0)`,
  [Op.BGEU]: (a, b) => `(${a} >>> 0) >= (${b} >>> 0)`,
};
const ALU_IMM: Partial<Record<number, (a: string, imm: number) => string>> = {
  [Op.ADDI]: (a, i) => `(${a} + ${i}) | 0`,
  [Op.SLTI]: (a, i) => `${a} < ${i} ? 1 : 0`,
  [Op.SLTIU]: (a, i) => `(${a} >>> 0) < ${i >>> 0} ? 1 : 0`,
  [Op.XORI]: (a, i) => `${a} ^ ${i}`,
  [Op.ORI]: (a, i) => `${a} | ${i}`,
  [Op.ANDI]: (a, i) => `${a} & ${i}`,
  [Op.SLLI]: (a, i) => `${a} << ${i}`,
  [Op.SRLI]: (a, i) => `(${a} >>> ${i}) | 0`,
  [Op.SRAI]: (a, i) => `${a} >> ${i}`,
};
// Shift amounts: JS shifts use the low five bits of the count, as RISC-V does.
const ALU_REG: Partial<Record<number, (a: string, b: string) => string>> = {
  [Op.ADD]: (a, b) => `(${a} + ${b}) | 0`,
  [Op.SUB]: (a, b) => `(${a} - ${b}) | 0`,
  [Op.SLL]: (a, b) => `${a} << ${b}`,
  [Op.SLT]: (a, b) => `${a} < ${b} ? 1 : 0`,
  [Op.SLTU]: (a, b) => `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`,
  [Op.XOR]: (a, b) => `${a} ^ ${b}`,
  [Op.SRL]: (a, b) => `(${a} >>> ${b}) | 0`,
  [Op.SRA]: (a, b) => `${a} >> ${b}`,
  [Op.OR]: (a, b) => `${a} | ${b}`,
  [Op.AND]: (a, b) => `${a} & ${b}`,
  [Op.MUL]: (a, b) => `Math.imul(${a}, ${b})`,
  [Op.MULH]: (a, b) => `mulh(${a}, ${b})`,
  [Op.MULHSU]: (a, b) => `mulhsu(${a}, ${b})`,
  [Op.MULHU]: (a, b) => `mulhu(${a}, ${b})`,
  [Op.DIV]: (a, b) => `${b} === 0 ? -1 : ${a} === -0x80000000 && ${b} === -1 ? ${a} : (${a} / ${b}) | 0`,
  [Op.DIVU]: (a, b) => `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`,
  [Op.REM]: (a, b) => `${b} === 0 ? ${a} : ${b} === -1 ? 0 : (${a} % ${b}) | 0`,
  [Op.REMU]: (a, b) => `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`,
};
const HELPERS: Partial<Record<number, string>> = { [Op.MULH]: 'mulh', [Op.MULHSU]: 'mulhsu', [Op.MULHU]: 'mulhu' };

/**
 * Emits one block. Locals: `pc0` the entry pc, `n`/`stall`/`hits` the interpreter's counters
 * (`n` is advanced in bulk at each exit and at the loop's back edge, so mid-block exits add the
 * index of the instruction they stop at), the guest registers by ABI name. Every exit path ends
 * in `break out`, which falls into the epilogue that stores registers and counters back.
 */
class Generator {
  private readonly lines: string[] = [];
  private readonly read = new Set<number>();
  private readonly written = new Set<number>();
  private readonly env = new Set<string>();
  private readonly length: number;
  private readonly isAccess: readonly boolean[];

  constructor(
    ops: readonly number[],
    private readonly caches: boolean,
  ) {
    this.length = ops.length;
    this.isAccess = ops.map((op) => LOADS[op] !== undefined || STORES[op] !== undefined);
  }

  /** Loads and stores among instructions j..length-2: their stall can delay the last instruction. */
  accessesFrom(j: number): number {
    return this.isAccess.slice(j, this.length - 1).filter(Boolean).length;
  }

  instruction(j: number, w: number, imm: number, comment: string): void {
    const op = w & 0xff;
    const rd = (w >>> 8) & 63;
    const rs1 = (w >>> 16) & 31;
    const rs2 = w >>> 24;
    this.lines.push(`  // ${comment}`);
    const load = LOADS[op];
    const store = STORES[op];
    const branch = BRANCHES[op];
    const aluImm = ALU_IMM[op];
    const aluReg = ALU_REG[op];
    if (load) this.load(j, rd, rs1, imm, load.array, load.size, load.signed);
    else if (store) this.store(j, rs1, rs2, imm, store.array, store.size);
    else if (branch) this.branch(j, branch(this.r(rs1), this.r(rs2)), imm);
    else if (aluImm) this.assign(rd, aluImm(this.r(rs1), imm));
    else if (aluReg) {
      const helper = HELPERS[op];
      if (helper !== undefined) this.env.add(helper);
      this.assign(rd, aluReg(this.r(rs1), this.r(rs2)));
    } else this.other(j, op, rd, rs1, imm);
    if (j === this.length - 1 && !(op >= Op.JAL && op <= Op.BGEU)) this.emit(this.exit(this.length));
  }

  source(): string {
    const regs = [...this.read].sort((a, b) => a - b);
    const env = [...this.env].sort();
    const memory = this.isAccess.some(Boolean);
    return [
      '"use strict";',
      `const H = E.hart, r = E.regs, limit = st[${St.Limit}], pc0 = st[${St.Pc}], ML = E.maxLat;`,
      env.length > 0 ? `const ${env.map((f) => `${f} = E.${f}`).join(', ')};` : '',
      memory ? `const asid = H.asidTag;` : '',
      `let n = st[${St.N}], stall = st[${St.Stall}], pc = pc0${memory ? `, hits = st[${St.Hits}]` : ''};`,
      regs.length > 0 ? `let ${regs.map((i) => `${registerName(i)} = r[${i}]`).join(', ')};` : '',
      'out: for (;;) {',
      ...this.lines,
      '}',
      ...[...this.written].sort((a, b) => a - b).map((i) => `r[${i}] = ${registerName(i)};`),
      `st[${St.Pc}] = pc; st[${St.N}] = n; st[${St.Stall}] = stall;${memory ? ` st[${St.Hits}] = hits;` : ''}`,
    ]
      .filter((line) => line !== '')
      .join('\n');
  }

  // ---- operands ----

  private r(i: number): string {
    if (i === 0) return '0';
    this.read.add(i);
    return registerName(i);
  }

  /** The local a result goes to, or null for x0 (the interpreter's scratch register). */
  private w(i: number): string | null {
    if (i === SCRATCH_REG || i === 0) return null;
    this.read.add(i);
    this.written.add(i);
    return registerName(i);
  }

  private assign(rd: number, value: string): void {
    const target = this.w(rd);
    if (target !== null) this.emit(`${target} = ${value};`);
  }

  private emit(line: string): void {
    this.lines.push(`  ${line}`);
  }

  /** Leave with `retired` instructions of this pass retired and pc at the next one. */
  private exit(retired: number, pc = `(pc0 + ${4 * retired}) | 0`): string {
    return `${retired > 0 ? `n = (n + ${retired}) | 0; ` : ''}pc = ${pc}; break out;`;
  }

  /** Stop at instruction `j` (not retired) with a misaligned-target trap, as the interpreter does. */
  private misaligned(j: number, target: string): string {
    return `H.trap = { kind: 'instructionMisaligned', addr: ${target} >>> 0 }; ${this.exit(j)}`;
  }

  // ---- control transfers (always a block's last instruction) ----

  private branch(j: number, cond: string, offset: number): void {
    const delta = 4 * j + offset;
    let taken: string;
    if (delta & 3) taken = this.misaligned(j, `(pc0 + ${delta})`);
    else if (delta === 0) taken = `n = (n + ${this.length}) | 0; if (n + stall + ${this.loopBound()} < limit) continue out; ${this.exit(0, 'pc0')}`;
    else taken = this.exit(this.length, `(pc0 + ${delta}) | 0`);
    this.emit(`if (${cond}) { ${taken} }`);
    this.emit(this.exit(this.length));
  }

  // The check before another pass: the same bound the driver checks before entering the block.
  private loopBound(): string {
    return `${this.length - 1} + ML * ${this.accessesFrom(0)}`;
  }

  private other(j: number, op: number, rd: number, rs1: number, imm: number): void {
    const next = `(pc0 + ${4 * j + 4}) | 0`;
    switch (op) {
      case Op.LUI:
        this.assign(rd, `${imm}`);
        return;
      case Op.AUIPC:
        this.assign(rd, `(pc0 + ${4 * j + imm}) | 0`);
        return;
      case Op.JAL: {
        const delta = 4 * j + imm;
        if (delta & 3) {
          this.emit(this.misaligned(j, `(pc0 + ${delta})`));
          return;
        }
        this.assign(rd, next);
        if (delta === 0) this.emit(`n = (n + ${this.length}) | 0; if (n + stall + ${this.loopBound()} < limit) continue out; ${this.exit(0, 'pc0')}`);
        else this.emit(this.exit(this.length, `(pc0 + ${delta}) | 0`));
        return;
      }
      case Op.JALR: {
        this.emit(`{ const t = (${this.r(rs1)} + ${imm}) & ~1; if (t & 3) { ${this.misaligned(j, 't')} }`);
        this.assign(rd, next);
        this.emit(`${this.exit(this.length, 't')} }`);
        return;
      }
      case Op.FENCE:
      case Op.FENCE_I:
        // Memory is sequentially consistent, and stores to code drop its decoding (and blocks) at once.
        return;
      default:
        throw new Error(`block compiler: op ${op} is not compilable`);
    }
  }

  // ---- memory: the interpreter's TLB hit path inline, its slow path through the hart ----

  private translateVa(rs1: number, imm: number, keys: 'rkey' | 'wkey', align: number): string {
    this.env.add(keys).add('tadd').add('setMask').add('wayShift');
    const aligned = align > 1 ? ` && (va & ${align - 1}) === 0` : '';
    return `const va = (${this.r(rs1)} + ${imm}) | 0, vpn = va >>> 12, s = (vpn & setMask) << wayShift; if (${keys}[s] === (vpn | asid)${aligned})`;
  }

  private hitCost(write: boolean): string {
    if (this.caches) {
      this.env.add('caches');
      return `const h = (va + tadd[s]) | 0; hits = (hits + 1) | 0; stall = (stall + caches.access(h, ${write})) | 0;`;
    }
    this.env.add('flat');
    return `const h = (va + tadd[s]) | 0; hits = (hits + 1) | 0; stall = (stall + flat) | 0;`;
  }

  private load(j: number, rd: number, rs1: number, imm: number, array: string, size: number, signed: boolean): void {
    this.env.add(array);
    const target = this.w(rd);
    const index = size === 1 ? 'h' : `h >> ${Math.log2(size)}`;
    const hit = target === null ? '' : ` ${target} = ${array}[${index}];`;
    const set = target === null ? '' : ` ${target} = v;`;
    this.emit(`{ ${this.translateVa(rs1, imm, 'rkey', size)} { ${this.hitCost(false)}${hit} } else {`);
    this.emit(`  const v = H.load(va, ${size}, ${signed}); stall = (stall + H.slowCycles) | 0; H.slowCycles = 0;`);
    this.emit(`  if (H.trap !== null) { if (H.fault) { ${this.exit(j)} }${set} ${this.exit(j + 1)} }`);
    if (set !== '') this.emit(` ${set}`);
    // A page walk's stall is unbounded: go on only if the rest still fits under the limit.
    if (j + 1 < this.length) this.emit(`  if (n + ${j + 1} + stall + ${this.restBound(j + 1)} >= limit) { ${this.exit(j + 1)} }`);
    this.emit('} }');
  }

  /** Most cycles instructions j..length-2 can cost from here on the hit path. */
  private restBound(j: number): string {
    return `${this.length - 1 - j} + ML * ${this.accessesFrom(j)}`;
  }

  private store(j: number, rs1: number, rs2: number, imm: number, array: string, size: number): void {
    this.env.add(array);
    const value = this.r(rs2);
    const index = size === 1 ? 'h' : `h >> ${Math.log2(size)}`;
    this.emit(`{ ${this.translateVa(rs1, imm, 'wkey', size)} { ${this.hitCost(true)} ${array}[${index}] = ${value}; } else {`);
    this.emit(`  H.store(va, ${size}, ${value}); stall = (stall + H.slowCycles) | 0; H.slowCycles = 0;`);
    // The store may have rewritten code (this block's own included): leave, either way.
    this.emit(`  if (H.fault) { ${this.exit(j)} } ${this.exit(j + 1)}`);
    this.emit('} }');
  }
}
