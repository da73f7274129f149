// Differential tests: every program in test/fixtures/diff runs on the oracle (Debian's
// qemu-riscv32) and on oslab with the same arguments and stdin, and must produce the same stdout
// and exit status, and the same stderr minus the CLI's own "oslab: " diagnostic lines (not
// compared when a signal killed the program: how a death is reported is the CLI's business).
// Each also runs with the cache model on, and some with a tiny TLB, which must never change
// results. The oracle side is itself checked: deterministic across two runs, and exiting with
// the status recorded in the fixture's NAME.json (default 0).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listFixtures, type Fixture } from './support/build-fixtures';
import { oslabCommand, runOslab } from './support/oslab';
import { qemuCommand, runQemu, type RunOptions, type RunResult } from './support/qemu';
import { createLimiter } from './support/limit';

const fixtures = listFixtures();

const limited = createLimiter();
const TIMEOUT = 240_000;

function runOpts(fx: Fixture): RunOptions {
  return { args: fx.args, stdin: fx.stdin };
}

// One oracle run per fixture, shared by the tests that compare against it.
const oracle = new Map<string, Promise<RunResult>>();
function qemuResult(fx: Fixture): Promise<RunResult> {
  let p = oracle.get(fx.name);
  if (!p) {
    p = limited(() => runQemu(fx.elf, runOpts(fx)));
    oracle.set(fx.name, p);
  }
  return p;
}

function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function repro(fx: Fixture, argv: readonly string[]): string {
  const feed = fx.stdin ? `printf %s ${shellQuote([fx.stdin])} | ` : '';
  return `repro: ${feed}${shellQuote(argv)}${fx.stdin ? '' : ' </dev/null'}`;
}

/** The parts of a run that must agree. */
function observable(r: RunResult, withStderr: boolean): { status: number; stdout: string; stderr?: string } {
  return withStderr ? { status: r.status, stdout: r.stdout, stderr: r.stderr } : { status: r.status, stdout: r.stdout };
}

/** The CLI's own diagnostics ("oslab: ...") share the program's stderr; they are not output. */
function withoutDiagnostics(r: RunResult): RunResult {
  return { ...r, stderr: r.stderr.replace(/^oslab: .*\n?/gm, '') };
}

async function compareWithOracle(fx: Fixture, extraOptions: readonly string[]): Promise<void> {
  const q = await qemuResult(fx);
  const o = withoutDiagnostics(await limited(() => runOslab(fx.elf, { ...runOpts(fx), extraOptions })));
  const killed = q.status >= 128;
  expect(observable(o, !killed), repro(fx, oslabCommand(fx.elf, { args: fx.args, extraOptions }))).toEqual(
    observable(q, !killed),
  );
}

describe.concurrent('oracle: qemu-riscv32', () => {
  for (const fx of fixtures) {
    test(
      fx.name,
      async () => {
        const first = await qemuResult(fx);
        const second = await limited(() => runQemu(fx.elf, runOpts(fx)));
        const where = repro(fx, qemuCommand(fx.elf, fx.args));
        expect(first.status, `${where}\nstdout:\n${first.stdout.slice(-2000)}`).toBe(fx.status);
        expect(first.stdout.length, `${fx.name} printed nothing on qemu`).toBeGreaterThan(0);
        expect(observable(second, true), `${where}: output is not deterministic`).toEqual(observable(first, true));
      },
      TIMEOUT,
    );
  }
});

describe.concurrent('differential: oslab vs qemu-riscv32', () => {
  for (const fx of fixtures) {
    test(fx.name, () => compareWithOracle(fx, []), TIMEOUT);
  }
});

describe.concurrent('differential: oslab --caches on vs qemu-riscv32', () => {
  for (const fx of fixtures) {
    test(`${fx.name} --caches on`, () => compareWithOracle(fx, ['--caches', 'on']), TIMEOUT);
  }
});

// Memory-system stress: the same programs through a tiny, direct-mapped-ish TLB without ASIDs
// on one hart, where every page walk, eviction and flush path gets exercised.
const tlbStress = new Set([
  'mem_bss_large', 'mem_data_large', 'mem_misaligned', 'mem_stack_big', 'sys_brk', 'sys_brk_regrow', 'heap_lists',
  'code_page_cross', 'fencei_selfmod', 'stack_recursion', 'algo_sort', 'sig_segv_straddle', 'sig_stack_overflow',
]);
describe.concurrent('differential: oslab with a 4-entry TLB vs qemu-riscv32', () => {
  for (const fx of fixtures.filter((f) => tlbStress.has(f.name))) {
    const options = ['--tlb', '4', '--tlb-ways', '2', '--asid', 'off', '--cores', '1'];
    test(`${fx.name} ${options.join(' ')}`, () => compareWithOracle(fx, options), TIMEOUT);
  }
});

describe('oslab --stats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oslab-stats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(
    'writes the documented counters without changing the program output',
    async () => {
      const fx = fixtures.find((f) => f.name === 'algo_sha256');
      expect(fx, 'fixture algo_sha256 exists').toBeDefined();
      if (!fx) return;
      const statsFile = join(dir, 'stats.json');
      const q = await qemuResult(fx);
      const o = withoutDiagnostics(
        await limited(() => runOslab(fx.elf, { extraOptions: ['--stats', statsFile, '--caches', 'on'] })),
      );
      expect(observable(o, true)).toEqual(observable(q, true));
      const stats: unknown = JSON.parse(readFileSync(statsFile, 'utf8'));
      const num = expect.any(Number);
      expect(stats).toMatchObject({
        instructions: num,
        cycles: num,
        simNs: num,
        tlb: { hits: num, misses: num, flushes: num },
        caches: { l1: { hits: num, misses: num }, l2: { hits: num, misses: num }, l3: { hits: num, misses: num } },
      });
      expect((stats as { instructions: number }).instructions).toBeGreaterThan(100_000);
    },
    TIMEOUT,
  );
});
