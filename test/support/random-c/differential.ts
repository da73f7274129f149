// Builds and runs generated programs for the random differential test (test/toolchain/cc/
// fuzz-diff.test.ts and `npm run fuzz`): oslab's compiler + oslab's libc against clang -O0 and
// -O1 + the clang-built libc, all run on qemu-riscv32. Sources and executables go to
// test/.build/fuzz/ so every failure can be rerun by hand; a failing batch is narrowed to its
// seed, and the seed's program can be shrunk line by line while the mismatch persists.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { CLANG_LIBC_FLAGS } from '../../../scripts/build-libc';
import { testLibc } from '../libc';
import { runQemu, type RunResult } from '../qemu';
import { batchProgram, generateProgram } from './program';

export const fuzzDir = join(__dirname, '..', '..', '.build', 'fuzz');
const run = promisify(execFile);

/** A seed (null: only the batch as a whole) whose builds disagree, and how, ready to print. */
export interface Mismatch {
  readonly seed: number | null;
  readonly sourcePath: string;
  readonly detail: string;
}

type Build = 'clang-O0' | 'clang-O1' | 'oslab';

/** Far above an honest build of a generated program (about a second): only a compiler stuck in a loop takes this long. */
const OSLAB_BUILD_CPU_SECONDS = 30;
let bundledBuilder: string | undefined;

