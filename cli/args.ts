// Command-line parsing for `oslab run`: options come before the program, everything after the
// program is its argv. Every mistake becomes a UsageError with one clear line.

import { DEFAULT_CACHES, DISK_KINDS, SCHED_POLICIES, type Engine, type MachineOptions, type SchedPolicy } from '../sim/config';
import type { DiskKind } from '../sim/fs/blockdev';

export class UsageError extends Error {}

/** The program `oslab run` starts when given none: the machine's shell, from its /bin. */
export const SHELL = '/bin/sh';

/** A problem that is not the user's command line (a missing file, a machine that stopped): one line, exit 2. */
export class CliError extends Error {}

export interface RunArgs {
  /** A file on the host, or (when `machineShell`) the shell's path inside the machine. */
  readonly program: string;
  /** No program was given: run the machine's own /bin/sh. */
  readonly machineShell: boolean;
  readonly args: readonly string[];
  readonly statsFile: string | null;
  readonly summary: boolean;
  /** Where `--trace` writes strace lines: 'stderr', a file path, or null when not tracing. */
  readonly trace: 'stderr' | { readonly file: string } | null;
  /** `--maps`: print each process's /proc/PID/maps to stderr when it exits. */
  readonly maps: boolean;
  /** `--mount-rw`: the machine's writes under /workspace reach the real folder. */
  readonly mountRw: boolean;
  /** Machine options from the command line; `tty` is absent unless `--tty` forced it. */
  readonly machine: MachineOptions;
}

type Setter = (value: string, into: Mutable) => void;
interface Mutable {
  statsFile: string | null;
  summary: boolean;
  trace: RunArgs['trace'];
  maps: boolean;
  mountRw: boolean;
  machine: { -readonly [K in keyof MachineOptions]: MachineOptions[K] };
}

const integer = (flag: string, value: string, min: number, max: number): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} needs an integer from ${min} to ${max}, got '${value}'`);
  return n;
};

const onOff = (flag: string, value: string): boolean => {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new UsageError(`${flag} needs 'on' or 'off', got '${value}'`);
};

const VALUE_OPTIONS: Record<string, Setter> = {
  '--stats': (v, o) => (o.statsFile = v),
  '--cores': (v, o) => (o.machine.cores = integer('--cores', v, 1, 8)),
  '--memory': (v, o) => (o.machine.memoryMiB = integer('--memory', v, 4, 2048)),
  '--tlb': (v, o) => (o.machine.tlb = { ...o.machine.tlb, entries: powerOfTwo('--tlb', v) }),
  '--tlb-ways': (v, o) => (o.machine.tlb = { ...o.machine.tlb, ways: powerOfTwo('--tlb-ways', v) }),
  '--asid': (v, o) => (o.machine.asid = onOff('--asid', v)),
  '--caches': (v, o) => (o.machine.caches = onOff('--caches', v) ? DEFAULT_CACHES : null),
  '--seed': (v, o) => (o.machine.seed = integer('--seed', v, 0, 2 ** 32 - 1)),
  '--max-instructions': (v, o) => (o.machine.maxInstructions = integer('--max-instructions', v, 1, Number.MAX_SAFE_INTEGER)),
  '--engine': (v, o) => (o.machine.engine = engine(v)),
  '--sched': (v, o) => (o.machine.sched = schedPolicy(v)),
  '--timeslice': (v, o) => (o.machine.sliceNs = positiveDuration('--timeslice', v)),
  '--switch-cost': (v, o) => (o.machine.costs = { ...o.machine.costs, contextSwitchNs: parseDuration('--switch-cost', v) }),
  '--max-time': (v, o) => (o.machine.maxTimeNs = positiveDuration('--max-time', v)),
  '--disk': (v, o) => (o.machine.disk = disk(v)),
};

const FLAG_OPTIONS: Record<string, (o: Mutable) => void> = {
  '--summary': (o) => (o.summary = true),
  '--trace': (o) => (o.trace = 'stderr'),
  '--maps': (o) => (o.maps = true),
  '--mount-rw': (o) => (o.mountRw = true),
  '--tty': (o) => (o.machine.tty = [true, true, true]),
};

// Options whose value may only be attached with '=' (`--trace=FILE`): a separate word after
// them would be taken for the program.
const INLINE_VALUE_OPTIONS: Record<string, Setter> = {
  '--trace': (v, o) => {
    if (v === '') throw new UsageError('--trace= needs a file name (or use --trace alone for stderr)');
    o.trace = { file: v };
  },
};

function schedPolicy(value: string): SchedPolicy {
  const policy = SCHED_POLICIES.find((p) => p === value);
  if (policy === undefined) throw new UsageError(`--sched needs one of ${SCHED_POLICIES.join(', ')}, got '${value}'`);
  return policy;
}

const DURATION_UNITS_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/**
 * A simulated duration in nanoseconds: a number with a unit (3s, 250ms, 10us, 1500ns); a bare
 * number means milliseconds, the unit time slices are usually quoted in.
 */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)?$/.exec(value.trim());
  const ns = match ? Math.round(Number(match[1]) * DURATION_UNITS_NS[match[2] ?? 'ms']) : NaN;
  if (!Number.isSafeInteger(ns)) throw new UsageError(`${flag}: '${value}' is not a duration (examples: 3s, 250ms, 10us)`);
  return ns;
}

function positiveDuration(flag: string, value: string): number {
  const ns = parseDuration(flag, value);
  if (ns === 0) throw new UsageError(`${flag}: the duration must be greater than zero, got '${value}'`);
  return ns;
}

/** A duration in the largest unit that shows it exactly: 3s, 250ms, 10us, 1500ns. */
export function durationLabel(ns: number): string {
  for (const [unit, size] of [['s', 1e9], ['ms', 1e6], ['us', 1e3]] as const) {
    if (ns >= size && ns % size === 0) return `${ns / size}${unit}`;
  }
  return `${ns}ns`;
}

function disk(value: string): DiskKind {
  const kind = DISK_KINDS.find((k) => k === value);
  if (kind === undefined) throw new UsageError(`--disk needs one of ${DISK_KINDS.join(', ')}, got '${value}'`);
  return kind;
}

function engine(value: string): Engine {
  if (value === 'blocks' || value === 'interpreter') return value;
  throw new UsageError(`--engine needs 'blocks' or 'interpreter', got '${value}'`);
}

function powerOfTwo(flag: string, value: string): number {
  const n = integer(flag, value, 1, 4096);
  if ((n & (n - 1)) !== 0) throw new UsageError(`${flag} needs a power of two, got ${n}`);
  return n;
}

export function parseRunArgs(argv: readonly string[]): RunArgs {
  const out: Mutable = { statsFile: null, summary: false, trace: null, maps: false, mountRw: false, machine: {} };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('--')) break;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (FLAG_OPTIONS[flag] && inline === undefined) {
      FLAG_OPTIONS[flag](out);
      continue;
    }
    if (INLINE_VALUE_OPTIONS[flag] && inline !== undefined) {
      INLINE_VALUE_OPTIONS[flag](inline, out);
      continue;
    }
    if (FLAG_OPTIONS[flag]) throw new UsageError(`${flag} takes no value, got '${arg}'`);
    const set = VALUE_OPTIONS[flag];
    if (!set) throw new UsageError(`unknown option '${flag}' (see oslab run --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    set(value, out);
  }
  // No program: the machine's own shell, on the terminal (as `oslab shell`).
  const program = argv[i] ?? SHELL;
  return { program, machineShell: argv[i] === undefined, args: argv.slice(i + 1), statsFile: out.statsFile, summary: out.summary, trace: out.trace, maps: out.maps, mountRw: out.mountRw, machine: out.machine };
}

