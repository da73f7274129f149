// Loading a program: a fresh address space with one VMA per ELF segment (filled on demand),
// the program break after the last segment, and a stack laid out as Linux's create_elf_tables
// does — argc, argv, envp, the auxiliary vector, then the strings and AT_RANDOM's bytes above.

import { PF_R, PF_W, PF_X, PT_GNU_STACK, PT_LOAD, PT_PHDR, type ElfImage, type ProgramHeader } from '../toolchain/elf/read';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { PROT_EXEC, PROT_READ, PROT_WRITE, pageDown, pageUp, type AddressSpace, type Vma, type VmaBacking } from './vm';

export const STACK_TOP = 0x8000_0000;
/** RLIMIT_STACK's default: how far the stack may grow down. */
export const STACK_LIMIT = 8 * 1024 * 1024;
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

/** Creates a process running `spec` with its main thread runnable. */
export function spawnProgram(kernel: Kernel, ppid: number, spec: ProgramSpec): Process {
  const aspace = kernel.newAddressSpace();
  const brk = mapSegments(aspace, spec.image, spec.path);
  // The stack is executable only when PT_GNU_STACK asks for it (`-z execstack`); without the
  // header, riscv Linux defaults to a non-executable stack.
  const gnuStack = spec.image.programHeaders.find((p) => p.type === PT_GNU_STACK);
  const stackProt = PROT_READ | PROT_WRITE | (gnuStack && gnuStack.flags & PF_X ? PROT_EXEC : 0);
  aspace.addVma({ start: STACK_TOP - STACK_INITIAL, end: STACK_TOP, prot: stackProt, kind: 'stack', name: '[stack]', backings: [], growsDownTo: STACK_TOP - STACK_LIMIT });
  const process = kernel.createProcess(ppid, aspace, spec.path);
  process.brkStart = process.brk = brk;
  const thread = kernel.createThread(process);
  const sp = buildStack(kernel, aspace, spec);
  thread.regs[2] = sp;
  thread.pc = spec.image.entry | 0;
  return process;
}

/** Maps the PT_LOAD segments; returns where the program break starts. */
function mapSegments(aspace: AddressSpace, image: ElfImage, path: string): number {
  let brk = 0;
  let last: Vma | undefined;
  for (const ph of image.programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0)) {
    const prot = (ph.flags & PF_R ? PROT_READ : 0) | (ph.flags & PF_W ? PROT_WRITE : 0) | (ph.flags & PF_X ? PROT_EXEC : 0);
    const backing: VmaBacking = { bytes: image.bytes, offset: ph.offset, size: ph.filesz, vaddr: ph.vaddr, path };
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
      last = aspace.addVma({ start, end: fileEnd, prot, kind: prot & PROT_EXEC ? 'text' : 'data', name: path, backings: [backing] });
    }
    const bssStart = Math.max(start, fileEnd);
    if (bssStart < end) last = aspace.addVma({ start: bssStart, end, prot, kind: 'bss', name: '', backings: [] });
    brk = Math.max(brk, ph.vaddr + ph.memsz);
  }
  return pageUp(brk);
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
