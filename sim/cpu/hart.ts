// A hart: the architectural state of one RISC-V core (registers, pc, LR reservation, the address
// space it translates through) with its TLB, its private caches and its counters. The fast loop
// in `interpreter.ts` handles the common case inline; everything rarer lives here as slow paths:
// TLB misses and the page walk, misaligned accesses, stores to code, watchpoints, atomics and
// the counter CSRs. A slow path that fails sets `trap` (and `fault` when the instruction must
// not retire) and adds what it cost to `slowCycles`.

import { CSR } from '../isa/instructions';
import type { CachePath } from '../mem/cache';
import { DRAM_BASE, type PhysicalMemory } from '../mem/phys';
import { PTE_D, PTE_R, PTE_W, PTE_X, WalkScratch, walkInto, type Access } from '../mem/sv32';
import { ASID_SHIFT, P_CODE, P_EXEC, P_READ, P_WRITE, Tlb, tlbKey, type TlbConfig } from '../mem/tlb';
import type { CostModel } from './cost';
import type { DecodedCache } from './decoded-cache';
import type { Trap } from './trap';
import type { WatchList } from './watch';

/** What every hart shares: memory, decoded code, the cost model, watchpoints. */
export interface HartShared {
  readonly mem: PhysicalMemory;
  readonly decoded: DecodedCache;
  readonly cost: CostModel;
  readonly watch: WatchList;
  /** Timebase of the `time` CSR, in Hz. */
  readonly timebaseHz: number;
}

export interface HartCounters {
  /** Page-table walks (TLB misses that reached memory). */
  walks: number;
  misalignedAccesses: number;
}

export class Hart {
  /** x0..x31 plus a scratch slot 32 that absorbs writes to x0. */
  readonly regs = new Int32Array(33);
  pc = 0;
  /** Root page table (satp.PPN) and ASID of the address space running. */
  rootPpn = 0;
  asid = 0;
  asidTag = 0;
  /** Retired instructions and elapsed cycles, since boot. */
  instret = 0;
  cycles = 0;
  reservationValid = false;
  reservationVa = 0;
  trap: Trap | null = null;
  fault = false;
  slowCycles = 0;
  /** When the timer interrupts the running thread (cycles). */
  timerDeadline = Infinity;
  /**
   * The code page the interpreter fetches from, kept across runs so that single-stepping
   * translates exactly as often as the fast loop; dropped on any trap and any TLB invalidation.
   */
  fetchPageVa = 1;
  fetchHost = 0;
  fetchCode: Int32Array = new Int32Array(0);
  fetchTlbState = -1;
  readonly tlb: Tlb;
  readonly counters: HartCounters = { walks: 0, misalignedAccesses: 0 };
  readonly mem: PhysicalMemory;
  readonly decoded: DecodedCache;
  readonly cost: CostModel;
  private readonly walkScratch = new WalkScratch();

  constructor(
    readonly id: number,
    readonly shared: HartShared,
    tlbConfig: TlbConfig,
    readonly caches: CachePath | null,
  ) {
    this.tlb = new Tlb(tlbConfig, this);
    this.mem = shared.mem;
    this.decoded = shared.decoded;
    this.cost = shared.cost;
  }

  /** Switches the address space translated (satp write). Flushes the TLB unless ASIDs keep entries apart. */
  setAddressSpace(rootPpn: number, asid: number, flush: boolean): void {
    this.rootPpn = rootPpn;
    this.asid = asid;
    this.asidTag = asid << ASID_SHIFT;
    if (flush) this.tlb.flushAll('switch');
    this.fetchTlbState = -1;
  }

  /**
   * Folds a fast loop's local state back into the hart when it stops or hands over: where it
   * got, the fetch page it keeps for next time, and what it counted.
   */
  endRun(pc: number, code: Int32Array, pageVa: number, host: number, instructions: number, stall: number, tlbHits: number): void {
    this.pc = pc;
    this.fetchCode = code;
    this.fetchPageVa = pageVa;
    this.fetchHost = host;
    this.fetchTlbState = this.tlb.invalidations;
    this.instret += instructions;
    this.cycles += instructions + stall;
    this.tlb.counters.hits += tlbHits;
  }

