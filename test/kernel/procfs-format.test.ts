// /proc/PID/maps and smaps text against golden output in Linux's exact layout: show_map_vma's
// padding (the name at column 49 with 32-bit addresses; 73 on 64-bit), the trailing space of an
// unnamed row, and smaps' `%8lu kB` fields as Linux 6.18 prints them (its /proc/self/smaps, with
// the x86-only ProtectionKey line left out).

import { describe, expect, it } from 'vitest';
import { formatMaps, formatSmaps, mapsLine } from '../../sim/kernel/procfs-format';
import type { SmapsFigures, VmaView } from '../../sim/snapshot-types';

const KB = 1024;
const noPages: SmapsFigures = { size: 0, rss: 0, pss: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0 };

function vma(start: number, end: number, perms: string, name: string, kind: VmaView['kind'], extra: Partial<VmaView> = {}): VmaView {
  return { start, end, perms, offset: 0, dev: '00:00', inode: 0, name, kind, smaps: { ...noPages, size: end - start }, ...extra };
}

const text = vma(0x00010000, 0x00012000, 'r-xp', '/home/user/prog', 'text', { dev: '00:1f', inode: 1234 });
const data = vma(0x00012000, 0x00013000, 'rw-p', '/home/user/prog', 'data', { dev: '00:1f', inode: 1234, offset: 0x2000 });
const heap = vma(0x00013000, 0x00034000, 'rw-p', '[heap]', 'heap', {
  smaps: { ...noPages, size: 0x21000, rss: 8 * KB, pss: 8 * KB, privateDirty: 8 * KB, referenced: 8 * KB, anonymous: 8 * KB },
});
const anon = vma(0x7f000000, 0x7f001000, 'rw-p', '', 'anon');
const stack = vma(0x7ffdf000, 0x80000000, 'rw-p', '[stack]', 'stack');

describe('maps', () => {
  it('prints each row as show_map_vma does', () => {
    expect(formatMaps([text, data, heap, anon, stack])).toBe(
      [
        '00010000-00012000 r-xp 00000000 00:1f 1234       /home/user/prog',
        '00012000-00013000 rw-p 00002000 00:1f 1234       /home/user/prog',
        '00013000-00034000 rw-p 00000000 00:00 0          [heap]',
        '7f000000-7f001000 rw-p 00000000 00:00 0 ',
        '7ffdf000-80000000 rw-p 00000000 00:00 0          [stack]',
        '',
      ].join('\n'),
    );
  });

  it('starts names at column 49 while the header fits, and never glues a name on when it does not', () => {
    for (const inode of [0, 7, 123456, 123456789]) expect(mapsLine({ ...text, inode }).indexOf('/home')).toBe(49);
    const wide = mapsLine({ ...text, dev: 'fe:00', inode: 1234567890123 });
    expect(wide).toBe('00010000-00012000 r-xp 00000000 fe:00 1234567890123  /home/user/prog');
  });
});

describe('smaps', () => {
  it('prints the maps row, then the kB figures right-aligned, THPeligible and VmFlags', () => {
    expect(formatSmaps([heap])).toBe(
      [
        '00013000-00034000 rw-p 00000000 00:00 0          [heap]',
        'Size:                132 kB',
        'KernelPageSize:        4 kB',
        'MMUPageSize:           4 kB',
        'Rss:                   8 kB',
        'Pss:                   8 kB',
        'Pss_Dirty:             8 kB',
        'Shared_Clean:          0 kB',
        'Shared_Dirty:          0 kB',
        'Private_Clean:         0 kB',
        'Private_Dirty:         8 kB',
        'Referenced:            8 kB',
        'Anonymous:             8 kB',
        'KSM:                   0 kB',
        'LazyFree:              0 kB',
        'AnonHugePages:         0 kB',
        'ShmemPmdMapped:        0 kB',
        'FilePmdMapped:         0 kB',
        'Shared_Hugetlb:        0 kB',
        'Private_Hugetlb:       0 kB',
        'Swap:                  0 kB',
        'SwapPss:               0 kB',
        'Locked:                0 kB',
        'THPeligible:           0',
        'VmFlags: rd wr mr mw me ac ',
        '',
      ].join('\n'),
    );
  });

  it('names each mapping’s VM flags as Linux does for text, stack and shared memory', () => {
    const flagsOf = (v: VmaView) => formatSmaps([v]).split('\n').find((l) => l.startsWith('VmFlags:'));
    expect(flagsOf(text)).toBe('VmFlags: rd ex mr mw me ');
    expect(flagsOf(stack)).toBe('VmFlags: rd wr mr mw me gd ac ');
    expect(flagsOf(vma(0x40000000, 0x40001000, 'rw-s', '', 'anon'))).toBe('VmFlags: rd wr sh mr mw me ms ');
  });

  it('splits a copy-on-write share: Pss counts half of a page shared by two processes', () => {
    const shared = vma(0x00013000, 0x00015000, 'rw-p', '[heap]', 'heap', {
      smaps: { ...noPages, size: 8 * KB, rss: 8 * KB, pss: 6 * KB, sharedDirty: 4 * KB, privateDirty: 4 * KB, referenced: 8 * KB, anonymous: 8 * KB },
    });
    const lines = formatSmaps([shared]).split('\n');
    expect(lines).toContain('Pss:                   6 kB');
    expect(lines).toContain('Pss_Dirty:             6 kB');
    expect(lines).toContain('Shared_Dirty:          4 kB');
  });
});
