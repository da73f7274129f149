// `npm run bench`: how fast the simulator runs, and what the cache model says. Builds the
// benchmark programs (bench/programs/), takes reference checksums and timings from the native
// build and qemu-riscv32, warms the JIT up, then measures oslab: host MIPS of the integer loop,
// the 16 MiB sequential sum and the row/column matrix walks with caches off and on (best of 3,
// measured phase only), the simulated time and TLB/cache counters of the row- versus
// column-major walk, storage (a 64 MiB file written, fsynced and read on /data), and the panels'
// render time on a stop with 100 processes and 10k PTEs. Prints tables to stdout (progress to
// stderr) and writes bench/.build/results.json. Targets are reported, never enforced: the exit
// status is 1 only when something is broken (a build failure, a program exiting badly or printing
// a checksum that differs from the native build's). `--quick` shrinks everything for a smoke test.

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BuildError, buildDir, buildPrograms } from './build';
import { bestOf, type HostResult } from './host-run';
import { fmtFixed, fmtInt, fmtMillions, fmtMs, fmtNs, fmtRate, renderTable, targetCell, type Table } from './report';
import { runOnMachine, type SimRun, type Span } from './sim-run';
import { benchCompile } from './compile';
import { benchDebugger } from './debug';
import { benchKernel } from './kernel';
import { benchStorage } from './storage';
import { benchToolchain } from './toolchain';
import type { PanelsBench } from './panels-types';

// panels.tsx is JSX over the DOM, typechecked with the webview's tsconfig: required here (tsc does
// not follow a require; esbuild bundles it all the same) and typed by panels-types.ts.
const { benchPanels } = require('./panels') as { benchPanels: PanelsBench };

type Mode = 'int' | 'seq' | 'row' | 'col';
const MODES: readonly Mode[] = ['int', 'seq', 'row', 'col'];
const LABEL: Record<Mode, string> = {
  int: 'integer loop',
  seq: '16 MiB sequential sum',
  row: 'row-major 2048² walk',
  col: 'column-major 2048² walk',
};
/** The program's N per mode: iterations for `int`, passes over the 16 MiB array otherwise. */
const FULL: Record<Mode, number> = { int: 25_000_000, seq: 4, row: 1, col: 1 };
const QUICK: Record<Mode, number> = { int: 2_000_000, seq: 1, row: 1, col: 1 };
/** Ints in the 16 MiB array (2048 × 2048). */
const WORDS = 2048 * 2048;

interface MipsCase {
  readonly mode: Mode;
  readonly caches: boolean;
  readonly target: number | null;
}
const MIPS_CASES: readonly MipsCase[] = [
  { mode: 'int', caches: false, target: 200 },
  { mode: 'seq', caches: false, target: 150 },
  { mode: 'row', caches: false, target: null },
  { mode: 'col', caches: false, target: null },
  { mode: 'int', caches: true, target: 50 },
  { mode: 'seq', caches: true, target: 50 },
];

interface MipsResult extends MipsCase {
  readonly mips: number[];
  readonly best: Span;
  readonly bestMips: number;
  /** Best whole-run wall time (new Machine to halt), for the host comparison. */
  readonly bestWholeMs: number;
}

const problems: string[] = [];
const progress = (s: string) => process.stderr.write(`${s}\n`);
const mipsOf = (s: Span) => s.instructions / s.wallMs / 1000;

function check(run: SimRun, what: string, reference: string | null): Span {
  if (run.exit.kind !== 'exited' || run.exit.code !== 0) problems.push(`${what}: the program ended with ${JSON.stringify(run.exit)}`);
  if (run.checksum === null || run.measured === null) {
    problems.push(`${what}: no begin/checksum lines in its output: ${JSON.stringify(run.stdout)}`);
    return run.whole;
  }
  if (reference !== null && run.checksum !== reference) problems.push(`${what}: checksum ${run.checksum}, the native build says ${reference}`);
  return run.measured;
}

