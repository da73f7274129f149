// A hart's TLB: set-associative, ASID-tagged, true LRU. Each set keeps its ways in recency
// order (way 0 is the most recently used), so the interpreter's hit path is one compare of
// way 0's key and one add (host index = virtual address + the entry's addend), and LRU costs
// nothing on that path. Hits in other ways rotate the set; misses evict the last way.
//
// An entry has one key per access kind. A kind's key is the entry's tag only when that access
// may take the fast path: writes need W with D already set, a frame holding no decoded code
// (stores to code must drop it) and no write watchpoint; reads need R and no read watchpoint.
// Otherwise the key is -1 and the access goes the slow way, which knows why.

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

  constructor(config: TlbConfig) {
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
    for (let way = 0; way < this.ways && victim < 0; way++) if (this.tag[base + way] === KEY_NONE) victim = way;
    if (victim < 0) {
      victim = this.ways - 1;
      this.counters.evictions++;
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

  /** Every entry gone: an address-space switch without ASIDs, or ASID generation rollover. */
  flushAll(): void {
    this.counters.flushes++;
    for (let s = 0; s < this.entries; s++) this.invalidate(s);
  }

  /** The entries of one address space (its ASID is about to be reused). */
  flushAsid(asid: number): void {
    this.counters.flushes++;
    for (let s = 0; s < this.entries; s++) {
      if (this.tag[s] !== KEY_NONE && this.tag[s] >>> ASID_SHIFT === asid) this.invalidate(s);
    }
  }

  /** One page of one address space: a shootdown after munmap, mprotect or a COW split. */
  flushPage(vpn: number, asid: number): boolean {
    const key = tlbKey(vpn, asid);
    const base = this.setBase(vpn);
    for (let way = 0; way < this.ways; way++) {
      if (this.tag[base + way] === key) {
        this.invalidate(base + way);
        this.counters.shootdowns++;
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
