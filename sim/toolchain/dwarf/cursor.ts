// A bounds-checked little-endian reader over one DWARF section: fixed-size integers, LEB128,
// NUL-terminated strings and DWARF32 offsets/initial lengths. Every DWARF parser in this folder
// reads through it, so a truncated or corrupt section always surfaces as a DwarfError naming the
// section and offset, never as a RangeError or a silently wrong value.

/** Every malformed-DWARF failure in this folder: carries the section and offset it was found at. */
export class DwarfError extends Error {
  override readonly name = 'DwarfError';
}

const decoder = new TextDecoder();

export class Cursor {
  /** Current position, relative to the start of `bytes`. */
  offset: number;
  private dataView: DataView | undefined;

  /**
   * @param bytes the section (or a sub-range of it)
   * @param section name used in error messages, e.g. ".debug_info"
   * @param offset where to start
   * @param base the position of `bytes[0]` within the whole section, for error messages
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly section: string,
    offset = 0,
    readonly base = 0,
  ) {
    this.offset = offset;
  }

  /** Created on first multi-byte read: most cursors (strings, LEB128) never need one. */
  private get view(): DataView {
    this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dataView;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  get atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** A DwarfError located at the cursor (or at `at`, relative to `bytes`). */
  error(message: string, at = this.offset): DwarfError {
    return new DwarfError(`${this.section} at 0x${(this.base + at).toString(16)}: ${message}`);
  }

  /** Throws unless `n` more bytes are readable. */
  need(n: number, what = 'data'): void {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw this.error(`truncated ${what} (needs ${n} bytes, ${Math.max(0, this.remaining)} left)`);
    }
  }

  seek(offset: number): void {
    if (offset < 0 || offset > this.bytes.length) throw this.error(`offset 0x${(this.base + offset).toString(16)} is outside the section`);
    this.offset = offset;
  }

  skip(n: number, what = 'data'): void {
    this.need(n, what);
    this.offset += n;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  i8(): number {
    this.need(1);
    return this.view.getInt8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 2;
    return b[o] | (b[o + 1] << 8);
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  u24(): number {
    this.need(3);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 3;
    return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
  }

  u32(): number {
    return this.i32() >>> 0;
  }

  i32(): number {
    this.need(4);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 4;
    return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** An unsigned integer of 1, 2, 4 or 8 bytes (8-byte values must fit in a JS number). */
  unsigned(size: number): number {
    switch (size) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 4:
        return this.u32();
      case 8:
        return toSafe(this.u64(), this);
      default:
        throw this.error(`unsupported integer size ${size}`);
    }
  }

  /** A target address (address_size 4 or 8; 8-byte addresses must fit in a JS number). */
  address(size: number): number {
    if (size !== 4 && size !== 8) throw this.error(`unsupported address size ${size}`);
    return this.unsigned(size);
  }

  bytesOf(n: number, what = 'block'): Uint8Array {
    this.need(n, what);
    const b = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  /** ULEB128 as a bigint (any length). */
  ulebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return result;
    }
  }

  /** SLEB128 as a bigint (any length). */
  slebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }

  /** ULEB128 that must fit in a JS number (offsets, counts, indices). */
  uleb(): number {
    const start = this.offset;
    // Fast path for the common 1–4 byte encodings.
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
    }
    this.offset = start;
    return toSafe(this.ulebBig(), this, start);
  }

  /** SLEB128 that must fit in a JS number. */
  sleb(): number {
    const start = this.offset;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return b & 0x40 ? result - 2 ** (shift + 7) : result;
    }
    this.offset = start;
    return toSafe(this.slebBig(), this, start);
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw this.error('unterminated string');
    const s = decoder.decode(this.bytes.subarray(this.offset, end));
    this.offset = end + 1;
    return s;
  }

  /**
   * A unit's initial length (DWARF 7.4). Returns the length of what follows; rejects DWARF64
   * (0xffffffff) and the reserved escape values.
   */
  initialLength(what: string): number {
    const length = this.u32();
    if (length === 0xffffffff) throw this.error(`${what} is in the 64-bit DWARF format, which oslab does not read (only DWARF32)`, this.offset - 4);
    if (length >= 0xfffffff0) throw this.error(`${what} has a reserved length value 0x${length.toString(16)}`, this.offset - 4);
    if (length > this.remaining) throw this.error(`${what} length 0x${length.toString(16)} runs past the end of the section`, this.offset - 4);
    return length;
  }

  /** A section offset (DWARF32: 4 bytes). */
  sectionOffset(): number {
    return this.u32();
  }

  /** A sub-cursor over the next `length` bytes, sharing error positions with this one. */
  slice(length: number, what: string): Cursor {
    this.need(length, what);
    const sub = new Cursor(this.bytes.subarray(this.offset, this.offset + length), this.section, 0, this.base + this.offset);
    this.offset += length;
    return sub;
  }
}

function toSafe(v: bigint, c: Cursor, at = c.offset): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw c.error(`value ${v} is too large`, at);
  }
  return Number(v);
}

/** A NUL-terminated string at `offset` of a string section (.debug_str, .debug_line_str). */
export function stringAt(section: Uint8Array, name: string, offset: number): string {
  if (offset < 0 || offset >= section.length) throw new DwarfError(`${name}: string offset 0x${offset.toString(16)} is outside the section (size 0x${section.length.toString(16)})`);
  const end = section.indexOf(0, offset);
  if (end < 0) throw new DwarfError(`${name} at 0x${offset.toString(16)}: unterminated string`);
  return decoder.decode(section.subarray(offset, end));
}
