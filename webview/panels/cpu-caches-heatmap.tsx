// The heatmaps of a hart's recent data accesses: the lines it touched laid out as L1D splits an
// address (a column per set, a row per tag: a row-major walk fills rows, a column-major walk piles
// into one column), and for each level how the accesses that reached it spread over its sets.
// Colour is the share that missed (green hit, red missed), strength how many there were.

import { Section } from '../components/common';
import { count, hex, percent } from '../format';
import { accessMap, setHeat, type AccessCell, type AccessMap, type SetHeatCell } from './cpu-caches-model';
import type { CacheAccessView, CacheLevelView } from '../../sim/snapshot-types';

/** Rows of the access map kept (those touched most recently). */
const MAP_ROWS = 24;
/** A level with more sets than this has its heat folded, several sets to a cell. */
const HEAT_CELLS = 64;

interface RecentAccessesProps {
  readonly hart: number;
  readonly accesses: readonly CacheAccessView[];
  readonly l1: CacheLevelView;
  /** Accesses the hart made since the previous stop, or null without one. */
  readonly since: number | null;
  /** Each level with the accesses that may have reached it (the shared L3: every hart's). */
  readonly levels: readonly { readonly level: CacheLevelView; readonly depth: number; readonly accesses: readonly CacheAccessView[] }[];
}

export function RecentAccesses({ hart, accesses, l1, since, levels }: RecentAccessesProps) {
  if (accesses.length === 0 || since === 0) {
    return (
      <Section title={`Recent accesses of hart ${hart}`}>
        <p class="cc-note">No data accesses {since === 0 ? 'since the last stop' : 'yet'}.</p>
      </Section>
    );
  }
  const map = accessMap(accesses, l1.sets, MAP_ROWS);
  const window = since !== null && since <= map.accesses ? `all ${count(since)} since the last stop` : `the last ${count(map.accesses)}${since !== null ? ` of ${count(since)} since the last stop` : ''}`;
  return (
    <Section title={`Recent accesses of hart ${hart} · ${window}`}>
      <AccessMapView map={map} l1={l1} />
      <div class="cc-heat-levels" aria-label="Accesses by set, per level">
        {levels.map(({ level, depth, accesses: reaching }) => (
          <HeatStrip key={level.name} level={level} cells={setHeat(reaching, depth, level.sets, HEAT_CELLS)} />
        ))}
      </div>
      <HeatLegend />
    </Section>
  );
}

function mapSummary(map: AccessMap, l1: CacheLevelView): string {
  const busiest = map.busiestSet ? `; L1D set ${map.busiestSet.set} took ${count(map.busiestSet.misses)} of the misses (${percent(map.busiestSet.misses, map.misses)})` : '';
  return `${count(map.accesses)} accesses to ${count(map.lines)} lines; ${percent(map.misses, map.accesses)} missed ${l1.name}${busiest}`;
}

function AccessMapView({ map, l1 }: { readonly map: AccessMap; readonly l1: CacheLevelView }) {
  const summary = mapSummary(map, l1);
  return (
    <figure class="cc-map-figure">
      <figcaption class="cc-map-caption">
        Lines touched, as {l1.name} sees memory: a column per set ({map.sets}), a row per tag ({count(map.sets * l1.lineBytes)} of memory).
      </figcaption>
      <div class="cc-map" role="img" aria-label={summary} style={{ '--sets': String(map.sets) }}>
        <div class="cc-map-row cc-map-scale" aria-hidden="true">
          <span class="cc-map-address">set</span>
          <div class="cc-map-cells">
            {scaleMarks(map.sets).map((set) => (
              <span key={set} class="cc-map-mark" style={{ gridColumn: String(set + 1) }}>
                {set}
              </span>
            ))}
          </div>
        </div>
        {map.rows.map((row) => (
          <div key={row.address} class="cc-map-row">
            <span class="cc-map-address mono">{hex(row.address)}</span>
            <div class="cc-map-cells">
              {row.cells.map((cell) => (
                <MapCell key={cell.lineAddress} cell={cell} />
              ))}
            </div>
          </div>
        ))}
      </div>
      <p class="cc-map-summary">
        {summary}.{map.hiddenRows > 0 ? ` ${count(map.hiddenRows)} rows touched earlier are not drawn.` : ''}
      </p>
    </figure>
  );
}

/** Set numbers written above the map: every 8th when there are many. */
function scaleMarks(sets: number): number[] {
  const step = sets > 16 ? 8 : 1;
  return Array.from({ length: Math.ceil(sets / step) }, (_, i) => i * step);
}

function MapCell({ cell }: { readonly cell: AccessCell }) {
  const title = `line 0x${hex(cell.lineAddress)} (set ${cell.set}): ${count(cell.accesses)} accesses, ${count(cell.misses)} missed L1D, ${count(cell.fromMemory)} from memory`;
  // One style string per cell: the webview parses it once, where a style object sets each property apart.
  const style = `grid-column:${cell.set + 1};--miss:${(cell.misses / cell.accesses).toFixed(3)}`;
  return <span class={`cc-map-cell ${cell.misses === 0 ? 'hit' : ''}`} style={style} title={title} />;
}

// Strength grows with the square root of the lookups, so a set with a tenth of the busiest one's
// still shows its colour.
function HeatStrip({ level, cells }: { readonly level: CacheLevelView; readonly cells: readonly SetHeatCell[] }) {
  const most = Math.max(1, ...cells.map((c) => c.lookups));
  const lookups = cells.reduce((n, c) => n + c.lookups, 0);
  const folded = level.sets > cells.length ? `, ${level.sets / cells.length} sets a cell` : '';
  return (
    <div class="cc-heat" role="img" aria-label={`${level.name}: ${count(lookups)} recent lookups over ${level.sets} sets${folded}`}>
      <span class="cc-heat-name">{level.name}</span>
      <div class="cc-heat-cells" style={{ '--cells': String(cells.length) }}>
        {cells.map((c) => (
          <span
            key={c.firstSet}
            class={`cc-heat-cell ${c.lookups === 0 ? 'cold' : ''}`}
            style={`--heat:${Math.sqrt(c.lookups / most).toFixed(3)};--miss:${c.lookups ? (c.misses / c.lookups).toFixed(3) : 0}`}
            title={`${c.firstSet === c.lastSet ? `set ${c.firstSet}` : `sets ${c.firstSet}–${c.lastSet}`}: ${count(c.lookups)} lookups, ${count(c.misses)} misses`}
          />
        ))}
      </div>
      <span class="cc-heat-total mono">{count(lookups)}</span>
    </div>
  );
}

function HeatLegend() {
  return (
    <ul class="cc-heat-legend legend" aria-label="Heat legend">
      <li>
        <span class="swatch cc-swatch-hit" /> hit
      </li>
      <li>
        <span class="swatch cc-swatch-miss" /> missed
      </li>
      <li>fainter: fewer accesses</li>
    </ul>
  );
}
