// Checkpoints of a whole machine, for the debugger's reverse execution (DESIGN §6): a copy of
// the kernel's objects, the harts, the event log and the harts' turns, and of physical memory
// only the frames in use, each shared with the previous checkpoint's copy when its bytes have
// not changed since ("dirty pages only").
//
// Restoring rewinds the machine in place. The objects the rest of the program holds (the
// machine's kernel, harts, event log) stay the same objects and only their state goes back, so
// the closures they were wired with at construction stay valid. What is the host's and not the
// simulated computer's is left as it is: functions, and plain objects or collections that hold
// functions (event subscribers, the debugger's stop predicates).

import type { PhysicalMemory } from './mem/phys';
import { PAGE_SHIFT, PAGE_SIZE } from './mem/phys';

/**
 * A class lists here the fields of its instances that are the host's settings rather than the
 * simulated computer's state (the debugger's event stops): a checkpoint leaves them as they are.
 */
export const HOST_SETTINGS: unique symbol = Symbol('host settings');

/**
 * A class lists here the fields of its instances that are containers of things never changed
 * once made (the event log's events): the container is copied, its elements are shared.
 */
export const SHARED_ELEMENTS: unique symbol = Symbol('shared elements');

/** The state of one object kept by identity, property by property. */
type Record = Map<string, unknown>;

export interface Checkpoint {
  /** Physical frames in use, by frame index; unchanged frames are shared between checkpoints. */
  readonly frames: ReadonlyMap<number, Uint8Array>;
  readonly refcount: Uint16Array;
  readonly freeStack: Int32Array;
  readonly freeTop: number;
  readonly objects: ReadonlyMap<object, Record>;
  /** Bytes of frame copies this checkpoint added (what keeping it costs beyond its predecessors). */
  readonly newFrameBytes: number;
}

type TypedArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float64Array | Float32Array;

/**
 * Copies machine state. `roots` are kept by identity and restored in place; `shared` are kept by
 * reference and not copied at all (memory, the decoded-code cache, the cost model, the console).
 * Class instances with functions of their own (the kernel's MMU and scheduler) are found on the
 * way and treated as roots.
 */
export class CheckpointTaker {
  private previous: Map<number, Uint8Array> = new Map();

  constructor(private readonly mem: PhysicalMemory, private readonly shared: ReadonlySet<object>) {}

  take(roots: readonly object[]): Checkpoint {
    const objects = new Map<object, Record>();
    const copier = new Copier(this.shared, objects);
    // Every root known first: one reached from another (the first process from the kernel's
    // table) must stay itself, not become a copy.
    for (const root of roots) objects.set(root, new Map());
    for (const root of roots) copier.fill(root);
    const { frames, newFrameBytes } = this.frames();
    return { frames, refcount: this.mem.refcount.slice(), freeStack: this.mem.freeList(), freeTop: this.mem.freeFrames, objects, newFrameBytes };
  }

  restore(checkpoint: Checkpoint): void {
    const mem = this.mem;
    for (const [frame, bytes] of checkpoint.frames) mem.u8.set(bytes, frame << PAGE_SHIFT);
    mem.refcount.set(checkpoint.refcount);
    mem.restoreFreeList(checkpoint.freeStack, checkpoint.freeTop);
    new Reviver(this.shared, checkpoint.objects).restore();
    // The next checkpoint compares against what memory holds now.
    this.previous = new Map(checkpoint.frames);
  }

  private frames(): { frames: Map<number, Uint8Array>; newFrameBytes: number } {
    const { mem } = this;
    const frames = new Map<number, Uint8Array>();
    let newFrameBytes = 0;
    for (let frame = 0; frame < mem.frameCount; frame++) {
      if (mem.refcount[frame] === 0) continue;
      const start = frame << PAGE_SHIFT;
      const before = this.previous.get(frame);
      if (before && sameBytes(mem.i32, start >> 2, before)) {
        frames.set(frame, before);
      } else {
        frames.set(frame, mem.u8.slice(start, start + PAGE_SIZE));
        newFrameBytes += PAGE_SIZE;
      }
    }
    this.previous = frames;
    return { frames, newFrameBytes };
  }
}

function sameBytes(words: Int32Array, at: number, copy: Uint8Array): boolean {
  const saved = new Int32Array(copy.buffer, copy.byteOffset, PAGE_SIZE >> 2);
  for (let i = 0; i < saved.length; i++) if (words[at + i] !== saved[i]) return false;
  return true;
}

const isTyped = (v: object): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);
const isPlain = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Host wiring, never copied or restored: a function, or a plain object or collection holding one. */
function isWiring(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof Set || value instanceof Array) {
    const first = value instanceof Set ? value.values().next().value : value[0];
    return typeof first === 'function';
  }
  if (value instanceof Map) return typeof value.values().next().value === 'function';
  if (isPlain(value)) return Object.values(value).some((v) => typeof v === 'function');
  return false;
}

class Copier {
  private readonly memo = new Map<object, unknown>();

  constructor(private readonly shared: ReadonlySet<object>, private readonly objects: Map<object, Record>) {}

  /** Records a root's own state (`objects` already holds its empty record). */
  fill(object: object): void {
    const record = this.objects.get(object)!;
    const kind = object.constructor as { [HOST_SETTINGS]?: readonly string[]; [SHARED_ELEMENTS]?: readonly string[] };
    const settings = kind[HOST_SETTINGS] ?? [];
    const shallow = kind[SHARED_ELEMENTS] ?? [];
    for (const [key, value] of Object.entries(object)) {
      if (isWiring(value) || settings.includes(key)) continue;
      record.set(key, shallow.includes(key) && Array.isArray(value) ? value.slice() : this.copy(value));
    }
  }

