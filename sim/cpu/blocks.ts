// The block engine: a drop-in for the interpreter's fast loop (`execute`) that runs hot basic
// blocks as compiled JS functions (see `blocks-compile.ts`) and hands everything else to the
// interpreter itself, a few instructions at a time. It keeps the interpreter's loop variables
// (pc, instructions, stall, TLB hits, the fetch page) and its stopping rule, so registers,
// memory, traps, counters, TLB and cache state and the stopping point are exactly the
// interpreter's. Two facts make the hand-offs exact: the interpreter, given a limit of k
// cycles, runs at most k instructions (each costs at least one cycle) and at least one; and a
// block is entered only when even its slowest hit-path run stays under the limit, and after any
// unbounded stall (a page walk) it checks again before going on. Compiled blocks live in one
// table per code frame, beside the decoded slots, and are dropped with them (`dropSlot`).

import { Op } from '../isa/opcodes';
import { PAGE_SHIFT } from '../mem/phys';
import { endsBlock, MAX_BLOCK, St, translate, type BlockEnv, type BlockFn } from './blocks-compile';
import type { DecodedCache, SlotObserver } from './decoded-cache';
import type { Hart } from './hart';
import { execute, mulh, mulhsu, mulhu } from './interpreter';
import type { Trap } from './trap';

const PAGE_MASK = ~0xfff;
const SLOTS = 1024;
const NO_CODE = new Int32Array(2048);

/**
 * When to compile. Each compiled block costs V8 some 5-15 M host instructions (parsing, running
 * in its slow tiers, optimizing) before it pays off, so only runs that keep coming back are
 * compiled; the values were tuned on the differential fixtures (short programs, where compiling
 * too eagerly costs more than it saves) and the benchmarks (long loops, compiled within a
 * fraction of a millisecond either way). Tests lower them to exercise compiled code on short
 * programs; they never change results.
 */
export const blockPolicy = {
  /** Sampled instructions (see `run`) after which a run is compiled (at most 65535). */
  hot: 4096,
  /** Cycles the interpreter runs between samples. */
  stretch: 1024,
};
/** Sampled instructions before compiling again a hot run that was not fully decoded yet. */
const RETRY = 64;
/**
 * Compiled blocks per machine before all are dropped (and recompiled as they get hot again):
 * caps the memory V8 holds for them (some 10-20 KiB each, source, bytecode and machine code).
 */
const MAX_COMPILED = 4096;
/** Beyond this access latency the cost bounds could overflow int32: such machines just interpret. */
const MAX_LATENCY = 1 << 16;

/** A compiled block as one machine uses it: the shared function and its cost bound there. */
class CompiledBlock {
  constructor(
    readonly run: BlockFn,
    /** Most cycles the block can spend before its last instruction (all accesses hitting the TLB). */
    readonly bound: number,
  ) {}
}

/**
 * One code frame's blocks: per instruction slot, the length of the straight-line run starting
 * there (up to and including its control transfer), how often it was entered cold, and its
 * compiled block. Runs overlap (a run may start inside another); invalidating a slot drops every
 * run covering it.
 */
class BlockTable implements SlotObserver {
  readonly blocks: (CompiledBlock | undefined)[] = new Array<CompiledBlock | undefined>(SLOTS).fill(undefined);
  readonly len = new Uint8Array(SLOTS);
  readonly heat = new Uint16Array(SLOTS);
  // Slots covered by any run so far: stores to data sharing the frame skip the search.
  private lo = SLOTS;
  private hi = 0;

  constructor(readonly code: Int32Array) {}

  noteRun(slot: number, length: number): void {
    this.len[slot] = length;
    this.lo = Math.min(this.lo, slot);
    this.hi = Math.max(this.hi, slot + length);
  }

  dropSlot(slot: number): void {
    if (slot < this.lo || slot >= this.hi) return;
    for (let t = Math.max(this.lo, slot - MAX_BLOCK + 1); t <= slot; t++) {
      if (this.len[t] !== 0 && t + this.len[t] > slot) this.forget(t);
    }
  }

  clear(): void {
    for (let t = this.lo; t < this.hi; t++) this.forget(t);
  }

  private forget(t: number): void {
    this.len[t] = 0;
    this.heat[t] = 0;
    this.blocks[t] = undefined;
  }
}

/** A machine's block state: its frames' tables (kept in the DecodedCache) and compile budget. */
class BlockCache {
  private compiled = 0;

  constructor(
    private readonly decoded: DecodedCache,
    private readonly caches: boolean,
    private readonly maxLat: number,
  ) {}

  /** The table of the frame at `host`, for its current decoded page. */
  table(host: number, code: Int32Array): BlockTable {
    const frame = host >>> PAGE_SHIFT;
    const found = this.decoded.blockTables[frame];
    if (found instanceof BlockTable && found.code === code) return found;
    const table = new BlockTable(code);
    this.decoded.blockTables[frame] = table;
    return table;
  }

