// strace's spelling of values: strings quoted and escaped as its string_quote() does (C escapes
// for \t \n \v \f \r, octal for other unprintable bytes, `...` after the quote when cut at the
// -s limit), NULL for a zero pointer, lowercase hex addresses.

/** strace's default `-s 32`: how many bytes of a string or buffer it shows. */
export const DEFAULT_STRING_LIMIT = 32;

const C_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v' };

/** `bytes` as a C string literal; `truncated` adds strace's `...` after the closing quote. */
export function quoteBytes(bytes: Uint8Array, truncated: boolean): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const escape = C_ESCAPES[c];
    if (escape !== undefined) s += escape;
    else if (c >= 0x20 && c <= 0x7e) s += String.fromCharCode(c);
    else s += '\\' + octal(c, isOctalDigit(bytes[i + 1]));
  }
  return s + '"' + (truncated ? '...' : '');
}

// Shortest octal form, except that a following digit forces three digits ("\0001" is not "\01").
function octal(c: number, fullWidth: boolean): string {
  const digits = c.toString(8);
  return fullWidth ? digits.padStart(3, '0') : digits;
}

function isOctalDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x37;
}

/** A register's bits in hex (negative numbers as their 32-bit pattern); wider values as they are. */
export function hex(n: number): string {
  return n > 0xffffffff ? `0x${n.toString(16)}` : `0x${(n >>> 0).toString(16)}`;
}

/** A user address: NULL or hex. */
export function pointer(n: number): string {
  return n >>> 0 === 0 ? 'NULL' : hex(n >>> 0);
}

/** `%#o`-style octal as strace prints modes: 0644, and 000 for zero. */
export function octalMode(mode: number): string {
  return '0' + (mode >>> 0).toString(8).padStart(2, '0');
}
