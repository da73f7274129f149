// The kernel's part of the bench (host wall time, never simulated time): forking a process that
// has 64 MiB resident (target < 5 ms: fork shares frames, it copies none), 1,000 processes alive
// at once, and the host cost of one context switch (target < 2 µs). The programs are C, built
// with oslab's own compiler and libc as a user's would be.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferConsole } from '../sim/console';
import type { MachineOptions } from '../sim/config';
import { Machine } from '../sim/machine';
import type { MachineEvent } from '../sim/events';
import { buildExecutable, type BuildOptions } from '../sim/toolchain/driver';
import { diskHost, loadSysroot } from '../host/sysroot';
import { fmtFixed, fmtInt, type Table } from './report';
import { programDir } from './build';

export interface KernelTimings {
  readonly forkMs: number[];
  readonly manyProcesses: { readonly count: number; readonly peakAlive: number; readonly wallMs: number };
  readonly switchUs: number;
  readonly switches: number;
}

export function benchKernel(sysrootDir: string, quick: boolean, problems: string[]): { timings: KernelTimings; table: Table } {
  const options: BuildOptions = { host: diskHost, sysroot: loadSysroot(sysrootDir) };
  const build = (name: string) => {
    const path = join(programDir, 'kernel', `${name}.c`);
    return buildExecutable([{ path, bytes: readFileSync(path) }], options).executable;
  };

  const forkElf = build('fork64');
  const forkMs: number[] = [];
  for (let i = 0; i < (quick ? 1 : 5); i++) forkMs.push(timeFork(forkElf, problems));

  const count = quick ? 200 : 1000;
  const many = runMany(build('many'), count, problems);

  const rounds = quick ? 20_000 : 200_000;
  const yieldElf = build('yield');
  runWith(yieldElf, ['yield', String(rounds / 10)], { cores: 1 }, () => undefined, problems); // warm-up: JIT the switch path
  const yielding = runWith(yieldElf, ['yield', String(rounds)], { cores: 1 }, () => undefined, problems);
  const switches = yielding.machine.stats().kernel.contextSwitches;
  const switchUs = (yielding.wallMs * 1000) / switches;

  const bestFork = Math.min(...forkMs);
  const table: Table = {
    title: 'Kernel: host wall time of fork, many processes and context switches',
    head: ['what', 'measured', 'target', ''],
    align: ['left', 'right', 'right', 'left'],
    rows: [
      ['fork of a process with 64 MiB resident (--memory 256), best', `${fmtFixed(bestFork, 2)} ms`, '< 5 ms', bestFork < 5 ? '✓' : '✗'],
      [`${fmtInt(count)} processes alive at once: whole run`, `${fmtFixed(many.wallMs, 0)} ms`, '', many.peakAlive >= count ? `✓ ${fmtInt(many.peakAlive)} alive` : `✗ only ${many.peakAlive}`],
      [`context switch (sched_yield ping-pong, ${fmtInt(switches)} switches)`, `${fmtFixed(switchUs, 2)} µs`, '< 2 µs', switchUs < 2 ? '✓' : '✗'],
    ],
    notes: [
      `fork runs: ${forkMs.map((m) => fmtFixed(m, 2)).join(' / ')} ms (host time from the marker syscall before fork to clone's return).`,
      'The switch figure includes the sched_yield syscall around each switch.',
    ],
  };
  return { timings: { forkMs, manyProcesses: { count, ...many }, switchUs, switches }, table };
}

/** Host ms between the getppid() just before fork and the parent's return from clone. */
function timeFork(elf: Uint8Array, problems: string[]): number {
  let marked = 0;
  let forkMs = NaN;
  runWith(elf, ['fork64'], { memoryMiB: 256 }, (event) => {
    if (event.kind !== 'syscall' || event.pid !== 2) return;
    if (event.name === 'getppid') marked = performance.now();
    else if (event.name === 'clone' && marked > 0 && Number.isNaN(forkMs)) forkMs = performance.now() - marked;
  }, problems);
  return forkMs;
}

function runMany(elf: Uint8Array, count: number, problems: string[]): { peakAlive: number; wallMs: number } {
  let alive = 0;
  let peakAlive = 0;
  const run = runWith(elf, ['many', String(count)], { memoryMiB: 256 }, (event) => {
    if (event.kind === 'process') peakAlive = Math.max(peakAlive, ++alive - 1);
    else if (event.kind === 'exit') alive--;
  }, problems);
  return { peakAlive, wallMs: run.wallMs };
}

function runWith(elf: Uint8Array, argv: string[], options: MachineOptions, listen: (event: MachineEvent) => void, problems: string[]): { machine: Machine; wallMs: number } {
  const machine = new Machine(options, new BufferConsole());
  machine.events.subscribe(listen);
  machine.load(elf, { path: `/bench/${argv[0]}`, argv });
  const started = performance.now();
  let state = machine.runSlice(Number.MAX_SAFE_INTEGER);
  while (state.kind === 'running') state = machine.runSlice(Number.MAX_SAFE_INTEGER);
  const wallMs = performance.now() - started;
  if (state.kind !== 'halted' || state.exit.kind !== 'exited' || state.exit.code !== 0) problems.push(`kernel bench ${argv[0]}: ended with ${JSON.stringify(state)}`);
  return { machine, wallMs };
}
