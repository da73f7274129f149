// Memory syscalls: brk, mmap2 (anonymous or of a file, private or shared, fixed or hinted; a
// file's pages are the page cache's, so MAP_SHARED writes are what read() sees), munmap,
// mprotect, madvise and mremap, with Linux's argument checks and its top-down placement below
// mmap_base. Nothing is allocated here: pages arrive on first touch.

import { PAGE_SIZE } from '../mem/phys';
import { Errno } from './errno';
import { STACK_TOP } from './exec';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { RLIMIT } from './rlimit';
import type { SyscallContext, SyscallHandler } from './syscall';
import { PROT_EXEC, PROT_READ, PROT_WRITE, STACK_GUARD_GAP, SharedPages, anonVma, pageDown, pageUp, type Vma } from './vm';
import type { MappedFile } from './vma';
import { DeviceInode, RegularInode } from '../fs/inode';

export const MAP = {
  SHARED: 0x01, PRIVATE: 0x02, SHARED_VALIDATE: 0x03, TYPE: 0x0f, FIXED: 0x10, ANONYMOUS: 0x20,
  GROWSDOWN: 0x100, DENYWRITE: 0x800, EXECUTABLE: 0x1000, LOCKED: 0x2000, NORESERVE: 0x4000,
  POPULATE: 0x8000, NONBLOCK: 0x10000, STACK: 0x20000, HUGETLB: 0x40000, SYNC: 0x80000,
  FIXED_NOREPLACE: 0x100000,
} as const;

/** Flags MAP_SHARED_VALIDATE accepts; any other bit is EOPNOTSUPP there (and ignored elsewhere). */
const KNOWN_MAP_FLAGS = 0x1fff3f;
const PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;
const ALL_PROT = PROT_READ | PROT_WRITE | PROT_EXEC;
/** vm.mmap_min_addr's default: nothing may be mapped below it (NULL stays a fault). */
export const MMAP_MIN_ADDR = 0x10000;
/** Linux's MIN_GAP: mmap_base leaves at least 128 MiB below the stack top for the stack. */
const MIN_STACK_GAP = 128 * 1024 * 1024;
/** Linux keeps at least this gap between the heap and the next mapping below the stack. */
const HEAP_GUARD = 64 * 1024;
const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;
const MLOCK_ONFAULT = 1;
const MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;
const MADV_DONTNEED = 4, MADV_FREE = 8, MADV_REMOVE = 9;
const HARMLESS_ADVICE = new Set([0, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25]);

export const MEM_SYSCALLS: Record<string, SyscallHandler> = {
  brk: ({ process }, [requested]) => brk(process, requested >>> 0),
  // The offset (a5) counts 4096-byte units, whatever the page size.
  mmap2: (ctx, [addr, length, prot, flags, fd, pgoffset]) => mmap(ctx, addr >>> 0, length >>> 0, prot >>> 0, flags >>> 0, fd, (pgoffset >>> 0) * PAGE_SIZE),
  munmap: ({ process }, [addr, length]) => {
    const start = addr >>> 0;
    const end = start + pageUp(length >>> 0);
    if (start % PAGE_SIZE || (length >>> 0) === 0 || end > STACK_TOP) return -Errno.EINVAL;
    process.aspace.unmap(start, end);
    return 0;
  },
  mprotect: ({ process }, [addr, length, prot]) => {
    const start = addr >>> 0;
    const end = start + pageUp(length >>> 0);
    if (start % PAGE_SIZE || prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)) return -Errno.EINVAL;
    if (end === start) return 0;
    if (end > STACK_TOP || !process.aspace.covers(start, end)) return -Errno.ENOMEM;
    // A shared mapping of a file opened read-only may never become writable (VM_MAYWRITE).
    if (process.aspace.vmas.overlapping(start, end).some((v) => prot & ~v.mayProt & (PROT_READ | PROT_WRITE | PROT_EXEC))) return -Errno.EACCES;
    process.aspace.protect(start, end, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
    return 0;
  },
  madvise: ({ process }, [addr, length, advice]) => {
    const start = addr >>> 0;
    const end = start + pageUp(length >>> 0);
    if (start % PAGE_SIZE) return -Errno.EINVAL;
    if (advice === MADV_DONTNEED || advice === MADV_FREE || advice === MADV_REMOVE) {
      if (end === start) return 0;
      for (const vma of process.aspace.vmas.overlapping(start, end)) process.aspace.unmapPages(Math.max(start, vma.start), Math.min(end, vma.end));
      return process.aspace.covers(start, end) ? 0 : -Errno.ENOMEM;
    }
    return HARMLESS_ADVICE.has(advice) ? 0 : -Errno.EINVAL;
  },
  // Anonymous memory has no file to write back: msync only checks its arguments and the range.
  msync: ({ process }, [addr, length, flags]) => {
    const start = addr >>> 0;
    const end = start + pageUp(length >>> 0);
    if (start % PAGE_SIZE || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) || (flags & (MS_ASYNC | MS_SYNC)) === (MS_ASYNC | MS_SYNC)) return -Errno.EINVAL;
    return process.aspace.covers(start, end) ? 0 : -Errno.ENOMEM;
  },
  // There is no swap, so locked pages differ from others only in being resident at once.
  mlock: ({ process }, [addr, length]) => lock(process, addr >>> 0, length >>> 0, 0),
  mlock2: ({ process }, [addr, length, flags]) => lock(process, addr >>> 0, length >>> 0, flags),
  munlock: ({ process }, [addr, length]) => {
    const start = pageDown(addr >>> 0);
    const end = pageUp((addr >>> 0) + (length >>> 0));
    return process.aspace.covers(start, end) ? 0 : -Errno.ENOMEM;
  },
  mremap: ({ process }, [oldAddr, oldSize, newSize, flags]) => mremap(process, oldAddr >>> 0, pageUp(oldSize >>> 0), pageUp(newSize >>> 0), flags),
};

