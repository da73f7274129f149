// Shared by the values-layer tests: build a fixture with oslab cc -g, run it on a Machine to a
// line marked `/* BREAK_NAME */`, and hand back the stack as the debug session unwinds it
// (debug/stack.ts) with a fresh ValueStore.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SymbolTable } from '../../debug/program';
import { unwindStack, type StackFrameInfo } from '../../debug/stack';
import { createValueStore, type ValueContext, type ValueNode, type ValueStore } from '../../debug/values';
import { BufferConsole } from '../../sim/console';
import { Machine } from '../../sim/machine';
import { buildExecutable } from '../../sim/toolchain/driver';
import { loadDebugInfo, type DebugInfo } from '../../sim/toolchain/dwarf';
import { buildWithClang, libcBuildOptions } from '../support/libc';

export interface Stopped {
  readonly machine: Machine;
  readonly console: BufferConsole;
  readonly store: ValueStore;
  readonly ctx: ValueContext;
  readonly hart: number;
  readonly debug: DebugInfo;
  /** The stopped thread's frames, innermost first. */
  readonly frames: readonly StackFrameInfo[];
}

const built = new Map<string, { elf: Uint8Array; source: string; path: string }>();

// `clang-*.c` fixtures are built by clang -g -O0 (what a learner's own toolchain produces), the rest by oslab cc -g.
function build(fixture: string): { elf: Uint8Array; source: string; path: string } {
  let b = built.get(fixture);
  if (!b) {
    const fixturePath = join(__dirname, '..', 'fixtures', 'debug-values', fixture);
    const source = readFileSync(fixturePath, 'utf8');
    if (fixture.startsWith('clang-')) {
      const out = join(__dirname, '..', '.build', 'debug-values', fixture.replace(/\.c$/, '.elf'));
      b = { elf: readFileSync(buildWithClang([fixturePath], out, ['-g', '-O0'])), source, path: fixturePath };
    } else {
      const path = `/src/${fixture}`;
      const { executable } = buildExecutable([{ path, bytes: new TextEncoder().encode(source) }], libcBuildOptions({ debug: true }));
      b = { elf: executable, source, path };
    }
    built.set(fixture, b);
  }
  return b;
}

/** Runs the fixture until the line holding `/* marker *\/` is about to execute. */
export async function stopAt(fixture: string, marker: string): Promise<Stopped> {
  const { elf, source, path } = build(fixture);
  const line = source.split('\n').findIndex((l) => l.includes(`/* ${marker} */`)) + 1;
  expect(line).toBeGreaterThan(0);
  const debug = loadDebugInfo(elf);
  const console = new BufferConsole();
  const machine = new Machine({ cores: 1 }, console);
  const pid = machine.load(elf, { path: 'values' }).pid;
  const [va] = debug.addressesForLine(path, line);
  expect(va).toBeDefined();
  machine.setBreakpoint(pid, va);
  const state = await machine.run();
  if (state.kind !== 'stopped') throw new Error(`expected a stop, got ${JSON.stringify(state)}`);
  machine.clearBreakpoint(pid, va);
  const frames = unwindStack(machine, { path, elf, debug, symbols: new SymbolTable([]) }, state.tid);
  expect(frames[0]?.pc).toBe(va);
  return { machine, console, store: createValueStore(), ctx: { machine, frame: frames[0] }, hart: state.hart, debug, frames };
}

/** The context `levels` frames up the stack. */
export function up(s: Stopped, levels = 1): ValueContext {
  const frame = s.frames[levels];
  if (!frame) throw new Error(`no frame ${levels} up`);
  return { machine: s.machine, frame };
}

/** Runs the stopped program to its end; its stdout. */
export async function finish(s: Stopped): Promise<string> {
  expect(s.machine.stepOverBreakpoint(s.hart)).toBeNull();
  const state = await s.machine.run();
  expect(state.kind).toBe('halted');
  return s.console.text();
}

/** The children of a scope or node, by name. */
export function byName(store: ValueStore, ref: number, range?: { start: number; count: number }): Map<string, ValueNode> {
  expect(ref).toBeGreaterThan(0);
  return new Map(store.children(ref, range).map((n) => [n.name, n]));
}

export function scope(s: Stopped, name: string, ctx: ValueContext = s.ctx): Map<string, ValueNode> {
  const found = s.store.scopes(ctx).find((x) => x.name === name);
  if (!found) throw new Error(`no scope ${name}`);
  return byName(s.store, found.childrenRef);
}
