// The machine's configuration: every knob a learner, a lab or the CLI can turn, with defaults
// from DESIGN §3, and the validation that turns a bad value into one clear message.

import { DEFAULT_COSTS, type CostModelNs } from './cpu/cost';
import type { DiskKind } from './fs/blockdev';
import type { CacheGeometry } from './mem/cache';
import type { TlbConfig } from './mem/tlb';

export interface CacheConfig {
  readonly l1: CacheGeometry;
  readonly l2: CacheGeometry;
  readonly l3: CacheGeometry;
}

export interface MachineConfig {
  readonly cores: number;
  readonly memoryMiB: number;
  readonly tlb: TlbConfig;
  /** ASID-tagged TLB entries; off flushes the TLB on every address-space switch. */
  readonly asid: boolean;
  /** The cache hierarchy, or null for none (data accesses charged the L1 latency). */
  readonly caches: CacheConfig | null;
  readonly seed: number;
  /** Instructions the run may retire before everything is killed (SIGKILL); null = no limit. */
  readonly maxInstructions: number | null;
  readonly costs: CostModelNs;
  /** Frequency of the `time` CSR. */
  readonly timebaseHz: number;
  /** The scheduler's time slice. */
  readonly sliceNs: number;
  /** Run instruction by instruction through the traced loop (for tracing and its tests). */
  readonly singleStep: boolean;
  /**
   * The fast loop: 'blocks' compiles hot basic blocks to JS (sim/cpu/blocks.ts), 'interpreter'
   * runs the reference interpreter only. Both behave identically; only host speed differs.
   */
  readonly engine: Engine;
  /** Which runnable thread a hart takes next (sim/kernel/sched.ts). */
  readonly sched: SchedPolicy;
  /** Simulated time after which everything is killed (SIGKILL); null = no limit. */
  readonly maxTimeNs: number | null;
  /** Whether fds 0, 1 and 2 are a terminal (isatty, TCGETS); decides libc's stdout buffering. */
  readonly tty: readonly [stdin: boolean, stdout: boolean, stderr: boolean];
  /** The block device under /data (sim/fs/blockdev.ts): its sector sizes, LBA→PBA mapping and latencies. */
  readonly disk: DiskKind;
}

export type Engine = 'blocks' | 'interpreter';
export type SchedPolicy = 'rr' | 'fcfs' | 'sjf' | 'cfs';
export const SCHED_POLICIES: readonly SchedPolicy[] = ['rr', 'fcfs', 'sjf', 'cfs'];
export const DISK_KINDS: readonly DiskKind[] = ['ssd', 'hdd'];

export const DEFAULT_CACHES: CacheConfig = {
  l1: { sizeBytes: 32 * 1024, ways: 8 },
  l2: { sizeBytes: 256 * 1024, ways: 8 },
  l3: { sizeBytes: 2 * 1024 * 1024, ways: 16 },
};

export const DEFAULT_CONFIG: MachineConfig = {
  cores: 2,
  memoryMiB: 128,
  tlb: { entries: 64, ways: 4 },
  asid: true,
  caches: null,
  seed: 1,
  maxInstructions: null,
  costs: DEFAULT_COSTS,
  timebaseHz: 10_000_000,
  sliceNs: 1_000_000,
  singleStep: false,
  engine: 'blocks',
  sched: 'cfs',
  maxTimeNs: null,
  tty: [false, false, false],
  disk: 'ssd',
};

export type MachineOptions = Partial<Omit<MachineConfig, 'costs' | 'tlb'>> & {
  readonly costs?: Partial<CostModelNs>;
  readonly tlb?: Partial<TlbConfig>;
};

export class ConfigError extends Error {}

export function machineConfig(options: MachineOptions = {}): MachineConfig {
  const tlb = { ...DEFAULT_CONFIG.tlb, ...options.tlb };
  if (options.tlb?.entries !== undefined && options.tlb.ways === undefined) tlb.ways = Math.min(DEFAULT_CONFIG.tlb.ways, tlb.entries);
  const config: MachineConfig = {
    ...DEFAULT_CONFIG,
    ...options,
    tlb,
    costs: { ...DEFAULT_COSTS, ...options.costs },
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new ConfigError(message);
  };
  check(Number.isInteger(config.cores) && config.cores >= 1 && config.cores <= 8, `cores must be 1 to 8, got ${config.cores}`);
  check(Number.isInteger(config.memoryMiB) && config.memoryMiB >= 4 && config.memoryMiB <= 2048, `memory must be 4 to 2048 MiB, got ${config.memoryMiB}`);
  check(isPow2(tlb.entries) && tlb.entries <= 4096, `TLB entries must be a power of two up to 4096, got ${tlb.entries}`);
  check(isPow2(tlb.ways) && tlb.ways <= tlb.entries, `TLB ways must be a power of two ≤ entries, got ${tlb.ways}`);
  check(Number.isInteger(config.seed) && config.seed >= 0, `seed must be a non-negative integer, got ${config.seed}`);
  check(config.maxInstructions === null || (Number.isInteger(config.maxInstructions) && config.maxInstructions > 0), `max instructions must be a positive integer`);
  check(config.sliceNs > 0, 'the time slice must be positive');
  check(SCHED_POLICIES.includes(config.sched), `scheduler must be one of ${SCHED_POLICIES.join(', ')}, got '${String(config.sched)}'`);
  check(config.maxTimeNs === null || config.maxTimeNs > 0, 'the time limit must be positive');
  check(DISK_KINDS.includes(config.disk), `disk must be one of ${DISK_KINDS.join(', ')}, got '${String(config.disk)}'`);
  check(config.engine === 'blocks' || config.engine === 'interpreter', `engine must be 'blocks' or 'interpreter', got '${String(config.engine)}'`);
  return config;
}

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
