// `-g` on a spread of the C feature programs (test/fixtures/cc): each object must pass
// llvm-dwarfdump --verify, and describe every function's parameters and variables with the
// types and the lexical-block nesting clang -g gives the same file. (The whole directory passes
// the same check except for restrict, which the type model does not carry, and a static local
// declared in a nested block, which clang hoists to the function and we keep in its block.)

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import { compileToAssembly } from '../../../sim/toolchain/cc';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { diskHost, libcIncludeDir } from '../../support/libc';
import { functionShapes, scratchPath, variableTypes, verifyProblems } from './debug-info-support';

const dir = join(__dirname, '..', '..', 'fixtures', 'cc');
const SAMPLE = [
  'algo-hash-table.c', 'algo-sort.c', 'array-param-2d.c', 'enum.c', 'funcptr-callback.c', 'goto.c', 'local-init.c',
  'scope-shadow.c', 'string-memcpy.c', 'struct-basic.c', 'typedef.c', 'union.c', 'variadic-int.c', 'bitfield-pte.c',
  'bitfield-semantics.c', 'param-scope.c',
];

function ours(file: string): string {
  const path = join(dir, file);
  const { assembly } = compileToAssembly({ file: path, debug: true, compDir: dir, includeDirs: [dir], systemIncludeDirs: [libcIncludeDir], host: diskHost });
  const objectPath = scratchPath(file.replace(/\.c$/, '.o'));
  writeFileSync(objectPath.replace(/\.o$/, '.s'), assembly);
  writeFileSync(objectPath, writeObject(assemble(assembly, { file }).object));
  return objectPath;
}

function clangs(file: string): string {
  const objectPath = scratchPath(file.replace(/\.c$/, '.clang.o'));
  execFileSync('clang', [
    '--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-mno-relax', '-nostdinc', '-ffreestanding', '-fno-builtin',
    '-O0', '-g', '-gdwarf-4', '-isystem', libcIncludeDir, '-I', dir, '-c', join(dir, file), '-o', objectPath,
  ], { stdio: 'pipe' });
  return objectPath;
}

// Variables and blocks only: we have no addresses for goto labels (DW_TAG_label), and where
// inside a function a local type's entry sits is no concern of a debugger.
function scopesOnly(shape: readonly string[]): string[] {
  const out: string[] = [];
  let skipDeeperThan = -1;
  for (const line of shape) {
    const depth = line.length - line.trimStart().length;
    if (skipDeeperThan >= 0 && depth > skipDeeperThan) continue;
    skipDeeperThan = -1;
    if (/DW_TAG_(formal_parameter|variable|lexical_block)\b|NULL/.test(line)) out.push(line);
    else skipDeeperThan = depth;
  }
  return out;
}

describe.each(SAMPLE)('%s with -g', (file) => {
  it('passes llvm-dwarfdump --verify and matches clang’s variables, types and scopes', () => {
    const mine = ours(file);
    const reference = clangs(file);
    expect(verifyProblems(mine)).toBe('');
    const types = variableTypes(mine);
    expect(types.size).toBeGreaterThan(0);
    expect(Object.fromEntries(types)).toEqual(Object.fromEntries(variableTypes(reference)));
    const shapes = (path: string) => Object.fromEntries([...functionShapes(path)].map(([fn, s]) => [fn, scopesOnly(s)]));
    expect(shapes(mine)).toEqual(shapes(reference));
  });
});
