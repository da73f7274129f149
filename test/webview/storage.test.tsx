// @vitest-environment happy-dom
// The Storage panel on the file I/O recording: 16 dirty pages of /data/log.txt before fsync, the
// fsync's device requests and its wait after it, and the replay of the read that missed the
// cache (lookup → miss → block request → device latency → cache fill → return), stepped through
// with the buttons and the keyboard; a machine without /data says so.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelData } from '../../debug/protocol';
import type { MachineEvent } from '../../sim/events';
import { StoragePanel } from '../../webview/panels/storage';
import { pageCells, syncWaits } from '../../webview/panels/storage-model';
import { recentReads } from '../../webview/panels/storage-replay';
import { fileIo, forkDemo } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

const grid = () => screen.getByRole('img', { name: /^\/data\/log\.txt:/ });
const cells = (state: string) => grid().querySelectorAll(`.page-${state}`).length;
const steps = () => within(screen.getByRole('list', { name: /Steps of the read/ })).getAllByRole('listitem');

describe('Storage panel: a dirty page cleaned by fsync', () => {
  it('shows /data/log.txt with its 16 dirty pages before fsync, and nothing on the device yet', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('before fsync'));
    const files = screen.getByRole('listbox', { name: 'Files on /data' });
    expect(within(files).getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('/data/log.txt')]);
    expect(cells('dirty')).toBe(16);
    expect(grid().getAttribute('aria-label')).toBe('/data/log.txt: 16 pages, 16 cached, 16 dirty, 0 being written');
    expect(screen.getByLabelText('Pages of /data/log.txt').textContent).toContain('16 dirty');
    expect(screen.getByRole('meter', { name: /^Dirty pages: 16 of the background limit/ })).toBeTruthy();
    expect(screen.getByText('No request has reached the device yet.')).toBeTruthy();
    expect(screen.getByText(/No fsync, fdatasync or sync/)).toBeTruthy();
  });

  it('after fsync: no page is dirty, the fsync’s writes and flush are in the recent I/O, and its wait is listed', () => {
    const recording = fileIo();
    renderPanel(StoragePanel, 'storage', recording.at('after fsync'), recording.at('before fsync'));
    // fsync has returned: the device has written every page, and they are clean.
    expect(cells('dirty') + cells('writing')).toBe(0);
    expect(cells('clean')).toBe(16);
    expect(grid().querySelectorAll('.page.changed').length).toBe(16);
    const recent = screen.getByRole('listbox', { name: 'Recent device requests, newest first' });
    const rows = within(recent).getAllByRole('option');
    expect(rows.map((r) => r.querySelector('.op')!.textContent)).toEqual(['flush', 'write', 'write']);
    for (const row of rows) expect(row.querySelector('.cause')!.textContent).toBe('fsync');
    expect(rows.every((r) => r.classList.contains('changed'))).toBe(true);
    expect(rows[2]!.textContent).toContain('259 → 0'); // the 16 data blocks: LBA 259 on NAND page 0
    const waits = screen.getByRole('table', { name: 'fsync waits, newest first' });
    expect(waits.textContent).toContain('fsync(fd 3)');
    expect(waits.textContent).toContain('384 µs');
    expect(waits.textContent).toContain('16 dirty pages in 3 device requests (#1, #2, #3)');
    expect(screen.getByText("The queue is empty: the device is idle.")).toBeTruthy();
  });

  it('shows the pages clean once the device is done, and the device’s counters', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('after read'));
    expect(cells('clean')).toBe(16);
    expect(cells('dirty') + cells('writing')).toBe(0);
    const device = screen.getByLabelText('Device');
    expect(device.textContent).toContain('SSD');
    expect(device.textContent).toContain('4 KiB');
    const counters = screen.getByLabelText('Device counters');
    expect(within(counters).getByText('flushes').previousElementSibling!.textContent).toBe('1');
    expect(within(counters).getByText('reads').previousElementSibling!.textContent).toBe('1');
  });
});

