// @vitest-environment happy-dom
// The CPU & Caches panel on recorded runs: the harts with their threads, the instruction at pc and
// the registers by ABI name (those changed since the last stop marked), every level's counters and
// hit rates, the sets of a small level with tags and LRU ranks (and why a large one has none), and
// the heatmaps of recent accesses, where a row-major and a column-major walk look nothing alike.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { registerName } from '../../sim/isa/disasm';
import { CpuCachesPanel } from '../../webview/panels/cpu-caches';
import { accessCount, accessesWithin, accessMap, followedHart, previousRegisters, REGISTER_NAMES, registerCells, setHeat, setRows } from '../../webview/panels/cpu-caches-model';
import { forkDemo, localityWalks, threads } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

describe('CPU & Caches panel: the harts', () => {
  it('shows the followed hart’s thread, the instruction at its pc and every register by ABI name in hex', () => {
    const data = threads().at('threads created');
    const hart = data.snapshot.harts[followedHart(data)!.hart]!;
    renderPanel(CpuCachesPanel, 'cpu-caches', data);
    expect(screen.getAllByRole('radio').length).toBe(data.snapshot.harts.length);
    expect(screen.getByRole('radio', { checked: true }).textContent).toContain(`hart ${hart.id}`);
    const instruction = screen.getByLabelText('Instruction at pc');
    expect(hart.instruction).not.toBeNull();
    expect(instruction.textContent).toContain(hart.instruction!.text);
    expect(instruction.textContent).toContain(`0x${hart.pc.toString(16).padStart(8, '0')}`);
    const registers = screen.getByLabelText('Registers');
    expect(registers.querySelectorAll('.cc-register').length).toBe(32);
    expect(registers.textContent).toContain('sp' + hart.regs[2]!.toString(16).padStart(8, '0'));
    expect(REGISTER_NAMES).toEqual(Array.from({ length: 32 }, (_, i) => registerName(i)));
  });

  it('marks the registers that changed since the same thread’s values at the previous stop', () => {
    const recording = threads();
    const before = recording.at('threads created');
    const later = recording.at('exit');
    const hart = later.snapshot.harts[followedHart(later)!.hart]!;
    const old = previousRegisters(hart, before.snapshot);
    expect(old).not.toBeNull();
    const changed = registerCells(hart.regs, old).filter((c) => c.changed);
    expect(changed.length).toBeGreaterThan(0);
    renderPanel(CpuCachesPanel, 'cpu-caches', later, before);
    expect(document.querySelectorAll('.cc-register.changed').length).toBe(changed.length);
    expect(screen.getByText(`Registers · ${changed.length} changed since the last stop`)).toBeTruthy();
  });

  it('shows another hart when chosen by keyboard, and an idle one as idle', () => {
    const data = localityWalks().at('rows walked');
    const { api } = renderPanel(CpuCachesPanel, 'cpu-caches', data);
    const idle = data.snapshot.harts.find((h) => h.tid === null)!;
    const choice = screen.getAllByRole('radio')[idle.id]!;
    choice.focus();
    fireEvent.click(choice); // a button: Enter and Space click it
    expect(screen.getByRole('radio', { checked: true })).toBe(choice);
    expect(screen.getByText(/Idle: no thread runs on this hart/)).toBeTruthy();
    expect(JSON.stringify(api.state)).toContain('cpu-caches.hart');
  });
});