export const RUN_HELP = `usage: oslab run [options] [PROGRAM [args...]]

Runs a static RV32IMA Linux ELF on the simulated machine (with no PROGRAM, or as
\`oslab shell\`, the machine's own /bin/sh on the terminal). A C (.c) or assembly (.s)
PROGRAM is first compiled with -g and linked with oslab's libc, as \`oslab cc\` would.
Options come before the program; everything after it is the program's argv. The
program's stdout and stderr are oslab's, and so is its exit status (128+N when a
signal N killed it).

options:
  --trace[=FILE]           print every system call, signal and exit as strace -f -T would
                           ([pid TID] call(args) = result <simulated seconds>) to stderr, or to
                           FILE (attached with '=': a separate word would be the program)
  --maps                   when each process exits, print its /proc/PID/maps to stderr under a
                           '==> /proc/PID/maps <==' header
  --stats FILE             write run statistics as JSON to FILE
  --summary                print a short human summary to stderr at the end
  --cores N                harts, 1 to 8 (default 2)
  --memory MiB             physical memory, 4 to 2048 (default 128)
  --tlb ENTRIES            TLB entries per hart, a power of two (default 64)
  --tlb-ways N             TLB associativity (default 4)
  --asid on|off            tag TLB entries with ASIDs instead of flushing on switches (default on)
  --caches on|off          model L1/L2/L3 caches (default off)
  --seed N                 seed of the machine's randomness (default 1)
  --max-instructions N     kill the run with SIGKILL after N instructions
  --max-time DURATION      kill the run with SIGKILL after DURATION of simulated time (status 137)
  --sched rr|fcfs|sjf|cfs  scheduling policy: round robin, first come first served, shortest job
                           first, or Linux's completely fair scheduler (default cfs)
  --timeslice DURATION     the scheduler's time slice (default 1ms)
  --switch-cost DURATION   simulated cost of one context switch, 0 allowed (default 1500ns)
  --disk ssd|hdd           the block device under /data: an SSD (4096-byte sectors, an FTL,
                           ~25 µs reads, 150 µs writes) or an HDD (512-byte logical sectors on
                           4096-byte physical ones, seek + rotation + transfer) (default ssd)
  --mount-rw               let the program's changes under /workspace (this folder, as the machine
                           sees it) reach the real files; by default they stay in the machine
  --tty                    fds 0, 1 and 2 are a terminal (isatty is true, stdout is line buffered);
                           by default each is a terminal exactly when oslab's own fd is one
  --engine blocks|interpreter
                           how the host runs guest code: compiled hot blocks (default) or the
                           reference interpreter only; results are identical, speed is not

A DURATION is a number with a unit: ns, us, ms or s (3s, 250ms, 10us, 1500ns); a bare number
means milliseconds. Simulated time is the machine's clock, not the host's.
`;
