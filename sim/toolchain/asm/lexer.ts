// Phase 1: characters to tokens. `splitLines` cuts the source into lines and blanks out comments
// (`#` and `//` to the end of the line, `/* */` across lines) with spaces, so columns stay true
// for diagnostics. `lexLine` turns one line into tokens, each with its line and column; `;`
// separates statements within a line, as in GNU as and llvm-mc for RISC-V. Numbers are GNU's
// forms (decimal, 0x hex, 0b binary, leading-0 octal, 'c' character literals) held as 64-bit
// bigints like LLVM's int64_t, and `1f`/`1b` are references to numeric local labels.

import { fail } from './diagnostics';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'labelref' | 'eol';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier or punctuator text; the raw text of a number; `1f` for a label reference. */
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** Numbers (non-negative, not yet limited to 64 bits) and character literals; the label
   *  number of a `labelref`. */
  readonly value: bigint;
  /** Decoded bytes of a string literal. */
  readonly bytes?: readonly number[];
}

const TWO_CHAR_PUNCT = new Set(['<<', '>>', '==', '!=', '<>', '<=', '>=', '&&', '||']);
const ONE_CHAR_PUNCT = new Set('()[],+-*/%<>&|^~!=:@{}'.split(''));

/** Source lines with comments replaced by spaces (strings and character literals respected). */
export function splitLines(source: string): string[] {
  const lines = source.split(/\r?\n/);
  let inBlock = false;
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n];
    // Fast path: nothing that could start a comment or a literal.
    if (!inBlock && !/[#/"']/.test(text)) continue;
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (inBlock) {
        const end = text.indexOf('*/', i);
        if (end < 0) {
          out += ' '.repeat(text.length - i);
          i = text.length;
        } else {
          out += ' '.repeat(end + 2 - i);
          i = end + 2;
          inBlock = false;
        }
        continue;
      }
      const c = text[i];
      if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        out += ' '.repeat(text.length - i);
        break;
      }
      if (c === '/' && text[i + 1] === '*') {
        inBlock = true;
        out += '  ';
        i += 2;
        continue;
      }
      if (c === '"' || c === "'") {
        const end = literalEnd(text, i);
        out += text.slice(i, end);
        i = end;
        continue;
      }
      out += c;
      i++;
    }
    lines[n] = out;
  }
  return lines;
}

// Where a string or character literal starting at `start` ends (past its closing quote, or the
// end of the line when it is unterminated; the lexer reports that).
function literalEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 36;
const isIdentChar = (c: number) => isIdentStart(c) || isDigit(c);

function token(kind: TokenKind, text: string, line: number, col: number, value = 0n, bytes?: number[]): Token {
  return { kind, text, line, col, value, bytes };
}

/** Tokenizes one line (comments already blanked); always ends with an `eol` token. */
export function lexLine(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentChar(text.charCodeAt(i))) i++;
      tokens.push(token('ident', text.slice(start, i), line, start + 1));
      continue;
    }
    if (isDigit(c)) {
      i = lexNumber(text, i, line, tokens);
      continue;
    }
    if (c === 34 /* " */) {
      const [bytes, end] = lexString(text, i, line);
      tokens.push(token('string', text.slice(start, end), line, start + 1, 0n, bytes));
      i = end;
      continue;
    }
    if (c === 39 /* ' */) {
      const [value, end] = lexChar(text, i, line);
      tokens.push(token('number', text.slice(start, end), line, start + 1, value));
      i = end;
      continue;
    }
    if (c === 59 /* ; */) {
      tokens.push(token('eol', ';', line, start + 1));
      i++;
      continue;
    }
    const next = i + 1 < n ? text[i + 1] : '';
    if (next !== '' && TWO_CHAR_PUNCT.has(text[i] + next)) {
      tokens.push(token('punct', text[i] + next, line, start + 1));
      i += 2;
      continue;
    }
    if (ONE_CHAR_PUNCT.has(text[i])) {
      tokens.push(token('punct', text[i], line, start + 1));
      i++;
      continue;
    }
    if (c === 92 /* \ */) fail({ line, col: start + 1 }, 'unexpected backslash (macro arguments are only valid inside .macro)');
    fail({ line, col: start + 1 }, `unexpected character '${text[i]}'`);
  }
  tokens.push(token('eol', '', line, n + 1));
  return tokens;
}

