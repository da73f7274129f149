// What the Processes & Files panel draws, computed from the data alone: the process tree by ppid
// in depth-first order (with what a tree widget needs: level, position among siblings), the rows
// left visible when subtrees are collapsed, which processes and fds are new since the previous
// stop, and how an exit status, an fd's kind and a resource limit read.

import { signalDescription, signalName } from '../../sim/kernel/signal';
import type { ExitStatus } from '../../sim/kernel/proc';
import type { FdView, ProcessView } from '../../sim/snapshot-types';
import { bytes, count, duration } from '../format';

export interface TreeNode {
  readonly process: ProcessView;
  /** 0 for a root (init, or a process whose parent is not in the snapshot). */
  readonly depth: number;
  readonly parent: number | null;
  readonly children: number;
  /** 1-based position among its siblings, and how many there are (aria-posinset, aria-setsize). */
  readonly position: number;
  readonly siblings: number;
}

/** Every process in depth-first order, children by pid under their parent. */
export function processTree(processes: readonly ProcessView[]): TreeNode[] {
  const pids = new Set(processes.map((p) => p.pid));
  const children = new Map<number | null, ProcessView[]>();
  for (const p of [...processes].sort((a, b) => a.pid - b.pid)) {
    const parent = pids.has(p.ppid) && p.ppid !== p.pid ? p.ppid : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(p);
    else children.set(parent, [p]);
  }
  const nodes: TreeNode[] = [];
  // An explicit stack, not recursion: a chain of forks may be as deep as there are processes.
  const pending: { process: ProcessView; depth: number; parent: number | null; position: number; siblings: number }[] = [];
  const push = (parent: number | null, depth: number) => {
    const kids = children.get(parent) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) pending.push({ process: kids[i]!, depth, parent, position: i + 1, siblings: kids.length });
  };
  push(null, 0);
  while (pending.length > 0) {
    const next = pending.pop()!;
    nodes.push({ ...next, children: children.get(next.process.pid)?.length ?? 0 });
    push(next.process.pid, next.depth + 1);
  }
  return nodes;
}

/** The nodes shown when the subtrees under `collapsed` pids are folded away. */
export function visibleNodes(nodes: readonly TreeNode[], collapsed: ReadonlySet<number>): TreeNode[] {
  const visible: TreeNode[] = [];
  let hiddenBelow = Infinity; // depth of the collapsed node whose subtree is being skipped
  for (const node of nodes) {
    if (node.depth > hiddenBelow) continue;
    hiddenBelow = collapsed.has(node.process.pid) && node.children > 0 ? node.depth : Infinity;
    visible.push(node);
  }
  return visible;
}

/** Pids that appeared since the previous stop (none without one). */
export function newProcesses(now: readonly ProcessView[], before: readonly ProcessView[] | null): Set<number> {
  if (!before) return new Set();
  const earlier = new Set(before.map((p) => p.pid));
  return new Set(now.filter((p) => !earlier.has(p.pid)).map((p) => p.pid));
}

/** Processes of the previous stop no longer in the snapshot (reaped). */
export function goneProcesses(now: readonly ProcessView[], before: readonly ProcessView[] | null): ProcessView[] {
  if (!before) return [];
  const pids = new Set(now.map((p) => p.pid));
  return before.filter((p) => !pids.has(p.pid));
}

/** Fds opened (or pointed elsewhere) since the previous stop. */
export function newFds(now: ProcessView, before: ProcessView | null): Set<number> {
  if (!before) return new Set();
  const earlier = new Map(before.fds.map((f) => [f.fd, f.target]));
  return new Set(now.fds.filter((f) => earlier.get(f.fd) !== f.target).map((f) => f.fd));
}

/** "exited with status 3", "killed by SIGSEGV (Segmentation fault)". */
export function exitDescription(status: ExitStatus): string {
  if (status.kind === 'exited') return `exited with status ${status.code}`;
  return `killed by ${signalName(status.signal)} (${signalDescription(status.signal)})${status.coreDumped ? ', core dumped' : ''}`;
}

/** The state column: a zombie says how it ended. */
export function stateText(process: ProcessView): string {
  if (process.state !== 'zombie' || !process.exitStatus) return process.state;
  const status = process.exitStatus;
  return `zombie · ${status.kind === 'exited' ? `exit ${status.code}` : signalName(status.signal)}`;
}

export const FD_ICONS: Readonly<Record<FdView['kind'], string>> = {
  tty: 'terminal',
  file: 'file',
  pipe: 'arrow-both',
  socket: 'plug',
  epoll: 'pulse',
  other: 'question',
};

/** Limits in bytes, in seconds and in microseconds (getrlimit(2)); the rest are counts. */
const BYTE_LIMITS = new Set(['FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'MEMLOCK', 'AS', 'MSGQUEUE']);

export function limitText(resource: string, value: number | null): string {
  if (value === null) return 'unlimited';
  if (BYTE_LIMITS.has(resource)) return bytes(value);
  if (resource === 'CPU') return duration(value * 1e9);
  if (resource === 'RTTIME') return duration(value * 1e3);
  return count(value);
}
