// Memory syscalls: brk for now; mmap2, munmap and mprotect arrive with Kernel I.

import type { SyscallHandler } from './syscall';
import { PROT_READ, PROT_WRITE, pageUp } from './vm';

/** Linux keeps at least this gap between the heap and the next mapping below the stack. */
const HEAP_GUARD = 64 * 1024;

export const MEM_SYSCALLS: Record<string, SyscallHandler> = {
  // brk(addr) returns the new break, or the old one when the request cannot be met (Linux
  // never returns an error from brk; libc compares the result with what it asked for).
  brk: ({ process }, [requested]) => {
    const addr = requested >>> 0;
    if (addr < process.brkStart) return process.brk | 0;
    const aspace = process.aspace;
    const newEnd = pageUp(addr);
    const start = process.brkStart;
    const clash = aspace.vmas.some((v) => v !== process.heap && v.start < newEnd + HEAP_GUARD && start < v.end);
    if (clash) return process.brk | 0;
    if (newEnd === start) {
      if (process.heap) aspace.removeVma(process.heap);
      process.heap = null;
    } else if (process.heap) {
      aspace.resizeVma(process.heap, newEnd);
    } else {
      process.heap = aspace.addVma({ start, end: newEnd, prot: PROT_READ | PROT_WRITE, kind: 'heap', name: '[heap]', backings: [] });
    }
    process.brk = addr;
    return addr | 0;
  },
};
