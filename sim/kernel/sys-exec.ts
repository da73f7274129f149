// execve and execveat: replace the calling process's program with an ELF file from the VFS (or a
// `#!` script's interpreter). Everything that can fail is checked first; past that point the
// process keeps its pid, parent, descriptors (minus close-on-exec ones), ignored signals, timers
// and working directory, and gets a new address space, a fresh stack with argv and envp, and
// handlers reset to the default. Other threads end, as Linux's de_thread ends them.

import { Errno } from './errno';
import { closeFd } from './file';
import type { Kernel } from './kernel';
import { mapProgram } from './exec';
import type { Process } from './proc';
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, fdInode, startDir, userPath } from './path-args';
import { SIG_IGN } from './sigframe';
import type { SyscallContext, SyscallHandler } from './syscall';
import { readFile } from '../fs/file-data';
import { DirectoryInode, RegularInode, type Inode } from '../fs/inode';
import { resolve } from '../fs/path';
import { MAY_EXEC, mayAccess } from '../fs/permission';
import { ElfError, readElf, type ElfImage } from '../toolchain/elf/read';

/** Linux's limit on argv plus envp (ARG_MAX with an 8 MiB stack: a quarter of it). */
const ARG_MAX = 2 * 1024 * 1024;
/** Strings in argv or envp at most (MAX_ARG_STRINGS). */
const MAX_ARG_STRINGS = 0x7fffffff;
/** Interpreters may themselves be scripts this many times (BINPRM_MAX_RECURSION). */
const MAX_INTERPRETERS = 4;

export const EXEC_SYSCALLS: Record<string, SyscallHandler> = {
  execve: (ctx, [pathPtr, argvPtr, envpPtr]) => exec(ctx, -100, pathPtr, argvPtr, envpPtr, 0),
  execveat: (ctx, [dirfd, pathPtr, argvPtr, envpPtr, flags]) => exec(ctx, dirfd, pathPtr, argvPtr, envpPtr, flags),
};

function exec(ctx: SyscallContext, dirfd: number, pathPtr: number, argvPtr: number, envpPtr: number, flags: number): number {
  const { kernel, process } = ctx;
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) return -Errno.EINVAL;
  const path = userPath(process, pathPtr);
  if (typeof path === 'number') return path;
  const argv = readStrings(process, argvPtr);
  const envp = readStrings(process, envpPtr);
  if (typeof argv === 'number') return argv;
  if (typeof envp === 'number') return envp;
  const size = [...argv, ...envp].reduce((n, s) => n + s.length + 1, 0);
  if (size > ARG_MAX) return -Errno.E2BIG;
  let inode: Inode | number | null;
  if (path === '' && flags & AT_EMPTY_PATH) inode = fdInode(process, dirfd) ?? -Errno.EACCES;
  else {
    const start = startDir(process, dirfd, path);
    inode = typeof start === 'number' ? start : resolve(kernel, process, start, path, !(flags & AT_SYMLINK_NOFOLLOW));
  }
  if (typeof inode === 'number') return inode;
  const program = load(kernel, process, inode, path, argv, 0);
  if (typeof program === 'number') return program;
  replaceImage(ctx, program.image, program.path, program.argv, envp);
  ctx.kernel.execed(process, { path, argv, envc: envp.length, envp: envpPtr >>> 0 });
  return 0;
}

interface Program {
  readonly image: ElfImage;
  readonly path: string;
  readonly argv: readonly string[];
}

/** The ELF image to run for `inode`, following `#!` lines; an errno when it cannot run. */
function load(kernel: Kernel, process: Process, inode: Inode, path: string, argv: readonly string[], depth: number): Program | number {
  if (inode instanceof DirectoryInode || !(inode instanceof RegularInode)) return -Errno.EACCES;
  if (!mayAccess(process, inode, MAY_EXEC) || kernel.vfs.mounts.some((m) => m.sb === inode.sb && m.options.includes('noexec'))) return -Errno.EACCES;
  const bytes = new Uint8Array(inode.length);
  readFile(kernel, inode, 0, bytes);
  if (bytes[0] === 0x23 && bytes[1] === 0x21) return script(kernel, process, bytes, path, argv, depth);
  try {
    return { image: readElf(bytes), path, argv };
  } catch (error) {
    if (error instanceof ElfError) return -Errno.ENOEXEC;
    throw error;
  }
}

// `#!interpreter [one argument]`: run the interpreter with the script's path in place of argv[0].
function script(kernel: Kernel, process: Process, bytes: Uint8Array, path: string, argv: readonly string[], depth: number): Program | number {
  if (depth >= MAX_INTERPRETERS) return -Errno.ELOOP;
  const end = bytes.indexOf(0x0a);
  const line = new TextDecoder().decode(bytes.subarray(2, end < 0 ? Math.min(bytes.length, 256) : end)).trim();
  if (line === '') return -Errno.ENOEXEC;
  const space = line.search(/[ \t]/);
  const interpreter = space < 0 ? line : line.slice(0, space);
  const argument = space < 0 ? '' : line.slice(space).trim();
  const inode = resolve(kernel, process, process.cwd, interpreter);
  if (typeof inode === 'number') return inode;
  const args = [interpreter, ...(argument ? [argument] : []), path, ...argv.slice(1)];
  return load(kernel, process, inode, interpreter, args, depth + 1);
}

/** A NULL-terminated array of string pointers (NULL itself: none). */
function readStrings(process: Process, ptr: number): string[] | number {
  const strings: string[] = [];
  if (ptr === 0) return strings;
  for (let at = ptr >>> 0; strings.length < MAX_ARG_STRINGS; at += 4) {
    const item = process.aspace.readU32(at);
    if (item === null) return -Errno.EFAULT;
    if (item === 0) return strings;
    const text = process.aspace.readString(item);
    if (text === null) return -Errno.EFAULT;
    strings.push(text);
    if (strings.length * 4 > ARG_MAX) return -Errno.E2BIG;
  }
  return -Errno.E2BIG;
}

// The point of no return: the process becomes the new program.
function replaceImage(ctx: SyscallContext, image: ElfImage, path: string, argv: readonly string[], envp: readonly string[]): void {
  const { kernel, process, thread, hart } = ctx;
  kernel.endOtherThreads(thread);
  for (const [fd, entry] of [...process.fds]) if (entry.cloexec) closeFd(kernel, process, fd);
  for (const [signal, action] of [...process.sigactions]) if (action.handler !== SIG_IGN) process.sigactions.delete(signal);
  const aspace = kernel.newAddressSpace();
  const { brk, sp } = mapProgram(kernel, aspace, { image, path, argv, envp });
  const old = process.aspace;
  process.aspace = aspace;
  if (--old.users === 0) old.destroy();
  kernel.mmu.activate(hart, aspace);
  process.brkStart = process.brk = brk;
  process.path = path;
  process.argv = argv;
  process.comm = (path.split('/').pop() ?? path).slice(0, 15);
  thread.clearChildTid = 0;
  thread.robustList = 0;
  hart.regs.fill(0);
  hart.regs[2] = sp;
  // The ecall's return adds 4: the new program starts at its entry with a0 = 0, as Linux leaves it.
  hart.pc = (image.entry - 4) | 0;
}
