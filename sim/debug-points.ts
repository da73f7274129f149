// The debugger's breakpoints and watchpoints on the machine. A breakpoint marks the physical
// instruction in the decoded-code cache, so the fast loops meet it without checking anything; a
// page not yet resident is not faulted in for it (that would change the run): the breakpoint
// waits and is placed when the page is mapped. Watchpoints mark TLB entries (see cpu/watch.ts).

import type { DecodedCache } from './cpu/decoded-cache';
import type { Hart } from './cpu/hart';
import type { WatchList } from './cpu/watch';
import type { Kernel } from './kernel/kernel';
import { PROT_EXEC, type AddressSpace } from './kernel/vm';
import { DRAM_BASE, type PhysicalMemory } from './mem/phys';
import type { RunGoal } from './machine';

export class DebugPoints {
  /** Breakpoints on pages not resident yet, placed when their page is mapped. */
  private readonly pending: { aspace: AddressSpace; va: number }[] = [];
  /** A breakpoint lifted for one thread's step off it, and the goal that lifted it (see RunGoal). */
  private lifted: { tid: number; pc: number; host: number } | null = null;
  private liftedFor: RunGoal | null = null;

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly decoded: DecodedCache,
    private readonly watch: WatchList,
    private readonly harts: readonly Hart[],
  ) {}

  /**
   * A breakpoint at `va` in an address space; false when `va` is not executable there. It is on
   * the physical instruction, so it also fires for processes sharing that code.
   */
  setBreakpoint(aspace: AddressSpace, va: number): boolean {
    const vma = aspace.findVma(va);
    if (!vma || !(vma.prot & PROT_EXEC)) return false;
    const pa = aspace.physicalAddress(va);
    if (pa >= 0) this.decoded.setBreakpoint(pa - DRAM_BASE);
    else if (!this.pending.some((b) => b.aspace === aspace && b.va === va)) this.pending.push({ aspace, va });
    return true;
  }

  clearBreakpoint(aspace: AddressSpace, va: number): void {
    const at = this.pending.findIndex((b) => b.aspace === aspace && b.va === va);
    if (at >= 0) this.pending.splice(at, 1);
    const pa = aspace.physicalAddress(va);
    if (pa >= 0) this.decoded.clearBreakpoint(pa - DRAM_BASE);
  }

  clearBreakpoints(): void {
    this.decoded.clearBreakpoints();
    this.pending.length = 0;
  }

  /** Memory was rewound (the decoded cache already emptied): breakpoints and lifts are gone; watch bits follow the TLB put back. */
  forgetBreakpoints(): void {
    this.pending.length = 0;
    this.lifted = null;
    this.liftedFor = null;
    this.rewatch();
  }

  /** A page came in: place the breakpoints that waited for it. */
  pageMapped(aspace: AddressSpace, pageVa: number, ppn: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const b = this.pending[i];
      if (b.aspace !== aspace || (b.va & ~0xfff) >>> 0 !== pageVa) continue;
      this.decoded.setBreakpoint(this.mem.frameHost(ppn) + (b.va & 0xfff));
      this.pending.splice(i, 1);
    }
  }

  addWatchpoint(rootPpn: number, va: number, size: number, access: { read: boolean; write: boolean }): number {
    const point = this.watch.add(rootPpn, va, size, access);
    this.rewatch();
    return point.id;
  }

  removeWatchpoint(id: number): void {
    if (this.watch.remove(id)) this.rewatch();
  }

  // Marks the TLB entries afresh rather than flushing them: watching must not change the run.
  private rewatch(): void {
    for (const hart of this.harts) hart.tlb.rewatch((vpn) => this.watch.pagePerm(null, vpn));
  }

  /** A goal that lifts a breakpoint lifts the one under its thread when the goal is first run. */
  liftFor(goal: RunGoal | null, kernel: Kernel): void {
    if (goal === this.liftedFor) return;
    this.liftedFor = goal;
    this.lifted = null;
    const tid = goal?.thread?.lift ? goal.thread.tid : -1;
    const thread = tid >= 0 ? kernel.thread(tid) : null;
    if (!thread) return;
    const pc = (thread.hart >= 0 ? this.harts[thread.hart].pc : thread.pc) >>> 0;
    const host = thread.process.aspace.userHost(pc, 'execute');
    if (host >= 0 && this.decoded.hasBreakpoint(host)) this.lifted = { tid, pc, host };
  }

  /** Lifts the breakpoint at host address `host` for thread `tid` at `pc` (null: none lifted). */
  lift(tid: number | null, pc = 0, host = -1): void {
    this.lifted = tid === null ? null : { tid, pc, host };
  }

  /** The host address of a breakpoint lifted for thread `tid` at `pc`, or -1. */
  liftedUnder(tid: number, pc: number): number {
    return this.lifted !== null && this.lifted.tid === tid && pc === this.lifted.pc ? this.lifted.host : -1;
  }
}