  /**
   * Memory was rewound and the decoded-code cache emptied (a checkpoint restored): the fetch page
   * kept across runs points at the frame's new, empty decoding, so fetching goes on exactly as
   * it would have (the TLB state it depends on was restored with the hart).
   */
  rebindFetch(): void {
    if (this.fetchCode.length > 0) this.fetchCode = this.decoded.page(this.fetchHost);
  }

  /** Takes the trap a run ended with. */
  takeTrap(): Trap | null {
    const trap = this.trap;
    // A debugger breakpoint keeps the fetch page: stopping there must not change what the run
    // counts (a later fetch would count one more TLB lookup).
    if (trap !== null && trap.kind !== 'breakpoint') this.fetchTlbState = -1;
    this.trap = null;
    this.fault = false;
    return trap;
  }

  // ---- translation ----

  /** Host index of `va` for `access`, through the TLB or a page walk; -1 after a page fault. */
  translate(va: number, access: Access): number {
    const vpn = va >>> 12;
    const key = tlbKey(vpn, this.asid);
    const need = access === 'read' ? P_READ : access === 'write' ? P_WRITE : P_EXEC;
    let slot = this.tlb.find(key);
    if (slot < 0 || !(this.tlb.perm[slot] & need)) slot = this.fill(va, access);
    if (slot < 0) return -1;
    return (va + this.tlb.add[slot]) | 0;
  }

  /**
   * Host page base for fetching at `pc`, when execution enters a page: the execute key of the
   * set's most recent way (a counted hit), else the slow path, whose cycles go to `slowCycles`.
   * -1 after a page fault (with `trap` set). Both fast loops call this, so they count alike.
   */
  fetchPage(pc: number): number {
    const tlb = this.tlb;
    const vpn = pc >>> 12;
    const s = (vpn & tlb.setMask) << tlb.wayShift;
    if (tlb.xkey[s] === (vpn | this.asidTag)) {
      tlb.counters.hits++;
      return ((pc & ~0xfff) + tlb.add[s]) | 0;
    }
    const h = this.translate(pc, 'execute');
    return h < 0 ? -1 : h & ~0xfff;
  }

  private fill(va: number, access: Access): number {
    this.counters.walks++;
    const result = walkInto(this.mem, this.rootPpn, va, access, this.walkScratch);
    for (let i = 0; i < result.reads; i++) this.slowCycles += this.memoryLatency(result.pteAddrs[i] - DRAM_BASE, false);
    if (result.fault !== null) {
      const addr = va >>> 0;
      this.trap =
        access === 'read'
          ? { kind: 'loadPageFault', addr }
          : access === 'write'
            ? { kind: 'storePageFault', addr }
            : { kind: 'instructionPageFault', addr };
      this.fault = true;
      return -1;
    }
    const hostPage = this.mem.frameHost(result.ppn);
    const pte = result.pte;
    let perm = 0;
    if (pte & PTE_R) perm |= P_READ;
    if (pte & PTE_W && pte & PTE_D) perm |= P_WRITE;
    if (pte & PTE_X) perm |= P_EXEC;
    if (this.decoded.hasCode(hostPage)) perm |= P_CODE;
    perm |= this.shared.watch.pagePerm(this.rootPpn, va >>> 12);
    const add = (hostPage - (va & ~0xfff)) | 0;
    return this.tlb.fill(tlbKey(va >>> 12, this.asid), add, result.ppn, pte & 0x3ff, perm);
  }

  /** Cycles a data access at host index `h` costs. */
  memoryLatency(h: number, write: boolean): number {
    return this.caches === null ? this.cost.ram : this.caches.access(h, write);
  }

  private dataLatency(h: number, write: boolean): number {
    return this.caches === null ? this.cost.l1 : this.caches.access(h, write);
  }

  // ---- slow loads and stores ----

  /** A load the fast path could not do. Returns the value (0 after a fault). */
  load(va: number, size: number, signed: boolean): number {
    if ((va & (size - 1)) !== 0) return this.loadMisaligned(va, size, signed);
    const h = this.translate(va, 'read');
    if (h < 0) return 0;
    this.slowCycles += this.dataLatency(h, false);
    this.checkWatch(va, size, false);
    const m = this.mem;
    if (size === 1) return signed ? m.i8[h] : m.u8[h];
    if (size === 2) return signed ? m.i16[h >> 1] : m.u16[h >> 1];
    return m.i32[h >> 2];
  }

