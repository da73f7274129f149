// /proc's texts in Linux's exact layouts, checked field by field against the formats of Linux
// 6.18 (fs/proc/array.c, task_mmu.c, meminfo.c, stat.c, loadavg.c, uptime.c, riscv's cpu.c, as
// proc(5) documents them) on a live machine: the key order and tab of status, the 52 fields of
// stat, statm's seven numbers, meminfo's `%-16s%8lu kB` columns, and the machine-wide files.

import { describe, expect, it } from 'vitest';
import { runKernelProgram } from '../support/kernel-run';
import type { Process } from '../../sim/kernel/proc';
import { UTSNAME } from '../../sim/kernel/sys-proc';
import { MEMINFO_KEYS, STATUS_KEYS, procRead as read, statusField as field } from './procfs-read';

interface Seen {
  readonly process: Process;
  readonly texts: Record<string, string>;
  /** The kernel's own counts when the files were read. */
  readonly minorFaults: number;
  readonly tasks: number;
}

const FILES = ['/proc/self/status', '/proc/self/stat', '/proc/self/statm', '/proc/self/cmdline', '/proc/self/comm', '/proc/meminfo', '/proc/stat', '/proc/cpuinfo', '/proc/uptime', '/proc/loadavg', '/proc/version', '/proc/mounts'];

/** Every file as the zombie fixture's parent reads it while its child lies dead (mid-run). */
async function midRun(): Promise<Seen> {
  let seen: Seen | null = null;
  await runKernelProgram('zombie', {
    machine: { memoryMiB: 32, cores: 2 },
    onEvent: (event, machine) => {
      if (seen || event.kind !== 'exit') return;
      const kernel = machine.kernel;
      const process = kernel.processes.get(kernel.processes.get(event.pid)!.ppid)!;
      const texts = Object.fromEntries(FILES.map((f) => [f, read(kernel, process, f)]));
      seen = { process, texts, minorFaults: process.faults.minor, tasks: kernel.tasks };
    },
  });
  if (!seen) throw new Error('the child never exited');
  return seen;
}

