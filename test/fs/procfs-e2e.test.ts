// /proc as programs read it: a C program opens and reads its own maps, status and fd/ (with
// opendir, readdir and readlink, as ls -l does) and the machine-wide files in small pieces, as
// cat would with a tiny buffer. Its maps must be what `oslab run --maps` prints when it exits,
// and our maps lines must have the layout of the host's own /proc/self/maps (Linux's
// show_map_vma, whose name column depends only on the pointer size).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runKernelProgram } from '../support/kernel-run';
import { runOslab } from '../support/oslab';
import { formatMaps } from '../../sim/kernel/procfs-format';
import { MEMINFO_KEYS, STATUS_KEYS, statusField as field } from './procfs-read';

const PROGRAM = 'test/fixtures/procfs/proc-self.c';

// show_map_vma: start-end perms offset major:minor inode, then (for a named row) spaces up to
// column 25 + 6 × sizeof(void *) and the name; an unnamed row ends with one space.
const MAPS_LINE = /^([0-9a-f]{8,16})-([0-9a-f]{8,16}) [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2,3}:[0-9a-f]{2,5} \d+ ( *\S.*)?$/;

function checkMapsLayout(text: string, pointerBytes: number): number {
  const lines = text.trimEnd().split('\n');
  for (const line of lines) {
    expect(line).toMatch(MAPS_LINE);
    const [, start, end, rest] = line.match(MAPS_LINE)!;
    expect(parseInt(start, 16)).toBeLessThan(parseInt(end, 16));
    if (rest === undefined) continue;
    const header = line.slice(0, line.length - rest.length);
    // The name starts at the padded column, or one space after a header too long to pad.
    const column = Math.max(25 + 6 * pointerBytes - 1, header.length - 1) + 1;
    expect(line.length - rest.trimStart().length, line).toBe(column);
  }
  return lines.length;
}

