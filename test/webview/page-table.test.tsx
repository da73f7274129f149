// @vitest-environment happy-dom
// The Page Table panel on the fork demo: a frame shared with the child after fork (copy-on-write,
// refcount 2) and split by a later write; the walk of a typed address (its fields, the two PTE
// reads, the leaf, the physical address, the followed hart's TLB) and of addresses that fault;
// the thread's pc walked until an address is chosen; the tree's rows (a leaf chosen is walked,
// Enter folds a table, a filter) and its speed on 10k pages.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../debug/protocol';
import { count, hex } from '../../webview/format';
import { PageTablePanel } from '../../webview/panels/page-table';
import { flagString, parseAddress, treeRows, walkAddress } from '../../webview/panels/page-table-model';
import type { PageTableView, PteView } from '../../sim/snapshot-types';
import { forkDemo } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

const followed = (data: PanelData) => data.snapshot.processes.find((p) => p.pid === data.selected!.pid)!;
const leafAt = (data: PanelData, va: number): PteView | undefined => data.pageTable!.tables.flatMap((t) => t.leaves).find((l) => l.vpn === Math.floor(va / 4096));

/** Types `text` into the walk's address field and presses Walk. */
function walk(text: string): HTMLElement {
  const input = screen.getByLabelText('Walk virtual address') as HTMLInputElement;
  fireEvent.input(input, { target: { value: text } });
  fireEvent.submit(input.closest('form')!);
  return screen.getByRole('region', { name: /^Walk of / });
}

/** The tree's selected row, once the list has scrolled to it (the DOM here fires no scroll event of its own). */
function selectedTreeRow(): HTMLElement {
  const list = screen.getByRole('listbox', { name: /^Page table/ });
  fireEvent.scroll(list);
  return within(list).getByRole('option', { selected: true });
}

describe('the frame shared then split', () => {
  const recording = forkDemo();
  const afterFork = recording.at('after fork');
  const later = recording.at('first sleep');
  // The top page of the parent's stack: written by the parent after fork, so it splits.
  const stack = followed(afterFork).vmas.find((v) => v.name === '[stack]')!;
  const va = stack.end - 4096 + 0x10;

  it('after fork, the page maps a frame shared with the child: copy-on-write, refcount 2', () => {
    expect(later.selected!.pid).toBe(afterFork.selected!.pid);
    const child = afterFork.snapshot.processes.find((p) => p.ppid === afterFork.selected!.pid)!;
    renderPanel(PageTablePanel, 'page-table', afterFork);
    const region = walk(hex(va));
    const leaf = leafAt(afterFork, va)!;
    expect(region.textContent).toContain(`PPN ${hex(leaf.ppn, 5)}`);
    expect(region.textContent).toContain(`shared with pid ${child.pid} · refcount 2`);
    expect(region.textContent).toContain('copy-on-write');
    expect(within(region).getByText('COW')).toBeTruthy();
    // The tree says so too, on the page's row.
    const row = selectedTreeRow();
    expect(row.textContent).toContain(`pid ${child.pid} · ref 2`);
    expect(row.textContent).toContain('COW');
  });

  it('at a later stop, after a write, the same page maps a different frame of its own', () => {
    const before = leafAt(afterFork, va)!;
    const after = leafAt(later, va)!;
    expect(after.ppn).not.toBe(before.ppn);
    renderPanel(PageTablePanel, 'page-table', later, afterFork);
    const region = walk(hex(va));
    expect(region.textContent).toContain(`PPN ${hex(after.ppn, 5)}`);
    expect(region.textContent).toContain('Frame ' + hex(after.ppn, 5) + ': private · refcount 1');
    expect(region.textContent).toContain(`at the previous stop this page mapped frame ${hex(before.ppn, 5)}`);
    expect(region.textContent).toContain('a write split it');
    expect(within(region).queryByText('COW')).toBeNull();
    const row = selectedTreeRow();
    expect(row.textContent).toContain('split: own frame now');
    expect(row.textContent).not.toContain('COW');
  });
});