describe('CPU & Caches panel: counters and sets', () => {
  it('lists each level’s hits, misses and hit rate (the shared L3 too) with the TLB’s alongside', () => {
    const data = threads().at('exit');
    const hart = data.snapshot.harts[followedHart(data)!.hart]!;
    renderPanel(CpuCachesPanel, 'cpu-caches', data, threads().at('threads created'));
    const table = screen.getByRole('table', { name: 'Cache counters' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(['L1D', 'L2', 'L3shared', 'TLB']);
    const l1 = hart.caches[0]!;
    const rate = `${((100 * l1.hits) / (l1.hits + l1.misses)).toFixed(1)} %`;
    expect(rows[0]!.textContent).toContain(rate);
    expect(rows[0]!.textContent).toContain(l1.hits.toLocaleString('en-US'));
    expect(within(table).getByRole('meter', { name: 'TLB hit rate' })).toBeTruthy();
    expect(rows[0]!.classList.contains('changed')).toBe(true);
  });

  it('draws the default L1D’s 64 sets × 8 ways but says why the larger L2 has none', () => {
    const data = threads().at('threads created');
    renderPanel(CpuCachesPanel, 'cpu-caches', data);
    const sets = screen.getByRole('listbox', { name: 'Sets of L1D' });
    expect(within(sets).getAllByRole('option').length).toBeGreaterThan(8);
    expect(within(sets).getAllByRole('option')[0]!.querySelectorAll('.cc-way').length).toBe(8);
    fireEvent.click(screen.getByRole('button', { name: /^L2/ }));
    expect(screen.queryByRole('listbox', { name: 'Sets of L2' })).toBeNull();
    expect(screen.getByText(/L2 holds 4,096 lines, too many to draw/)).toBeTruthy();
  });

  it('draws every way of tiny caches with its tag, dirty bit and LRU rank', () => {
    const data = localityWalks().at('columns walked');
    const hart = data.snapshot.harts[followedHart(data)!.hart]!;
    const l1 = hart.caches[0]!;
    renderPanel(CpuCachesPanel, 'cpu-caches', data);
    const sets = screen.getByRole('listbox', { name: 'Sets of L1D' });
    const options = within(sets).getAllByRole('option');
    expect(options).toHaveLength(8);
    const way = l1.contents![0]![0]!;
    expect(options[0]!.textContent).toContain(way.tag.toString(16).padStart(6, '0'));
    expect(sets.querySelectorAll('.cc-lru').length).toBe(16);
    expect(sets.querySelectorAll('.cc-dirty-mark').length).toBe(l1.contents!.flat().filter((w) => w?.dirty).length);
    fireEvent.keyDown(sets, { key: 'ArrowDown' });
    expect(screen.getByLabelText('Set 1 in detail').textContent).toMatch(/way 0: line 0x8[0-9a-f]{7}/);
    fireEvent.click(screen.getByRole('button', { name: /^L3/ }));
    expect(within(screen.getByRole('listbox', { name: 'Sets of L3' })).getAllByRole('option').length).toBeGreaterThan(8);
  });

  it('marks the sets whose ways hold other lines than at the previous stop', () => {
    const recording = threads();
    const before = recording.at('threads created');
    const data = recording.at('exit');
    const hart = data.snapshot.harts[followedHart(data)!.hart]!;
    const rows = setRows(hart.caches[0]!, before.snapshot.harts[hart.id]!.caches[0]!, new Set())!;
    const changed = rows.filter((r) => r.changed).length;
    expect(changed).toBeGreaterThan(0);
    renderPanel(CpuCachesPanel, 'cpu-caches', data, before);
    const sets = screen.getByRole('listbox', { name: 'Sets of L1D' });
    const shown = within(sets).getAllByRole('option').length;
    expect(sets.querySelectorAll('.virtual-row.changed').length).toBe(rows.slice(0, shown).filter((r) => r.changed).length);
    expect(sets.querySelectorAll('.cc-way.changed').length).toBeGreaterThan(0);
  });

  it('says the caches are off in a session without them', () => {
    renderPanel(CpuCachesPanel, 'cpu-caches', forkDemo().at('before fork'));
    expect(screen.getByText(/The caches are off in this session/)).toBeTruthy();
    expect(screen.getByLabelText('Registers')).toBeTruthy();
  });
});

describe('CPU & Caches panel: heatmaps of recent accesses', () => {
  const walks = () => {
    const recording = localityWalks();
    const rows = recording.at('rows walked');
    const columns = recording.at('columns walked');
    const accesses = (data: typeof rows) => data.snapshot.harts[followedHart(data)!.hart]!.recentAccesses;
    return { rows, columns, rowAccesses: accesses(rows), columnAccesses: accesses(columns) };
  };

  it('shows a row-major walk filling a row of lines and a column-major walk piling into one L1 set', () => {
    const { rowAccesses, columnAccesses } = walks();
    const byRow = accessMap(rowAccesses, 8, 32);
    const byColumn = accessMap(columnAccesses, 8, 32);
    // Row by row: a few misses (one per new line) in consecutive sets, most accesses hit.
    expect(byRow.misses / byRow.accesses).toBeLessThan(0.05);
    expect(byRow.busiestSet!.misses / byRow.misses).toBeLessThanOrEqual(0.25);
    // Column by column: every matrix access misses, all in one set.
    expect(byColumn.misses / byColumn.accesses).toBeGreaterThan(0.1);
    expect(byColumn.busiestSet!.misses / byColumn.misses).toBeGreaterThan(0.95);
    expect(byColumn.rows.length).toBeGreaterThan(byRow.rows.length * 4);
    const heat = (accesses: typeof rowAccesses) => setHeat(accesses, 0, 8, 128).filter((c) => c.misses > 0).length;
    expect(heat(rowAccesses)).toBeGreaterThanOrEqual(4);
    expect(heat(columnAccesses)).toBe(1);
  });

  it('draws them so: the missed lines of the column walk share one column of the map', () => {
    const { rows, columns } = walks();
    const missedColumns = () => new Set([...document.querySelectorAll<HTMLElement>('.cc-map-cell:not(.hit)')].map((cell) => cell.style.gridColumn));
    renderPanel(CpuCachesPanel, 'cpu-caches', rows);
    expect(missedColumns().size).toBeGreaterThanOrEqual(4);
    const rowsMap = screen.getByRole('img', { name: /accesses to \d+ lines/ }).getAttribute('aria-label');
    cleanup();
    renderPanel(CpuCachesPanel, 'cpu-caches', columns, rows);
    expect(missedColumns().size).toBe(1);
    const columnsMap = screen.getByRole('img', { name: /accesses to \d+ lines/ }).getAttribute('aria-label');
    expect(rowsMap).not.toBe(columnsMap);
    expect(columnsMap).toMatch(/L1D set \d took [\d,]+ of the misses \((9\d|100)\.\d %\)/);
    // One heat strip per level, the L3's from every hart.
    expect(screen.getAllByRole('img', { name: /recent lookups over/ }).map((e) => e.getAttribute('aria-label')!.split(':')[0])).toEqual(['L1D', 'L2', 'L3']);
  });

  it('counts the repeats of a line as accesses, and keeps to the accesses since the last stop', () => {
    const line = (n: number, servedBy: 0 | 1 | 2 | 3, repeats: number) => ({ lineAddress: 0x8000_0000 + n * 64, servedBy, repeats });
    const accesses = [line(0, 3, 15), line(1, 3, 15), line(0, 0, 2)];
    expect(accessCount(accesses)).toBe(35);
    const map = accessMap(accesses, 8, 32);
    expect(map).toMatchObject({ accesses: 35, misses: 2, lines: 2 });
    expect(map.rows[0]!.cells.map((c) => [c.set, c.accesses, c.misses])).toEqual([[0, 19, 1], [1, 16, 1]]);
    expect(setHeat(accesses, 0, 8, 64).slice(0, 2).map((c) => c.lookups)).toEqual([19, 16]);
    expect(setHeat(accesses, 1, 8, 64).slice(0, 2).map((c) => c.lookups)).toEqual([1, 1]);
    expect(accessesWithin(accesses, 3)).toEqual([accesses[2]]);
    expect(accessesWithin(accesses, 4)).toEqual(accesses.slice(1));
    expect(accessesWithin(accesses, 1000)).toEqual(accesses);
    expect(accessesWithin(accesses, null)).toEqual(accesses);
  });

  it('keeps a typical stop small to draw: touched lines only, at most 64 heat cells a level, visible sets only', () => {
    const data = threads().at('exit');
    renderPanel(CpuCachesPanel, 'cpu-caches', data, threads().at('threads created'));
    const hart = data.snapshot.harts[followedHart(data)!.hart]!;
    const lines = new Set(hart.recentAccesses.map((a) => a.lineAddress)).size;
    expect(document.querySelectorAll('.cc-map-cell').length).toBeLessThanOrEqual(lines);
    for (const strip of document.querySelectorAll('.cc-heat-cells')) expect(strip.children.length).toBeLessThanOrEqual(64);
    expect(document.querySelectorAll('*').length).toBeLessThan(1200);
  });
});
