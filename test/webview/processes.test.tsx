// @vitest-environment happy-dom
// The Processes & Files panel: the fork demo's tree (init → parent → child, the child new after
// the fork), the keys that fold and unfold it, a thread click following the thread, the fd table
// (the terminal on 0–2, /data/log.txt while file-io has it open), and a parent with 120 children:
// zombies with their exit status, limits and signal dispositions, a windowed tree.

import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessesPanel } from '../../webview/panels/processes';
import { processTree, visibleNodes } from '../../webview/panels/processes-model';
import { children, fileIo, forkDemo } from './recorded';
import { renderPanel } from './render';

afterEach(cleanup);

function tree(): HTMLElement {
  return screen.getByRole('tree', { name: 'Process tree' });
}

function item(pid: number): HTMLElement {
  return document.getElementById(`process-${pid}`)!;
}

/** The fd table's rows as a reader reads them: "fd | kind | target | flags". */
function fdRows(pid: number): string[] {
  return within(screen.getByRole('listbox', { name: `Open files of pid ${pid}` }))
    .getAllByRole('option')
    .map((row) => [...row.querySelectorAll('.fd-row > span')].map((cell) => cell.textContent?.trim()).join(' | '));
}

describe('Processes & Files panel', () => {
  it("draws the fork demo's tree: init, the parent under it, the child under the parent, marked new", () => {
    const recording = forkDemo();
    const data = recording.at('after fork');
    renderPanel(ProcessesPanel, 'processes', data, recording.at('before fork'));
    const items = within(tree()).getAllByRole('treeitem');
    expect(items.map((i) => i.id)).toEqual(['process-1', 'process-2', 'process-3']);
    expect(items.map((i) => i.getAttribute('aria-level'))).toEqual(['1', '2', '3']);
    expect(item(2).textContent).toContain('fork-demo.c');
    expect(item(2).getAttribute('aria-expanded')).toBe('true');
    expect(item(3).getAttribute('aria-expanded')).toBeNull();
    expect(item(3).textContent).toContain('new');
    expect(item(3).classList.contains('changed')).toBe(true);
    expect(item(2).classList.contains('changed')).toBe(false);
    expect(screen.getByText(/^Processes · 3 · 1 new$/)).toBeTruthy();
  });

  it('folds and unfolds a subtree with the arrow keys, and follows a process on Enter', () => {
    const data = forkDemo().at('after fork');
    const { api } = renderPanel(ProcessesPanel, 'processes', data);
    // The followed process (the parent) is picked to begin with.
    expect(tree().getAttribute('aria-activedescendant')).toBe('process-2');
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(item(2).getAttribute('aria-expanded')).toBe('false');
    expect(item(3)).toBeNull();
    fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    expect(item(3)).not.toBeNull();
    fireEvent.keyDown(tree(), { key: 'ArrowRight' });
    expect(tree().getAttribute('aria-activedescendant')).toBe('process-3');
    expect(screen.getByText('pid 3 · fork-demo.c')).toBeTruthy();
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect(tree().getAttribute('aria-activedescendant')).toBe('process-2');
    fireEvent.keyDown(tree(), { key: 'ArrowDown' });
    fireEvent.keyDown(tree(), { key: 'Enter' });
    expect(api.posted.filter((m) => m.type === 'request' && m.method === 'selectThread').map((m) => (m as { params: unknown }).params)).toEqual([{ tid: 3 }]);
    // The folds are kept while the panel is hidden.
    fireEvent.keyDown(tree(), { key: 'ArrowUp' });
    fireEvent.keyDown(tree(), { key: 'ArrowLeft' });
    expect((api.state as Record<string, unknown>)['processes.collapsed']).toEqual([2]);
  });

  it("shows the picked process's threads, and a click on one follows it", () => {
    const data = forkDemo().at('first sleep');
    const { api } = renderPanel(ProcessesPanel, 'processes', data);
    fireEvent.click(item(3));
    const threads = screen.getByRole('listbox', { name: 'Threads of pid 3' });
    const rows = within(threads).getAllByRole('option');
    expect(rows.length).toBe(1);
    expect(rows[0]!.textContent).toMatch(/^3running/);
    fireEvent.click(rows[0]!);
    expect(api.posted.filter((m) => m.type === 'request' && m.method === 'selectThread').map((m) => (m as { params: unknown }).params)).toEqual([{ tid: 3 }]);
    expect(rows[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('lists the fds: the console on 0–2 (pipes here, as the recording has no terminal), and /data/log.txt while file-io has it open', () => {
    const recording = fileIo();
    const open = recording.at('before fsync');
    const pid = open.selected!.pid;
    renderPanel(ProcessesPanel, 'processes', open);
    const rows = fdRows(pid);
    expect(rows.slice(0, 3).map((r) => r.split(' | ').slice(0, 2).join(' '))).toEqual(['0 pipe', '1 pipe', '2 pipe']);
    expect(rows[3]).toBe('3 | file | /data/log.txt | ');
    expect(document.querySelectorAll('.fd-row .codicon-arrow-both').length).toBe(3);
    expect(document.querySelectorAll('.fd-row .codicon-file').length).toBe(1);
    cleanup();
    renderPanel(ProcessesPanel, 'processes', recording.at('exit'), recording.at('after read'));
    const closed = fdRows(pid);
    expect(closed.length).toBe(3);
    expect(closed.join(' ')).not.toContain('/data/');
  });

  it('shows 120 children under their parent, zombies with how they ended, only the rows in view drawn', () => {
    const data = children().at('children forked');
    const processes = data.snapshot.processes;
    expect(processes.length).toBeGreaterThan(100);
    renderPanel(ProcessesPanel, 'processes', data);
    expect(within(tree()).getAllByRole('treeitem').length).toBeLessThan(processes.length);
    const lastPid = Math.max(...processes.map((p) => p.pid));
    expect(item(lastPid)).toBeNull();
    tree().scrollTop = processes.length * 22;
    fireEvent.scroll(tree());
    expect(item(lastPid)).not.toBeNull();
    tree().scrollTop = 0;
    fireEvent.scroll(tree());
    const parent = processTree(processes).find((n) => n.process.pid === data.selected!.pid)!;
    expect(parent.children).toBe(120);
    const zombies = processes.filter((p) => p.state === 'zombie');
    expect(screen.getByText(`Processes · ${processes.length} · ${zombies.length} zombies`)).toBeTruthy();
    const exited = zombies.find((p) => p.exitStatus?.kind === 'exited')!;
    const killed = zombies.find((p) => p.exitStatus?.kind === 'signaled')!;
    fireEvent.click(item(killed.pid));
    expect(item(killed.pid).textContent).toContain('zombie · SIGSEGV');
    expect(screen.getByText(/Zombie: killed by SIGSEGV \(Segmentation fault\)/)).toBeTruthy();
    fireEvent.click(item(exited.pid));
    expect(item(exited.pid).textContent).toContain(`zombie · exit ${(exited.exitStatus as { code: number }).code}`);
    expect(screen.getByText(/Zombie: exited with status \d+; its parent \(pid 2\)/)).toBeTruthy();
  });

  it("shows the parent's pipe (close-on-exec), its limits and its signal dispositions", () => {
    const data = children().at('reaped');
    const pid = data.selected!.pid;
    renderPanel(ProcessesPanel, 'processes', data, children().at('children forked'));
    const fds = fdRows(pid);
    expect(fds.filter((r) => /^\d \| pipe \| pipe:\[\d+\] \| cloexec$/.test(r)).length).toBe(2);
    const limits = screen.getByRole('table', { name: `Resource limits of pid ${pid}` });
    expect(within(limits).getByText('RLIMIT_NOFILE').parentElement!.textContent).toBe('RLIMIT_NOFILE1,02465,536');
    expect(within(limits).getByText('RLIMIT_STACK').parentElement!.textContent).toBe('RLIMIT_STACK8 MiBunlimited');
    const signals = screen.getByLabelText(`Signal dispositions of pid ${pid}`);
    expect(signals.textContent).toMatch(/SIGUSR1 → 0x[0-9a-f]{8} SA_RESTART/);
    expect(signals.textContent).toContain('SIGPIPE');
    expect(screen.getByLabelText('Processes gone since the last stop').textContent).toContain('120 processes');
  });

  it('hides a folded subtree and keeps the rest in order', () => {
    const nodes = processTree(children().at('children forked').snapshot.processes);
    expect(nodes.map((n) => n.process.pid)).toEqual([...nodes.map((n) => n.process.pid)].sort((a, b) => a - b));
    expect(visibleNodes(nodes, new Set([2])).map((n) => n.process.pid)).toEqual([1, 2]);
    expect(visibleNodes(nodes, new Set([1])).map((n) => n.process.pid)).toEqual([1]);
  });
});
