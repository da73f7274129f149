// Pre-decoded instructions, cached per physical frame. A slot holds two words: the packed fields
// (op | rd << 8 | rs1 << 16 | rs2 << 24, with rd = x0 redirected to the scratch register 32 so
// that writes need no check) and the immediate. Slots are decoded lazily on first execution and
// reset when the frame is written (stores to code frames take the slow path for this reason),
// so self-modifying code and `fence.i` just work. Debugger breakpoints are decoded as BREAKPOINT.

import { decode } from '../isa/decode';
import { Op } from '../isa/opcodes';
import { PAGE_SHIFT, type PhysicalMemory } from '../mem/phys';

export const SLOTS_PER_PAGE = 1024;
export const SCRATCH_REG = 32;

/** What the block engine keeps per frame beside its decoded slots (see `blocks.ts`). */
export interface SlotObserver {
  /** Instruction slot `index` (0..1023) of the frame was reset: forget what was built on it. */
  dropSlot(index: number): void;
}

export class DecodedCache {
  private readonly pages: (Int32Array | undefined)[];
  /** Per frame, the block engine's compiled blocks; told of every invalidated slot, dropped with the frame. */
  readonly blockTables: (SlotObserver | undefined)[];
  private readonly breakpoints = new Set<number>();
  /** Called when a frame first holds decoded code: writable TLB entries to it must go slow. */
  onNewCodeFrame: (hostPage: number) => void = () => {};

  constructor(private readonly mem: PhysicalMemory) {
    this.pages = new Array(mem.frameCount);
    this.blockTables = new Array(mem.frameCount);
  }

  /** The decoded slots of the frame at `hostPage`, created (all undecoded) on first use. */
  page(hostPage: number): Int32Array {
    const frame = hostPage >>> PAGE_SHIFT;
    let page = this.pages[frame];
    if (page === undefined) {
      page = new Int32Array(SLOTS_PER_PAGE * 2);
      this.pages[frame] = page;
      this.onNewCodeFrame(hostPage);
    }
    return page;
  }

  hasCode(hostPage: number): boolean {
    return this.pages[hostPage >>> PAGE_SHIFT] !== undefined;
  }

  /** Decodes the instruction at host index `h` into slot `slot` (its even index) of `page`. */
  decodeSlot(page: Int32Array, slot: number, h: number): void {
    const word = this.mem.i32[h >> 2];
    const d = this.breakpoints.has(h) ? null : decode(word);
    if (d === null) {
      page[slot] = this.breakpoints.has(h) ? Op.BREAKPOINT : Op.ILLEGAL;
      page[slot + 1] = word;
      return;
    }
    const rd = d.rd === 0 ? SCRATCH_REG : d.rd;
    page[slot] = d.op | (rd << 8) | (d.rs1 << 16) | (d.rs2 << 24);
    page[slot + 1] = d.imm;
  }

  /** Forgets the decoding of any instruction overlapping [h, h + size): the bytes changed. */
  invalidate(h: number, size: number): void {
    for (let w = h & ~3; w < h + size; w += 4) {
      const page = this.pages[w >>> PAGE_SHIFT];
      if (page !== undefined) page[(w & 0xffc) >>> 1] = Op.Undecoded;
      this.blockTables[w >>> PAGE_SHIFT]?.dropSlot((w & 0xffc) >>> 2);
    }
  }

  /** The frame was reallocated: its old code is gone. */
  dropFrame(hostPage: number): void {
    this.pages[hostPage >>> PAGE_SHIFT] = undefined;
    this.blockTables[hostPage >>> PAGE_SHIFT] = undefined;
  }

  /** Forgets every frame's code and every breakpoint: memory was rewound to a checkpoint. */
  forgetAll(): void {
    this.pages.fill(undefined);
    this.blockTables.fill(undefined);
    this.breakpoints.clear();
  }

  /** Every breakpoint gone. */
  clearBreakpoints(): void {
    for (const h of this.breakpoints) this.invalidate(h, 4);
    this.breakpoints.clear();
  }

  setBreakpoint(h: number): void {
    this.breakpoints.add(h);
    this.invalidate(h, 4);
  }

  clearBreakpoint(h: number): void {
    if (this.breakpoints.delete(h)) this.invalidate(h, 4);
  }

  hasBreakpoint(h: number): boolean {
    return this.breakpoints.has(h);
  }
}
