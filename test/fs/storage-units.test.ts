// The storage stack below the syscalls, driven directly on a machine's kernel: the block
// device's latencies and queue, the file system's blocks, writeback by the flusher's clock and
// the dirty limits, fsync and O_DIRECT. End-to-end tests with C programs are in storage.test.ts.
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import { BlockDevice } from '../../sim/fs/blockdev';
import { BlockFile, blockFileSystems } from '../../sim/fs/blockfs';
import { directRead, directWrite } from '../../sim/fs/direct-io';
import { describeStorage } from '../../sim/fs/storage-view';
import { parseRunArgs } from '../../cli/args';
import { ConfigError, machineConfig } from '../../sim/config';
import { readFile, writeFile } from '../../sim/fs/file-data';
import { USER_OWNER } from '../../sim/fs/vfs';
import { balanceDirtyPages, flushExpired, fsyncFile, fdatasyncFile, syncAll } from '../../sim/fs/writeback';
import type { DiskKind } from '../../sim/fs/blockdev';
import type { Kernel } from '../../sim/kernel/kernel';

function setup(disk: DiskKind = 'ssd', memoryMiB = 128) {
  const machine = new Machine({ memoryMiB, disk }, new BufferConsole());
  const kernel = machine.kernel;
  const fs = blockFileSystems(kernel)[0]; // mounted at boot, as --disk says
  const file = (name: string) => {
    const made = fs.root.create(kernel, name, { type: 'reg', perm: 0o644, owner: USER_OWNER });
    if (!(made instanceof BlockFile)) throw new Error('no file');
    return made;
  };
  const at = (seconds: number) => {
    for (const hart of machine.harts) hart.cycles = Math.max(hart.cycles, kernel.nsToCycles(seconds * 1e9));
  };
  return { machine, kernel, fs, file, at };
}

const pattern = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
const requests = (kernel: Kernel) => kernel.events.recent().filter((e) => e.kind === 'blockRequest');

describe('block device', () => {
  it('queues requests: each completes after the one before it', () => {
    const { kernel } = setup();
    const device = new BlockDevice('ssd', 1 << 20, kernel.cost, kernel.events);
    const first = device.write(0, 0, pattern(4096), 'direct');
    const second = device.write(0, 1, pattern(4096), 'direct');
    expect(first).toBe(150_000 + 4 * 500);
    expect(second).toBe(2 * first);
    const out = new Uint8Array(4096);
    expect(device.read(second, 0, 1, out, 0, 'fill')).toBe(second + 25_000 + 2_000);
    expect(out).toEqual(pattern(4096));
    expect(device.queue(first).map((r) => r.op)).toEqual(['write', 'read']);
  });

  it('remaps a rewritten SSD page to a fresh NAND page (LBA → PBA), and keeps the HDD identity', () => {
    const { kernel } = setup();
    const ssd = new BlockDevice('ssd', 1 << 20, kernel.cost, kernel.events);
    ssd.write(0, 5, pattern(4096), 'direct');
    const before = ssd.pba(5);
    ssd.write(0, 5, pattern(4096, 2), 'direct');
    expect(ssd.pba(5)).not.toBe(before);
    expect(ssd.counters.remaps).toBe(1);
    const hdd = new BlockDevice('hdd', 1 << 20, kernel.cost, kernel.events);
    expect([hdd.logicalSectorSize, hdd.physicalSectorSize]).toEqual([512, 4096]);
    expect(hdd.pba(17)).toBe(2);
  });

  it('charges an HDD a seek that grows with distance, and a read-modify-write for part of a physical sector', () => {
    const { kernel } = setup();
    const hdd = new BlockDevice('hdd', 256 << 20, kernel.cost, kernel.events);
    const near = hdd.read(0, 8, 8, new Uint8Array(4096), 0, 'fill');
    const farStart = near;
    const far = hdd.read(farStart, hdd.sectors - 8, 8, new Uint8Array(4096), 0, 'fill') - farStart;
    expect(far).toBeGreaterThan(10_000_000); // a full-stroke seek
    hdd.write(0, 1, new Uint8Array(512), 'direct');
    expect(hdd.counters.readModifyWrites).toBe(1);
  });
});

