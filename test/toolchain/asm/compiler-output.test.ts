// The real-world check: clang's own assembly output for every C fixture (-O1, and -g at -O0 and
// -O2), and the hand-written .S fixtures after the preprocessor, assembled by us and by clang's
// integrated assembler / llvm-mc. Every section they emit must have the same bytes and the same
// relocations (for debug sections, relocations are compared by what they point at: llvm-mc names
// some through unnamed temporaries where we use the section symbol). Sections we deliberately do
// not produce: .riscv.attributes (.attribute), .debug_frame (.cfi_*), .comment (.ident),
// .llvm_addrsig (.addrsig).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../../sim/toolchain/asm';
import {
  clangObject, clangToAssembly, hex, llvmMcCached, normalize, parallelMap, preprocess, relocationLines,
  type NormalizedObject,
} from './support';

const fixtureDir = join(__dirname, '..', '..', 'fixtures', 'diff');
const rtDir = join(fixtureDir, 'rt');
const cFiles = readdirSync(fixtureDir).filter((f) => f.endsWith('.c')).sort();
const sFiles = [...readdirSync(fixtureDir).filter((f) => f.endsWith('.S')).sort().map((f) => join(fixtureDir, f)), join(rtDir, 'start.S')];
const C_FLAGS = ['-ffreestanding', '-fno-builtin', `-I${rtDir}`];
// A spread of fixtures for the (slower) -g variants: small and large, loops, switches, structs.
const DEBUG_SAMPLE = ['algo_sort.c', 'algo_vm.c', 'c_structs.c', 'c_switch.c', 'c_varargs.c', 'c_int64.c', 'heap_lists.c', 'sys_misc.c'];

const NOT_PRODUCED = new Set(['.riscv.attributes', '.debug_frame', '.comment', '.llvm_addrsig']);

interface Case {
  readonly name: string;
  readonly source: string;
  readonly theirs: NormalizedObject;
  readonly options: { file: string; debugLines?: boolean; compDir?: string; producer?: string };
}

/** Differences between our object and theirs, one line per mismatch (empty when identical). */
function differences(c: Case): string[] {
  let ours: NormalizedObject;
  try {
    ours = normalize(assemble(c.source, c.options).object);
  } catch (e) {
    return [`${c.name}: ${(e as Error).message.split('\n').slice(0, 6).join('\n')}`];
  }
  const problems: string[] = [];
  for (const [name, theirs] of c.theirs.sections) {
    if (NOT_PRODUCED.has(name)) continue;
    const mine = ours.sections.get(name);
    if (!mine) {
      problems.push(`${c.name}: no section ${name}`);
      continue;
    }
    if (mine.size !== theirs.size || hex(mine.bytes).join(' ') !== hex(theirs.bytes).join(' ')) problems.push(`${c.name}: ${name} bytes differ`);
    const resolved = name.startsWith('.debug');
    const a = relocationLines(mine, resolved);
    const b = relocationLines(theirs, resolved);
    if (a.join('\n') !== b.join('\n')) {
      const at = a.findIndex((line, i) => line !== b[i]);
      problems.push(`${c.name}: ${name} relocation ${at}: ours ${a[at] ?? '(none)'}, theirs ${b[at] ?? '(none)'}`);
    }
  }
  return problems;
}

function suite(title: string, build: () => Promise<Case[]>) {
  describe(title, () => {
    let cases: Case[] = [];
    beforeAll(async () => {
      cases = await build();
    }, 600_000);
    it('matches section for section, byte for byte', () => {
      expect(cases.length).toBeGreaterThan(0);
      expect(cases.flatMap(differences)).toEqual([]);
    });
  });
}

async function compiled(file: string, flags: readonly string[]): Promise<Case> {
  const source = await clangToAssembly(join(fixtureDir, file), [...C_FLAGS, ...flags]);
  return { name: `${file} ${flags.join(' ')}`, source, theirs: await clangObject(source), options: { file } };
}

suite('clang -S -O1 of every C fixture', () => parallelMap(cFiles, (f) => compiled(f, ['-O1'])));
suite('clang -S -g -O0 of a sample', () => parallelMap(DEBUG_SAMPLE, (f) => compiled(f, ['-g', '-O0'])));
suite('clang -S -g -O2 of a sample', () => parallelMap(DEBUG_SAMPLE, (f) => compiled(f, ['-g', '-O2'])));

async function handWritten(path: string, debug: boolean): Promise<Case> {
  const source = await preprocess(path, [`-I${rtDir}`]);
  const { object, file, compDir } = await llvmMcCached(source, debug ? ['-g'] : []);
  const options = debug ? { file, debugLines: true, compDir, producer: 'llvm-mc (based on LLVM 14.0.6)' } : { file };
  return { name: `${path.slice(fixtureDir.length + 1)}${debug ? ' -g' : ''}`, source, theirs: object, options };
}

suite('hand-written .S fixtures (macros, .rept, .pushsection) against llvm-mc', () => parallelMap(sFiles, (p) => handWritten(p, false)));
suite('hand-written .S fixtures with debugLines against llvm-mc -g', () => parallelMap(sFiles, (p) => handWritten(p, true)));