// brk(addr) returns the new break, or the old one when the request cannot be met (Linux never
// returns an error from brk; libc compares the result with what it asked for).
function brk(process: Process, addr: number): number {
  if (addr < process.brkStart) return process.brk | 0;
  const aspace = process.aspace;
  const start = process.brkStart;
  const newEnd = pageUp(addr);
  const heap = aspace.findVma(start);
  const heapVma = heap?.kind === 'heap' ? heap : undefined;
  const clash = aspace.vmas.overlapping(start, newEnd + HEAP_GUARD).some((v) => v !== heapVma);
  if (clash || exceedsAddressSpace(process, newEnd - (heapVma?.end ?? start))) return process.brk | 0;
  if (newEnd === start) {
    if (heapVma) aspace.removeVma(heapVma);
  } else if (heapVma) {
    aspace.resizeVma(heapVma, newEnd);
  } else {
    aspace.addVma(anonVma(start, newEnd, PROT_READ | PROT_WRITE, { kind: 'heap', name: '[heap]' }));
  }
  process.brk = addr;
  return addr | 0;
}

function mmap({ kernel, process }: SyscallContext, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  // /dev/zero maps as anonymous memory (shared: one shmem object, as Linux's shmem_zero_setup).
  const anonymous = (flags & MAP.ANONYMOUS) !== 0 || isDevZero(process, fd);
  const mapped = anonymous ? null : fileMapping(process, fd, prot, flags & MAP.TYPE);
  if (typeof mapped === 'number') return mapped;
  if (length === 0) return -Errno.EINVAL;
  const size = pageUp(length);
  if (size === 0 || size > STACK_TOP) return -Errno.ENOMEM;
  const type = flags & MAP.TYPE;
  if (type !== MAP.SHARED && type !== MAP.PRIVATE && type !== MAP.SHARED_VALIDATE) return -Errno.EINVAL;
  if (type === MAP.SHARED_VALIDATE && flags & ~KNOWN_MAP_FLAGS) return -Errno.EOPNOTSUPP;
  if (flags & MAP.HUGETLB) return -Errno.EINVAL; // no hugetlbfs pages configured
  const fixed = (flags & (MAP.FIXED | MAP.FIXED_NOREPLACE)) !== 0;
  if (fixed && addr % PAGE_SIZE) return -Errno.EINVAL;
  if (exceedsAddressSpace(process, size) || overcommits(kernel, size, prot, type)) return -Errno.ENOMEM;
  const aspace = process.aspace;
  let start: number;
  if (fixed) {
    if (addr + size > STACK_TOP) return -Errno.ENOMEM;
    if (addr < MMAP_MIN_ADDR) return -Errno.EPERM;
    if (flags & MAP.FIXED_NOREPLACE && aspace.vmas.overlapping(addr, addr + size).length > 0) return -Errno.EEXIST;
    aspace.unmap(addr, addr + size);
    start = addr;
  } else {
    const found = placeMapping(process, addr, size);
    if (found === null) return -Errno.ENOMEM;
    start = found;
  }
  const shared = type !== MAP.PRIVATE;
  const fields: Partial<Vma> = { growsDown: (flags & MAP.GROWSDOWN) !== 0 };
  if (mapped) {
    const readOnlyFile = shared && (process.fds.get(fd)!.file.flags & 3) !== 2;
    Object.assign(fields, { kind: 'file', shared, name: mapped.path, file: mapped, offset, mayProt: readOnlyFile ? PROT_READ | PROT_EXEC : ALL_PROT });
  } else if (shared) {
    const inode = kernel.inodes.file(`shm:${kernel.inodes.nextShm()}`);
    Object.assign(fields, { shared: true, sharedPages: new SharedPages(inode), name: '/dev/zero (deleted)', file: { id: `shm:${inode}`, path: '/dev/zero (deleted)', dev: '00:01', inode } });
  }
  aspace.addVma(anonVma(start, start + size, prot & (PROT_READ | PROT_WRITE | PROT_EXEC), fields));
  aspace.vmas.mergeAround(start, start + size);
  if (flags & MAP.POPULATE && prot & PROT_READ) populate(process, start, start + size, prot);
  return start | 0;
}

function isDevZero(process: Process, fd: number): boolean {
  const object = process.fds.get(fd)?.file.object;
  return object?.kind === 'file' && object.inode instanceof DeviceInode && object.inode.rdev.major === 1 && object.inode.rdev.minor === 5;
}

