// The C compiler's part of the bench: compile + assemble + link a generated 2,000-line C
// program against oslab's libc, in process and warm (target < 150 ms), with and without -g.
// The program has the shape learners write: structs, arrays, loops, switch, recursion, string
// handling and printf, spread over many small functions, with the libc headers included.

import { diskHost, loadSysroot } from '../host/sysroot';
import { buildExecutable, type BuildOptions } from '../sim/toolchain/driver';
import { fmtFixed, type Table } from './report';
import { time, type ToolchainTiming } from './toolchain';

/** About `lines` lines of C made of `unit`s, each a struct, a few functions and a table. */
export function generateCProgram(lines: number): string {
  const out = ['#include <stdio.h>', '#include <stdlib.h>', '#include <string.h>', ''];
  let n = 0;
  while (out.length < lines - 20) out.push(...unit(n++));
  out.push('int main(int argc, char **argv) {', '  long long total = 0;');
  for (let i = 0; i < n; i++) out.push(`  total += run${i}(argc + ${i});`);
  out.push('  printf("%lld\\n", total);', '  return argc > 100 ? 1 : 0;', '}');
  return out.join('\n') + '\n';
}

function unit(i: number): string[] {
  return [
    `struct item${i} { int id; char name[16]; unsigned flags; struct item${i} *next; };`,
    `static struct item${i} pool${i}[32];`,
    `static const int weights${i}[8] = { ${Array.from({ length: 8 }, (_, k) => (k * 7 + i) % 13).join(', ')} };`,
    '',
    `static int classify${i}(int x) {`,
    '  switch (x & 7) {',
    '  case 0: return 1;',
    '  case 1: case 2: return x * 3;',
    '  case 3: return x >> 1;',
    '  default: break;',
    '  }',
    `  return x % 5 + weights${i}[x & 7];`,
    '}',
    '',
    `static unsigned hash${i}(const char *s) {`,
    '  unsigned h = 2166136261u;',
    '  while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; }',
    '  return h;',
    '}',
    '',
    `static int fill${i}(int count) {`,
    '  int made = 0;',
    `  for (int k = 0; k < count && k < 32; k++) {`,
    `    struct item${i} *it = &pool${i}[k];`,
    '    it->id = k;',
    `    snprintf(it->name, sizeof it->name, "item%d-%d", ${i}, k);`,
    `    it->flags = hash${i}(it->name) & 0xff;`,
    `    it->next = k > 0 ? &pool${i}[k - 1] : NULL;`,
    '    made += it->flags > 127;',
    '  }',
    '  return made;',
    '}',
    '',
    `static long long walk${i}(const struct item${i} *it, int depth) {`,
    '  if (it == NULL || depth > 40) return 0;',
    `  return classify${i}(it->id) + (long long)it->flags * depth + walk${i}(it->next, depth + 1);`,
    '}',
    '',
    `long long run${i}(int seed) {`,
    `  int made = fill${i}(seed % 32 + 1);`,
    '  char *copy = malloc(64);',
    '  if (!copy) return -1;',
    `  strcpy(copy, pool${i}[0].name);`,
    `  long long result = walk${i}(&pool${i}[seed % 32], 0) + made + (long long)strlen(copy);`,
    '  free(copy);',
    '  return result;',
    '}',
    '',
  ];
}

export function benchCompile(lines: number, runs: number, sysrootDir: string): { timings: ToolchainTiming[]; table: Table } {
  const source = generateCProgram(lines);
  const file = { path: 'bench.c', bytes: new TextEncoder().encode(source) };
  const options: BuildOptions = { host: diskHost, sysroot: loadSysroot(sysrootDir) };
  const timings = [
    time('compile + assemble + link', runs, () => buildExecutable([file], options)),
    time('the same with -g', runs, () => buildExecutable([file], { ...options, debug: true })),
  ];
  return {
    timings,
    table: {
      title: `C compiler in process, warm: a generated ${source.split('\n').length - 1}-line C program with libc headers, ${runs} runs`,
      head: ['step', 'median ms', 'min ms', 'target'],
      align: ['left', 'right', 'right', 'left'],
      rows: timings.map((t, i) => [t.step, fmtFixed(t.medianMs, 1), fmtFixed(t.minMs, 1), i === 0 ? `< 150 ms ${t.medianMs < 150 ? '✓' : '✗'}` : '']),
    },
  };
}
