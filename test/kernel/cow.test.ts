// Copy-on-write seen from outside the program, through the snapshot: after fork a 10 MiB buffer's
// frames are shared by parent and child (refcount 2, Shared_Dirty, Pss half of Rss, COW-marked
// PTEs naming the other process); after the child writes it, each owns its copy and the child
// took one COW fault per page.

import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import { PTE_W } from '../../sim/mem/sv32';
import { sharersOf, type PageTableView, type ProcessView, type PteView, type VmaView } from '../../sim/snapshot-types';
import { buildFixture, runWithMarkers } from '../fixtures/snapshot/markers';

const SIZE = 10 * 1024 * 1024;
const PAGES = SIZE / 4096;

interface Moment {
  readonly parent: ProcessView;
  readonly child: ProcessView;
  readonly parentTable: PageTableView;
  readonly childTable: PageTableView;
  readonly buffer: number;
}

async function runCow() {
  const machine = new Machine({}, new BufferConsole());
  const main = machine.load(buildFixture('cow.c'), { path: '/bin/cow' });
  const moments: Moment[] = [];
  const state = await runWithMarkers(machine, 'madvise', (event) => {
    const child = machine.processView(event.pid)!;
    moments.push({
      parent: machine.processView(main.pid)!,
      child,
      parentTable: machine.pageTable(main.pid)!,
      childTable: machine.pageTable(event.pid)!,
      buffer: event.args[0] >>> 0,
    });
  });
  return { state, moments, main };
}

const bufferVma = (p: ProcessView, at: number): VmaView => p.vmas.find((v) => v.start <= at && at < v.end)!;

/** The distinct sharing states of a set of leaves (one, when they all agree). */
const sharing = (table: PageTableView, leaves: readonly PteView[]) => [...new Set(leaves.map((l) => JSON.stringify({ cow: l.cow, refcount: l.refcount, mapcount: l.mapcount, cached: l.cached, sharedWith: sharersOf(table, l) })))].map((j) => JSON.parse(j));

/** The buffer's leaves in a page table. */
function bufferLeaves(table: PageTableView, at: number) {
  const first = at >>> 12;
  return table.tables.flatMap((t) => t.leaves).filter((l) => l.vpn >= first && l.vpn < first + PAGES);
}

describe('fork shares a written buffer copy-on-write', async () => {
  const { state, moments, main } = await runCow();

  it('runs to a clean exit, marking two moments in the child', () => {
    expect(state).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
    expect(moments).toHaveLength(2);
    expect(moments[0].child.ppid).toBe(main.pid);
  });

  it('right after fork, both map the same frames: Shared_Dirty of 10 MiB, Pss half the Rss', () => {
    const { parent, child, buffer } = moments[0];
    for (const p of [parent, child]) {
      const vma = bufferVma(p, buffer);
      expect(vma.end - vma.start).toBe(SIZE);
      expect(vma.perms).toBe('rw-p');
      expect(vma.smaps.rss).toBe(SIZE);
      expect(vma.smaps.sharedDirty).toBe(SIZE);
      expect(vma.smaps.privateDirty).toBe(0);
      expect(vma.smaps.pss).toBe(SIZE / 2);
      expect(vma.smaps.anonymous).toBe(SIZE);
    }
    expect(child.accounting.cowFaults).toBeLessThan(64); // its stack, not the buffer
  });

  it('right after fork, the page tables mark the shared frames COW and name the other process', () => {
    const { parent, child, parentTable, childTable, buffer } = moments[0];
    const mine = bufferLeaves(childTable, buffer);
    const theirs = bufferLeaves(parentTable, buffer);
    expect(mine).toHaveLength(PAGES);
    expect(mine.map((l) => l.ppn)).toEqual(theirs.map((l) => l.ppn));
    expect(sharing(childTable, mine)).toEqual([{ cow: true, refcount: 2, mapcount: 2, cached: false, sharedWith: [parent.pid] }]);
    expect(sharing(parentTable, theirs)).toEqual([{ cow: true, refcount: 2, mapcount: 2, cached: false, sharedWith: [child.pid] }]);
    expect(mine.filter((l) => l.flags & PTE_W)).toEqual([]); // the next write faults
  });

  it('after the child writes it, each owns a private copy, and the child took a COW fault per page', () => {
    const before = moments[0].child.accounting.cowFaults;
    const { parent, child, parentTable, childTable, buffer } = moments[1];
    for (const p of [parent, child]) {
      const vma = bufferVma(p, buffer);
      expect(vma.smaps.rss).toBe(SIZE);
      expect(vma.smaps.privateDirty).toBe(SIZE);
      expect(vma.smaps.sharedDirty + vma.smaps.sharedClean).toBe(0);
      expect(vma.smaps.pss).toBe(SIZE);
    }
    expect(child.accounting.cowFaults - before).toBe(PAGES);
    const mine = bufferLeaves(childTable, buffer);
    const theirs = new Set(bufferLeaves(parentTable, buffer).map((l) => l.ppn));
    expect(mine).toHaveLength(PAGES);
    expect(sharing(childTable, mine)).toEqual([{ cow: false, refcount: 1, mapcount: 1, cached: false, sharedWith: [] }]);
    expect(mine.filter((l) => theirs.has(l.ppn))).toEqual([]);
  });
});
