// How the tracer reads a traced process's memory: a reader function supplied by whoever owns the
// machine (`Machine.readMemory`, wrapped so a dead process reads as null), and the typed loads the
// decoders need on top of it. Little-endian, 32-bit pointers: the riscv32 user ABI.

/** Bytes of `length` at `va` in process `pid`, or null where the process may not read. */
export type MemoryReader = (pid: number, va: number, length: number) => Uint8Array | null;

const PAGE_SIZE = 4096;

export class UserMemory {
  constructor(
    private readonly reader: MemoryReader,
    readonly pid: number,
  ) {}

  bytes(va: number, length: number): Uint8Array | null {
    if (length === 0) return new Uint8Array(0);
    try {
      return this.reader(this.pid, va >>> 0, length);
    } catch {
      // The process is gone (or never existed): its memory is as unreadable as an unmapped page.
      return null;
    }
  }

  u32(va: number): number | null {
    const b = this.bytes(va, 4);
    return b === null ? null : (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  /** The 32-bit words of a struct, or null when any of it is unreadable. */
  words(va: number, count: number): number[] | null {
    const b = this.bytes(va, count * 4);
    if (b === null) return null;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true));
  }

  /**
   * A NUL-terminated string of at most `max` bytes (without the NUL), and whether it ended
   * before the limit. Read page by page so a string that ends just before an unmapped page
   * still reads.
   */
  cString(va: number, max: number): { bytes: Uint8Array; terminated: boolean } | null {
    const out: number[] = [];
    let at = va >>> 0;
    while (out.length < max) {
      const chunk = this.bytes(at, Math.min(PAGE_SIZE - (at % PAGE_SIZE), max - out.length));
      if (chunk === null) return out.length === 0 ? null : { bytes: Uint8Array.from(out), terminated: false };
      const nul = chunk.indexOf(0);
      if (nul >= 0) return { bytes: Uint8Array.from([...out, ...chunk.subarray(0, nul)]), terminated: true };
      out.push(...chunk);
      at = (at + chunk.length) >>> 0;
    }
    return { bytes: Uint8Array.from(out), terminated: false };
  }
}

/** Two 32-bit halves as one number (exact up to 2^53, which covers every offset and size we see). */
export function join64(lo: number, hi: number): number {
  return (hi | 0) * 2 ** 32 + (lo >>> 0);
}
