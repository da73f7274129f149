// Loading a program: a fresh address space with one VMA per ELF segment (filled on demand, from
// the page cache, so processes running the same file share its clean pages), the program break
// after the last segment, and a stack laid out as Linux's create_elf_tables does — argc, argv,
// envp, the auxiliary vector, then the strings and AT_RANDOM's bytes above.

import { PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, type ElfImage, type ProgramHeader } from '../toolchain/elf/read';
import { SHARED_LIBRARY_BASE } from '../toolchain/link/types';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { PROT_EXEC, PROT_READ, PROT_WRITE, anonVma, pageDown, pageUp, type AddressSpace, type MappedFile, type Vma, type VmaBacking } from './vm';

export const STACK_TOP = 0x8000_0000;
/** RLIMIT_STACK's default: how far the stack may grow down. */
export const STACK_LIMIT = 8 * 1024 * 1024;
/** Where oslab's linker puts libc; maps shows those segments as this file. */
export const LIBC_PATH = '/lib/libc.so';
/** Linux maps at least this much stack at exec (setup_arg_pages' stack_expand). */
const STACK_INITIAL = 128 * 1024;

const AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9;
const AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23;
const AT_RANDOM = 25, AT_EXECFN = 31;
/** misa-style letters I, M and A, as riscv Linux reports them in AT_HWCAP. */
const HWCAP_RV32IMA = (1 << ('I'.charCodeAt(0) - 65)) | (1 << ('M'.charCodeAt(0) - 65)) | (1 << ('A'.charCodeAt(0) - 65));

export interface ProgramSpec {
  readonly image: ElfImage;
  readonly path: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
}

/** Creates a process running `spec` with its main thread runnable; `parent` null for the host's programs. */
export function spawnProgram(kernel: Kernel, parent: Process | null, spec: ProgramSpec): Process {
  const aspace = kernel.newAddressSpace();
  const { brk, sp } = mapProgram(kernel, aspace, spec);
  const process = kernel.createProcess(parent, aspace, spec.path, spec.argv);
  process.brkStart = process.brk = brk;
  const thread = kernel.createThread(process);
  thread.regs[2] = sp;
  thread.pc = spec.image.entry | 0;
  return process;
}

/** Fills a fresh address space with `spec`'s segments, a stack and its initial contents; where the break starts and the stack pointer. */
export function mapProgram(kernel: Kernel, aspace: AddressSpace, spec: ProgramSpec): { brk: number; sp: number } {
  const brk = mapSegments(aspace, spec.image, spec.path, (inode) => kernel.inodes.file(inode));
  // The stack is executable only when PT_GNU_STACK asks for it (`-z execstack`); without the
  // header, riscv Linux defaults to a non-executable stack.
  const gnuStack = spec.image.programHeaders.find((p) => p.type === PT_GNU_STACK);
  const stackProt = PROT_READ | PROT_WRITE | (gnuStack && gnuStack.flags & PF_X ? PROT_EXEC : 0);
  aspace.addVma(anonVma(STACK_TOP - STACK_INITIAL, STACK_TOP, stackProt, { kind: 'stack', name: '[stack]', growsDown: true }));
  return { brk, sp: buildStack(kernel, aspace, spec) };
}

/** Maps the PT_LOAD segments; returns where the program break starts. */
function mapSegments(aspace: AddressSpace, image: ElfImage, path: string, inodeFor: (id: string) => number): number {
  const loads = image.programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  const program = mappedFile(path, image.bytes, loads.filter((p) => !isLibc(p)), inodeFor);
  const libc = mappedFile(LIBC_PATH, image.bytes, loads.filter(isLibc), inodeFor);
  const libcStart = loads.find(isLibc)?.offset ?? 0;
  let brk = 0;
  let last: Vma | undefined;
  for (const ph of loads) {
    const prot = (ph.flags & PF_R ? PROT_READ : 0) | (ph.flags & PF_W ? PROT_WRITE : 0) | (ph.flags & PF_X ? PROT_EXEC : 0);
    const backing: VmaBacking = { bytes: image.bytes, offset: ph.offset, size: ph.filesz, vaddr: ph.vaddr };
    const file = isLibc(ph) ? libc : program;
    let start = pageDown(ph.vaddr);
    const fileEnd = pageUp(ph.vaddr + ph.filesz);
    const end = pageUp(ph.vaddr + ph.memsz);
    // Two segments may share a page (linked with -N, or by a custom script): that page gets both.
    if (last && start < last.end) {
      last.backings.push(backing);
      last.prot |= prot;
      start = last.end;
    }
    if (start < fileEnd) {
      const kind = isLibc(ph) ? 'shared-lib' : prot & PROT_EXEC ? 'text' : 'data';
      const offset = pageDown(ph.offset) + (start - pageDown(ph.vaddr)) - (isLibc(ph) ? libcStart : 0);
      last = aspace.addVma(anonVma(start, fileEnd, prot, { kind, name: file.path, backings: [backing], file, offset }));
    }
    const bssStart = Math.max(start, fileEnd);
    if (bssStart < end) last = aspace.addVma(anonVma(bssStart, end, prot, { kind: 'bss' }));
    if (!isLibc(ph)) brk = Math.max(brk, ph.vaddr + ph.memsz);
  }
  return pageUp(brk);
}

