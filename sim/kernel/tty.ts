// The terminal (/dev/pts/0): what read and write do on fds that are the console — a terminal,
// or the pipes the host's stdin/stdout are when it has none. A terminal keeps its settings
// (termios, the window size), its session and foreground process group, and the input the
// host typed, raw, which the line discipline (tty-ldisc.ts) has edited and echoed. Reading it
// from a background group stops that group (SIGTTIN), as writing does with TOSTOP (SIGTTOU);
// output goes through OPOST processing (ONLCR: "\n" reaches the screen as "\r\n").

import { Errno } from './errno';
import type { ConsoleStream } from './file';
import { groupMembers, orphanedGroup } from './job-control';
import type { Kernel } from './kernel';
import type { Process, Thread } from './proc';
import { SIG_IGN, actionFor, bit, sendSignal } from './sigframe';
import { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, signalDescription } from './signal';
import { sleep, type SyscallResult } from './syscall';
import { INPUT_ROOM, L, O, V, defaultTermios, queuedInput, receiveInput, type Termios } from './tty-ldisc';

/** VTIME's unit, a tenth of a second, in nanoseconds. */
const DECISECOND_NS = 100_000_000;

export class Tty {
  termios: Termios = defaultTermios();
  /** struct winsize: rows, columns, and the unused pixel sizes. */
  winsize = { rows: 24, cols: 80, xpixel: 0, ypixel: 0 };
  /** The session it is the controlling terminal of, and that session's foreground group (0: none). */
  session = 0;
  pgrp = 0;
  /** Canonical mode: finished lines not yet read (an empty one is an end of file, from ^D). */
  lines: number[][] = [];
  /** Canonical mode: the line being edited, one entry per character (a UTF-8 sequence is one). */
  editing: number[][] = [];
  /** Non-canonical mode: bytes readable as they are. */
  raw: number[] = [];
  /** ^V came: the next byte is taken literally. */
  literalNext = false;
  /** Echo made while taking in one chunk of input, written to the screen at once when it is done. */
  echoQueue: number[] = [];
  /** Where the cursor is on the screen's line, and where the edited line began (for erasing tabs). */
  column = 0;
  lineStartColumn = 0;
  /** The host's input has ended (its stdin closed, the terminal went away): reads see end of file. */
  hungUp = false;

  /** The host has typed something (Machine.consoleReadable): take it in now, so ^C works while nobody reads. */
  inputReady(kernel: Kernel): void {
    if (kernel.config.tty[0]) pullHostInput(kernel, () => false);
    kernel.wake('console-input');
  }
}

export function writeConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  const terminal = kernel.config.tty[stream.stream];
  if (stream.stream === 0 && !terminal) return -Errno.EBADF;
  if (terminal && kernel.tty.termios.lflag & L.TOSTOP) {
    const check = checkForeground(kernel, process, SIGTTOU);
    if (check !== 0) return check;
  }
  if (length === 0) return 0;
  const bytes = process.aspace.copyIn(buf, length);
  if (bytes === null) return -Errno.EFAULT;
  const fd = stream.stream === 2 ? 2 : 1;
  if (terminal) ttyOutput(kernel, kernel.tty, fd, bytes);
  else kernel.console.write(fd, bytes);
  return length;
}

export function readConsole(kernel: Kernel, process: Process, stream: ConsoleStream, buf: number, length: number): SyscallResult {
  if (!kernel.config.tty[stream.stream]) {
    if (stream.stream !== 0) return -Errno.EBADF;
    if (length === 0) return 0;
    const input = kernel.console.read(length);
    if (input === null) return sleep({ kind: 'console-input' });
    return process.aspace.copyOut(buf, input) ? input.length : -Errno.EFAULT;
  }
  const check = checkForeground(kernel, process, SIGTTIN);
  if (check !== 0 || length === 0) return check;
  const tty = kernel.tty;
  if (!readable(tty, length)) pullHostInput(kernel, () => readable(tty, length));
  return tty.termios.lflag & L.ICANON ? readLine(kernel, process, buf, length) : readRaw(kernel, process, buf, length);
}

