// ps, free, uptime and top read /proc as procps-ng does. On the oracle (qemu-riscv32 passes
// the host's /proc through) their output is compared with the host's own procps-ng 4 tools:
// the same headers and columns, the same values where they do not move between two runs.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runQemu } from '../support/qemu';
import { clangProgram } from './userland';

const run = (name: string, args: readonly string[] = []) => runQemu(clangProgram(name), { args });
const host = (command: string, args: readonly string[] = []) =>
  execFileSync(command, args, { env: { LC_ALL: 'C', TZ: 'UTC', PATH: process.env.PATH, COLUMNS: '80' } }).toString();
// Numbers change between two runs; their places and the words around them must not.
const shape = (line: string) => line.replace(/\s*[\d.]+/g, ' N');
const lines = (text: string) => text.split('\n');
const hasProcps = (() => {
  try {
    return /procps-ng 4/.test(host('ps', ['--version']));
  } catch {
    return false;
  }
})();

describe.skipIf(!hasProcps)('procps tools on the oracle', () => {
  it('free prints the columns of procps free, with the same totals', async () => {
    for (const flag of [[], ['-k'], ['-m'], ['-b']]) {
      const ours = lines((await run('free', flag)).stdout);
      const theirs = lines(host('free', flag));
      expect(ours[0]).toBe(theirs[0]);
      expect(ours.map(shape)).toEqual(theirs.map(shape));
      // the total column is MemTotal: the same on both
      expect(ours[1].slice(0, 20), flag.join(' ')).toBe(theirs[1].slice(0, 20));
    }
    const human = lines((await run('free', ['-h'])).stdout);
    expect(human[1]).toMatch(/^Mem:(\s+\d+(\.\d)?[KMGT]i|\s+\d+B){6}$/);
    expect(human[1].slice(0, 20)).toBe(lines(host('free', ['-h']))[1].slice(0, 20));
    expect((await run('free', ['-x'])).status).toBe(1);
  });

  it('uptime prints the time, the time since boot and the load as procps uptime', async () => {
    const ours = (await run('uptime')).stdout;
    expect(ours).toMatch(/^ \d\d:\d\d:\d\d up .*, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n$/);
    expect(shape(ours)).toBe(shape(host('uptime')));
    expect(shape((await run('uptime', ['-p'])).stdout)).toBe(shape(host('uptime', ['-p'])));
  });

  it('ps prints procps headers, and the same row for process 1', async () => {
    const forms: [string[], number[]][] = [
      [['-e'], [0, 1]], // PID TTY CMD (TIME moves)
      [['-ef'], [0, 1, 2, 4, 5, 7]], // UID PID PPID STIME TTY CMD
      [['aux'], [0, 1, 6, 8]], // USER PID TTY START
    ];
    for (const [args, stable] of forms) {
      const ours = lines((await run('ps', args)).stdout);
      const theirs = lines(host('ps', args));
      expect(ours[0], args[0]).toBe(theirs[0]);
      const row = (text: string[]) => text.find((l) => /^\S*\s+1 /.test(l))!.trim().split(/\s+/);
      const [mine, real] = [row(ours), row(theirs)];
      for (const column of stable) expect(mine[column], `${args[0]} column ${column}`).toBe(real[column]);
    }
  });

  it('ps lists only the processes of its own terminal and user by default', async () => {
    const r = await run('ps');
    const rows = lines(r.stdout).slice(1, -1);
    expect(lines(r.stdout)[0]).toBe('  PID TTY          TIME CMD');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\s*\d+ \?\s+\d\d:\d\d:\d\d \S/); // qemu has no terminal here
    expect((await run('ps', ['-Z'])).status).toBe(1);
  });

  it('top -b -n 1 prints procps top\'s summary and a table sorted by %CPU', async () => {
    const ours = lines((await run('top', ['-b', '-n', '1'])).stdout);
    const theirs = lines(host('top', ['-b', '-n', '1']));
    for (const i of [0, 1, 2, 3, 4, 5, 6]) expect(shape(ours[i]), `line ${i}`).toBe(shape(theirs[i]));
    // qemu makes up the guest's own /proc/self/stat (state 0, no times): leave top's row out
    const rows = ours.slice(7).filter((l) => l !== '' && !/ top$/.test(l));
    expect(rows.length).toBeGreaterThan(1);
    const cpu = rows.map((row) => {
      expect(row).toMatch(/^\s*\d+ \S+\s+(\d+|rt)\s+-?\d+\s+\d+\s+\d+\s+\d+ [RSDIZTtPX]\s+\d+\.\d\s+\d+\.\d\s+\d+:\d\d\.\d\d \S/);
      expect(row.length).toBeLessThanOrEqual(80);
      return Number(row.slice(47, 53));
    });
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
  });

  it('top repeats every -d seconds, -n times, and clears the screen unless -b', async () => {
    const batch = await run('top', ['-b', '-n', '2', '-d', '0.2']);
    expect(batch.stdout.match(/^top - /gm)).toHaveLength(2);
    expect(batch.stdout).not.toContain('\x1b');
    expect(batch.ms).toBeGreaterThanOrEqual(200);
    const screen = await run('top', ['-n', '1']);
    expect(screen.stdout.startsWith('\x1b[H\x1b[2Jtop - ')).toBe(true);
  });
});
