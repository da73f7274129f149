// The terminal of `oslab run`: the program's fds 0–2 are ours. Writes are synchronous so output
// interleaves exactly as the program wrote it; reads block on our stdin.

import { readSync, writeSync } from 'node:fs';
import type { HostConsole } from '../sim/console';

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

  read(max: number): Uint8Array {
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
}