  /** A store the fast path could not do (TLB miss, D not yet set, code page, watchpoint). */
  store(va: number, size: number, value: number): void {
    if ((va & (size - 1)) !== 0) {
      this.storeMisaligned(va, size, value);
      return;
    }
    const h = this.translate(va, 'write');
    if (h < 0) return;
    this.slowCycles += this.dataLatency(h, true);
    const m = this.mem;
    if (size === 1) m.u8[h] = value;
    else if (size === 2) m.u16[h >> 1] = value;
    else m.i32[h >> 2] = value;
    this.decoded.invalidate(h, size);
    this.checkWatch(va, size, true);
  }

  // Linux user mode completes misaligned accesses in its trap handler, byte by byte; the bytes
  // may lie on two pages. Every byte is translated before any is written, so a fault leaves
  // memory untouched and the instruction can be restarted.
  private loadMisaligned(va: number, size: number, signed: boolean): number {
    const hosts = this.translateBytes(va, size, 'read');
    if (hosts === null) return 0;
    let value = 0;
    for (let k = size - 1; k >= 0; k--) value = (value << 8) | this.mem.u8[hosts[k]];
    if (signed && size < 4) value = (value << (32 - size * 8)) >> (32 - size * 8);
    this.checkWatch(va, size, false);
    return value | 0;
  }

  private storeMisaligned(va: number, size: number, value: number): void {
    const hosts = this.translateBytes(va, size, 'write');
    if (hosts === null) return;
    for (let k = 0; k < size; k++) {
      this.mem.u8[hosts[k]] = value >>> (8 * k);
      this.decoded.invalidate(hosts[k], 1);
    }
    this.checkWatch(va, size, true);
  }

  private translateBytes(va: number, size: number, access: Access): number[] | null {
    this.counters.misalignedAccesses++;
    this.slowCycles += this.cost.misaligned;
    const hosts: number[] = [];
    for (let k = 0; k < size; k++) {
      const h = this.translate((va + k) | 0, access);
      if (h < 0) return null;
      hosts.push(h);
    }
    this.slowCycles += this.dataLatency(hosts[0], access === 'write');
    if ((hosts[size - 1] ^ hosts[0]) >>> 6 !== 0) this.slowCycles += this.dataLatency(hosts[size - 1], access === 'write');
    return hosts;
  }

  private checkWatch(va: number, size: number, write: boolean): void {
    if (this.shared.watch.all.length === 0) return;
    if (this.shared.watch.hit(this.rootPpn, va, size, write)) {
      this.trap = { kind: 'watchpoint', addr: va >>> 0, size, access: write ? 'write' : 'read' };
    }
  }

  // ---- atomics ----

  /**
   * Host index for an AMO, LR or SC at `va`, charged as a write (or a read for LR).
   * Misaligned: SIGBUS, as on Linux; -1 with `trap` set on any failure.
   */
  atomicAddress(va: number, write: boolean): number {
    if ((va & 3) !== 0) {
      this.trap = { kind: 'misalignedAtomic', addr: va >>> 0 };
      this.fault = true;
      return -1;
    }
    const h = this.translate(va, write ? 'write' : 'read');
    if (h < 0) return -1;
    this.slowCycles += this.dataLatency(h, write);
    if (write) this.decoded.invalidate(h, 4);
    this.checkWatch(va, 4, write);
    return h;
  }

  // ---- counters ----

  /** Reads a user counter CSR, given the instructions and stall cycles of the current run. */
  readCounter(csr: number, ranInstructions: number, ranStall: number): number | undefined {
    const cycles = this.cycles + ranInstructions + ranStall;
    const instret = this.instret + ranInstructions;
    const time = Math.floor((cycles / this.cost.cyclesPerNs) * (this.shared.timebaseHz / 1e9));
    switch (csr) {
      case CSR.cycle:
        return cycles | 0;
      case CSR.cycleh:
        return Math.floor(cycles / 2 ** 32) | 0;
      case CSR.instret:
        return instret | 0;
      case CSR.instreth:
        return Math.floor(instret / 2 ** 32) | 0;
      case CSR.time:
        return time | 0;
      case CSR.timeh:
        return Math.floor(time / 2 ** 32) | 0;
      default:
        return undefined;
    }
  }
}

