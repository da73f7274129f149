// `oslab run`'s tracing and scheduling options as a user meets them: strace-style lines from
// --trace (to stderr or a file), the maps printed by --maps, the simulated time limit, the
// terminal question, and one clear line with status 2 for every malformed option.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs, RUN_HELP, UsageError } from '../../cli/args';
import { oslabCli } from '../support/oslab';

const scratch = mkdtempSync(join(tmpdir(), 'oslab-run-options-'));
const program = (name: string) => join(__dirname, '..', 'fixtures', 'cli', `${name}.c`);

function oslab(...args: string[]) {
  const r = spawnSync(process.execPath, [oslabCli, ...args], { encoding: 'utf8', input: '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--trace', () => {
  it('prints each call strace-style to stderr, with its duration, and the exit', () => {
    const r = oslab('run', '--trace', program('trace_hello'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hi\n');
    expect(r.stderr).toMatch(/^\[pid +(\d+)\] write\(1, "hi\\n", 3\) += 3 <\d\.\d{6}>$/m);
    expect(r.stderr).toMatch(/^\[pid +\d+\] read\(99, 0x[0-9a-f]+, 8\) += -1 EBADF \(Bad file descriptor\) <\d\.\d{6}>$/m);
    expect(r.stderr).toMatch(/^\[pid +\d+\] exit_group\(0\) += \? <\d\.\d{6}>\n\[pid +\d+\] \+\+\+ exited with 0 \+\+\+$/m);
  });

  it('puts = at column 40 when the call is short', () => {
    const write = oslab('run', '--trace', program('trace_hello')).stderr.split('\n').find((l) => l.includes('write('));
    expect(write?.indexOf('= 3')).toBe(40);
  });

  it('=FILE writes the trace there and leaves stderr to the program', () => {
    const file = join(scratch, 'trace.txt');
    const r = oslab('run', `--trace=${file}`, program('trace_hello'));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(file, 'utf8')).toMatch(/write\(1, "hi\\n", 3\) += 3 </);
  });

  it('follows a fork: the clone, the child’s calls under its own pid, the parent’s waitid', () => {
    const r = oslab('run', '--trace', program('trace_fork'));
    expect(r.status).toBe(0);
    const clone = /^\[pid +(\d+)\] clone\(child_stack=NULL, flags=SIGCHLD\) += (\d+) </m.exec(r.stderr);
    expect(clone).not.toBeNull();
    const [, parent, child] = clone!;
    expect(r.stderr).toMatch(new RegExp(`^\\[pid +${child}\\] write\\(1, "child\\\\n", 6\\) += 6 <`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^\\[pid +${child}\\] \\+\\+\\+ exited with 3 \\+\\+\\+$`, 'm'));
    expect(r.stderr).toContain(`waitid(P_PID, ${child}, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=${child}, si_uid=1000, si_status=3, si_utime=0, si_stime=0}, WEXITED, NULL) = 0`);
    expect(r.stderr).toMatch(new RegExp(`^\\[pid +${parent}\\] \\+\\+\\+ exited with 0 \\+\\+\\+$`, 'm'));
  });
});

describe('--maps', () => {
  it('prints each process’s /proc/PID/maps under a header when it exits', () => {
    const r = oslab('run', '--maps', program('trace_hello'));
    expect(r.status).toBe(0);
    const header = /^==> \/proc\/(\d+)\/maps <==$/m.exec(r.stderr);
    expect(header).not.toBeNull();
    const rows = r.stderr.slice(header!.index).split('\n').slice(1).filter((l) => l !== '');
    for (const row of rows) expect(row).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ (?: {0,9}\S.*)?$/);
    expect(rows.some((l) => l.endsWith(' [stack]'))).toBe(true);
    expect(rows.find((l) => l.endsWith('[stack]'))!.indexOf('[stack]')).toBe(49);
  });
});

describe('--max-time', () => {
  it('kills a program that runs too long, says so, and exits 137', () => {
    const r = oslab('run', '--max-time', '2ms', program('spin_forever'));
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/^oslab: .*spin_forever\.c: simulated time limit \(2ms\) reached/m);
  });
});

describe('--tty', () => {
  it('makes fds 0–2 terminals; without it they follow oslab’s own (pipes here)', () => {
    expect(oslab('run', program('isatty_report')).stdout).toBe('tty: 0 0 0\n');
    // A terminal's output processing sends "\n" as "\r\n" (ONLCR), as a Linux pty does.
    expect(oslab('run', '--tty', program('isatty_report')).stdout).toBe('tty: 1 1 1\r\n');
  });
});

describe('scheduling options', () => {
  it('run the program under every policy, slice and switch cost', () => {
    for (const sched of ['rr', 'fcfs', 'sjf', 'cfs']) {
      const r = oslab('run', '--sched', sched, '--timeslice', '100us', '--switch-cost', '0', program('trace_fork'));
      expect({ sched, status: r.status, stdout: r.stdout }).toEqual({ sched, status: 0, stdout: 'child\n' });
    }
  });
});

describe('option parsing', () => {
  it('reads durations with units, a bare number as milliseconds', () => {
    const ns = (v: string) => parseRunArgs(['--timeslice', v, 'p.c']).machine.sliceNs;
    expect([ns('4ms'), ns('100us'), ns('1000000ns'), ns('3s'), ns('4'), ns('2.5ms'), ns('10µs')]).toEqual([4e6, 1e5, 1e6, 3e9, 4e6, 2.5e6, 1e4]);
    expect(parseRunArgs(['--switch-cost', '0', 'p.c']).machine.costs).toEqual({ contextSwitchNs: 0 });
    expect(parseRunArgs(['--max-time=3s', 'p.c']).machine.maxTimeNs).toBe(3e9);
  });

  it('sets the policy, tracing, maps and tty, and leaves tty to the host by default', () => {
    const a = parseRunArgs(['--sched', 'sjf', '--trace', '--maps', '--tty', 'p.c', '--trace']);
    expect([a.machine.sched, a.trace, a.maps, a.machine.tty, a.args]).toEqual(['sjf', 'stderr', true, [true, true, true], ['--trace']]);
    expect(parseRunArgs(['--trace=out.txt', 'p.c']).trace).toEqual({ file: 'out.txt' });
    expect(parseRunArgs(['p.c']).machine.tty).toBeUndefined();
  });

  const bad: [string, string[], RegExp][] = [
    ['a duration without a known unit', ['--max-time', '3x'], /^--max-time: '3x' is not a duration \(examples: 3s, 250ms, 10us\)$/],
    ['a negative duration', ['--timeslice', '-4ms'], /^--timeslice: '-4ms' is not a duration/],
    ['a zero time slice', ['--timeslice', '0'], /^--timeslice: the duration must be greater than zero/],
    ['a zero time limit', ['--max-time', '0s'], /^--max-time: the duration must be greater than zero/],
    ['an unknown policy', ['--sched', 'lottery'], /^--sched needs one of rr, fcfs, sjf, cfs, got 'lottery'$/],
    ['an empty trace file', ['--trace='], /^--trace= needs a file name/],
    ['a value given to a flag', ['--maps=yes'], /^--maps takes no value/],
  ];
  it.each(bad)('rejects %s', (_name, options, message) => {
    expect(() => parseRunArgs([...options, 'p.c'])).toThrow(UsageError);
    expect(() => parseRunArgs([...options, 'p.c'])).toThrow(message);
  });

  it('a bad option is one line on stderr and status 2', () => {
    const r = oslab('run', '--sched', 'lottery', program('trace_hello'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("oslab: --sched needs one of rr, fcfs, sjf, cfs, got 'lottery'\n");
  });

  it('--help lists every option', () => {
    for (const option of ['--trace[=FILE]', '--maps', '--sched rr|fcfs|sjf|cfs', '--timeslice DURATION', '--switch-cost DURATION', '--max-time DURATION', '--tty', '--stats FILE', '--summary']) {
      expect(RUN_HELP).toContain(`  ${option} `);
    }
    expect(oslab('run', '--help').stdout).toBe(RUN_HELP);
  });
});
