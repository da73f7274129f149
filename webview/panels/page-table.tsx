// The Page Table panel: the selected process's Sv32 tree (root entries, each with its level-1
// table's leaves and their flags, copy-on-write and sharing), and the walk of one virtual address
// step by step, ending in the physical address and whether the followed hart's TLB already holds
// the translation. Typing an address or choosing a leaf walks it; Enter on a root entry folds
// its table, on a leaf opens VS Code's memory view at that page.

import { useMemo, useState } from 'preact/hooks';
import { Empty, Figure, Icon, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { address, count, hex } from '../format';
import { usePanelActions, usePersistentState } from '../hooks';
import {
  LEAF_CHANGE_LABEL, PAGE_SIZE, TABLE_SPAN, decodeFlags, flagWords, parseAddress, previousLeaves, pteValue, sharerList, sharingText, treeRows,
  vpn1Of, walkAddress, type LeafFilter, type LeafRow, type TableRow, type TreeRow, type Walk,
} from './page-table-model';
import { selectedProcess, type PanelProps } from './panel-props';
import { hartOfThread, tlbEntryFor } from './tlb-model';
import type { MachineSnapshot, PageTableView, ProcessView, PteView, ThreadView } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;

export function PageTablePanel({ data, previous }: PanelProps) {
  const [chosenVa, setWalkVa] = usePersistentState<number | null>('page-table.walk', null);
  const followed = selectedProcess(data);
  if (!followed) return <Empty>No process to show.</Empty>;
  const { process, thread } = followed;
  const table = data.pageTable;
  if (!table || table.pid !== process.pid) return <Empty>pid {process.pid} has no page table (its address space is gone).</Empty>;
  const before = previousLeaves(table, previous?.pageTable);
  // Until an address is chosen, the walk follows the thread's pc: the page it runs from.
  const walkVa = chosenVa ?? thread?.pc ?? null;
  const origin = chosenVa === null && thread ? `the pc of tid ${thread.tid}` : null;
  return (
    <div class="page-table">
      <WalkSection snapshot={data.snapshot} table={table} previousTable={previous?.pageTable ?? null} process={process} thread={thread} before={before} va={walkVa} origin={origin} onWalk={setWalkVa} />
      <TreeSection table={table} process={process} before={before} walkVa={walkVa} onWalk={setWalkVa} />
    </div>
  );
}

// ---- the walk ----

interface WalkProps {
  readonly snapshot: MachineSnapshot;
  readonly table: PageTableView;
  /** The same process's table at the previous stop (what `before` was read from). */
  readonly previousTable: PageTableView | null;
  readonly process: ProcessView;
  readonly thread: ThreadView | null;
  readonly before: Map<number, PteView> | null;
  readonly va: number | null;
  /** Where the address came from when the user did not choose it ("the pc of tid 2"). */
  readonly origin: string | null;
  readonly onWalk: (va: number) => void;
}

function WalkSection(props: WalkProps) {
  const { table, process, va } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const text = draft ?? (va === null ? '' : address(va));
  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = parseAddress(text);
    setProblem(parsed === null ? `“${text}” is not a 32-bit hex address` : null);
    if (parsed === null) return;
    setDraft(null);
    props.onWalk(parsed);
  };
  return (
    <Section title={`Page table of pid ${process.pid} (${process.comm})`}>
      <div class="figures" aria-label="Address space">
        <Figure label="root PPN (satp)" value={hex(table.rootPpn, 5)} title="The root table's frame: satp.PPN while this process runs" />
        <Figure label="ASID" value={process.asid === 0 ? 'none' : process.asid} title="The address-space ID its TLB entries are tagged with (none: ASIDs are off, a switch flushes the TLB)" />
      </div>
      <form class="walk-form" onSubmit={submit}>
        <label for="page-table-address">Walk virtual address</label>
        <input id="page-table-address" type="text" class="mono" value={text} placeholder="0x7ffff000" spellcheck={false} onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="primary">
          Walk
        </button>
        {problem && (
          <span class="walk-problem" role="alert">
            {problem}
          </span>
        )}
        {!problem && props.origin && draft === null && <span class="hint">{props.origin}</span>}
      </form>
      {va === null ? <p class="hint">Type an address, or choose a page below, to follow its translation.</p> : <WalkSteps {...props} walk={walkAddress(table, va)} />}
    </Section>
  );
}

