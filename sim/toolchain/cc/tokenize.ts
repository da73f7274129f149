// Translation phases 1–3 (C11 5.1.1.2, 6.4): one source file's characters to preprocessing tokens.
// Line splices are removed first, keeping a map back to the physical offsets so every token's
// line and column are where it was written. Character constants and string literals are decoded
// here; numbers stay pp-number text for the parser. Keywords are left as identifiers: the
// preprocessor needs `if`, `else` and `defined` as names, and classifies keywords in its output.
// The lexer is lenient the way gcc's is: a stray character or unterminated quote becomes a token
// carrying a `problem`, reported only if the token survives preprocessing (`#if 0` hides it).

import type { CompileContext } from './context';
import type { SourceFile, SourceLocation, Token, TokenKind } from './token';

/** A token as the preprocessor handles it: lexing problems travel with it until it is used. */
export interface PPToken extends Token {
  readonly problem?: string;
}

/** C11's keywords and the GNU spellings the parser accepts. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum',
  'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict',
  'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', '_Alignas', '_Alignof', '_Atomic', '_Bool',
  '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local',
  '__attribute__', '__attribute', '__inline', '__inline__', '__restrict', '__restrict__',
  '__asm__', 'asm', '__asm', '__volatile__', '__volatile', '__signed__', '__signed', '__extension__', 'typeof',
  '__typeof__', '__typeof', '__alignof__', '__alignof', '__const', '__const__', '__thread',
]);

const PUNCTUATORS_2: ReadonlySet<string> = new Set(['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##', '<:', ':>', '<%', '%>', '%:']);
const PUNCTUATORS_1: ReadonlySet<string> = new Set('[](){}.&*+-~!/%<>^|?:;='.split('').concat(',', '#'));
/** Digraphs (C11 6.4.6p3) mean their ordinary spelling; the parser sees only that. */
const DIGRAPHS: Readonly<Record<string, string>> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}', '%:': '#', '%:%:': '##' };

/** Lexes a whole file and reports every lexing problem at once (for callers that need no preprocessing). */
export function tokenize(ctx: CompileContext, file: SourceFile): Token[] {
  const tokens = lexFile(ctx, file);
  for (const token of tokens) reportProblem(ctx, token);
  return tokens;
}

/** Reports a token's lexing problem, if it has one, at the token. */
export function reportProblem(ctx: CompileContext, token: PPToken): void {
  if (token.problem !== undefined) ctx.diag.error(token.loc, token.problem);
}

/** Lexes a file for the preprocessor: problems stay on their tokens. Ends with an 'eof' token. */
export function lexFile(ctx: CompileContext, file: SourceFile): PPToken[] {
  const lexer = new Lexer(ctx, file, file.text, null);
  return lexer.run();
}

/** Lexes text made by the preprocessor (`##`, `-D`, `_Pragma`); every token gets `loc`. Ends with 'eof'. */
export function lexFragment(ctx: CompileContext, text: string, loc: SourceLocation): PPToken[] {
  return new Lexer(ctx, loc.file, text, loc).run();
}

/** Builds a token; every token has the same fields in the same order (one hidden class, faster). */
export function makeToken(kind: TokenKind, text: string, loc: SourceLocation, atLineStart: boolean, hasSpace: boolean,
  extra?: { value?: number; bytes?: Uint8Array; problem?: string }): PPToken {
  return {
    kind, text, loc, atLineStart, hasSpace,
    value: extra?.value, bytes: extra?.bytes, hideset: undefined, expandedFrom: undefined, problem: extra?.problem,
  };
}

/** What a copy of a token may change (its spelling and value never do). */
export interface TokenChanges {
  readonly kind?: TokenKind;
  readonly loc?: SourceLocation;
  readonly atLineStart?: boolean;
  readonly hasSpace?: boolean;
  readonly hideset?: ReadonlySet<string>;
  readonly expandedFrom?: SourceLocation;
}

/** A copy of `token` with some fields changed (spelled out, not spread: this runs per expanded token). */
export function copyToken(token: PPToken, changes: TokenChanges): PPToken {
  return {
    kind: changes.kind ?? token.kind, text: token.text, loc: changes.loc ?? token.loc,
    atLineStart: changes.atLineStart ?? token.atLineStart, hasSpace: changes.hasSpace ?? token.hasSpace,
    value: token.value, bytes: token.bytes, hideset: changes.hideset ?? token.hideset,
    expandedFrom: changes.expandedFrom ?? token.expandedFrom, problem: token.problem,
  };
}

