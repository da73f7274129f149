// The machine-wide /proc files, in Linux's formats: meminfo (fs/proc/meminfo.c), stat
// (fs/proc/stat.c), cpuinfo (arch/riscv/kernel/cpu.c), uptime, loadavg, version, mounts and
// filesystems. The machine is a riscv32 Linux configured without swap, highmem, transparent huge
// pages or CMA, so those lines are absent as they would be, and what it has but never uses
// (huge pages, slab, vmalloc) reads 0.

import { FIXED_1, FSHIFT, runningTasks } from '../kernel/loadavg';
import type { Kernel } from '../kernel/kernel';
import type { Process } from '../kernel/proc';
import { UTSNAME } from '../kernel/sys-proc';
import { BOOT_EPOCH_SECONDS } from '../kernel/sys-time';
import { memoryPages } from './procfs-mm';

const USER_HZ = 100;
/** riscv32's vmalloc area: half of the 1 GiB of kernel virtual space not linearly mapped. */
const VMALLOC_TOTAL_KB = 512 * 1024;
/** Sv32's huge page (a megapage). */
const HUGEPAGE_KB = 4096;
/** vm.overcommit_ratio's default, in percent. */
const OVERCOMMIT_RATIO = 50;
/** The softirq kinds /proc/stat lists (NR_SOFTIRQS). */
const SOFTIRQS = 10;

/** The simulated time of the reader's thread (its hart's clock), else the machine's. */
export function readerCycles(kernel: Kernel, reader: Process): number {
  const thread = kernel.current.find((t) => t?.process === reader);
  return thread ? kernel.harts[thread.hart].cycles : kernel.now();
}

const pageKb = (pages: number): number => pages * 4;
// show_val_kb: the name (with its colon) padded to 16 columns, the value right-aligned in 8.
const kbLine = (name: string, kb: number): string => `${(name + ':').padEnd(16)}${String(kb).padStart(8)} kB`;

/** /proc/meminfo. */
export function meminfoText(kernel: Kernel): string {
  const m = memoryPages(kernel);
  // No LRU aging is modelled: every page is on its active list; shmem sits on the anon LRU.
  const activeAnon = m.anonMapped + m.shmem;
  const activeFile = m.filePages - m.shmem;
  const lines = [
    kbLine('MemTotal', pageKb(m.total)),
    kbLine('MemFree', pageKb(m.free)),
    // si_mem_available with no watermarks or reserves: free pages plus the file LRU.
    kbLine('MemAvailable', pageKb(m.free + m.evictableCache)),
    kbLine('Buffers', 0),
    kbLine('Cached', pageKb(m.filePages)),
    kbLine('SwapCached', 0),
    kbLine('Active', pageKb(activeAnon + activeFile)),
    kbLine('Inactive', 0),
    kbLine('Active(anon)', pageKb(activeAnon)),
    kbLine('Inactive(anon)', 0),
    kbLine('Active(file)', pageKb(activeFile)),
    kbLine('Inactive(file)', 0),
    kbLine('Unevictable', 0),
    kbLine('Mlocked', 0),
    kbLine('SwapTotal', 0),
    kbLine('SwapFree', 0),
    kbLine('Dirty', pageKb(m.dirty)),
    kbLine('Writeback', 0),
    kbLine('AnonPages', pageKb(m.anonMapped)),
    kbLine('Mapped', pageKb(m.fileMapped)),
    kbLine('Shmem', pageKb(m.shmem)),
    kbLine('KReclaimable', 0),
    kbLine('Slab', 0),
    kbLine('SReclaimable', 0),
    kbLine('SUnreclaim', 0),
    kbLine('KernelStack', 0),
    kbLine('PageTables', pageKb(m.pageTables)),
    kbLine('SecPageTables', 0),
    kbLine('NFS_Unstable', 0),
    kbLine('Bounce', 0),
    kbLine('WritebackTmp', 0),
    kbLine('CommitLimit', pageKb(Math.floor((m.total * OVERCOMMIT_RATIO) / 100))),
    kbLine('Committed_AS', pageKb(m.committed)),
    kbLine('VmallocTotal', VMALLOC_TOTAL_KB),
    kbLine('VmallocUsed', 0),
    kbLine('VmallocChunk', 0),
    kbLine('Percpu', 0),
    kbLine('Balloon', 0),
    // hugetlb_report_meminfo
    `HugePages_Total:   ${String(0).padStart(5)}`,
    `HugePages_Free:    ${String(0).padStart(5)}`,
    `HugePages_Rsvd:    ${String(0).padStart(5)}`,
    `HugePages_Surp:    ${String(0).padStart(5)}`,
    kbLine('Hugepagesize', HUGEPAGE_KB),
    kbLine('Hugetlb', 0),
  ];
  return lines.join('\n') + '\n';
}

const clockTicks = (kernel: Kernel, cycles: number): number => Math.floor(kernel.cyclesToNs(cycles) / (1e9 / USER_HZ));

