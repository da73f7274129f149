// A tiny byte builder for hand-assembled DWARF in tests: little-endian integers, LEB128 and
// strings, concatenated into one Uint8Array.

export type Part = number[] | Uint8Array;

export const u8 = (v: number): number[] => [v & 0xff];
export const u16 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff];
export const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

export function uleb(v: number | bigint): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n) b |= 0x80;
    out.push(b);
  } while (x !== 0n);
  return out;
}

export function sleb(v: number | bigint): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  for (;;) {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export const cstr = (s: string): number[] => [...new TextEncoder().encode(s), 0];

export function bytes(...parts: Part[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

/** A DWARF32 unit: a 4-byte length, then the body. */
export function withLength(...body: Part[]): Uint8Array {
  const b = bytes(...body);
  return bytes(u32(b.length), b);
}