describe('page cache over the block file system', () => {
  it('reads a page written before from the cache, without the device', () => {
    const { kernel, file } = setup();
    const f = file('a');
    writeFile(kernel, f, 0, pattern(10_000));
    const before = requests(kernel).length;
    const out = new Uint8Array(10_000);
    const read = readFile(kernel, f, 0, out);
    expect(out).toEqual(pattern(10_000));
    expect(read.cycles).toBe(0);
    expect(requests(kernel).length).toBe(before);
    expect(kernel.io.cacheHits).toBeGreaterThan(0);
  });

  it('fsync writes the dirty pages and flushes; the wait is the device time, longer on an HDD', () => {
    const waits: Record<string, number> = {};
    for (const disk of ['ssd', 'hdd'] as const) {
      const { machine, kernel, file } = setup(disk);
      const f = file('a');
      writeFile(kernel, f, 0, pattern(64 * 1024));
      const wait = fsyncFile(kernel, f);
      expect(wait.result).toBe(0);
      expect(kernel.pageCache.dirty).toBe(0);
      for (const hart of machine.harts) hart.cycles += wait.cycles;
      expect(fsyncFile(kernel, f).cycles).toBe(disk === 'ssd' ? 50_000 : 1_000_000); // nothing left but the flush
      waits[disk] = wait.cycles;
    }
    expect(waits.ssd).toBeGreaterThan(150_000);
    expect(waits.hdd).toBeGreaterThan(waits.ssd);
  });

  it('fdatasync skips the inode when only the times changed', () => {
    const { kernel, file } = setup();
    const f = file('a');
    writeFile(kernel, f, 0, pattern(4096));
    fsyncFile(kernel, f);
    writeFile(kernel, f, 0, pattern(4096, 3));
    const writes = () => requests(kernel).filter((e) => e.kind === 'blockRequest' && e.op === 'write').length;
    const before = writes();
    fdatasyncFile(kernel, f);
    expect(writes() - before).toBe(1);
  });

  it('survives being dropped from the cache: the bytes come back from the device', () => {
    const { kernel, file } = setup();
    const f = file('a');
    writeFile(kernel, f, 0, pattern(3 * 4096 + 100));
    syncAll(kernel);
    expect(kernel.pageCache.shrink()).toBe(4);
    const out = new Uint8Array(3 * 4096 + 100);
    const read = readFile(kernel, f, 0, out);
    expect(out).toEqual(pattern(3 * 4096 + 100));
    expect(read.cycles).toBeGreaterThan(25_000);
    expect(requests(kernel).filter((e) => e.kind === 'blockRequest' && e.op === 'read')).toHaveLength(1); // readahead: one request
  });

  it('frees blocks on truncation and unlink, and says ENOSPC when full', () => {
    const { kernel, fs, file } = setup();
    const f = file('big');
    const free = fs.freeBlocks;
    expect(f.reserve(kernel, 0, free * 4096 + 4096)).toBe(-28);
    expect(f.reserve(kernel, 0, free * 4096)).toBe(0);
    expect(fs.freeBlocks).toBe(0);
    f.truncated(kernel, 4096);
    expect(fs.freeBlocks).toBe(free - 1);
    fs.root.unlink(kernel, 'big');
    expect(fs.freeBlocks).toBe(free);
  });
});

