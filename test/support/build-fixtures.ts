// Compiles the differential fixtures (test/fixtures/diff/*.c, *.S) into static RV32IMA ELF
// executables under test/.build/diff/ with Debian's clang + lld. Each output carries a content
// hash of everything that went into it (sources, runtime, flags, compiler version) so a second
// `npm test` rebuilds nothing; builds run in parallel, one per core.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtureDir = join(root, 'test', 'fixtures', 'diff');
export const buildDir = join(root, 'test', '.build', 'diff');
const rtDir = join(fixtureDir, 'rt');
const runtimeSources = ['start.S', 'rt.c'].map((f) => join(rtDir, f));
const runtimeHeaders = ['rt.h', 'asm.h'].map((f) => join(rtDir, f));
/** The runtime is compiled once (always -O1) and linked into every fixture that wants it. */
const runtimeObjects = ['start.o', 'rt.o'].map((f) => join(buildDir, 'rt', f));

/** Compile flags every fixture (and the runtime) gets. -mno-relax/--no-relax keep gp relaxation
 *  out of the picture, so programs never depend on gp being set up; -fno-builtin stops clang
 *  turning our own mem* loops into calls to themselves. */
export const compileFlags: readonly string[] = [
  '--target=riscv32-unknown-elf',
  '-march=rv32ima',
  '-mabi=ilp32',
  '-mno-relax',
  '-ffreestanding',
  '-fno-builtin',
  '-Wall',
  '-Werror',
  '-g0',
];
/** Link flags: a static ET_EXEC at lld's default base (first segment at 0x10000), no libc. */
export const linkFlags: readonly string[] = ['-nostdlib', '-static', '-fuse-ld=lld', '-Wl,--no-relax'];
/** Both, for a one-step compile-and-link (test/support/compile.ts builds single programs so). */
export const baseFlags: readonly string[] = [...compileFlags, ...linkFlags];
const defaultOpt = '-O1';

/** The optional NAME.json beside a fixture. */
export interface FixtureSpec {
  /** Arguments after the program path. */
  args: string[];
  /** Text fed to the program's stdin (empty: stdin is at EOF at once). */
  stdin: string;
  /** Extra compile flags, e.g. ["-O2"] (replaces the default -O1 when it is an -O flag). */
  cflags: string[];
  /** Extra link flags, e.g. ["-Wl,-N"] for writable text. */
  ldflags: string[];
  /** Link rt/start.S + rt/rt.c (false: the fixture has its own _start). */
  runtime: boolean;
  /** The exit status qemu gives (128+N for signal N); checked so the oracle can't drift. */
  status: number;
}

export interface Fixture extends FixtureSpec {
  name: string;
  source: string;
  elf: string;
}

function readSpec(jsonPath: string): FixtureSpec {
  const spec: FixtureSpec = { args: [], stdin: '', cflags: [], ldflags: [], runtime: true, status: 0 };
  if (!existsSync(jsonPath)) return spec;
  const raw: unknown = JSON.parse(readFileSync(jsonPath, 'utf8'));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${jsonPath}: not an object`);
  const obj = raw as Record<string, unknown>;
  const strings = (key: string): string[] | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s): s is string => typeof s === 'string')) {
      throw new Error(`${jsonPath}: "${key}" must be an array of strings`);
    }
    return v;
  };
  for (const key of Object.keys(obj)) {
    if (!['args', 'stdin', 'cflags', 'ldflags', 'runtime', 'status', 'comment'].includes(key)) {
      throw new Error(`${jsonPath}: unknown key "${key}"`);
    }
  }
  spec.args = strings('args') ?? spec.args;
  spec.cflags = strings('cflags') ?? spec.cflags;
  spec.ldflags = strings('ldflags') ?? spec.ldflags;
  if (obj.stdin !== undefined) {
    if (typeof obj.stdin !== 'string') throw new Error(`${jsonPath}: "stdin" must be a string`);
    spec.stdin = obj.stdin;
  }
  if (obj.runtime !== undefined) {
    if (typeof obj.runtime !== 'boolean') throw new Error(`${jsonPath}: "runtime" must be a boolean`);
    spec.runtime = obj.runtime;
  }
  if (obj.status !== undefined) {
    if (typeof obj.status !== 'number' || !Number.isInteger(obj.status)) throw new Error(`${jsonPath}: "status" must be an integer`);
    spec.status = obj.status;
  }
  return spec;
}

/** Every fixture, sorted by name; cheap and synchronous so test files can enumerate at collection. */
export function listFixtures(): Fixture[] {
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.c') || f.endsWith('.S'))
    .sort()
    .map((file) => {
      const name = basename(file, extname(file));
      const spec = readSpec(join(fixtureDir, `${name}.json`));
      return { name, source: join(fixtureDir, file), elf: join(buildDir, `${name}.elf`), ...spec };
    });
}

function compileArgs(fx: Fixture, out: string): string[] {
  const optOverride = fx.cflags.some((f) => /^-O/.test(f));
  return [
    ...compileFlags,
    ...(optOverride ? [] : [defaultOpt]),
    ...fx.cflags,
    ...linkFlags,
    `-I${rtDir}`,
    fx.source,
    ...(fx.runtime ? runtimeObjects : []),
    ...fx.ldflags,
    '-o',
    out,
  ];
}

let clangVersion: string | undefined;
function toolchainVersion(): string {
  if (clangVersion === undefined) {
    const r = spawnSync('clang', ['--version'], { encoding: 'utf8' });
    const lld = spawnSync('ld.lld', ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(toolchainMissing('clang'));
    if (lld.error || lld.status !== 0) throw new Error(toolchainMissing('ld.lld'));
    clangVersion = `${r.stdout}\n${lld.stdout}`;
  }
  return clangVersion;
}

function toolchainMissing(tool: string): string {
  return (
    `oslab differential tests: \`${tool}\` is not runnable. The fixtures are built with Debian's ` +
    `clang + lld and checked against qemu-riscv32: apt-get install -y clang lld llvm qemu-user ` +
    `(scripts/ensure-oracle.sh does this when run as root).`
  );
}

