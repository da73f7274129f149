// Breakpoints patched into decoded code and watchpoints carried on TLB entries: they stop the
// run where a debugger needs it, and resuming gives the same result as never stopping.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import { compileProgram, symbols } from '../support/compile';

let elf: Uint8Array;
let sym: Map<string, number>;

beforeAll(() => {
  const path = compileProgram([join(__dirname, '..', 'fixtures', 'machine', 'watch.c')]);
  elf = readFileSync(path);
  sym = symbols(path);
});

function boot(): { machine: Machine; pid: number } {
  const machine = new Machine({ cores: 1 }, new BufferConsole());
  const process = machine.load(elf, { path: 'watch' });
  return { machine, pid: process.pid };
}

describe('breakpoints', () => {
  it('stop before the instruction at the address, and resuming runs it once', async () => {
    const { machine, pid } = boot();
    const main = sym.get('main')!;
    expect(machine.setBreakpoint(pid, main)).toBe(true);
    const stop = await machine.run();
    expect(stop).toMatchObject({ kind: 'stopped', pid, trap: { kind: 'breakpoint' } });
    expect(machine.harts[0].pc >>> 0).toBe(main);
    expect(machine.stepOverBreakpoint(0)).toBeNull();
    expect(machine.harts[0].pc >>> 0).not.toBe(main);
    expect(await machine.run()).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 15 } });
  });

  it('resuming over an instruction that faults or enters the kernel still moves on', async () => {
    const { machine, pid } = boot();
    const start = sym.get('_start')!;
    // _start's first instructions touch the stack page for the first time (a page fault) and
    // its last ones make the exit_group ecall: stepping over each must make progress.
    expect(machine.setBreakpoint(pid, start)).toBe(true);
    let state = await machine.run();
    expect(state).toMatchObject({ kind: 'stopped', trap: { kind: 'breakpoint' } });
    for (let i = 0; i < 1000 && state.kind === 'stopped'; i++) {
      const pc = machine.harts[0].pc;
      const stop = machine.stepOverBreakpoint(0);
      expect(stop).toBeNull();
      if (machine.exitStatus !== null) {
        state = await machine.run(); // that was the exit_group ecall
        break;
      }
      expect(machine.harts[0].pc).not.toBe(pc);
      machine.setBreakpoint(pid, machine.harts[0].pc >>> 0);
      state = await machine.run();
    }
    expect(state).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 15 } });
  });

  it('cleared breakpoints no longer stop the run', async () => {
    const { machine, pid } = boot();
    machine.setBreakpoint(pid, sym.get('main')!);
    machine.clearBreakpoint(pid, sym.get('main')!);
    expect(await machine.run()).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 15 } });
  });

  it('cannot be set where nothing is executable', () => {
    const { machine, pid } = boot();
    expect(machine.setBreakpoint(pid, sym.get('counter')!)).toBe(false);
  });
});

describe('watchpoints', () => {
  it('stop after each write of the watched variable, with the new value in memory', async () => {
    const { machine, pid } = boot();
    const counter = sym.get('counter')!;
    machine.addWatchpoint(pid, counter, 4, { read: false, write: true });
    const seen: number[] = [];
    for (;;) {
      const state = await machine.run();
      if (state.kind === 'halted') {
        expect(state.exit).toEqual({ kind: 'exited', code: 15 });
        break;
      }
      expect(state).toMatchObject({ kind: 'stopped', trap: { kind: 'watchpoint', addr: counter, size: 4, access: 'write' } });
      seen.push(new DataView(machine.readMemory(pid, counter, 4)!.buffer).getInt32(0, true));
    }
    expect(seen).toEqual([1, 3, 6, 10, 15]);
  });

  it('on reads only do not stop for writes', async () => {
    const { machine, pid } = boot();
    const counter = sym.get('counter')!;
    machine.addWatchpoint(pid, counter, 4, { read: true, write: false });
    let reads = 0;
    for (;;) {
      const state = await machine.run();
      if (state.kind === 'halted') break;
      expect(state).toMatchObject({ trap: { kind: 'watchpoint', access: 'read' } });
      reads++;
    }
    expect(reads).toBe(6); // five `counter += i` and the final `return counter`
  });

  it('removed, let the program run to the end', async () => {
    const { machine, pid } = boot();
    const id = machine.addWatchpoint(pid, sym.get('counter')!, 4, { read: true, write: true });
    machine.removeWatchpoint(id);
    expect(await machine.run()).toEqual({ kind: 'halted', exit: { kind: 'exited', code: 15 } });
  });
});
