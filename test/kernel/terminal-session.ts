// A program on the machine's terminal, driven as a person at a keyboard would: the test types
// raw bytes (keys, ^C, ^Z, Enter as "\r") when it likes, and reads the screen — the program's
// output and the kernel's echo, as the terminal receives them ("\r\n" line ends). Typed bytes
// reach the kernel at once (Machine.consoleReadable), whether or not anything reads them.

import type { HostConsole } from '../../sim/console';
import type { MachineOptions } from '../../sim/config';
import { Machine, type RunState } from '../../sim/machine';
import { kernelProgram } from '../support/kernel-run';

export class TerminalSession implements HostConsole {
  readonly machine: Machine;
  private readonly screen: number[] = [];
  private seen = 0;
  private typed: number[] = [];
  private closed = false;

  constructor(program: string, args: readonly string[] = [], options: MachineOptions = {}) {
    this.machine = new Machine({ tty: [true, true, true], ...options }, this);
    this.machine.load(kernelProgram(program), { path: `/bin/${program}`, argv: [program, ...args] });
  }

  write(_fd: 1 | 2, bytes: Uint8Array): void {
    this.screen.push(...bytes);
  }

  read(max: number): Uint8Array | null {
    if (this.typed.length > 0) return Uint8Array.from(this.typed.splice(0, max));
    return this.closed ? new Uint8Array(0) : null;
  }

  /** Runs until every thread waits for input, or the run ends; returns how it stopped. */
  settle(): RunState {
    let state: RunState;
    do state = this.machine.runSlice();
    while (state.kind === 'running');
    return state;
  }

  /** Runs about `cycles` more simulated cycles (the program may be computing, not reading). */
  run(cycles: number): RunState {
    return this.machine.runSlice(cycles);
  }

  /** Types `keys` (delivered to the kernel at once), then settles. */
  type(keys: string): RunState {
    this.typed.push(...new TextEncoder().encode(keys));
    this.machine.consoleReadable();
    return this.settle();
  }

  /** The terminal goes away: reads see end of file. */
  hangUp(): RunState {
    this.closed = true;
    this.machine.consoleReadable();
    return this.settle();
  }

  /** Everything shown on the screen so far. */
  get text(): string {
    return new TextDecoder().decode(Uint8Array.from(this.screen));
  }

  /** What the screen got since the last call. */
  takeNew(): string {
    const text = new TextDecoder().decode(Uint8Array.from(this.screen.slice(this.seen)));
    this.seen = this.screen.length;
    return text;
  }
}