function hashFiles(h: ReturnType<typeof createHash>, files: readonly string[]): void {
  for (const f of files) {
    h.update(f.replace(root, '<root>'));
    h.update(readFileSync(f));
  }
}

function runtimeHash(): string {
  const h = createHash('sha256');
  h.update(toolchainVersion());
  h.update(JSON.stringify([compileFlags, defaultOpt]));
  hashFiles(h, [...runtimeSources, ...runtimeHeaders]);
  return h.digest('hex');
}

function fixtureHash(fx: Fixture, rtHash: string): string {
  const h = createHash('sha256');
  h.update(toolchainVersion());
  if (fx.runtime) h.update(rtHash);
  h.update(JSON.stringify(compileArgs(fx, 'OUT').map((a) => a.replace(root, '<root>'))));
  hashFiles(h, [fx.source, ...runtimeHeaders]);
  return h.digest('hex');
}

function run(cmd: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, output }));
  });
}

export interface BuildReport {
  fixtures: Fixture[];
  built: string[];
  upToDate: string[];
  ms: number;
}

/** Writes `out` via a per-process temporary name and a rename, so an interrupted or concurrent
 *  build never leaves a half-written file that a hash file would vouch for. */
async function compileTo(args: (out: string) => string[], out: string): Promise<string | null> {
  const tmp = `${out}.${process.pid}.tmp`;
  const r = await run('clang', args(tmp));
  if (r.status !== 0) return `clang ${args(tmp).join(' ')}\n${r.output}`;
  renameSync(tmp, out);
  return null;
}

/** Compiles rt/start.S and rt/rt.c once into test/.build/diff/rt/ unless already current. */
async function buildRuntime(): Promise<string> {
  const hash = runtimeHash();
  const hashFile = join(buildDir, 'rt', 'runtime.hash');
  const current =
    runtimeObjects.every((o) => existsSync(o)) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash;
  if (current) return hash;
  mkdirSync(dirname(hashFile), { recursive: true });
  const errors = await Promise.all(
    runtimeSources.map((src, i) =>
      compileTo((out) => [...compileFlags, defaultOpt, `-I${rtDir}`, '-c', src, '-o', out], runtimeObjects[i]),
    ),
  );
  const failed = errors.filter((e): e is string => e !== null);
  if (failed.length > 0) throw new Error(`failed to build the fixtures' runtime:\n${failed.join('\n')}`);
  writeFileSync(hashFile, hash);
  return hash;
}

/** Builds every fixture that is missing or stale; throws with clang's message on any failure. */
export async function buildFixtures(): Promise<BuildReport> {
  const started = Date.now();
  toolchainVersion();
  mkdirSync(buildDir, { recursive: true });
  const rtHash = await buildRuntime();
  const fixtures = listFixtures();
  const built: string[] = [];
  const upToDate: string[] = [];
  const failures: string[] = [];
  const queue = [...fixtures];
  const worker = async (): Promise<void> => {
    for (let fx = queue.shift(); fx; fx = queue.shift()) {
      const hash = fixtureHash(fx, rtHash);
      const hashFile = `${fx.elf}.hash`;
      if (existsSync(fx.elf) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) {
        upToDate.push(fx.name);
        continue;
      }
      const error = await compileTo((out) => compileArgs(fx, out), fx.elf);
      if (error !== null) {
        failures.push(`${fx.name}: ${error}`);
        continue;
      }
      writeFileSync(hashFile, hash);
      built.push(fx.name);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  if (failures.length > 0) {
    throw new Error(`failed to build ${failures.length} differential fixture(s):\n${failures.join('\n')}`);
  }
  return { fixtures, built, upToDate, ms: Date.now() - started };
}
