// The block engine against the reference interpreter: the same program, input and configuration
// run once with `engine: 'interpreter'` and once with `engine: 'blocks'`, in slices of odd sizes
// so that run limits fall everywhere (inside blocks, inside self-looping blocks, right after page
// walks), must agree at every slice boundary on pc, registers, instruction and cycle counts, the
// fetch-page cache, the TLB (entries, LRU order, counters) and the L1; and at the end on output,
// exit, statistics, all of memory and all cache levels. The debugger's view must be the same
// too: breakpoints set in a hot loop after it was compiled, watchpoints on data a compiled loop
// writes, and self-modifying code.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockPolicy, compiledBlocks } from '../../sim/cpu/blocks';
import { translate } from '../../sim/cpu/blocks-compile';
import { DecodedCache } from '../../sim/cpu/decoded-cache';
import { DEFAULT_CACHES, type MachineOptions } from '../../sim/config';
import { BufferConsole } from '../../sim/console';
import { Machine, type RunState } from '../../sim/machine';
import type { CacheLevel } from '../../sim/mem/cache';
import { PhysicalMemory } from '../../sim/mem/phys';
import type { Tlb } from '../../sim/mem/tlb';
import { listFixtures, type Fixture } from '../support/build-fixtures';
import { compileProgram, symbols } from '../support/compile';

const root = join(__dirname, '..', '..');

// ---- a program made to stress the engine's edges ----

const HOT_C = String.raw`
typedef unsigned u32;
volatile int watched;
static int big[16 * 1024];          /* 16 pages: TLB misses in the middle of compiled loops */
static unsigned char bytes[64];

__attribute__((noinline)) u32 hot(u32 n) {
  u32 x = 1, s = 0;
  for (u32 i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    __asm__ volatile(".globl hot_spot\nhot_spot:");
    s += (x >> 7) ^ (s / (i | 1)) ^ (u32)(((unsigned long long)x * s) >> 32);
  }
  return s;
}

__attribute__((noinline)) u32 watch_loop(u32 n) {
  for (u32 i = 0; i < n; i++) watched += i;
  return watched;
}

/* Misaligned loads and stores: the kernel completes them byte by byte (slow path, extra cost). */
__attribute__((noinline)) u32 unaligned(u32 n) {
  u32 s = 0;
  for (u32 i = 0; i < n; i++) {
    u32 v;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(bytes + 1 + (i & 7)) : "memory");
    s += v + i;
    __asm__ volatile("sw %0, 0(%1)" : : "r"(s), "r"(bytes + 33 + (i & 3)) : "memory");
  }
  return s;
}

__attribute__((noinline)) u32 pages(u32 n) {
  u32 s = 0;
  for (u32 r = 0; r < n; r++)
    for (u32 i = 0; i < 16 * 1024; i += 1025) {
      big[i] += r;
      s += big[(i * 7) & (16 * 1024 - 1)];
    }
  return s;
}

typedef u32 (*fn_t)(u32);
__attribute__((noinline)) u32 twice(u32 x) { return 2 * x + 1; }

__attribute__((noinline)) u32 call_many(fn_t f, u32 n) {
  u32 s = 0;
  for (u32 i = 0; i < n; i++) s += f(i);
  return s;
}

/* Ends with a misaligned-target trap from a compiled block (beq a0, zero, .+6, taken at 0). */
__attribute__((noinline)) u32 odd_branch(u32 n) {
  u32 s = 0;
  for (u32 i = n;; i--) {
    register u32 a0 __asm__("a0") = i;
    __asm__ volatile(".word 0x00050363" : : "r"(a0));
    s += i;
  }
  return s;
}

static void sys(long n, long a, long b, long c) {
  register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c, a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
}

static void put_hex(u32 v) {
  char text[9];
  for (int k = 0; k < 8; k++) text[k] = "0123456789abcdef"[(v >> (28 - 4 * k)) & 15];
  text[8] = '\n';
  sys(64, 1, (long)text, 9);
}

/* argv[1]: "jalr" or "branch" end the run with a misaligned jump from compiled code. */
void cstart(long *sp) {
  const char *mode = sp[0] > 1 ? ((char **)(sp + 1))[1] : "";
  put_hex(hot(20000));
  put_hex(watch_loop(300));
  put_hex(unaligned(400));
  put_hex(pages(60));
  put_hex(call_many(twice, 500));
  if (mode[0] == 'j') put_hex(call_many((fn_t)((char *)twice + 2), 1));
  if (mode[0] == 'b') put_hex(odd_branch(300));
  sys(94, 0, 0, 0);
  for (;;) {}
}

__asm__(".globl _start\n_start:\n  mv a0, sp\n  call cstart\n");
`;

