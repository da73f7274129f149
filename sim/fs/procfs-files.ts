// The text of /proc/PID's files, and of /proc/PID/task/TID's, as Linux's fs/proc/array.c prints
// them: status (task_state, task_mem, task_sig, ...), stat (do_task_stat's 52 fields), statm,
// cmdline and comm. A process's files describe its leader thread plus what the whole thread
// group shares; a task's describe that one thread. Values come from the kernel's state; what
// the machine does not model (swap, huge pages, capabilities) reads 0, as on a Linux without it.

import type { Kernel } from '../kernel/kernel';
import { ttySession } from '../kernel/tty';
import type { Process, Thread } from '../kernel/proc';
import { RLIMIT } from '../kernel/rlimit';
import { SIG_DFL, SIG_IGN } from '../kernel/sigframe';
import { mmCounters, procMm, textAndLib, type MmCounters } from './procfs-mm';
import { PAGE_SIZE } from '../mem/phys';

const PTS0_DEVICE = 136 << 8;

/** What one /proc directory describes: a process (through its leader, `whole`) or one of its threads. */
export interface ProcTask {
  readonly process: Process;
  /** Null for a process without threads (the kernel's init). */
  readonly thread: Thread | null;
  readonly whole: boolean;
}

/** The task /proc/PID shows: the process with its leader thread (tid = pid). */
export function processTask(process: Process): ProcTask {
  return { process, thread: process.threads.find((t) => t.tid === process.pid) ?? null, whole: true };
}

/** Linux's USER_HZ: times in stat are clock ticks of 10 ms. */
const USER_HZ = 100;
/** RLIM_INFINITY as a 32-bit unsigned long. */
const ULONG_MAX = 0xffff_ffff;
/** Linux's CAP_LAST_CAP (40): the bounding set of an unprivileged user holds every capability. */
const CAP_BOUNDING = (1n << 41n) - 1n;
/** PF_EXITING: the task has begun exiting. */
const PF_EXITING = 0x4;
const SCHED_FIFO = 1, SCHED_RR = 2;

/** get_task_state: the letter and word of the task's state. */
export function taskState(task: ProcTask): string {
  const { process, thread } = task;
  if (!process.alive || thread?.state === 'zombie') return 'Z (zombie)';
  // A stopped process's thread asleep in a call stays asleep in the kernel, but Linux would have
  // stopped it there: it shows as T all the same.
  if (process.stopSignal !== 0) return 'T (stopped)';
  switch (thread?.state) {
    case 'running':
    case 'runnable':
      return 'R (running)';
    case 'stopped':
      return 'T (stopped)';
    default:
      return thread?.waitingFor?.kind === 'disk' ? 'D (disk sleep)' : 'S (sleeping)';
  }
}

/** get_nr_threads: a zombie's group still counts its unreleased leader. */
function threadCount(process: Process): number {
  return process.alive ? process.liveThreads.length : 1;
}

const ticks = (kernel: Kernel, cycles: number): number => Math.floor(kernel.cyclesToNs(cycles) / (1e9 / USER_HZ));

const sigset = (set: bigint): string => set.toString(16).padStart(16, '0');

function handledSignals(process: Process): { ignored: bigint; caught: bigint } {
  let ignored = 0n, caught = 0n;
  for (const [signal, action] of process.sigactions) {
    if (action.handler === SIG_IGN) ignored |= 1n << BigInt(signal - 1);
    else if (action.handler !== SIG_DFL) caught |= 1n << BigInt(signal - 1);
  }
  return { ignored, caught };
}

/** SEQ_PUT_DEC: a count of pages as `%8lu kB`. */
const kB = (pages: number): string => `${String(pages * (PAGE_SIZE / 1024)).padStart(8)} kB`;
const kBytes = (bytes: number): string => `${String(Math.floor(bytes / 1024)).padStart(8)} kB`;

// The fd table's size: 32 slots (BITS_PER_LONG) at first, then grown in powers of two of 256
// (1 KiB of 4-byte pointers) to hold the highest descriptor, as alloc_fdtable does.
function fdTableSize(process: Process): number {
  const highest = Math.max(-1, ...process.fds.keys());
  if (highest < 32) return 32;
  let units = 1;
  while (units * 256 <= highest) units *= 2;
  return units * 256;
}

/** A bitmap of the harts as `%*pb` prints a cpumask, and as `%*pbl` (ranges). */
function cpuMask(affinity: number, harts: number): { mask: string; list: string } {
  const allowed = Array.from({ length: harts }, (_, h) => ((affinity >> h) & 1) === 1);
  const mask = allowed.reduce((n, on, h) => (on ? n | (1 << h) : n), 0) >>> 0;
  const ranges: string[] = [];
  for (let h = 0; h < harts; h++) {
    if (!allowed[h]) continue;
    let end = h;
    while (end + 1 < harts && allowed[end + 1]) end++;
    ranges.push(end === h ? `${h}` : `${h}-${end}`);
    h = end;
  }
  return { mask: mask.toString(16), list: ranges.join(',') };
}