describe('/proc read by a program', () => {
  it('/proc/self/maps equals what --maps prints at the exit, in the layout of the host’s own maps', async () => {
    let atExit: string | null = null;
    const run = await runKernelProgram(PROGRAM, {
      args: ['maps'],
      // What cli/run.ts's --maps prints: the process's view as its exit event is sent.
      onEvent: (event, machine) => {
        if (event.kind === 'exit' && atExit === null) atExit = formatMaps(machine.processView(event.pid)!.vmas);
      },
    });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe(atExit);
    expect(run.stdout).toMatch(/ \/bin\/proc-self\n/);
    expect(run.stdout).toMatch(/ \[stack\]\n$/);
    expect(checkMapsLayout(run.stdout, 4)).toBeGreaterThan(3);
    expect(checkMapsLayout(readFileSync('/proc/self/maps', 'utf8'), 8)).toBeGreaterThan(3);
  });

  it('oslab run --maps prints at the exit the very maps the program read from /proc/self/maps', async () => {
    const run = await runOslab(PROGRAM, { extraOptions: ['--maps'], args: ['maps'], timeoutMs: 60_000 });
    expect(run.status).toBe(0);
    const printed = run.stderr.match(/^==> \/proc\/\d+\/maps <==\n([\s\S]*)$/m);
    expect(printed?.[1]).toBe(run.stdout);
  });

  it('/proc/self/status counts the second thread and shows the reader running', async () => {
    const run = await runKernelProgram(PROGRAM, { args: ['status'], events: ['process'] });
    const status = run.stdout;
    expect(status.split('\n').slice(0, -1).map((l) => l.slice(0, l.indexOf(':\t')))).toEqual(STATUS_KEYS);
    expect(field(status, 'Name')).toBe('proc-self');
    expect(field(status, 'State')).toBe('R (running)');
    expect(field(status, 'Threads')).toBe('2');
    const pid = run.events[0].kind === 'process' ? run.events[0].pid : -1;
    expect(field(status, 'Pid')).toBe(`${pid}`);
    expect(field(status, 'PPid')).toBe('1');
    expect(Number(field(status, 'VmRSS')!.replace(' kB', ''))).toBeGreaterThan(0);
  });

  it('ls -l /proc/self/fd: pipes as pipe:[N], a file by its path, then (deleted) but still open through its link', async () => {
    const run = await runKernelProgram(PROGRAM, { args: ['fd'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const [before, after, tail] = run.stdout.split(/^--\n/m).flatMap((part) => part.split(/^(?=reopened)/m));
    const links = (part: string) => Object.fromEntries(part.trimEnd().split('\n').map((l) => l.split(' -> ')));
    const open = links(before);
    expect(open['0']).toMatch(/^pipe:\[\d+\]$/); // the machine's stdin is not a terminal here
    expect(open['3']).toMatch(/^pipe:\[\d+\]$/);
    expect(open['4']).toBe(open['3']); // both ends of one pipe
    expect(open['5']).toBe('/tmp/x');
    expect(links(after)['5']).toBe('/tmp/x (deleted)');
    const [reopened, cwd, self, threadSelf] = tail.trimEnd().split('\n');
    expect(reopened).toBe('reopened /proc/self/fd/5: 10 still here');
    const [, link, wd] = cwd.match(/^cwd -> (.*) getcwd (.*)$/)!;
    expect(link).toBe(wd);
    const [, target, pid] = self.match(/^self -> (\d+) pid (\d+)$/)!;
    expect(target).toBe(pid);
    expect(threadSelf).toBe(`thread-self -> ${pid}/task/${pid} tid ${pid}`);
  });

  it("follows a child's state letter: S asleep, T stopped, S continued, Z killed, gone once reaped", async () => {
    const run = await runKernelProgram(PROGRAM, { args: ['states'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    expect(run.stdout).toBe('sleeping: S\nstopped: T\ncontinued: S\nkilled: Z\nreaped: gone\n');
  });

  it('reads meminfo 7 bytes at a time as one consistent text, then uptime and loadavg', async () => {
    const run = await runKernelProgram(PROGRAM, { args: ['chunks'] });
    const lines = run.stdout.trimEnd().split('\n');
    const meminfo = lines.slice(0, MEMINFO_KEYS.length);
    expect(meminfo.map((l) => l.slice(0, l.indexOf(':')))).toEqual(MEMINFO_KEYS);
    for (const line of meminfo) expect(line).toMatch(/^[\w()]+: +\d+( kB)?$/);
    expect(lines[MEMINFO_KEYS.length]).toMatch(/^\d+\.\d\d \d+\.\d\d$/);
    // The reader itself is running: at least one task on a hart.
    expect(lines[MEMINFO_KEYS.length + 1]).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d [1-9]\d*\/\d+ \d+$/);
  });

  it('loadavg takes its first sample at 5.004 s; stat and uptime split both harts\' time', async () => {
    // A 10 MHz clock keeps 6 simulated seconds of spinning short to simulate.
    const run = await runKernelProgram('test/fixtures/procfs/busy-load.c', { machine: { cores: 2, costs: { clockHz: 10_000_000 } }, events: ['process'] });
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const [loadavg, uptime, cpu, cpu0, cpu1, ...rest] = run.stdout.trimEnd().split('\n');
    const main = run.events[0].kind === 'process' ? run.events[0].pid : -1;
    // Two spinning threads when the sample was taken: calc_load(0, EXP_n, 2.0) for n = 1, 5, 15.
    // Read with main on a hart beside them: 3 running of 3 tasks; the last pid is the second thread's.
    expect(loadavg).toBe(`0.16 0.03 0.01 3/3 ${main + 2}`);
    expect(uptime).toBe('6.00 0.00');
    const ticks = (line: string) => line.split(/ +/).slice(1).map(Number);
    expect(ticks(cpu0)[0]).toBeGreaterThanOrEqual(599);
    expect(ticks(cpu1)[0]).toBeGreaterThanOrEqual(599);
    // The total is converted from the summed time, each hart's from its own: at most a tick apart.
    expect(ticks(cpu)[0] - ticks(cpu0)[0] - ticks(cpu1)[0]).toBeGreaterThanOrEqual(0);
    expect(ticks(cpu)[0] - ticks(cpu0)[0] - ticks(cpu1)[0]).toBeLessThanOrEqual(1);
    expect(rest).toContain('procs_running 3');
    expect(rest).toContain(`processes ${main + 2}`);
  });
});
