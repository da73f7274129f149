// The CPU & Caches panel: every hart at a glance (its thread, the instruction at its pc, its L1D
// hit rate), then one hart in detail: its registers with those changed since the last stop
// highlighted, each cache level's counters and hit rate, heatmaps of its recent accesses (the
// locality lab's row-major and column-major walks look nothing alike there), and the sets of the
// chosen level when it is small enough to draw. It follows the selected thread's hart (the one
// running it, else the one that ran it last) unless another is chosen.

import { Empty, Meter, Section } from '../components/common';
import { address, percent } from '../format';
import { usePersistentState } from '../hooks';
import { HartPicker } from '../components/hart-picker';
import { RecentAccesses } from './cpu-caches-heatmap';
import { LevelTable, SetTable } from './cpu-caches-levels';
import { accessesSince, accessesWithin, followedHart, levelRows, previousRegisters } from './cpu-caches-model';
import { HartCore } from './cpu-caches-registers';
import type { PanelProps } from './panel-props';
import type { CacheAccessView, CacheLevelView, HartView, MachineSnapshot } from '../../sim/snapshot-types';

export function CpuCachesPanel({ data, previous }: PanelProps) {
  const [chosen, setChosen] = usePersistentState<number | null>('cpu-caches.hart', null);
  const harts = data.snapshot.harts;
  if (harts.length === 0) return <Empty>No harts to show.</Empty>;
  const following = followedHart(data);
  const hart = harts[chosen ?? following?.hart ?? 0] ?? harts[0]!;
  const before = previous?.snapshot ?? null;
  const process = data.snapshot.processes.find((p) => p.pid === hart.pid) ?? null;
  return (
    <div class="cpu-caches">
      <HartPicker
        title="Harts"
        label="Hart shown in detail"
        harts={harts}
        shown={hart.id}
        followedHart={following?.hart ?? null}
        onChoose={(id) => setChosen(id === following?.hart ? null : id)}
        detail={(h) => <HartDetail hart={h} />}
      />
      <div class="cc-split">
        <HartCore hart={hart} process={process} before={previousRegisters(hart, before)} />
        <HartCaches hart={hart} snapshot={data.snapshot} before={before} />
      </div>
    </div>
  );
}

function HartDetail({ hart }: { readonly hart: HartView }) {
  const l1 = hart.caches[0];
  return (
    <>
      <span class="hart-detail">{hart.tid === null ? 'idle' : `tid ${hart.tid} · pid ${hart.pid}`}</span>
      {hart.tid !== null && (
        <span class="hart-detail mono">
          {address(hart.pc)} {hart.instruction?.text ?? ''}
        </span>
      )}
      {l1 && (
        <span class="hart-detail">
          <Meter part={l1.hits} whole={l1.hits + l1.misses} label={`hart ${hart.id} ${l1.name} hit rate`} /> {l1.name} {percent(l1.hits, l1.hits + l1.misses)}
        </span>
      )}
    </>
  );
}

interface HartCachesProps {
  readonly hart: HartView;
  readonly snapshot: MachineSnapshot;
  readonly before: MachineSnapshot | null;
}

function HartCaches({ hart, snapshot, before }: HartCachesProps) {
  const [chosenLevel, setChosenLevel] = usePersistentState('cpu-caches.level', 'L1D');
  const l1 = hart.caches[0];
  if (!l1) {
    return (
      <Section title={`Caches of hart ${hart.id}`}>
        <p class="cc-note">The caches are off in this session: launch with "caches": true to model L1D, L2 and L3 (every data access is then charged what the level serving it costs).</p>
      </Section>
    );
  }
  const rows = levelRows(hart, snapshot, before);
  // Since the last stop when the ring reaches back that far; for the shared level, every hart's.
  const recent = (h: HartView) => accessesWithin(h.recentAccesses, accessesSince(h, before));
  const mine = recent(hart);
  const everyHart = snapshot.harts.flatMap(recent);
  const levels = rows.map((r, depth) => ({ level: r.level, depth, accesses: r.shared ? everyHart : mine }));
  const shown = levels.find((l) => l.level.name === chosenLevel) ?? levels[0]!;
  return (
    <div class="cc-caches">
      <Section title={`Caches of hart ${hart.id}`}>
        <LevelTable rows={rows} tlb={hart.tlb} tlbBefore={before?.harts[hart.id]?.tlb ?? null} chosen={shown.level.name} onChoose={setChosenLevel} />
      </Section>
      <RecentAccesses hart={hart.id} accesses={mine} l1={l1} since={accessesSince(hart, before)} levels={levels} />
      <SetTable key={shown.level.name} level={shown.level} before={levelBefore(shown.level, hart, before)} recentLines={lineSet(shown.accesses)} />
    </div>
  );
}

/** The same level at the previous stop: this hart's, or the shared one. */
function levelBefore(level: CacheLevelView, hart: HartView, before: MachineSnapshot | null): CacheLevelView | null {
  if (!before) return null;
  return [...(before.harts[hart.id]?.caches ?? []), ...before.sharedCaches].find((l) => l.name === level.name) ?? null;
}

function lineSet(accesses: readonly CacheAccessView[]): Set<number> {
  return new Set(accesses.map((a) => a.lineAddress));
}