// One lexing run. Splices are removed from `src` up front; `origin` maps `src` offsets back to the
// file's text (null when there were none) so locations count physical lines and columns.
class Lexer {
  private readonly src: string;
  private readonly origin: Int32Array | null;
  private readonly tokens: PPToken[] = [];
  private readonly spellings = new Map<string, string>();
  private pos = 0;
  private atLineStart = true;
  private hasSpace = false;
  // Location cache: the physical line containing `lineStart`, advanced monotonically.
  private line = 1;
  private lineStart = 0;
  /** Where the cached line ends (its newline, or the text's length), and whether it is all ASCII. */
  private lineEnd = -1;
  private lineIsAscii = true;

  constructor(private readonly ctx: CompileContext, private readonly file: SourceFile, text: string,
    private readonly fixedLoc: SourceLocation | null) {
    const spliced = removeSplices(text);
    this.src = spliced.src;
    this.origin = spliced.origin;
  }

  run(): PPToken[] {
    const src = this.src;
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1; // a UTF-8 byte order mark is not text
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.atLineStart = true;
        this.hasSpace = false;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        this.pos++;
        this.hasSpace = true;
      } else if (c === 47 /* / */ && src.charCodeAt(this.pos + 1) === 47) {
        const end = src.indexOf('\n', this.pos);
        this.pos = end < 0 ? src.length : end;
        this.hasSpace = true;
      } else if (c === 47 && src.charCodeAt(this.pos + 1) === 42 /* * */) {
        this.skipBlockComment();
      } else {
        this.lexToken(c);
      }
    }
    // The end of input ends the last line too, so directive parsing needs no special case.
    this.atLineStart = true;
    this.push('eof', '', this.pos);
    return this.tokens;
  }

  private skipBlockComment(): void {
    const end = this.src.indexOf('*/', this.pos + 2);
    if (end < 0) {
      this.ctx.diag.error(this.locAt(this.pos), 'unterminated comment');
      this.pos = this.src.length;
    } else {
      this.pos = end + 2;
    }
    this.hasSpace = true;
  }

  private lexToken(c: number): void {
    const start = this.pos;
    if (isDigit(c) || (c === 46 /* . */ && isDigit(this.src.charCodeAt(start + 1)))) return this.lexNumber(start);
    if (c === 34 /* " */) return this.lexQuoted(start, start, 'string', '');
    if (c === 39 /* ' */) return this.lexQuoted(start, start, 'char', '');
    if (isIdentStart(c) || (c >= 0x80 && isUnicodeIdent(this.src, start))) return this.lexIdentifier(start);
    const punct = this.matchPunctuator(start);
    if (punct !== '') {
      this.pos = start + punct.length;
      this.push('punct', this.intern(DIGRAPHS[punct] ?? punct), start);
      return;
    }
    const width = c >= 0xd800 && c < 0xdc00 ? 2 : 1;
    this.pos = start + width;
    const spelling = this.src.slice(start, this.pos);
    this.push('punct', spelling, start, { problem: `invalid character '${spelling}' in source` });
  }

  // pp-number: .? digit (identifier-nondigit | digit | . | [eEpP] sign)*
  private lexNumber(start: number): void {
    const src = this.src;
    let i = start + 1;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      const before = src.charCodeAt(i - 1) | 32; // lower case
      if ((c === 43 || c === 45) && (before === 101 || before === 112)) i++;
      else if (isIdentChar(c) || c === 46) i++;
      else break;
    }
    this.pos = i;
    this.push('number', src.slice(start, i), start);
  }

  private lexIdentifier(start: number): void {
    const src = this.src;
    let i = start + 1;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (isIdentChar(c)) i++;
      else if (c >= 0x80 && isUnicodeIdent(src, i)) i += c >= 0xd800 && c < 0xdc00 ? 2 : 1;
      else break;
    }
    const name = src.slice(start, i);
    const quote = src[i];
    if ((quote === '"' || quote === "'") && (name === 'u8' || name === 'L' || name === 'u' || name === 'U')) {
      return this.lexQuoted(start, i, quote === '"' ? 'string' : 'char', name);
    }
    this.pos = i;
    this.push('ident', this.intern(name), start);
  }

  // A string literal or character constant from `start` (its prefix) with the quote at `quote`.
  private lexQuoted(start: number, quote: number, kind: 'string' | 'char', prefix: string): void {
    const src = this.src;
    const close = src[quote];
    let i = quote + 1;
    while (i < src.length && src[i] !== close && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    if (i >= src.length || src[i] !== close) {
      this.pos = Math.min(i, src.length);
      const what = kind === 'string' ? '"' : "'";
      this.push('punct', src.slice(start, this.pos), start, { problem: `missing terminating ${what} character` });
      return;
    }
    this.pos = i + 1;
    const text = src.slice(start, this.pos);
    const body = src.slice(quote + 1, i);
    if (prefix !== '' && prefix !== 'u8') {
      const problem = kind === 'string' ? 'wide strings are not supported' : 'wide character constants are not supported';
      this.push(kind, text, start, { problem, value: 0, bytes: new Uint8Array() });
      return;
    }
    const decoded = decodeLiteralBody(body);
    if (kind === 'string') {
      this.push('string', text, start, { bytes: decoded.bytes, problem: decoded.problem });
    } else {
      const value = charConstantValue(decoded.bytes, decoded.problem);
      this.push('char', text, start, { value: value.value, problem: value.problem });
    }
  }

  // The longest punctuator at `start` ('' if none): the four of three or more characters, then pairs.
  private matchPunctuator(start: number): string {
    const src = this.src;
    const c = src.charCodeAt(start);
    const d = src.charCodeAt(start + 1);
    if ((c === 60 || c === 62) && d === c && src.charCodeAt(start + 2) === 61) return c === 60 ? '<<=' : '>>=';
    if (c === 46 && d === 46 && src.charCodeAt(start + 2) === 46) return '...';
    if (c === 37 && d === 58 && src.startsWith('%:', start + 2)) return '%:%:';
    if (PUNCTUATORS_1.has(src[start + 1])) {
      const two = src.slice(start, start + 2);
      if (PUNCTUATORS_2.has(two)) return two;
    }
    return PUNCTUATORS_1.has(src[start]) ? src[start] : '';
  }

  // One string per distinct spelling: tokens outlive the lexer, and shared strings keep the heap small.
  private intern(text: string): string {
    const known = this.spellings.get(text);
    if (known !== undefined) return known;
    this.spellings.set(text, text);
    return text;
  }

  private push(kind: TokenKind, text: string, start: number, extra?: { value?: number; bytes?: Uint8Array; problem?: string }): void {
    this.tokens.push(makeToken(kind, text, this.locAt(start), this.atLineStart, this.hasSpace, extra));
    this.atLineStart = false;
    this.hasSpace = false;
  }

  // Offsets only grow, so the line cache walks the text once in all. Columns count UTF-8 bytes.
  private locAt(offset: number): SourceLocation {
    if (this.fixedLoc !== null) return this.fixedLoc;
    const physical = this.origin === null ? offset : this.origin[Math.min(offset, this.origin.length - 1)];
    const text = this.file.text;
    if (this.lineEnd < 0) this.startLine(0);
    while (physical > this.lineEnd && this.lineEnd < text.length) {
      this.line++;
      this.startLine(this.lineEnd + 1);
    }
    const column = this.lineIsAscii ? physical - this.lineStart + 1 : utf8Length(text, this.lineStart, physical) + 1;
    return { file: this.file, line: this.line, column };
  }

  private startLine(start: number): void {
    const text = this.file.text;
    const end = text.indexOf('\n', start);
    this.lineStart = start;
    this.lineEnd = end < 0 ? text.length : end;
    this.lineIsAscii = true;
    for (let i = start; i < this.lineEnd; i++) {
      if (text.charCodeAt(i) >= 0x80) {
        this.lineIsAscii = false;
        break;
      }
    }
  }
}