// Canonical mode: at most one line per read, the rest of a long one left for the next.
function readLine(kernel: Kernel, process: Process, buf: number, length: number): SyscallResult {
  const tty = kernel.tty;
  const line = tty.lines[0];
  if (!line) return tty.hungUp ? 0 : sleep({ kind: 'console-input' });
  if (line.length === 0) {
    tty.lines.shift(); // the end of file ^D made
    return 0;
  }
  const n = Math.min(length, line.length);
  if (!process.aspace.copyOut(buf, Uint8Array.from(line.slice(0, n)))) return -Errno.EFAULT;
  if (n === line.length) tty.lines.shift();
  else tty.lines[0] = line.slice(n);
  return n;
}

// Non-canonical mode, by VMIN and VTIME (termios(3)): MIN > 0 waits for MIN bytes (the
// inter-byte timer of MIN > 0 with TIME > 0 is not kept: it waits for MIN); MIN = 0 returns what
// there is, after waiting up to TIME tenths of a second for a first byte.
function readRaw(kernel: Kernel, process: Process, buf: number, length: number): SyscallResult {
  const tty = kernel.tty;
  const min = tty.termios.cc[V.MIN], time = tty.termios.cc[V.TIME];
  const enough = min === 0 ? tty.raw.length > 0 : tty.raw.length >= Math.min(min, length);
  if (!enough && !tty.hungUp && !(min === 0 && time === 0)) {
    if (min > 0) return sleep({ kind: 'console-input' });
    return sleep({ kind: 'console-input' }, callerCycles(kernel, process) + kernel.nsToCycles(time * DECISECOND_NS), 0);
  }
  const n = Math.min(length, tty.raw.length);
  if (n > 0 && !process.aspace.copyOut(buf, Uint8Array.from(tty.raw.slice(0, n)))) return -Errno.EFAULT;
  tty.raw.splice(0, n);
  return n;
}

function readable(tty: Tty, length: number): boolean {
  if (tty.termios.lflag & L.ICANON) return tty.lines.length > 0;
  const min = tty.termios.cc[V.MIN];
  return tty.raw.length >= Math.max(1, Math.min(min, length));
}

/**
 * Takes in what the host has typed, through the line discipline, until `enough` says so, the
 * host has nothing more for now, or the input buffer is full (the host keeps the rest: Linux
 * throttles the sender). Wakes readers when something came.
 */
function pullHostInput(kernel: Kernel, enough: () => boolean): void {
  const tty = kernel.tty;
  let received = false;
  while (!tty.hungUp) {
    // A full canonical line still takes one byte at a time: only its end is kept.
    const room = tty.termios.lflag & L.ICANON ? Math.max(1, INPUT_ROOM - queuedInput(tty)) : INPUT_ROOM - queuedInput(tty);
    if (room <= 0) break;
    const chunk = kernel.console.read(room);
    if (chunk === null) break;
    if (chunk.length === 0) tty.hungUp = true;
    else receiveInput(kernel, tty, chunk);
    received = true;
    if (enough()) break;
  }
  if (received) kernel.wake('console-input');
}

/** Program output on its way to the screen. */
export function ttyOutput(kernel: Kernel, tty: Tty, fd: 1 | 2, bytes: Uint8Array): void {
  const out = processOutput(tty, bytes);
  kernel.console.write(fd, out.length === bytes.length ? bytes : Uint8Array.from(out));
}