// Signals queued for the user (SigQ's first half): every pending one of the user's processes.
function queuedSignals(kernel: Kernel, uid: number): number {
  const count = (set: bigint) => set.toString(2).split('').filter((b) => b === '1').length;
  let n = 0;
  for (const p of kernel.processes.values()) {
    if (p.uid !== uid || !p.alive) continue;
    n += count(p.pendingSignals) + p.threads.reduce((sum, t) => sum + count(t.pendingSignals), 0);
  }
  return n;
}

function statusMemory(mm: MmCounters): string[] {
  const { text, lib } = textAndLib(mm);
  const rss = mm.anon + mm.file + mm.shmem;
  return [
    `VmPeak:\t${kB(mm.totalVm)}`,
    `VmSize:\t${kB(mm.totalVm)}`,
    `VmLck:\t${kB(0)}`,
    `VmPin:\t${kB(0)}`,
    `VmHWM:\t${kB(mm.peakRss)}`,
    `VmRSS:\t${kB(rss)}`,
    `RssAnon:\t${kB(mm.anon)}`,
    `RssFile:\t${kB(mm.file)}`,
    `RssShmem:\t${kB(mm.shmem)}`,
    `VmData:\t${kB(mm.dataVm)}`,
    `VmStk:\t${kB(mm.stackVm)}`,
    `VmExe:\t${kBytes(text)}`,
    `VmLib:\t${kBytes(lib)}`,
    `VmPTE:\t${kBytes(mm.pteBytes)}`,
    `VmSwap:\t${kB(0)}`,
    `HugetlbPages:\t${kB(0)}`,
    'CoreDumping:\t0',
    // riscv32 has no transparent huge pages, and untagged addresses are the whole word.
    'THP_enabled:\t0',
    'untag_mask:\t0xffffffff',
  ];
}

/** /proc/PID/status (proc_pid_status). */
export function statusText(kernel: Kernel, task: ProcTask): string {
  const { process, thread } = task;
  const id = task.whole ? process.pid : thread!.tid;
  const aspace = procMm(process);
  const { ignored, caught } = handledSignals(process);
  const cpus = cpuMask(thread?.sched.affinity ?? 0xff, kernel.harts.length);
  const uid = process.uid, gid = process.gid;
  const lines = [
    `Name:\t${process.comm.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`,
    `Umask:\t${('0' + process.umask.toString(8)).padStart(4, '0')}`,
    `State:\t${taskState(task)}`,
    `Tgid:\t${process.pid}`,
    'Ngid:\t0',
    `Pid:\t${id}`,
    `PPid:\t${process.ppid}`,
    'TracerPid:\t0',
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    `Gid:\t${gid}\t${gid}\t${gid}\t${gid}`,
    `FDSize:\t${fdTableSize(process)}`,
    'Groups:\t ',
    `NStgid:\t${process.pid}`,
    `NSpid:\t${id}`,
    `NSpgid:\t${process.pgid}`,
    `NSsid:\t${process.sid}`,
    'Kthread:\t0',
    ...(aspace ? statusMemory(mmCounters(kernel, aspace)) : []),
    `Threads:\t${threadCount(process)}`,
    `SigQ:\t${queuedSignals(kernel, uid)}/${process.rlimits.soft(RLIMIT.SIGPENDING)}`,
    `SigPnd:\t${sigset(thread?.pendingSignals ?? 0n)}`,
    `ShdPnd:\t${sigset(process.pendingSignals)}`,
    `SigBlk:\t${sigset(thread?.sigmask ?? 0n)}`,
    `SigIgn:\t${sigset(ignored)}`,
    `SigCgt:\t${sigset(caught)}`,
    `CapInh:\t${sigset(0n)}`,
    `CapPrm:\t${sigset(0n)}`,
    `CapEff:\t${sigset(0n)}`,
    `CapBnd:\t${sigset(CAP_BOUNDING)}`,
    `CapAmb:\t${sigset(0n)}`,
    'NoNewPrivs:\t0',
    'Seccomp:\t0',
    'Seccomp_filters:\t0',
    // riscv reports no speculation controls (arch_prctl_spec_ctrl_get gives -EINVAL).
    'Speculation_Store_Bypass:\tunknown',
    'SpeculationIndirectBranch:\tunsupported',
    `Cpus_allowed:\t${cpus.mask}`,
    `Cpus_allowed_list:\t${cpus.list}`,
    'Mems_allowed:\t1',
    'Mems_allowed_list:\t0',
    `voluntary_ctxt_switches:\t${thread?.voluntarySwitches ?? 0}`,
    `nonvoluntary_ctxt_switches:\t${thread?.involuntarySwitches ?? 0}`,
  ];
  return lines.join('\n') + '\n';
}

