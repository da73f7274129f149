// Keeping every hart's TLB true to the page tables: which address space a hart translates
// through (satp), ASIDs handed out by generation so that a switch need not flush, and TLB
// shootdowns on every hart when a mapping is removed or narrowed. Without ASIDs every
// address-space switch flushes the TLB, so the price of a flush can be seen.

import type { Hart } from '../cpu/hart';
import { AsidAllocator } from '../mem/asid';
import type { AddressSpace } from './vm';

export class Mmu {
  private readonly asids = new AsidAllocator();

  constructor(
    private readonly harts: readonly Hart[],
    private readonly useAsids: boolean,
    /** The address space each hart is running, or null while it idles. */
    private readonly runningOn: (hart: Hart) => AddressSpace | null,
  ) {}

  /** Points `hart` at `aspace` (a satp write) when it is not translating through it already. */
  activate(hart: Hart, aspace: AddressSpace): void {
    const stale = this.useAsids && (hart.asid !== aspace.asid || aspace.asidGeneration !== this.asids.generation);
    if (hart.rootPpn === aspace.rootPpn && !stale) return;
    if (!this.useAsids) {
      hart.setAddressSpace(aspace.rootPpn, 0, true);
      return;
    }
    // A generation rollover flushes every TLB; the other harts re-tag what they are running.
    if (this.asids.assign(aspace)) {
      for (const other of this.harts) {
        other.tlb.flushAll('asid-rollover');
        const running = this.runningOn(other);
        if (other !== hart && running) {
          this.asids.assign(running);
          other.setAddressSpace(running.rootPpn, running.asid, false);
        }
      }
    }
    hart.setAddressSpace(aspace.rootPpn, aspace.asid, false);
  }

  /** Invalidates one page of an address space on every hart that may hold it. */
  shootdown(aspace: AddressSpace, vpn: number): void {
    for (const hart of this.harts) {
      if (this.useAsids) hart.tlb.flushPage(vpn, aspace.asid);
      else if (hart.rootPpn === aspace.rootPpn) hart.tlb.flushPage(vpn, 0);
    }
  }

  /** Invalidates a whole address space on every hart (after fork write-protects it). */
  flush(aspace: AddressSpace): void {
    for (const hart of this.harts) {
      if (this.useAsids) hart.tlb.flushAsid(aspace.asid, 'fork');
      else if (hart.rootPpn === aspace.rootPpn) hart.tlb.flushAll('fork');
    }
  }
}
