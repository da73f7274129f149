// The terminal's line discipline, as Linux's n_tty: what happens to each byte the host types.
// Input processing (ICRNL, INLCR, IGNCR, ISTRIP); the signal characters (^C SIGINT, ^\ SIGQUIT,
// ^Z SIGTSTP to the foreground process group, with ISIG); in canonical mode (ICANON) a line
// edited until Enter — erase (^?, and ^H too), kill (^U), word erase (^W), literal next (^V),
// reprint (^R) — and ^D handing over the line, or at its start a read of zero bytes: end of
// file; otherwise bytes readable as they come. Echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL's
// "^C", ECHONL) goes through the same output processing as what programs write (tty.ts).

import type { Kernel } from './kernel';
import { SIGINT, SIGQUIT, SIGTSTP } from './signal';
import { processOutput, signalForeground, type Tty } from './tty';

export const I = { ISTRIP: 0o40, INLCR: 0o100, IGNCR: 0o200, ICRNL: 0o400, IXON: 0o2000, IUTF8: 0o40000 } as const;
export const O = { OPOST: 0o1, ONLCR: 0o4, OCRNL: 0o10, ONOCR: 0o20, ONLRET: 0o40 } as const;
export const L = {
  ISIG: 0o1, ICANON: 0o2, ECHO: 0o10, ECHOE: 0o20, ECHOK: 0o40, ECHONL: 0o100, NOFLSH: 0o200,
  TOSTOP: 0o400, ECHOCTL: 0o1000, ECHOKE: 0o4000, IEXTEN: 0o100000,
} as const;
export const V = {
  INTR: 0, QUIT: 1, ERASE: 2, KILL: 3, EOF: 4, TIME: 5, MIN: 6, START: 8, STOP: 9, SUSP: 10,
  EOL: 11, REPRINT: 12, WERASE: 14, LNEXT: 15, EOL2: 16,
} as const;
export const NCCS = 19;
const BACKSPACE = 0x08, DEL = 0x7f;

/** struct termios as TCGETS/TCSETS move it (asm-generic: four flag words, c_line, c_cc[19]). */
export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  readonly cc: Uint8Array;
}

/**
 * A fresh pseudo-terminal, as `stty -a` shows one in a terminal emulator: ICRNL IXON IUTF8,
 * OPOST ONLCR, B38400 CS8 CREAD, ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN, and the
 * default control characters (intr ^C, quit ^\, erase ^?, kill ^U, eof ^D, min 1, start ^Q,
 * stop ^S, susp ^Z, rprnt ^R, discard ^O, werase ^W, lnext ^V).
 */
export function defaultTermios(): Termios {
  const cc = new Uint8Array(NCCS);
  cc.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0]);
  return { iflag: 0o42400, oflag: 0o5, cflag: 0o277, lflag: 0o105073, line: 0, cc };
}

export const TERMIOS_SIZE = 36;

export function encodeTermios(t: Termios): Uint8Array {
  const bytes = new Uint8Array(TERMIOS_SIZE);
  const view = new DataView(bytes.buffer);
  [t.iflag, t.oflag, t.cflag, t.lflag].forEach((flag, i) => view.setUint32(i * 4, flag, true));
  bytes[16] = t.line;
  bytes.set(t.cc, 17);
  return bytes;
}

export function decodeTermios(bytes: Uint8Array): Termios {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { iflag: view.getUint32(0, true), oflag: view.getUint32(4, true), cflag: view.getUint32(8, true), lflag: view.getUint32(12, true), line: bytes[16], cc: bytes.slice(17, 17 + NCCS) };
}

/** The room Linux's n_tty has for unread input (N_TTY_BUF_SIZE, less one). */
export const INPUT_ROOM = 4095;

/** Bytes of input not yet read: finished lines, the line being edited, raw bytes. */
export function queuedInput(tty: Tty): number {
  return tty.lines.reduce((n, l) => n + l.length, 0) + tty.editing.reduce((n, c) => n + c.length, 0) + tty.raw.length;
}

