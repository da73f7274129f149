// Structures strace prints between braces, read from the traced process's memory with the
// riscv32 layouts (32-bit pointers and longs, 64-bit time_t and rlim_t). Each decoder returns
// null when the memory cannot be read, and the caller then prints the bare address as strace does.

import { signalName } from '../signal';
import { flagsText, fileModeText, SA_FLAGS, STATX_MASK, type Xlat } from './decode-flags';
import { hex, pointer, quoteBytes } from './quote';
import { join64, type UserMemory } from './user-memory';

/** struct __kernel_timespec: `{tv_sec=1, tv_nsec=0}`. */
export function timespecText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 4);
  return w === null ? null : `{tv_sec=${join64(w[0], w[1])}, tv_nsec=${join64(w[2], w[3])}}`;
}

const RLIM64_INFINITY_HALF = 0xffffffff;

// strace shows round limits in KiB multiples (`64*1024`) and all-ones as RLIM64_INFINITY.
function rlimValue(lo: number, hi: number): string {
  if (lo === RLIM64_INFINITY_HALF && hi === RLIM64_INFINITY_HALF) return 'RLIM64_INFINITY';
  const n = join64(lo, hi);
  return n > 1024 && n % 1024 === 0 ? `${n / 1024}*1024` : String(n);
}

/** struct rlimit64: `{rlim_cur=1024, rlim_max=64*1024}`. */
export function rlimitText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 4);
  return w === null ? null : `{rlim_cur=${rlimValue(w[0], w[1])}, rlim_max=${rlimValue(w[2], w[3])}}`;
}

/** struct utsname, abbreviated as strace does without -v: `{sysname="Linux", nodename="oslab", ...}`. */
export function utsnameText(mem: UserMemory, va: number): string | null {
  const field = (i: number) => mem.cString(va + 65 * i, 65);
  const sysname = field(0);
  const nodename = field(1);
  if (sysname === null || nodename === null) return null;
  return `{sysname=${quoteBytes(sysname.bytes, false)}, nodename=${quoteBytes(nodename.bytes, false)}, ...}`;
}

const CBAUD = 0o10017, CSIZE = 0o60;
const BAUD_RATES: Xlat = [
  [0, 'B0'], [1, 'B50'], [2, 'B75'], [3, 'B110'], [4, 'B134'], [5, 'B150'], [6, 'B200'], [7, 'B300'],
  [8, 'B600'], [9, 'B1200'], [10, 'B1800'], [11, 'B2400'], [12, 'B4800'], [13, 'B9600'], [14, 'B19200'],
  [15, 'B38400'], [0o10001, 'B57600'], [0o10002, 'B115200'], [0o10003, 'B230400'],
];
const CHAR_SIZES: Xlat = [[0, 'CS5'], [0o20, 'CS6'], [0o40, 'CS7'], [0o60, 'CS8']];
const IFLAGS: Xlat = [
  [1, 'IGNBRK'], [2, 'BRKINT'], [4, 'IGNPAR'], [0o10, 'PARMRK'], [0o20, 'INPCK'], [0o40, 'ISTRIP'], [0o100, 'INLCR'],
  [0o200, 'IGNCR'], [0o400, 'ICRNL'], [0o1000, 'IUCLC'], [0o2000, 'IXON'], [0o4000, 'IXANY'], [0o10000, 'IXOFF'],
  [0o20000, 'IMAXBEL'], [0o40000, 'IUTF8'],
];
const OFLAGS: Xlat = [[1, 'OPOST'], [2, 'OLCUC'], [4, 'ONLCR'], [0o10, 'OCRNL'], [0o20, 'ONOCR'], [0o40, 'ONLRET'], [0o100, 'OFILL'], [0o200, 'OFDEL']];
// Output delays are small fields, each printed by value before the flags: NL0|CR0|TAB0|...
const OUTPUT_DELAYS: readonly [mask: number, shift: number, prefix: string][] = [[0o400, 8, 'NL'], [0o3000, 9, 'CR'], [0o14000, 11, 'TAB'], [0o20000, 13, 'BS'], [0o40000, 14, 'VT'], [0o100000, 15, 'FF']];
const CFLAGS: Xlat = [[0o100, 'CSTOPB'], [0o200, 'CREAD'], [0o400, 'PARENB'], [0o1000, 'PARODD'], [0o2000, 'HUPCL'], [0o4000, 'CLOCAL'], [0o20000000000, 'CRTSCTS']];
// strace's order (glibc's header order), which is not the bits' order: IEXTEN before ECHOCTL, TOSTOP late.
const LFLAGS: Xlat = [
  [1, 'ISIG'], [2, 'ICANON'], [4, 'XCASE'], [0o10, 'ECHO'], [0o20, 'ECHOE'], [0o40, 'ECHOK'], [0o100, 'ECHONL'],
  [0o200, 'NOFLSH'], [0o100000, 'IEXTEN'], [0o1000, 'ECHOCTL'], [0o2000, 'ECHOPRT'], [0o4000, 'ECHOKE'],
  [0o10000, 'FLUSHO'], [0o40000, 'PENDIN'], [0o400, 'TOSTOP'], [0o200000, 'EXTPROC'],
];

function joinFlags(parts: readonly string[], rest: string): string {
  return rest === '0' ? parts.join('|') : [...parts, rest].join('|');
}