/** Each hart's user, system and idle cycles up to `now`. */
function hartTimes(kernel: Kernel, now: number): { user: number; system: number; idle: number }[] {
  return kernel.harts.map((_, h) => {
    const { user, system } = kernel.cpuTimes.busy(h);
    return { user, system, idle: Math.max(0, now - user - system) };
  });
}

/** The highest pid or tid handed out so far (pids and tids share one sequence). */
export function lastPid(kernel: Kernel): number {
  let last = 0;
  for (const p of [...kernel.processes.values(), ...kernel.ended]) {
    last = Math.max(last, p.pid);
    for (const t of p.threads) last = Math.max(last, t.tid);
  }
  return last;
}

/** /proc/stat. */
export function statText(kernel: Kernel, reader: Process): string {
  const times = hartTimes(kernel, readerCycles(kernel, reader));
  const cpuLine = (label: string, t: { user: number; system: number; idle: number }) =>
    `${label} ${[t.user, 0, t.system, t.idle, 0, 0, 0, 0, 0, 0].map((c) => clockTicks(kernel, c)).join(' ')}`;
  const sum = times.reduce((a, t) => ({ user: a.user + t.user, system: a.system + t.system, idle: a.idle + t.idle }), { user: 0, system: 0, idle: 0 });
  const blocked = kernel.sleeping.filter((t) => t.waitingFor?.kind === 'disk').length;
  const lines = [
    cpuLine('cpu ', sum),
    ...times.map((t, h) => cpuLine(`cpu${h}`, t)),
    // Interrupts are not counted by the machine: only the total is shown.
    'intr 0',
    `ctxt ${kernel.counters.contextSwitches}`,
    `btime ${BOOT_EPOCH_SECONDS}`,
    `processes ${lastPid(kernel)}`,
    `procs_running ${runningTasks(kernel)}`,
    `procs_blocked ${blocked}`,
    `softirq 0${' 0'.repeat(SOFTIRQS)}`,
  ];
  return lines.join('\n') + '\n';
}

/** Seconds with two decimals, truncated, as uptime's `%lu.%02lu`. */
function centiseconds(ns: number): string {
  const cs = Math.floor(ns / 1e7);
  return `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`;
}

/** /proc/uptime: time since boot, and the idle time of all harts together. */
export function uptimeText(kernel: Kernel, reader: Process): string {
  const now = readerCycles(kernel, reader);
  const idle = hartTimes(kernel, now).reduce((n, t) => n + t.idle, 0);
  return `${centiseconds(kernel.cyclesToNs(now))} ${centiseconds(kernel.cyclesToNs(idle))}\n`;
}

/** /proc/loadavg: the three averages, running/total tasks, and the last pid. */
export function loadavgText(kernel: Kernel): string {
  const show = (load: number) => {
    const rounded = load + FIXED_1 / 200;
    return `${rounded >> FSHIFT}.${String(((rounded & (FIXED_1 - 1)) * 100) >> FSHIFT).padStart(2, '0')}`;
  };
  const [one, five, fifteen] = kernel.loadavg.avenrun.map(show);
  return `${one} ${five} ${fifteen} ${runningTasks(kernel)}/${kernel.tasks} ${lastPid(kernel)}\n`;
}

/** /proc/cpuinfo: one block per hart, as riscv's c_show prints it. */
export function cpuinfoText(kernel: Kernel): string {
  return kernel.harts
    .map((_, h) => [
      `processor\t: ${h}`,
      `hart\t\t: ${h}`,
      'isa\t\t: rv32ima',
      'mmu\t\t: sv32',
      'mvendorid\t: 0x0',
      'marchid\t\t: 0x0',
      'mimpid\t\t: 0x0',
      'hart isa\t: rv32ima',
      '',
    ].join('\n') + '\n')
    .join('');
}

/** /proc/version: linux_proc_banner. */
export function versionText(): string {
  return `${UTSNAME.sysname} version ${UTSNAME.release} (oslab@oslab) (oslab cc) ${UTSNAME.version}\n`;
}

// mangle(): space, tab, newline and backslash in a path become octal escapes.
const mangle = (s: string): string => s.replace(/[ \t\n\\]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));

/** /proc/mounts (and /proc/PID/mounts): device, mountpoint, type, options, and two zeros. */
export function mountsText(kernel: Kernel): string {
  return kernel.vfs.mounts.map((m) => `${mangle(m.source)} ${mangle(m.path)} ${m.sb.type} ${m.options} 0 0\n`).join('');
}

/** /proc/filesystems: the types in use, `nodev` for those without a block device. */
export function filesystemsText(kernel: Kernel): string {
  const types = new Map<string, boolean>();
  for (const m of kernel.vfs.mounts) if (!types.has(m.sb.type)) types.set(m.sb.type, m.sb.dev.major === 0);
  return [...types].map(([type, nodev]) => `${nodev ? 'nodev' : ''}\t${type}\n`).join('');
}
