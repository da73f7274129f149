// The caches half of the CPU & Caches panel: every level's counters and hit rate (the hart's L1D
// and L2, the shared L3, the TLB's alongside) with their growth since the previous stop, and the
// chosen level's sets, each way's tag, dirty bit and LRU rank, when the level is small enough to
// draw.

import { useState } from 'preact/hooks';
import { Meter, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { address, bytes, count, hex, percent } from '../format';
import { setRows, tagDigits, type LevelRow, type SetRow } from './cpu-caches-model';
import { CACHE_LINES_SHOWN, type CacheLevelView, type TlbView } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;

interface LevelTableProps {
  readonly rows: readonly LevelRow[];
  readonly tlb: TlbView;
  /** The hart's TLB at the previous stop. */
  readonly tlbBefore: TlbView | null;
  readonly chosen: string;
  readonly onChoose: (name: string) => void;
}

export function LevelTable({ rows, tlb, tlbBefore, chosen, onChoose }: LevelTableProps) {
  const tlbSince = tlbBefore && { hits: tlb.hits - tlbBefore.hits, misses: tlb.misses - tlbBefore.misses };
  return (
    <div class="cc-levels-scroll">
      <table class="cc-levels" aria-label="Cache counters">
        <thead>
          <tr>
            <th scope="col">level</th>
            <th scope="col">size</th>
            <th scope="col" class="numeric">hits</th>
            <th scope="col" class="numeric">misses</th>
            <th scope="col">hit rate</th>
            <th scope="col" class="numeric" title="Hit rate of the accesses since the previous stop">since last stop</th>
            <th scope="col" class="numeric">write-backs</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <LevelTableRow key={r.level.name} row={r} chosen={r.level.name === chosen} onChoose={() => onChoose(r.level.name)} />
          ))}
          <tr class="cc-tlb-row">
            <th scope="row" title="The TLB has its own panel">TLB</th>
            <td title={`${tlb.entries} entries, ${tlb.ways} ways`}>{`${tlb.entries} · ${tlb.entries / tlb.ways}×${tlb.ways}`}</td>
            <td class="numeric mono">{count(tlb.hits)}</td>
            <td class="numeric mono">{count(tlb.misses)}</td>
            <td>
              <RateCell hits={tlb.hits} misses={tlb.misses} label="TLB hit rate" />
            </td>
            <SinceCell since={tlbSince} />
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function LevelTableRow({ row, chosen, onChoose }: { readonly row: LevelRow; readonly chosen: boolean; readonly onChoose: () => void }) {
  const { level, since } = row;
  return (
    <tr class={`${chosen ? 'chosen' : ''} ${since && since.hits + since.misses > 0 ? 'changed' : ''}`}>
      <th scope="row">
        <button class="text-button cc-level-button" aria-pressed={chosen} title={`Show ${level.name}'s sets`} onClick={onChoose}>
          {level.name}
          {row.shared && <span class="badge">shared</span>}
        </button>
      </th>
      <td title={`${bytes(level.sizeBytes)}: ${level.sets} sets × ${level.ways} ways of ${level.lineBytes}-byte lines`}>{`${bytes(level.sizeBytes)} · ${level.sets}×${level.ways}`}</td>
      <td class="numeric mono">{count(level.hits)}</td>
      <td class="numeric mono">{count(level.misses)}</td>
      <td>
        <RateCell hits={level.hits} misses={level.misses} label={`${level.name} hit rate`} />
      </td>
      <SinceCell since={since} />
      <td class="numeric mono">{count(level.writebacks)}</td>
    </tr>
  );
}

function SinceCell({ since }: { readonly since: { readonly hits: number; readonly misses: number } | null }) {
  return (
    <td class="numeric mono" title={since ? `+${count(since.hits)} hits, +${count(since.misses)} misses` : 'No previous stop'}>
      {since ? percent(since.hits, since.hits + since.misses) : '–'}
    </td>
  );
}

function RateCell({ hits, misses, label }: { readonly hits: number; readonly misses: number; readonly label: string }) {
  return (
    <span class="cc-rate">
      <Meter part={hits} whole={hits + misses} label={label} />
      <span class="mono">{percent(hits, hits + misses)}</span>
    </span>
  );
}

interface SetTableProps {
  readonly level: CacheLevelView;
  readonly before: CacheLevelView | null;
  /** Line addresses this hart accessed recently. */
  readonly recentLines: ReadonlySet<number>;
}

export function SetTable({ level, before, recentLines }: SetTableProps) {
  const [selected, setSelected] = useState(0);
  const rows = setRows(level, before, recentLines);
  const lines = level.sets * level.ways;
  if (!rows) {
    return (
      <Section title={`Sets of ${level.name}`}>
        <p class="cc-note">
          {level.name} holds {count(lines)} lines, too many to draw: the sets are shown for levels of up to {count(CACHE_LINES_SHOWN)} lines. Its heat above still shows how the recent
          accesses spread over its sets.
        </p>
      </Section>
    );
  }
  const digits = tagDigits(level);
  const row = rows[Math.min(selected, rows.length - 1)];
  return (
    <Section title={`Sets of ${level.name} · ${level.sets} × ${level.ways} ways`}>
      <VirtualList
        items={rows}
        rowHeight={ROW_HEIGHT}
        fallbackHeight={Math.min(rows.length, 12) * ROW_HEIGHT}
        label={`Sets of ${level.name}`}
        selected={selected}
        onSelect={setSelected}
        rowKey={(r) => r.set}
        rowClass={(r) => (r.changed ? 'changed' : '')}
        renderRow={(r) => <SetLine row={r} digits={digits} />}
      />
      {row && <SetDetail row={row} />}
      <p class="cc-legend">
        Each way: its tag, <span class="cc-dirty-mark">D</span> when dirty, and its LRU rank (0 most recently used, {level.ways - 1} the next victim); underlined ways were accessed recently.
      </p>
    </Section>
  );
}

function SetLine({ row, digits }: { readonly row: SetRow; readonly digits: number }) {
  return (
    <div class="cc-set" style={`--digits:${digits}`}>
      <span class="cc-set-index mono">{row.set}</span>
      {row.ways.map((w) =>
        w.line ? (
          <span key={w.way} class={`cc-way mono ${w.changed ? 'changed' : ''} ${w.recent ? 'recent' : ''} ${w.line.lruRank === 0 ? 'mru' : ''}`}>
            {hex(w.line.tag, digits)}
            {w.line.dirty && <span class="cc-dirty-mark">D</span>}
            <sub class="cc-lru">{w.line.lruRank}</sub>
          </span>
        ) : (
          <span key={w.way} class={`cc-way cc-empty-way ${w.changed ? 'changed' : ''}`}>
            —
          </span>
        ),
      )}
    </div>
  );
}

function SetDetail({ row }: { readonly row: SetRow }) {
  return (
    <ul class="cc-set-detail" aria-label={`Set ${row.set} in detail`}>
      {row.ways.map((w) => (
        <li key={w.way}>
          way {w.way}:{' '}
          {w.line
            ? `line ${address(w.line.address)}, ${w.line.lruRank === 0 ? 'most recently used' : `LRU rank ${w.line.lruRank}`}${w.line.dirty ? ', dirty' : ''}${w.changed ? ', new since the last stop' : ''}`
            : 'empty'}
        </li>
      ))}
    </ul>
  );
}
