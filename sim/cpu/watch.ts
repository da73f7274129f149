// Data watchpoints. A watched page's TLB entries lose their fast key for the watched kind of
// access, so only accesses to watched pages reach the exact range check here; the interpreter's
// fast path stays untouched.

import { P_WATCH_READ, P_WATCH_WRITE } from '../mem/tlb';

export interface Watchpoint {
  readonly id: number;
  /** Root page-table PPN of the address space watched. */
  readonly rootPpn: number;
  readonly addr: number;
  readonly size: number;
  readonly read: boolean;
  readonly write: boolean;
}

export class WatchList {
  private readonly points: Watchpoint[] = [];
  private nextId = 1;

  get all(): readonly Watchpoint[] {
    return this.points;
  }

  add(rootPpn: number, addr: number, size: number, access: { read: boolean; write: boolean }): Watchpoint {
    const point = { id: this.nextId++, rootPpn, addr: addr >>> 0, size, ...access };
    this.points.push(point);
    return point;
  }

  remove(id: number): Watchpoint | undefined {
    const at = this.points.findIndex((p) => p.id === id);
    return at < 0 ? undefined : this.points.splice(at, 1)[0];
  }

  /** P_WATCH_* bits for a page of an address space (of any, for `rootPpn` null). */
  pagePerm(rootPpn: number | null, vpn: number): number {
    let perm = 0;
    for (const p of this.points) {
      if (rootPpn !== null && p.rootPpn !== rootPpn) continue;
      if (p.addr >>> 12 <= vpn && (p.addr + p.size - 1) >>> 12 >= vpn) {
        if (p.read) perm |= P_WATCH_READ;
        if (p.write) perm |= P_WATCH_WRITE;
      }
    }
    return perm;
  }

  /** The watchpoint an access hits, if any. */
  hit(rootPpn: number, va: number, size: number, write: boolean): Watchpoint | undefined {
    va >>>= 0;
    return this.points.find(
      (p) => p.rootPpn === rootPpn && (write ? p.write : p.read) && va < p.addr + p.size && p.addr < va + size,
    );
  }
}