  copy(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    const seen = this.memo.get(value);
    if (seen !== undefined) return seen;
    if (this.shared.has(value) || this.objects.has(value)) return value;
    if (isTyped(value)) return this.remember(value, value.slice());
    if (Array.isArray(value)) {
      if (typeof value[0] === 'function') return value;
      const out: unknown[] = this.remember(value, new Array(value.length));
      for (let i = 0; i < value.length; i++) out[i] = this.copy(value[i]);
      return out;
    }
    if (value instanceof Map || value instanceof Set) return this.copyCollection(value);
    const source = value as { [key: string]: unknown };
    const keys = Object.keys(source);
    for (const key of keys) {
      if (typeof source[key] !== 'function') continue;
      if (isPlain(value)) return value; // host wiring
      this.objects.set(value, new Map()); // wired at construction: a root
      this.fill(value);
      return value;
    }
    const out = this.remember(value, Object.create(Object.getPrototypeOf(value)) as { [key: string]: unknown });
    const kept = (value.constructor as { [HOST_SETTINGS]?: readonly string[] })[HOST_SETTINGS] ?? [];
    for (const key of keys) out[key] = kept.includes(key) ? source[key] : this.copy(source[key]);
    return out;
  }

  private copyCollection(value: Map<unknown, unknown> | Set<unknown>): unknown {
    if (isWiring(value)) return value;
    if (value instanceof Set) {
      const out = this.remember(value, new Set());
      for (const v of value) out.add(this.copy(v));
      return out;
    }
    const out = this.remember(value, new Map());
    for (const [k, v] of value) out.set(this.copy(k), this.copy(v));
    return out;
  }

  private remember<T>(original: object, copy: T): T {
    this.memo.set(original, copy);
    return copy;
  }
}

/**
 * Puts a checkpoint back. Every copied object becomes one live object again (aliases stay
 * aliases); where the live machine still has an object of the same class in the same place, it
 * is rewound in place rather than replaced (the fast loops keep references to the TLB's arrays).
 * The checkpoint itself is never handed out, so it can be restored again.
 */
class Reviver {
  private readonly memo = new Map<object, unknown>();
  private readonly claimed = new Set<object>();

  constructor(private readonly shared: ReadonlySet<object>, private readonly objects: ReadonlyMap<object, Record>) {}

  restore(): void {
    for (const [object, record] of this.objects) {
      const shallow = (object.constructor as { [SHARED_ELEMENTS]?: readonly string[] })[SHARED_ELEMENTS] ?? [];
      const live = object as { [key: string]: unknown };
      for (const key of shallow) {
        const saved = record.get(key);
        if (Array.isArray(saved)) live[key] = saved.slice();
      }
      this.overlay(live, [...record].filter(([key]) => !shallow.includes(key)));
    }
  }

  private overlay(live: { [key: string]: unknown }, record: Iterable<[string, unknown]>): void {
    for (const [key, saved] of record) {
      const current = live[key];
      if (saved !== null && typeof saved === 'object' && current !== null && typeof current === 'object' && this.rewind(current, saved)) continue;
      live[key] = this.revive(saved);
    }
  }

  // Rewinds `live` in place to `saved` when they are the same kind of thing; false otherwise.
  private rewind(live: object, saved: object): boolean {
    if (this.shared.has(saved) || this.objects.has(saved) || this.memo.has(saved) || this.claimed.has(live) || isWiring(saved)) return false;
    if (isTyped(saved)) {
      if (!isTyped(live) || live.constructor !== saved.constructor || live.length !== saved.length) return false;
      (live as Uint8Array).set(saved as Uint8Array);
      this.memo.set(saved, live);
      this.claimed.add(live);
      return true;
    }
    if (Array.isArray(saved) || saved instanceof Map || saved instanceof Set || isPlain(saved)) return false;
    if (Object.getPrototypeOf(live) !== Object.getPrototypeOf(saved)) return false;
    this.memo.set(saved, live);
    this.claimed.add(live);
    this.overlay(live as { [key: string]: unknown }, Object.entries(saved));
    return true;
  }

  private revive(saved: unknown): unknown {
    if (saved === null || typeof saved !== 'object') return saved;
    if (this.shared.has(saved) || this.objects.has(saved) || isWiring(saved)) return saved;
    const seen = this.memo.get(saved);
    if (seen !== undefined) return seen;
    if (isTyped(saved)) return this.remember(saved, saved.slice());
    if (Array.isArray(saved)) {
      const out: unknown[] = this.remember(saved, new Array(saved.length));
      for (let i = 0; i < saved.length; i++) out[i] = this.revive(saved[i]);
      return out;
    }
    if (saved instanceof Map) {
      const out = this.remember(saved, new Map());
      for (const [k, v] of saved) out.set(this.revive(k), this.revive(v));
      return out;
    }
    if (saved instanceof Set) {
      const out = this.remember(saved, new Set());
      for (const v of saved) out.add(this.revive(v));
      return out;
    }
    const out = this.remember(saved, Object.create(Object.getPrototypeOf(saved)) as { [key: string]: unknown });
    for (const [key, v] of Object.entries(saved)) out[key] = this.revive(v);
    return out;
  }

  private remember<T>(original: object, copy: T): T {
    this.memo.set(original, copy);
    return copy;
  }
}
