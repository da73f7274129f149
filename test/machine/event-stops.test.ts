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