function WalkSteps({ walk, snapshot, table, previousTable, process, thread, before }: WalkProps & { readonly walk: Walk }) {
  const earlier = before?.get(Math.floor(walk.va / PAGE_SIZE));
  return (
    <div class="walk" role="region" aria-label={`Walk of ${address(walk.va)}`}>
      <div class="va-split" aria-label="Virtual address fields">
        <Field name="VPN[1]" bits="31–22" value={hex(walk.vpn1, 3)} />
        <Field name="VPN[0]" bits="21–12" value={hex(walk.vpn0, 3)} />
        <Field name="offset" bits="11–0" value={hex(walk.offset, 3)} />
      </div>
      <ol class="walk-steps">
        <li>
          Root table at PPN {hex(walk.rootPpn, 5)}: PTE at {hex(walk.rootPpn, 5)}×4096 + VPN[1]×4 = <span class="mono">{address(walk.rootPteAddress)}</span>
          {walk.tablePpn === null ? <Fault text={walk.fault} /> : <> → level-1 table PPN <strong class="mono">{hex(walk.tablePpn, 5)}</strong></>}
        </li>
        {walk.tablePpn !== null && walk.leafPteAddress !== null && (
          <li>
            Level-1 table at PPN {hex(walk.tablePpn, 5)}: PTE at {hex(walk.tablePpn, 5)}×4096 + VPN[0]×4 = <span class="mono">{address(walk.leafPteAddress)}</span>
            {walk.leaf ? <LeafPte leaf={walk.leaf} /> : null}
            {walk.fault && <Fault text={walk.fault} />}
          </li>
        )}
        {walk.physical !== null && walk.leaf && (
          <li>
            Physical address = PPN {hex(walk.leaf.ppn, 5)}×4096 + offset = <strong class="mono">{address(walk.physical)}</strong>
          </li>
        )}
      </ol>
      {walk.leaf && <Sharing table={table} leaf={walk.leaf} earlier={earlier && previousTable ? { table: previousTable, leaf: earlier } : undefined} />}
      <TlbOutcome snapshot={snapshot} process={process} thread={thread} walk={walk} />
    </div>
  );
}

function Field({ name, bits, value }: { readonly name: string; readonly bits: string; readonly value: string }) {
  return (
    <div class="va-field">
      <span class="mono">{value}</span>
      <span class="figure-label">
        {name} · bits {bits}
      </span>
    </div>
  );
}

function Fault({ text }: { readonly text: string | null }) {
  return (
    <span class="walk-fault">
      {' '}
      <Icon name="error" /> {text}
    </span>
  );
}

function LeafPte({ leaf }: { readonly leaf: PteView }) {
  return (
    <>
      {' '}
      → leaf PTE <span class="mono">{address(pteValue(leaf))}</span>: PPN <strong class="mono">{hex(leaf.ppn, 5)}</strong>, <PteFlags flags={leaf.flags} />
      {leaf.cow && <span class="badge cow">COW</span>}
    </>
  );
}

interface LeafOf {
  readonly table: PageTableView;
  readonly leaf: PteView;
}

function Sharing({ table, leaf, earlier }: LeafOf & { readonly earlier: LeafOf | undefined }) {
  const split = earlier && earlier.leaf.ppn !== leaf.ppn;
  return (
    <p class="walk-sharing">
      <Icon name={leaf.sharers >= 0 ? 'references' : 'lock'} /> Frame {hex(leaf.ppn, 5)}: {sharingText(table, leaf)}
      {leaf.cow && ' · copy-on-write: the first write by either process copies it'}
      {split && (
        <span class="walk-split">
          {' '}
          — at the previous stop this page mapped frame {hex(earlier.leaf.ppn, 5)} ({sharingText(earlier.table, earlier.leaf)}): a write split it.
        </span>
      )}
    </p>
  );
}

