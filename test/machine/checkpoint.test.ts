// Checkpoints for reverse execution: going back to one and running on gives the very run the
// machine made the first time (output, schedule, statistics), as often as one likes; a thread
// stepped instruction by instruction while the other harts take their turns leaves the run as
// it was; and a checkpoint stores only the frames that changed since the one before.
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine, type MachineCheckpoint, type RunState } from '../../sim/machine';
import { kernelProgram } from '../support/kernel-run';

function start(program: string, argv: string[], seed = 3): Machine {
  const machine = new Machine({ seed, cores: 2 }, new BufferConsole());
  machine.load(kernelProgram(program), { path: `/${program}`, argv: [program, ...argv] });
  return machine;
}

function finish(machine: Machine): RunState {
  for (;;) {
    const state = machine.runSlice();
    if (state.kind !== 'running') return state;
  }
}

const stdout = (machine: Machine) => (machine.console as BufferConsole).text(1);

interface Mark {
  readonly checkpoint: MachineCheckpoint;
  readonly printed: number;
}

/** Runs to the end in small slices, taking a checkpoint after each. */
function runWithCheckpoints(machine: Machine, slice: number): { marks: Mark[]; end: RunState } {
  const marks: Mark[] = [];
  for (;;) {
    const state = machine.runSlice(slice);
    if (state.kind !== 'running') return { marks, end: state };
    marks.push({ checkpoint: machine.checkpoint(), printed: stdout(machine).length });
  }
}

describe('a checkpoint restored', () => {
  for (const [program, argv, slice] of [['race', ['2', '20000', 'unlocked'], 40_000], ['prodcons', [], 40_000], ['cow', [], 5_000]] as const) {
    it(`runs on exactly as the first time (${program})`, () => {
      const machine = start(program, [...argv]);
      const { marks, end } = runWithCheckpoints(machine, slice);
      const output = stdout(machine);
      const stats = machine.stats();
      expect(marks.length).toBeGreaterThan(3);
      for (const mark of [marks[Math.floor(marks.length / 2)], marks[1], marks[Math.floor(marks.length / 2)]]) {
        const printedBefore = stdout(machine).length;
        machine.restore(mark.checkpoint);
        expect(finish(machine)).toEqual(end);
        expect(stdout(machine).slice(printedBefore)).toBe(output.slice(mark.printed));
        expect(machine.stats()).toEqual(stats);
      }
    });
  }

  it('puts memory, processes and threads back as they were', () => {
    const machine = start('cow', []);
    for (let i = 0; i < 3; i++) machine.runSlice(40_000);
    const mark = machine.checkpoint();
    const before = machine.snapshot();
    finish(machine);
    expect(machine.kernel.liveCount).toBe(0);
    machine.restore(mark);
    expect(machine.snapshot()).toEqual(before);
  });

  it('keeps only the frames that changed since the previous checkpoint', () => {
    const machine = start('race', ['2', '20000', 'unlocked']);
    machine.runSlice(200_000);
    const first = machine.checkpoint();
    const again = machine.checkpoint();
    expect(first.state.newFrameBytes).toBeGreaterThan(0);
    expect(again.state.newFrameBytes).toBe(0);
    machine.runSlice(200_000);
    const later = machine.checkpoint();
    expect(later.state.newFrameBytes).toBeGreaterThan(0);
    expect(later.state.newFrameBytes).toBeLessThan(later.state.frames.size * 4096);
  });
});

describe('stepping one thread', () => {
  it('lets the other harts take their turns and leaves the run as it was', () => {
    const plain = start('race', ['2', '20000', 'unlocked']);
    finish(plain);
    const stepped = start('race', ['2', '20000', 'unlocked']);
    stepped.runSlice(300_000);
    // The main thread waits in pthread_join; the two workers race.
    const worker = stepped.kernel.thread(3)!;
    const other = stepped.kernel.thread(4)!;
    const otherBefore = other.retired;
    for (let i = 0; i < 30_000; i++) { // more than a turn's quantum of cycles
      const before = worker.retired;
      expect(stepped.step(worker.tid)).toEqual({ kind: 'running' });
      if (worker.state === 'running' || worker.state === 'runnable') expect(worker.retired).toBe(before + 1);
    }
    expect(other.retired).toBeGreaterThan(otherBefore); // the main thread ran on meanwhile
    finish(stepped);
    expect(stdout(stepped)).toBe(stdout(plain));
    expect(stepped.stats()).toEqual(plain.stats());
  });

  it('runs to a thread goal and a machine-wide instruction goal exactly', () => {
    const machine = start('race', ['2', '20000', 'unlocked']);
    expect(machine.runUntil(Infinity, { thread: { tid: 2, retired: 12_345 } })).toEqual({ kind: 'reached' });
    expect(machine.kernel.thread(2)!.retired).toBe(12_345);
    const total = machine.instructions;
    expect(machine.runUntil(Infinity, { instructions: total + 777 })).toEqual({ kind: 'reached' });
    expect(machine.instructions).toBe(total + 777);
  });
});
