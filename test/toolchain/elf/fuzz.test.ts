// Damaged input must give a clear ElfError or ToolchainError, never a crash: a seeded mutator
// corrupts clang objects and archives (random bytes, interesting values in the ELF header, the
// section headers and the symbol table, truncation), and each mutant goes through the reader,
// the writer (what was accepted must be writable, and stable once written) and the whole linker.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readArchive, writeArchive } from '../../../sim/toolchain/elf/archive';
import { ElfError } from '../../../sim/toolchain/elf/read';
import { readObject } from '../../../sim/toolchain/elf/read-object';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { link, type LinkInput } from '../../../sim/toolchain/link';
import { ToolchainError } from '../../../sim/toolchain/object';
import { compileText } from '../link/support';
import { sampleObjects } from './samples';

/** mulberry32: a small seeded PRNG, so a failure reproduces from its case number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const INTERESTING = [0, 1, 2, 4, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** One mutant of `original`: a few random bytes, an interesting word at a structural offset, or a truncation. */
function mutate(original: Uint8Array, next: () => number, structural: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(original);
  const view = new DataView(bytes.buffer);
  const pick = (n: number) => Math.floor(next() * n);
  const kind = pick(4);
  if (kind === 0) {
    for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)] = pick(256);
  } else if (kind === 1 || kind === 2) {
    const at = structural[pick(structural.length)] & ~3;
    const value = next() < 0.7 ? INTERESTING[pick(INTERESTING.length)] : pick(2 ** 32);
    if (at + 4 <= bytes.length) view.setUint32(at, value >>> 0, true);
  } else {
    return bytes.subarray(0, pick(bytes.length));
  }
  return bytes;
}

/** Offsets worth corrupting in an ELF object: header fields, section headers, symbol entries. */
function structuralOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets = Array.from({ length: 13 }, (_, i) => 16 + i * 4);
  const shoff = view.getUint32(32, true);
  const shnum = view.getUint16(48, true);
  for (let i = 0; i < shnum * 10; i++) offsets.push(shoff + i * 4);
  for (let s = 0; s < shnum; s++) {
    const type = view.getUint32(shoff + s * 40 + 4, true);
    const offset = view.getUint32(shoff + s * 40 + 16, true);
    const size = view.getUint32(shoff + s * 40 + 20, true);
    if (type === 2 || type === 4) for (let o = offset; o < offset + size; o += 4) offsets.push(o);
  }
  return offsets;
}

function expectOnlyToolchainErrors(run: () => void, label: string): void {
  try {
    run();
  } catch (error) {
    if (error instanceof ElfError || error instanceof ToolchainError) return;
    throw new Error(`${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

async function startObject(): Promise<LinkInput> {
  const path = await compileText('fuzz_start.S', '    .text\n    .globl _start\n_start:\n    call main\n    call use\n    ecall\n', ['-mno-relax']);
  return { kind: 'object', object: readObject(readFileSync(path), 'start.o') };
}

describe('damaged input gives ElfError or ToolchainError, never a crash', () => {
  test('mutated objects through the reader, the writer and the linker', async () => {
    const start = await startObject();
    const samples = (await sampleObjects()).map((p) => new Uint8Array(readFileSync(p)));
    const cases = 3000;
    let accepted = 0;
    for (let n = 0; n < cases; n++) {
      const next = random(n + 1);
      const original = samples[n % samples.length];
      const bytes = mutate(original, next, structuralOffsets(original));
      expectOnlyToolchainErrors(() => {
        const object = readObject(bytes, 'mutant.o');
        accepted++;
        // What was accepted must be writable, and read back to something that writes the same bytes.
        const written = writeObject(object);
        if (!Buffer.from(writeObject(readObject(written, 'again.o'))).equals(Buffer.from(written))) throw new Error(`object case ${n}: not stable once written`);
        link([start, { kind: 'object', object }]);
      }, `object case ${n}`);
    }
    // Enough mutants get past the reader for the linker to be fuzzed too.
    expect(accepted).toBeGreaterThan(cases / 5);
  });

  test('mutated archives through the reader and the linker', async () => {
    const start = await startObject();
    const samples = await sampleObjects();
    const archive = writeArchive(samples.map((p, i) => ({ name: `member_number_${i}.o`, data: new Uint8Array(readFileSync(p)) })), 'lib.a');
    const headers: number[] = [];
    for (let at = 8; at + 60 <= archive.length; ) {
      for (let k = 0; k < 60; k += 4) headers.push(at + k);
      const size = Number(new TextDecoder().decode(archive.subarray(at + 48, at + 58)).trim());
      for (let k = 0; k < Math.min(size, 256); k += 4) headers.push(at + 60 + k);
      at += 60 + size + (size % 2);
    }
    for (let n = 0; n < 1000; n++) {
      const bytes = mutate(archive, random(10_000 + n), headers);
      expectOnlyToolchainErrors(() => link([start, { kind: 'archive', archive: readArchive(bytes, 'lib.a') }]), `archive case ${n}`);
    }
  });
});
