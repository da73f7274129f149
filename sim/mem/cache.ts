// The cache hierarchy: per-hart L1 data and L2, a shared L3, all set-associative with LRU and
// 64-byte lines, write-back and write-allocate. It models *which* accesses hit (and so what they
// cost); it holds no data, since memory is always coherent in the simulator. Lines are
// identified by physical line number (host index >> 6). Instruction fetches are not modelled:
// they are assumed to hit an ideal L1I (see DESIGN §3). Each hart's path also remembers its last
// accesses and which level served each, for the CPU & Caches panel's heatmaps.

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

  /** The valid ways of `set`, most recently used first (so the last is the next victim). */
  waysByRecency(set: number): number[] {
    const first = set * this.ways;
    const valid: number[] = [];
    for (let way = 0; way < this.ways; way++) if (this.lines[first + way] !== -1) valid.push(way);
    return valid.sort((a, b) => this.stamps[first + b] - this.stamps[first + a]);
  }
}

export interface CacheLatencies {
  readonly l1: number;
  readonly l2: number;
  readonly l3: number;
  readonly ram: number;
}

/** How many of its latest lookups (accesses to another line than the one before) a hart's CachePath remembers: a power of two. */
export const RECENT_ACCESSES = 1024;

/**
 * In the ring of recent accesses, the level that served an access, in the entry's low two bits:
 * an access served by L2 missed L1, one served by memory missed all three levels.
 */
export const SERVED_BY_L1 = 0;
export const SERVED_BY_L2 = 1;
export const SERVED_BY_L3 = 2;
export const SERVED_BY_MEMORY = 3;
export const SERVED_BY_BITS = 2;

/** One hart's view of the hierarchy: its private L1 and L2 in front of the shared L3. */
export class CachePath {
  // The line of the previous access is the MRU line of L1 (nothing else touched L1 since), so a
  // repeat is an L1 hit without a lookup: sequential scans mostly take this path.
  private lastLine = -1;
  /**
   * The last RECENT_ACCESSES lookups as `line << SERVED_BY_BITS | served by`, -1 where none yet;
   * `recentNext` is where the next one goes (so the oldest). Typed arrays written in place keep
   * the path free of allocation, and a checkpoint copies them like any other state. A repeat of
   * the line just accessed is not recorded, so the shortcut costs what it did: `recentHits` keeps
   * L1's hit count before each lookup, from which the repeats after it are counted when read.
   */
  readonly recent = new Int32Array(RECENT_ACCESSES).fill(-1);
  readonly recentHits = new Int32Array(RECENT_ACCESSES);
  recentNext = 0;

  constructor(
    readonly l1: CacheLevel,
    readonly l2: CacheLevel,
    readonly l3: CacheLevel,
    private readonly latency: CacheLatencies,
  ) {}

  /** Charges a data access at host index `h`; returns its latency in cycles. */
  access(h: number, write: boolean): number {
    const line = h >>> LINE_SHIFT;
    if (line !== this.lastLine) return this.lookUp(line, write);
    this.l1.counters.hits++;
    if (write) this.l1.dirty[this.l1.lastWay] = 1;
    return this.latency.l1;
  }

  // Kept apart from the shortcut so that `access`, inlined into the interpreter and compiled
  // blocks, stays small (measured: the split alone saves a few per cent of host instructions).
  private lookUp(line: number, write: boolean): number {
    this.lastLine = line;
    const at = this.recentNext;
    this.recentNext = (at + 1) & (RECENT_ACCESSES - 1);
    this.recentHits[at] = this.l1.counters.hits;
    const entry = line << SERVED_BY_BITS;
    if (this.l1.access(line, write)) {
      this.recent[at] = entry | SERVED_BY_L1;
      return this.latency.l1;
    }
    if (this.l2.access(line, write)) {
      this.recent[at] = entry | SERVED_BY_L2;
      return this.latency.l2;
    }
    if (this.l3.access(line, write)) {
      this.recent[at] = entry | SERVED_BY_L3;
      return this.latency.l3;
    }
    this.recent[at] = entry | SERVED_BY_MEMORY;
    return this.latency.ram;
  }

  /**
   * The recorded lookups, oldest first: each ring entry with the repeats of its line that
   * followed it (L1 hits through the shortcut), from the hit counts around it.
   */
  recentAccesses(): { readonly entry: number; readonly repeats: number }[] {
    const accesses: { entry: number; repeats: number }[] = [];
    for (let i = 0; i < RECENT_ACCESSES; i++) {
      const at = (this.recentNext + i) & (RECENT_ACCESSES - 1);
      const entry = this.recent[at]!;
      if (entry === -1) continue;
      const next = (at + 1) & (RECENT_ACCESSES - 1);
      const hitsAfter = next === this.recentNext ? this.l1.counters.hits : this.recentHits[next]!;
      const ownHit = (entry & ((1 << SERVED_BY_BITS) - 1)) === SERVED_BY_L1 ? 1 : 0;
      // Counts wrap at 2^32 in the Int32Array; the difference, taken modulo 2^32, does not.
      accesses.push({ entry, repeats: ((hitsAfter - this.recentHits[at]!) | 0) - ownHit });
    }
    return accesses;
  }

  /** Forgets the repeat shortcut (after the hierarchy is reset). */
  reset(): void {
    this.lastLine = -1;
  }
}
