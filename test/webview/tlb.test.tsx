// @vitest-environment happy-dom
// The TLB panel on the fork demo: every hart's TLB with its hit rate, the followed thread's hart
// shown first with its counters (and their growth since the last stop) and its valid entries,
// another hart on request; and the last events, with and without ASIDs: misses and the walks that
// filled them (or faulted), the flush fork causes, and the flush at each address-space switch.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { count, hex } from '../../webview/format';
import { TlbPanel } from '../../webview/panels/tlb';
import { eventLines, hartOfThread, hitRateText } from '../../webview/panels/tlb-model';
import { forkDemo, forkDemoWithoutAsids } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

const events = () => within(screen.getByRole('list', { name: 'Recent TLB events, newest first' })).getAllByRole('listitem');

describe('TLB panel', () => {
  it("shows every hart, the followed thread's first, with its counters and hit rate", () => {
    const data = forkDemo().at('first sleep');
    const hart = data.snapshot.harts.find((h) => h.tid === data.selected!.tid)!;
    renderPanel(TlbPanel, 'tlb', data);
    const harts = within(screen.getByRole('radiogroup', { name: 'Hart whose TLB is shown' })).getAllByRole('radio');
    expect(harts).toHaveLength(data.snapshot.harts.length);
    expect(harts[hart.id]!.getAttribute('aria-checked')).toBe('true');
    expect(harts[hart.id]!.textContent).toContain('followed');
    expect(screen.getByText(`tid ${data.selected!.tid} runs on hart ${hart.id}`)).toBeTruthy();
    const figures = screen.getByLabelText('TLB counters').textContent!;
    expect(figures).toContain(`${count(hart.tlb.hits)}hits`);
    expect(figures).toContain(`${count(hart.tlb.misses)}misses`);
    expect(figures).toContain(`${hitRateText(hart.tlb)}hit rate`);
    // Nearly every lookup hits, but not all: the rate does not round up to 100 %.
    expect(hitRateText({ hits: 20_976_516, misses: 5_191, flushes: 0, evictions: 0, shootdowns: 0 })).toBe('99.98 %');
    expect(screen.getByText(`Hart ${hart.id}'s TLB · ${hart.tlb.entries} entries, ${hart.tlb.ways}-way, ${hart.tlb.entries / hart.tlb.ways} sets`)).toBeTruthy();
  });

  it('lists the valid entries: set and way, VPN, PPN, ASID, flags and whose they are', () => {
    const data = forkDemo().at('first sleep');
    const hart = data.snapshot.harts.find((h) => h.tid === data.selected!.tid)!;
    renderPanel(TlbPanel, 'tlb', data);
    expect(screen.getByText(`Entries · ${hart.tlb.valid.length} valid`)).toBeTruthy();
    const first = within(screen.getByRole('listbox', { name: 'TLB entries' })).getAllByRole('option')[0]!;
    const e = hart.tlb.valid[0]!;
    expect(first.textContent).toContain(`${e.set}·${e.way}${hex(e.vpn, 5)}0x${hex(e.vpn * 4096)}${hex(e.ppn, 5)}${e.asid}`);
    expect(first.textContent).toContain(`pid ${data.selected!.pid}`);
    expect(first.className).toContain('mine');
  });

  it("shows another hart's TLB when chosen: the child's entries under its own ASID", () => {
    const data = forkDemo().at('first sleep');
    const other = data.snapshot.harts.find((h) => h.tid !== data.selected!.tid)!;
    const child = data.snapshot.processes.find((p) => p.ppid === data.selected!.pid)!;
    renderPanel(TlbPanel, 'tlb', data);
    fireEvent.click(within(screen.getByRole('radiogroup')).getAllByRole('radio')[other.id]!);
    expect(screen.getByText(new RegExp(`^Hart ${other.id}'s TLB`))).toBeTruthy();
    const rows = within(screen.getByRole('listbox', { name: 'TLB entries' })).getAllByRole('option');
    expect(rows[0]!.textContent).toContain(`pid ${child.pid}`);
    expect(other.tlb.valid.every((e) => e.asid === child.asid)).toBe(true);
  });

  it('lists the last events: misses and their walks, and the flush fork causes', () => {
    const recording = forkDemo();
    const data = recording.at('after fork');
    renderPanel(TlbPanel, 'tlb', data, recording.at('before fork'));
    const lines = events().map((li) => li.textContent!);
    const process = data.snapshot.processes.find((p) => p.pid === data.selected!.pid)!;
    expect(lines[0]).toMatch(new RegExp(`flush ASID ${process.asid}'s entries \\(fork write-protected the pages\\): 64 dropped`));
    expect(events()[0]!.className).toContain('fresh');
    expect(lines.some((l) => /miss VPN [0-9a-f]{5} \(ASID \d+\) → walk → PPN [0-9a-f]{5}/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('eviction VPN'))).toBe(true);
  });

  it('without ASIDs, shows the flush at each address-space switch, since the last stop', () => {
    const recording = forkDemoWithoutAsids();
    const before = recording.at('first sleep');
    const data = recording.at('second sleep');
    expect(hartOfThread(data.snapshot, data.selected!.tid, 0)).toEqual({ hart: 0, how: 'running' });
    const { problems } = renderPanel(TlbPanel, 'tlb', data, before);
    const lines = events();
    const flush = lines.find((li) => li.textContent!.includes('flush every entry (address-space switch without ASIDs)'))!;
    expect(flush.textContent).toMatch(/: \d+ dropped/);
    expect(flush.className).toContain('fresh');
    // After the switch the child misses on its first accesses, and its first write to a shared
    // page walks to a page fault (copy-on-write) before the walk that fills its own copy.
    expect(lines.some((li) => /miss VPN .* → walk → page fault/.test(li.textContent!))).toBe(true);
    const figures = screen.getByLabelText('TLB counters').textContent!;
    const tlb = data.snapshot.harts[0]!.tlb;
    expect(figures).toContain(`${count(tlb.flushes)} (+${count(tlb.flushes - before.snapshot.harts[0]!.tlb.flushes)})flushes`);
    fireEvent.change(screen.getByLabelText('Events shown'), { target: { value: 'flushes' } });
    expect(events().every((li) => /flush|shootdown/.test(li.textContent!))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('marks only the events recorded since the previous stop as new', () => {
    const recording = forkDemoWithoutAsids();
    const now = recording.at('second sleep').snapshot.harts[0]!.tlb;
    const before = recording.at('first sleep').snapshot.harts[0]!.tlb;
    const lines = eventLines(now, before, 'all');
    const last = before.recent.at(-1)!.seq;
    expect(lines.filter((l) => l.fresh).map((l) => l.seq)).toEqual(now.recent.filter((e) => e.seq > last).map((e) => e.seq).reverse());
    expect(eventLines(now, null, 'all').every((l) => !l.fresh)).toBe(true);
  });
});
