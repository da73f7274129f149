// Memory as /proc reports it, read from the kernel's page tables, VMAs, frames and page cache:
// a process's maps rows and its mm counters (status' Vm* lines, statm, stat's vsize and rss) as
// fs/proc/task_mmu.c's task_mem and task_statm compute them, and the machine-wide page counts
// of /proc/meminfo. Only reads: no page is faulted in, no frame allocated.

import { PAGE_SIZE } from '../mem/phys';
import { PTE_V, pteToPpn } from '../mem/sv32';
import type { Kernel } from '../kernel/kernel';
import type { Process } from '../kernel/proc';
import { vmaSmaps } from '../kernel/smaps';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type AddressSpace, type SharedPages, type Vma } from '../kernel/vm';
import type { VmaView } from '../snapshot-types';

const PAGES_PER_TABLE = 1024;

/** The address space /proc shows for a process: none once it has exited (Linux drops a zombie's mm). */
export function procMm(process: Process): AddressSpace | null {
  return process.alive ? process.aspace : null;
}

/** One VMA as maps and smaps print it, with its page figures. */
export function vmaView(kernel: Kernel, aspace: AddressSpace, vma: Vma): VmaView {
  const perms = (vma.prot & PROT_READ ? 'r' : '-') + (vma.prot & PROT_WRITE ? 'w' : '-') + (vma.prot & PROT_EXEC ? 'x' : '-') + (vma.shared ? 's' : 'p');
  return {
    start: vma.start,
    end: vma.end,
    perms,
    offset: vma.file || vma.sharedPages ? vma.offset : 0,
    dev: vma.file?.dev ?? '00:00',
    inode: vma.file?.inode ?? vma.sharedPages?.inode ?? 0,
    name: vma.name,
    kind: vma.kind,
    smaps: vmaSmaps(kernel, aspace, vma),
  };
}

export function vmaViews(kernel: Kernel, process: Process): VmaView[] {
  const aspace = procMm(process);
  return aspace ? aspace.vmas.all.map((v) => vmaView(kernel, aspace, v)) : [];
}

/** A process's mm counters, in pages unless named in bytes. */
export interface MmCounters {
  readonly totalVm: number;
  readonly peakRss: number;
  readonly anon: number;
  readonly file: number;
  readonly shmem: number;
  /** Private writable mappings (not the stack), the stack, and executable read-only mappings. */
  readonly dataVm: number;
  readonly stackVm: number;
  readonly execVm: number;
  /** The program's own code, page-aligned (mm->start_code, end_code). */
  readonly startCode: number;
  readonly endCode: number;
  /** The program's last segment (mm->start_data, end_data: load_elf_binary takes the highest). */
  readonly startData: number;
  readonly endData: number;
  /** Level-1 page tables, in bytes (VmPTE; the root is the pgd, not counted there). */
  readonly pteBytes: number;
}

export function mmCounters(kernel: Kernel, aspace: AddressSpace): MmCounters {
  let totalVm = 0, anon = 0, shmem = 0, rss = 0, dataVm = 0, stackVm = 0, execVm = 0;
  const code: Vma[] = [];
  const program: Vma[] = [];
  for (const vma of aspace.vmas.all) {
    const pages = (vma.end - vma.start) / PAGE_SIZE;
    totalVm += pages;
    // mm/internal.h: is_stack_mapping, is_data_mapping, is_exec_mapping.
    if (vma.growsDown) stackVm += pages;
    else if (vma.prot & PROT_WRITE && !vma.shared) dataVm += pages;
    else if (vma.prot & PROT_EXEC && !(vma.prot & PROT_WRITE)) execVm += pages;
    if (vma.kind === 'text') code.push(vma);
    if (vma.kind === 'text' || vma.kind === 'data') program.push(vma);
    const figures = vmaSmaps(kernel, aspace, vma);
    rss += figures.rss / PAGE_SIZE;
    anon += figures.anonymous / PAGE_SIZE;
    // MAP_SHARED anonymous memory is shmem, a file in Linux's eyes, and never anonymous.
    if (vma.sharedPages) shmem += figures.rss / PAGE_SIZE;
  }
  return {
    totalVm,
    peakRss: Math.max(aspace.peakResidentPages, rss),
    anon,
    file: rss - anon - shmem,
    shmem,
    dataVm,
    stackVm,
    execVm,
    startCode: code.length ? code[0].start : 0,
    endCode: code.length ? code[code.length - 1].end : 0,
    startData: program.length ? program[program.length - 1].start : 0,
    endData: program.length ? program[program.length - 1].end : 0,
    pteBytes: pageTables(kernel, aspace) * PAGE_SIZE,
  };
}