function TlbOutcome({ snapshot, process, thread, walk }: { readonly snapshot: MachineSnapshot; readonly process: ProcessView; readonly thread: ThreadView | null; readonly walk: Walk }) {
  const followed = thread ? hartOfThread(snapshot, thread.tid, thread.hart) : null;
  const hart = followed ? snapshot.harts[followed.hart] : undefined;
  if (!thread || !followed || !hart) {
    return <p class="walk-tlb">TLB: {thread ? `tid ${thread.tid} has not run on a hart recently` : 'no thread followed'}, so no hart's TLB to ask.</p>;
  }
  const vpn = Math.floor(walk.va / PAGE_SIZE);
  const entry = tlbEntryFor(hart, process, vpn);
  const whose = `hart ${hart.id}'s TLB (${followed.how === 'running' ? 'running' : 'last ran'} tid ${thread.tid})`;
  const asid = process.asid === 0 ? 'no ASID' : `ASID ${process.asid}`;
  return (
    <p class={`walk-tlb ${entry ? 'tlb-hit' : 'tlb-miss'}`}>
      <Icon name={entry ? 'pass' : 'circle-slash'} />{' '}
      {entry
        ? `${whose} holds VPN ${hex(vpn, 5)} → PPN ${hex(entry.ppn, 5)} (set ${entry.set}, way ${entry.way}, ${asid}): a TLB hit, no walk.`
        : `${whose} does not hold VPN ${hex(vpn, 5)} (${asid}): a TLB miss${walk.fault ? ', and the walk faults' : ', so the MMU walks as above'}.`}
    </p>
  );
}

/** A PTE's eight hardware bits as letters, a dash for each clear one (the TLB panel shows its entries' alike). */
export function PteFlags({ flags }: { readonly flags: number }) {
  return (
    <span class="pte-flags mono" aria-label={flagWords(flags)} title={flagWords(flags)}>
      {decodeFlags(flags).map((f) => (
        <span key={f.letter} class={f.set ? 'flag-set' : 'flag-clear'} aria-hidden="true">
          {f.set ? f.letter : '-'}
        </span>
      ))}
    </span>
  );
}

// ---- the tree ----

interface TreeProps {
  readonly table: PageTableView;
  readonly process: ProcessView;
  readonly before: Map<number, PteView> | null;
  readonly walkVa: number | null;
  readonly onWalk: (va: number) => void;
}

const FILTER_LABELS: Record<LeafFilter, string> = { all: 'all pages', shared: 'shared frames', cow: 'copy-on-write', changed: 'changed since last stop' };

