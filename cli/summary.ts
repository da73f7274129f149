// A short human summary of a run's statistics, for `--summary` and `npm run demo`.

import type { MachineStats } from '../sim/stats';

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

export function formatSummary(stats: MachineStats, wallMs: number): string {
  const lines = [
    `simulated time   ${formatNs(stats.simNs)} (${fmt(stats.cycles)} cycles at 1 GHz)`,
    `instructions     ${fmt(stats.instructions)} (${(stats.instructions / Math.max(wallMs, 1) / 1000).toFixed(1)} MIPS on this host, ${fmt(Math.round(wallMs))} ms)`,
    `TLB              ${fmt(stats.tlb.hits)} hits, ${fmt(stats.tlb.misses)} misses (hit rate ${pct(stats.tlb.hits, stats.tlb.hits + stats.tlb.misses)}), ${fmt(stats.tlb.flushes)} flushes`,
  ];
  if (stats.caches.enabled) {
    for (const level of ['l1', 'l2', 'l3'] as const) {
      const c = stats.caches[level];
      lines.push(`${level.toUpperCase()} cache         ${fmt(c.hits)} hits, ${fmt(c.misses)} misses (hit rate ${pct(c.hits, c.hits + c.misses)})`);
    }
  } else {
    lines.push('caches           not modelled (--caches on to model L1/L2/L3)');
  }
  lines.push(`kernel           ${fmt(stats.kernel.syscalls)} syscalls, ${fmt(stats.kernel.pageFaults)} page faults, ${fmt(stats.kernel.contextSwitches)} context switches`);
  const io = stats.io;
  lines.push(`file I/O         ${fmt(io.reads)} reads (${fmt(io.bytesRead)} bytes), ${fmt(io.writes)} writes (${fmt(io.bytesWritten)} bytes), ${fmt(io.fsyncs)} fsyncs; page cache ${fmt(io.cacheHits)} hits, ${fmt(io.cacheMisses)} misses`);
  return lines.join('\n');
}

export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(3)} µs`;
  return `${ns.toFixed(0)} ns`;
}
