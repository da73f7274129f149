// Constants: the value and type of an integer literal (C11 6.4.4.1 for ILP32, where long is as
// narrow as int so an unsuffixed decimal too big for int is long long), and the link-time value
// of a static initializer expression, `symbol + addend` or a plain number (C11 6.6p7's address
// constants: `&g.m`, `arr + 2`, `"str"`, a function's name).

import type { Expr } from './ast';
import type { Parser } from './parse-state';
import type { Token } from './token';
import { FLOATING_UNSUPPORTED } from './parse-declspec';
import { num } from './convert';
import { INT, LLONG, LONG, UINT, ULLONG, ULONG, sizeOf, unqualified, type CType } from './types';

// The candidate types in order, per C11 6.4.4.1p5's table (suffix, decimal?).
function candidates(suffix: string, decimal: boolean): CType[] | null {
  switch (suffix) {
    case '':
      return decimal ? [INT, LONG, LLONG] : [INT, UINT, LONG, ULONG, LLONG, ULLONG];
    case 'u':
      return [UINT, ULONG, ULLONG];
    case 'l':
      return decimal ? [LONG, LLONG] : [LONG, ULONG, LLONG, ULLONG];
    case 'ul':
    case 'lu':
      return [ULONG, ULLONG];
    case 'll':
      return decimal ? [LLONG] : [LLONG, ULLONG];
    case 'ull':
    case 'llu':
      return [ULLONG];
    default:
      return null;
  }
}

function maxValue(t: CType): bigint {
  const bits = BigInt(sizeOf(t) * 8);
  return t.kind !== 'pointer' && (t as { unsigned: boolean }).unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
}

/** Types a preprocessing number that must be an integer constant. */
export function numberLiteral(p: Parser, tok: Token): Expr {
  const text = tok.text;
  const match = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]+)([uUlL]*)$/.exec(text);
  if (!match) {
    if (/^(0[xX][0-9a-fA-F.]*[pP]|[0-9]*\.|[0-9]+[eE])/.test(text) || /[fF]$/.test(text) && !/^0[xX]/.test(text)) p.fatal(tok, FLOATING_UNSUPPORTED);
    const digits = /^(0[xX][0-9a-fA-F]*|0[bB][01]*|[0-9]+)/.exec(text)?.[0] ?? '';
    return p.fatal(tok, `invalid suffix "${text.slice(digits.length)}" on integer constant`);
  }
  const [, digits, rawSuffix] = match;
  const suffix = rawSuffix.toLowerCase();
  const types = candidates(suffix, !/^0[xXbB]/.test(digits) && !/^0[0-7]/.test(digits));
  if (!types || (/ll/i.test(rawSuffix) && !/LL|ll/.test(rawSuffix))) return p.fatal(tok, `invalid suffix "${rawSuffix}" on integer constant`);
  let value: bigint;
  if (/^0[xX]$/.test(digits) || /^0[bB]$/.test(digits)) return p.fatal(tok, `invalid suffix "${text.slice(1)}" on integer constant`);
  if (/^0[bB]/.test(digits)) value = BigInt(digits);
  else if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) {
    const bad = /[89]/.exec(digits);
    if (bad) return p.fatal(tok, `invalid digit "${bad[0]}" in octal constant`);
    value = BigInt('0o' + digits.slice(1));
  } else value = BigInt(digits);
  const type = types.find((t) => value <= maxValue(t));
  if (!type) {
    p.error(tok, 'integer constant is too large for its type');
    return num(value, ULLONG, tok.loc);
  }
  return num(value, type, tok.loc);
}

/** A link-time constant: `symbol + addend`, or a plain number when symbol is null. */
export interface StaticValue {
  readonly symbol: string | null;
  readonly addend: bigint;
}

/** The value of a static initializer expression, or null when it is not a constant. */
export function staticValue(e: Expr): StaticValue | null {
  switch (e.kind) {
    case 'num':
      return { symbol: null, addend: e.value };
    case 'cast': {
      const inner = staticValue(e.operand);
      if (!inner) return null;
      if (inner.symbol !== null) return sizeOf(unqualified(e.type)) === 4 || e.type.kind === 'void' ? inner : null;
      return inner;
    }
    case 'addr':
      return staticAddress(e.operand);
    case 'binary': {
      const l = staticValue(e.lhs);
      const r = staticValue(e.rhs);
      if (!l || !r) return null;
      if (e.op === 'add' && (l.symbol === null || r.symbol === null)) return { symbol: l.symbol ?? r.symbol, addend: l.addend + r.addend };
      if (e.op === 'sub' && r.symbol === null) return { symbol: l.symbol, addend: l.addend - r.addend };
      return null;
    }
    case 'cond': {
      const test = staticValue(e.test);
      if (!test || test.symbol !== null) return null;
      return staticValue(test.addend !== 0n ? e.then : e.otherwise);
    }
    default:
      return null;
  }
}

function staticAddress(e: Expr): StaticValue | null {
  switch (e.kind) {
    case 'var':
      return e.variable.kind === 'global' || e.variable.kind === 'function' ? { symbol: e.variable.symbol, addend: 0n } : null;
    case 'member': {
      const base = staticAddress(e.object);
      return base && { symbol: base.symbol, addend: base.addend + BigInt(e.member.offset) };
    }
    case 'deref':
      return staticValue(e.operand);
    default:
      return null;
  }
}
