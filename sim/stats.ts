// Run statistics as a plain, serialisable object: what `oslab run --stats` writes and what labs
// assert on. Machine-wide totals first, then per hart.

import type { Machine } from './machine';

export interface LevelStats {
  hits: number;
  misses: number;
  writebacks: number;
}

export interface MachineStats {
  instructions: number;
  /** Simulated duration of the run: the furthest any hart got. */
  cycles: number;
  simNs: number;
  harts: { id: number; instructions: number; cycles: number }[];
  tlb: { hits: number; misses: number; flushes: number; evictions: number; shootdowns: number; walks: number };
  caches: { enabled: boolean; l1: LevelStats; l2: LevelStats; l3: LevelStats };
  kernel: { syscalls: number; pageFaults: number; contextSwitches: number };
  misalignedAccesses: number;
  memory: { totalFrames: number; freeFrames: number };
  /** Things the kernel reported once, e.g. syscalls that returned -ENOSYS for lack of a handler. */
  notices: string[];
}

export function collectStats(machine: Machine): MachineStats {
  const tlb = { hits: 0, misses: 0, flushes: 0, evictions: 0, shootdowns: 0, walks: 0 };
  const zero = (): LevelStats => ({ hits: 0, misses: 0, writebacks: 0 });
  const caches = { enabled: machine.config.caches !== null, l1: zero(), l2: zero(), l3: zero() };
  let misaligned = 0;
  for (const hart of machine.harts) {
    const t = hart.tlb.counters;
    tlb.hits += t.hits;
    tlb.misses += t.misses;
    tlb.flushes += t.flushes;
    tlb.evictions += t.evictions;
    tlb.shootdowns += t.shootdowns;
    tlb.walks += hart.counters.walks;
    misaligned += hart.counters.misalignedAccesses;
    if (hart.caches) {
      add(caches.l1, hart.caches.l1.counters);
      add(caches.l2, hart.caches.l2.counters);
    }
  }
  const l3 = machine.harts[0]?.caches?.l3;
  if (l3) add(caches.l3, l3.counters);
  const cycles = machine.kernel.now();
  return {
    instructions: machine.harts.reduce((n, h) => n + h.instret, 0),
    cycles,
    simNs: machine.simNs(),
    harts: machine.harts.map((h) => ({ id: h.id, instructions: h.instret, cycles: h.cycles })),
    tlb,
    caches,
    kernel: { ...machine.kernel.counters },
    misalignedAccesses: misaligned,
    memory: { totalFrames: machine.mem.frameCount, freeFrames: machine.mem.freeFrames },
    notices: [...machine.kernel.notices],
  };
}

function add(into: LevelStats, from: LevelStats): void {
  into.hits += from.hits;
  into.misses += from.misses;
  into.writebacks += from.writebacks;
}
