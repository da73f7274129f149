// Broken C never crashes the compiler: real programs from test/fixtures/cc with tokens deleted,
// duplicated, swapped or replaced must give diagnostics (or compile), never a JavaScript
// exception or a hang, and every error carries a location inside a file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { CompileAbort } from '../../../sim/toolchain/cc/diagnostics';
import { parse } from '../../../sim/toolchain/cc/parse';
import { preprocess } from '../../../sim/toolchain/cc/preprocess';
import type { Token } from '../../../sim/toolchain/cc/token';
import { programsDir } from '../../support/cc-programs';

const PROGRAMS = ['algo-rpn', 'struct-basic', 'ptr-arith', 'switch-basic', 'compound-literal', 'funcptr-table', 'funcptr-variadic', 'algo-hash-table'];
const REPLACEMENTS = ['(', ')', '{', '}', ';', ',', '*', '=', '[', ']', 'int', 'struct', 'return', 'sizeof', '.', '->', '?', ':'];

function context(name: string): CompileContext {
  const path = join(programsDir, `${name}.c`);
  const readFile = (p: string): string | null => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  };
  return new CompileContext({ file: path, host: { readFile }, includeDirs: [programsDir], systemIncludeDirs: [join(__dirname, '../../../sim/libc/include')] });
}

// A small deterministic generator, so a failure names a reproducible seed.
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function mutate(tokens: readonly Token[], seed: number): Token[] {
  const next = random(seed);
  const out = tokens.slice(0, -1);
  for (let n = 0; n < 1 + Math.floor(next() * 3); n++) {
    const i = Math.floor(next() * out.length);
    const choice = Math.floor(next() * 4);
    if (choice === 0) out.splice(i, 1);
    else if (choice === 1) out.splice(i, 0, out[i]);
    else if (choice === 2 && i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1], out[i]];
    else {
      const text = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
      out[i] = { ...out[i], text, kind: /^[a-z]/.test(text) ? 'keyword' : 'punct' };
    }
  }
  out.push(tokens[tokens.length - 1]);
  return out;
}

describe('mutated programs give diagnostics, never exceptions', () => {
  for (const name of PROGRAMS) {
    test(name, () => {
      const clean = context(name);
      const tokens = preprocess(clean);
      expect(clean.diag.errors).toEqual([]);
      parse(clean, tokens);
      expect(clean.diag.errors.map((e) => e.message)).toEqual([]);
      for (let seed = 1; seed <= 25; seed++) {
        const ctx = context(name);
        const mutated = mutate(tokens, seed * 7919 + name.length);
        try {
          parse(ctx, mutated);
        } catch (e) {
          if (!(e instanceof CompileAbort)) throw new Error(`seed ${seed}: ${String((e as Error).stack)}`);
        }
        for (const error of ctx.diag.errors) expect(error.line, `seed ${seed}`).toBeGreaterThan(0);
      }
    });
  }
});
