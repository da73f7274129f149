// The machine as plain data: what `Machine.snapshot()` returns and what the debugger, the panels,
// the labs and the CLI read. Everything here is serialisable (numbers, strings, arrays, plain
// objects; no class instances, no typed arrays), so it crosses a webview's postMessage as is.
// Addresses are unsigned numbers; sizes are bytes unless a name says otherwise; times are
// simulated (cycles and nanoseconds of the machine's clock).

import type { SchedPolicy } from './config';
import type { ExitStatus, ThreadState } from './kernel/proc';
import type { MachineEvent, SwitchReason } from './events';
import type { MachineStats } from './stats';
import type { StorageView } from './fs/storage-view';
import type { TlbFlushReason } from './mem/tlb';

export interface MachineSnapshot {
  /** Bumped by the debugger at every stop; panels drop snapshots older than the last they drew. */
  readonly epoch: number;
  readonly cycles: number;
  readonly simNs: number;
  readonly processes: readonly ProcessView[];
  readonly harts: readonly HartView[];
  readonly scheduler: SchedulerView;
  /** Caches every hart shares (L3); each hart's private levels are in its HartView. Empty without caches. */
  readonly sharedCaches: readonly CacheLevelView[];
  /** Frames of physical memory; `pageCacheFrames` of them hold cached file pages. */
  readonly memory: { readonly totalFrames: number; readonly freeFrames: number; readonly pageCacheFrames: number; readonly pageSize: number };
  readonly stats: MachineStats;
  /** The block device under /data, its queue and the page cache of its files (the Storage panel); null without one. */
  readonly storage: StorageView | null;
  /** The terminal fds 0–2 are, or null when they are pipes. */
  readonly terminal: TerminalView | null;
}

/** The terminal (/dev/pts/0): whose it is, who reads it, and how it treats what is typed. */
export interface TerminalView {
  /** The session it controls and that session's foreground process group (0 until first used). */
  readonly session: number;
  readonly foregroundPgid: number;
  /** ICANON (line editing), ECHO, ISIG (^C, ^\, ^Z send signals): off in a program's raw mode. */
  readonly canonical: boolean;
  readonly echo: boolean;
  readonly signals: boolean;
  readonly rows: number;
  readonly cols: number;
}

export type ProcessState = 'running' | 'runnable' | 'sleeping' | 'stopped' | 'zombie';

export interface ProcessView {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  readonly uid: number;
  readonly gid: number;
  /** /proc/PID/comm. */
  readonly comm: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly state: ProcessState;
  readonly exitStatus: ExitStatus | null;
  readonly threads: readonly ThreadView[];
  readonly vmas: readonly VmaView[];
  readonly fds: readonly FdView[];
  readonly rlimits: readonly RlimitView[];
  readonly signals: SignalsView;
  readonly accounting: ProcessAccounting;
  /** Root of the Sv32 page table (satp.PPN) and its ASID. */
  readonly rootPpn: number;
  readonly asid: number;
}

/** A process's signal dispositions and the signals pending for all its threads (names as strace prints them). */
export interface SignalsView {
  readonly handled: readonly { readonly signal: string; readonly handler: number; readonly flags: readonly string[] }[];
  readonly ignored: readonly string[];
  readonly pending: readonly string[];
}

export interface ProcessAccounting {
  /** Simulated time spent in user mode and in the kernel on the process's behalf, summed over threads. */
  readonly userNs: number;
  readonly systemNs: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly cowFaults: number;
  readonly voluntarySwitches: number;
  readonly involuntarySwitches: number;
  /** Resident pages, and the proportional share of shared ones (Pss), in bytes. */
  readonly rss: number;
  readonly pss: number;
}

export interface ThreadView {
  readonly tid: number;
  readonly pid: number;
  readonly state: ThreadState;
  /** Hart running it, or -1. */
  readonly hart: number;
  readonly pc: number;
  /** x0..x31 as unsigned 32-bit values (x0 is always 0): the hart's while it runs, else the saved ones. */
  readonly regs: readonly number[];
  /** What a sleeping thread waits for ("futex 0x…", "waitid", "console input", "sleep until …"). */
  readonly waitingFor: string | null;
  /** Its signal mask, and the signals sent to it alone (tkill, tgkill) still pending. */
  readonly blockedSignals: readonly string[];
  readonly pendingSignals: readonly string[];
  readonly nice: number;
  readonly userNs: number;
  readonly systemNs: number;
  readonly voluntarySwitches: number;
  readonly involuntarySwitches: number;
}

