// Kernel differential tests: every C program in test/fixtures/kernel-diff (processes, threads,
// waiting, exits, scheduling, clocks, limits and virtual memory, as an OS course's exercises
// use them) is built twice, by oslab's own compiler against its libc (what `oslab run prog.c`
// does) and by clang -O1 (a second code generator), and each build runs on the oracle, Debian's
// qemu-riscv32, and on oslab through the CLI. Stdout and exit status must agree (stderr too
// when no signal killed the program, minus the CLI's "oslab: " diagnostics). The oracle is
// checked as well: it exits with the status recorded in NAME.json, and both builds give it the
// same output, which doubles as a determinism check of programs whose threads really run in
// parallel there.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildExecutable } from '../../sim/toolchain/driver';
import { buildWithClang, libcBuildOptions, testLibc } from '../support/libc';
import { oslabCommand, runOslab } from '../support/oslab';
import { qemuCommand, runQemu, type RunResult } from '../support/qemu';
import { createLimiter } from '../support/limit';

const root = join(__dirname, '..', '..');
const fixtureDir = join(root, 'test', 'fixtures', 'kernel-diff');
const buildDir = join(root, 'test', '.build', 'kernel-diff');

type Compiler = 'oslab' | 'clang';

interface Program {
  name: string;
  source: string;
  args: string[];
  stdin: string;
  /** The status qemu gives (128+N when signal N killed it). */
  status: number;
  /** Which compilers can build it (oslab's lacks thread-local storage, for one). */
  compilers: Compiler[];
}

function readProgram(file: string): Program {
  const name = basename(file, '.c');
  const program: Program = { name, source: join(fixtureDir, file), args: [], stdin: '', status: 0, compilers: ['oslab', 'clang'] };
  const specPath = join(fixtureDir, `${name}.json`);
  if (!existsSync(specPath)) return program;
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'status' && Number.isInteger(value)) program.status = value as number;
    else if (key === 'stdin' && typeof value === 'string') program.stdin = value;
    else if (key === 'args' && Array.isArray(value) && value.every((a) => typeof a === 'string')) program.args = value as string[];
    else if (key === 'cc' && (value === 'oslab' || value === 'clang')) program.compilers = [value];
    else if (key !== 'comment') throw new Error(`${specPath}: bad or unknown key "${key}"`);
  }
  return program;
}

const programs = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.c'))
  .sort()
  .map(readProgram);

const limited = createLimiter();
const RUN_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 300_000;

// A build is reused while its inputs are unchanged: the source, the shared headers, and the libc
// (whose cache folder name hashes its sources and, for oslab's, the compiler's).
const headers = readdirSync(fixtureDir).filter((f) => f.endsWith('.h')).sort();
function build(program: Program, compiler: Compiler): string {
  mkdirSync(buildDir, { recursive: true });
  const elf = join(buildDir, `${program.name}.${compiler}.elf`);
  const stamp = `${elf}.key`;
  const hash = createHash('sha256').update(readFileSync(program.source));
  for (const header of headers) hash.update(readFileSync(join(fixtureDir, header)));
  const key = hash.update(testLibc(compiler).dir).digest('hex');
  if (existsSync(elf) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return elf;
  if (compiler === 'clang') buildWithClang([program.source], elf, ['-O1'], 'clang');
  else {
    const { executable } = buildExecutable([{ path: program.source, bytes: readFileSync(program.source) }], libcBuildOptions());
    writeFileSync(elf, executable);
    chmodSync(elf, 0o755); // qemu-riscv32 runs only executable files
  }
  writeFileSync(stamp, key);
  return elf;
}

// One build and one oracle run per program and compiler, shared by the tests that need them.
const elves = new Map<string, string>();
const oracle = new Map<string, Promise<RunResult>>();
function elfOf(program: Program, compiler: Compiler): string {
  const key = `${program.name}.${compiler}`;
  let elf = elves.get(key);
  if (!elf) {
    elf = build(program, compiler);
    elves.set(key, elf);
  }
  return elf;
}
function qemuResult(program: Program, compiler: Compiler): Promise<RunResult> {
  const key = `${program.name}.${compiler}`;
  let result = oracle.get(key);
  if (!result) {
    const elf = elfOf(program, compiler);
    result = limited(() => runQemu(elf, { args: program.args, stdin: program.stdin, timeoutMs: RUN_TIMEOUT_MS }));
    oracle.set(key, result);
  }
  return result;
}

/** What must agree: stderr only when the program exited by itself (a death's report is the CLI's). */
function observable(r: RunResult, killed: boolean): { status: number; stdout: string; stderr?: string } {
  if (killed) return { status: r.status, stdout: r.stdout };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^oslab: .*\n?/gm, '') };
}

function repro(argv: readonly string[]): string {
  return `repro: ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ')} </dev/null`;
}

async function compareWithOracle(program: Program, elf: string, q: RunResult, extraOptions: readonly string[]): Promise<void> {
  const run = { args: program.args, stdin: program.stdin, timeoutMs: RUN_TIMEOUT_MS, extraOptions };
  const o = await limited(() => runOslab(elf, run));
  const killed = q.status >= 128;
  expect(observable(o, killed), repro(oslabCommand(elf, run))).toEqual(observable(q, killed));
}

describe.concurrent('kernel programs: the oracle (qemu-riscv32)', () => {
  for (const program of programs) {
    test(
      program.name,
      async () => {
        const results = await Promise.all(program.compilers.map((c) => qemuResult(program, c)));
        const first = results[0];
        const where = repro(qemuCommand(elfOf(program, program.compilers[0]), program.args));
        expect(first.status, `${where}\nstdout:\n${first.stdout.slice(-2000)}\nstderr:\n${first.stderr.slice(-2000)}`).toBe(program.status);
        expect(first.stdout.length, `${program.name} printed nothing on qemu`).toBeGreaterThan(0);
        for (const other of results.slice(1)) {
          expect(observable(other, false), `${program.name}: the two builds disagree on qemu`).toEqual(observable(first, false));
        }
      },
      TEST_TIMEOUT_MS,
    );
  }
});

describe.concurrent('kernel programs: oslab vs qemu-riscv32', () => {
  for (const program of programs) {
    for (const compiler of program.compilers) {
      test(
        `${program.name} (${compiler === 'oslab' ? 'oslab cc' : 'clang -O1'})`,
        async () => {
          const q = await qemuResult(program, compiler);
          const elf = elfOf(program, compiler);
          await compareWithOracle(program, elf, q, []);
        },
        TEST_TIMEOUT_MS,
      );
    }
  }
});

// The threaded programs again on one hart and on four, where the scheduler interleaves them
// differently: their output must not depend on it (the first build only, alternating between
// the two hart counts, to keep the run short).
const concurrent = programs.filter((p) => /^(thread|futex)_/.test(p.name));
describe.concurrent('kernel programs: oslab with other hart counts vs qemu-riscv32', () => {
  concurrent.forEach((program, i) => {
    const compiler = program.compilers[0];
    const options = ['--cores', i % 2 === 0 ? '1' : '4'];
    test(
      `${program.name} ${options.join(' ')}`,
      async () => {
        const q = await qemuResult(program, compiler);
        await compareWithOracle(program, elfOf(program, compiler), q, options);
      },
      TEST_TIMEOUT_MS,
    );
  });
});