/** struct termios as strace 6 abbreviates it: the four flag words, then `...`. */
export function termiosText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 4);
  if (w === null) return null;
  const [iflag, oflag, cflag, lflag] = w;
  const delays = OUTPUT_DELAYS.map(([mask, shift, prefix]) => `${prefix}${(oflag & mask) >>> shift}`);
  const delayBits = OUTPUT_DELAYS.reduce((bits, [mask]) => bits | mask, 0);
  const baud = BAUD_RATES.find(([v]) => v === (cflag & CBAUD))?.[1] ?? hex(cflag & CBAUD);
  const size = CHAR_SIZES.find(([v]) => v === (cflag & CSIZE))![1];
  return (
    `{c_iflag=${flagsText(IFLAGS, iflag)}, ` +
    `c_oflag=${joinFlags(delays, flagsText(OFLAGS, oflag & ~delayBits))}, ` +
    `c_cflag=${joinFlags([baud, size], flagsText(CFLAGS, cflag & ~(CBAUD | CSIZE)))}, ` +
    `c_lflag=${flagsText(LFLAGS, lflag)}, ...}`
  );
}

/** struct winsize: `{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}`. */
export function winsizeText(mem: UserMemory, va: number): string | null {
  const b = mem.bytes(va, 8);
  if (b === null) return null;
  const h = (i: number) => b[i] | (b[i + 1] << 8);
  return `{ws_row=${h(0)}, ws_col=${h(2)}, ws_xpixel=${h(4)}, ws_ypixel=${h(6)}}`;
}

/** struct statx, abbreviated as strace does without -v. */
export function statxText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 12);
  if (w === null) return null;
  const attributes = join64(w[2], w[3]);
  const mode = w[7] & 0xffff;
  return `{stx_mask=${flagsText(STATX_MASK, w[0])}, stx_attributes=${attributes === 0 ? '0' : hex(attributes)}, stx_mode=${fileModeText(mode)}, stx_size=${join64(w[10], w[11])}, ...}`;
}

/** A signal as sigset_t members print it: `INT`, and the kernel's real-time numbering `RTMIN`, `RT_1`. */
function sigsetMember(n: number): string {
  if (n === 32) return 'RTMIN';
  if (n > 32 && n <= 64) return `RT_${n - 32}`;
  const name = signalName(n);
  return name.startsWith('SIG') && !/^SIG\d/.test(name) ? name.slice(3) : String(n);
}

/** A 64-signal set from its two words: `[INT TERM]`, or `~[...]` when most signals are in it. */
export function sigsetWordsText(lo: number, hi: number): string {
  const members: number[] = [];
  for (let n = 1; n <= 64; n++) if (((n <= 32 ? lo : hi) >>> ((n - 1) % 32)) & 1) members.push(n);
  if (members.length > 32) {
    const absent = Array.from({ length: 64 }, (_, i) => i + 1).filter((n) => !members.includes(n));
    return `~[${absent.map(sigsetMember).join(' ')}]`;
  }
  return `[${members.map(sigsetMember).join(' ')}]`;
}

export function sigsetText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 2);
  return w === null ? null : sigsetWordsText(w[0], w[1]);
}

/** The asm-generic struct sigaction (riscv has no sa_restorer): handler, flags, mask. */
export function sigactionText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 4);
  if (w === null) return null;
  const handler = w[0] === 0 ? 'SIG_DFL' : w[0] === 1 ? 'SIG_IGN' : hex(w[0]);
  return `{sa_handler=${handler}, sa_mask=${sigsetWordsText(w[2], w[3])}, sa_flags=${flagsText(SA_FLAGS, w[1])}}`;
}

/**
 * An iovec array: `[{iov_base="hi\n", iov_len=3}]`. `budget` is how many bytes the call
 * actually transferred (the result of readv/writev): strace shows no more than that.
 */
export function iovecText(mem: UserMemory, va: number, count: number, budget: number, limit: number): string | null {
  if (count < 0 || count > 1024) return null;
  const w = mem.words(va, count * 2);
  if (w === null) return null;
  let left = Math.max(budget, 0);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const [base, len] = [w[2 * i], w[2 * i + 1]];
    const transferred = Math.min(len, left);
    left -= transferred;
    const bytes = mem.bytes(base, Math.min(transferred, limit));
    const text = bytes === null ? pointer(base) : quoteBytes(bytes, transferred > limit);
    parts.push(`{iov_base=${text}, iov_len=${len}}`);
  }
  return `[${parts.join(', ')}]`;
}


/** struct itimerval with riscv32's 32-bit longs: `{it_interval={tv_sec=0, tv_usec=0}, it_value={...}}`. */
export function itimervalText(mem: UserMemory, va: number): string | null {
  const w = mem.words(va, 4);
  if (w === null) return null;
  const timeval = (sec: number, usec: number) => `{tv_sec=${sec | 0}, tv_usec=${usec | 0}}`;
  return `{it_interval=${timeval(w[0], w[1])}, it_value=${timeval(w[2], w[3])}}`;
}

/** An rt_* call's sigset_t of `size` bytes: decoded for a word or two, an address for sizes the kernel refuses. */
export function sizedSigsetText(mem: UserMemory, va: number, size: number): string | null {
  if (size === 8) return sigsetText(mem, va);
  if (size !== 4) return null;
  const lo = mem.u32(va);
  return lo === null ? null : sigsetWordsText(lo, 0);
}
