// Runs a /bin program on a fresh oslab machine whose /bin holds the programs of a userland
// build (as the host installs dist/sysroot/bin), for the on-machine tests.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BufferConsole } from '../../sim/console';
import type { MachineOptions } from '../../sim/config';
import type { ExitStatus } from '../../sim/kernel/proc';
import { Machine } from '../../sim/machine';

export interface MachineRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: ExitStatus;
}

/**
 * Runs /bin/`program` on a fresh oslab machine whose /bin holds every program of `binDir`
 * (as the host installs dist/sysroot/bin), with `argv` after the name and `stdin` as input.
 */
export async function runOnMachine(binDir: string, program: string, argv: readonly string[] = [], stdin = '', options: MachineOptions = {}): Promise<MachineRun> {
  const install = new Map<string, Uint8Array>();
  for (const name of readdirSync(binDir)) install.set(`/bin/${name}`, readFileSync(join(binDir, name)));
  const console = new BufferConsole(stdin);
  const machine = new Machine(options, console, { install });
  machine.load(readFileSync(join(binDir, program)), { path: `/bin/${program}`, argv: [program, ...argv] });
  const state = await machine.run();
  if (state.kind !== 'halted') throw new Error(`run did not halt: ${state.kind}`);
  return { stdout: console.text(1), stderr: console.text(2), exit: state.exit };
}