// At the default thresholds short programs hardly compile anything: compile eagerly (and
// interpret in odd-sized stretches) unless a test says otherwise.
const DEFAULT_POLICY = { ...blockPolicy };
const EAGER = { hot: 40, stretch: 61 };
beforeEach(() => Object.assign(blockPolicy, EAGER));
afterEach(() => Object.assign(blockPolicy, DEFAULT_POLICY));

let hotElf: string;
let hotSym: Map<string, number>;

beforeAll(() => {
  const dir = join(root, 'test', '.build', 'single');
  mkdirSync(dir, { recursive: true });
  const source = join(dir, 'blocks_hot.c');
  writeFileSync(source, HOT_C);
  hotElf = compileProgram([source], ['-fno-unroll-loops']);
  hotSym = symbols(hotElf);
});

// ---- running and observing ----

interface Program {
  readonly elf: string;
  readonly args?: readonly string[];
  readonly stdin?: string;
}

interface Outcome {
  readonly trail: string[];
  readonly final: unknown;
}

function hash(values: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) h = Math.imul(h ^ (values[i] | 0), 16777619);
  return (h >>> 0).toString(16);
}

/** Every frame in use (the others are all zero in both runs, or reported by the stats as free). */
function memoryDigest(machine: Machine): string {
  const { refcount, i32 } = machine.mem;
  const parts: number[] = [];
  for (let f = 0; f < refcount.length; f++) {
    if (refcount[f] > 0) parts.push(f, parseInt(hash(i32.subarray(f * 1024, (f + 1) * 1024)), 16));
  }
  return `${hash(parts)}/${parts.length / 2} frames`;
}

function tlbDigest(tlb: Tlb): string {
  return [tlb.tag, tlb.rkey, tlb.wkey, tlb.xkey, tlb.add, tlb.perm].map(hash).join('.') + JSON.stringify(tlb.counters) + tlb.invalidations;
}

function levelDigest(level: CacheLevel): string {
  return [level.lines, level.dirty, level.stamps].map(hash).join('.') + JSON.stringify(level.counters) + level.lastWay;
}

/** Everything architectural or counted about every hart, cheap enough to take at every slice. */
function snapshot(machine: Machine): string {
  return machine.harts
    .map((h) => {
      const fetch = `${h.fetchPageVa}/${h.fetchHost}/${h.fetchTlbState}`;
      const lr = h.reservationValid ? h.reservationVa : '-';
      const caches = h.caches ? levelDigest(h.caches.l1) : '';
      return `pc=${h.pc >>> 0} n=${h.instret} c=${h.cycles} regs=${hash(h.regs.subarray(0, 32))} fetch=${fetch} lr=${lr} ${JSON.stringify(h.counters)} tlb=${tlbDigest(h.tlb)} ${caches}`;
    })
    .join(' | ');
}

function boot(program: Program, options: MachineOptions): { machine: Machine; console: BufferConsole; pid: number } {
  const console = new BufferConsole(program.stdin ?? '');
  const machine = new Machine(options, console);
  const process = machine.load(readFileSync(program.elf), { path: program.elf, argv: [program.elf, ...(program.args ?? [])] });
  return { machine, console, pid: process.pid };
}

function finalState(machine: Machine, console: BufferConsole, state: RunState): unknown {
  const c = machine.harts[0].caches;
  return {
    state,
    stdout: console.text(1),
    stderr: console.text(2),
    stats: machine.stats(),
    memory: memoryDigest(machine),
    caches: c ? [levelDigest(c.l1), levelDigest(c.l2), levelDigest(c.l3)] : null,
    harts: snapshot(machine),
  };
}

/** Runs to the end in slices of `slice` cycles, snapshotting at each boundary. */
function runSliced(program: Program, options: MachineOptions, slice: number): Outcome {
  const { machine, console } = boot(program, options);
  const trail: string[] = [];
  for (;;) {
    const state = machine.runSlice(slice);
    trail.push(snapshot(machine));
    if (state.kind !== 'running') return { trail, final: finalState(machine, console, state) };
  }
}

/** Fails at the first slice where the engines disagree, showing both sides. */
function expectSame(blocks: Outcome, interpreter: Outcome): void {
  const at = blocks.trail.findIndex((s, i) => s !== interpreter.trail[i]);
  if (at >= 0) expect({ slice: at, state: blocks.trail[at] }).toEqual({ slice: at, state: interpreter.trail[at] });
  expect(blocks.trail.length).toBe(interpreter.trail.length);
  expect(blocks.final).toEqual(interpreter.final);
}

function compare(program: Program, options: MachineOptions, slice: number): void {
  const interpreter = runSliced(program, { ...options, engine: 'interpreter' }, slice);
  const blocks = runSliced(program, { ...options, engine: 'blocks' }, slice);
  expectSame(blocks, interpreter);
}

