// `oslab cc`: oslab's own compiler driver, with gcc's familiar flags. It compiles C (with
// oslab's libc headers), assembles `.s`, and links with `.o` and `.a` files and oslab's libc
// into static RV32 executables that run on oslab and on qemu-riscv32. Diagnostics are printed
// as file:line:col with the source line and a caret, and the exit status is 1, as cc's.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildExecutable, compileFile, inputKind, objectFileFor, preprocessFile, type InputFile } from '../sim/toolchain/driver';
import { UsageError } from './args';
import { buildOptions } from '../host/sysroot';

type Stage = 'preprocess' | 'assembly' | 'object' | 'link';

export interface CcArgs {
  readonly inputs: readonly string[];
  readonly output: string | null;
  readonly stage: Stage;
  readonly debug: boolean;
  readonly nostdlib: boolean;
  readonly warnings: boolean;
  readonly includeDirs: readonly string[];
  readonly defines: readonly { readonly name: string; readonly value: string }[];
  readonly undefines: readonly string[];
}

export const CC_HELP = `usage: oslab cc [-E|-S|-c] [-g] [-O0] [-nostdlib] [-o OUT] [-I DIR] [-D NAME[=VAL]] [-U NAME] FILE...

Compiles C (.c) and assembles (.s) sources, and links them with .o and .a files and oslab's
C library into a static RV32IMA executable (a.out unless -o), runnable with oslab run and
qemu-riscv32.

  -E            preprocess only, to stdout (or -o OUT)
  -S            compile to assembly: one .s per .c (or -o OUT for a single input)
  -c            compile or assemble only: one .o per source (or -o OUT for a single input)
  -g            debug information (DWARF), so the debugger shows source and variables
  -O0           no optimisation (the only level: other -O levels are accepted and ignored)
  -nostdlib     no start file and no libc: the program defines its own _start
  -o OUT        the output file (- for stdout)
  -I DIR        add DIR to the #include search path
  -D NAME[=VAL], -U NAME
                define (to 1 unless VAL) or undefine a macro
  -w            no warnings; -Wall, -Wextra, -std=c99/c11/gnu11 are accepted
`;

export function parseCcArgs(argv: readonly string[]): CcArgs {
  const inputs: string[] = [];
  const includeDirs: string[] = [];
  const defines: { name: string; value: string }[] = [];
  const undefines: string[] = [];
  let output: string | null = null;
  let stage: Stage = 'link';
  let debug = false;
  let nostdlib = false;
  let warnings = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string => {
      const attached = arg.slice(flag.length);
      if (attached) return attached;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (arg === '-E') stage = 'preprocess';
    else if (arg === '-S') stage = stage === 'preprocess' ? stage : 'assembly';
    else if (arg === '-c') stage = stage === 'link' ? 'object' : stage;
    else if (arg === '-g' || /^-g[0-3]$/.test(arg)) debug = arg !== '-g0';
    else if (/^-O[0-3sgz]?$/.test(arg)) continue;
    else if (arg === '-nostdlib') nostdlib = true;
    else if (arg === '-w') warnings = false;
    else if (/^-W[a-z-=]*$/.test(arg) || /^-std=(c|gnu)(89|90|99|11|17|18)$/.test(arg)) continue;
    else if (arg.startsWith('-o')) output = value('-o');
    else if (arg.startsWith('-I')) includeDirs.push(value('-I'));
    else if (arg.startsWith('-D')) {
      const def = value('-D');
      const eq = def.indexOf('=');
      defines.push({ name: eq < 0 ? def : def.slice(0, eq), value: eq < 0 ? '1' : def.slice(eq + 1) });
    } else if (arg.startsWith('-U')) undefines.push(value('-U'));
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' (see oslab cc --help)`);
    else inputs.push(arg);
  }
  if (inputs.length === 0) throw new UsageError('no input files (usage: oslab cc [options] FILE...)');
  if (stage !== 'link' && output !== null && inputs.length > 1) throw new UsageError(`-o with ${stageFlag(stage)} needs a single input file`);
  if (output !== null && inputs.some((input) => resolve(input) === resolve(output!))) {
    throw new UsageError(`refusing to overwrite input file '${output}' with the output`);
  }
  return { inputs, output, stage, debug, nostdlib, warnings, includeDirs, defines, undefines };
}

export function ccCommand(argv: readonly string[]): number {
  const args = parseCcArgs(argv);
  const files = args.inputs.map(readInput);
  const options = buildOptions({ ...args, onWarning: args.warnings ? printWarning : undefined });
  if (args.stage === 'link') {
    const { executable } = buildExecutable(files, options);
    writeOutput(args.output ?? 'a.out', executable, args.inputs);
    chmodSync(args.output ?? 'a.out', 0o755);
    return 0;
  }
  // Like cc, the compile-only stages skip inputs they have nothing to do with (.o, .a).
  for (const file of files.filter((f) => wantedAt(args.stage, f.path))) {
    if (args.stage === 'preprocess') {
      writeOutput(args.output ?? '-', preprocessFile(file, options), args.inputs);
    } else if (args.stage === 'assembly') {
      writeOutput(args.output ?? replaceExtension(file.path, '.s'), compileFile(file, options), args.inputs);
    } else {
      writeOutput(args.output ?? replaceExtension(file.path, '.o'), objectFileFor(file, options), args.inputs);
    }
  }
  return 0;
}

/** A compiler warning on stderr, as cc prints them. */
export function printWarning(warning: string): void {
  process.stderr.write(`${warning}\n`);
}

function wantedAt(stage: Stage, path: string): boolean {
  const kind = inputKind(path);
  return stage === 'object' ? kind === 'c' || kind === 'assembly' : kind === 'c';
}

function stageFlag(stage: Stage): string {
  return stage === 'preprocess' ? '-E' : stage === 'assembly' ? '-S' : '-c';
}

function replaceExtension(path: string, extension: string): string {
  return basename(path).replace(/\.[^.]*$/, '') + extension;
}

// An output that would land on one of the inputs (say `-S` next to a hand-written .s of the same
// name) is refused rather than silently overwritten.
function writeOutput(path: string, data: string | Uint8Array, inputs: readonly string[]): void {
  if (path === '-') {
    process.stdout.write(data);
    return;
  }
  if (inputs.some((input) => resolve(input) === resolve(path))) {
    throw new UsageError(`refusing to overwrite input file '${path}' with the output`);
  }
  writeFileSync(path, data);
}

export function readInput(path: string): InputFile {
  try {
    return { path, bytes: readFileSync(path) };
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