function TreeSection({ table, process, before, walkVa, onWalk }: TreeProps) {
  const actions = usePanelActions();
  const [collapsedList, setCollapsed] = usePersistentState<number[]>('page-table.collapsed', []);
  const [filter, setFilter] = usePersistentState<LeafFilter>('page-table.filter', 'all');
  // A root entry chosen stays selected until another address is walked.
  const [chosenTable, setChosenTable] = useState<{ readonly index: number; readonly walkVa: number | null } | null>(null);
  const tree = useMemo(() => treeRows(table, before, new Set(collapsedList), filter), [table, before, collapsedList, filter]);
  const cursorTable = chosenTable && chosenTable.walkVa === walkVa ? chosenTable.index : null;
  const selected = selectedRow(tree.rows, cursorTable, walkVa);
  const toggle = (index: number) => setCollapsed(collapsedList.includes(index) ? collapsedList.filter((i) => i !== index) : [...collapsedList, index]);
  const select = (index: number) => {
    const row = tree.rows[index];
    if (row?.kind === 'table') setChosenTable({ index: row.index, walkVa });
    if (row?.kind === 'leaf') {
      setChosenTable(null);
      onWalk(row.leaf.vpn * PAGE_SIZE);
    }
  };
  const activate = (index: number) => {
    const row = tree.rows[index];
    if (row?.kind === 'table') toggle(row.index);
    if (row?.kind === 'leaf') actions.openMemory(process.pid, row.leaf.vpn * PAGE_SIZE, PAGE_SIZE);
  };
  return (
    <Section
      title={`Sv32 tree · ${table.tables.length} level-1 tables · ${count(tree.pages)} pages`}
      actions={
        <label class="toggle">
          show
          <select value={filter} aria-label="Pages shown" onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as LeafFilter)}>
            {(Object.keys(FILTER_LABELS) as LeafFilter[]).map((f) => (
              <option key={f} value={f}>
                {FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <p class="tree-summary" aria-label="Sharing summary">
        {count(tree.sharedPages)} shared · {count(tree.cowPages)} copy-on-write{before ? ` · ${count(tree.changedPages)} changed since the last stop` : ''}
      </p>
      <VirtualList
        items={tree.rows}
        rowHeight={ROW_HEIGHT}
        label="Page table: Enter folds a table or opens a page in the memory view"
        selected={selected}
        onSelect={select}
        onActivate={activate}
        rowKey={(r) => (r.kind === 'table' ? `t${r.index}` : `p${r.leaf.vpn}`)}
        rowClass={(r) => (r.kind === 'table' ? 'pt-table-row' : `pt-leaf-row${r.change ? ` changed change-${r.change}` : ''}${r.leaf.sharers >= 0 ? ' shared' : ''}`)}
        header={<TreeHeader />}
        renderRow={(r) => (r.kind === 'table' ? <TableLine row={r} onToggle={() => toggle(r.index)} /> : <LeafLine table={table} row={r} />)}
      />
    </Section>
  );
}

/** The chosen root entry's row; else the walked page's, or its table's when the page is folded or filtered away. */
function selectedRow(rows: readonly TreeRow[], cursorTable: number | null, walkVa: number | null): number {
  if (cursorTable !== null) return rows.findIndex((r) => r.kind === 'table' && r.index === cursorTable);
  if (walkVa === null) return -1;
  const vpn = Math.floor(walkVa / PAGE_SIZE);
  const page = rows.findIndex((r) => r.kind === 'leaf' && r.leaf.vpn === vpn);
  return page >= 0 ? page : rows.findIndex((r) => r.kind === 'table' && r.index === vpn1Of(walkVa));
}

function TreeHeader() {
  return (
    <div class="pt-row pt-header" aria-hidden="true">
      <span>index</span>
      <span>virtual address</span>
      <span>PPN</span>
      <span>flags</span>
      <span>sharing</span>
    </div>
  );
}

function TableLine({ row, onToggle }: { readonly row: TableRow; readonly onToggle: () => void }) {
  const start = row.index * TABLE_SPAN;
  return (
    <div class="pt-row pt-table">
      <span class="mono">
        <span class="twisty" onClick={onToggle} aria-hidden="true">
          <Icon name={row.collapsed ? 'chevron-right' : 'chevron-down'} />
        </span>
        VPN[1] {hex(row.index, 3)}
      </span>
      <span class="mono">
        {address(start)}–{address(start + TABLE_SPAN - 1)}
      </span>
      <span class="mono">{hex(row.ppn, 5)}</span>
      <span>level-1 table</span>
      <span>
        {count(row.pages)} pages{row.shared > 0 ? ` · ${count(row.shared)} shared` : ''}
        {row.collapsed ? ' · folded' : ''}
      </span>
    </div>
  );
}

function LeafLine({ table, row }: { readonly table: PageTableView; readonly row: LeafRow }) {
  const { leaf, change } = row;
  return (
    <div class="pt-row pt-leaf">
      <span class="mono pt-index">VPN[0] {hex(leaf.vpn & 0x3ff, 3)}</span>
      <span class="mono">{address(leaf.vpn * PAGE_SIZE)}</span>
      <span class="mono">{hex(leaf.ppn, 5)}</span>
      <PteFlags flags={leaf.flags} />
      <span class="pt-sharing">
        {leaf.cow && <span class="badge cow">COW</span>}
        {leaf.sharers >= 0 ? `pid ${sharerList(table, leaf)} · ref ${leaf.refcount}` : leaf.refcount > 1 ? `ref ${leaf.refcount}` : ''}
        {leaf.cached && <span class="badge">page cache</span>}
        {change && <span class="badge change">{LEAF_CHANGE_LABEL[change]}</span>}
      </span>
    </div>
  );
}
