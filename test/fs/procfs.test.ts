// /proc against the machine's own state, read through the VFS as a program's open and read
// would (path lookup from the root, then the file's generated text): a process's maps equal what
// the snapshot (and `oslab run --maps`) shows, status and stat follow the process through fork,
// threads, sleep and death, fd/ lists the descriptors as magic links, and the root lists the
// process table.

import { describe, expect, it } from 'vitest';
import { eventsOf, runKernelProgram } from '../support/kernel-run';
import { SymlinkInode } from '../../sim/fs/inode';
import { formatMaps } from '../../sim/kernel/procfs-format';
import type { Process } from '../../sim/kernel/proc';
import type { Machine } from '../../sim/machine';
import { procLookup as lookup, procNames as names, procRead as read, statusField as field } from './procfs-read';

function processOf(machine: Machine, pid: number): Process {
  const process = machine.kernel.processes.get(pid);
  if (!process) throw new Error(`no process ${pid}`);
  return process;
}

describe('/proc/PID against the kernel', () => {
  it("shows a zombie child as Z with its parent, and the parent's maps as the snapshot has them", async () => {
    const seen: { child?: { stat: string; status: string; statm: string; cmdline: string }; parent?: { maps: string; snapshot: string; status: string; pids: string[] } } = {};
    const run = await runKernelProgram('zombie', {
      onEvent: (event, machine) => {
        if (event.kind !== 'exit' || seen.child) return;
        const kernel = machine.kernel;
        const ppid = processOf(machine, event.pid).ppid;
        if (ppid === 1) return;
        const parent = processOf(machine, ppid);
        const child = `/proc/${event.pid}`;
        seen.child = { stat: read(kernel, parent, `${child}/stat`), status: read(kernel, parent, `${child}/status`), statm: read(kernel, parent, `${child}/statm`), cmdline: read(kernel, parent, `${child}/cmdline`) };
        seen.parent = {
          maps: read(kernel, parent, '/proc/self/maps'),
          snapshot: formatMaps(machine.processView(parent.pid)!.vmas),
          status: read(kernel, parent, '/proc/self/status'),
          pids: names(kernel, parent, '/proc').filter((n) => /^\d+$/.test(n)),
        };
      },
      events: ['process'],
    });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const [main, child] = eventsOf(run, 'process').map((e) => e.pid);

    const stat = seen.child!.stat.trimEnd().split(' ');
    expect(stat).toHaveLength(52);
    expect(stat.slice(0, 4)).toEqual([`${child}`, '(zombie)', 'Z', `${main}`]);
    expect(stat[51]).toBe(`${3 << 8}`); // exit(3) as waitpid will collect it
    expect(field(seen.child!.status, 'State')).toBe('Z (zombie)');
    expect(field(seen.child!.status, 'PPid')).toBe(`${main}`);
    // A zombie has no memory left: no Vm lines, statm all zeros, an empty command line.
    expect(field(seen.child!.status, 'VmRSS')).toBeUndefined();
    expect(seen.child!.statm).toBe('0 0 0 0 0 0 0\n');
    expect(seen.child!.cmdline).toBe('');

    expect(seen.parent!.maps).toBe(seen.parent!.snapshot);
    expect(seen.parent!.maps).toMatch(/\[stack\]\n$/);
    expect(field(seen.parent!.status, 'Pid')).toBe(`${main}`);
    expect(field(seen.parent!.status, 'Threads')).toBe('1');
    expect(seen.parent!.pids).toEqual(['1', `${main}`, `${child}`]);
  });

  it("counts a process's threads, lists them in task/, and reports the running one as R", async () => {
    let checked = false;
    await runKernelProgram('thread-exit', {
      args: ['return'],
      onEvent: (event, machine) => {
        if (checked || event.kind !== 'thread' || event.change !== 'created') return;
        const process = processOf(machine, event.pid);
        if (process.liveThreads.length < 3) return;
        checked = true;
        const kernel = machine.kernel;
        const status = read(kernel, process, `/proc/${process.pid}/status`);
        expect(field(status, 'Threads')).toBe(`${process.liveThreads.length}`);
        expect(names(kernel, process, `/proc/${process.pid}/task`)).toEqual(process.liveThreads.map((t) => `${t.tid}`));
        for (const thread of process.liveThreads) {
          const letter = read(kernel, process, `/proc/${process.pid}/task/${thread.tid}/stat`).split(' ')[2];
          expect(letter).toBe({ running: 'R', runnable: 'R', sleeping: 'S', stopped: 'T', zombie: 'Z' }[thread.state]);
          const own = read(kernel, process, `/proc/${process.pid}/task/${thread.tid}/status`);
          expect(field(own, 'Pid')).toBe(`${thread.tid}`);
          expect(field(own, 'Tgid')).toBe(`${process.pid}`);
          expect(field(own, 'voluntary_ctxt_switches')).toBe(`${thread.voluntarySwitches}`);
        }
      },
    });
    expect(checked).toBe(true);
  });

  it('lists descriptors in fd/ as links to what each one is, and self leads to the reader', async () => {
    let checked = false;
    await runKernelProgram('pipes', {
      onEvent: (event, machine) => {
        if (checked || event.kind !== 'syscall' || event.name !== 'pipe2' || event.result !== 0) return;
        checked = true;
        const kernel = machine.kernel;
        const process = processOf(machine, event.pid);
        const fds = [...process.fds.keys()].sort((a, b) => a - b);
        expect(names(kernel, process, '/proc/self/fd')).toEqual(fds.map(String));
        for (const fd of fds) {
          const link = lookup(kernel, process, `/proc/self/fd/${fd}`, false);
          expect(link).toBeInstanceOf(SymlinkInode);
          expect((link as SymlinkInode).target(kernel, process)).toBe(process.fds.get(fd)!.file.target);
        }
        expect(fds.slice(3).map((fd) => process.fds.get(fd)!.file.target)).toEqual(expect.arrayContaining([expect.stringMatching(/^pipe:\[\d+\]$/)]));
        const self = lookup(kernel, process, '/proc/self', false) as SymlinkInode;
        expect(self.target(kernel, process)).toBe(`${process.pid}`);
        expect(lookup(kernel, process, '/proc/self/cwd')).toBe(process.cwd);
      },
    });
    expect(checked).toBe(true);
  });
});
