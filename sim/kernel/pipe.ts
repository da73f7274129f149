// Pipes, as fs/pipe.c: 16 page buffers shared by a read end and a write end. A reader of an
// empty pipe sleeps until a writer writes or the last write end is closed (then it reads end of
// file); a writer of a full pipe sleeps until a reader frees a page. A write of up to a page
// goes in whole (PIPE_BUF atomicity); longer ones are written as room comes, the syscall
// returning once all is written. Writing with no read end left raises SIGPIPE and fails with
// EPIPE. O_NONBLOCK turns each sleep into EAGAIN.

import { Errno } from './errno';
import type { Kernel } from './kernel';
import type { FdEntry } from './file';
import type { Process, Thread } from './proc';
import { SIGPIPE } from './signal';
import { bit, disposition, queueSignal } from './sigframe';
import { NO_RETURN, sleep, type SyscallResult } from './syscall';

/** Buffers a pipe holds (pipe->max_usage): 16 pages, 64 KiB. */
export const PIPE_SLOTS = 16;
const O_NONBLOCK = 0o4000;
const PAGE = 4096;

interface PipeBuffer {
  readonly bytes: Uint8Array;
  offset: number;
  length: number;
}

/**
 * The ring of page buffers, as Linux keeps it: a write fills new pages, except that its first
 * `count % 4096` bytes go after the data of the last page when they fit (small writes merge),
 * and a page is freed only when all of it has been read. So 1,000-byte writes fill a pipe at
 * 64,000 bytes, not 65,536, as on Linux.
 */
export class Pipe {
  private readonly buffers: PipeBuffer[] = [];
  readers = 0;
  writers = 0;

  constructor(readonly inode: number) {}

  get empty(): boolean {
    return this.buffers.length === 0;
  }

  get full(): boolean {
    return this.buffers.length >= PIPE_SLOTS;
  }

  /** Bytes waiting to be read. */
  get size(): number {
    return this.buffers.reduce((n, b) => n + b.length, 0);
  }

  /** Appends to the last page if all of `bytes` fits after its data; false otherwise. */
  merge(bytes: Uint8Array): boolean {
    const last = this.buffers[this.buffers.length - 1];
    if (!last || last.offset + last.length + bytes.length > PAGE) return false;
    last.bytes.set(bytes, last.offset + last.length);
    last.length += bytes.length;
    return true;
  }

  /** A new page with `bytes` (at most a page's worth). */
  pushPage(bytes: Uint8Array): void {
    const page = new Uint8Array(PAGE);
    page.set(bytes);
    this.buffers.push({ bytes: page, offset: 0, length: bytes.length });
  }

  /** Up to `max` bytes from the oldest pages on, freeing each page once read to its end. */
  take(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, this.size));
    let n = 0;
    while (n < out.length) {
      const buffer = this.buffers[0];
      const chunk = Math.min(buffer.length, out.length - n);
      out.set(buffer.bytes.subarray(buffer.offset, buffer.offset + chunk), n);
      buffer.offset += chunk;
      buffer.length -= chunk;
      n += chunk;
      if (buffer.length === 0) this.buffers.shift();
    }
    return out;
  }
}

export interface PipeEnd {
  readonly kind: 'pipe';
  readonly pipe: Pipe;
  readonly end: 'read' | 'write';
  readonly target: string;
}

/** read(2) on a pipe's end. */
export function readPipe(kernel: Kernel, process: Process, entry: FdEntry, end: PipeEnd, buf: number, count: number): SyscallResult {
  if (end.end !== 'read') return -Errno.EBADF;
  const pipe = end.pipe;
  if (pipe.empty) {
    if (pipe.writers === 0) return 0;
    return entry.file.flags & O_NONBLOCK ? -Errno.EAGAIN : sleep({ kind: 'pipe', pipe });
  }
  const bytes = pipe.take(count);
  if (!process.aspace.copyOut(buf, bytes)) return -Errno.EFAULT; // the bytes are gone, as on Linux
  wakePipe(kernel, pipe);
  return bytes.length;
}

/**
 * write(2) on a pipe's end. A long blocking write keeps how far it got in the thread's
 * `syscallProgress` across its sleeps, since the syscall restarts from its ecall when woken.
 */
export function writePipe(kernel: Kernel, thread: Thread, entry: FdEntry, end: PipeEnd, buf: number, count: number): SyscallResult {
  if (end.end !== 'write') return -Errno.EBADF;
  const pipe = end.pipe;
  let done = thread.syscallProgress;
  if (pipe.readers === 0) return brokenPipe(kernel, thread, done);
  const chunk = (n: number) => thread.process.aspace.copyIn(buf + done, n);
  // The first count % 4096 bytes may join the last page; whole pages follow.
  const head = count & (PAGE - 1);
  if (done === 0 && head > 0 && !pipe.empty) {
    const bytes = chunk(head);
    if (bytes === null) return -Errno.EFAULT;
    if (pipe.merge(bytes)) done = head;
  }
  while (done < count && !pipe.full) {
    const bytes = chunk(Math.min(PAGE, count - done));
    if (bytes === null) return done > 0 ? done : -Errno.EFAULT;
    pipe.pushPage(bytes);
    done += bytes.length;
  }
  if (done > thread.syscallProgress) wakePipe(kernel, pipe);
  if (done === count) return count;
  if (entry.file.flags & O_NONBLOCK) return done > 0 ? done : -Errno.EAGAIN;
  thread.syscallProgress = done;
  return sleep({ kind: 'pipe', pipe });
}

// No read end is left: EPIPE, and SIGPIPE for the writer, taken as the call returns (so a trace
// shows the failed write, then the signal, then the death, as on Linux). A debugger holding fatal
// signals gets it at once instead, to stop on it.
function brokenPipe(kernel: Kernel, thread: Thread, done: number): SyscallResult {
  const process = thread.process;
  const outcome = disposition(process, SIGPIPE, (thread.sigmask & bit(SIGPIPE)) !== 0n);
  const info = { code: 'SI_USER', senderPid: process.pid, senderUid: process.uid } as const;
  if (outcome === 'queue' || (outcome === 'default' && !kernel.holdFatalSignals)) queueSignal(kernel, process, SIGPIPE, info, thread);
  else if (outcome === 'default') {
    kernel.fatalSignal(thread, SIGPIPE, 'wrote to a pipe with no reader', { code: 'SI_USER', senderPid: process.pid });
    if (!process.alive) return NO_RETURN;
  }
  return done > 0 ? done : -Errno.EPIPE;
}

/** The last descriptor of a pipe's end went: the other side may now see end of file or EPIPE. */
export function releasePipeEnd(kernel: Kernel, end: PipeEnd): void {
  if (end.end === 'read') end.pipe.readers--;
  else end.pipe.writers--;
  wakePipe(kernel, end.pipe);
}

// Anything that changes a pipe wakes everyone waiting on it; each looks again.
function wakePipe(kernel: Kernel, pipe: Pipe): void {
  kernel.wakeWhere((t) => t.waitingFor?.kind === 'pipe' && t.waitingFor.pipe === pipe);
}