describe('Storage panel: the replay of a read', () => {
  it('replays the read that missed the cache: lookup → miss → block request → device latency → fill → return', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('after read'));
    const chooser = screen.getByRole('combobox', { name: 'Read to replay' }) as HTMLSelectElement;
    expect(chooser.selectedOptions[0]!.textContent).toMatch(/^read\(fd 3, 4096 bytes\) · \/data\/direct\.bin · cache miss · 33\.0 µs/);
    const titles = steps().map((s) => s.querySelector('.step-title')!.textContent);
    expect(titles).toEqual([
      'read(fd 3, 4096 bytes) enters the kernel',
      'Page cache lookup: page 0',
      'Miss: not in the page cache',
      'Block request #8: read LBA 275 → PBA 17',
      'Device latency: 33.0 µs',
      'Cache fill',
      'read returns 4096 bytes',
    ]);
    // Simulated times appear as the learner steps: the device's 33 µs between request and fill.
    const next = screen.getByRole('button', { name: 'Next step' });
    for (let i = 0; i < 5; i++) fireEvent.click(next);
    expect(steps()[5]!.querySelector('.step-detail')!.textContent).toContain('with pages 1–3 read ahead');
    fireEvent.click(next);
    expect(steps().map((s) => s.querySelector('.step-time')!.textContent)).toEqual(['+0 ns', '+0 ns', '+0 ns', '+0 ns', '+0 ns', '+33.0 µs', '+33.0 µs']);
  });

  it('steps with Back/Next and the arrow keys, one step shown as current at a time', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('after read'));
    const back = screen.getByRole('button', { name: 'Back one step' }) as HTMLButtonElement;
    const next = screen.getByRole('button', { name: 'Next step' }) as HTMLButtonElement;
    const current = () => steps().findIndex((s) => s.getAttribute('aria-current') === 'step');
    expect(current()).toBe(0);
    expect(back.disabled).toBe(true);
    expect(steps()[1]!.classList.contains('upcoming')).toBe(true);
    fireEvent.click(next);
    fireEvent.click(next);
    expect(current()).toBe(2);
    expect(screen.getByText(/^Step 3 of 7: Miss: not in the page cache/)).toBeTruthy();
    const list = screen.getByRole('list', { name: /Steps of the read/ });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(current()).toBe(3);
    fireEvent.keyDown(list, { key: 'End' });
    expect(current()).toBe(6);
    expect(next.disabled).toBe(true);
    fireEvent.click(back);
    expect(current()).toBe(5);
    fireEvent.keyDown(list, { key: 'Home' });
    expect(current()).toBe(0);
  });

  it('lets the learner pick another recent read: the pread64 that hit the cache', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('after read'));
    const chooser = screen.getByRole('combobox', { name: 'Read to replay' }) as HTMLSelectElement;
    const hit = [...chooser.options].find((o) => o.textContent!.startsWith('pread64'))!;
    expect(hit.textContent).toContain('/data/log.txt · cache hit');
    fireEvent.change(chooser, { target: { value: hit.value } });
    expect(steps().map((s) => s.querySelector('.step-title')!.textContent)).toEqual([
      'pread64(fd 3, 4096 bytes at 0) enters the kernel',
      'Page cache lookup: page 0',
      'Hit: copied from the page cache',
      'pread64 returns 4096 bytes',
    ]);
  });

  it('shows a hole as zeros without a request, and an O_DIRECT read going around the cache', () => {
    const storage = fileIo().at('after read').snapshot.storage!;
    const read = (startCycles: number, cycles: number, name = 'read') => ({ kind: 'syscall', cycles, startCycles, hart: 0, pid: 2, tid: 2, nr: 63, name, args: [3, 0, 4096, 0, 0, 0], result: 4096 }) as const;
    const events: MachineEvent[] = [
      { kind: 'pageCache', cycles: 100, file: 'nvme0n1:3', index: 7, outcome: 'miss' },
      { kind: 'pageCache', cycles: 100, file: 'nvme0n1:3', index: 7, outcome: 'hole' },
      read(100, 100),
      { kind: 'blockRequest', cycles: 200, device: 'nvme0n1', id: 9, op: 'read', lba: 300, sectors: 1, pba: 40, cause: 'direct', queuedAt: 200, startAt: 250, doneAt: 300 },
      read(200, 300),
    ];
    const [direct, hole] = recentReads(events, storage, 1);
    expect(hole!.steps.map((s) => s.kind)).toEqual(['enter', 'lookup', 'hole', 'return']);
    expect(hole!.outcome).toBe('hole');
    expect(direct!.steps.map((s) => s.kind)).toEqual(['enter', 'direct', 'request', 'queue', 'device', 'return']);
    expect(direct!.steps.find((s) => s.kind === 'queue')!.title).toBe('Queue wait: 50 ns');
  });

  it('says so when no read of a /data file is among the events', () => {
    renderPanel(StoragePanel, 'storage', fileIo().at('before fsync'));
    expect(screen.getByText(/No read\(\) of a file on \/data among the recent events/)).toBeTruthy();
  });

  it('converts cycles with the snapshot’s own clock ratio, not 1 GHz', () => {
    const data = fileIo().at('after read');
    const [read] = recentReads(data.events, data.snapshot.storage!, 2);
    const device = read!.steps.find((s) => s.kind === 'device')!;
    expect(device.title).toBe('Device latency: 66.0 µs');
    expect(read!.endNs! - read!.startNs).toBe(66_000);
  });
});