// number = "0x" hex+ | "0b" bin+ | "0" oct* | dec+ ; a decimal followed by f/b is a label reference
function lexNumber(text: string, start: number, line: number, tokens: Token[]): number {
  let i = start;
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  const word = text.slice(start, i);
  // Fast path: a plain decimal that fits a double exactly (the common case).
  if (word.length < 16 && /^(0|[1-9]\d*)$/.test(word)) {
    tokens.push(token('number', word, line, start + 1, BigInt(Number(word))));
    return i;
  }
  const lower = word.toLowerCase();
  if (/^\d+[fb]$/.test(lower) && !/^0b[01]+$/.test(lower)) {
    tokens.push(token('labelref', lower, line, start + 1, BigInt(lower.slice(0, -1))));
    return i;
  }
  let value: bigint;
  if (/^0x[0-9a-f]+$/.test(lower) || /^0b[01]+$/.test(lower)) value = BigInt(lower);
  else if (/^0[0-7]*$/.test(lower)) value = lower.length > 1 ? BigInt('0o' + lower.slice(1)) : 0n;
  else if (/^[1-9]\d*$/.test(lower)) value = BigInt(lower);
  else fail({ line, col: start + 1 }, `invalid number '${word}'`);
  // Kept unbounded: `.file`'s md5 is 128 bits; expressions check for 64.
  tokens.push(token('number', word, line, start + 1, value));
  return i;
}

const SIMPLE_ESCAPES: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, a: 7, e: 27, '"': 34, "'": 39, '\\': 92 };

// One escape sequence after a backslash at `i`: returns the byte and the index past it.
function lexEscape(text: string, i: number, line: number): [number, number] {
  const c = text[i + 1];
  if (c === undefined) fail({ line, col: i + 1 }, 'unterminated escape sequence');
  if (c in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[c], i + 2];
  if (c >= '0' && c <= '7') {
    let j = i + 1;
    let v = 0;
    while (j < text.length && j < i + 4 && text[j] >= '0' && text[j] <= '7') v = v * 8 + (text.charCodeAt(j++) - 48);
    return [v & 0xff, j];
  }
  if (c === 'x' || c === 'X') {
    let j = i + 2;
    let v = 0;
    while (j < text.length && /[0-9a-fA-F]/.test(text[j])) v = (v * 16 + parseInt(text[j++], 16)) & 0xff;
    if (j === i + 2) fail({ line, col: i + 1 }, 'invalid \\x escape: expected hexadecimal digits');
    return [v, j];
  }
  fail({ line, col: i + 1 }, `invalid escape sequence '\\${c}'`);
}

function lexString(text: string, start: number, line: number): [number[], number] {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return [bytes, i + 1];
    if (c === 92) {
      const [b, next] = lexEscape(text, i, line);
      bytes.push(b);
      i = next;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    if (cp < 0x80) bytes.push(cp);
    else bytes.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
    i += cp > 0xffff ? 2 : 1;
  }
  fail({ line, col: start + 1 }, 'unterminated string');
}

// char = "'" (char | escape) "'"?   (GNU lets the closing quote be omitted)
function lexChar(text: string, start: number, line: number): [bigint, number] {
  let i = start + 1;
  if (i >= text.length) fail({ line, col: start + 1 }, 'unterminated character literal');
  let value: number;
  if (text[i] === '\\') [value, i] = lexEscape(text, i, line);
  else {
    value = text.codePointAt(i) ?? 0;
    i += value > 0xffff ? 2 : 1;
  }
  if (text[i] === "'") return [BigInt(value), i + 1];
  if (i < text.length && isIdentChar(text.charCodeAt(i))) fail({ line, col: start + 1 }, 'character literal has more than one character');
  return [BigInt(value), i];
}
