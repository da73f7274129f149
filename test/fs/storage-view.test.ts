// The Storage panel's page map (storage-view.ts): per file, each page not cached, clean, dirty or
// being written, bounded for big files, and taking the view changes nothing.
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { BlockFile, blockFileSystems } from '../../sim/fs/blockfs';
import { readFile, writeFile } from '../../sim/fs/file-data';
import { describeStorage } from '../../sim/fs/storage-view';
import { USER_OWNER } from '../../sim/fs/vfs';
import { fsyncFile } from '../../sim/fs/writeback';
import { Machine } from '../../sim/machine';

function setup() {
  const machine = new Machine({ disk: 'ssd' }, new BufferConsole());
  const kernel = machine.kernel;
  const fs = blockFileSystems(kernel)[0];
  const file = (name: string) => {
    const made = fs.root.create(kernel, name, { type: 'reg', perm: 0o644, owner: USER_OWNER });
    if (!(made instanceof BlockFile)) throw new Error('no file');
    return made;
  };
  const passTime = (cycles: number) => {
    for (const hart of machine.harts) hart.cycles += cycles;
  };
  return { kernel, file, passTime };
}

const fileView = (kernel: ReturnType<typeof setup>['kernel'], path: string) => describeStorage(kernel)!.files.find((f) => f.path === path)!;

describe('the page map of a file on /data', () => {
  it('marks dirty pages, then pages being written while fsync’s requests are queued, then clean ones', () => {
    const { kernel, file, passTime } = setup();
    const log = file('log');
    writeFile(kernel, log, 0, new Uint8Array(4 * 4096));
    expect(fileView(kernel, '/data/log')).toMatchObject({ pageCount: 4, pageMap: 'dddd', dirtyPages: 4 });
    const wait = fsyncFile(kernel, log);
    expect(fileView(kernel, '/data/log').pageMap).toBe('wwww');
    passTime(wait.cycles);
    expect(fileView(kernel, '/data/log').pageMap).toBe('cccc');
  });

  it('shows pages not cached as dots, and a page read back as clean', () => {
    const { kernel, file, passTime } = setup();
    const data = file('data');
    writeFile(kernel, data, 0, new Uint8Array(3 * 4096));
    passTime(kernel.nsToCycles(1e6) + fsyncFile(kernel, data).cycles);
    kernel.pageCache.drop(data.cacheId);
    expect(fileView(kernel, '/data/data').pageMap).toBe('...');
    readFile(kernel, data, 2 * 4096, new Uint8Array(10));
    expect(fileView(kernel, '/data/data').pageMap).toBe('..c');
  });

  it('maps at most the first 1,024 pages of a big file and still counts them all', () => {
    const { kernel, file } = setup();
    const big = file('big');
    writeFile(kernel, big, 2000 * 4096, new Uint8Array(1));
    const view = fileView(kernel, '/data/big');
    expect(view.pageCount).toBe(2001);
    expect(view.pageMap).toHaveLength(1024);
    expect(view.pageMap).toBe('.'.repeat(1024));
    expect(view.cachedPages).toBe(1);
  });

  it('reads without side effects: two views in a row are the same', () => {
    const { kernel, file } = setup();
    const log = file('log');
    writeFile(kernel, log, 0, new Uint8Array(2 * 4096));
    fsyncFile(kernel, log);
    expect(describeStorage(kernel)).toEqual(describeStorage(kernel));
  });
});
