// What the strace decoder tests share: a fake process memory made of a few regions, words laid
// out little-endian, and one call rendered as the line strace prints (`call(args) = result`).

import { requireSyscall } from '../../sim/kernel/syscall-table';
import { describeSyscall, type SyscallCall } from '../../sim/kernel/strace/format';
import type { MemoryReader } from '../../sim/kernel/strace/user-memory';

/** A process memory of whole 4 KiB pages holding a few regions; other pages are unmapped (null). */
export function fakeMemory(regions: Record<number, Uint8Array | string | number[]>, pid = 13): MemoryReader {
  const pages = new Map<number, Uint8Array>();
  for (const [va, data] of Object.entries(regions)) {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data);
    bytes.forEach((b, i) => {
      const at = Number(va) + i;
      if (!pages.has(at >>> 12)) pages.set(at >>> 12, new Uint8Array(4096));
      pages.get(at >>> 12)![at & 0xfff] = b;
    });
  }
  return (p, va, length) => {
    if (p !== pid) throw new Error(`no process ${p}`);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const page = pages.get((va + i) >>> 12);
      if (!page) return null;
      out[i] = page[(va + i) & 0xfff];
    }
    return out;
  };
}

export const words = (...ws: number[]): number[] => ws.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff]);
export const none: MemoryReader = () => null;

/** One call of process 13 as strace prints it: `call(args) = result`, or `call(args` alone before it returns. */
export function line(name: string, args: number[], result: SyscallCall['result'], read: MemoryReader = none, sp?: number): string {
  const d = describeSyscall({ pid: 13, nr: requireSyscall(name).nr, args, result, sp }, read);
  return d.result === null ? d.call : `${d.call} = ${d.result}`;
}