describe('/proc formats', async () => {
  const { process, texts, minorFaults, tasks } = await midRun();

  it("status: Linux's keys in order, each `Key:\\tvalue`, sizes as `%8lu kB`", () => {
    const lines = texts['/proc/self/status'].split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.slice(0, l.indexOf(':\t')))).toEqual(STATUS_KEYS);
    for (const line of lines.filter((l) => /^(Vm|Rss|Hugetlb)/.test(l))) expect(line).toMatch(/^\w+:\t[ \d]{7}\d kB$/);
    expect(field(texts['/proc/self/status'], 'Name')).toBe('zombie');
    expect(field(texts['/proc/self/status'], 'Umask')).toBe('0022');
    expect(field(texts['/proc/self/status'], 'Uid')).toBe('1000\t1000\t1000\t1000');
    expect(field(texts['/proc/self/status'], 'Groups')).toBe(' ');
    expect(field(texts['/proc/self/status'], 'SigBlk')).toMatch(/^[0-9a-f]{16}$/);
    expect(field(texts['/proc/self/status'], 'Cpus_allowed')).toBe('3');
    expect(field(texts['/proc/self/status'], 'Cpus_allowed_list')).toBe('0-1');
  });

  it('stat: 52 space-separated fields, the name in parentheses, times in clock ticks', () => {
    const text = texts['/proc/self/stat'];
    expect(text.endsWith('\n')).toBe(true);
    const fields = text.trimEnd().split(' ');
    expect(fields).toHaveLength(52);
    expect(fields[0]).toBe(`${process.pid}`);
    expect(fields[1]).toBe('(zombie)');
    expect(fields[2]).toMatch(/^[RSD]$/);
    for (const [i, f] of fields.entries()) if (i !== 1 && i !== 2) expect(f, `field ${i + 1}`).toMatch(/^-?\d+$/);
    expect(fields[17]).toBe('20'); // priority of nice 0
    expect(fields[19]).toBe('1'); // num_threads
    expect(fields[24]).toBe('4294967295'); // rsslim: RLIM_INFINITY on 32 bits
    const status = texts['/proc/self/status'];
    expect(Number(fields[22])).toBe(Number(field(status, 'VmSize')!.replace(' kB', '')) * 1024);
    expect(Number(fields[23]) * 4).toBe(Number(field(status, 'VmRSS')!.replace(' kB', '')));
    expect(Number(fields[9])).toBe(minorFaults);
  });

  it('statm: size resident shared text lib data dt in pages, lib and dt always 0', () => {
    const statm = texts['/proc/self/statm'].trimEnd().split(' ').map(Number);
    expect(statm).toHaveLength(7);
    expect([statm[4], statm[6]]).toEqual([0, 0]);
    const kb = (key: string) => Number(field(texts['/proc/self/status'], key)!.replace(' kB', ''));
    expect(statm[0] * 4).toBe(kb('VmSize'));
    expect(statm[1] * 4).toBe(kb('VmRSS'));
    expect(statm[2] * 4).toBe(kb('RssFile') + kb('RssShmem'));
    expect(statm[5] * 4).toBe(kb('VmData') + kb('VmStk'));
  });

  it('cmdline is the arguments NUL-terminated; comm the name and a newline', () => {
    expect(texts['/proc/self/cmdline']).toBe('/bin/zombie\0');
    expect(texts['/proc/self/comm']).toBe('zombie\n');
  });

  it("meminfo: Linux's keys in order, `%-16s%8lu kB`, figures from the machine's frames", () => {
    const lines = texts['/proc/meminfo'].split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(MEMINFO_KEYS);
    for (const line of lines) {
      if (line.startsWith('HugePages_')) expect(line).toMatch(/^HugePages_\w+: +[ \d]{4}\d$/);
      if (line.startsWith('HugePages_')) expect(line).toHaveLength(24);
      else expect(line).toMatch(/^[\w()]+: *[ \d]{7}\d kB$/);
      expect(line.indexOf(' kB') === -1 || line.indexOf(' kB') === 24).toBe(true);
    }
    const kb = (key: string) => Number(texts['/proc/meminfo'].match(new RegExp(`^${key.replace(/[()]/g, '\\$&')}: +(\\d+)`, 'm'))![1]);
    expect(kb('MemTotal')).toBe(32 * 1024);
    expect(kb('MemFree')).toBeLessThan(kb('MemTotal'));
    expect(kb('MemAvailable')).toBeGreaterThanOrEqual(kb('MemFree'));
    expect(kb('AnonPages')).toBeGreaterThan(0); // the parent's stack and data at least
    expect(kb('PageTables')).toBeGreaterThanOrEqual(8); // a root and a table for each of two processes
    expect(kb('SwapTotal')).toBe(0);
    expect(kb('Hugepagesize')).toBe(4096);
  });

  it('stat: a cpu line, one per hart, then ctxt, btime, processes, procs_running, procs_blocked', () => {
    const lines = texts['/proc/stat'].trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cpu {2}\d+( \d+){9}$/);
    expect(lines[1]).toMatch(/^cpu0( \d+){10}$/);
    expect(lines[2]).toMatch(/^cpu1( \d+){10}$/);
    expect(lines.slice(3).map((l) => l.split(' ')[0])).toEqual(['intr', 'ctxt', 'btime', 'processes', 'procs_running', 'procs_blocked', 'softirq']);
    expect(lines.find((l) => l.startsWith('btime'))).toBe('btime 1767225600');
    expect(lines.find((l) => l.startsWith('processes'))).toBe(`processes ${process.pid + 1}`); // the parent and its child
    expect(lines.at(-1)).toBe('softirq 0 0 0 0 0 0 0 0 0 0 0');
    const cpu = lines[0].split(/ +/).slice(1).map(Number);
    const perHart = [lines[1], lines[2]].map((l) => l.split(' ').slice(1).map(Number));
    for (const i of [0, 2, 3]) expect(cpu[i] - perHart[0][i] - perHart[1][i]).toBeLessThanOrEqual(2);
  });

  it('cpuinfo: one block per hart in riscv format', () => {
    const block = (h: number) => `processor\t: ${h}\nhart\t\t: ${h}\nisa\t\t: rv32ima\nmmu\t\t: sv32\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\nhart isa\t: rv32ima\n\n`;
    expect(texts['/proc/cpuinfo']).toBe(block(0) + block(1));
  });

  it('uptime and loadavg in their printf layouts; version as uname has it', () => {
    expect(texts['/proc/uptime']).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    const [up, idle] = texts['/proc/uptime'].trim().split(' ').map(Number);
    expect(idle).toBeLessThanOrEqual(2 * up + 0.02);
    expect(texts['/proc/loadavg']).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
    expect(texts['/proc/loadavg'].split(' ')[3]).toMatch(new RegExp(`/${tasks}$`));
    expect(texts['/proc/version']).toBe(`Linux version ${UTSNAME.release} (oslab@oslab) (oslab cc) ${UTSNAME.version}\n`);
  });

  it('mounts: one `source mountpoint type options 0 0` line per mount, /proc among them', () => {
    const lines = texts['/proc/mounts'].trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^\S+ \S+ \S+ \S+ 0 0$/);
    expect(lines).toContain('proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0');
    expect(lines[0]).toMatch(/^\S+ \/ /);
  });
});
