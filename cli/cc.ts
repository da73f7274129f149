// `oslab cc`: oslab's own compiler driver, with the familiar flags. Today it assembles `.s`
// files and links them with `.o` and `.a` files into static RV32 executables that run on oslab
// and on qemu-riscv32; C sources arrive with the C compiler. Diagnostics are printed as
// file:line:col with the source line and a caret, and the exit status is 1, as cc does.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { assembleToObjectFile, buildExecutable, inputKind, type InputFile } from '../sim/toolchain/driver';
import { UsageError } from './args';

export interface CcArgs {
  readonly inputs: readonly string[];
  readonly output: string | null;
  readonly compileOnly: boolean;
  readonly assemblyOnly: boolean;
  readonly debug: boolean;
  readonly nostdlib: boolean;
  /** -I and -D: for the preprocessor, which C and .S sources will need; .s files ignore them, as with gcc. */
  readonly includeDirs: readonly string[];
  readonly defines: ReadonlyMap<string, string>;
}

export const CC_HELP = `usage: oslab cc [-c] [-S] [-g] [-nostdlib] [-o OUT] [-I DIR] [-D NAME[=VAL]] FILE...

Assembles .s files and links them with .o and .a files into a static RV32IMA executable
(a.out unless -o), runnable with oslab run and qemu-riscv32. C sources arrive with oslab's
C compiler.

  -c            assemble only: one .o per .s (or -o OUT for a single input)
  -S            compile C to assembly (needs C sources)
  -g            debug line tables, so the debugger steps through the assembly
  -nostdlib     no start file: the program defines its own _start
                (a program that defines _start never gets the start file anyway)
  -o OUT        the output file
  -I DIR, -D NAME[=VAL]
                preprocessor options for C and .S sources
`;

export function parseCcArgs(argv: readonly string[]): CcArgs {
  const inputs: string[] = [];
  const includeDirs: string[] = [];
  const defines = new Map<string, string>();
  let output: string | null = null;
  let compileOnly = false;
  let assemblyOnly = false;
  let debug = false;
  let nostdlib = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string => {
      const attached = arg.slice(flag.length);
      if (attached) return attached;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (arg === '-c') compileOnly = true;
    else if (arg === '-S') assemblyOnly = true;
    else if (arg === '-g') debug = true;
    else if (arg === '-nostdlib') nostdlib = true;
    else if (arg.startsWith('-o')) output = value('-o');
    else if (arg.startsWith('-I')) includeDirs.push(value('-I'));
    else if (arg.startsWith('-D')) {
      const def = value('-D');
      const eq = def.indexOf('=');
      defines.set(eq < 0 ? def : def.slice(0, eq), eq < 0 ? '1' : def.slice(eq + 1));
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' (see oslab cc --help)`);
    else inputs.push(arg);
  }
  if (inputs.length === 0) throw new UsageError('no input files (usage: oslab cc [options] FILE...)');
  if (compileOnly && output !== null && inputs.length > 1) throw new UsageError('-o with -c needs a single input file');
  if (output !== null && inputs.some((input) => resolve(input) === resolve(output!))) {
    throw new UsageError(`refusing to overwrite input file '${output}' with the output`);
  }
  return { inputs, output, compileOnly, assemblyOnly, debug, nostdlib, includeDirs, defines };
}

export function ccCommand(argv: readonly string[]): number {
  const args = parseCcArgs(argv);
  if (args.assemblyOnly) throw new UsageError('-S turns C into assembly; there are no C sources among the inputs yet (the C compiler arrives with Toolchain II)');
  const files = args.inputs.map(readInput);
  if (args.compileOnly) {
    for (const file of files) {
      if (inputKind(file.path) !== 'assembly') continue; // like cc: .o/.a inputs are not used with -c
      const out = args.output ?? basename(file.path).replace(/\.s$/, '') + '.o';
      writeFileSync(out, assembleToObjectFile(file, { debug: args.debug }));
    }
    return 0;
  }
  const { executable } = buildExecutable(files, { debug: args.debug, nostdlib: args.nostdlib });
  const out = args.output ?? 'a.out';
  writeFileSync(out, executable);
  chmodSync(out, 0o755);
  return 0;
}

export function readInput(path: string): InputFile {
  try {
    return { path, bytes: readFileSync(path) };
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