// ---- every differential fixture, in several machine configurations ----

const fixtures = listFixtures();
const program = (fx: Fixture): Program => ({ elf: fx.elf, args: fx.args, stdin: fx.stdin });
const SOME = ['algo_sort', 'algo_hash', 'algo_matmul', 'algo_sha256', 'c_atomics', 'c_int64', 'code_page_cross', 'fencei_selfmod', 'isa_amo', 'isa_branches', 'isa_csr_counters', 'isa_div', 'isa_jal_jalr', 'isa_loads_stores', 'isa_lrsc', 'mem_misaligned', 'mem_bss_large', 'sig_segv_straddle', 'stack_recursion'];
/** Under 50k cycles each: cheap enough to stop after every cycle. */
const SMALL = ['c_atomics', 'c_int64', 'code_page_cross', 'fencei_selfmod', 'isa_branches', 'isa_jal_jalr', 'isa_loads_stores', 'isa_lrsc', 'isa_lui_auipc', 'isa_rd_alias', 'isa_x0', 'sig_segv_straddle'];

const CONFIGS: readonly { name: string; options: MachineOptions; slice: number; programs: readonly string[] | 'all'; policy?: typeof EAGER }[] = [
  { name: 'caches off, 997-cycle slices', options: { caches: null }, slice: 997, programs: 'all' },
  { name: 'caches on, 8-entry 2-way TLB, 4093-cycle slices', options: { caches: DEFAULT_CACHES, tlb: { entries: 8, ways: 2 } }, slice: 4093, programs: 'all' },
  { name: 'one core, 16-entry fully associative TLB, no ASIDs, whole slices', options: { cores: 1, tlb: { entries: 16, ways: 16 }, asid: false }, slice: 20_000_000, programs: SOME },
  { name: 'free L1 (accesses add no stall), 101-cycle slices', options: { costs: { l1Ns: 0 } }, slice: 101, programs: SOME },
  { name: 'caches on with slow RAM, 37-cycle slices', options: { caches: DEFAULT_CACHES, costs: { ramNs: 1000 } }, slice: 37, programs: SMALL },
  { name: 'caches off, 1-cycle slices', options: { caches: null }, slice: 1, programs: SMALL },
  { name: 'default compile thresholds, 997-cycle slices', options: {}, slice: 997, programs: SOME, policy: DEFAULT_POLICY },
  { name: 'compiling on first sight, 1009-cycle slices', options: { caches: DEFAULT_CACHES }, slice: 1009, programs: SOME, policy: { hot: 1, stretch: 1 } },
];

describe.each(CONFIGS)('blocks match the interpreter: $name', ({ options, slice, programs, policy }) => {
  const chosen = fixtures.filter((fx) => programs === 'all' || programs.includes(fx.name));
  it.each(chosen.map((fx) => [fx.name, fx] as const))('%s', (_name, fx) => {
    if (policy) Object.assign(blockPolicy, policy);
    compare(program(fx), options, slice);
  });
});

describe('blocks match the interpreter on hot programs', () => {
  const benchElf = join(root, 'bench', '.build', 'bench.elf');
  const localityElf = join(root, 'examples', 'locality', 'locality.elf');

  it.each([
    ['caches off', { caches: null }, 997],
    ['caches on', { caches: DEFAULT_CACHES }, 1009],
    ['tiny TLB', { tlb: { entries: 2, ways: 1 }, caches: DEFAULT_CACHES }, 7919],
  ] as const)('the edge-case program, %s', (_label, options, slice) => {
    compare({ elf: hotElf }, options, slice);
  });

  it.each(['jalr', 'branch'])('a misaligned %s target from a compiled block traps as in the interpreter', (mode) => {
    compare({ elf: hotElf, args: [mode] }, { caches: null }, 9973);
    const { machine, console } = boot({ elf: hotElf, args: [mode] }, {});
    let state = machine.runSlice();
    while (state.kind === 'running') state = machine.runSlice();
    expect(state).toMatchObject({ kind: 'halted', exit: { kind: 'signaled' } });
    expect(console.text(1).split('\n')).toHaveLength(6); // five results, then the fault
  });

  it.each([
    ['caches off, eager', { caches: null }, '30000', EAGER],
    ['caches on, eager', { caches: DEFAULT_CACHES }, '30000', EAGER],
    ['caches off, default thresholds', { caches: null }, '300000', DEFAULT_POLICY],
  ] as const)('bench int, %s', (_label, options, n, policy) => {
    if (!existsSync(benchElf)) return; // built by `npm run bench`
    Object.assign(blockPolicy, policy);
    compare({ elf: benchElf, args: ['int', n] }, options, 3001);
  });

  it.each([
    ['row', 'caches on, eager', { caches: DEFAULT_CACHES }, EAGER],
    ['row', 'caches off, default thresholds', { caches: null }, DEFAULT_POLICY],
    ['col', 'caches on, 16-entry TLB, eager', { caches: DEFAULT_CACHES, tlb: { entries: 16, ways: 4 } }, EAGER],
    ['col', 'caches off, default thresholds', { caches: null }, DEFAULT_POLICY],
  ] as const)('locality %s, %s', (mode, _label, options, policy) => {
    if (!existsSync(localityElf)) return;
    Object.assign(blockPolicy, policy);
    compare({ elf: localityElf, args: [mode] }, options, 65_537);
  });

  it('actually compiles and runs blocks (the comparisons above test something)', () => {
    const { machine } = boot({ elf: hotElf }, {});
    while (machine.runSlice(100_000).kind === 'running');
    expect(compiledBlocks(machine.harts[0])).toBeGreaterThan(5);
  });
});

