// The TLB panel: every hart's TLB at a glance (hit rate, valid entries), then one hart's in
// detail: its counters and how they grew since the last stop, its valid entries (VPN → PPN, ASID,
// flags, whose address space), and its last events: misses and the walks that filled them,
// evictions, flushes at address-space switches, shootdowns. It follows the selected thread's
// hart (the one running it, else the one that ran it last) unless another is chosen.

import { useState } from 'preact/hooks';
import { Empty, Figure, Icon, Meter, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { HartPicker } from '../components/hart-picker';
import { address, count, hex } from '../format';
import { usePersistentState } from '../hooks';
import { PteFlags } from './page-table';
import { selectedProcess, type PanelProps } from './panel-props';
import { counterDeltas, entryRows, eventLines, hartOfThread, hitRateText, type EntryRow, type EventFilter, type FollowedHart, type TlbCounters } from './tlb-model';
import type { HartView, ProcessView, TlbView } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;

export function TlbPanel({ data, previous }: PanelProps) {
  const [chosen, setChosen] = usePersistentState<number | null>('tlb.hart', null);
  const harts = data.snapshot.harts;
  if (harts.length === 0) return <Empty>No harts to show.</Empty>;
  const followed = selectedProcess(data);
  const thread = followed?.thread ?? null;
  const following = thread ? hartOfThread(data.snapshot, thread.tid, thread.hart) : null;
  const shown = harts[chosen ?? following?.hart ?? 0] ?? harts[0]!;
  const before = previous?.snapshot.harts[shown.id]?.tlb ?? null;
  return (
    <div class="tlb">
      <HartPicker
        title="TLBs"
        label="Hart whose TLB is shown"
        harts={harts}
        shown={shown.id}
        followedHart={following?.hart ?? null}
        onChoose={(id) => setChosen(id === following?.hart ? null : id)}
        detail={(h) => <HartDetail hart={h} />}
        actions={<span class="tlb-following">{followingNote(thread?.tid ?? null, following)}</span>}
      />
      <Counters hart={shown} before={before} />
      <div class="tlb-split">
        <Entries hart={shown} processes={data.snapshot.processes} mine={followed?.process ?? null} before={before} />
        <RecentEvents tlb={shown.tlb} before={before} hart={shown.id} />
      </div>
    </div>
  );
}

function followingNote(followedTid: number | null, following: FollowedHart | null): string {
  if (followedTid === null) return 'no thread followed';
  if (!following) return `tid ${followedTid} has not run on a hart recently`;
  return `tid ${followedTid} ${following.how === 'running' ? 'runs on' : 'last ran on'} hart ${following.hart}`;
}

function HartDetail({ hart }: { readonly hart: HartView }) {
  return (
    <>
      <span class="hart-detail">
        {hart.tid === null ? 'idle' : `tid ${hart.tid} · pid ${hart.pid}`} · {count(hart.tlb.valid.length)}/{count(hart.tlb.entries)} valid
      </span>
      <Meter part={hart.tlb.hits} whole={hart.tlb.hits + hart.tlb.misses} label={`hart ${hart.id} TLB hit rate`} />
      <span class="hart-detail">hit rate {hitRateText(hart.tlb)}</span>
    </>
  );
}

const plus = (delta: number | undefined) => (delta ? ` (+${count(delta)})` : '');

function Counters({ hart, before }: { readonly hart: HartView; readonly before: TlbView | null }) {
  const tlb = hart.tlb;
  const delta = counterDeltas(tlb, before);
  const d = (name: keyof TlbCounters) => plus(delta?.[name]);
  const sets = tlb.entries / tlb.ways;
  const sinceStop = delta && delta.hits + delta.misses > 0 ? ` · ${hitRateText(delta)} since the last stop` : '';
  return (
    <Section title={`Hart ${hart.id}'s TLB · ${count(tlb.entries)} entries, ${tlb.ways}-way, ${count(sets)} sets`}>
      <div class="figures" aria-label="TLB counters">
        <Figure label="satp" value={`PPN ${hex(hart.satp.rootPpn, 5)} · ${hart.satp.asid === 0 ? 'no ASID' : `ASID ${hart.satp.asid}`}`} title="The page table and ASID the hart translates through" />
        <Figure label="valid" value={count(tlb.valid.length)} />
        <Figure label="hits" value={count(tlb.hits) + d('hits')} />
        <Figure label="misses" value={count(tlb.misses) + d('misses')} title="Lookups that walked the page table" />
        <Figure label="hit rate" value={hitRateText(tlb)} title={`Since boot${sinceStop}`} />
        <Figure label="flushes" value={count(tlb.flushes) + d('flushes')} title="Whole-TLB or whole-address-space flushes" />
        <Figure label="evictions" value={count(tlb.evictions) + d('evictions')} title="Entries dropped to make room in a full set" />
        <Figure label="shootdowns" value={count(tlb.shootdowns) + d('shootdowns')} title="Single pages dropped on the kernel's word" />
      </div>
    </Section>
  );
}

function Entries({ hart, processes, mine, before }: { readonly hart: HartView; readonly processes: readonly ProcessView[]; readonly mine: ProcessView | null; readonly before: TlbView | null }) {
  const [selected, setSelected] = useState(-1);
  const rows = entryRows(hart, processes, before);
  if (rows.length === 0) return <Section title="Entries">{<Empty>The TLB is empty (flushed, or the hart has not run yet).</Empty>}</Section>;
  return (
    <Section title={`Entries · ${count(rows.length)} valid`}>
      <VirtualList
        items={rows}
        rowHeight={ROW_HEIGHT}
        label="TLB entries"
        selected={selected}
        onSelect={setSelected}
        rowKey={(r) => r.entry.set * 4096 + r.entry.way}
        rowClass={(r) => `${r.fresh ? 'fresh' : ''} ${mine && r.owner?.pid === mine.pid ? 'mine' : ''}`}
        header={<EntriesHeader />}
        renderRow={(r) => <EntryLine row={r} />}
      />
    </Section>
  );
}

function EntriesHeader() {
  return (
    <div class="tlb-row tlb-header" aria-hidden="true">
      <span>set·way</span>
      <span>VPN</span>
      <span>virtual page</span>
      <span>PPN</span>
      <span>ASID</span>
      <span>flags</span>
      <span>process</span>
    </div>
  );
}

function EntryLine({ row }: { readonly row: EntryRow }) {
  const e = row.entry;
  return (
    <div class="tlb-row">
      <span class="mono">
        {e.set}·{e.way}
      </span>
      <span class="mono">{hex(e.vpn, 5)}</span>
      <span class="mono">{address(e.vpn * 4096)}</span>
      <span class="mono">{hex(e.ppn, 5)}</span>
      <span class="mono">{e.asid}</span>
      <PteFlags flags={e.flags} />
      <span>
        {row.owner ? `pid ${row.owner.pid} ${row.owner.comm}` : '–'}
        {row.fresh && <span class="badge">new</span>}
      </span>
    </div>
  );
}

const EVENT_FILTERS: Record<EventFilter, string> = { all: 'all events', misses: 'misses', flushes: 'flushes and shootdowns', evictions: 'evictions' };

function RecentEvents({ tlb, before, hart }: { readonly tlb: TlbView; readonly before: TlbView | null; readonly hart: number }) {
  const [filter, setFilter] = usePersistentState<EventFilter>('tlb.events', 'all');
  const lines = eventLines(tlb, before, filter);
  return (
    <Section
      title={`Last events · hart ${hart}`}
      actions={
        <select value={filter} aria-label="Events shown" onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as EventFilter)}>
          {(Object.keys(EVENT_FILTERS) as EventFilter[]).map((f) => (
            <option key={f} value={f}>
              {EVENT_FILTERS[f]}
            </option>
          ))}
        </select>
      }
    >
      {lines.length === 0 ? (
        <Empty>No events recorded{filter === 'all' ? '' : ' of this kind'}.</Empty>
      ) : (
        <ol class="tlb-events" aria-label="Recent TLB events, newest first">
          {lines.map((l) => (
            <li key={l.seq} class={`tlb-event tone-${l.tone} ${l.fresh ? 'fresh' : ''}`}>
              <Icon name={l.icon} />
              <span class="mono tlb-event-cycle" title="Simulated cycle (a miss mid-run carries the cycle its run began at)">
                {count(l.cycles)}
              </span>
              <span>{l.text}</span>
              {l.fresh && <span class="badge">new</span>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