async function main(): Promise<number> {
  const started = performance.now();
  const quick = process.argv.includes('--quick');
  const sizes = quick ? QUICK : FULL;
  const reps = quick ? 1 : 3;
  const host = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), loadavg: loadavg()[0] };
  progress(`oslab bench: node ${host.node}, ${host.cpu} × ${host.cores}, load average ${host.loadavg.toFixed(2)}${quick ? ' (quick)' : ''}`);

  let build;
  try {
    build = buildPrograms();
  } catch (error) {
    if (error instanceof BuildError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  progress(build.built.length > 0 ? `built ${build.built.join(', ')}` : 'programs up to date');
  const elf = readFileSync(build.elf);
  // The toolchain first, on a fresh heap: the machines below leave hundreds of MiB behind them,
  // and collecting that would be charged to whichever compile happened to trigger it.
  progress('toolchain: assemble and link a generated program');
  const toolchain = benchToolchain(quick ? 2_000 : 10_000, quick ? 5 : 20);
  progress('compiler: compile, assemble and link a generated C program');
  const compile = benchCompile(2_000, quick ? 5 : 20, join(__dirname, 'sysroot'));
  // The debugger before the kernel's big machines too: its event-loop figure would otherwise
  // include collecting their garbage.
  progress('debugger: F5 to first stop, next with 100 processes, event-loop blocking');
  const debug = await benchDebugger(quick);
  progress('kernel: fork, 1,000 processes, context switches');
  const kernel = benchKernel(join(__dirname, 'sysroot'), quick, problems);
  progress('storage: write, fsync and read a file on /data (SSD and HDD)');
  const storage = benchStorage(join(__dirname, 'sysroot'), quick, problems);
  progress('panels: render time with 100 processes and 10k PTEs (happy-dom, Chromium)');
  const panels = await benchPanels(join(__dirname, 'sysroot'), quick, problems);
  const argsFor = (mode: Mode) => [mode, String(sizes[mode])];

  // ---- references: native and qemu (timings for int and seq, checksums for all) ----
  const native = new Map<Mode, HostResult>();
  const qemu = new Map<Mode, HostResult>();
  for (const mode of MODES) {
    const timed = mode === 'int' || mode === 'seq';
    progress(`native ${mode}…`);
    native.set(mode, build.native ? bestOf([build.native, ...argsFor(mode)], timed ? reps : 1) : { ok: false, note: build.nativeNote });
    if (timed) {
      progress(`qemu-riscv32 ${mode}…`);
      qemu.set(mode, bestOf(['qemu-riscv32', build.elf, ...argsFor(mode)], reps));
    }
  }
  const reference = (mode: Mode): string | null => {
    const n = native.get(mode);
    if (n?.ok) return n.run.checksum;
    const q = qemu.get(mode);
    return q?.ok ? q.run.checksum : null;
  };
  for (const mode of MODES) {
    const n = native.get(mode);
    const q = qemu.get(mode);
    if (n?.ok && q?.ok && n.run.checksum !== q.run.checksum) problems.push(`${mode}: qemu-riscv32 prints checksum ${q.run.checksum}, native ${n.run.checksum}`);
  }

  // ---- warm-up: every hot path once (fast loop, slow TLB path, cache model) ----
  progress('warming up…');
  for (const caches of [false, true]) {
    runOnMachine(elf, ['bench', 'int', String(Math.min(sizes.int, 2_000_000))], { caches });
    runOnMachine(elf, ['bench', 'seq', '1'], { caches });
  }
  runOnMachine(elf, ['bench', 'col', '1'], { caches: false });

  // ---- host MIPS, best of `reps` ----
  const mipsResults: MipsResult[] = [];
  for (const c of MIPS_CASES) {
    const mips: number[] = [];
    let best: Span | null = null;
    let bestWholeMs = Infinity;
    for (let i = 0; i < reps; i++) {
      progress(`oslab ${c.mode}, caches ${c.caches ? 'on' : 'off'} (${i + 1}/${reps})…`);
      const run = runOnMachine(elf, ['bench', ...argsFor(c.mode)], { caches: c.caches });
      const measured = check(run, `${c.mode} (caches ${c.caches ? 'on' : 'off'})`, reference(c.mode));
      mips.push(mipsOf(measured));
      if (best === null || mipsOf(measured) > mipsOf(best)) best = measured;
      bestWholeMs = Math.min(bestWholeMs, run.whole.wallMs);
    }
    if (best !== null) mipsResults.push({ ...c, mips, best, bestMips: mipsOf(best), bestWholeMs });
  }

  // ---- simulated time of the walks with the cache hierarchy (deterministic: one run each) ----
  const walks = new Map<'row' | 'col', Span>();
  for (const mode of ['row', 'col'] as const) {
    progress(`oslab ${mode}, caches on (simulated time)…`);
    walks.set(mode, check(runOnMachine(elf, ['bench', ...argsFor(mode)], { caches: true }), `${mode} (caches on)`, reference(mode)));
  }

  // ---- report ----
  const mipsTable: Table = {
    title: `Host speed: simulated MIPS = guest instructions / wall seconds of the measured phase (best of ${reps})`,
    head: ['benchmark', 'caches', 'instructions', 'wall ms', 'CPU %', 'MIPS', 'target', '', 'all runs'],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
    rows: [
      ...mipsResults.map((r) => {
        const t = targetCell(r.bestMips, r.target);
        const cpu = (100 * r.best.cpuMs) / r.best.wallMs;
        return [LABEL[r.mode], r.caches ? 'L1/L2/L3' : 'off', fmtMillions(r.best.instructions), fmtMs(r.best.wallMs), fmtFixed(cpu, 0), fmtFixed(r.bestMips), t.target, t.mark, r.mips.map((m) => fmtFixed(m)).join(' / ')];
      }),
      ...(['row', 'col'] as const).map((m) => {
        const s = walks.get(m)!;
        return [LABEL[m], 'L1/L2/L3', fmtMillions(s.instructions), fmtMs(s.wallMs), fmtFixed((100 * s.cpuMs) / s.wallMs, 0), fmtFixed(mipsOf(s)), '', '', '(1 run)'];
      }),
    ],
    notes: [
      'TLB on (64 entries, 4-way, ASIDs) throughout; the measured phase excludes filling the array.',
      'CPU % = this process\'s CPU time / wall time (JIT and GC threads count). Under 100: descheduled; even at 100,',
      'a busy SMT sibling or neighbour VM slows the host core, so runs vary: hence best of 3, all runs shown.',
    ],
  };

  const row = walks.get('row')!;
  const col = walks.get('col')!;
  // Every walk reads sizes[mode] × 2048² ints: the denominators are the program's own loads.
  // The cache counters also see the page walks' PTE reads (2 per TLB miss, through the caches).
  const loadsOf = (mode: 'row' | 'col') => sizes[mode] * WORDS;
  const simRow = (mode: 'row' | 'col', s: Span): string[] => [
    mode === 'row' ? 'row-major' : 'column-major',
    fmtNs(s.simNs),
    fmtFixed(s.simNs / loadsOf(mode), 1),
    fmtMillions(loadsOf(mode)),
    fmtRate(s.tlbMisses, loadsOf(mode)),
    fmtRate(s.l1.misses, loadsOf(mode)),
    fmtRate(s.l2.misses, loadsOf(mode)),
    fmtRate(s.l3.misses, loadsOf(mode)),
    fmtInt(s.l1.hits + s.l1.misses - loadsOf(mode)),
  ];
  const simTable: Table = {
    title: `Simulated time of the 2048×2048 int walk (16 MiB, ${sizes.row} pass), caches on: misses per load`,
    head: ['walk', 'sim time', 'ns/load', 'loads', 'TLB miss', 'L1 miss', 'L2 miss', 'L3 miss', 'PTE reads'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: [simRow('row', row), simRow('col', col)],
    notes: [
      `column-major / row-major simulated time: ${fmtFixed(col.simNs / row.simNs, 2)}× (same ${fmtMillions(row.instructions)} instructions each)`,
      'L1D 32 KiB 8-way, L2 256 KiB 8-way, L3 2 MiB 16-way, 64 B lines; latencies L1 2 ns, L2 7, L3 15, RAM 100; TLB 64 entries 4-way.',
      'Row-major: one TLB miss per 4 KiB page (1/1024 loads), one miss per 64 B line at every level (1/16): a stream.',
      'Column-major: consecutive loads are 8 KiB apart, so every load misses the TLB (a 2-PTE walk, itself',
      'cached) and touches a new line; the 2048 lines of a column sit in a handful of sets of each level, so',
      'none survives until the next column comes back for its neighbouring word: ~1 miss per load everywhere.',
    ],
  };

  const hostCell = (r: HostResult | undefined) => (r === undefined ? '' : r.ok ? fmtMs(r.run.wallMs) : r.note);
  const cmpRows = (['int', 'seq'] as const).map((mode) => {
    const ours = mipsResults.find((r) => r.mode === mode && !r.caches);
    const q = qemu.get(mode);
    const n = native.get(mode);
    const ratio = ours && q?.ok ? `${fmtFixed(ours.bestWholeMs / q.run.wallMs, 1)}×` : '—';
    return [LABEL[mode], ours ? fmtMs(ours.bestWholeMs) : '—', hostCell(q), hostCell(n), ratio];
  });
  const cmpTable: Table = {
    title: `The same ELF elsewhere: whole-run wall ms, best of ${reps} (int: ${fmtInt(sizes.int)} iterations; seq: fill, then ${sizes.seq} pass${sizes.seq === 1 ? '' : 'es'})`,
    head: ['benchmark', 'oslab (caches off)', 'qemu-riscv32', `native ${build.native ? 'gcc -O0' : ''}`.trim(), 'oslab / qemu'],
    align: ['left', 'right', 'right', 'right', 'right'],
    rows: cmpRows,
    notes: ['oslab: new Machine → halt inside this process; qemu and native: spawn → exit (process start-up included).'],
  };

  const out = [renderTable(mipsTable), '', renderTable(simTable), '', renderTable(cmpTable), '', renderTable(toolchain.table), '', renderTable(compile.table), '', renderTable(kernel.table), '', renderTable(storage.table), '', renderTable(panels.table), '', renderTable(debug.table), ''];
  if (problems.length > 0) out.push('PROBLEMS:', ...problems.map((p) => `  ✗ ${p}`), '');
  else out.push(`checksums: all oslab runs match ${build.native ? 'the native build' : 'qemu-riscv32'}.`);
  const elapsed = (performance.now() - started) / 1000;
  out.push(`bench took ${elapsed.toFixed(1)} s`);
  process.stdout.write(out.join('\n') + '\n');

  const hostJson = (r: HostResult | undefined) => (r === undefined ? null : r.ok ? { wallMs: r.run.wallMs, checksum: r.run.checksum } : { note: r.note });
  const results = {
    date: new Date().toISOString(),
    host,
    quick,
    sizes,
    reps,
    mips: mipsResults.map((r) => ({ benchmark: r.mode, caches: r.caches, target: r.target, met: r.target === null ? null : r.bestMips >= r.target, bestMips: r.bestMips, allMips: r.mips, measured: r.best, bestWholeMs: r.bestWholeMs })),
    walksCachesOn: Object.fromEntries(
      (['row', 'col'] as const).map((m) => {
        const s = m === 'row' ? row : col;
        const loads = loadsOf(m);
        const perLoad = { simNs: s.simNs / loads, tlbMisses: s.tlbMisses / loads, l1Misses: s.l1.misses / loads, l2Misses: s.l2.misses / loads, l3Misses: s.l3.misses / loads };
        return [m, { loads, perLoad, measured: s }];
      }),
    ),
    colOverRowSimTime: col.simNs / row.simNs,
    comparison: Object.fromEntries((['int', 'seq'] as const).map((m) => [m, { oslabWholeMs: mipsResults.find((r) => r.mode === m && !r.caches)?.bestWholeMs ?? null, qemu: hostJson(qemu.get(m)), native: hostJson(native.get(m)) }])),
    references: Object.fromEntries(MODES.map((m) => [m, reference(m)])),
    toolchain: toolchain.timings,
    compile: compile.timings,
    kernel: kernel.timings,
    storage: storage.runs,
    panels: panels.timings,
    debugger: debug.timings,
    problems,
    elapsedSeconds: elapsed,
  };
  writeFileSync(join(buildDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  return problems.length > 0 ? 1 : 0;
}

void main().then((code) => (process.exitCode = code));
