// Little helpers the ELF and archive writers share: a growable little-endian byte buffer with
// alignment padding, and a string table that stores each name once (ELF .strtab/.shstrtab).

/** An append-only byte buffer with 32-bit little-endian fields and in-place patching. */
export class ByteWriter {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
  }

  /** A 32-bit big-endian word (the GNU archive symbol index is big-endian). */
  u32be(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, false);
    this.length += 4;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.u8(text.charCodeAt(i) & 0xff);
  }

  /** Zero bytes up to the next multiple of `align`; returns the new length. */
  align(align: number, fill = 0): number {
    while (this.length % align !== 0) this.u8(fill);
    return this.length;
  }

  zeros(count: number): void {
    this.reserve(count);
    this.bytes.fill(0, this.length, this.length + count);
    this.length += count;
  }

  patchU32(offset: number, value: number): void {
    this.view.setUint32(offset, value >>> 0, true);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** An ELF string table: offset 0 is the empty string; equal names share one entry. */
export class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly chunks: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly encoder = new TextEncoder();

  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const encoded = this.encoder.encode(name);
    const bytes = new Uint8Array(encoded.length + 1);
    bytes.set(encoded);
    const offset = this.size;
    this.chunks.push(bytes);
    this.size += bytes.length;
    this.offsets.set(name, offset);
    return offset;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

export function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

export function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0 && value <= 0x8000_0000;
}