// The status a zombie's parent would collect (the task's exit_code): the exit code in bits 8-15,
// or the signal with 0x80 for a core dump.
function exitCode(process: Process): number {
  const status = process.exitStatus;
  if (!status) return 0;
  return status.kind === 'exited' ? (status.code & 0xff) << 8 : status.signal | (status.coreDumped ? 0x80 : 0);
}

/** /proc/PID/stat (do_task_stat); `whole` sums the thread group as proc_tgid_stat does. */
export function statText(kernel: Kernel, task: ProcTask): string {
  const { process, thread, whole } = task;
  const aspace = procMm(process);
  const mm = aspace ? mmCounters(kernel, aspace) : null;
  const { ignored, caught } = handledSignals(process);
  const threads = threadCount(process);
  const state = taskState(task);
  const running = state[0] === 'R';
  const sched = thread?.sched;
  const rt = sched && (sched.posixPolicy === SCHED_FIFO || sched.posixPolicy === SCHED_RR);
  const priority = !sched ? 20 : rt ? -1 - sched.rtPriority : 20 + sched.nice;
  const rsslim = process.rlimits.soft(RLIMIT.RSS);
  const low31 = (set: bigint) => Number(set & 0x7fff_ffffn);
  // The console is /dev/pts/0 (new_encode_dev(136, 0)) for the session it belongs to.
  const controlsTerminal = kernel.config.tty[0] && process.sid === ttySession(kernel);
  const fields: (number | string)[] = [
    whole ? process.pid : thread!.tid,
    `(${process.comm})`,
    state[0],
    process.ppid,
    process.pgid,
    process.sid,
    controlsTerminal ? PTS0_DEVICE : 0, // tty_nr
    controlsTerminal ? kernel.tty.pgrp : -1, // tty_pgrp
    process.alive ? 0 : PF_EXITING,
    process.faults.minor,
    0, // cmin_flt: reaped children's faults are not kept
    process.faults.major,
    0, // cmaj_flt
    ticks(kernel, whole ? process.userCycles : (thread?.userCycles ?? 0)),
    ticks(kernel, whole ? process.systemCycles : (thread?.systemCycles ?? 0)),
    ticks(kernel, process.childUserCycles),
    ticks(kernel, process.childSystemCycles),
    priority,
    sched?.nice ?? 0,
    threads,
    0, // itrealvalue, unused since Linux 2.6.17
    ticks(kernel, whole ? process.startCycles : (thread?.createdCycles ?? process.startCycles)),
    mm ? mm.totalVm * PAGE_SIZE : 0,
    mm ? mm.anon + mm.file + mm.shmem : 0,
    Number.isFinite(rsslim) ? rsslim : ULONG_MAX,
    mm ? mm.startCode : 0,
    mm ? mm.endCode : 0,
    0, // startstack: the initial stack pointer is not recorded
    0, // kstkesp and kstkeip: Linux shows them only while the task dumps core
    0,
    low31(thread?.pendingSignals ?? 0n),
    low31(thread?.sigmask ?? 0n),
    low31(ignored),
    low31(caught),
    !whole || threads < 2 ? (running ? 0 : 1) : 0, // wchan: whether the task waits somewhere
    0, // nswap
    0, // cnswap
    whole || thread?.tid === process.pid ? process.exitSignal : -1,
    thread ? (thread.hart >= 0 ? thread.hart : Math.max(0, thread.sched.hart)) : 0,
    sched?.rtPriority ?? 0,
    sched?.posixPolicy ?? 0,
    0, // delayacct_blkio_ticks
    0, // guest_time
    0, // cguest_time
    mm ? mm.startData : 0,
    mm ? mm.endData : 0,
    mm ? process.brkStart : 0,
    0, // arg_start, arg_end, env_start, env_end: not recorded at exec
    0,
    0,
    0,
    exitCode(process),
  ];
  return fields.join(' ') + '\n';
}

/** /proc/PID/statm: size resident shared text lib data dt, in pages. */
export function statmText(kernel: Kernel, process: Process): string {
  const aspace = procMm(process);
  if (!aspace) return '0 0 0 0 0 0 0\n';
  const mm = mmCounters(kernel, aspace);
  const text = (mm.endCode - mm.startCode) / PAGE_SIZE;
  return `${mm.totalVm} ${mm.anon + mm.file + mm.shmem} ${mm.file + mm.shmem} ${text} 0 ${mm.dataVm + mm.stackVm} 0\n`;
}

/** /proc/PID/cmdline: the arguments, each ending in a NUL; empty once the process has no memory. */
export function cmdlineText(process: Process): string {
  return procMm(process) ? process.argv.map((a) => a + '\0').join('') : '';
}

/** /proc/PID/comm. */
export function commText(process: Process): string {
  return process.comm + '\n';
}