  /** Length of the run starting at `pc` (instructions to its control transfer). */
  runLength(table: BlockTable, pc: number): number {
    const slot = (pc & 0xfff) >>> 2;
    const length = table.len[slot];
    return length !== 0 ? length : this.scan(table, slot);
  }

  /**
   * Samples the run starting at `pc`, about to be handed to the interpreter whole: adds its
   * length to its heat, compiles it once hot, and returns its length.
   */
  sample(table: BlockTable, codeHost: number, pc: number, words: Int32Array): number {
    const slot = (pc & 0xfff) >>> 2;
    const length = this.runLength(table, pc);
    const heat = table.heat[slot];
    const hot = Math.min(blockPolicy.hot, 0xffff);
    if (heat < hot && (pc & 3) === 0) {
      table.heat[slot] = Math.min(hot, heat + length);
      if (heat + length >= hot) this.compile(table, slot, codeHost, words);
    }
    return length;
  }

  // The straight-line run from `slot`, as far as it is decoded. Only the interpreter decodes
  // (when it first executes a slot): decoding ahead would be observable, since the interpreter
  // re-checks its limit after decoding. A run that reaches an undecoded slot includes it (the
  // interpreter will decode and run it) but is not remembered: it is longer than it looks.
  private scan(table: BlockTable, slot: number): number {
    const code = table.code;
    let k = slot;
    let op: number = Op.Undecoded;
    while (k < SLOTS && k - slot < MAX_BLOCK) {
      op = code[2 * k] & 0xff;
      k++;
      if (endsBlock(op)) break;
    }
    if (op !== Op.Undecoded) table.noteRun(slot, k - slot);
    return k - slot;
  }

  private compile(table: BlockTable, slot: number, codeHost: number, words: Int32Array): void {
    if (this.compiled >= MAX_COMPILED) {
      this.flush(); // everything starts cold again, this run included
      return;
    }
    const length = this.scan(table, slot);
    if (table.len[slot] === 0) {
      // Not all decoded yet (the interpreter has always left it early): try again later.
      table.heat[slot] = Math.max(0, blockPolicy.hot - RETRY);
      return;
    }
    const t = translate(table.code, slot, slot + length, words, codeHost, this.caches);
    if (t === null) return;
    this.compiled++;
    table.blocks[slot] = new CompiledBlock(t.run, t.length - 1 + this.maxLat * t.accessesBeforeLast);
  }

  private flush(): void {
    this.compiled = 0;
    for (const table of this.decoded.blockTables) if (table instanceof BlockTable) table.clear();
  }
}

const NO_TABLE = new BlockTable(NO_CODE);
/** A hart's environment for its blocks, with its machine's block cache. */
type HartEnv = BlockEnv & { readonly cache: BlockCache };
const envs = new WeakMap<Hart, HartEnv>();
const cachesOf = new WeakMap<DecodedCache, BlockCache>();

function envFor(hart: Hart): HartEnv | null {
  let env = envs.get(hart);
  if (env === undefined) {
    const c = hart.caches;
    const latency = hart.cost;
    const maxLat = c === null ? latency.l1 : Math.max(latency.l1, latency.l2, latency.l3, latency.ram);
    let cache = cachesOf.get(hart.decoded);
    if (cache === undefined) {
      cache = new BlockCache(hart.decoded, c !== null, maxLat);
      cachesOf.set(hart.decoded, cache);
    }
    const { mem, tlb } = hart;
    env = {
      hart, regs: hart.regs, i8: mem.i8, u8: mem.u8, i16: mem.i16, u16: mem.u16, i32: mem.i32,
      rkey: tlb.rkey, wkey: tlb.wkey, tadd: tlb.add, setMask: tlb.setMask, wayShift: tlb.wayShift,
      caches: c, flat: latency.l1, maxLat, mulh, mulhsu, mulhu, st: new Int32Array(St.Size), cache,
    };
    envs.set(hart, env);
  }
  return env.maxLat > MAX_LATENCY ? null : env;
}

/** Compiled blocks the hart's machine holds now (for tests and diagnostics). */
export function compiledBlocks(hart: Hart): number {
  let count = 0;
  for (const table of hart.decoded.blockTables) {
    if (table instanceof BlockTable) for (const block of table.blocks) if (block !== undefined) count++;
  }
  return count;
}

/**
 * Runs `hart` until a trap, or until the cycles it spends reach `limit`: exactly what
 * `execute(hart, limit)` does, observably, only faster on hot code.
 */
export function executeBlocks(hart: Hart, limit: number): Trap | null {
  limit = Math.min(limit, 0x3fffffff) | 0;
  const env = envFor(hart);
  if (limit <= 0 || env === null) return execute(hart, limit);
  return run(hart, env, env.cache, limit);
}