/** Output processing, OPOST's ONLCR, OCRNL, ONOCR, ONLRET, keeping track of the cursor's column. */
export function processOutput(tty: Tty, bytes: ArrayLike<number>): number[] {
  const oflag = tty.termios.oflag;
  const post = (oflag & O.OPOST) !== 0;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (post && c === 0x0a && oflag & O.ONLCR) {
      out.push(0x0d, 0x0a);
      tty.column = 0;
    } else if (post && c === 0x0d && oflag & O.OCRNL) {
      out.push(0x0a);
      if (oflag & O.ONLRET) tty.column = 0;
    } else if (post && c === 0x0d && oflag & O.ONOCR && tty.column === 0) {
      continue;
    } else {
      out.push(c);
      tty.column = nextColumn(tty.column, c, post && (oflag & O.ONLRET) !== 0);
    }
  }
  return out;
}

function nextColumn(column: number, c: number, newlineReturns: boolean): number {
  if (c === 0x0d || (c === 0x0a && newlineReturns)) return 0;
  if (c === 0x09) return column + 8 - (column % 8);
  if (c === 0x08) return Math.max(0, column - 1);
  return c >= 0x20 && c !== 0x7f && (c & 0xc0) !== 0x80 ? column + 1 : column;
}

const TERMINAL_REASONS: Record<number, string> = {
  [SIGINT]: 'interrupted from the terminal (^C)',
  [SIGQUIT]: 'quit from the terminal (^\\)',
  [SIGTSTP]: 'stopped from the terminal (^Z)',
};

/** A signal character was typed: the signal goes to every process of the foreground group. */
export function signalForeground(kernel: Kernel, tty: Tty, signal: number): void {
  if (ttySession(kernel) === 0 || tty.pgrp === 0) return;
  const info = { code: 'SI_KERNEL', senderPid: 0, senderUid: 0 } as const;
  for (const member of groupMembers(kernel, tty.pgrp)) sendSignal(kernel, member, signal, info, TERMINAL_REASONS[signal] ?? signalDescription(signal));
}

/**
 * The session the terminal belongs to. It is the first program the host started (the lowest
 * pid alive but init's), taken when the terminal is first used or its session has ended, with
 * that program's group in the foreground.
 */
export function ttySession(kernel: Kernel): number {
  const tty = kernel.tty;
  const live = kernel.liveProcesses;
  if (tty.session !== 0 && live.some((p) => p.sid === tty.session)) return tty.session;
  const first = live.reduce<Process | null>((a, p) => (a === null || p.pid < a.pid ? p : a), null);
  tty.session = first?.sid ?? 0;
  tty.pgrp = first?.pgid ?? 0;
  return tty.session;
}

/**
 * Linux's tty_check_change, for a process of the terminal's session outside its foreground
 * group: 0 lets the call go on; a read (SIGTTIN) that ignores or blocks the signal, or whose
 * group is orphaned, fails with EIO; otherwise the signal goes to the caller's group, which
 * stops, and the call starts again once it is continued.
 */
export function checkForeground(kernel: Kernel, process: Process, signal: typeof SIGTTIN | typeof SIGTTOU): SyscallResult {
  const tty = kernel.tty;
  if (ttySession(kernel) !== process.sid || tty.pgrp === 0 || process.pgid === tty.pgrp) return 0;
  const thread = callerThread(process);
  if (actionFor(process, signal).handler === SIG_IGN || (thread && thread.sigmask & bit(signal))) return signal === SIGTTIN ? -Errno.EIO : 0;
  if (orphanedGroup(kernel, process.pgid)) return -Errno.EIO;
  const info = { code: 'SI_KERNEL', senderPid: 0, senderUid: 0 } as const;
  for (const member of groupMembers(kernel, process.pgid)) sendSignal(kernel, member, signal, info, signalDescription(signal));
  // Restarted once the stop signal (or its handler) has been taken on the way to user mode.
  return sleep({ kind: 'signal' }, callerCycles(kernel, process));
}

// The thread making the call is the one of its process on a hart (syscalls run there).
function callerThread(process: Process): Thread | undefined {
  return process.liveThreads.find((t) => t.hart >= 0);
}

function callerCycles(kernel: Kernel, process: Process): number {
  const thread = callerThread(process);
  return thread ? kernel.harts[thread.hart].cycles : kernel.now();
}
