// Panel data recorded from real runs, as the adapter would send it at each stop: the course's
// fork demo, four threads under a mutex, file I/O on /data, and a matrix walked both ways on tiny
// caches. Panels are tested (and screenshotted) on these, so what they draw is what a learner's
// program produces.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { panelData } from '../../debug/panel-data';
import type { PanelData } from '../../debug/protocol';
import { prepareProgram } from '../../debug/program';
import { DEFAULT_CACHES, type CacheConfig, type MachineOptions } from '../../sim/config';
import { BufferConsole } from '../../sim/console';
import type { SyscallCall } from '../../sim/event-stops';
import { Machine } from '../../sim/machine';

const root = join(__dirname, '..', '..');

export interface RecordedStop {
  /** What the stop was ("clone entry", "fsync exit"). */
  readonly label: string;
  readonly data: PanelData;
}

export interface Recording {
  readonly stops: readonly RecordedStop[];
  /** The data at the stop labelled `label` (throws when there is none: the scenario changed). */
  at(label: string): PanelData;
}

interface Scenario {
  readonly source: string;
  readonly machine?: MachineOptions;
  /** The label of a stop at this syscall's entry (or exit), or null to run on. */
  readonly entry?: (call: SyscallCall, seen: number) => string | null;
  readonly exit?: (call: SyscallCall, result: number, seen: number) => string | null;
  readonly maxStops: number;
}

function record(scenario: Scenario): Recording {
  const program = prepareProgram(scenario.source, root);
  const machine = new Machine({ cores: 2, seed: 1, ...scenario.machine }, new BufferConsole(''));
  machine.load(program.elf, { path: program.path, argv: [program.path] });
  const stops: RecordedStop[] = [];
  let label: string | null = null;
  // The predicates run for every syscall; the label is the stop's that fired.
  const stopAt = (wanted: string | null | undefined) => {
    if (wanted == null) return false;
    label = wanted;
    return true;
  };
  machine.setEventStops({
    syscallEntry: (call) => stopAt(scenario.entry?.(call, stops.length)),
    syscallExit: (call, result) => stopAt(scenario.exit?.(call, result, stops.length)),
  });
  for (let slices = 0; stops.length < scenario.maxStops && slices < 100_000; slices++) {
    const state = machine.runSlice();
    if (state.kind === 'running') continue;
    if (state.kind !== 'event' || label === null) break;
    const epoch = stops.length + 1;
    stops.push({ label, data: panelData(machine, { epoch, sequence: epoch, running: false, tid: state.tid, fallbackTid: state.tid }) });
    label = null;
  }
  return {
    stops,
    at(wanted) {
      const stop = stops.find((s) => s.label === wanted);
      if (!stop) throw new Error(`no stop "${wanted}" (recorded: ${stops.map((s) => s.label).join(', ')})`);
      return stop.data;
    },
  };
}

const cache = new Map<string, Recording>();
function once(name: string, make: () => Recording): Recording {
  let recording = cache.get(name);
  if (!recording) cache.set(name, (recording = make()));
  return recording;
}

/** The seed's fork demo: before fork, just after it (frames shared, copy-on-write), and once each process has run (frames split). */
export function forkDemo(): Recording {
  const sleeps = new Set<number>();
  return once('fork', () =>
    record({
      source: 'examples/course/fork-demo.c',
      maxStops: 4,
      entry: (call) => {
        if (call.name === 'clone') return 'before fork';
        if (call.name.includes('nanosleep') && !sleeps.has(call.pid)) {
          sleeps.add(call.pid);
          return sleeps.size === 1 ? 'first sleep' : 'second sleep';
        }
        return null;
      },
      exit: (call, result) => (call.name === 'clone' && result > 0 ? 'after fork' : null),
    }),
  );
}

/** Four threads on two harts: a stop after they are all created, and one at the end (a full timeline). */
export function threads(): Recording {
  let created = 0;
  return once('threads', () =>
    record({
      source: 'test/webview/programs/threads.c',
      machine: { caches: DEFAULT_CACHES },
      maxStops: 2,
      exit: (call) => (call.name === 'clone' && ++created === 4 ? 'threads created' : null),
      entry: (call) => (call.name === 'exit_group' ? 'exit' : null),
    }),
  );
}

/** File I/O on /data: dirty pages before fsync, clean after, and the read that misses the cache. */
export function fileIo(): Recording {
  return once('file-io', () =>
    record({
      source: 'test/webview/programs/file-io.c',
      maxStops: 4,
      entry: (call) => (call.name === 'fsync' ? 'before fsync' : call.name === 'exit_group' ? 'exit' : null),
      exit: (call) => (call.name === 'fsync' ? 'after fsync' : call.name === 'read' && call.args[2] === 4096 ? 'after read' : null),
    }),
  );
}

/** Caches small enough that the panel draws every level's sets (1 KiB, 4 KiB and 16 KiB). */
export const TINY_CACHES: CacheConfig = {
  l1: { sizeBytes: 1024, ways: 2 },
  l2: { sizeBytes: 4096, ways: 4 },
  l3: { sizeBytes: 16 * 1024, ways: 4 },
};

/** One matrix walked row by row, then column by column, on tiny caches: a stop after each walk. */
export function localityWalks(): Recording {
  return once('locality', () =>
    record({
      source: 'test/webview/programs/locality-walks.c',
      machine: { caches: TINY_CACHES },
      maxStops: 2,
      entry: (call) => (call.name !== 'write' ? null : call.args[2] === 5 ? 'rows walked' : call.args[2] === 8 ? 'columns walked' : null),
    }),
  );
}

/** A scenario's stops as JSON files (for the screenshot page and for looking at them). */
export function saveRecording(recording: Recording, name: string, dir = mkdtempSync(join(tmpdir(), 'oslab-panels-'))): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(recording.stops));
  return path;
}

export function loadRecording(path: string): RecordedStop[] {
  return JSON.parse(readFileSync(path, 'utf8')) as RecordedStop[];
}

/** A parent with 120 children (zombies, a sleeper every tenth, one killed by SIGSEGV) and a pipe: before and after it reaps them. */
export function children(): Recording {
  let parent: number | null = null;
  return once('children', () =>
    record({
      source: 'test/webview/programs/children.c',
      maxStops: 2,
      entry: (call) => {
        parent ??= call.pid; // its first call (signal) comes before any fork
        if (call.pid !== parent) return null;
        return call.name.includes('nanosleep') ? 'children forked' : call.name === 'exit_group' ? 'reaped' : null;
      },
    }),
  );
}

/** The fork demo on one hart without ASIDs: every switch between parent and child flushes the TLB (the TLB panel's events). */
export function forkDemoWithoutAsids(): Recording {
  const sleeps = new Set<number>();
  return once('fork-no-asid', () =>
    record({
      source: 'examples/course/fork-demo.c',
      machine: { cores: 1, asid: false },
      maxStops: 3,
      entry: (call) => {
        if (!call.name.includes('nanosleep') || sleeps.has(call.pid)) return null;
        sleeps.add(call.pid);
        return sleeps.size === 1 ? 'first sleep' : 'second sleep';
      },
      exit: (call, result) => (call.name === 'clone' && result > 0 ? 'after fork' : null),
    }),
  );
}