/** VmExe and VmLib in bytes: executable mappings split between the program's code and the rest. */
export function textAndLib(mm: MmCounters): { text: number; lib: number } {
  const text = Math.min(mm.endCode - mm.startCode, mm.execVm * PAGE_SIZE);
  return { text, lib: mm.execVm * PAGE_SIZE - text };
}

/** Valid level-1 tables under an address space's root. */
export function pageTables(kernel: Kernel, aspace: AddressSpace): number {
  let tables = 0;
  for (let i = 0; i < PAGES_PER_TABLE; i++) if (kernel.mem.readWord(aspace.rootPpn * PAGE_SIZE + i * 4) & PTE_V) tables++;
  return tables;
}

/** Machine-wide page counts for /proc/meminfo, each page counted once however many map it. */
export interface MemoryPages {
  readonly total: number;
  readonly free: number;
  /** Page cache pages (tmpfs's included) and MAP_SHARED anonymous pages: Linux's NR_FILE_PAGES. */
  readonly filePages: number;
  /** Page cache pages a clean drop could free: the file LRU of a machine without swap. */
  readonly evictableCache: number;
  readonly dirty: number;
  /** Anonymous pages mapped by some process (NR_ANON_MAPPED). */
  readonly anonMapped: number;
  /** Page cache and shared pages mapped by some process (NR_FILE_MAPPED). */
  readonly fileMapped: number;
  /** tmpfs pages and MAP_SHARED anonymous pages (NR_SHMEM). */
  readonly shmem: number;
  /** Frames holding page tables, roots included (NR_PAGETABLE). */
  readonly pageTables: number;
  /** Private writable memory charged against the overcommit limit (Committed_AS), in pages. */
  readonly committed: number;
}

export function memoryPages(kernel: Kernel): MemoryPages {
  const spaces = new Set<AddressSpace>();
  for (const p of kernel.processes.values()) if (p.alive) spaces.add(p.aspace);
  const anon = new Set<number>();
  const mapped = new Set<number>();
  const shared = new Set<SharedPages>();
  let pageTableFrames = 0, committed = 0;
  for (const aspace of spaces) {
    pageTableFrames += 1 + pageTables(kernel, aspace);
    for (const vma of aspace.vmas.all) {
      if (vma.sharedPages) shared.add(vma.sharedPages);
      // VM_ACCOUNT, as smaps' VmFlags shows it: private writable mappings.
      if (!vma.shared && vma.prot & PROT_WRITE) committed += (vma.end - vma.start) / PAGE_SIZE;
      aspace.forEachPage(vma.start, vma.end, (_va, _pteAddr, pte) => {
        const ppn = pteToPpn(pte);
        if (vma.sharedPages || kernel.pageCache.holds(ppn)) mapped.add(ppn);
        else anon.add(ppn);
      });
    }
  }
  let pinned = 0, evictable = 0;
  for (const id of kernel.pageCache.fileIds()) {
    for (const page of kernel.pageCache.pagesOf(id).values()) {
      if (page.pinned) pinned++;
      else evictable++;
    }
  }
  const sharedFrames = [...shared].reduce((n, s) => n + s.frames.size, 0);
  return {
    total: kernel.mem.frameCount,
    free: kernel.mem.freeFrames,
    filePages: kernel.pageCache.size + sharedFrames,
    evictableCache: evictable,
    dirty: kernel.pageCache.dirty,
    anonMapped: anon.size,
    fileMapped: mapped.size,
    shmem: pinned + sharedFrames,
    pageTables: pageTableFrames,
    committed,
  };
}
