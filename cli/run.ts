// `oslab run`: load a program, run it to the end on the simulated machine, and exit with its
// status. Messages from the machine (a killed program, an unimplemented syscall) go to stderr
// prefixed with `oslab:`, so they never mix with the program's own output.

import { writeFileSync } from 'node:fs';
import { Machine } from '../sim/machine';
import { buildExecutable, inputKind, type InputFile } from '../sim/toolchain/driver';
import { signalDescription, signalName } from '../sim/kernel/signal';
import { CliError, parseRunArgs } from './args';
import { buildOptions, readInput } from './cc';
import { ProcessConsole } from './host-console';
import { formatSummary } from './summary';

export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseRunArgs(argv);
  const input = readInput(args.program);
  const elf = needsBuilding(args.program) ? buildForRun(input) : input.bytes;
  const console = new ProcessConsole();
  const machine = new Machine(args.machine, console);
  machine.events.subscribe((event) => {
    if (event.kind === 'notice') process.stderr.write(`oslab: ${event.message}\n`);
  });
  try {
    machine.load(elf, { path: args.program, argv: [args.program, ...args.args], envp: [] });
  } catch (error) {
    throw new CliError(`${args.program}: ${(error as Error).message}`);
  }
  const started = performance.now();
  const state = await machine.run();
  const wallMs = performance.now() - started;
  const stats = machine.stats();
  if (args.statsFile) writeFileSync(args.statsFile, JSON.stringify(stats, null, 2) + '\n');
  if (args.summary) process.stderr.write(formatSummary(stats, wallMs) + '\n');
  if (state.kind !== 'halted') throw new CliError(`the machine stopped unexpectedly (${state.kind})`);
  const exit = state.exit;
  if (exit.kind === 'exited') return exit.code;
  // No core file is written, so unlike a shell we never say "(core dumped)".
  process.stderr.write(`oslab: ${args.program}: ${signalDescription(exit.signal)} [${signalName(exit.signal)}]${exit.reason ? `: ${exit.reason}` : ''}\n`);
  return 128 + exit.signal;
}

// A C or assembly program is compiled and linked first, with debug info, as `oslab cc -g` would;
// toolchain diagnostics exit 1, as cc's do.
function needsBuilding(path: string): boolean {
  const kind = inputKind(path);
  return kind === 'c' || kind === 'assembly';
}

function buildForRun(input: InputFile): Uint8Array {
  const options = buildOptions({ debug: true, nostdlib: false, warnings: true, includeDirs: [], defines: [], undefines: [] });
  return buildExecutable([input], options).executable;
}
