// Differential test of the linker: each program of test/fixtures/diff is compiled to objects
// by clang (-c, the fixtures' flags), linked by OUR linker, and run on qemu-riscv32 and on
// oslab; both runs must match the clang+lld-built executable's run on qemu (stdout, stderr
// unless a signal killed it, exit status), and llvm-readelf -a must read it without a warning.
// A quick handful runs on its own; the full set runs as one test. The reference executables
// come from the global setup (test/.build/diff).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readElf } from '../../../sim/toolchain/elf/read';
import { inputFromBytes, link } from '../../../sim/toolchain/link';
import { fixtureDir, listFixtures, type Fixture } from '../../support/build-fixtures';
import { oslabAvailable, runOslab } from '../../support/oslab';
import { runQemu, type RunResult } from '../../support/qemu';
import { compileObject, linkOptionsFor, writeElf } from './support';

const rtDir = join(fixtureDir, 'rt');
const QUICK = ['algo_hash', 'c_varargs', 'mem_bss_data', 'fencei_selfmod', 'proc_argv', 'sig_segv_rodata'];

/** Compiles the fixture's sources (and runtime) with its flags and links them with our linker. */
async function linkFixture(fx: Fixture): Promise<string> {
  const opt = fx.cflags.some((f) => /^-O/.test(f)) ? [] : ['-O1'];
  const sources = [...(fx.runtime ? [join(rtDir, 'start.S'), join(rtDir, 'rt.c')] : []), fx.source];
  const objects = await Promise.all(sources.map((s) => compileObject(s, [...opt, ...fx.cflags], [rtDir])));
  const inputs = objects.map((o) => inputFromBytes(basename(o), readFileSync(o)));
  const { executable } = link(inputs, linkOptionsFor(fx.ldflags));
  readElf(executable);
  return writeElf(`${fx.name}.elf`, executable);
}

function observable(r: RunResult): { status: number; stdout: string; stderr?: string } {
  const stderr = r.stderr.replace(/^oslab: .*\n?/gm, '');
  return r.status >= 128 ? { status: r.status, stdout: r.stdout } : { status: r.status, stdout: r.stdout, stderr };
}

async function checkFixture(fx: Fixture, withOslab: boolean): Promise<void> {
  const ours = await linkFixture(fx);
  const readelf = spawnSync('llvm-readelf', ['-a', ours], { encoding: 'utf8' });
  expect(readelf.stderr, `${fx.name}: llvm-readelf -a ${ours}`).toBe('');
  const opts = { args: fx.args, stdin: fx.stdin };
  const [reference, onQemu, onOslab] = await Promise.all([runQemu(fx.elf, opts), runQemu(ours, opts), withOslab ? runOslab(ours, opts) : undefined]);
  expect(observable(onQemu), `${fx.name}: our executable on qemu (${ours})`).toEqual(observable(reference));
  if (onOslab) expect(observable(onOslab), `${fx.name}: our executable on oslab (${ours})`).toEqual(observable(reference));
}

/** Runs `job` on every item with at most `limit` at a time; collects failures instead of stopping. */
async function eachLimited<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<string[]> {
  const queue = [...items];
  const failures: string[] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await job(item).catch((e: unknown) => failures.push(e instanceof Error ? e.message : String(e)));
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return failures;
}

const fixtures = listFixtures();
const built = fixtures.every((fx) => existsSync(fx.elf));

describe.skipIf(!built)('linking the differential fixtures with our linker', () => {
  test('a quick handful match clang+lld on qemu and on oslab', async () => {
    const chosen = fixtures.filter((fx) => QUICK.includes(fx.name));
    expect(chosen).toHaveLength(QUICK.length);
    const failures = await eachLimited(chosen, 3, (fx) => checkFixture(fx, oslabAvailable()));
    expect(failures).toEqual([]);
  });

  test('every fixture matches clang+lld on qemu and on oslab', async () => {
    const failures = await eachLimited(fixtures, Math.max(2, availableParallelism()), (fx) => checkFixture(fx, oslabAvailable()));
    expect(failures).toEqual([]);
  });
});
