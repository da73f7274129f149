// The storage part of the bench: a C program writes a 64 MiB file on /data in 64 KiB writes,
// fsyncs it and reads it back, on the simulated SSD and HDD. For each phase (buffered writes with
// writeback under the dirty limits, the fsync, the read with readahead) it reports simulated
// time, what that makes as throughput, and the host's wall time. The phases are marked by the
// program's getppid() calls.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferConsole } from '../sim/console';
import type { DiskKind } from '../sim/fs/blockdev';
import { Machine } from '../sim/machine';
import { buildExecutable, type BuildOptions } from '../sim/toolchain/driver';
import { diskHost, loadSysroot } from '../host/sysroot';
import { programDir } from './build';
import { fmtFixed, fmtInt, fmtMs, fmtNs, type Table } from './report';

const PHASES = ['write', 'fsync', 'read'] as const;
type Phase = (typeof PHASES)[number];

export interface StorageRun {
  readonly disk: DiskKind;
  readonly mib: number;
  readonly simNs: Record<Phase, number>;
  readonly wallMs: Record<Phase, number>;
  readonly wholeWallMs: number;
  readonly deviceRequests: number;
}

export function benchStorage(sysrootDir: string, quick: boolean, problems: string[]): { runs: StorageRun[]; table: Table } {
  const path = join(programDir, 'storage', 'seqio.c');
  const options: BuildOptions = { host: diskHost, sysroot: loadSysroot(sysrootDir) };
  const elf = buildExecutable([{ path, bytes: readFileSync(path) }], options).executable;
  const mib = quick ? 8 : 64;
  const runs = (['ssd', 'hdd'] as const).map((disk) => runSeqio(elf, disk, mib, problems));
  const row = (r: StorageRun, phase: Phase) => [
    `${r.disk.toUpperCase()} ${phase}`,
    fmtNs(r.simNs[phase]),
    phase === 'fsync' ? '' : `${fmtFixed(r.mib / (r.simNs[phase] / 1e9), 0)} MiB/s`,
    fmtMs(r.wallMs[phase]),
  ];
  const table: Table = {
    title: `Storage: ${mib} MiB written to /data in 64 KiB writes, fsync, read back (simulated time and host wall time)`,
    head: ['phase', 'sim time', 'sim throughput', 'wall ms'],
    align: ['left', 'right', 'right', 'right'],
    rows: runs.flatMap((r) => PHASES.map((p) => row(r, p))),
    notes: [
      ...runs.map((r) => `${r.disk.toUpperCase()}: whole run ${fmtMs(r.wholeWallMs)} ms wall, ${fmtInt(r.deviceRequests)} device requests.`),
      'Writes run at memory speed until dirty pages (with those being written) pass 20 % of memory, then wait for writeback;',
      'the read comes from the page cache: the pages are still there, clean after the fsync, as on Linux.',
    ],
  };
  return { runs, table };
}

function runSeqio(elf: Uint8Array, disk: DiskKind, mib: number, problems: string[]): StorageRun {
  const machine = new Machine({ disk }, new BufferConsole());
  const marks: { cycles: number; wall: number }[] = [];
  let deviceRequests = 0;
  machine.events.subscribe((event) => {
    if (event.kind === 'blockRequest') deviceRequests++;
    if (event.kind === 'syscall' && event.name === 'getppid') marks.push({ cycles: event.cycles, wall: performance.now() });
  });
  machine.load(elf, { path: '/bench/seqio', argv: ['seqio', String(mib)] });
  const started = performance.now();
  let state = machine.runSlice(Number.MAX_SAFE_INTEGER);
  while (state.kind === 'running') state = machine.runSlice(Number.MAX_SAFE_INTEGER);
  const wholeWallMs = performance.now() - started;
  if (state.kind !== 'halted' || state.exit.kind !== 'exited' || state.exit.code !== 0 || marks.length !== 4) {
    problems.push(`storage bench (${disk}): ended with ${JSON.stringify(state)} after ${marks.length} of 4 phase marks`);
  }
  const span = (i: number, pick: (m: { cycles: number; wall: number }) => number) => (marks[i + 1] && marks[i] ? pick(marks[i + 1]) - pick(marks[i]) : NaN);
  const perPhase = (pick: (m: { cycles: number; wall: number }) => number) => ({ write: span(0, pick), fsync: span(1, pick), read: span(2, pick) });
  return {
    disk,
    mib,
    simNs: perPhase((m) => machine.kernel.cyclesToNs(m.cycles)),
    wallMs: perPhase((m) => m.wall),
    wholeWallMs,
    deviceRequests,
  };
}
