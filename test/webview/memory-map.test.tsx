// @vitest-environment happy-dom
// The Memory Map panel on the fork demo: the rows of /proc/PID/maps, the mappings changed since
// the last stop, the smaps figures of the selected row, the address-space bar, and a row opening
// VS Code's memory view.

import { fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { MemoryMapPanel } from '../../webview/panels/memory-map';
import { barSegments, diffMappings } from '../../webview/panels/memory-map-model';
import { forkDemo } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

describe('Memory Map panel', () => {
  it('lists the followed process mappings as /proc/PID/maps does, with their names and kinds', () => {
    const data = forkDemo().at('before fork');
    const process = data.snapshot.processes.find((p) => p.pid === data.selected!.pid)!;
    renderPanel(MemoryMapPanel, 'memory-map', data);
    const list = screen.getByRole('listbox', { name: 'Mappings' });
    const rows = within(list).getAllByRole('option');
    expect(rows.length).toBe(process.vmas.length);
    expect(list.textContent).toContain('[stack]');
    expect(list.textContent).toContain('/lib/libc.so');
    // malloc's 10 MB buffer is an anonymous mapping of its own, all of it resident after memset.
    expect(list.textContent).toContain('10.0 MiB');
    expect(screen.getByText(`/proc/${process.pid}/maps · ${process.vmas.length} mappings`)).toBeTruthy();
  });

  it('marks what changed since the previous stop: the 10 MB buffer touched by memset is resident', () => {
    const recording = forkDemo();
    const before = recording.at('before fork');
    const later = recording.at('first sleep');
    const pid = later.selected!.pid;
    const diff = diffMappings(later.snapshot.processes.find((p) => p.pid === pid)!.vmas, before.snapshot.processes.find((p) => p.pid === pid)?.vmas ?? null);
    expect(diff.rows.some((r) => r.change !== null)).toBe(true);
    renderPanel(MemoryMapPanel, 'memory-map', later, before);
    expect(document.querySelectorAll('.virtual-row.changed').length).toBe(diff.rows.filter((r) => r.change).length);
  });

  it('shows the smaps figures of the selected mapping and opens the memory view on Enter', () => {
    const data = forkDemo().at('first sleep');
    const { api } = renderPanel(MemoryMapPanel, 'memory-map', data);
    const list = screen.getByRole('listbox', { name: 'Mappings' });
    const heapIndex = within(list).getAllByRole('option').findIndex((row) => row.textContent?.includes('[heap]'));
    fireEvent.click(within(list).getAllByRole('option')[heapIndex]!);
    expect(screen.getByText('smaps · [heap]')).toBeTruthy();
    const figures = screen.getByLabelText('smaps figures');
    expect(figures.textContent).toMatch(/Rss/);
    expect(figures.textContent).toMatch(/Private_Dirty/);
    fireEvent.keyDown(list, { key: 'Enter' });
    const request = api.posted.find((m) => m.type === 'request' && m.method === 'openMemory');
    const heap = data.snapshot.processes.find((p) => p.pid === data.selected!.pid)!.vmas.find((v) => v.name === '[heap]')!;
    expect(request).toMatchObject({ params: { pid: data.selected!.pid, address: heap.start } });
  });

  it('draws the address space to scale, with every mapping visible, or with the gaps squeezed', () => {
    const data = forkDemo().at('before fork');
    const vmas = data.snapshot.processes.find((p) => p.pid === data.selected!.pid)!.vmas;
    for (const squeeze of [false, true]) {
      const segments = barSegments(vmas, squeeze);
      expect(segments.filter((s) => s.vma >= 0).length).toBe(vmas.length);
      expect(segments.reduce((sum, s) => sum + s.width, 0)).toBeCloseTo(1, 6);
      for (const s of segments.filter((s) => s.vma >= 0)) expect(s.width).toBeGreaterThan(0.001);
    }
    renderPanel(MemoryMapPanel, 'memory-map', data);
    expect(screen.getByRole('group', { name: /Address space/ }).querySelectorAll('button.bar-vma').length).toBe(vmas.length);
  });
});