/** The oslab build runs in a child process (oslab-build-runner.ts, bundled once per test process). */
function oslabBuilder(): string {
  if (!bundledBuilder) {
    bundledBuilder = join(fuzzDir, `oslab-build.${process.pid}.cjs`);
    mkdirSync(fuzzDir, { recursive: true });
    buildSync({ entryPoints: [join(__dirname, 'oslab-build-runner.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundledBuilder, logLevel: 'error' });
  }
  return bundledBuilder;
}

/**
 * Which build of oslab's libc oslab's executables link: its own (as shipped), or with
 * FUZZ_LIBC=clang the clang-built one the references use, so only the program's code differs.
 */
export function subjectLibc(): 'oslab' | 'clang' {
  return process.env.FUZZ_LIBC === 'clang' ? 'clang' : 'oslab';
}

async function build(kind: Build, sourcePath: string): Promise<string> {
  const out = sourcePath.replace(/\.c$/, `.${kind}.elf`);
  if (kind === 'oslab') {
    // A CPU-time limit, not a wall-clock one: the machine may be busy with other work.
    const limited = `ulimit -t ${OSLAB_BUILD_CPU_SECONDS} && exec "$@"`;
    await run('sh', ['-c', limited, 'sh', process.execPath, oslabBuilder(), sourcePath, out, testLibc(subjectLibc()).dir]);
    return out;
  }
  const libc = testLibc('clang');
  const flags = CLANG_LIBC_FLAGS.filter((f) => !/^-(O\d|g|Werror|Wall)$/.test(f));
  await run('clang', [
    ...flags, kind === 'clang-O0' ? '-O0' : '-O1', '-w', '-isystem', libc.includeDir,
    '-nostdlib', '-static', '-fuse-ld=lld', '-Wl,--no-relax', '-o', out, libc.crt1Path, sourcePath, libc.archivePath,
  ]);
  return out;
}

function describe(r: RunResult): string {
  return r.status === 0 ? 'exit 0' : `exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}${r.stderr ? `, stderr: ${r.stderr.slice(0, 200)}` : ''}`;
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i < 0 ? a.length : i;
  return `line ${at + 1}: clang printed ${JSON.stringify(a[at] ?? '<end>')}, oslab ${JSON.stringify(b[at] ?? '<end>')}`;
}

/**
 * Builds `source` three ways and runs each; returns a description of the first disagreement,
 * or null. A clang build that fails or disagrees with itself is reported as a generator bug.
 */
export async function compareBuilds(sourcePath: string): Promise<string | null> {
  const clangBuilds = Promise.all([build('clang-O0', sourcePath), build('clang-O1', sourcePath)]);
  let oslab: string;
  try {
    oslab = await build('oslab', sourcePath);
  } catch (e) {
    await clangBuilds.catch(() => undefined);
    const failure = e as { signal?: string; code?: number; stderr?: string };
    const killed = failure.signal === 'SIGKILL' || failure.signal === 'SIGXCPU' || failure.code === 137 || failure.code === 152;
    const why = killed ? `used more than ${OSLAB_BUILD_CPU_SECONDS} s of CPU (a loop in the compiler?)` : (failure.stderr ?? String(e)).split('\n').slice(0, 6).join('\n');
    return `oslab's compiler failed: ${why}`;
  }
  let clang: string[];
  try {
    clang = await clangBuilds;
  } catch (e) {
    return `GENERATOR BUG: clang rejected the program: ${(e as { stderr?: string }).stderr?.slice(0, 600) ?? String(e)}`;
  }
  const [o0, o1, os] = await Promise.all([...clang, oslab].map((elf) => runQemu(elf, { timeoutMs: 20_000 })));
  if (o0.stdout !== o1.stdout || o0.status !== 0) {
    return `GENERATOR BUG: clang -O0 and -O1 disagree (${describe(o0)} / ${describe(o1)}): ${firstDifference(o0.stdout, o1.stdout)}`;
  }
  if (os.stdout !== o0.stdout || os.status !== 0) {
    return `oslab's build differs from clang -O0 (${describe(os)}): ${firstDifference(o0.stdout, os.stdout)}; rerun: qemu-riscv32 ${oslab}`;
  }
  return null;
}

export function writeSource(name: string, text: string): string {
  mkdirSync(fuzzDir, { recursive: true });
  const path = join(fuzzDir, `${name}.c`);
  writeFileSync(path, text);
  return path;
}

/** Checks several seeds as one batch program; when the batch fails, checks each seed alone. */
export async function checkSeeds(seeds: readonly number[]): Promise<Mismatch[]> {
  const batchPath = writeSource(`batch-${seeds[0]}-${seeds[seeds.length - 1]}`, batchProgram(seeds));
  const batch = await compareBuilds(batchPath);
  if (batch === null) return [];
  const mismatches: Mismatch[] = [];
  for (const seed of seeds) {
    const sourcePath = writeSource(`seed-${seed}`, generateProgram(seed));
    const own = await compareBuilds(sourcePath);
    if (own !== null) mismatches.push({ seed, sourcePath, detail: own });
  }
  if (mismatches.length > 0) return mismatches;
  return [{ seed: null, sourcePath: batchPath, detail: `only the batch fails (no seed alone does): ${batch}` }];
}

/** The program with `long` spelled `int`: the same ILP32 program for a 64-bit-long host compiler. */
export function hostVariant(source: string): string {
  return source.replace(/(?<!long )\blong\b(?! long)/g, 'int');
}

/**
 * Builds the host variant with gcc twice, -O0 and -O2 with UBSan aborting on the first report,
 * runs both, and returns their output (which must agree); throws with UBSan's report otherwise.
 * This checks the generator itself: its programs must be free of undefined behaviour.
 */
export async function runOnHost(sourcePath: string): Promise<string> {
  const hostPath = sourcePath.replace(/\.c$/, '.host.c');
  writeFileSync(hostPath, hostVariant(readFileSync(sourcePath, 'utf8')));
  const plain = hostPath.replace(/\.c$/, '.O0');
  const checked = hostPath.replace(/\.c$/, '.ubsan');
  const common = ['-std=c11', '-funsigned-char', '-w', hostPath];
  await Promise.all([
    run('gcc', [...common, '-O0', '-o', plain]),
    run('gcc', [...common, '-O2', '-fsanitize=undefined', '-fno-sanitize-recover=all', '-o', checked]),
  ]);
  const [a, b] = await Promise.all([plain, checked].map((exe) => runProcessOnHost(exe)));
  if (b.status !== 0) throw new Error(`${sourcePath}: UBSan: ${b.stderr.slice(0, 800)}`);
  if (a.stdout !== b.stdout) throw new Error(`${sourcePath}: gcc -O0 and -O2 disagree: ${firstDifference(a.stdout, b.stdout)}`);
  return a.stdout;
}

async function runProcessOnHost(exe: string): Promise<{ stdout: string; stderr: string; status: number }> {
  try {
    const { stdout, stderr } = await run(exe, [], { timeout: 20_000, maxBuffer: 1 << 24 });
    return { stdout, stderr, status: 0 };
  } catch (e) {
    const failure = e as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', status: failure.code ?? -1 };
  }
}

/** clang -O0 (the reference build) of a source, run on qemu: its stdout. */
export async function runReference(sourcePath: string): Promise<RunResult> {
  return runQemu(await build('clang-O0', sourcePath), { timeoutMs: 20_000 });
}
