// readMemory and writeMemory for VS Code's memory views: a process's virtual memory taken page
// by page, so a range that runs into an unmapped page returns the readable bytes before it and
// counts the rest as unreadable (never as zeros), and a write stops at the first page the
// program may not write.

import type { Machine } from '../sim/machine';

const PAGE_SIZE = 4096;

export function readProcessMemory(machine: Machine, pid: number, address: number, count: number): { data: Uint8Array; unreadable: number } {
  const chunks: Uint8Array[] = [];
  let done = 0;
  while (done < count) {
    const va = (address + done) >>> 0;
    const length = Math.min(count - done, PAGE_SIZE - (va % PAGE_SIZE));
    let bytes: Uint8Array | null;
    try {
      bytes = machine.readMemory(pid, va, length);
    } catch {
      bytes = null; // the process is gone
    }
    if (!bytes) break;
    chunks.push(bytes);
    done += length;
  }
  const data = new Uint8Array(done);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.length;
  }
  return { data, unreadable: count - done };
}

/** Writes what the process may write, page by page; returns how many bytes were written. */
export function writeProcessMemory(machine: Machine, pid: number, address: number, bytes: Uint8Array): number {
  let done = 0;
  while (done < bytes.length) {
    const va = (address + done) >>> 0;
    const length = Math.min(bytes.length - done, PAGE_SIZE - (va % PAGE_SIZE));
    let ok: boolean;
    try {
      ok = machine.writeMemory(pid, va, bytes.subarray(done, done + length));
    } catch {
      ok = false; // the process is gone
    }
    if (!ok) break;
    done += length;
  }
  return done;
}
