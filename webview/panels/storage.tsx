// The Storage panel: the page cache of the files on /data (a grid of pages per file, clean,
// dirty or being written), writeback against its limits and the fsync waits, the step-by-step
// replay of one read(), and the block device under it all: its sectors, queue, recent requests
// with their waits and latencies, and counters. Without a device on /data it says so.

import { useMemo } from 'preact/hooks';
import { Empty, Figure, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { bytes, count, duration } from '../format';
import { usePersistentState } from '../hooks';
import type { PanelProps } from './panel-props';
import { nsPerCycle, placement, requestRows, requestState, type RequestRow, type RequestState } from './storage-model';
import { PageCacheSection, WritebackSection } from './storage-pages';
import { ReadReplaySection } from './storage-replay-view';
import type { BlockRequestView, StorageView } from '../../sim/fs/storage-view';

const ROW_HEIGHT = 22;
const RECENT_HEIGHT = 180;

export function StoragePanel({ data, previous }: PanelProps) {
  const storage = data.snapshot.storage;
  if (!storage) {
    return <Empty>No block device is mounted on /data in this machine, so there is no page cache of device files and no disk I/O to show.</Empty>;
  }
  const cycleNs = nsPerCycle(data.snapshot);
  const nowNs = data.snapshot.simNs;
  const before = previous?.snapshot.storage ?? null;
  return (
    <div class="storage">
      <PageCacheSection storage={storage} before={before} snapshot={data.snapshot} />
      <WritebackSection storage={storage} events={data.events} cycleNs={cycleNs} nowNs={nowNs} />
      <ReadReplaySection storage={storage} events={data.events} cycleNs={cycleNs} />
      <DeviceSection storage={storage} nowNs={nowNs} />
      <QueueSection queue={storage.queue} nowNs={nowNs} />
      <RecentIoSection storage={storage} before={before} nowNs={nowNs} />
    </div>
  );
}

function DeviceSection({ storage, nowNs }: { readonly storage: StorageView; readonly nowNs: number }) {
  const d = storage.device;
  const c = d.counters;
  const used = storage.blocks.total - storage.blocks.free;
  const busy = d.busyUntilNs > nowNs ? `${duration(d.busyUntilNs - nowNs)} more` : 'idle';
  return (
    <Section title={`Device · /dev/${d.name} (${d.kind.toUpperCase()})`}>
      <div class="figures" aria-label="Device">
        <Figure label="kind" value={d.kind === 'ssd' ? 'SSD' : 'HDD'} title={d.kind === 'ssd' ? 'Flash: an FTL maps each logical page to a fresh NAND page' : 'Spinning disk: seek, rotation, transfer'} />
        <Figure label="logical sector" value={bytes(d.logicalSectorSize)} title="The unit the kernel addresses (LBA)" />
        <Figure label="physical sector" value={bytes(d.physicalSectorSize)} title="The unit the drive writes (PBA)" />
        <Figure label="capacity" value={bytes(d.capacityBytes)} />
        <Figure label="blocks used" value={`${count(used)} / ${count(storage.blocks.total)}`} title={`File system blocks of ${bytes(storage.blocks.blockSize)}`} />
        <Figure label="busy" value={busy} title="Until the device has served everything queued" />
      </div>
      <div class="figures" aria-label="Device counters">
        <Figure label="reads" value={count(c.reads)} />
        <Figure label="writes" value={count(c.writes)} />
        <Figure label="flushes" value={count(c.flushes)} title="Cache flushes (fsync and sync end with one)" />
        <Figure label="sectors read" value={count(c.sectorsRead)} />
        <Figure label="sectors written" value={count(c.sectorsWritten)} />
        {d.kind === 'hdd' ? (
          <Figure label="read-modify-writes" value={count(c.readModifyWrites)} title="Writes of part of a physical sector: the drive reads, merges and writes it back" />
        ) : (
          <Figure label="remaps" value={count(c.remaps)} title="Logical pages rewritten: each lands on a fresh NAND page, the old one goes stale" />
        )}
      </div>
    </Section>
  );
}

const STATE_LABEL: Record<RequestState, string> = { waiting: 'waiting', serving: 'being served', done: 'done' };

function QueueSection({ queue, nowNs }: { readonly queue: readonly BlockRequestView[]; readonly nowNs: number }) {
  const serving = queue.filter((r) => requestState(r, nowNs) === 'serving').length;
  return (
    <Section title={`Queue · ${serving} being served, ${queue.length - serving} waiting`}>
      {queue.length === 0 ? (
        <p class="storage-note">The queue is empty: the device is idle.</p>
      ) : (
        <ol class="device-queue" aria-label="Device queue, in service order">
          {queue.map((r) => {
            const state = requestState(r, nowNs);
            return (
              <li key={r.id} class={`queued-request state-${state}`}>
                <span class="mono">#{r.id}</span> {r.op} {r.op !== 'flush' && <span class="mono">LBA {r.lba} ×{r.sectors}</span>} <span class="cause">{r.cause}</span> —{' '}
                {STATE_LABEL[state]}, done in {duration(r.doneNs - nowNs)}
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

function RecentIoSection({ storage, before, nowNs }: { readonly storage: StorageView; readonly before: StorageView | null; readonly nowNs: number }) {
  const rows = useMemo(() => requestRows(storage, before, nowNs), [storage, before, nowNs]);
  const [selectedId, setSelectedId] = usePersistentState<number | null>('storage.request', null);
  const selected = rows.findIndex((r) => r.request.id === selectedId);
  const fresh = rows.filter((r) => r.fresh).length;
  return (
    <Section title={`Recent I/O · ${rows.length} requests${before && fresh > 0 ? `, ${fresh} new` : ''}`}>
      {rows.length === 0 ? (
        <p class="storage-note">No request has reached the device yet.</p>
      ) : (
        <div class="recent-io" style={{ height: `${Math.min(RECENT_HEIGHT, ROW_HEIGHT * (rows.length + 2))}px` }}>
          <VirtualList
            items={rows}
            rowHeight={ROW_HEIGHT}
            fallbackHeight={RECENT_HEIGHT}
            label="Recent device requests, newest first"
            selected={selected}
            onSelect={(index) => setSelectedId(rows[index]?.request.id ?? null)}
            rowKey={(r) => r.request.id}
            rowClass={(r) => `state-${r.state} ${r.fresh ? 'changed' : ''}`}
            header={<RequestHeader />}
            renderRow={(r) => <RequestRowView row={r} />}
          />
        </div>
      )}
    </Section>
  );
}

function RequestHeader() {
  return (
    <div class="io-row io-header" aria-hidden="true">
      <span>id</span>
      <span>op</span>
      <span>LBA → PBA</span>
      <span class="numeric">sectors</span>
      <span>cause</span>
      <span class="numeric">wait</span>
      <span class="numeric">latency</span>
      <span>state</span>
    </div>
  );
}

function RequestRowView({ row }: { readonly row: RequestRow }) {
  const r = row.request;
  return (
    <div class="io-row" title={`queued at t = ${duration(r.queuedNs)}, done at t = ${duration(r.doneNs)}`}>
      <span class="mono">#{r.id}</span>
      <span class={`op op-${r.op}`}>{r.op}</span>
      <span class="mono">{placement(r)}</span>
      <span class="mono numeric">{r.sectors}</span>
      <span class="cause">{r.cause}</span>
      <span class="mono numeric">{duration(r.waitNs)}</span>
      <span class="mono numeric">{duration(r.latencyNs)}</span>
      <span>{STATE_LABEL[row.state]}</span>
    </div>
  );
}