/** New settings (TCSETS*): leaving canonical mode makes what was typed readable; entering it makes the unread bytes a line. */
export function setTermios(tty: Tty, next: Termios): void {
  const wasCanonical = (tty.termios.lflag & L.ICANON) !== 0;
  tty.termios = next;
  const canonical = (next.lflag & L.ICANON) !== 0;
  if (wasCanonical && !canonical) {
    for (const line of tty.lines) tty.raw.push(...line);
    for (const char of tty.editing) tty.raw.push(...char);
    tty.lines = [];
    tty.editing = [];
  } else if (!wasCanonical && canonical && tty.raw.length > 0) {
    tty.lines.push(tty.raw);
    tty.raw = [];
  }
}

/** Drops the unread input (TCSETSF, TCFLSH, and the signal characters without NOFLSH). */
export function flushInput(tty: Tty): void {
  tty.lines = [];
  tty.editing = [];
  tty.raw = [];
  tty.literalNext = false;
}

/** Bytes the host typed, processed in order. */
export function receiveInput(kernel: Kernel, tty: Tty, bytes: Uint8Array): void {
  for (const byte of bytes) receiveByte(kernel, tty, byte);
  if (tty.echoQueue.length === 0) return;
  kernel.console.write(1, Uint8Array.from(tty.echoQueue));
  tty.echoQueue = [];
}

function receiveByte(kernel: Kernel, tty: Tty, input: number): void {
  const t = tty.termios;
  let c = t.iflag & I.ISTRIP ? input & 0x7f : input;
  const canonical = (t.lflag & L.ICANON) !== 0;
  const extended = (t.lflag & L.IEXTEN) !== 0;
  if (tty.literalNext) {
    tty.literalNext = false;
    if (canonical && t.lflag & L.ECHO && t.lflag & L.ECHOCTL) echo(tty, [0x08]); // over the "^" shown for ^V
    return store(tty, c);
  }
  if (t.iflag & I.IXON && (isChar(t, V.START, c) || isChar(t, V.STOP, c))) return; // flow control is not simulated
  if (t.lflag & L.ISIG) {
    const signal = isChar(t, V.INTR, c) ? SIGINT : isChar(t, V.QUIT, c) ? SIGQUIT : isChar(t, V.SUSP, c) ? SIGTSTP : 0;
    if (signal !== 0) {
      if (!(t.lflag & L.NOFLSH)) flushInput(tty);
      if (t.lflag & L.ECHO) echoChar(tty, c);
      signalForeground(kernel, tty, signal);
      return;
    }
  }
  if (c === 0x0d) {
    if (t.iflag & I.IGNCR) return;
    if (t.iflag & I.ICRNL) c = 0x0a;
  } else if (c === 0x0a && t.iflag & I.INLCR) c = 0x0d;
  if (!canonical) return store(tty, c);
  // ^H erases too when the erase character is ^?: terminals send either for Backspace.
  if (isChar(t, V.ERASE, c) || (c === BACKSPACE && t.cc[V.ERASE] === DEL)) return erase(tty, 1);
  if (isChar(t, V.KILL, c)) return killLine(tty, c);
  if (extended && isChar(t, V.WERASE, c)) return erase(tty, wordLength(tty));
  if (extended && isChar(t, V.LNEXT, c)) {
    tty.literalNext = true;
    if (t.lflag & L.ECHO && t.lflag & L.ECHOCTL) echo(tty, [0x5e]);
    return;
  }
  if (extended && isChar(t, V.REPRINT, c)) return reprint(tty, c);
  if (isChar(t, V.EOF, c)) {
    // The line so far is handed over without a terminator; at a line's start, an empty read.
    tty.lines.push(tty.editing.flat());
    tty.editing = [];
    return;
  }
  store(tty, c);
}

