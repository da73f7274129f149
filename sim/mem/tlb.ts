// A hart's TLB: set-associative, ASID-tagged, true LRU. Each set keeps its ways in recency
// order (way 0 is the most recently used), so the interpreter's hit path is one compare of
// way 0's key and one add (host index = virtual address + the entry's addend), and LRU costs
// nothing on that path. Hits in other ways rotate the set; misses evict the last way.
//
// An entry has one key per access kind. A kind's key is the entry's tag only when that access
// may take the fast path: writes need W with D already set, a frame holding no decoded code
// (stores to code must drop it) and no write watchpoint; reads need R and no read watchpoint.
// Otherwise the key is -1 and the access goes the slow way, which knows why.
//
// The TLB also keeps its last events (misses and what filled them, evictions, flushes and why,
// shootdowns) in a small ring of typed arrays, for the TLB panel: recorded only on the slow
// paths (a miss, a fill, a flush), never on a hit, and copied by checkpoints like the entries.

export const KEY_NONE = -1;
export const ASID_SHIFT = 20;

export const P_READ = 1;
export const P_WRITE = 2;
export const P_EXEC = 4;
export const P_CODE = 8;
export const P_WATCH_READ = 16;
export const P_WATCH_WRITE = 32;

export interface TlbConfig {
  /** Number of entries; a power of two. */
  readonly entries: number;
  /** Associativity; a power of two dividing `entries` (entries = fully associative). */
  readonly ways: number;
}

export interface TlbCounters {
  hits: number;
  misses: number;
  flushes: number;
  evictions: number;
  shootdowns: number;
}

export const tlbKey = (vpn: number, asid: number): number => (vpn | (asid << ASID_SHIFT)) | 0;

/** What the TLB's event ring records; the kind's index is what the ring stores. */
export const TLB_EVENT_KINDS = ['miss', 'refill', 'eviction', 'flush', 'shootdown'] as const;
export type TlbEventKind = (typeof TLB_EVENT_KINDS)[number];
const EVENT_MISS = 0, EVENT_REFILL = 1, EVENT_EVICTION = 2, EVENT_FLUSH = 3, EVENT_SHOOTDOWN = 4;

/**
 * Why a whole TLB, or one address space's entries, went: a satp write without ASIDs, ASIDs
 * running out (a new generation), or fork write-protecting the parent's pages.
 */
export const TLB_FLUSH_REASONS = ['switch', 'asid-rollover', 'fork'] as const;
export type TlbFlushReason = (typeof TLB_FLUSH_REASONS)[number];

/** How many recent events a TLB keeps (a power of two). */
export const TLB_EVENT_CAPACITY = 64;

/** One recorded event, decoded. */
export interface TlbEvent {
  /** Events the TLB recorded before this one, since boot. */
  readonly seq: number;
  readonly cycles: number;
  readonly kind: TlbEventKind;
  /** The page (-1 for a flush). */
  readonly vpn: number;
  /** The address space's ASID (-1 for a flush of every address space). */
  readonly asid: number;
  /** miss, refill: the frame filled, -1 when the walk faulted; flush: the entries dropped. */
  readonly value: number;
  /** A flush's reason, else null. */
  readonly reason: TlbFlushReason | null;
}

/** Where the TLB reads the time it stamps events with: its hart's cycle count. */
export interface TlbClock {
  readonly cycles: number;
}

/**
 * The last TLB_EVENT_CAPACITY events, in typed arrays so that recording one allocates nothing
 * and a checkpoint copies the ring like the entries. `recorded` counts every event since boot;
 * the newest sits at (recorded - 1) mod capacity.
 */
export class TlbEventRing {
  readonly kind = new Uint8Array(TLB_EVENT_CAPACITY);
  readonly cycles = new Float64Array(TLB_EVENT_CAPACITY);
  readonly vpn = new Int32Array(TLB_EVENT_CAPACITY);
  readonly asid = new Int32Array(TLB_EVENT_CAPACITY);
  readonly value = new Int32Array(TLB_EVENT_CAPACITY);
  readonly reason = new Uint8Array(TLB_EVENT_CAPACITY);
  recorded = 0;

  /** Records an event and returns its index in the ring. */
  push(kind: number, cycles: number, vpn: number, asid: number, value: number, reason = 0): number {
    const at = this.recorded++ & (TLB_EVENT_CAPACITY - 1);
    this.kind[at] = kind;
    this.cycles[at] = cycles;
    this.vpn[at] = vpn;
    this.asid[at] = asid;
    this.value[at] = value;
    this.reason[at] = reason;
    return at;
  }

  /** The events kept, oldest first. */
  list(): TlbEvent[] {
    const kept = Math.min(this.recorded, TLB_EVENT_CAPACITY);
    const events: TlbEvent[] = [];
    for (let seq = this.recorded - kept; seq < this.recorded; seq++) {
      const at = seq & (TLB_EVENT_CAPACITY - 1);
      const kind = TLB_EVENT_KINDS[this.kind[at]];
      const reason = kind === 'flush' ? TLB_FLUSH_REASONS[this.reason[at]] : null;
      events.push({ seq, cycles: this.cycles[at], kind, vpn: this.vpn[at], asid: this.asid[at], value: this.value[at], reason });
    }
    return events;
  }
}

