// The Memory Map panel: the selected process's /proc/PID/maps as a table and as a bar of the
// address space, what changed since the last stop marked, and the smaps figures of the selected
// mapping. Enter (or double-click, or the button) opens VS Code's memory view at its start.

import { Empty, Figure, Icon, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { address, bytes, hex } from '../format';
import { usePanelActions, usePersistentState } from '../hooks';
import { barSegments, diffMappings, type MappingRow } from './memory-map-model';
import { selectedProcess, type PanelProps } from './panel-props';
import type { VmaView } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;
const MEMORY_VIEW_BYTES = 64 * 1024;

export function MemoryMapPanel({ data, previous }: PanelProps) {
  const actions = usePanelActions();
  const [selectedStart, setSelectedStart] = usePersistentState<number | null>('memory-map.selected', null);
  const [squeeze, setSqueeze] = usePersistentState('memory-map.squeeze', false);
  const followed = selectedProcess(data);
  if (!followed) return <Empty>No process to show.</Empty>;
  const { process } = followed;
  const before = previous?.snapshot.processes.find((p) => p.pid === process.pid)?.vmas ?? null;
  const diff = diffMappings(process.vmas, before);
  const selected = Math.max(0, diff.rows.findIndex((r) => r.vma.start === selectedStart));
  const row = diff.rows[selected];
  const open = (index: number) => {
    const vma = diff.rows[index]?.vma;
    if (vma) actions.openMemory(process.pid, vma.start, Math.min(vma.end - vma.start, MEMORY_VIEW_BYTES));
  };
  const select = (index: number) => setSelectedStart(diff.rows[index]?.vma.start ?? null);

  return (
    <div class="memory-map">
      <Section
        title={`Address space of pid ${process.pid} (${process.comm})`}
        actions={
          <label class="toggle">
            <input type="checkbox" checked={squeeze} onChange={(e) => setSqueeze((e.currentTarget as HTMLInputElement).checked)} /> squeeze gaps
          </label>
        }
      >
        <AddressBar vmas={process.vmas} squeeze={squeeze} selected={selected} onSelect={select} />
        <Legend />
      </Section>
      <div class="split">
        <Section title={`/proc/${process.pid}/maps · ${diff.rows.length} mappings`}>
          <VirtualList
            items={diff.rows}
            rowHeight={ROW_HEIGHT}
            label="Mappings"
            selected={selected}
            onSelect={select}
            onActivate={open}
            rowKey={(r) => r.vma.start}
            rowClass={(r) => (r.change ? `changed change-${r.change}` : '')}
            header={<MapsHeader />}
            renderRow={(r) => <MapsRow row={r} />}
          />
          {diff.gone.length > 0 && (
            <p class="gone" aria-label="Mappings gone since the last stop">
              Gone since the last stop: {diff.gone.map((v) => `${hex(v.start)}-${hex(v.end)} ${v.name || '(anonymous)'}`).join(', ')}
            </p>
          )}
        </Section>
        {row && <SmapsDetail pid={process.pid} vma={row.vma} onOpen={() => open(selected)} />}
      </div>
    </div>
  );
}

function MapsHeader() {
  return (
    <div class="maps-row maps-header" aria-hidden="true">
      <span>range</span>
      <span>perms</span>
      <span>offset</span>
      <span>dev</span>
      <span>inode</span>
      <span>name</span>
      <span>rss</span>
    </div>
  );
}

const CHANGE_LABEL = { new: 'new', resized: 'resized', protection: 'perms changed', touched: 'pages touched' } as const;

function MapsRow({ row }: { readonly row: MappingRow }) {
  const v = row.vma;
  return (
    <div class="maps-row">
      <span class="mono">
        {hex(v.start)}-{hex(v.end)}
      </span>
      <span class="mono">{v.perms}</span>
      <span class="mono">{hex(v.offset)}</span>
      <span class="mono">{v.dev}</span>
      <span class="mono">{v.inode}</span>
      <span class={`vma-name kind-${v.kind}`}>
        {v.name}
        {row.change && <span class="badge">{CHANGE_LABEL[row.change]}</span>}
      </span>
      <span class="mono numeric">{bytes(v.smaps.rss)}</span>
    </div>
  );
}

function AddressBar({ vmas, squeeze, selected, onSelect }: { readonly vmas: readonly VmaView[]; readonly squeeze: boolean; readonly selected: number; readonly onSelect: (index: number) => void }) {
  const segments = barSegments(vmas, squeeze);
  return (
    <div class="address-bar" role="group" aria-label="Address space, low addresses on the left">
      {segments.map((s) => {
        const vma = s.vma >= 0 ? vmas[s.vma] : null;
        const title = `${address(s.start)}–${address(s.end)} ${vma ? vma.name || vma.kind : 'unmapped'} (${bytes(s.end - s.start)})`;
        const style = { left: `${(s.left * 100).toFixed(3)}%`, width: `${(s.width * 100).toFixed(3)}%` };
        if (!vma) return <div key={`gap-${s.start}`} class="bar-gap" style={style} title={title} />;
        return (
          <button key={s.start} class={`bar-vma kind-${vma.kind} ${s.vma === selected ? 'selected' : ''}`} style={style} title={title} aria-label={title} onClick={() => onSelect(s.vma)} />
        );
      })}
    </div>
  );
}

const KINDS: readonly VmaView['kind'][] = ['text', 'data', 'bss', 'heap', 'anon', 'file', 'shared-lib', 'stack'];

function Legend() {
  return (
    <ul class="legend" aria-label="Legend">
      {KINDS.map((k) => (
        <li key={k}>
          <span class={`swatch kind-${k}`} /> {k}
        </li>
      ))}
      <li>
        <span class="swatch bar-gap" /> unmapped
      </li>
    </ul>
  );
}

function SmapsDetail({ pid, vma, onOpen }: { readonly pid: number; readonly vma: VmaView; readonly onOpen: () => void }) {
  const s = vma.smaps;
  return (
    <Section
      title={`smaps · ${vma.name || '(anonymous)'}`}
      actions={
        <button class="text-button" onClick={onOpen} title={`Open pid ${pid}'s memory at ${address(vma.start)}`}>
          <Icon name="file-binary" /> Memory
        </button>
      }
    >
      <div class="figures" aria-label="smaps figures">
        <Figure label="Size" value={bytes(s.size)} />
        <Figure label="Rss" value={bytes(s.rss)} title="Resident: pages of this mapping in memory" />
        <Figure label="Pss" value={bytes(s.pss)} title="Proportional: each shared page divided by how many map it" />
        <Figure label="Shared_Clean" value={bytes(s.sharedClean)} />
        <Figure label="Shared_Dirty" value={bytes(s.sharedDirty)} />
        <Figure label="Private_Clean" value={bytes(s.privateClean)} />
        <Figure label="Private_Dirty" value={bytes(s.privateDirty)} />
        <Figure label="Referenced" value={bytes(s.referenced)} />
        <Figure label="Anonymous" value={bytes(s.anonymous)} />
      </div>
    </Section>
  );
}
