// Reading the booted machine's /proc in the tests as a program's openat and read would reach it:
// path lookup from the root as `reader`, then the file's generated text, or a directory's names;
// and the key lists of Linux's status and meminfo.

import { DirectoryInode, GeneratedInode, type Inode } from '../../sim/fs/inode';
import { resolve } from '../../sim/fs/path';
import type { Kernel } from '../../sim/kernel/kernel';
import type { Process } from '../../sim/kernel/proc';

export function procLookup(kernel: Kernel, reader: Process, path: string, follow = true): Inode {
  const inode = resolve(kernel, reader, kernel.vfs.root, path, follow);
  if (typeof inode === 'number') throw new Error(`${path}: errno ${-inode}`);
  return inode;
}

/** What `reader` would read from `path`. */
export function procRead(kernel: Kernel, reader: Process, path: string): string {
  const inode = procLookup(kernel, reader, path);
  if (!(inode instanceof GeneratedInode)) throw new Error(`${path} is not a /proc file`);
  return new TextDecoder().decode(inode.generate(kernel, reader));
}

/** The names getdents64 would list in the directory at `path`. */
export function procNames(kernel: Kernel, reader: Process, path: string): string[] {
  const dir = procLookup(kernel, reader, path);
  if (!(dir instanceof DirectoryInode)) throw new Error(`${path} is not a directory`);
  return dir.entries().map((e) => e.name);
}

/** A `Name:\tvalue` line's value. */
export const statusField = (text: string, name: string): string | undefined => text.match(new RegExp(`^${name.replace(/[()]/g, '\\$&')}:\\t(.*)$`, 'm'))?.[1];

// Linux 6.18's status on riscv32 (THP and the x86 thread features absent), as the host's own
// /proc/self/status lists them.
export const STATUS_KEYS = [
  'Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups',
  'NStgid', 'NSpid', 'NSpgid', 'NSsid', 'Kthread',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk',
  'VmExe', 'VmLib', 'VmPTE', 'VmSwap', 'HugetlbPages', 'CoreDumping', 'THP_enabled', 'untag_mask',
  'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb',
  'NoNewPrivs', 'Seccomp', 'Seccomp_filters', 'Speculation_Store_Bypass', 'SpeculationIndirectBranch',
  'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed', 'Mems_allowed_list', 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches',
];

// meminfo on riscv32 without swap, zswap, highmem, THP or CMA: the order show_val_kb prints them.
export const MEMINFO_KEYS = [
  'MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'SwapCached', 'Active', 'Inactive', 'Active(anon)',
  'Inactive(anon)', 'Active(file)', 'Inactive(file)', 'Unevictable', 'Mlocked', 'SwapTotal', 'SwapFree', 'Dirty',
  'Writeback', 'AnonPages', 'Mapped', 'Shmem', 'KReclaimable', 'Slab', 'SReclaimable', 'SUnreclaim', 'KernelStack',
  'PageTables', 'SecPageTables', 'NFS_Unstable', 'Bounce', 'WritebackTmp', 'CommitLimit', 'Committed_AS',
  'VmallocTotal', 'VmallocUsed', 'VmallocChunk', 'Percpu', 'Balloon', 'HugePages_Total', 'HugePages_Free',
  'HugePages_Rsvd', 'HugePages_Surp', 'Hugepagesize', 'Hugetlb',
];
