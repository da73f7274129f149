// Runs a C program on a fresh Machine for the kernel's end-to-end tests and hands back what they
// judge: the output, how the run ended, the statistics, the events asked for, and the machine
// itself (its process table stays inspectable after the run). Programs are built by oslab's own
// compiler against oslab's libc and cached in test/.build/kernel/ by the hash of their source
// and of the libc build, so parallel test files and repeated runs build each program once.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { MachineOptions } from '../../sim/config';
import { BufferConsole } from '../../sim/console';
import type { EventKind, MachineEvent } from '../../sim/events';
import type { ExitStatus } from '../../sim/kernel/proc';
import { Machine, type MachineFiles, type RunState } from '../../sim/machine';
import type { MachineStats } from '../../sim/stats';
import { buildExecutable } from '../../sim/toolchain/driver';
import { libcBuildOptions, testLibc } from './libc';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'kernel');
const buildDir = join(root, 'test', '.build', 'kernel');

export interface KernelRunOptions {
  readonly machine?: MachineOptions;
  /** Arguments after argv[0]. */
  readonly args?: readonly string[];
  readonly stdin?: string;
  /** Event kinds to collect, in the order the machine sends them; none by default. */
  readonly events?: readonly EventKind[];
  /** Called on every event as it happens, while the kernel's state is the one the event describes. */
  readonly onEvent?: (event: MachineEvent, machine: Machine) => void;
  /** What the host puts in the machine's file tree (a workspace, programs in /bin). */
  readonly files?: MachineFiles;
  /** The program's working directory (default: /workspace when one is mounted, else /home/user). */
  readonly cwd?: string;
}

export interface KernelRun {
  readonly stdout: string;
  readonly stderr: string;
  /** How the run stopped: 'halted' when the first program ended, or 'deadlocked', 'waiting-input'... */
  readonly state: RunState;
  /** The first program's exit status (null if the run stopped before it ended). */
  readonly exit: ExitStatus | null;
  readonly stats: MachineStats;
  readonly events: readonly MachineEvent[];
  readonly machine: Machine;
}

/**
 * The executable for `program`: a file name under test/fixtures/kernel/ ("race" or "race.c"),
 * or a path relative to the repository root ("examples/course/fork-demo.c").
 */
export function kernelProgram(program: string): Uint8Array {
  const source = sourcePath(program);
  const bytes = readFileSync(source);
  const hash = createHash('sha256').update(bytes).update(testLibc().dir).digest('hex').slice(0, 16);
  const elf = join(buildDir, `${basename(source, '.c')}-${hash}`);
  if (existsSync(elf)) return readFileSync(elf);
  const { executable } = buildExecutable([{ path: source, bytes }], libcBuildOptions());
  mkdirSync(buildDir, { recursive: true });
  // Written aside then renamed: another test worker may be building the same program.
  const scratch = `${elf}.${process.pid}.tmp`;
  writeFileSync(scratch, executable);
  renameSync(scratch, elf);
  return executable;
}

/** Builds `program` (see kernelProgram) and runs it to its end on a new machine. */
export async function runKernelProgram(program: string, options: KernelRunOptions = {}): Promise<KernelRun> {
  const elf = kernelProgram(program);
  const console = new BufferConsole(options.stdin ?? '');
  const machine = new Machine(options.machine ?? {}, console, options.files);
  const events: MachineEvent[] = [];
  const wanted = new Set(options.events ?? []);
  // Subscribed before load: loading sends the first program's own 'process' event.
  const unsubscribe = machine.events.subscribe((event) => {
    if (wanted.has(event.kind)) events.push(event);
    options.onEvent?.(event, machine);
  });
  const path = `/bin/${basename(program, '.c')}`;
  machine.load(elf, { path, argv: [path, ...(options.args ?? [])], cwd: options.cwd });
  let state: RunState;
  try {
    state = await machine.run();
  } finally {
    unsubscribe();
  }
  return { stdout: console.text(1), stderr: console.text(2), state, exit: machine.exitStatus, stats: machine.stats(), events, machine };
}

function sourcePath(program: string): string {
  if (program.includes('/')) return isAbsolute(program) ? program : join(root, program);
  return join(fixtures, program.endsWith('.c') ? program : `${program}.c`);
}

/** The events of one kind, typed. */
export function eventsOf<K extends EventKind>(run: KernelRun, kind: K): Extract<MachineEvent, { kind: K }>[] {
  return run.events.filter((e): e is Extract<MachineEvent, { kind: K }> => e.kind === kind);
}
