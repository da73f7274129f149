// The Storage panel's memory side: the files of /data with their pages in the page cache (the
// selected file's pages as a grid, what changed since the last stop outlined), and writeback —
// dirty pages against the background and dirty limits, and what fsync and sync waited for.

import { useMemo } from 'preact/hooks';
import { Figure, Meter, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { bytes, count, duration, percent } from '../format';
import { usePersistentState } from '../hooks';
import type { MachineEvent } from '../../sim/events';
import type { StorageView } from '../../sim/fs/storage-view';
import type { MachineSnapshot } from '../../sim/snapshot-types';
import { defaultFile, fileRows, meterLevel, PAGE_STATE_LABEL, pageCells, pageCounts, syncWaits, type FileRow, type PageState, type SyncWait } from './storage-model';

const ROW_HEIGHT = 22;
const FILES_HEIGHT = 132;
/** fsync calls listed (the events may hold hundreds in a loop). */
const LISTED_WAITS = 12;

export function PageCacheSection({ storage, before, snapshot }: { readonly storage: StorageView; readonly before: StorageView | null; readonly snapshot: MachineSnapshot }) {
  const rows = useMemo(() => fileRows(storage.files, before?.files ?? null), [storage, before]);
  const [selectedPath, setSelectedPath] = usePersistentState<string | null>('storage.file', null);
  const found = rows.findIndex((r) => r.file.path === selectedPath);
  const selected = found >= 0 ? found : rows.findIndex((r) => r.file.path === defaultFile(storage.files));
  const row = rows[selected];
  const memory = snapshot.memory;
  const io = snapshot.stats.io;
  return (
    <Section title={`Page cache · ${rows.length} file${rows.length === 1 ? '' : 's'} on /data`}>
      <div class="figures" aria-label="Page cache">
        <Figure label="cache, all files" value={`${count(memory.pageCacheFrames)} pages`} title={`${bytes(memory.pageCacheFrames * memory.pageSize)}: ${percent(memory.pageCacheFrames, memory.totalFrames)} of memory`} />
        <Figure label="dirty on /data" value={count(storage.writeback.dirtyPages)} />
        <Figure label="lookups hit" value={percent(io.cacheHits, io.cacheHits + io.cacheMisses)} title={`${count(io.cacheHits)} hits, ${count(io.cacheMisses)} misses (every file read through the cache)`} />
      </div>
      {rows.length === 0 ? (
        <p class="storage-note">No files on /data yet.</p>
      ) : (
        <>
          <div class="storage-files" style={{ height: `${Math.min(FILES_HEIGHT, ROW_HEIGHT * (rows.length + 2))}px` }}>
            <VirtualList
              items={rows}
              rowHeight={ROW_HEIGHT}
              fallbackHeight={FILES_HEIGHT}
              label="Files on /data"
              selected={selected}
              onSelect={(index) => setSelectedPath(rows[index]?.file.path ?? null)}
              rowKey={(r) => r.file.path}
              rowClass={(r) => (r.changed ? 'changed' : '')}
              header={<FileHeader />}
              renderRow={(r) => <FileRowView row={r} />}
            />
          </div>
          {row && <PageGrid row={row} />}
        </>
      )}
    </Section>
  );
}

function FileHeader() {
  return (
    <div class="file-row file-header" aria-hidden="true">
      <span>file</span>
      <span class="numeric">size</span>
      <span class="numeric">cached</span>
      <span class="numeric">dirty</span>
    </div>
  );
}

function FileRowView({ row }: { readonly row: FileRow }) {
  const f = row.file;
  return (
    <div class="file-row">
      <span class="file-path">{f.path}</span>
      <span class="mono numeric">{bytes(f.size)}</span>
      <span class="mono numeric">
        {count(f.cachedPages)} / {count(f.pageCount)}
      </span>
      <span class={`mono numeric ${f.dirtyPages > 0 ? 'has-dirty' : ''}`}>{count(f.dirtyPages)}</span>
    </div>
  );
}

const STATES: readonly PageState[] = ['absent', 'clean', 'dirty', 'writing'];

function PageGrid({ row }: { readonly row: FileRow }) {
  const file = row.file;
  const cells = pageCells(file, row.before);
  const counts = pageCounts(file);
  const summary = `${file.path}: ${count(file.pageCount)} pages, ${count(counts.cached)} cached, ${count(counts.dirty)} dirty, ${count(counts.writing)} being written`;
  return (
    <div class="page-grid-box">
      <p class="page-counts" aria-label={`Pages of ${file.path}`}>
        <span class="file-path">{file.path}</span> · {count(file.pageCount)} pages · {count(counts.cached)} cached · {count(counts.clean)} clean · {count(counts.dirty)} dirty · {count(counts.writing)} being written
      </p>
      <div class="page-grid" role="img" aria-label={summary}>
        {cells.map((c) => (
          <span key={c.index} class={`page page-${c.state} ${c.changed ? 'changed' : ''}`} title={`page ${c.index} (bytes ${c.index * 4096}–${(c.index + 1) * 4096 - 1}): ${PAGE_STATE_LABEL[c.state]}${c.changed ? ', changed since the last stop' : ''}`} />
        ))}
      </div>
      {file.pageCount > cells.length && <p class="storage-note">The first {count(cells.length)} of {count(file.pageCount)} pages.</p>}
      <ul class="legend" aria-label="Page states">
        {STATES.map((s) => (
          <li key={s}>
            <span class={`page page-${s}`} /> {PAGE_STATE_LABEL[s]}
          </li>
        ))}
        <li>
          <span class="page page-clean changed" /> changed since the last stop
        </li>
      </ul>
    </div>
  );
}

export function WritebackSection(props: { readonly storage: StorageView; readonly events: readonly MachineEvent[]; readonly cycleNs: number; readonly nowNs: number }) {
  const w = props.storage.writeback;
  const waits = useMemo(() => syncWaits(props.events, props.cycleNs, props.nowNs), [props.events, props.cycleNs, props.nowNs]);
  const inFlight = w.dirtyPages + w.writingPages;
  return (
    <Section title="Writeback & fsync">
      <div class="writeback-meters">
        <span class="meter-label">dirty {count(w.dirtyPages)} / background limit {count(w.backgroundLimit)}</span>
        <Meter part={w.dirtyPages} whole={w.backgroundLimit} label={`Dirty pages: ${w.dirtyPages} of the background limit ${w.backgroundLimit}`} kind={meterLevel(w.dirtyPages, w.backgroundLimit)} />
        <span class="meter-label">dirty + being written {count(inFlight)} / dirty limit {count(w.dirtyLimit)}</span>
        <Meter part={inFlight} whole={w.dirtyLimit} label={`Dirty and being written: ${inFlight} of the dirty limit ${w.dirtyLimit}`} kind={meterLevel(inFlight, w.dirtyLimit)} />
      </div>
      <p class="storage-note">
        Past the background limit (10 % of memory) the kernel starts writing dirty pages; past the dirty limit (20 %) a writer waits for the device. Otherwise the flusher writes pages dirty for 30 s.
      </p>
      <SyncWaits waits={waits} />
    </Section>
  );
}

function SyncWaits({ waits }: { readonly waits: readonly SyncWait[] }) {
  if (waits.length === 0) return <p class="storage-note">No fsync, fdatasync or sync among the recent events.</p>;
  const listed = waits.slice(0, LISTED_WAITS);
  return (
    <table class="sync-waits" aria-label="fsync waits, newest first">
      <thead>
        <tr>
          <th>call</th>
          <th>thread</th>
          <th class="numeric">waited</th>
          <th>what it waited for</th>
        </tr>
      </thead>
      <tbody>
        {listed.map((s) => (
          <tr key={s.key} class={s.endNs === null ? 'waiting' : ''}>
            <td class="mono">
              {s.name}({s.fd === null ? '' : `fd ${s.fd}`})
            </td>
            <td class="mono">
              {s.pid}/{s.tid}
            </td>
            <td class="mono numeric">{s.endNs === null ? `${duration(s.waitedNs)} so far` : duration(s.waitedNs)}</td>
            <td>{syncDetail(s)}</td>
          </tr>
        ))}
      </tbody>
      {waits.length > listed.length && (
        <caption class="storage-note">
          The {listed.length} most recent of {waits.length}.
        </caption>
      )}
    </table>
  );
}

function syncDetail(s: SyncWait): string {
  const pages = s.pages === null ? 'dirty pages' : `${s.pages} dirty page${s.pages === 1 ? '' : 's'}`;
  const requests = s.requests.length > 0 ? ` in ${s.requests.length} device request${s.requests.length === 1 ? '' : 's'} (${s.requests.map((id) => `#${id}`).join(', ')})` : '';
  const result = s.result !== null && s.result < 0 ? `; failed with ${s.result}` : '';
  return `${pages}${requests}, then the device's cache flush${result}`;
}
