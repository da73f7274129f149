// The cache hierarchy: per-hart L1 data and L2, a shared L3, all set-associative with LRU and
// 64-byte lines, write-back and write-allocate. It models *which* accesses hit (and so what they
// cost); it holds no data, since memory is always coherent in the simulator. Lines are
// identified by physical line number (host index >> 6). Instruction fetches are not modelled:
// they are assumed to hit an ideal L1I (see DESIGN §3).

export const LINE_SHIFT = 6;
export const LINE_SIZE = 1 << LINE_SHIFT;

export interface CacheGeometry {
  readonly sizeBytes: number;
  readonly ways: number;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  writebacks: number;
}

export class CacheLevel {
  readonly name: string;
  readonly sets: number;
  readonly ways: number;
  /** Line number held by each way, or -1. */
  readonly lines: Int32Array;
  /** Last-use stamp per way; the smallest in a set is the LRU victim. */
  readonly stamps: Float64Array;
  readonly dirty: Uint8Array;
  readonly counters: CacheCounters = { hits: 0, misses: 0, writebacks: 0 };
  /** The way the last access hit or filled. */
  lastWay = -1;
  private clock = 0;

  constructor(name: string, geometry: CacheGeometry) {
    const sets = geometry.sizeBytes / LINE_SIZE / geometry.ways;
    if (!Number.isInteger(sets) || sets < 1 || (sets & (sets - 1)) !== 0) {
      throw new RangeError(`${name}: size / (64 × ways) must be a power of two, got ${geometry.sizeBytes}/${geometry.ways}`);
    }
    this.name = name;
    this.sets = sets;
    this.ways = geometry.ways;
    this.lines = new Int32Array(sets * geometry.ways).fill(-1);
    this.stamps = new Float64Array(sets * geometry.ways);
    this.dirty = new Uint8Array(sets * geometry.ways);
  }

  /** Looks `line` up, filling it on a miss (evicting the LRU way). Returns true on a hit. */
  access(line: number, write: boolean): boolean {
    const base = (line & (this.sets - 1)) * this.ways;
    const stamp = ++this.clock;
    let victim = base;
    for (let w = base; w < base + this.ways; w++) {
      if (this.lines[w] === line) {
        this.stamps[w] = stamp;
        if (write) this.dirty[w] = 1;
        this.counters.hits++;
        this.lastWay = w;
        return true;
      }
      if (this.stamps[w] < this.stamps[victim]) victim = w;
    }
    this.counters.misses++;
    if (this.lines[victim] !== -1 && this.dirty[victim]) this.counters.writebacks++;
    this.lines[victim] = line;
    this.stamps[victim] = stamp;
    this.dirty[victim] = write ? 1 : 0;
    this.lastWay = victim;
    return false;
  }

  /** Set index and way of `line` if cached (for snapshots and tests). */
  locate(line: number): { set: number; way: number } | null {
    const set = line & (this.sets - 1);
    for (let way = 0; way < this.ways; way++) if (this.lines[set * this.ways + way] === line) return { set, way };
    return null;
  }
}

export interface CacheLatencies {
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
  readonly ram: number;
}

/** One hart's view of the hierarchy: its private L1 and L2 in front of the shared L3. */
export class CachePath {
  // The line of the previous access is the MRU line of L1 (nothing else touched L1 since), so a
  // repeat is an L1 hit without a lookup: sequential scans mostly take this path.
  private lastLine = -1;

  constructor(
    readonly l1: CacheLevel,
    readonly l2: CacheLevel,
    readonly l3: CacheLevel,
    private readonly latency: CacheLatencies,
  ) {}

  /** Charges a data access at host index `h`; returns its latency in cycles. */
  access(h: number, write: boolean): number {
    const line = h >>> LINE_SHIFT;
    if (line === this.lastLine) {
      this.l1.counters.hits++;
      if (write) this.l1.dirty[this.l1.lastWay] = 1;
      return this.latency.l1;
    }
    this.lastLine = line;
    if (this.l1.access(line, write)) return this.latency.l1;
    if (this.l2.access(line, write)) return this.latency.l2;
    if (this.l3.access(line, write)) return this.latency.l3;
    return this.latency.ram;
  }

  /** Forgets the repeat shortcut (after the hierarchy is reset). */
  reset(): void {
    this.lastLine = -1;
  }
}
