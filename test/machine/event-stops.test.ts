// The machine's event stops, as the debugger's exception filters use them: a syscall's entry
// (before it runs) and exit (with its result), a new process, an ended one, and a fatal signal
// shown before it is delivered. Each resume carries on exactly where the stop was.
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import type { EventStops } from '../../sim/event-stops';
import { Machine, type RunState } from '../../sim/machine';
import { kernelProgram } from '../support/kernel-run';

function start(mode: string, stops: EventStops): Machine {
  const machine = new Machine({}, new BufferConsole());
  machine.load(kernelProgram('stops'), { path: '/stops', argv: ['stops', mode] });
  machine.setEventStops(stops);
  return machine;
}

/** Runs until something other than the end of a slice. */
function resume(machine: Machine): RunState {
  for (;;) {
    const state = machine.runSlice();
    if (state.kind !== 'running') return state;
  }
}

describe('event stops', () => {
  it('stops at the entry of a process-creating clone, before it runs, and goes on from there', () => {
    const machine = start('fork', { syscallEntry: (call) => call.name === 'clone' && (call.args[0] & 0x10000) === 0 });
    const state = resume(machine);
    expect(state).toMatchObject({ kind: 'event', pid: 2, tid: 2, stop: { kind: 'syscall-entry', call: { name: 'clone', nr: 220 } } });
    expect(machine.kernel.processes.has(3)).toBe(false); // not run yet
    const hart = machine.harts[(state as { hart: number }).hart];
    expect(machine.readMemory(2, hart.pc, 4)).toEqual(new Uint8Array([0x73, 0, 0, 0])); // pc at the ecall
    expect(resume(machine)).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('stops at a syscall’s exit with its result in hand', () => {
    const machine = start('fork', { syscallExit: (call) => call.name === 'getpid' });
    expect(resume(machine)).toMatchObject({ kind: 'event', pid: 2, stop: { kind: 'syscall-exit', call: { name: 'getpid' }, result: 2 } });
    expect(resume(machine)).toMatchObject({ kind: 'halted' });
  });

  it('stops the parent when clone has made a process, and when a process has ended', () => {
    const machine = start('fork', { processCreated: true, processExited: true });
    expect(resume(machine)).toMatchObject({ kind: 'event', pid: 2, tid: 2, stop: { kind: 'process-created', childPid: 3 } });
    expect(resume(machine)).toMatchObject({ kind: 'event', pid: 3, stop: { kind: 'process-exited', exitedPid: 3, status: { kind: 'exited', code: 3 } } });
    expect(resume(machine)).toMatchObject({ kind: 'event', stop: { kind: 'process-exited', exitedPid: 2 } });
    expect(resume(machine)).toMatchObject({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('shows a SIGSEGV at the faulting instruction before the process dies of it', () => {
    const machine = start('segv', { signal: true });
    const state = resume(machine);
    expect(state).toMatchObject({ kind: 'event', pid: 2, stop: { kind: 'signal', signal: 11, code: 'SEGV_MAPERR', addr: 0 } });
    expect(machine.kernel.processes.get(2)?.alive).toBe(true);
    expect(resume(machine)).toMatchObject({ kind: 'halted', exit: { kind: 'signaled', signal: 11 } });
  });

  it('shows abort’s SIGABRT before delivering it', () => {
    const machine = start('abort', { signal: true });
    expect(resume(machine)).toMatchObject({ kind: 'event', stop: { kind: 'signal', signal: 6, code: 'SI_TKILL' } });
    expect(resume(machine)).toMatchObject({ kind: 'halted', exit: { kind: 'signaled', signal: 6 } });
  });

  it('costs nothing when no stop is asked for: the run is the same', () => {
    const plain = new Machine({}, new BufferConsole());
    plain.load(kernelProgram('stops'), { path: '/stops', argv: ['stops', 'fork'] });
    resume(plain);
    const watched = start('fork', { syscallEntry: () => false, syscallExit: () => false });
    resume(watched);
    expect(watched.stats()).toEqual(plain.stats());
  });
});

describe('a run is the same run however often it is stopped', () => {
  // The race's outcome depends on exactly where the harts trade places: any change in the
  // schedule shows up in the count.
  const race = () => {
    const machine = new Machine({ seed: 3 }, new BufferConsole());
    machine.load(kernelProgram('race'), { path: '/race', argv: ['race', '2', '20000', 'unlocked'] });
    return machine;
  };
  const outcome = (machine: Machine, console: BufferConsole) => ({ out: console.text(1), stats: machine.stats() });

  it('gives the same count and statistics in big slices, small slices, and with a stop at every syscall', () => {
    const runs = [Number.MAX_SAFE_INTEGER, 7_777, 1_000].map((slice) => {
      const machine = race();
      const console = machine.console as BufferConsole;
      let state: RunState;
      do state = machine.runSlice(slice);
      while (state.kind === 'running');
      return outcome(machine, console);
    });
    const stopped = race();
    stopped.setEventStops({ syscallEntry: () => true, syscallExit: () => true });
    let stops = 0;
    for (let state = stopped.runSlice(); state.kind !== 'halted'; state = stopped.runSlice()) if (state.kind === 'event') stops++;
    expect(stops).toBeGreaterThan(20);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(outcome(stopped, stopped.console as BufferConsole)).toEqual(runs[0]);
    expect(runs[0].out).not.toBe('count=40000 expected=40000\n'); // the race did lose updates
  });
});

describe('looking at memory', () => {
  it('reads untouched pages as the program would see them without faulting them in', () => {
    const machine = new Machine({}, new BufferConsole());
    const process = machine.load(kernelProgram('stops'), { path: '/stops', argv: ['stops', 'fork'] });
    const resident = process.aspace.residentPages;
    const stackBottom = 0x8000_0000 - 128 * 1024; // mapped at exec, not yet touched
    expect(machine.readMemory(process.pid, stackBottom, 8)).toEqual(new Uint8Array(8));
    expect(machine.readMemory(process.pid, 0x10000, 4)).toEqual(new Uint8Array([0x7f, 0x45, 0x4c, 0x46])); // the ELF header page
    expect(machine.readMemory(process.pid, 0x1000, 4)).toBeNull(); // nothing mapped there
    expect(process.aspace.residentPages).toBe(resident);
  });
});

describe('a breakpoint hit and continued', () => {
  it('leaves the run as it would have been without it', async () => {
    const { prepareProgram } = await import('../../debug/program');
    const program = prepareProgram('test/fixtures/kernel/race.c', process.cwd());
    const work = program.symbols.named('work')!.address;
    const run = (withBreakpoint: boolean) => {
      const machine = new Machine({ seed: 3 }, new BufferConsole());
      const { pid } = machine.load(program.elf, { path: '/race', argv: ['race', '2', '20000', 'unlocked'] });
      if (withBreakpoint) machine.setBreakpoint(pid, work);
      let hits = 0;
      for (let state = machine.runSlice(); state.kind !== 'halted'; state = machine.runSlice()) {
        if (state.kind !== 'stopped') continue;
        hits++;
        expect(machine.stepOverBreakpoint(state.hart)).toBeNull();
      }
      return { hits, out: (machine.console as BufferConsole).text(1), stats: machine.stats() };
    };
    const plain = run(false);
    const stopped = run(true);
    expect(stopped.hits).toBe(2); // once per thread
    expect({ ...stopped, hits: 0 }).toEqual({ ...plain, hits: 0 });
  });
});