/** One row of /proc/PID/maps, with its /proc/PID/smaps figures. */
export interface VmaView {
  readonly start: number;
  readonly end: number;
  /** As maps prints them: "r-xp", "rw-s". */
  readonly perms: string;
  /** File offset of `start` (0 for anonymous memory). */
  readonly offset: number;
  /** "MAJ:MIN" of the file's device ("00:00" for anonymous memory). */
  readonly dev: string;
  readonly inode: number;
  /** The last column: a path, "[heap]", "[stack]", "[vdso]" or empty. */
  readonly name: string;
  readonly kind: 'text' | 'data' | 'bss' | 'heap' | 'stack' | 'anon' | 'shared-lib' | 'file';
  readonly smaps: SmapsFigures;
}

/** /proc/PID/smaps fields, in bytes. */
export interface SmapsFigures {
  readonly size: number;
  readonly rss: number;
  readonly pss: number;
  readonly sharedClean: number;
  readonly sharedDirty: number;
  readonly privateClean: number;
  readonly privateDirty: number;
  readonly referenced: number;
  readonly anonymous: number;
}

export interface FdView {
  readonly fd: number;
  readonly kind: 'tty' | 'file' | 'pipe' | 'socket' | 'epoll' | 'other';
  /** What it points to, as /proc/PID/fd's link shows it ("/dev/pts/0", "pipe:[12]"). */
  readonly target: string;
  readonly cloexec: boolean;
}

export interface RlimitView {
  /** "NOFILE", "NPROC", "STACK", "AS". */
  readonly resource: string;
  /** null = unlimited. */
  readonly soft: number | null;
  readonly hard: number | null;
}

export interface HartView {
  readonly id: number;
  /** Thread running on it, or null when idle. */
  readonly tid: number | null;
  readonly pid: number | null;
  readonly pc: number;
  /** The instruction at pc, disassembled; null when idle or when pc cannot be read. */
  readonly instruction: { readonly word: number; readonly text: string } | null;
  readonly regs: readonly number[];
  readonly cycles: number;
  readonly instructions: number;
  readonly satp: { readonly rootPpn: number; readonly asid: number };
  readonly tlb: TlbView;
  /** This hart's private levels (L1D, L2); empty without caches. */
  readonly caches: readonly CacheLevelView[];
  /** Its latest lookups (a bounded number), oldest first; empty without caches. */
  readonly recentAccesses: readonly CacheAccessView[];
}

export interface TlbView {
  readonly entries: number;
  readonly ways: number;
  /** Valid entries, most recently used first within a set. */
  readonly valid: readonly TlbEntryView[];
  readonly hits: number;
  readonly misses: number;
  readonly flushes: number;
  readonly evictions: number;
  readonly shootdowns: number;
  /** The TLB's last events (up to 64), oldest first. */
  readonly recent: readonly TlbEventView[];
}

/**
 * Something that happened to a TLB. `seq` numbers a hart's TLB events since boot; `cycles` is
 * the hart's clock (a miss in the middle of a run carries the cycle that run began at).
 */
export type TlbEventView =
  /** A lookup that missed and the walk it caused: the frame it filled, or null when the walk page-faulted. */
  | { readonly kind: 'miss'; readonly seq: number; readonly cycles: number; readonly vpn: number; readonly asid: number; readonly ppn: number | null }
  /** An entry walked again and replaced, for an access it did not allow yet (the first write, which sets D). */
  | { readonly kind: 'refill'; readonly seq: number; readonly cycles: number; readonly vpn: number; readonly asid: number; readonly ppn: number }
  /** The least recently used entry of a full set, dropped for a fill. */
  | { readonly kind: 'eviction'; readonly seq: number; readonly cycles: number; readonly vpn: number; readonly asid: number }
  /** One page dropped on the kernel's word: munmap, mprotect, mremap or a copy-on-write split. */
  | { readonly kind: 'shootdown'; readonly seq: number; readonly cycles: number; readonly vpn: number; readonly asid: number }
  /** Many entries dropped at once: every address space's (`asid` null) or one's, and why. */
  | { readonly kind: 'flush'; readonly seq: number; readonly cycles: number; readonly reason: TlbFlushReason; readonly asid: number | null; readonly dropped: number };

