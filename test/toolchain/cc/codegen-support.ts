// Helpers for the codegen tests: a small builder for typed trees (the parser's output shape,
// for tests that pin one node kind exactly) and a harness that assembles our output, links it
// with clang-compiled C (the differential runtime's start.S/rt.c plus test code) using oslab's
// linker, and runs the program on qemu-riscv32 and on oslab's own machine.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../../sim/toolchain/asm';
import type { Expr, FunctionDefinition, GlobalVariable, LocalVariable, Stmt, TranslationUnit } from '../../../sim/toolchain/cc/ast';
import { generate } from '../../../sim/toolchain/cc/codegen';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { compileToAssembly } from '../../../sim/toolchain/cc';
import type { SourceFile, SourceLocation } from '../../../sim/toolchain/cc/token';
import { INT, pointerTo, type CType, type FunctionType } from '../../../sim/toolchain/cc/types';
import { inputFromBytes, link, type LinkInput, type LinkOptions } from '../../../sim/toolchain/link';
import { fixtureDir } from '../../support/build-fixtures';
import { runInProcess } from '../../support/machine-run';
import { runQemu, type RunResult } from '../../support/qemu';
import { compileObject, compileText } from '../link/support';

export const rtDir = join(fixtureDir, 'rt');
const outDir = join(fixtureDir, '..', '..', '.build', 'cc');
const file: SourceFile = { name: 'built.c', path: 'built.c', text: '\n'.repeat(100), id: 1, system: false };

export function at(line: number): SourceLocation {
  return { file, line, column: 1 };
}
const loc = at(1);

export function fnType(returnType: CType, params: readonly CType[], variadic = false): FunctionType {
  return { kind: 'function', returnType, params: params.map((type) => ({ name: null, type })), variadic, prototyped: true };
}

export function local(name: string, type: CType, kind: 'local' | 'param' = 'local'): LocalVariable {
  return { kind, name, type, loc };
}

export function global(name: string, type: CType, internal = false): GlobalVariable {
  return { kind: type.kind === 'function' ? 'function' : 'global', name, type, loc, symbol: name, internal };
}

export const num = (value: number | bigint, type: CType = INT): Expr => ({ kind: 'num', value: BigInt(value), type, loc });
export const ref = (variable: LocalVariable | GlobalVariable): Expr => ({ kind: 'var', variable, type: variable.type, loc });
export const cast = (operand: Expr, type: CType): Expr => ({ kind: 'cast', operand, type, loc });
export const addr = (operand: Expr): Expr => ({ kind: 'addr', operand, type: pointerTo(operand.type), loc });
export const assign = (target: Expr, value: Expr): Expr => ({ kind: 'assign', target, value, type: target.type, loc });
export function binary(op: Expr & { kind: 'binary' } extends { op: infer O } ? O : never, lhs: Expr, rhs: Expr, type?: CType): Expr {
  const comparison = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
  return { kind: 'binary', op, lhs, rhs, type: type ?? (comparison ? INT : lhs.type), loc };
}
export function call(callee: GlobalVariable, args: readonly Expr[], returnBuffer: LocalVariable | null = null): Expr {
  const functionType = callee.type as FunctionType;
  return { kind: 'call', callee: addr(ref(callee)), functionType, args, returnBuffer, type: functionType.returnType, loc };
}

export const exprStmt = (expr: Expr, line = 1): Stmt => ({ kind: 'expr', expr, loc: at(line) });
export const ret = (value: Expr | null, line = 1): Stmt => ({ kind: 'return', value, loc: at(line) });
export const block = (body: readonly Stmt[]): Stmt & { kind: 'block' } => ({ kind: 'block', body, scope: null, loc });

export function defineFunction(variable: GlobalVariable, params: readonly LocalVariable[], locals: readonly LocalVariable[], body: readonly Stmt[]): FunctionDefinition {
  return {
    variable,
    type: variable.type as FunctionType,
    params,
    locals,
    body: block(body),
    scope: { variables: [...params, ...locals], children: [] },
    endLoc: at(99),
  };
}

export function generateUnit(unit: TranslationUnit, debug = false): string {
  const ctx = new CompileContext({ file: 'built.c', host: { readFile: () => null }, debug });
  return generate(ctx, unit).text;
}

export const abiDir = join(fixtureDir, '..', 'abi');
const libcDir = join(fixtureDir, '..', '..', '..', 'sim', 'libc');
/** libc's 64-bit division helpers, which code from either compiler may call. */
export const int64Helpers = readFileSync(join(libcDir, 'src', 'c', 'runtime', 'int64-arith.c'), 'utf8');

/** Our compiler, a C file from disk to assembly (the whole pipeline), with the fixtures' include directories. */
export function ourAssembly(path: string, debug = false): string {
  const host = { readFile: (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : null) };
  return compileToAssembly({ file: path, host, includeDirs: [abiDir, rtDir], systemIncludeDirs: [join(libcDir, 'include')], debug }).assembly;
}

export function fixture(name: string): string {
  return readFileSync(join(abiDir, name), 'utf8');
}

export interface ProgramParts {
  /** Assembly our compiler produced, by file name. */
  readonly assembly?: Readonly<Record<string, string>>;
  /** C compiled by clang (-O0 unless flags say otherwise), by file name. */
  readonly clang?: Readonly<Record<string, string>>;
  readonly clangFlags?: readonly string[];
}

/** Links the parts with the differential runtime (start.S, rt.c) using oslab's assembler and linker. */
export async function buildProgram(name: string, parts: ProgramParts, options: LinkOptions = {}, runtime = true): Promise<string> {
  const inputs: LinkInput[] = [];
  for (const source of runtime ? [join(rtDir, 'start.S'), join(rtDir, 'rt.c')] : []) {
    const object = await compileObject(source, ['-O1'], [rtDir]);
    inputs.push(inputFromBytes(object, readFileSync(object)));
  }
  for (const [fileName, text] of Object.entries(parts.clang ?? {})) {
    const object = await compileText(fileName, text, ['-O0', ...(parts.clangFlags ?? [])], [abiDir, rtDir]);
    inputs.push(inputFromBytes(object, readFileSync(object)));
  }
  for (const [fileName, text] of Object.entries(parts.assembly ?? {})) {
    inputs.push({ kind: 'object', object: assemble(text, { file: fileName }).object });
  }
  const { executable } = link(inputs, options);
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.elf`);
  writeFileSync(path, executable, { mode: 0o755 });
  return path;
}

/** Runs on qemu-riscv32 and on oslab's machine; both must agree (the result is qemu's). */
export async function runBoth(elf: string, args: readonly string[] = [], stdin = ''): Promise<RunResult & { oslab: { stdout: string; status: number } }> {
  const [qemu, ours] = await Promise.all([runQemu(elf, { args, stdin }), runInProcess(elf, {}, [...args], stdin)]);
  const status = ours.exit.kind === 'exited' ? ours.exit.code : 128 + (ours.exit.kind === 'signaled' ? ours.exit.signal : 0);
  // qemu's output is read as latin1 bytes; re-encode oslab's decoded text the same way.
  return { ...qemu, oslab: { stdout: Buffer.from(ours.stdout, 'utf8').toString('latin1'), status } };
}
