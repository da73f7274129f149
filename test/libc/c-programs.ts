// Builds the libc's C test programs (test/libc/c/NAME.c) with clang against oslab's libc and
// runs them on qemu-riscv32, the Linux oracle, or on oslab's own machine. The libc is the
// clang-compiled build unless a test asks for the one oslab's own compiler builds (what
// `npm run build` ships), so most tests check the library, not the compiler.

import { join } from 'node:path';
import { buildWithClang } from '../support/libc';
import { runInProcess } from '../support/machine-run';
import { runQemu, type RunOptions, type RunResult } from '../support/qemu';

export const cProgramDir = join(__dirname, 'c');
const outDir = join(__dirname, '..', '.build', 'libc-c-tests');

export type LibcCompiler = 'clang' | 'oslab';

export function buildCProgram(name: string, libc: LibcCompiler = 'clang'): string {
  return buildWithClang([join(cProgramDir, `${name}.c`)], join(outDir, libc, `${name}.elf`), [], libc);
}

export function runCProgram(name: string, options: RunOptions = {}, libc: LibcCompiler = 'clang'): Promise<RunResult> {
  return runQemu(buildCProgram(name, libc), options);
}

/** The same program on oslab's simulated machine; status as qemu reports it (128+N for signal N). */
export async function runCProgramOnOslab(name: string, args: string[] = [], stdin = ''): Promise<RunResult> {
  const started = Date.now();
  const run = await runInProcess(buildCProgram(name), {}, args, stdin);
  const status = run.exit.kind === 'signaled' ? 128 + run.exit.signal : run.exit.code;
  return { stdout: run.stdout, stderr: run.stderr, status, ms: Date.now() - started };
}
