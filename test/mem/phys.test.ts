// Tests of simulated physical memory on its own: frames are handed out zeroed and lowest first so
// runs are reproducible, reference counts let fork share a frame and free it with its last owner,
// running out raises OutOfMemory, the decoded-code cache is told of every allocation, and
// physical addresses start at the RISC-V DRAM base (0x80000000) with anything outside memory
// rejected rather than silently wrapped.

import { describe, expect, it } from 'vitest';
import { DRAM_BASE, DRAM_BASE_PPN, OutOfMemory, PAGE_SIZE, PhysicalMemory } from '../../sim/mem/phys';

describe('PhysicalMemory geometry', () => {
  it('has 256 frames per MiB, all free at boot', () => {
    const mem = new PhysicalMemory(4);
    expect(mem.size).toBe(4 * 1024 * 1024);
    expect(mem.frameCount).toBe(1024);
    expect(mem.freeFrames).toBe(1024);
    expect(DRAM_BASE_PPN).toBe(0x80000);
  });

  it('rejects sizes outside 1..2048 MiB', () => {
    for (const bad of [0, 0.5, -1, 2049, Number.NaN]) expect(() => new PhysicalMemory(bad), String(bad)).toThrow(RangeError);
  });
});

describe('frame allocation', () => {
  it('hands out frames lowest first, starting at the DRAM base PPN', () => {
    const mem = new PhysicalMemory(4);
    expect([mem.allocFrame(), mem.allocFrame(), mem.allocFrame()]).toEqual([0x80000, 0x80001, 0x80002]);
    expect(mem.freeFrames).toBe(1021);
    expect(Array.from(mem.refcount.subarray(0, 4))).toEqual([1, 1, 1, 0]);
  });

  it('reuses the most recently freed frame next, so the order is deterministic', () => {
    const mem = new PhysicalMemory(4);
    const frames = [mem.allocFrame(), mem.allocFrame(), mem.allocFrame()];
    mem.releaseFrame(frames[0]);
    mem.releaseFrame(frames[2]);
    expect(mem.allocFrame()).toBe(0x80002);
    expect(mem.allocFrame()).toBe(0x80000);
    expect(mem.allocFrame()).toBe(0x80003);
  });

  it('zeroes a frame that is reused after holding data', () => {
    const mem = new PhysicalMemory(4);
    const ppn = mem.allocFrame();
    const host = mem.frameHost(ppn);
    mem.u8.fill(0xab, host, host + PAGE_SIZE);
    mem.releaseFrame(ppn);
    expect(mem.allocFrame()).toBe(ppn);
    expect(mem.u8.subarray(host, host + PAGE_SIZE).every((b) => b === 0)).toBe(true);
  });

  it('throws OutOfMemory when every frame is taken, and recovers after a release', () => {
    const mem = new PhysicalMemory(1);
    for (let i = 0; i < 256; i++) mem.allocFrame();
    expect(mem.freeFrames).toBe(0);
    expect(() => mem.allocFrame()).toThrow(OutOfMemory);
    expect(() => mem.allocFrame()).toThrow('out of physical memory');
    mem.releaseFrame(0x80000 + 100);
    expect(mem.allocFrame()).toBe(0x80000 + 100);
  });

  it('tells onFrameAllocated the host index of every frame it hands out', () => {
    const mem = new PhysicalMemory(4);
    const told: number[] = [];
    mem.onFrameAllocated = (hostPage) => told.push(hostPage);
    const a = mem.allocFrame();
    mem.allocFrame();
    mem.releaseFrame(a);
    mem.allocFrame();
    expect(told).toEqual([0x0000, 0x1000, 0x0000]);
  });
});

describe('reference counts', () => {
  it('keeps a shared frame until its last owner releases it', () => {
    const mem = new PhysicalMemory(4);
    const ppn = mem.allocFrame();
    mem.shareFrame(ppn);
    mem.shareFrame(ppn);
    expect(mem.refcount[ppn - DRAM_BASE_PPN]).toBe(3);
    expect(mem.releaseFrame(ppn)).toBe(2);
    expect(mem.releaseFrame(ppn)).toBe(1);
    expect(mem.freeFrames).toBe(1023);
    expect(mem.releaseFrame(ppn)).toBe(0);
    expect(mem.freeFrames).toBe(1024);
  });

  it('throws on a double free and leaves the free list alone', () => {
    const mem = new PhysicalMemory(4);
    const ppn = mem.allocFrame();
    mem.releaseFrame(ppn);
    expect(() => mem.releaseFrame(ppn)).toThrow('double free of frame 80000');
    expect(mem.freeFrames).toBe(1024);
  });

  it('rejects PPNs outside memory', () => {
    const mem = new PhysicalMemory(4);
    expect(() => mem.releaseFrame(0x7ffff)).toThrow(RangeError);
    expect(() => mem.shareFrame(0x80400)).toThrow(RangeError);
    expect(() => mem.frameHost(0)).toThrow(RangeError);
    expect(mem.frameIndex(0x803ff)).toBe(1023);
    expect(mem.frameHost(0x80003)).toBe(0x3000);
  });
});

describe('physical addresses', () => {
  it('maps 0x80000000 to host index 0, little-endian', () => {
    const mem = new PhysicalMemory(4);
    mem.writeWord(0x8000_0008, 0xdeadbeef);
    expect(mem.readWord(0x8000_0008)).toBe(0xdeadbeef | 0);
    expect(Array.from(mem.u8.subarray(8, 12))).toEqual([0xef, 0xbe, 0xad, 0xde]);
    expect(mem.i32[2]).toBe(0xdeadbeef | 0);
  });

  it('accepts the last word of memory and the address as a negative int32', () => {
    const mem = new PhysicalMemory(4);
    const last = DRAM_BASE + mem.size - 4;
    mem.writeWord(last, 7);
    expect(mem.readWord(last)).toBe(7);
    // 0x80000010 as a signed int32, as RISC-V registers hold it.
    mem.writeWord(0x8000_0010 | 0, 9);
    expect(mem.readWord(0x8000_0010)).toBe(9);
  });

  it('throws RangeError for addresses below DRAM or past the end of memory', () => {
    const mem = new PhysicalMemory(4);
    for (const bad of [0, 0x7fff_fffc, DRAM_BASE + mem.size, 0xffff_fffc]) {
      expect(() => mem.readWord(bad), bad.toString(16)).toThrow(RangeError);
      expect(() => mem.writeWord(bad, 1), bad.toString(16)).toThrow(RangeError);
    }
    expect(() => mem.readWord(DRAM_BASE + mem.size)).toThrow('physical address 80400000 is outside memory');
  });
});