/** The file behind an fd for mmap, as maps will show it; an errno when it cannot be mapped that way. */
function fileMapping(process: Process, fd: number, prot: number, type: number): MappedFile | number {
  const entry = process.fds.get(fd);
  if (!entry) return -Errno.EBADF;
  const object = entry.file.object;
  if (object.kind !== 'file' || !(object.inode instanceof RegularInode)) return -Errno.ENODEV;
  const accmode = entry.file.flags & 3;
  if (accmode === 1) return -Errno.EACCES; // O_WRONLY: a mapping always reads
  if (type !== MAP.PRIVATE && prot & PROT_WRITE && accmode !== 2) return -Errno.EACCES;
  const inode = object.inode;
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return { id: inode.cacheId, path: object.target, dev: `${hex(inode.sb.dev.major)}:${hex(inode.sb.dev.minor)}`, inode: inode.ino, vfs: inode };
}

/** Where a non-fixed mapping goes: at the hint when it is free, else the highest gap below mmap_base. */
export function placeMapping(process: Process, hint: number, size: number): number | null {
  const aspace = process.aspace;
  const hinted = pageUp(hint);
  if (hint !== 0 && hinted >= MMAP_MIN_ADDR && hinted + size <= STACK_TOP && aspace.vmas.overlapping(hinted, hinted + size).length === 0) return hinted;
  const base = mmapBase(process);
  return aspace.vmas.findGap(size, MMAP_MIN_ADDR, base, STACK_GUARD_GAP) ?? aspace.vmas.findGap(size, base, STACK_TOP, STACK_GUARD_GAP);
}

/** Linux's mmap_base: the stack's reserved room (its rlimit plus a guard, at least 128 MiB) below the top. */
export function mmapBase(process: Process): number {
  const stack = process.rlimits.soft(RLIMIT.STACK);
  const gap = Math.min(Math.max(Number.isFinite(stack) ? stack + STACK_GUARD_GAP : MIN_STACK_GAP, MIN_STACK_GAP), (STACK_TOP / 6) * 5);
  return pageUp(STACK_TOP - gap);
}

function exceedsAddressSpace(process: Process, growth: number): boolean {
  const limit = process.rlimits.soft(RLIMIT.AS);
  if (!Number.isFinite(limit)) return false;
  const mapped = process.aspace.vmas.all.reduce((n, v) => n + (v.end - v.start), 0);
  return mapped + growth > limit;
}

// Linux's heuristic overcommit refuses only an obvious overcommit: one private writable
// mapping larger than all of RAM (there is no swap).
function overcommits(kernel: Kernel, size: number, prot: number, type: number): boolean {
  return type === MAP.PRIVATE && (prot & PROT_WRITE) !== 0 && size / PAGE_SIZE > kernel.mem.frameCount;
}

function lock(process: Process, addr: number, length: number, flags: number): number {
  if (flags & ~MLOCK_ONFAULT) return -Errno.EINVAL;
  const start = pageDown(addr);
  const end = pageUp(addr + length);
  const limit = process.rlimits.soft(RLIMIT.MEMLOCK);
  if (end - start > limit) return limit === 0 ? -Errno.EPERM : -Errno.ENOMEM;
  if (!process.aspace.covers(start, end)) return -Errno.ENOMEM;
  if (!(flags & MLOCK_ONFAULT)) {
    for (const vma of process.aspace.vmas.overlapping(start, end)) {
      if (vma.prot & PROT_READ) populate(process, Math.max(start, vma.start), Math.min(end, vma.end), vma.prot);
    }
  }
  return 0;
}

function populate(process: Process, start: number, end: number, prot: number): void {
  for (let va = start; va < end; va += PAGE_SIZE) process.aspace.handleFault(va, prot & PROT_WRITE ? 'write' : 'read');
}

function mremap(process: Process, oldAddr: number, oldSize: number, newSize: number, flags: number): number {
  if (oldAddr % PAGE_SIZE || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -Errno.EINVAL;
  if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) return -Errno.EINVAL; // only the common forms
  if (newSize === 0) return -Errno.EINVAL;
  const aspace = process.aspace;
  const vma = aspace.findVma(oldAddr);
  if (!vma || oldAddr + oldSize > vma.end) return -Errno.EFAULT;
  if (newSize <= oldSize) {
    if (newSize < oldSize) aspace.unmap(oldAddr + newSize, oldAddr + oldSize);
    return oldAddr | 0;
  }
  if (exceedsAddressSpace(process, newSize - oldSize)) return -Errno.ENOMEM;
  const end = oldAddr + oldSize;
  const growsInPlace = end === vma.end && aspace.vmas.overlapping(end, oldAddr + newSize).length === 0 && oldAddr + newSize <= STACK_TOP;
  if (growsInPlace) {
    vma.end = oldAddr + newSize;
    return oldAddr | 0;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -Errno.ENOMEM;
  const target = placeMapping(process, 0, newSize);
  if (target === null) return -Errno.ENOMEM;
  aspace.move(oldAddr, oldSize, target, newSize);
  return target | 0;
}
