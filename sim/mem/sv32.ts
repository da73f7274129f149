// Sv32 address translation, as the hardware walker does it (RISC-V privileged spec, 4.3.2
// "Virtual Address Translation Process"). Page tables live in simulated physical memory; the
// walk reads them there, counts its memory accesses (the cost model charges them) and updates
// the A and D bits in place, as hardware with Svadu does.

import { PAGE_SHIFT, type PhysicalMemory } from './phys';

export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
/** RSW bit 8: the kernel marks copy-on-write pages with it (the hardware ignores RSW). */
export const PTE_COW = 1 << 8;

export const LEVELS = 2;
export const PTE_SIZE = 4;

export type Access = 'read' | 'write' | 'execute';

export const pteToPpn = (pte: number): number => pte >>> 10;
export const ppnToPte = (ppn: number, flags: number): number => ((ppn << 10) | flags) | 0;
export const vpn1 = (va: number): number => va >>> 22;
export const vpn0 = (va: number): number => (va >>> 12) & 0x3ff;

export type WalkFaultReason = 'invalid' | 'permission' | 'misaligned-superpage' | 'reserved';

export interface WalkSuccess {
  readonly ok: true;
  /** PPN of the 4 KiB page holding `va` (superpages are split to the page). */
  readonly ppn: number;
  /** The leaf PTE after any A/D update. */
  readonly pte: number;
  /** Physical addresses of the PTEs read, root first: the walk's memory accesses. */
  readonly pteAddrs: readonly number[];
}

export interface WalkFault {
  readonly ok: false;
  readonly pteAddrs: readonly number[];
  readonly reason: WalkFaultReason;
}

export type WalkResult = WalkSuccess | WalkFault;

/** A walk's outcome without allocation, for the TLB-miss path; reused walk after walk. */
export class WalkScratch {
  fault: WalkFaultReason | null = null;
  ppn = 0;
  pte = 0;
  /** PTE addresses read, root first; `reads` of them are valid. */
  readonly pteAddrs = [0, 0];
  reads = 0;
}

/** Walks the Sv32 tree rooted at `rootPpn` for a user-mode `access` to `va`. */
export function walk(mem: PhysicalMemory, rootPpn: number, va: number, access: Access): WalkResult {
  const s = walkInto(mem, rootPpn, va, access, new WalkScratch());
  const pteAddrs = s.pteAddrs.slice(0, s.reads);
  return s.fault === null ? { ok: true, ppn: s.ppn, pte: s.pte, pteAddrs } : { ok: false, pteAddrs, reason: s.fault };
}

/** The walk itself, into `out`. Steps follow the spec's numbering (4.3.2). */
export function walkInto(mem: PhysicalMemory, rootPpn: number, va: number, access: Access, out: WalkScratch): WalkScratch {
  out.reads = 0;
  out.fault = 'invalid';
  // Step 1: a = satp.ppn × PAGESIZE, i = LEVELS − 1.
  let a = rootPpn * 4096;
  for (let i = LEVELS - 1; i >= 0; i--) {
    // Step 2: pte = M[a + va.vpn[i] × PTESIZE].
    const pteAddr = a + (i === 1 ? vpn1(va) : vpn0(va)) * PTE_SIZE;
    out.pteAddrs[out.reads++] = pteAddr;
    let pte = mem.readWord(pteAddr);
    // Step 3: invalid, or the reserved W-without-R combination.
    if (!(pte & PTE_V)) return fail(out, 'invalid');
    if (!(pte & PTE_R) && pte & PTE_W) return fail(out, 'reserved');
    // Step 4: a pointer to the next level unless R or X is set.
    if (!(pte & (PTE_R | PTE_X))) {
      a = pteToPpn(pte) * 4096;
      continue;
    }
    // Step 5: a leaf; user mode needs U, and the access its permission bit.
    if (!(pte & PTE_U) || !permits(pte, access)) return fail(out, 'permission');
    // Step 6: a superpage's low PPN must be zero.
    if (i === 1 && (pteToPpn(pte) & 0x3ff) !== 0) return fail(out, 'misaligned-superpage');
    // Step 7: set A, and D on a write (Svadu: the hardware updates them in memory).
    const wanted = PTE_A | (access === 'write' ? PTE_D : 0);
    if ((pte & wanted) !== wanted) {
      pte |= wanted;
      mem.writeWord(pteAddr, pte);
    }
    // Step 8: for a superpage, the page's low PPN comes from the VA.
    out.ppn = i === 1 ? pteToPpn(pte) | vpn0(va) : pteToPpn(pte);
    out.pte = pte;
    out.fault = null;
    return out;
  }
  return out;
}

function fail(out: WalkScratch, reason: WalkFaultReason): WalkScratch {
  out.fault = reason;
  return out;
}

function permits(pte: number, access: Access): boolean {
  switch (access) {
    case 'read':
      return (pte & PTE_R) !== 0;
    case 'write':
      return (pte & PTE_W) !== 0;
    case 'execute':
      return (pte & PTE_X) !== 0;
  }
}

export const PAGE_MASK = ~((1 << PAGE_SHIFT) - 1);
