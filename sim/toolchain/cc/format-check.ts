// gcc's -Wformat for the printf and scanf families: when the format is a string literal, each
// conversion's expected argument type is compared with the argument actually passed (after the
// default promotions), with gcc's wording. A student's `printf("%d", str)` is caught at compile
// time instead of printing garbage in the simulator.

import type { Expr, GlobalVariable } from './ast';
import type { Parser } from './parse-state';
import type { SourceLocation } from './token';
import {
  CHAR, INT, LLONG, LONG, SCHAR, SHORT, UINT, ULLONG, ULONG, USHORT, UCHAR, isInteger, pointerTo, sizeOf,
  typeName, unqualified, VOID, type CType,
} from './types';

/** Index of the format argument of each checked function, and whether it reads (scanf) or writes. */
const FORMAT_FUNCTIONS: Record<string, { readonly index: number; readonly scan: boolean }> = {
  printf: { index: 0, scan: false }, fprintf: { index: 1, scan: false }, sprintf: { index: 1, scan: false },
  snprintf: { index: 2, scan: false }, dprintf: { index: 1, scan: false },
  scanf: { index: 0, scan: true }, fscanf: { index: 1, scan: true }, sscanf: { index: 1, scan: true },
};

// The special `char *` of %s: any pointer to a byte-sized integer matches.
const STRING: CType = pointerTo(CHAR);
const ANY_POINTER: CType = pointerTo(VOID);
const DOUBLE_NAME = 'double';

interface Conversion {
  readonly spelling: string;
  /** null for a floating conversion (never matches: oslab has no floating point yet). */
  readonly expected: CType | null;
}

/** Checks a call to a printf/scanf-family function whose format is a literal. */
export function checkFormat(p: Parser, callee: string, args: readonly Expr[], raw: readonly Expr[], loc: SourceLocation): void {
  const fn = FORMAT_FUNCTIONS[callee];
  if (!fn || args.length <= fn.index) return;
  const format = literalBytes(p, args[fn.index]);
  if (!format) return;
  const conversions = parseFormat(format, fn.scan);
  let next = fn.index + 1;
  for (const c of conversions) {
    if (next >= args.length) {
      p.warning(loc, `format '${c.spelling}' expects a matching '${expectedName(c)}' argument [-Wformat=]`);
      return;
    }
    const arg = args[next];
    if (!matches(c.expected, arg.type)) {
      p.warning(raw[next].loc, `format '${c.spelling}' expects argument of type '${expectedName(c)}', but argument ${next + 1} has type '${typeName(arg.type)}' [-Wformat=]`);
    }
    next++;
  }
  if (next < args.length && !fn.scan) p.warning(raw[next].loc, 'too many arguments for format [-Wformat-extra-args]');
}

function expectedName(c: Conversion): string {
  return c.expected ? typeName(c.expected) : DOUBLE_NAME;
}

// The format argument is a string literal decayed to a pointer (maybe converted to `const char *`).
function literalBytes(p: Parser, e: Expr): Uint8Array | null {
  let x = e;
  while (x.kind === 'cast') x = x.operand;
  if (x.kind !== 'addr' || x.operand.kind !== 'var') return null;
  const bytes = p.stringBytes.get(x.operand.variable as GlobalVariable);
  return bytes ? bytes.subarray(0, bytes.length - 1) : null;
}

function matches(expected: CType | null, actual: CType): boolean {
  if (!expected) return false;
  const a = unqualified(actual);
  if (expected === ANY_POINTER) return a.kind === 'pointer';
  if (expected.kind === 'pointer') {
    if (a.kind !== 'pointer') return false;
    const want = unqualified(expected.base);
    const have = unqualified(a.base);
    if (expected === STRING) return isInteger(have) && sizeOf(have) === 1;
    if (want.kind === 'pointer') return have.kind === 'pointer';
    return isInteger(want) && isInteger(have) && sameIntegerRank(want, have);
  }
  return isInteger(a) && sameIntegerRank(expected, a);
}

// gcc accepts a signedness mismatch (that is -Wformat-signedness) but not `long` for `int`.
function sameIntegerRank(a: CType, b: CType): boolean {
  const kind = (t: CType) => (t.kind === 'enum' ? 'int' : t.kind);
  return kind(a) === kind(b) && sizeOf(a) === sizeOf(b);
}

const SIGNED_BY_LENGTH: Record<string, CType> = { hh: INT, h: INT, '': INT, l: LONG, ll: LLONG, q: LLONG, j: LLONG, z: UINT, t: INT };
const UNSIGNED_BY_LENGTH: Record<string, CType> = { hh: UINT, h: UINT, '': UINT, l: ULONG, ll: ULLONG, q: ULLONG, j: ULLONG, z: UINT, t: INT };
const SCAN_SIGNED: Record<string, CType> = { hh: SCHAR, h: SHORT, '': INT, l: LONG, ll: LLONG, q: LLONG, j: LLONG, z: UINT, t: INT };
const SCAN_UNSIGNED: Record<string, CType> = { hh: UCHAR, h: USHORT, '': UINT, l: ULONG, ll: ULLONG, q: ULLONG, j: ULLONG, z: UINT, t: INT };

/** The argument each conversion of `format` consumes, in order (`*` widths included). */
function parseFormat(format: Uint8Array, scan: boolean): Conversion[] {
  const text = new TextDecoder('latin1').decode(format);
  const out: Conversion[] = [];
  const re = /%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|j|z|t|L|q)?(.)/gs;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [spelling, flags, width, precision, length = '', conv] = m;
    if (conv === '%') continue;
    if (scan) {
      const suppressed = width === '*';
      const expected = scanExpectation(conv, length, text, re);
      if (!suppressed && expected !== undefined) out.push({ spelling: spelling.replace(/\[.*$/, '['), expected });
      continue;
    }
    void flags;
    if (width === '*') out.push({ spelling: '%*' + spelling.slice(spelling.indexOf('*') + 1), expected: INT });
    if (precision === '*') out.push({ spelling: '%.*' + conv, expected: INT });
    const expected = printExpectation(conv, length);
    if (expected !== undefined) out.push({ spelling, expected });
  }
  return out;
}

// undefined: not a conversion gcc checks (or unknown: gcc warns separately; we stay quiet).
function printExpectation(conv: string, length: string): CType | null | undefined {
  switch (conv) {
    case 'd': case 'i': return SIGNED_BY_LENGTH[length];
    case 'u': case 'o': case 'x': case 'X': return UNSIGNED_BY_LENGTH[length];
    case 'c': return INT;
    case 's': return STRING;
    case 'p': return ANY_POINTER;
    case 'n': return pointerTo(SIGNED_BY_LENGTH[length] ?? INT);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': return null;
    default: return undefined;
  }
}

function scanExpectation(conv: string, length: string, text: string, re: RegExp): CType | null | undefined {
  switch (conv) {
    case 'd': case 'i': case 'n': return pointerTo(SCAN_SIGNED[length] ?? INT);
    case 'u': case 'o': case 'x': case 'X': return pointerTo(SCAN_UNSIGNED[length] ?? UINT);
    case 'c': case 's': return STRING;
    case '[': {
      // Skip the scan set: `]` right after `[` or `[^` is part of it.
      let i = re.lastIndex;
      if (text[i] === '^') i++;
      if (text[i] === ']') i++;
      const close = text.indexOf(']', i);
      re.lastIndex = close < 0 ? text.length : close + 1;
      return STRING;
    }
    case 'p': return pointerTo(ANY_POINTER);
    case 'f': case 'e': case 'g': case 'a': return null;
    default: return undefined;
  }
}
