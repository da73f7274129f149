// The Processes & Files panel: the process tree by parent (a keyboard tree: arrows move, Right
// and Left expand and collapse, Enter follows the process), zombies with how they ended and new
// processes marked; for the process picked, its threads (a click follows one), its fd table,
// cwd and argv, resource limits and signal dispositions.

import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Empty, Figure, Icon, Section } from '../components/common';
import { VirtualList } from '../components/virtual-list';
import { address, bytes, count, duration } from '../format';
import { usePanelActions, usePersistentState } from '../hooks';
import type { PanelProps } from './panel-props';
import { exitDescription, FD_ICONS, goneProcesses, limitText, newFds, newProcesses, processTree, stateText, visibleNodes, type TreeNode } from './processes-model';
import type { FdView, ProcessView, ThreadView } from '../../sim/snapshot-types';

const ROW_HEIGHT = 22;
const OVERSCAN = 8;

export function ProcessesPanel({ data, previous }: PanelProps) {
  const actions = usePanelActions();
  const [collapsed, setCollapsed] = usePersistentState<readonly number[]>('processes.collapsed', []);
  const [chosen, setChosen] = usePersistentState<number | null>('processes.selected', null);
  const processes = data.snapshot.processes;
  const before = previous && previous.epoch !== data.epoch ? previous.snapshot.processes : null;
  const tree = useMemo(() => processTree(processes), [processes]);
  const rows = visibleNodes(tree, new Set(collapsed));
  const fresh = newProcesses(processes, before);
  const gone = goneProcesses(processes, before);
  const pid = processes.some((p) => p.pid === chosen) ? chosen : (data.selected?.pid ?? processes[0]?.pid ?? null);
  const process = processes.find((p) => p.pid === pid) ?? null;
  if (processes.length === 0) return <Empty>No process yet.</Empty>;

  const setExpanded = (node: TreeNode, expanded: boolean) => {
    const others = collapsed.filter((p) => p !== node.process.pid);
    setCollapsed(expanded ? others : [...others, node.process.pid]);
    // Folding away the picked process picks the folded parent instead.
    if (!expanded && pid !== null && isBelow(tree, pid, node.process.pid)) setChosen(node.process.pid);
  };
  const follow = (node: TreeNode) => {
    const main = node.process.threads[0];
    if (main) actions.selectThread(main.tid);
  };
  const zombies = processes.filter((p) => p.state === 'zombie').length;
  const title = `Processes · ${processes.length}${zombies ? ` · ${zombies} zombies` : ''}${fresh.size ? ` · ${fresh.size} new` : ''}`;

  return (
    <div class="processes">
      <Section title={title}>
        <ProcessTree rows={rows} selected={pid} fresh={fresh} onSelect={setChosen} onExpand={setExpanded} onActivate={follow} isCollapsed={(p) => collapsed.includes(p)} />
        {gone.length > 0 && (
          <p class="gone" aria-label="Processes gone since the last stop">
            Reaped since the last stop: {gone.length > 12 ? `${gone.length} processes` : gone.map((p) => `${p.pid} (${p.comm})`).join(', ')}
          </p>
        )}
      </Section>
      {process && <ProcessDetail process={process} before={before?.find((p) => p.pid === process.pid) ?? null} followedTid={data.selected?.tid ?? null} sequence={data.sequence} />}
    </div>
  );
}

/** Whether `pid` lies in the subtree under `ancestor` (its own node excluded). */
function isBelow(tree: readonly TreeNode[], pid: number, ancestor: number): boolean {
  const parents = new Map(tree.map((n) => [n.process.pid, n.parent]));
  for (let p = parents.get(pid) ?? null; p !== null; p = parents.get(p) ?? null) if (p === ancestor) return true;
  return false;
}

interface ProcessTreeProps {
  readonly rows: readonly TreeNode[];
  readonly selected: number | null;
  readonly fresh: ReadonlySet<number>;
  readonly isCollapsed: (pid: number) => boolean;
  readonly onSelect: (pid: number) => void;
  readonly onExpand: (node: TreeNode, expanded: boolean) => void;
  readonly onActivate: (node: TreeNode) => void;
}