// An ordinary byte: readable at once in non-canonical mode; in canonical mode added to the line,
// which a newline (or VEOL, VEOL2) finishes.
function store(tty: Tty, c: number): void {
  const t = tty.termios;
  const echoing = (t.lflag & L.ECHO) !== 0;
  if (!(t.lflag & L.ICANON)) {
    if (tty.raw.length >= INPUT_ROOM) return;
    tty.raw.push(c);
    if (echoing) echoChar(tty, c);
    return;
  }
  const ends = c === 0x0a || isChar(t, V.EOL, c) || isChar(t, V.EOL2, c);
  if (!ends && queuedInput(tty) >= INPUT_ROOM) return; // a full line takes only its end
  if (tty.editing.length === 0) tty.lineStartColumn = tty.column;
  const last = tty.editing.at(-1);
  // With IUTF8 a multibyte character is one unit, erased whole.
  if (t.iflag & I.IUTF8 && (c & 0xc0) === 0x80 && last && last[0] >= 0xc0) last.push(c);
  else tty.editing.push([c]);
  if (echoing || (c === 0x0a && t.lflag & L.ECHONL)) echoChar(tty, c);
  if (!ends) return;
  tty.lines.push(tty.editing.flat());
  tty.editing = [];
}

/** Erases `count` characters from the end of the line, on the screen too (ECHOE). */
function erase(tty: Tty, count: number): void {
  const t = tty.termios;
  const n = Math.min(count, tty.editing.length);
  if (n === 0) return;
  const widths = charWidths(tty).slice(-n);
  const gone = tty.editing.splice(tty.editing.length - n, n);
  if (!(t.lflag & L.ECHO)) return;
  if (!(t.lflag & L.ECHOE)) return echoChar(tty, t.cc[V.ERASE]);
  // Last first: a character's columns are blanked; a tab's are only backed over, as n_tty does.
  for (let i = n - 1; i >= 0; i--) {
    const back = gone[i][0] === 0x09 ? [0x08] : [0x08, 0x20, 0x08];
    for (let w = 0; w < widths[i]; w++) echo(tty, back);
  }
}

// ^U: the line goes; with ECHOKE (and ECHOE) it is erased from the screen, else the kill
// character is echoed, then a newline with ECHOK.
function killLine(tty: Tty, c: number): void {
  const t = tty.termios;
  if (t.lflag & L.ECHO && t.lflag & L.ECHOKE && t.lflag & L.ECHOE && t.lflag & L.ECHOK) return erase(tty, tty.editing.length);
  tty.editing = [];
  if (!(t.lflag & L.ECHO)) return;
  echoChar(tty, c);
  if (t.lflag & L.ECHOK) echo(tty, [0x0a]);
}

// ^R: the line typed so far, shown again on a line of its own.
function reprint(tty: Tty, c: number): void {
  if (!(tty.termios.lflag & L.ECHO)) return;
  echoChar(tty, c);
  echo(tty, [0x0a]);
  tty.lineStartColumn = tty.column;
  for (const char of tty.editing) echoChar(tty, char[0], char.slice(1));
}

/** ^W as n_tty counts it: back over anything else, then over letters, digits and '_'. */
function wordLength(tty: Tty): number {
  let seenWord = false;
  let n = 0;
  for (let i = tty.editing.length - 1; i >= 0; i--) {
    const c = tty.editing[i][0];
    const wordChar = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
    if (wordChar) seenWord = true;
    else if (seenWord) break;
    n++;
  }
  return n;
}

/** How many columns each character of the line took when echoed (tabs depend on where they fell). */
function charWidths(tty: Tty): number[] {
  const echoctl = (tty.termios.lflag & L.ECHOCTL) !== 0;
  let column = tty.lineStartColumn;
  return tty.editing.map(([c]) => {
    const width = c === 0x09 ? 8 - (column % 8) : c < 0x20 || c === 0x7f ? (echoctl ? 2 : 0) : 1;
    column += width;
    return width;
  });
}

// A control character shows as ^X with ECHOCTL (not tab or newline); anything else as itself.
function echoChar(tty: Tty, c: number, rest: readonly number[] = []): void {
  const control = (c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f;
  if (control && tty.termios.lflag & L.ECHOCTL) echo(tty, [0x5e, c ^ 0x40]);
  else echo(tty, [c, ...rest]);
}

function echo(tty: Tty, bytes: readonly number[]): void {
  for (const b of processOutput(tty, bytes)) tty.echoQueue.push(b);
}

function isChar(t: Termios, index: number, c: number): boolean {
  const cc = t.cc[index];
  return cc !== 0 && cc === c; // _POSIX_VDISABLE is 0
}
