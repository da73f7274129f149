// Pipes as the machine shows them: both ends in each process's descriptor table after fork
// (one pipe, one target), a reader waiting on the pipe, and a reader that kept its own write end
// open deadlocking on it — the run says which pipe.
import { describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine, type RunState } from '../../sim/machine';
import { kernelProgram } from '../support/kernel-run';

function start(mode: string): Machine {
  const machine = new Machine({}, new BufferConsole());
  machine.load(kernelProgram('pipes'), { path: '/pipes', argv: ['pipes', mode] });
  return machine;
}

function finish(machine: Machine): RunState {
  for (;;) {
    const state = machine.runSlice();
    if (state.kind !== 'running') return state;
  }
}

describe('pipes on the machine', () => {
  it('show both ends in parent and child, and the child waiting on the pipe', () => {
    const machine = start('hold');
    machine.setEventStops({ syscallEntry: (call) => call.name === 'clock_nanosleep_time64' });
    expect(finish(machine)).toMatchObject({ kind: 'event' });
    machine.setEventStops({});
    for (let i = 0; i < 20 && machine.processView(3)?.threads[0].waitingFor === null; i++) machine.runSlice(20_000);
    const parent = machine.processView(2)!;
    const child = machine.processView(3)!;
    // fds 0–2 are the test console's streams (pipes too, as the host gives them): the program's own are from 3.
    const pipes = (view: typeof parent) => view.fds.filter((f) => f.kind === 'pipe' && f.fd > 2).map((f) => [f.fd, f.target]);
    expect(pipes(parent)).toEqual([[3, 'pipe:[1000]'], [4, 'pipe:[1000]']]);
    expect(pipes(child)).toEqual(pipes(parent));
    expect(child.threads[0].waitingFor).toBe('pipe:[1000]');
    expect(finish(machine)).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 0 } });
  });

  it('deadlocks a reader that holds its own write end, naming the pipe', () => {
    const state = finish(start('forget'));
    expect(state).toEqual({ kind: 'deadlocked', sleepers: ['pid 2 tid 2 waits for pipe:[1000]'] });
  });
});