export interface TlbEntryView {
  readonly set: number;
  readonly way: number;
  readonly vpn: number;
  readonly ppn: number;
  readonly asid: number;
  /** The PTE's V R W X U G A D bits as filled. */
  readonly flags: number;
}

/** A level holding at most this many lines has its contents in its view; a larger one has too many to draw. */
export const CACHE_LINES_SHOWN = 1024;

export interface CacheLevelView {
  readonly name: string;
  readonly sizeBytes: number;
  readonly sets: number;
  readonly ways: number;
  readonly lineBytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly writebacks: number;
  /**
   * Every set's ways (`contents[set][way]`, null for an empty way), when the level holds at most
   * CACHE_LINES_SHOWN lines; null for a larger level.
   */
  readonly contents: readonly (readonly (CacheWayView | null)[])[] | null;
}

export interface CacheWayView {
  /** The physical address the line starts at, and its tag: that address above the set-index bits. */
  readonly address: number;
  readonly tag: number;
  readonly dirty: boolean;
  /** 0 for the set's most recently used line, up to ways − 1 for the least (the next victim). */
  readonly lruRank: number;
}

/**
 * One lookup a hart made: the physical address of the line, the level that served it, and how
 * many accesses to the same line came right after it (L1 hits, not looked up again).
 */
export interface CacheAccessView {
  readonly lineAddress: number;
  /** 0 L1D, 1 L2, 2 L3, 3 memory: everything above `servedBy` missed. */
  readonly servedBy: 0 | 1 | 2 | 3;
  readonly repeats: number;
}

export interface SchedulerView {
  readonly policy: SchedPolicy;
  readonly sliceNs: number;
  /** Runnable threads waiting on each hart's queue, in the order the policy would take them. */
  readonly runQueues: readonly (readonly number[])[];
  /** Recent switches, oldest first (bounded). */
  readonly switches: readonly SwitchView[];
}

export interface SwitchView {
  readonly cycles: number;
  readonly hart: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly reason: SwitchReason;
}

/**
 * A process's Sv32 page table for the Page Table panel: each valid root entry (`index` = VPN[1])
 * with its level-1 table's frame and the resident leaves in it.
 */
export interface PageTableView {
  readonly pid: number;
  readonly rootPpn: number;
  /** Each distinct list of other processes sharing frames with this one (see PteView.sharers). */
  readonly sharerSets: readonly (readonly number[])[];
  readonly tables: readonly {
    readonly index: number;
    readonly ppn: number;
    readonly leaves: readonly PteView[];
  }[];
}

export interface PteView {
  /** Virtual page number (va >>> 12) this leaf maps. */
  readonly vpn: number;
  readonly ppn: number;
  /** Bits 0–9: V R W X U G A D and the two RSW bits (bit 8 marks copy-on-write, bit 9 a resident page of a PROT_NONE mapping, V clear). */
  readonly flags: number;
  readonly cow: boolean;
  /** The frame's reference count: its mappings plus the page cache's or a shared object's hold. */
  readonly refcount: number;
  /** How many address spaces map the frame (what Pss divides by). */
  readonly mapcount: number;
  /** Whether the page cache holds the frame (a clean page of a mapped file). */
  readonly cached: boolean;
  /** Which of the view's `sharerSets` maps the same frame from another address space; -1 when none does. */
  readonly sharers: number;
}

/** The processes (pids, ascending) sharing a leaf's frame from other address spaces: none for a private page. */
export function sharersOf(view: PageTableView, leaf: PteView): readonly number[] {
  return leaf.sharers < 0 ? [] : (view.sharerSets[leaf.sharers] ?? []);
}

export type { MachineEvent, TlbFlushReason };