describe('Storage panel: what changed, and waits still running', () => {
  it('outlines the pages and files that changed since the previous stop, and only those', () => {
    const recording = fileIo();
    const log = (label: string) => recording.at(label).snapshot.storage!.files.find((f) => f.path === '/data/log.txt')!;
    expect(pageCells(log('after read'), log('after read')).some((c) => c.changed)).toBe(false);
    expect(pageCells(log('after fsync'), log('before fsync')).map((c) => c.state)).toEqual(Array(16).fill('clean'));
    renderPanel(StoragePanel, 'storage', recording.at('after read'), recording.at('after fsync'));
    const files = within(screen.getByRole('listbox', { name: 'Files on /data' })).getAllByRole('option');
    // direct.bin is new; log.txt is as it was after the fsync (clean, all cached).
    expect(files.map((f) => f.classList.contains('changed'))).toEqual([false, true]);
    expect(screen.getByText('Recent I/O · 8 requests, 5 new')).toBeTruthy();
  });

  it('counts an fsync still waiting for the device up to now', () => {
    const data = fileIo().at('after fsync');
    const blocked = data.events.filter((e) => !(e.kind === 'syscall' && e.name === 'fsync' && e.result !== 'blocked'));
    const [wait] = syncWaits(blocked, 1, 100_000);
    expect(wait).toMatchObject({ name: 'fsync', fd: 3, endNs: null, pages: 16, requests: [1, 2, 3] });
    expect(wait!.waitedNs).toBe(100_000 - wait!.startNs);
  });

  it('draws every stop of the recordings without a problem, with or without file I/O', () => {
    for (const recording of [fileIo(), forkDemo()]) {
      recording.stops.forEach((stop, i) => {
        const { problems } = renderPanel(StoragePanel, 'storage', stop.data, recording.stops[i - 1]?.data ?? null);
        expect(problems).toEqual([]);
        expect(screen.getAllByRole('region').length).toBeGreaterThanOrEqual(5);
        cleanup();
      });
    }
  });
});

describe('Storage panel without a block device', () => {
  it('says plainly that nothing is mounted on /data', () => {
    const data = fileIo().at('before fsync');
    const none: PanelData = { ...data, snapshot: { ...data.snapshot, storage: null } };
    renderPanel(StoragePanel, 'storage', none);
    expect(screen.getByText(/No block device is mounted on \/data/)).toBeTruthy();
  });
});