export class Tlb {
  readonly entries: number;
  readonly ways: number;
  readonly setMask: number;
  readonly wayShift: number;
  readonly tag: Int32Array;
  readonly rkey: Int32Array;
  readonly wkey: Int32Array;
  readonly xkey: Int32Array;
  /** Host index of the page minus its virtual address. */
  readonly add: Int32Array;
  readonly ppn: Int32Array;
  /** The leaf PTE's flag bits when the entry was filled (for display). */
  readonly pteFlags: Int32Array;
  readonly perm: Uint8Array;
  readonly counters: TlbCounters = { hits: 0, misses: 0, flushes: 0, evictions: 0, shootdowns: 0 };
  /** Bumped whenever translations are removed, so translations cached outside (the fetch page) know to drop. */
  invalidations = 0;
  readonly events = new TlbEventRing();
  /** The ring index of the last miss, until a fill says what filled it (-1: none pending). */
  private pendingMiss = -1;

  /**
   * `clock` stamps the events. A hart counts cycles in its fast loop's locals and folds them in
   * when the run ends, so a miss in the middle of a run carries the cycle the run began at;
   * the kernel's flushes and shootdowns happen between runs and carry the exact cycle.
   */
  constructor(config: TlbConfig, private readonly clock: TlbClock = { cycles: 0 }) {
    const { entries, ways } = config;
    if (!isPowerOfTwo(entries) || !isPowerOfTwo(ways) || ways > entries) {
      throw new RangeError(`TLB needs power-of-two entries and ways (ways ≤ entries), got ${entries}/${ways}`);
    }
    this.entries = entries;
    this.ways = ways;
    this.setMask = entries / ways - 1;
    this.wayShift = Math.log2(ways);
    this.tag = new Int32Array(entries).fill(KEY_NONE);
    this.rkey = new Int32Array(entries).fill(KEY_NONE);
    this.wkey = new Int32Array(entries).fill(KEY_NONE);
    this.xkey = new Int32Array(entries).fill(KEY_NONE);
    this.add = new Int32Array(entries);
    this.ppn = new Int32Array(entries);
    this.pteFlags = new Int32Array(entries);
    this.perm = new Uint8Array(entries);
  }

  /** First slot of the set `vpn` maps to. */
  setBase(vpn: number): number {
    return (vpn & this.setMask) << this.wayShift;
  }

  /**
   * Finds the entry tagged `key` in its set and makes it the set's most recent (way 0).
   * Returns that slot, or -1 on a miss. Counts the hit or miss.
   */
  find(key: number): number {
    const base = this.setBase(key & 0xfffff);
    for (let way = 0; way < this.ways; way++) {
      if (this.tag[base + way] === key) {
        if (way > 0) this.rotate(base, way);
        this.counters.hits++;
        return base;
      }
    }
    this.counters.misses++;
    this.pendingMiss = this.events.push(EVENT_MISS, this.clock.cycles, key & 0xfffff, key >>> ASID_SHIFT, -1);
    return -1;
  }

  /**
   * Installs a translation as its set's most recent entry. It replaces the entry already tagged
   * `key` (a refill after a permission miss, e.g. the first write setting D), else takes an empty
   * way, else evicts the least recent.
   */
  fill(key: number, add: number, ppn: number, pteFlags: number, perm: number): number {
    const base = this.setBase(key & 0xfffff);
    let victim = -1;
    for (let way = 0; way < this.ways && victim < 0; way++) if (this.tag[base + way] === key) victim = way;
    this.recordFill(key, ppn, victim >= 0);
    for (let way = 0; way < this.ways && victim < 0; way++) if (this.tag[base + way] === KEY_NONE) victim = way;
    if (victim < 0) {
      victim = this.ways - 1;
      this.counters.evictions++;
      const evicted = this.tag[base + victim];
      this.events.push(EVENT_EVICTION, this.clock.cycles, evicted & 0xfffff, evicted >>> ASID_SHIFT, 0);
    }
    this.rotate(base, victim);
    this.tag[base] = key;
    this.add[base] = add;
    this.ppn[base] = ppn;
    this.pteFlags[base] = pteFlags;
    this.perm[base] = perm;
    this.refreshKeys(base);
    return base;
  }

  /** Changes an entry's permission bits (e.g. a frame became code) and its fast keys. */
  setPerm(slot: number, perm: number): void {
    this.perm[slot] = perm;
    this.refreshKeys(slot);
  }

  /**
   * Re-derives every entry's watch bits after the watchpoints changed, keeping the entries (a
   * flush would cost misses, and watching must not change the run). `bitsFor` may answer for
   * any address space with that page number: a page marked needlessly only takes the exact check.
   */
  rewatch(bitsFor: (vpn: number) => number): void {
    for (let s = 0; s < this.entries; s++) {
      if (this.tag[s] !== KEY_NONE) this.setPerm(s, (this.perm[s] & ~(P_WATCH_READ | P_WATCH_WRITE)) | bitsFor(this.tag[s] & 0xfffff));
    }
  }

