// The state of one function while codegen writes it: the assembly lines so far, the frame being
// laid out (slots below s0 handed out as they are needed), and the expression stack. Expressions
// evaluate onto a stack of words whose first STACK_REGS.length entries live in t0–t5 and the
// rest in "home" slots in the frame; a call saves the live registers to their homes and reloads
// them after, so a value survives a call without the caller knowing. t6 is the scratch for
// addresses that do not fit a 12-bit offset; a0–a7 are scratch outside call sequences.

import type { FunctionDefinition, FrameSlot, LexicalScope, LocalVariable } from './ast';
import type { CompileContext } from './context';
import type { SourceLocation } from './token';

/** The psABI's stack alignment: sp (and so s0) is a multiple of 16 at every call. */
export const STACK_ALIGN = 16;

export const STACK_REGS = ['t0', 't1', 't2', 't3', 't4', 't5'] as const;
/** Holds out-of-range addresses (memOp) and an indirect callee: never a stack register. */
export const ADDR_SCRATCH = 't6';

export interface SwitchTargets {
  readonly caseLabels: readonly string[];
  readonly defaultLabel: string;
}

export function fitsImm12(n: number): boolean {
  return n >= -2048 && n <= 2047;
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export class FunctionGen {
  readonly lines: string[] = [];
  /** Read-only data the function's code refers to (switch jump tables), emitted after it. */
  readonly rodata: string[] = [];
  readonly slots = new Map<LocalVariable, FrameSlot>();
  readonly scopes = new Map<LexicalScope, { readonly begin: string; readonly end: string }>();
  readonly userLabels = new Map<string, string>();
  readonly breakTargets: string[] = [];
  readonly continueTargets: string[] = [];
  readonly switches: SwitchTargets[] = [];
  readonly returnLabel: string;
  /** Stack depth in words; positions [0, depth) hold live values. */
  depth = 0;
  /** Bytes of the frame below s0 handed out so far (ra and the caller's s0 take the first 8). */
  private used = 8;
  private readonly homes = new Map<number, number>();
  /** Bytes of outgoing stack arguments the largest call needs, at 0(sp). */
  outgoing = 0;
  /** s0 offset of the slot holding the caller's struct-return buffer address, when sret. */
  sretSlot: number | null = null;
  private lastRow: { file: number; line: number } | null = null;
  prologueEndPending = false;

  constructor(
    readonly ctx: CompileContext,
    readonly fn: FunctionDefinition,
  ) {
    this.returnLabel = ctx.label('ret');
  }

  emit(instruction: string): void {
    this.lines.push(`\t${instruction}`);
  }

  placeLabel(label: string): void {
    this.lines.push(`${label}:`);
  }

  /** Reserves `size` bytes below s0 and returns their (negative) s0 offset. */
  allocate(size: number, align: number): number {
    this.used = alignUp(this.used + size, Math.max(align, 1));
    return -this.used;
  }

  get frameBytesBelowS0(): number {
    return alignUp(this.used + this.outgoing, STACK_ALIGN);
  }

  // --- the expression stack -------------------------------------------------------------------

  push(words = 1): number {
    const at = this.depth;
    this.depth += words;
    return at;
  }

  pop(words = 1): void {
    this.depth -= words;
    if (this.depth < 0) throw new Error('codegen: expression stack underflow');
  }

  isRegister(position: number): boolean {
    return position < STACK_REGS.length;
  }

  home(position: number): number {
    let offset = this.homes.get(position);
    if (offset === undefined) {
      offset = this.allocate(4, 4);
      this.homes.set(position, offset);
    }
    return offset;
  }

  /** A register holding the value at `position` (loaded into `scratch` when it lives in memory). */
  src(position: number, scratch: string): string {
    if (this.isRegister(position)) return STACK_REGS[position];
    this.memOp('lw', scratch, 's0', this.home(position));
    return scratch;
  }

  /** The register to compute `position`'s new value in; call commit() after writing it. */
  dst(position: number, scratch: string): string {
    return this.isRegister(position) ? STACK_REGS[position] : scratch;
  }

  commit(position: number, reg: string): void {
    if (!this.isRegister(position)) this.memOp('sw', reg, 's0', this.home(position));
  }

  /** Writes `reg` (a scratch register holding a result) to the stack word at `position`. */
  setWord(position: number, reg: string): void {
    const d = this.dst(position, reg);
    if (d !== reg) this.emit(`mv\t${d}, ${reg}`);
    this.commit(position, d);
  }

  /** Copies the word at `from` to `to` (moving results down over consumed operands). */
  move(from: number, to: number): void {
    if (from === to) return;
    const value = this.src(from, 'a0');
    const target = this.dst(to, value);
    if (target !== value) this.emit(`mv\t${target}, ${value}`);
    this.commit(to, target);
  }

  /** Saves live registers below `live` before a call clobbers the temporaries. */
  saveLive(live: number): void {
    for (let p = 0; p < Math.min(live, STACK_REGS.length); p++) this.memOp('sw', STACK_REGS[p], 's0', this.home(p));
  }

  restoreLive(live: number): void {
    for (let p = 0; p < Math.min(live, STACK_REGS.length); p++) this.memOp('lw', STACK_REGS[p], 's0', this.home(p));
  }

  // --- instructions with large offsets ------------------------------------------------------

  /** `op reg, offset(base)`, going through t6 when the offset does not fit 12 bits. */
  memOp(op: string, reg: string, base: string, offset: number): void {
    if (fitsImm12(offset)) {
      this.emit(`${op}\t${reg}, ${offset}(${base})`);
      return;
    }
    this.emit(`li\t${ADDR_SCRATCH}, ${offset}`);
    this.emit(`add\t${ADDR_SCRATCH}, ${base}, ${ADDR_SCRATCH}`);
    this.emit(`${op}\t${reg}, 0(${ADDR_SCRATCH})`);
  }

  /** dst = base + offset for any offset (dst must not be t6 when base is). */
  addImmediate(dst: string, base: string, offset: number): void {
    if (fitsImm12(offset)) {
      if (offset !== 0 || dst !== base) this.emit(`addi\t${dst}, ${base}, ${offset}`);
      return;
    }
    this.emit(`li\t${ADDR_SCRATCH}, ${offset}`);
    this.emit(`add\t${dst}, ${base}, ${ADDR_SCRATCH}`);
  }

  // --- line table ---------------------------------------------------------------------------

  /** Emits a `.loc` row when -g and the line changed (or always, when `force`). */
  lineRow(loc: SourceLocation, force = false): void {
    if (!this.ctx.options.debug) return;
    const file = this.ctx.lineTableFile(loc.file);
    if (!force && !this.prologueEndPending && this.lastRow && this.lastRow.file === file && this.lastRow.line === loc.line) return;
    const flags = this.prologueEndPending ? ' prologue_end' : '';
    this.prologueEndPending = false;
    this.lastRow = { file, line: loc.line };
    this.emit(`.loc\t${file} ${loc.line} ${loc.column}${flags}`);
  }
}