// The interpreter's loop, one block (or one hand-off) per turn instead of one instruction. Like
// the interpreter it is one long function on purpose: its locals are the run's state, and a
// helper per step would cost a call (and an object for that state) per block on the hot path.
function run(hart: Hart, env: BlockEnv, cache: BlockCache, limit: number): Trap | null {
  const st = env.st;
  const tlb = hart.tlb;
  const decoded = hart.decoded;
  const words = hart.mem.i32;

  let pc = hart.pc | 0;
  let n = 0;
  let stall = 0;
  let hits = 0;
  /** Instructions of the run being handed to the interpreter that it has not run yet. */
  let coldLeft = 0;
  /** pc starts a run (the last turn ran a block, or the whole of a run). */
  let atRunStart = false;
  /** The last run handed over was a sample: interpret a stretch before the next. */
  let sampled = false;
  const cached = hart.fetchTlbState === tlb.invalidations;
  let code = cached ? hart.fetchCode : NO_CODE;
  let codePage = cached ? hart.fetchPageVa : (pc ^ 0x1000) & PAGE_MASK;
  let codeHost = cached ? hart.fetchHost : 0;
  // Not cached: the first turn translates pc's page and replaces this placeholder.
  let table = cached ? cache.table(codeHost, code) : NO_TABLE;

  while (((n + stall) | 0) < limit) {
    if ((pc & PAGE_MASK) !== codePage) {
      // The same fetch translation as the interpreter's: same TLB lookups, same counts.
      const host = hart.fetchPage(pc);
      stall = (stall + hart.slowCycles) | 0;
      hart.slowCycles = 0;
      if (host < 0) break;
      code = decoded.page(host);
      codePage = pc & PAGE_MASK;
      codeHost = host;
      table = cache.table(host, code);
      coldLeft = 0;
    }
    if (coldLeft === 0) {
      const block = table.blocks[(pc & 0xfff) >>> 2];
      // The instruction at pc may run (checked above, before any fetch stall); the block's
      // last one must be able to as well, whatever its accesses cost.
      if (block !== undefined && (pc & 3) === 0 && n + stall + block.bound < limit) {
        st[St.Pc] = pc;
        st[St.N] = n;
        st[St.Stall] = stall;
        st[St.Hits] = hits;
        st[St.Limit] = limit;
        block.run(env, st);
        pc = st[St.Pc];
        n = st[St.N];
        stall = st[St.Stall];
        hits = st[St.Hits];
        if (hart.trap !== null) break;
        atRunStart = true;
        sampled = false;
        continue;
      }
      const slot = (pc & 0xffc) >>> 1;
      if ((code[slot] & 0xff) === Op.Undecoded && ((n + stall) | 0) >= limit) {
        // The interpreter decodes a slot before running it and then checks its limit again,
        // which a fetch stall since the check above may have reached: it stops here.
        decoded.decodeSlot(code, slot, codeHost + (pc & 0xffc));
        break;
      }
      // What to hand the interpreter: a stretch of cycles (cheap: one hand-off), then the rest
      // of the run it stopped in (so that the next turn starts a run), then one whole run,
      // counted (a sample: its heat decides when it is compiled), and so on; after a block,
      // the run it leads to is sampled. Compiled blocks are entered at every run start.
      if (!atRunStart) coldLeft = cache.runLength(table, pc);
      else if (!sampled) {
        coldLeft = cache.sample(table, codeHost, pc, words);
        sampled = true;
      } else sampled = false;
    }

    // Hand the interpreter a stretch or at most the rest of the run (and at least one
    // instruction: this one may run, even if a fetch stall has since reached the limit). It
    // continues from our fetch page and counts into the hart; we go on from where it stopped.
    hart.endRun(pc, code, codePage, codeHost, n, stall, hits);
    limit = (limit - n - stall) | 0;
    n = stall = hits = 0;
    const instret = hart.instret;
    const cycles = hart.cycles;
    const stretch = coldLeft === 0;
    const trap = execute(hart, Math.max(1, Math.min(stretch ? blockPolicy.stretch : coldLeft, limit)));
    if (trap !== null) return trap;
    if (!stretch) coldLeft = Math.max(0, coldLeft - (hart.instret - instret));
    atRunStart = !stretch && coldLeft === 0;
    limit = (limit - (hart.cycles - cycles)) | 0;
    pc = hart.pc | 0;
    codePage = hart.fetchPageVa;
    if (hart.fetchCode !== code || hart.fetchHost !== codeHost) {
      code = hart.fetchCode;
      codeHost = hart.fetchHost;
      table = cache.table(codeHost, code);
    }
  }

  hart.endRun(pc, code, codePage, codeHost, n, stall, hits);
  return hart.takeTrap();
}
