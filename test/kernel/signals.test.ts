// Signal handlers as the machine runs them: rt_sigreturn gives every register back (an assembly
// program checks all 31, on oslab and on qemu); the trampoline shows in maps as [vdso] once a
// handler has run; ^C from the terminal runs a SIGINT handler and interrupts a blocking read,
// and without one kills the program.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Machine, type RunState } from '../../sim/machine';
import type { HostConsole } from '../../sim/console';
import { kernelProgram, runKernelProgram } from '../support/kernel-run';
import { runQemu } from '../support/qemu';

describe('signal handlers', () => {
  it('return through rt_sigreturn with every register as it was (oslab and qemu agree)', async () => {
    const run = await runKernelProgram('test/fixtures/kernel/sigreturn.s');
    expect(run.exit).toEqual({ kind: 'exited', code: 0 });
    const elf = join(mkdtempSync(join(tmpdir(), 'oslab-sig-')), 'sigreturn');
    writeFileSync(elf, kernelProgram('test/fixtures/kernel/sigreturn.s'), { mode: 0o755 });
    expect((await runQemu(elf)).status).toBe(0);
  });

  it('map the sigreturn trampoline as [vdso] once a handler runs', async () => {
    let maps = '';
    const run = await runKernelProgram('test/fixtures/kernel/sigreturn.s', {
      events: ['signal'],
      onEvent: (event, machine) => {
        if (event.kind === 'signal') maps = machine.processView(event.pid)!.vmas.map((v) => v.name).join(' ');
      },
    });
    expect(run.events).toMatchObject([{ kind: 'signal', signal: 10, code: 'SI_TKILL' }]);
    expect(maps).toContain('[vdso]');
  });

  for (const [mode, expected] of [
    ['handler', { out: '^Cread -1 errno EINTR interrupted 1\r\n', exit: { kind: 'exited', code: 7 } }],
    ['default', { out: '^C', exit: { kind: 'signaled', signal: 2 } }],
  ] as const) {
    it(`take ^C from the terminal (${mode})`, () => {
      const out: number[] = [];
      let typed: Uint8Array | null = null;
      const console: HostConsole = { write: (_fd, bytes) => out.push(...bytes), read: () => [typed, (typed = null)][0] };
      const machine = new Machine({ tty: [true, true, true] }, console);
      machine.load(kernelProgram('sigint'), { path: '/sigint', argv: ['sigint', mode] });
      let state: RunState = machine.runSlice();
      while (state.kind === 'running') state = machine.runSlice();
      expect(state.kind).toBe('waiting-input');
      typed = Uint8Array.of(3); // ^C
      machine.consoleReadable();
      do state = machine.runSlice();
      while (state.kind === 'running');
      expect(state).toMatchObject({ kind: 'halted', exit: expected.exit });
      expect(new TextDecoder().decode(new Uint8Array(out))).toBe(expected.out);
    });
  }
});

describe('signals in the snapshot', () => {
  it('show the handlers, what is ignored and blocked, and what waits', () => {
    const machine = new Machine({}, { write: () => {}, read: () => null });
    machine.load(kernelProgram('sigint'), { path: '/sigint', argv: ['sigint', 'handler'] });
    let state: RunState;
    do state = machine.runSlice();
    while (state.kind === 'running');
    const view = machine.processView(2)!;
    expect(view.signals).toMatchObject({ handled: [{ signal: 'SIGINT', flags: [] }], ignored: [], pending: [] });
    expect(view.signals.handled[0].handler).toBeGreaterThan(0);
    expect(view.threads[0]).toMatchObject({ blockedSignals: [], pendingSignals: [], waitingFor: 'console input' });
  });
});