function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xe000 ? 2 : 3;
  }
  return bytes;
}

// Phase 2: deletes each backslash-newline (and backslash-CR-LF), remembering original offsets.
function removeSplices(text: string): { src: string; origin: Int32Array | null } {
  if (!/\\\r?\n/.test(text)) return { src: text, origin: null };
  const origin = new Int32Array(text.length + 1);
  let src = '';
  let runStart = 0;
  let out = 0;
  const splice = /\\\r?\n/g;
  for (let m = splice.exec(text); m !== null; m = splice.exec(text)) {
    for (let i = runStart; i < m.index; i++) origin[out++] = i;
    src += text.slice(runStart, m.index);
    runStart = m.index + m[0].length;
  }
  for (let i = runStart; i <= text.length; i++) origin[out++] = i;
  src += text.slice(runStart);
  return { src, origin: origin.subarray(0, out) };
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, E: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

/** Decodes the characters between the quotes of a literal to bytes (UTF-8 for non-ASCII text). */
export function decodeLiteralBody(body: string): { bytes: Uint8Array; problem?: string } {
  const bytes: number[] = [];
  let problem: string | undefined;
  for (let i = 0; i < body.length;) {
    const c = body.charCodeAt(i);
    if (c !== 92 /* \ */) {
      const cp = body.codePointAt(i) ?? c;
      pushUtf8(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const escape = decodeEscape(body, i + 1);
    if (escape.problem !== undefined) problem ??= escape.problem;
    if (escape.utf8) pushUtf8(bytes, escape.value);
    else bytes.push(escape.value & 0xff);
    i = escape.next;
  }
  return { bytes: Uint8Array.from(bytes), problem };
}

// One escape sequence after its backslash at `i` (C11 6.4.4.4).
function decodeEscape(body: string, i: number): { value: number; next: number; utf8: boolean; problem?: string } {
  const c = body[i];
  if (c in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[c], next: i + 1, utf8: false };
  if (c >= '0' && c <= '7') {
    let value = 0;
    let j = i;
    while (j < i + 3 && body[j] >= '0' && body[j] <= '7') value = value * 8 + Number(body[j++]);
    return { value, next: j, utf8: false, problem: value > 255 ? 'octal escape sequence out of range' : undefined };
  }
  if (c === 'x') {
    let j = i + 1;
    while (j < body.length && /[0-9a-fA-F]/.test(body[j])) j++;
    if (j === i + 1) return { value: 0, next: j, utf8: false, problem: '\\x used with no following hex digits' };
    const digits = body.slice(i + 1, j).replace(/^0+/, '');
    const value = digits.length > 2 ? 256 : parseInt(digits || '0', 16);
    return { value, next: j, utf8: false, problem: value > 255 ? 'hex escape sequence out of range' : undefined };
  }
  if (c === 'u' || c === 'U') {
    const length = c === 'u' ? 4 : 8;
    const digits = body.slice(i + 1, i + 1 + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) {
      return { value: 0, next: i + 1, utf8: false, problem: 'incomplete universal character name' };
    }
    const value = parseInt(digits, 16);
    const invalid = value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff);
    return { value: invalid ? 0xfffd : value, next: i + 1 + length, utf8: true, problem: invalid ? 'invalid universal character' : undefined };
  }
  if (c === undefined) return { value: 92, next: i, utf8: false };
  // gcc and clang warn and take the character itself; we do the same, without the warning's noise.
  const cp = body.codePointAt(i) ?? 0;
  return { value: cp, next: i + (cp > 0xffff ? 2 : 1), utf8: true };
}

// A character constant's int value as clang computes it: one byte is unsigned (plain char is
// unsigned on RISC-V); several are packed big-endian into an int, keeping the last four.
function charConstantValue(bytes: Uint8Array, problem: string | undefined): { value: number; problem?: string } {
  if (bytes.length === 0) return { value: 0, problem: problem ?? 'empty character constant' };
  if (bytes.length === 1) return { value: bytes[0], problem };
  let value = 0;
  for (const b of bytes) value = ((value << 8) | b) | 0;
  return { value, problem };
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 /* $ as gcc allows */;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

// Non-ASCII letters in identifiers (C11 annex D; clang accepts them in UTF-8 source).
function isUnicodeIdent(src: string, i: number): boolean {
  const cp = src.codePointAt(i) ?? 0;
  return /\p{ID_Continue}/u.test(String.fromCodePoint(cp));
}