  /** Every entry gone: an address-space switch without ASIDs, ASID generation rollover, or fork without ASIDs. */
  flushAll(reason: TlbFlushReason = 'switch'): void {
    this.counters.flushes++;
    let dropped = 0;
    for (let s = 0; s < this.entries; s++) {
      if (this.tag[s] !== KEY_NONE) dropped++;
      this.invalidate(s);
    }
    this.events.push(EVENT_FLUSH, this.clock.cycles, -1, -1, dropped, TLB_FLUSH_REASONS.indexOf(reason));
  }

  /** The entries of one address space (fork write-protected its pages). */
  flushAsid(asid: number, reason: TlbFlushReason = 'fork'): void {
    this.counters.flushes++;
    let dropped = 0;
    for (let s = 0; s < this.entries; s++) {
      if (this.tag[s] !== KEY_NONE && this.tag[s] >>> ASID_SHIFT === asid) {
        this.invalidate(s);
        dropped++;
      }
    }
    this.events.push(EVENT_FLUSH, this.clock.cycles, -1, asid, dropped, TLB_FLUSH_REASONS.indexOf(reason));
  }

  /** One page of one address space: a shootdown after munmap, mprotect or a COW split. */
  flushPage(vpn: number, asid: number): boolean {
    const key = tlbKey(vpn, asid);
    const base = this.setBase(vpn);
    for (let way = 0; way < this.ways; way++) {
      if (this.tag[base + way] === key) {
        this.invalidate(base + way);
        this.counters.shootdowns++;
        this.events.push(EVENT_SHOOTDOWN, this.clock.cycles, vpn, asid, 0);
        return true;
      }
    }
    return false;
  }

  /** Updates the entries that map a given physical frame (host page base). */
  forEachMapping(hostPage: number, visit: (slot: number) => void): void {
    for (let s = 0; s < this.entries; s++) {
      if (this.tag[s] !== KEY_NONE && (((this.tag[s] & 0xfffff) << 12) + this.add[s]) >>> 0 === hostPage) visit(s);
    }
  }

  /** Valid entries, most recent first within each set (for snapshots). */
  validSlots(): number[] {
    const slots: number[] = [];
    for (let s = 0; s < this.entries; s++) if (this.tag[s] !== KEY_NONE) slots.push(s);
    return slots;
  }

  // Moves way `way` of the set to way 0, shifting the more recent ones down by one.
  private rotate(base: number, way: number): void {
    if (way === 0) return;
    const { tag, rkey, wkey, xkey, add, ppn, pteFlags, perm } = this;
    const from = base + way;
    const t = tag[from], r = rkey[from], w = wkey[from], x = xkey[from];
    const a = add[from], p = ppn[from], f = pteFlags[from], m = perm[from];
    for (let k = from; k > base; k--) {
      tag[k] = tag[k - 1];
      rkey[k] = rkey[k - 1];
      wkey[k] = wkey[k - 1];
      xkey[k] = xkey[k - 1];
      add[k] = add[k - 1];
      ppn[k] = ppn[k - 1];
      pteFlags[k] = pteFlags[k - 1];
      perm[k] = perm[k - 1];
    }
    tag[base] = t;
    rkey[base] = r;
    wkey[base] = w;
    xkey[base] = x;
    add[base] = a;
    ppn[base] = p;
    pteFlags[base] = f;
    perm[base] = m;
  }

  // A fill answers the miss just recorded for its key (the walk found the frame), or is a
  // refill of an entry already there (a write setting D); a fill no lookup asked for counts as
  // a miss filled.
  private recordFill(key: number, ppn: number, present: boolean): void {
    const pending = this.pendingMiss;
    this.pendingMiss = -1;
    const events = this.events;
    if (pending >= 0 && events.kind[pending] === EVENT_MISS && tlbKey(events.vpn[pending], events.asid[pending]) === key) {
      events.value[pending] = ppn;
      return;
    }
    events.push(present ? EVENT_REFILL : EVENT_MISS, this.clock.cycles, key & 0xfffff, key >>> ASID_SHIFT, ppn);
  }

  private invalidate(slot: number): void {
    this.invalidations++;
    this.tag[slot] = KEY_NONE;
    this.rkey[slot] = KEY_NONE;
    this.wkey[slot] = KEY_NONE;
    this.xkey[slot] = KEY_NONE;
    this.perm[slot] = 0;
  }

  private refreshKeys(slot: number): void {
    const tag = this.tag[slot];
    const p = this.perm[slot];
    this.rkey[slot] = p & P_READ && !(p & P_WATCH_READ) ? tag : KEY_NONE;
    this.wkey[slot] = p & P_WRITE && !(p & (P_CODE | P_WATCH_WRITE)) ? tag : KEY_NONE;
    this.xkey[slot] = p & P_EXEC ? tag : KEY_NONE;
  }
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