describe("an address's walk", () => {
  const data = forkDemo().at('first sleep');
  const process = followed(data);
  const hart = data.snapshot.harts.find((h) => h.tid === data.selected!.tid)!;
  const leaves = data.pageTable!.tables.flatMap((t) => t.leaves);
  const inTlb = (l: PteView) => hart.tlb.valid.some((e) => e.vpn === l.vpn && e.asid === process.asid);

  it('splits the address, reads both PTEs, gives the physical address and a TLB hit', () => {
    const leaf = leaves.find(inTlb)!;
    const va = leaf.vpn * 4096 + 0x123;
    const table = data.pageTable!.tables.find((t) => t.index === va >>> 22)!;
    renderPanel(PageTablePanel, 'page-table', data);
    const region = walk('0x' + hex(va));
    const fields = within(region).getByLabelText('Virtual address fields').textContent!;
    expect(fields).toContain(`${hex(va >>> 22, 3)}VPN[1]`);
    expect(fields).toContain(`${hex((va >>> 12) & 0x3ff, 3)}VPN[0]`);
    expect(fields).toContain('123offset');
    const text = region.textContent!;
    expect(text).toContain(`= 0x${hex(process.rootPpn * 4096 + (va >>> 22) * 4)}`);
    expect(text).toContain(`level-1 table PPN ${hex(table.ppn, 5)}`);
    expect(text).toContain(`= 0x${hex(table.ppn * 4096 + ((va >>> 12) & 0x3ff) * 4)}`);
    expect(text).toContain(`leaf PTE 0x${hex(leaf.ppn * 1024 + leaf.flags)}: PPN ${hex(leaf.ppn, 5)}, ${flagString(leaf.flags)}`);
    expect(text).toContain(`Physical address = PPN ${hex(leaf.ppn, 5)}×4096 + offset = 0x${hex(leaf.ppn * 4096 + 0x123)}`);
    expect(text).toContain(`hart ${hart.id}'s TLB (running tid ${data.selected!.tid}) holds VPN ${hex(leaf.vpn, 5)}`);
    expect(text).toContain('a TLB hit');
  });

  it('says when the hart does not hold the page: a miss, then the walk', () => {
    const leaf = leaves.find((l) => !inTlb(l))!;
    renderPanel(PageTablePanel, 'page-table', data);
    const text = walk(hex(leaf.vpn * 4096)).textContent!;
    expect(text).toContain(`does not hold VPN ${hex(leaf.vpn, 5)} (ASID ${process.asid}): a TLB miss, so the MMU walks as above`);
  });

  it('ends in a page fault where there is no level-1 table, or no leaf', () => {
    renderPanel(PageTablePanel, 'page-table', data);
    expect(walk('0x40000000').textContent).toContain('page fault: no level-1 table for VPN[1]=0x100');
    const table = data.pageTable!.tables[0]!;
    const free = Array.from({ length: 1024 }, (_, i) => i).find((i) => !table.leaves.some((l) => (l.vpn & 0x3ff) === i))!;
    const text = walk(hex(table.index * 4 * 1024 * 1024 + free * 4096)).textContent!;
    expect(text).toContain(`not resident: no valid leaf for VPN[0]=0x${hex(free, 3)}`);
    expect(text).not.toContain('Physical address');
  });

  it("walks the thread's pc until an address is chosen", () => {
    const pc = process.threads.find((t) => t.tid === data.selected!.tid)!.pc;
    renderPanel(PageTablePanel, 'page-table', data);
    expect(screen.getByText(`the pc of tid ${data.selected!.tid}`)).toBeTruthy();
    const region = screen.getByRole('region', { name: `Walk of 0x${hex(pc)}` });
    expect(region.textContent).toContain('Physical address');
    expect(selectedTreeRow().textContent).toContain(`0x${hex(pc & ~0xfff)}`);
  });

  it('refuses what is not an address', () => {
    renderPanel(PageTablePanel, 'page-table', data);
    const input = screen.getByLabelText('Walk virtual address');
    fireEvent.input(input, { target: { value: 'heap' } });
    fireEvent.submit(input.closest('form')!);
    expect(screen.getByRole('alert').textContent).toContain('not a 32-bit hex address');
    expect(parseAddress('0x7fff_f000')).toBe(0x7ffff000);
    expect(parseAddress('123456789')).toBeNull();
  });
});

