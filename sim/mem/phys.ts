// Physical memory: 4 KiB frames in one ArrayBuffer, starting at the RISC-V DRAM base so that the
// physical addresses learners see (in PTEs, the page-table panel, the TLB) look like a real
// board's. Frames carry reference counts: fork shares them, copy-on-write splits them.
// Host index = physical address - DRAM_BASE; the interpreter works in host indices.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const DRAM_BASE = 0x8000_0000;
export const DRAM_BASE_PPN = DRAM_BASE >>> PAGE_SHIFT;

export class OutOfMemory extends Error {
  constructor() {
    super('out of physical memory');
  }
}

export class PhysicalMemory {
  readonly size: number;
  readonly frameCount: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /** Owners of each frame; 0 means free. */
  readonly refcount: Uint16Array;
  // Free frames as a stack, lowest frame on top, so allocation order is deterministic.
  private readonly freeStack: Int32Array;
  private freeTop: number;
  /** Told of every allocation, so caches keyed by frame (decoded code) forget its old contents. */
  onFrameAllocated: (hostPage: number) => void = () => {};

  constructor(mebibytes: number) {
    if (!(mebibytes >= 1 && mebibytes <= 2048)) throw new RangeError(`memory must be 1..2048 MiB, got ${mebibytes}`);
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('oslab needs a little-endian host');
    this.size = mebibytes * 1024 * 1024;
    this.frameCount = this.size >>> PAGE_SHIFT;
    const buffer = new ArrayBuffer(this.size);
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.refcount = new Uint16Array(this.frameCount);
    this.freeStack = new Int32Array(this.frameCount);
    for (let i = 0; i < this.frameCount; i++) this.freeStack[i] = this.frameCount - 1 - i;
    this.freeTop = this.frameCount;
  }

  get freeFrames(): number {
    return this.freeTop;
  }

  /** A zeroed frame with one reference; returns its PPN. Throws OutOfMemory when none is left. */
  allocFrame(): number {
    if (this.freeTop === 0) throw new OutOfMemory();
    const frame = this.freeStack[--this.freeTop];
    this.refcount[frame] = 1;
    this.u8.fill(0, frame << PAGE_SHIFT, (frame + 1) << PAGE_SHIFT);
    this.onFrameAllocated(frame << PAGE_SHIFT);
    return frame + DRAM_BASE_PPN;
  }

  /** Adds an owner (fork sharing a frame). */
  shareFrame(ppn: number): void {
    const frame = this.frameIndex(ppn);
    if (this.refcount[frame] === 0) throw new Error(`cannot share free frame ${ppn.toString(16)}`);
    this.refcount[frame]++;
  }

  /** Drops an owner; the frame is freed with its last one. Returns the remaining count. */
  releaseFrame(ppn: number): number {
    const frame = this.frameIndex(ppn);
    if (this.refcount[frame] === 0) throw new Error(`double free of frame ${ppn.toString(16)}`);
    const left = --this.refcount[frame];
    if (left === 0) this.freeStack[this.freeTop++] = frame;
    return left;
  }

  /** A copy of the free list, for a machine checkpoint. */
  freeList(): Int32Array {
    return this.freeStack.slice();
  }

  /** Puts back a free list taken by `freeList` (with the matching reference counts). */
  restoreFreeList(list: Int32Array, top: number): void {
    this.freeStack.set(list);
    this.freeTop = top;
  }

  frameIndex(ppn: number): number {
    const frame = ppn - DRAM_BASE_PPN;
    if (frame < 0 || frame >= this.frameCount) throw new RangeError(`PPN ${ppn.toString(16)} is outside physical memory`);
    return frame;
  }

  /** Host index of the first byte of a frame. */
  frameHost(ppn: number): number {
    return this.frameIndex(ppn) << PAGE_SHIFT;
  }

  readWord(paddr: number): number {
    return this.i32[this.host(paddr) >> 2];
  }

  writeWord(paddr: number, value: number): void {
    this.i32[this.host(paddr) >> 2] = value;
  }

  private host(paddr: number): number {
    const h = (paddr >>> 0) - DRAM_BASE;
    if (h < 0 || h >= this.size) throw new RangeError(`physical address ${(paddr >>> 0).toString(16)} is outside memory`);
    return h;
  }
}