describe('writeback', () => {
  it('the flusher writes pages dirty for 30 s at its next 5 s tick', () => {
    const { kernel, file, at } = setup();
    const f = file('a');
    at(1);
    writeFile(kernel, f, 0, pattern(4096));
    flushExpired(kernel, kernel.nsToCycles(30e9));
    expect(kernel.pageCache.dirty).toBe(1);
    flushExpired(kernel, kernel.nsToCycles(36e9));
    expect(kernel.pageCache.dirty).toBe(0);
    const request = requests(kernel).at(-1)!;
    expect(request).toMatchObject({ op: 'write', cause: 'writeback', queuedAt: kernel.nsToCycles(35e9) });
  });

  it('a writer past the dirty limit waits for the device', () => {
    const { kernel, file } = setup('ssd', 16);
    const f = file('a');
    let waited = 0;
    for (let i = 0; i < 2048; i++) {
      writeFile(kernel, f, i * 4096, pattern(4096));
      waited += balanceDirtyPages(kernel, f, i * 4096, 4096);
    }
    expect(waited).toBeGreaterThan(0);
    expect(kernel.events.recent().some((e) => e.kind === 'writeback' && e.reason === 'throttle')).toBe(true);
  });
});

describe('O_DIRECT', () => {
  it('bypasses the cache, and refuses misaligned offsets, lengths and buffers', () => {
    const { kernel, file } = setup();
    const f = file('a');
    const written = directWrite(kernel, f, 0, 0x10000, pattern(8192));
    expect(written).toMatchObject({ bytes: 8192 });
    expect(kernel.pageCache.pagesOf(f.cacheId).size).toBe(0);
    const out = new Uint8Array(8192);
    expect(directRead(kernel, f, 0, 0x20000, out)).toMatchObject({ bytes: 8192 });
    expect(out).toEqual(pattern(8192));
    expect(kernel.pageCache.pagesOf(f.cacheId).size).toBe(0);
    expect(directRead(kernel, f, 512, 0x20000, out)).toBe(-22);
    expect(directRead(kernel, f, 0, 0x20001, out)).toBe(-22);
    expect(directRead(kernel, f, 0, 0x20000, new Uint8Array(100))).toBe(-22);
  });

  it('writes dirty cached pages of the range first, so it reads what was written through the cache', () => {
    const { kernel, file } = setup('hdd');
    const f = file('a');
    writeFile(kernel, f, 0, pattern(4096, 7));
    const out = new Uint8Array(512);
    expect(directRead(kernel, f, 512, 0x1000, out)).toMatchObject({ bytes: 512 });
    expect(out).toEqual(pattern(4096, 7).subarray(512, 1024));
    expect(kernel.pageCache.dirty).toBe(0);
  });
});

describe('the Storage panel and the command line', () => {
  it('shows per file its clean and dirty pages, and the device queue with waits and latencies', () => {
    const { kernel, file } = setup('hdd');
    const f = file('log');
    writeFile(kernel, f, 0, pattern(3 * 4096));
    fsyncFile(kernel, f);
    writeFile(kernel, f, 4096, pattern(10));
    const view = describeStorage(kernel)!;
    expect(view.device).toMatchObject({ name: 'sda', kind: 'hdd', logicalSectorSize: 512, physicalSectorSize: 4096 });
    expect(view.files).toEqual([{ path: '/data/log', ino: f.ino, size: 3 * 4096, blocks: 3, cachedPages: 3, dirtyPages: 1, dirty: [1], pageCount: 3, pageMap: 'wdw' }]);
    expect(view.queue.map((r) => r.op)).toEqual(['write', 'write', 'flush']); // data, inode, flush: none done yet
    expect(view.queue[1].waitNs).toBe(view.queue[0].latencyNs);
  });

  it('takes --disk ssd|hdd and refuses anything else', () => {
    expect(parseRunArgs(['--disk', 'hdd', 'prog']).machine.disk).toBe('hdd');
    expect(() => parseRunArgs(['--disk', 'tape', 'prog'])).toThrow("--disk needs one of ssd, hdd, got 'tape'");
    expect(machineConfig({}).disk).toBe('ssd');
    expect(() => machineConfig({ disk: 'floppy' as DiskKind })).toThrow(ConfigError);
  });
});
