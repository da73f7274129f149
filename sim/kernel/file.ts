// Open files, as Linux's struct file: what a descriptor points to. dup and fork share one open
// file (its status flags, and later its offset), close-on-exec belongs to the descriptor, and
// the object behind it (the console, a pipe's end) is released with the last descriptor that
// refers to it, in any process: that is what makes a reader see end of file.

import type { Kernel } from './kernel';
import { releasePipeEnd, type PipeEnd } from './pipe';
import type { Process } from './proc';
import { RegularInode, type DirEntry, type Inode } from '../fs/inode';
import { syncFile } from '../fs/sync';

/** One of the console's streams: a terminal, or the pipe oslab's own stdin/stdout is. */
export interface ConsoleStream {
  readonly kind: 'tty';
  /** Which of the host console's streams it is (a dup of fd 1 still writes to stdout). */
  readonly stream: 0 | 1 | 2;
  /** What /proc/PID/fd shows ("/dev/pts/0", "pipe:[101]"). */
  readonly target: string;
}

/** A file opened by path: its inode, where the next read or write goes, and the name it was opened by. */
export class InodeFile {
  readonly kind = 'file';
  /** The file position (shared by dup and fork, as it belongs to the open file). */
  offset = 0;
  /** A /proc file's text as the read that started at offset 0 made it (seq_file). */
  generated: Uint8Array | null = null;
  /** A directory's entries as the first getdents64 listed them, so later calls continue the same list. */
  listing: DirEntry[] | null = null;

  constructor(
    readonly inode: Inode,
    private readonly path: string,
  ) {}

  /** What /proc/PID/fd shows: the path, marked when the file has lost its last name. */
  get target(): string {
    return this.inode.nlink === 0 && this.inode.type !== 'dir' ? `${this.path} (deleted)` : this.path;
  }
}

export type FileObject = ConsoleStream | PipeEnd | InodeFile;

export class OpenFile {
  /** Descriptors referring to it, in every process. */
  refs = 0;

  constructor(
    readonly object: FileObject,
    /** File status flags (F_GETFL): access mode plus O_APPEND, O_NONBLOCK... */
    public flags: number,
  ) {}

  get target(): string {
    return this.object.target;
  }
}

/** One file descriptor. */
export interface FdEntry {
  readonly file: OpenFile;
  cloexec: boolean;
}

/** fds 0–2 of a program the host starts: one read-write terminal, or (without one) a read pipe in and write pipes out. */
export function openConsole(process: Process, tty: readonly boolean[]): void {
  for (const fd of [0, 1, 2] as const) {
    const stream = new OpenFile({ kind: 'tty', target: tty[fd] ? '/dev/pts/0' : `pipe:[${100 + fd}]`, stream: fd }, tty[fd] ? 2 : fd === 0 ? 0 : 1);
    process.fds.set(fd, fdFor(stream, false));
  }
}

/** A descriptor for `file` (counted as one more reference). */
export function fdFor(file: OpenFile, cloexec: boolean): FdEntry {
  file.refs++;
  return { file, cloexec };
}

/** Closes descriptor `fd` of `process`; false when it is not open. The object goes with its last descriptor. */
export function closeFd(kernel: Kernel, process: Process, fd: number): boolean {
  const entry = process.fds.get(fd);
  if (!entry) return false;
  process.fds.delete(fd);
  if (--entry.file.refs === 0) releaseObject(kernel, entry.file.object);
  return true;
}

/** What goes with an open file's last descriptor: a pipe's end, or an unlinked file's pages. */
function releaseObject(kernel: Kernel, object: FileObject): void {
  if (object.kind === 'pipe') releasePipeEnd(kernel, object);
  if (object.kind !== 'file') return;
  const inode = object.inode;
  if (--inode.opens > 0 || !(inode instanceof RegularInode)) return;
  if (inode.nlink === 0) evictUnlessMapped(kernel, inode);
  else if (inode.flushOnClose) syncFile(kernel, inode);
}

/**
 * A file with no name and no open file goes, unless a mapping still shows it: then its pages
 * stay as long as a mapping holds them (memory pressure may take the others, as nothing names
 * the file any more).
 */
export function evictUnlessMapped(kernel: Kernel, inode: RegularInode): void {
  const mapped = kernel.liveProcesses.some((p) => p.aspace.vmas.all.some((v) => v.file?.vfs === inode));
  if (!mapped) inode.evict(kernel);
  else for (const page of kernel.pageCache.pagesOf(inode.cacheId).values()) page.pinned = false;
}
