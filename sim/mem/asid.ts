// ASID allocation with generations (as Linux does on arm64 and riscv). Sv32 has 9-bit ASIDs, so
// at most 511 address spaces (ASID 0 is kept for "no ASID") can have TLB entries tagged at once.
// An address space keeps its ASID while its generation is current; when the ASIDs run out the
// generation advances, every TLB is flushed once, and address spaces get new ASIDs as they run.

export const ASID_BITS = 9;
export const ASID_COUNT = 1 << ASID_BITS;

export interface AsidHolder {
  asid: number;
  asidGeneration: number;
}

export class AsidAllocator {
  generation = 1;
  private next = 1;

  /**
   * Makes `holder`'s ASID valid for the current generation. Returns true when the generation
   * rolled over, in which case the caller must flush every hart's TLB.
   */
  assign(holder: AsidHolder): boolean {
    if (holder.asidGeneration === this.generation && holder.asid !== 0) return false;
    let rolledOver = false;
    if (this.next === ASID_COUNT) {
      this.generation++;
      this.next = 1;
      rolledOver = true;
    }
    holder.asid = this.next++;
    holder.asidGeneration = this.generation;
    return rolledOver;
  }
}