describe('the tree', () => {
  const data = forkDemo().at('after fork');

  it('lists root entries with their tables and leaves; choosing a leaf walks it', () => {
    renderPanel(PageTablePanel, 'page-table', data);
    const list = screen.getByRole('listbox', { name: /^Page table/ });
    const rows = within(list).getAllByRole('option');
    expect(rows[0]!.textContent).toContain(`VPN[1] ${hex(data.pageTable!.tables[0]!.index, 3)}`);
    expect(rows[0]!.textContent).toContain(`${data.pageTable!.tables[0]!.leaves.length} pages`);
    fireEvent.click(rows[1]!);
    const leaf = data.pageTable!.tables[0]!.leaves[0]!;
    expect((screen.getByLabelText('Walk virtual address') as HTMLInputElement).value).toBe('0x' + hex(leaf.vpn * 4096));
    expect(screen.getByRole('region', { name: `Walk of 0x${hex(leaf.vpn * 4096)}` })).toBeTruthy();
  });

  it('folds a table on Enter and filters the pages shown', () => {
    renderPanel(PageTablePanel, 'page-table', data);
    const list = screen.getByRole('listbox', { name: /^Page table/ });
    const first = data.pageTable!.tables[0]!;
    fireEvent.click(within(list).getAllByRole('option')[0]!);
    fireEvent.keyDown(list, { key: 'Enter' });
    const rows = within(list).getAllByRole('option');
    expect(rows[0]!.textContent).toContain('folded');
    expect(rows[1]!.textContent).toContain(`VPN[1] ${hex(data.pageTable!.tables[1]!.index, 3)}`);
    fireEvent.change(screen.getByLabelText('Pages shown'), { target: { value: 'cow' } });
    const cow = treeRows(data.pageTable!, null, new Set([first.index]), 'cow');
    expect(cow.rows.filter((r) => r.kind === 'leaf').every((r) => r.kind === 'leaf' && r.leaf.cow)).toBe(true);
    expect(screen.getByLabelText('Sharing summary').textContent).toContain(`${count(cow.cowPages)} copy-on-write`);
  });

  it('draws 10k pages quickly, rendering only the rows in view', () => {
    const big = syntheticTable(10_000);
    const tree = treeRows(big, null, new Set(), 'all');
    expect(tree.rows.length).toBe(10_000 + 10);
    const data = forkDemo().at('before fork');
    const withBig: PanelData = { ...data, pageTable: { ...big, pid: data.selected!.pid } };
    const started = performance.now();
    renderPanel(PageTablePanel, 'page-table', withBig);
    expect(performance.now() - started).toBeLessThan(500);
    expect(screen.getAllByRole('option').length).toBeLessThan(60);
    expect(walkAddress(big, 0x00403000).physical).toBe((0x90000 + 1027) * 4096);
  });
});

function syntheticTable(pages: number): PageTableView {
  const tables = Array.from({ length: Math.ceil(pages / 1000) }, (_, index) => ({
    index,
    ppn: 0x80100 + index,
    leaves: Array.from({ length: 1000 }, (_, i): PteView => {
      const vpn = index * 1024 + i;
      return { vpn, ppn: 0x90000 + vpn, flags: 0xd7, cow: false, refcount: 1, mapcount: 1, cached: false, sharers: -1 };
    }),
  }));
  return { pid: 0, rootPpn: 0x80001, sharerSets: [], tables };
}
