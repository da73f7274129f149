// `oslab run`: load a program, run it to the end on the simulated machine, and exit with its
// status. Messages from the machine (a killed program, an unimplemented syscall) go to stderr
// prefixed with `oslab:`, so they never mix with the program's own output.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { Machine } from '../sim/machine';
import type { MachineOptions } from '../sim/config';
import { cyclesToNs } from '../sim/cpu/cost';
import { formatMaps } from '../sim/kernel/procfs-format';
import { SyscallTracer } from '../sim/kernel/strace/tracer';
import { buildExecutable, inputKind, type InputFile } from '../sim/toolchain/driver';
import { SIGKILL, signalDescription, signalName } from '../sim/kernel/signal';
import { CliError, durationLabel, parseRunArgs, type RunArgs } from './args';
import { printWarning, readInput } from './cc';
import { buildOptions } from '../host/sysroot';
import { machineFiles } from '../host/machine-files';
import { ProcessConsole, TerminalConsole } from './host-console';
import { formatSummary } from './summary';

export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseRunArgs(argv);
  const options = withHostTty(args.machine);
  const console = process.stdin.isTTY && options.tty?.[0] ? new TerminalConsole() : new ProcessConsole();
  const machine = new Machine(options, console, machineFiles({ workspace: process.cwd(), writeThrough: args.mountRw }));
  const elf = args.machineShell ? machineProgram(machine, args.program) : hostProgram(args.program);
  const toStderr = (text: string) => console.write(2, Buffer.from(text));
  machine.events.subscribe((event) => {
    if (event.kind === 'notice') toStderr(`oslab: ${event.message}\n`);
  });
  const closeTrace = args.trace ? traceTo(machine, args.trace, toStderr) : () => {};
  if (args.maps) printMapsAtExit(machine, toStderr);
  try {
    if (args.machineShell) machine.load(elf, { path: args.program, argv: ['-sh'], envp: LOGIN_ENVIRONMENT });
    else machine.load(elf, { path: args.program, argv: [args.program, ...args.args], envp: [] });
  } catch (error) {
    throw new CliError(`${args.program}: ${(error as Error).message}`);
  }
  const started = performance.now();
  const state = await console.run(machine).finally(closeTrace);
  const wallMs = performance.now() - started;
  const stats = machine.stats();
  if (args.statsFile) writeFileSync(args.statsFile, JSON.stringify(stats, null, 2) + '\n');
  if (args.summary) process.stderr.write(formatSummary(stats, wallMs) + '\n');
  if (state.kind === 'deadlocked') {
    // Linux would wait forever; a program here cannot be woken by anything, so say so and stop.
    toStderr(`oslab: ${args.program}: deadlock: every thread is blocked and nothing can wake them:\n${state.sleepers.map((s) => `  ${s}\n`).join('')}`);
    return 1;
  }
  if (state.kind !== 'halted') throw new CliError(`the machine stopped unexpectedly (${state.kind})`);
  const exit = state.exit;
  if (exit.kind === 'exited') return exit.code;
  if (exit.signal === SIGKILL && hitTimeLimit(machine, args)) {
    toStderr(`oslab: ${args.program}: simulated time limit (${durationLabel(args.machine.maxTimeNs ?? 0)}) reached; every process was killed with SIGKILL\n`);
    return 128 + SIGKILL;
  }
  // No core file is written, so unlike a shell we never say "(core dumped)".
  process.stderr.write(`oslab: ${args.program}: ${signalDescription(exit.signal)} [${signalName(exit.signal)}]${exit.reason ? `: ${exit.reason}` : ''}\n`);
  return 128 + exit.signal;
}

/** What a login shell starts with (a host program gets an empty environment, as qemu's hermetic runs do). */
const LOGIN_ENVIRONMENT = ['HOME=/home/user', 'PATH=/bin:/usr/bin', 'USER=user', 'LOGNAME=user', 'SHELL=/bin/sh', 'TERM=xterm', 'PWD=/workspace'];

function hostProgram(path: string): Uint8Array {
  const input = readInput(path);
  return needsBuilding(path) ? buildForRun(input) : input.bytes;
}

function machineProgram(machine: Machine, path: string): Uint8Array {
  const bytes = machine.readFile(path);
  if (!bytes) throw new CliError(`${path} is missing from the machine (run \`npm run build\` to build the userland)`);
  return bytes;
}

function hitTimeLimit(machine: Machine, args: RunArgs): boolean {
  const limit = args.machine.maxTimeNs;
  return limit !== undefined && limit !== null && machine.simNs() >= limit;
}

// Unless --tty says otherwise, each of the program's fds 0–2 is a terminal exactly when ours is,
// so `oslab run prog | less` buffers stdout as `prog | less` would.
function withHostTty(options: MachineOptions): MachineOptions {
  if (options.tty) return options;
  return { ...options, tty: [process.stdin.isTTY === true, process.stdout.isTTY === true, process.stderr.isTTY === true] };
}

/** Subscribes the strace-style tracer; returns what closes its output. */
function traceTo(machine: Machine, where: NonNullable<RunArgs['trace']>, toStderr: (text: string) => void): () => void {
  let fd: number | null = null;
  if (where !== 'stderr') {
    try {
      fd = openSync(where.file, 'w');
    } catch (error) {
      throw new CliError(`--trace: cannot write ${where.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const out = fd === null ? toStderr : (text: string) => writeSync(fd!, text);
  const tracer = new SyscallTracer((pid, va, length) => machine.readMemory(pid, va, length), {
    cyclesToNs: (cycles) => cyclesToNs(machine.cost, cycles),
    stackPointer: (tid) => machine.threadState(tid)?.regs[2] ?? null,
  });
  const unsubscribe = machine.events.subscribe((event) => {
    for (const line of tracer.lines(event)) out(line + '\n');
  });
  return () => {
    unsubscribe();
    for (const line of tracer.flush()) out(line + '\n');
    if (fd !== null) closeSync(fd);
  };
}

// The exit event comes before the kernel tears the address space down, so the maps are still there.
function printMapsAtExit(machine: Machine, toStderr: (text: string) => void): void {
  machine.events.subscribe((event) => {
    if (event.kind !== 'exit') return;
    const view = machine.processView(event.pid);
    if (view) toStderr(`==> /proc/${event.pid}/maps <==\n${formatMaps(view.vmas)}`);
  });
}

// A C or assembly program is compiled and linked first, with debug info, as `oslab cc -g` would;
// toolchain diagnostics exit 1, as cc's do.
function needsBuilding(path: string): boolean {
  const kind = inputKind(path);
  return kind === 'c' || kind === 'assembly';
}

function buildForRun(input: InputFile): Uint8Array {
  const options = buildOptions({ debug: true, onWarning: printWarning });
  return buildExecutable([input], options).executable;
}
