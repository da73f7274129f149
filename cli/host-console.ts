// The terminal of `oslab run`: the program's fds 0–2 are ours. Writes are synchronous so output
// interleaves exactly as the program wrote it. When our stdin is a terminal, the machine's tty
// does what a tty does (echo, line editing, ^C): our keyboard is put in raw mode and each key
// reaches the machine as it is typed, even while the program computes; otherwise reads block on
// our stdin, a pipe or a file.

import { readSync, writeSync } from 'node:fs';
import type { HostConsole } from '../sim/console';
import type { Machine, RunState } from '../sim/machine';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class ProcessConsole implements HostConsole {
  private eof = false;

  write(fd: 1 | 2, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 5);
        else if (code === 'EPIPE') return;
        else throw error;
      }
    }
  }

  read(max: number): Uint8Array | null {
    if (this.eof) return new Uint8Array(0);
    const buffer = new Uint8Array(Math.min(max, 65536));
    for (;;) {
      try {
        const n = readSync(0, buffer, 0, buffer.length, null);
        if (n === 0) this.eof = true;
        return buffer.subarray(0, n);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(sleeper, 0, 0, 5);
        else if (code === 'EOF') return new Uint8Array(0);
        else throw error;
      }
    }
  }

  /** Runs the machine until it halts (or stops for another reason). */
  run(machine: Machine): Promise<RunState> {
    return machine.run();
  }
}

/** Our stdin is a terminal: keys go to the machine's tty raw, as they come. */
export class TerminalConsole extends ProcessConsole {
  private typed: number[] = [];
  private ended = false;
  private keyTyped: (() => void) | null = null;

  override read(max: number): Uint8Array | null {
    if (this.typed.length > 0) return Uint8Array.from(this.typed.splice(0, max));
    return this.ended ? new Uint8Array(0) : null;
  }

  /** Runs the machine with our keyboard raw, waiting for a key whenever every thread waits for one; restores the keyboard at the end. */
  override async run(machine: Machine): Promise<RunState> {
    const stdin = process.stdin;
    const restore = () => stdin.isTTY && stdin.setRawMode(false);
    const onKeys = (chunk: Buffer) => {
      for (const byte of chunk) this.typed.push(byte);
      machine.consoleReadable(); // between two slices of the run: ^C acts at once
      this.keyTyped?.();
    };
    const onEnd = () => {
      this.ended = true;
      machine.consoleReadable();
      this.keyTyped?.();
    };
    stdin.setRawMode(true);
    process.on('exit', restore);
    stdin.on('data', onKeys);
    stdin.on('end', onEnd);
    try {
      for (;;) {
        const state = await machine.run();
        if (state.kind !== 'waiting-input') return state;
        if (this.typed.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.keyTyped = resolve));
        this.keyTyped = null;
      }
    } finally {
      stdin.off('data', onKeys);
      stdin.off('end', onEnd);
      stdin.pause();
      restore();
      process.off('exit', restore);
    }
  }
}
