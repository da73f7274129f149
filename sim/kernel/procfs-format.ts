// /proc/PID/maps and /proc/PID/smaps exactly as Linux prints them (fs/proc/task_mmu.c), from
// the machine's VmaView rows, so `oslab run --maps`, the panels and a learner's `cat` on real
// Linux show the same columns. smaps follows the field list of Linux 6.18, checked
// against a real /proc/self/smaps (minus x86's ProtectionKey: riscv has no protection keys).

import type { VmaView } from '../snapshot-types';

// show_vma_header_prefix: seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), then seq_pad(m, ' ')
// before the name. On riscv32 (4-byte pointers) the header is padded to 48 columns and one more
// space is added, so a name starts at column 49 (73 on a 64-bit kernel).
const POINTER_BYTES = 4;
const NAME_PAD_WIDTH = 25 + POINTER_BYTES * 6 - 1;

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** One maps line, without the newline; anonymous rows keep the kernel's trailing space. */
export function mapsLine(vma: VmaView): string {
  const header = `${hex8(vma.start)}-${hex8(vma.end)} ${vma.perms} ${hex8(vma.offset)} ${vma.dev} ${vma.inode} `;
  return vma.name === '' ? header : `${header.padEnd(NAME_PAD_WIDTH)} ${vma.name}`;
}

/** The whole /proc/PID/maps text. */
export function formatMaps(vmas: readonly VmaView[]): string {
  return vmas.map((v) => mapsLine(v) + '\n').join('');
}

// SEQ_PUT_DEC: the field name padded to 16 columns, the value in kB right-aligned in 8.
function kbField(name: string, bytes: number, width = 8): string {
  return `${(name + ':').padEnd(16)}${String(Math.floor(bytes / 1024)).padStart(width)} kB`;
}

// show_smap_vma_flags: two-letter mnemonics in the kernel's bit order, each followed by a space.
function vmFlags(vma: VmaView): string {
  const shared = vma.perms[3] === 's';
  const flags = [
    vma.perms[0] === 'r' && 'rd',
    vma.perms[1] === 'w' && 'wr',
    vma.perms[2] === 'x' && 'ex',
    shared && 'sh',
    'mr',
    'mw',
    'me',
    shared && 'ms',
    vma.kind === 'stack' && 'gd',
    // VM_ACCOUNT: private writable memory is charged against the overcommit limit.
    !shared && vma.perms[1] === 'w' && 'ac',
  ].filter((f): f is string => typeof f === 'string');
  return `VmFlags: ${flags.map((f) => f + ' ').join('')}`;
}

// SmapsFigures has no Pss_Dirty: the private dirty bytes plus the dirty share of the shared part
// of Pss, which is exact when every shared page has the same number of sharers.
function pssDirty(vma: VmaView): number {
  const s = vma.smaps;
  const shared = s.sharedClean + s.sharedDirty;
  if (shared === 0) return s.privateDirty;
  const sharedPss = Math.max(0, s.pss - s.privateClean - s.privateDirty);
  return s.privateDirty + Math.round((sharedPss * s.sharedDirty) / shared);
}

/** One VMA's /proc/PID/smaps block. */
export function smapsBlock(vma: VmaView): string {
  const s = vma.smaps;
  const lines = [
    mapsLine(vma),
    kbField('Size', vma.end - vma.start),
    kbField('KernelPageSize', 4096),
    kbField('MMUPageSize', 4096),
    kbField('Rss', s.rss),
    kbField('Pss', s.pss),
    kbField('Pss_Dirty', pssDirty(vma)),
    kbField('Shared_Clean', s.sharedClean),
    kbField('Shared_Dirty', s.sharedDirty),
    kbField('Private_Clean', s.privateClean),
    kbField('Private_Dirty', s.privateDirty),
    kbField('Referenced', s.referenced),
    kbField('Anonymous', s.anonymous),
    kbField('KSM', 0),
    kbField('LazyFree', 0),
    kbField('AnonHugePages', 0),
    kbField('ShmemPmdMapped', 0),
    kbField('FilePmdMapped', 0),
    kbField('Shared_Hugetlb', 0),
    // The kernel prints this one field with width 7, because its name is 16 characters long.
    `Private_Hugetlb: ${'0'.padStart(7)} kB`,
    kbField('Swap', 0),
    kbField('SwapPss', 0),
    kbField('Locked', 0),
    `THPeligible:    ${'0'.padStart(8)}`,
    vmFlags(vma),
  ];
  return lines.join('\n') + '\n';
}

/** The whole /proc/PID/smaps text. */
export function formatSmaps(vmas: readonly VmaView[]): string {
  return vmas.map(smapsBlock).join('');
}
