// The compiler on broken input: seeded mutations of the course's seed programs and of generated
// programs, plus inputs nested 10,000 deep, must each either compile or be refused with a
// `file:line:col: error:` diagnostic (a ToolchainError) — never another exception, never a stack
// overflow, never a hang. Cases run in a child process (test/support/random-c/compile-runner.ts)
// so each one can be time-bound. Also: the seed programs compile with no diagnostic at all.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CompileCase, CompileReport } from '../../support/random-c/compile-runner';
import { deepInputs, mutate } from '../../support/random-c/mutate';
import { generateProgram } from '../../support/random-c/program';
import { Dice } from '../../support/random-c/random';

const root = join(__dirname, '..', '..', '..');
const outDir = join(root, 'test', '.build', 'mutate');
const runnerPath = join(outDir, 'runner.cjs');
const includeDir = join(root, 'sim', 'libc', 'include');
const seedDir = join(root, 'examples', 'course');
const SEED_PROGRAMS = ['test.c', 'fork-demo.c', 'socket-server.c'];
const MUTANTS_PER_PROGRAM = 30;
/** CPU seconds far above any honest compile of these inputs: only a hang takes this long. */
const CASE_CPU_SECONDS = 20;

beforeAll(() => {
  mkdirSync(outDir, { recursive: true });
  buildSync({ entryPoints: [join(root, 'test', 'support', 'random-c', 'compile-runner.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: runnerPath, logLevel: 'error' });
});

type Result = { readonly case: CompileCase } & ({ readonly report: CompileReport } | { readonly hung: true } | { readonly died: string });

/** Runs the cases in child processes; a hang or a dead process costs one case, then the rest go on. */
async function compileAll(cases: readonly CompileCase[]): Promise<Result[]> {
  const results: Result[] = [];
  while (results.length < cases.length) {
    const rest = cases.slice(results.length);
    const casesPath = join(outDir, 'cases.json');
    writeFileSync(casesPath, JSON.stringify(rest));
    const { reports, ending } = await runChild(casesPath);
    for (const report of reports) results.push({ case: rest[report.index], report });
    if (ending !== 'done' && results.length < cases.length) {
      const c = cases[results.length];
      results.push(ending === 'hung' ? { case: c, hung: true } : { case: c, died: ending });
    }
  }
  return results;
}

/** User + system CPU seconds a process has used so far (Linux /proc), 0 once it is gone. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14 and 15 of stat(5), counted from the state field (3).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

function runChild(casesPath: string): Promise<{ reports: CompileReport[]; ending: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runnerPath, casesPath, includeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reports: CompileReport[] = [];
    let buffered = '';
    let stderr = '';
    let hung = false;
    // CPU time, not wall-clock time, bounds a case: the machine may be busy with other work.
    let cpuAtLastReport = 0;
    const arm = (): void => {
      cpuAtLastReport = cpuSeconds(child.pid);
    };
    const timer = setInterval(() => {
      if (cpuSeconds(child.pid) - cpuAtLastReport > CASE_CPU_SECONDS) {
        hung = true;
        child.kill('SIGKILL');
      }
    }, 250);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) reports.push(JSON.parse(line) as CompileReport);
      arm();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const ending = hung ? 'hung' : code === 0 ? 'done' : `the compiler process died (${signal ?? `exit ${code}`}): ${stderr.slice(0, 400)}`;
      resolve({ reports, ending });
    });
  });
}

const DIAGNOSTIC = /^[^\n:]+:\d+:\d+: error: /m;

/** Why a result is unacceptable, or null; the offending input is saved for a rerun. */
function problem(result: Result, index: number): string | null {
  let why: string | null = null;
  if ('hung' in result) why = `used more than ${CASE_CPU_SECONDS} s of CPU (a hang?)`;
  else if ('died' in result) why = result.died;
  else if (result.report.outcome.kind === 'crashed') why = `threw instead of reporting a diagnostic: ${result.report.outcome.message}`;
  else if (result.report.outcome.kind === 'diagnosed' && !DIAGNOSTIC.test(result.report.outcome.message)) {
    why = `diagnostic without the file:line:col: error: shape: ${JSON.stringify(result.report.outcome.message.slice(0, 300))}`;
  }
  if (why === null) return null;
  const saved = join(outDir, `case-${index}.c`);
  writeFileSync(saved, result.case.text);
  return `${result.case.file}, ${result.case.name} (input saved as ${saved}): ${why}`;
}

function mutants(file: string, text: string, seed: number): CompileCase[] {
  const dice = new Dice(seed);
  return Array.from({ length: MUTANTS_PER_PROGRAM }, () => ({ file, ...mutate(text, dice) }));
}

describe("oslab's compiler on broken input", () => {
  test('mutated programs compile or get a file:line:col: error: diagnostic', async () => {
    const bases = [
      ...SEED_PROGRAMS.map((name) => ({ file: join('examples', 'course', name), text: readFileSync(join(seedDir, name), 'utf8') })),
      ...[1, 2].map((seed) => ({ file: `random-${seed}.c`, text: generateProgram(seed) })),
    ];
    const cases = bases.flatMap((base, i) => mutants(base.file, base.text, 1000 + i));
    const results = await compileAll(cases);
    expect(results.map(problem).filter((p) => p !== null)).toEqual([]);
    expect(results.some((r) => 'report' in r && r.report.outcome.kind === 'diagnosed')).toBe(true);
  }, 600_000);

});

// Input nested far past any real program: the parser refuses it beyond its nesting limit with a
// diagnostic instead of overflowing the host's stack.
describe("oslab's compiler on input nested 10,000 deep", () => {
  const inputs = deepInputs();
  let results: Promise<Result[]> | undefined;
  const all = (): Promise<Result[]> => (results ??= compileAll(inputs.map((d) => ({ file: 'deep.c', ...d }))));

  test.each(inputs.map((input, i) => [input.name, i] as const))('%s: a diagnostic or success, not a stack overflow', async (name, i) => {
    expect(problem((await all())[i], 1000 + i), name).toBeNull();
  }, 600_000);
});

describe('the seed programs of the course', () => {
  test.each(SEED_PROGRAMS)('%s compiles without any diagnostic', async (name) => {
    const file = join('examples', 'course', name);
    const [result] = await compileAll([{ name, file, text: readFileSync(join(seedDir, name), 'utf8') }]);
    expect('report' in result ? result.report.outcome : result).toEqual({ kind: 'compiled', warnings: [] });
  }, 120_000);
});
