// Runs an ELF in-process on a fresh Machine and collects what a test compares: output, exit
// status and statistics.

import { readFileSync } from 'node:fs';
import { BufferConsole } from '../../sim/console';
import type { MachineOptions } from '../../sim/config';
import { Machine } from '../../sim/machine';
import type { ExitStatus } from '../../sim/kernel/proc';
import type { MachineStats } from '../../sim/stats';

export interface InProcessRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: ExitStatus;
  readonly stats: MachineStats;
}

export async function runInProcess(elfPath: string, options: MachineOptions = {}, argv: string[] = [], stdin = ''): Promise<InProcessRun> {
  const console = new BufferConsole(stdin);
  const machine = new Machine(options, console);
  machine.load(readFileSync(elfPath), { path: elfPath, argv: [elfPath, ...argv] });
  const state = await machine.run();
  if (state.kind !== 'halted') throw new Error(`run did not halt: ${state.kind}`);
  return { stdout: console.text(1), stderr: console.text(2), exit: state.exit, stats: machine.stats() };
}