/** The tree, windowed like VirtualList (only the rows in view are in the DOM) but with tree roles and keys. */
function ProcessTree(props: ProcessTreeProps) {
  const { rows } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(12 * ROW_HEIGHT);
  const index = rows.findIndex((n) => n.process.pid === props.selected);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || 12 * ROW_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + height) element.scrollTop = top + ROW_HEIGHT - height;
  }, [index, height]);

  const onKeyDown = (event: KeyboardEvent) => {
    const action = treeKeys(props, index, Math.max(1, Math.floor(height / ROW_HEIGHT) - 1))[event.key];
    if (!action || rows.length === 0) return;
    event.preventDefault();
    action();
  };
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  return (
    <div class="virtual-list process-tree">
      <div class="process-tree-row process-tree-header" aria-hidden="true">
        <span>process</span>
        <span class="numeric">pid</span>
        <span>state</span>
        <span class="numeric">threads</span>
        <span class="numeric">rss</span>
      </div>
      <div
        ref={viewport}
        class="virtual-viewport"
        role="tree"
        tabIndex={0}
        aria-label="Process tree"
        aria-activedescendant={index >= 0 ? `process-${rows[index]!.process.pid}` : undefined}
        onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(first, last).map((node, offset) => (
            <TreeRow key={node.process.pid} node={node} top={(first + offset) * ROW_HEIGHT} {...props} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** The tree's keys (WAI-ARIA tree pattern): what each does at row `index`. */
function treeKeys(props: ProcessTreeProps, index: number, page: number): Record<string, () => void> {
  const { rows } = props;
  const node = rows[index];
  const move = (to: number) => rows.length > 0 && props.onSelect(rows[Math.max(0, Math.min(rows.length - 1, to))]!.process.pid);
  const expanded = node !== undefined && node.children > 0 && !props.isCollapsed(node.process.pid);
  return {
    ArrowDown: () => move(index + 1),
    ArrowUp: () => move(index - 1),
    PageDown: () => move(index + page),
    PageUp: () => move(index - page),
    Home: () => move(0),
    End: () => move(rows.length - 1),
    ArrowRight: () => {
      if (!node || node.children === 0) return;
      if (expanded) move(index + 1);
      else props.onExpand(node, true);
    },
    ArrowLeft: () => {
      if (!node) return;
      if (expanded) props.onExpand(node, false);
      else if (node.parent !== null) props.onSelect(node.parent);
    },
    Enter: () => node && props.onActivate(node),
  };
}

function TreeRow({ node, top, selected, fresh, isCollapsed, onSelect, onExpand, onActivate }: ProcessTreeProps & { readonly node: TreeNode; readonly top: number }) {
  const p = node.process;
  const expanded = node.children > 0 ? !isCollapsed(p.pid) : undefined;
  const isNew = fresh.has(p.pid);
  const classes = ['virtual-row', p.pid === selected ? 'selected' : '', isNew ? 'changed' : '', `process-${p.state}`];
  return (
    <div
      id={`process-${p.pid}`}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-posinset={node.position}
      aria-setsize={node.siblings}
      aria-expanded={expanded}
      aria-selected={p.pid === selected}
      class={classes.join(' ')}
      style={{ top: `${top}px`, height: `${ROW_HEIGHT}px` }}
      onClick={() => onSelect(p.pid)}
      onDblClick={() => onActivate(node)}
    >
      <div class="process-tree-row">
        <span class="process-tree-name" style={{ paddingLeft: `${node.depth * 14}px` }}>
          {expanded === undefined ? (
            <span class="twisty" />
          ) : (
            <span
              class="twisty"
              onClick={(event) => {
                event.stopPropagation();
                onExpand(node, !expanded);
              }}
            >
              <Icon name={expanded ? 'chevron-down' : 'chevron-right'} />
            </span>
          )}
          <Icon name={p.state === 'zombie' ? 'debug-disconnect' : 'server-process'} />
          <span class="comm">{p.comm}</span>
          {isNew && <span class="badge">new</span>}
        </span>
        <span class="mono numeric">{p.pid}</span>
        <span class={`run-state run-state-${p.state}`} title={p.exitStatus ? exitDescription(p.exitStatus) : undefined}>
          {stateText(p)}
        </span>
        <span class="mono numeric">{p.threads.length}</span>
        <span class="mono numeric">{p.state === 'zombie' ? '–' : bytes(p.accounting.rss)}</span>
      </div>
    </div>
  );
}

interface DetailProps {
  readonly process: ProcessView;
  readonly before: ProcessView | null;
  readonly followedTid: number | null;
  readonly sequence: number;
}

function ProcessDetail({ process, before, followedTid, sequence }: DetailProps) {
  const p = process;
  const a = p.accounting;
  return (
    <div class="process-detail">
      <Section title={`pid ${p.pid} · ${p.comm}`}>
        {p.state === 'zombie' && p.exitStatus && (
          <p class="zombie-note">
            <Icon name="debug-disconnect" /> Zombie: {exitDescription(p.exitStatus)}; its parent (pid {p.ppid}) has not reaped it with wait yet.
          </p>
        )}
        <dl class="process-facts" aria-label="Process">
          <dt>argv</dt>
          <dd class="mono">{p.argv.map((arg) => (/[\s"]/.test(arg) || arg === '' ? JSON.stringify(arg) : arg)).join(' ')}</dd>
          <dt>cwd</dt>
          <dd class="mono">{p.cwd}</dd>
          <dt>ids</dt>
          <dd class="mono">
            ppid {p.ppid} · pgid {p.pgid} · sid {p.sid} · uid {p.uid} · gid {p.gid}
          </dd>
        </dl>
        <div class="figures" aria-label="Accounting">
          <Figure label="State" value={stateText(p)} />
          <Figure label="User" value={duration(a.userNs)} />
          <Figure label="System" value={duration(a.systemNs)} />
          <Figure label="Rss" value={bytes(a.rss)} />
          <Figure label="Pss" value={bytes(a.pss)} />
          <Figure label="Faults" value={`${count(a.minorFaults)} / ${count(a.majorFaults)}`} title="Minor / major page faults" />
          <Figure label="Switches" value={`${count(a.voluntarySwitches)} / ${count(a.involuntarySwitches)}`} title="Voluntary / involuntary" />
        </div>
      </Section>
      <Threads process={p} followedTid={followedTid} sequence={sequence} />
      <Files process={p} before={before} />
      <div class="process-tables">
        <Limits process={p} />
        <Signals process={p} />
      </div>
    </div>
  );
}

function Threads({ process, followedTid, sequence }: { readonly process: ProcessView; readonly followedTid: number | null; readonly sequence: number }) {
  const actions = usePanelActions();
  // A click shows at once; the host's next data (with its own selection) replaces it.
  const [picked, setPicked] = useState<{ readonly sequence: number; readonly tid: number } | null>(null);
  const tid = picked?.sequence === sequence ? picked.tid : followedTid;
  const threads = process.threads;
  if (threads.length === 0) return null;
  const select = (index: number) => {
    const thread = threads[index];
    if (!thread) return;
    setPicked({ sequence, tid: thread.tid });
    actions.selectThread(thread.tid);
  };
  return (
    <Section title={`Threads · ${threads.length}`}>
      <div class="process-detail-list" style={{ height: `${listHeight(threads.length)}px` }}>
        <VirtualList
          items={threads}
          rowHeight={ROW_HEIGHT}
          fallbackHeight={listHeight(threads.length)}
          label={`Threads of pid ${process.pid}`}
          selected={threads.findIndex((t) => t.tid === tid)}
          onSelect={select}
          rowKey={(t) => t.tid}
          header={
            <div class="process-thread-row process-list-header" aria-hidden="true">
              <span>tid</span>
              <span>state</span>
              <span>hart</span>
              <span>pc</span>
              <span>waiting for</span>
            </div>
          }
          renderRow={(t) => <ThreadRow thread={t} />}
        />
      </div>
    </Section>
  );
}

function ThreadRow({ thread }: { readonly thread: ThreadView }) {
  return (
    <div class="process-thread-row">
      <span class="mono">{thread.tid}</span>
      <span class={`run-state run-state-${thread.state}`}>{thread.state}</span>
      <span class="mono">{thread.hart >= 0 ? `hart ${thread.hart}` : '–'}</span>
      <span class="mono">{address(thread.pc)}</span>
      <span class="waiting-for">{thread.waitingFor ?? (thread.pendingSignals.length ? `pending ${thread.pendingSignals.join(' ')}` : '')}</span>
    </div>
  );
}

/** Tall enough for a few rows, no taller than the rows (a long list scrolls). */
function listHeight(rows: number): number {
  return Math.min(Math.max(rows, 3), 10) * ROW_HEIGHT + 24;
}

function Files({ process, before }: { readonly process: ProcessView; readonly before: ProcessView | null }) {
  const fds = process.fds;
  const opened = newFds(process, before);
  return (
    <Section title={`Open files · ${fds.length}`}>
      {fds.length === 0 ? (
        <Empty>No open files{process.state === 'zombie' ? ' (a zombie has closed them all)' : ''}.</Empty>
      ) : (
        <div class="process-detail-list" style={{ height: `${listHeight(fds.length)}px` }}>
          <VirtualList
            items={fds}
            rowHeight={ROW_HEIGHT}
            fallbackHeight={listHeight(fds.length)}
            label={`Open files of pid ${process.pid}`}
            rowKey={(f) => f.fd}
            rowClass={(f) => (opened.has(f.fd) ? 'changed' : '')}
            header={
              <div class="fd-row process-list-header" aria-hidden="true">
                <span class="numeric">fd</span>
                <span>kind</span>
                <span>points to</span>
                <span>flags</span>
              </div>
            }
            renderRow={(f) => <FdRow fd={f} isNew={opened.has(f.fd)} />}
          />
        </div>
      )}
    </Section>
  );
}

function FdRow({ fd, isNew }: { readonly fd: FdView; readonly isNew: boolean }) {
  return (
    <div class={`fd-row fd-${fd.kind}`}>
      <span class="mono numeric">{fd.fd}</span>
      <span class="fd-kind">
        <Icon name={FD_ICONS[fd.kind]} /> {fd.kind}
      </span>
      <span class="mono fd-target" title={fd.target}>
        {fd.target}
        {isNew && <span class="badge">new</span>}
      </span>
      <span class="fd-flags">{fd.cloexec ? 'cloexec' : ''}</span>
    </div>
  );
}

function Limits({ process }: { readonly process: ProcessView }) {
  return (
    <Section title="Resource limits">
      <table class="limits-table" aria-label={`Resource limits of pid ${process.pid}`}>
        <thead>
          <tr>
            <th>resource</th>
            <th class="numeric">soft</th>
            <th class="numeric">hard</th>
          </tr>
        </thead>
        <tbody>
          {process.rlimits.map((limit) => (
            <tr key={limit.resource}>
              <td class="mono">RLIMIT_{limit.resource}</td>
              <td class="mono numeric">{limitText(limit.resource, limit.soft)}</td>
              <td class="mono numeric">{limitText(limit.resource, limit.hard)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Signals({ process }: { readonly process: ProcessView }) {
  const s = process.signals;
  return (
    <Section title="Signals">
      <dl class="process-facts" aria-label={`Signal dispositions of pid ${process.pid}`}>
        <dt>handled</dt>
        <dd>
          {s.handled.length === 0
            ? 'none (every signal takes its default action)'
            : s.handled.map((h) => (
                <div key={h.signal} class="mono">
                  {h.signal} → {address(h.handler)}
                  {h.flags.length > 0 && ` ${h.flags.join(' | ')}`}
                </div>
              ))}
        </dd>
        <dt>ignored</dt>
        <dd class="mono">{s.ignored.length === 0 ? 'none' : s.ignored.join(' ')}</dd>
        <dt>pending</dt>
        <dd class="mono">{s.pending.length === 0 ? 'none' : s.pending.join(' ')}</dd>
      </dl>
    </Section>
  );
}
