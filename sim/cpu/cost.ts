// The cost model: what simulated time each event costs. Defaults come from the course material
// (1 GHz clock; register 1 ns, L1 2 ns, L2 7 ns, L3 15 ns, RAM 100 ns, SSD 150 µs, HDD 10 ms)
// and every value can be configured. Simulated time is what the labs measure, so every charge
// is explicit and documented here:
//
// - every instruction costs one cycle (a register operation: 1 ns at the default 1 GHz);
// - a data access (load, store, AMO) adds the latency of the level that served it: with caches
//   on, L1, L2, L3 or RAM; with caches off, the L1 latency (every access is assumed to hit);
// - a TLB miss adds its page walk: one access per PTE read, through the caches when they are on,
//   at RAM latency when they are off (so a TLB flush has a visible price either way);
// - a misaligned load or store adds a trap into the kernel, which completes it byte by byte;
// - syscall entry and exit, a page fault, a COW copy and a context switch are charged by the
//   kernel at the costs below (the TLB flush of a switch without ASIDs costs its later misses);
// - a block device request (sim/fs/blockdev.ts) takes the device's latency below, queued behind
//   the requests before it: an SSD's command latency plus transfer, an HDD's seek by distance,
//   rotational wait by angle and transfer.

export interface CostModelNs {
  readonly clockHz: number;
  readonly l1Ns: number;
  readonly l2Ns: number;
  readonly l3Ns: number;
  readonly ramNs: number;
  /** An SSD write request: programming NAND (the course's SSD figure, 150 µs). */
  readonly ssdNs: number;
  /** An HDD's average seek, over a third of its cylinders (the course's HDD figure, 10 ms). */
  readonly hddNs: number;
  /** An SSD read request: command and NAND read, before the transfer. */
  readonly ssdReadNs: number;
  /** An SSD cache flush (FLUSH CACHE: what fsync waits for after its writes). */
  readonly ssdFlushNs: number;
  /** SSD transfer time per KiB (500 ns: 2 GB/s). */
  readonly ssdNsPerKiB: number;
  /** An HDD seek to the next cylinder; longer seeks grow with the square root of the distance. */
  readonly hddTrackSeekNs: number;
  /** One revolution of the platter (7,200 rpm): the rotational wait is the angle still to turn. */
  readonly hddRevolutionNs: number;
  /** HDD transfer time per KiB (6,500 ns: about 150 MB/s). */
  readonly hddNsPerKiB: number;
  /** An HDD cache flush. */
  readonly hddFlushNs: number;
  /** Entering and leaving the kernel for one system call. */
  readonly syscallNs: number;
  /** Entering and leaving the kernel for a page fault, before any work it does. */
  readonly pageFaultNs: number;
  /** Copying one 4 KiB frame when a copy-on-write page is written. */
  readonly cowCopyNs: number;
  /** Saving one thread's registers and restoring another's. */
  readonly contextSwitchNs: number;
  /** The kernel's emulation of one misaligned load or store. */
  readonly misalignedNs: number;
}

export const DEFAULT_COSTS: CostModelNs = {
  clockHz: 1_000_000_000,
  l1Ns: 2,
  l2Ns: 7,
  l3Ns: 15,
  ramNs: 100,
  ssdNs: 150_000,
  hddNs: 10_000_000,
  ssdReadNs: 25_000,
  ssdFlushNs: 50_000,
  ssdNsPerKiB: 500,
  hddTrackSeekNs: 1_000_000,
  hddRevolutionNs: 8_333_333,
  hddNsPerKiB: 6_500,
  hddFlushNs: 1_000_000,
  syscallNs: 100,
  pageFaultNs: 500,
  cowCopyNs: 1_000,
  contextSwitchNs: 1_500,
  misalignedNs: 200,
};

/** The same costs in whole cycles, as the interpreter and kernel charge them. */
export interface CostModel {
  readonly ns: CostModelNs;
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
  readonly ram: number;
  readonly syscall: number;
  readonly pageFault: number;
  readonly cowCopy: number;
  readonly contextSwitch: number;
  readonly misaligned: number;
  /** Cycles per nanosecond. */
  readonly cyclesPerNs: number;
}

export function costModel(overrides: Partial<CostModelNs> = {}): CostModel {
  const ns: CostModelNs = { ...DEFAULT_COSTS, ...overrides };
  for (const [name, value] of Object.entries(ns)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw new RangeError(`cost ${name} must be a number ≥ 0`);
  }
  if (ns.clockHz <= 0) throw new RangeError('clockHz must be > 0');
  const cyclesPerNs = ns.clockHz / 1e9;
  const cycles = (t: number): number => Math.max(0, Math.round(t * cyclesPerNs));
  return {
    ns,
    cyclesPerNs,
    l1: cycles(ns.l1Ns),
    l2: cycles(ns.l2Ns),
    l3: cycles(ns.l3Ns),
    ram: cycles(ns.ramNs),
    syscall: cycles(ns.syscallNs),
    pageFault: cycles(ns.pageFaultNs),
    cowCopy: cycles(ns.cowCopyNs),
    contextSwitch: cycles(ns.contextSwitchNs),
    misaligned: cycles(ns.misalignedNs),
  };
}

/** Simulated nanoseconds for a cycle count. */
export function cyclesToNs(model: CostModel, cycles: number): number {
  return cycles / model.cyclesPerNs;
}