// ---- the debugger ----

describe('debugging with blocks', () => {
  /** Runs in small slices until hart 0 has retired `instructions` (inside `hot`'s loop, compiled by then). */
  function warmUp(machine: Machine, instructions: number): void {
    while (machine.harts[0].instret < instructions) expect(machine.runSlice(1000).kind).toBe('running');
  }

  function stops(engine: 'blocks' | 'interpreter', count: number): string[] {
    const { machine, pid } = boot({ elf: hotElf }, { engine, cores: 1 });
    warmUp(machine, 50_000);
    if (engine === 'blocks') expect(compiledBlocks(machine.harts[0])).toBeGreaterThan(0);
    expect(machine.setBreakpoint(pid, hotSym.get('hot_spot')!)).toBe(true);
    const seen: string[] = [];
    for (let k = 0; k < count; k++) {
      const state = machine.runSlice(1_000_000);
      expect(state).toMatchObject({ kind: 'stopped', trap: { kind: 'breakpoint' } });
      expect(machine.harts[0].pc >>> 0).toBe(hotSym.get('hot_spot'));
      seen.push(snapshot(machine));
      expect(machine.stepOverBreakpoint(0)).toBeNull();
    }
    machine.clearBreakpoint(pid, hotSym.get('hot_spot')!);
    let state = machine.runSlice(1_000_000);
    while (state.kind === 'running') state = machine.runSlice(1_000_000);
    seen.push(JSON.stringify(state), snapshot(machine));
    return seen;
  }

  it('a breakpoint set inside a compiled hot loop stops there, every iteration, as in the interpreter', () => {
    const blocks = stops('blocks', 5);
    expect(blocks).toEqual(stops('interpreter', 5));
  });

  function watchStops(engine: 'blocks' | 'interpreter', access: { read: boolean; write: boolean }): string[] {
    const { machine, pid } = boot({ elf: hotElf }, { engine, cores: 1 });
    machine.addWatchpoint(pid, hotSym.get('watched')!, 4, access);
    const seen: string[] = [];
    for (;;) {
      const state = machine.runSlice(1_000_000);
      if (state.kind === 'running') continue;
      seen.push(JSON.stringify(state), snapshot(machine));
      if (state.kind !== 'stopped') return seen;
    }
  }

  it.each([
    ['writes', { read: false, write: true }, 300],
    ['reads and writes', { read: true, write: true }, 601], // and the final read of the result
  ] as const)('a watchpoint on %s of data a compiled loop touches stops at each access, as in the interpreter', (_label, access, expected) => {
    const blocks = watchStops('blocks', access);
    expect(blocks.length / 2 - 1).toBe(expected);
    expect(blocks).toEqual(watchStops('interpreter', access));
  });
});

// ---- the generated code ----

describe('the translator', () => {
  it('emits one commented line per guest instruction and loops in place for a self-looping block', () => {
    // At page offset 0x10: addi a0, a0, 1; bne a0, a1, -4 (back to the addi).
    const mem = new PhysicalMemory(4);
    const decoded = new DecodedCache(mem);
    mem.i32[4] = 0x00150513;
    mem.i32[5] = 0xfeb51ee3 | 0;
    const code = decoded.page(0);
    decoded.decodeSlot(code, 8, 16);
    decoded.decodeSlot(code, 10, 20);
    const t = translate(code, 4, 6, mem.i32, 0, false)!;
    expect(t.length).toBe(2);
    expect(t.accessesBeforeLast).toBe(0);
    expect(t.source).toContain('// +0x10: addi a0, a0, 1\n  a0 = (a0 + 1) | 0;');
    expect(t.source).toMatch(/\/\/ \+0x14: bne a0, a1, 0x10\n.*continue out/);
  });
});
