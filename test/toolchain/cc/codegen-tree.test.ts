// Codegen from hand-built trees: each test builds the tree the parser would for a small
// function, compiles it with our codegen and calls it from clang-compiled C on qemu-riscv32
// and oslab, so the node kinds are pinned even without the front end.

import { describe, expect, it } from 'vitest';
import { INT, LLONG } from '../../../sim/toolchain/cc/types';
import { assign, binary, buildProgram, call, cast, defineFunction, exprStmt, fnType, generateUnit, global, local, num, ref, ret, runBoth } from './codegen-support';

describe('codegen from typed trees', () => {
  it('computes with parameters, locals and calls', async () => {
    const f = global('mix', fnType(INT, [INT, INT]));
    const a = local('a', INT, 'param');
    const b = local('b', INT, 'param');
    const x = local('x', INT);
    const mix = defineFunction(f, [a, b], [x], [
      exprStmt(assign(ref(x), binary('mul', ref(a), ref(b)))),
      ret(binary('add', ref(x), binary('sub', ref(a), num(1)))),
    ]);
    const g = global('wide', fnType(LLONG, [LLONG, INT]));
    const p = local('p', LLONG, 'param');
    const q = local('q', INT, 'param');
    // wide(p, q) = p * p + (long long)mix(q, 3)
    const wide = defineFunction(g, [p, q], [], [ret(binary('add', binary('mul', ref(p), ref(p)), cast(call(f, [ref(q), num(3)]), LLONG)))]);
    const asm = generateUnit({ functions: [mix, wide], globals: [], externs: [] });
    const elf = await buildProgram('tree-basic', {
      assembly: { 'basic.s': asm },
      clang: {
        'main.c': `#include "rt.h"
int mix(int, int); long long wide(long long, int);
int main(void) {
  check_eq("mix", mix(6, 7), 47);
  check_eq64("wide", wide(0x100000001LL, 2), 0x200000001LL + 6 + 1);
  return check_summary();
}`,
      },
    });
    const run = await runBoth(elf);
    expect(run.stdout).not.toContain('FAIL');
    expect(run.status).toBe(0);
    expect(run.oslab).toEqual({ stdout: run.stdout, status: 0 });
  });
});