// oslab's linker places libc whole at SHARED_LIBRARY_BASE: its pages are the same bytes in every
// program, so they are cached as one file's pages, as a real shared library's would be.
function isLibc(ph: ProgramHeader): boolean {
  return ph.vaddr >= SHARED_LIBRARY_BASE && ph.vaddr < STACK_TOP - STACK_LIMIT;
}

/** The file a set of segments comes from, identified by their contents (equal bytes, shared pages). */
function mappedFile(path: string, bytes: Uint8Array, segments: readonly ProgramHeader[], inodeFor: (id: string) => number): MappedFile {
  let h = 0x811c9dc5;
  for (const ph of segments) {
    h = Math.imul(h ^ ph.vaddr, 0x01000193);
    for (let i = ph.offset, end = ph.offset + ph.filesz; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  const id = `${path === LIBC_PATH ? 'libc' : 'elf'}:${(h >>> 0).toString(16)}:${segments.length}`;
  return { id, path, dev: '00:00', inode: inodeFor(id) };
}

function buildStack(kernel: Kernel, aspace: AddressSpace, spec: ProgramSpec): number {
  const encoder = new TextEncoder();
  let sp = STACK_TOP - 4; // Linux leaves one word of zero at the very top
  const push = (bytes: Uint8Array): number => {
    sp -= bytes.length;
    if (!aspace.copyOut(sp, bytes)) throw new Error('cannot write the initial stack');
    return sp;
  };
  const cstring = (s: string) => push(encoder.encode(s + '\0'));
  const execfn = cstring(spec.path);
  const envAddrs = [...spec.envp].reverse().map(cstring).reverse();
  const argAddrs = [...spec.argv].reverse().map(cstring).reverse();
  sp &= ~15;
  const random = push(kernel.random.fill(new Uint8Array(16)));

  const auxv: [number, number][] = [
    [AT_HWCAP, HWCAP_RV32IMA],
    [AT_PAGESZ, 4096],
    [AT_CLKTCK, 100],
    [AT_PHDR, phdrAddress(spec.image)],
    [AT_PHENT, spec.image.phentsize],
    [AT_PHNUM, spec.image.phnum],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, spec.image.entry],
    [AT_UID, 1000],
    [AT_EUID, 1000],
    [AT_GID, 1000],
    [AT_EGID, 1000],
    [AT_SECURE, 0],
    [AT_RANDOM, random],
    [AT_EXECFN, execfn],
    [AT_NULL, 0],
  ];
  const words = [argAddrs.length, ...argAddrs, 0, ...envAddrs, 0, ...auxv.flat()];
  sp = (sp - words.length * 4) & ~15;
  const table = new Uint8Array(words.length * 4);
  const view = new DataView(table.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  if (!aspace.copyOut(sp, table)) throw new Error('cannot write the initial stack');
  return sp | 0;
}

/** Where the program headers are in memory: PT_PHDR, or the load segment holding them. */
function phdrAddress(image: ElfImage): number {
  const phdr = image.programHeaders.find((p) => p.type === PT_PHDR);
  if (phdr) return phdr.vaddr;
  const holder = image.programHeaders.find((p: ProgramHeader) => p.type === PT_LOAD && p.offset <= image.phoff && image.phoff < p.offset + p.filesz);
  return holder ? holder.vaddr + (image.phoff - holder.offset) : 0;
}
