// Robustness: random soups of directives, macro syntax, literals and stray characters, and input
// nested 10,000 deep, never make the tokenizer or preprocessor throw a JavaScript exception —
// only diagnostics (and CompileAbort once there are too many errors, or to refuse absurd
// nesting), so the editor's compiler survives any half-typed file.

import { expect, it } from 'vitest';
import { run } from './preprocess-support';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { CompileAbort } from '../../../sim/toolchain/cc/diagnostics';
import { preprocess, preprocessedText } from '../../../sim/toolchain/cc/preprocess';

const PIECES = ['#', '\n#', '\n', 'define', 'undef', 'if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'include', 'line', 'error',
  'pragma', 'once', 'f', 'g', 'x', '(', ')', ',', '...', '__VA_ARGS__', '__VA_OPT__', '##', '"a.h"', '<', '>', 'a.h', '1', '0',
  '0x', '1/0', 'defined', '__has_include', "'", '"', '/*', '*/', '//', '\\', '\\\n', '__LINE__', '__FILE__', '_Pragma', '1e+',
  'L"', '@', ' ', '?', ':', '-', '<<', '2147483648', '99999999999999999999', "'ab'", "'\\x'", 'é'];

const HEADERS = new Map([['a.h', '#define f(x) x\n#if 1\nf(\n'], ['b.h', '#include "b.h"\n#include "a.h"\n#endif\n']]);

it('turns random input into diagnostics, never exceptions', () => {
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let iteration = 0; iteration < 1500; iteration++) {
    let text = '';
    for (let i = 5 + random(60); i > 0; i--) text += PIECES[random(PIECES.length)] + (random(3) === 0 ? ' ' : '');
    const ctx = new CompileContext({
      file: 'm.c', text, host: { readFile: (path) => HEADERS.get(path) ?? null }, defines: [{ name: 'Z', value: random(2) ? '(' : 'f(' }],
    });
    try {
      preprocessedText(ctx, preprocess(ctx));
    } catch (e) {
      if (!(e instanceof CompileAbort)) expect.fail(`${JSON.stringify(text)} threw ${String(e)}`);
    }
  }
});

it('refuses absurd nesting with a diagnostic instead of exhausting the stack', () => {
  const deep = (s: string) => s.repeat(10_000);
  const outcome = (text: string) => {
    try {
      return run(text).errors[0] ?? 'no error';
    } catch (e) {
      if (e instanceof CompileAbort) return 'aborted';
      throw e;
    }
  };
  expect(outcome(`#if ${deep('(')}1${deep(')')}\n#endif`)).toContain('main.c:1:261: error: #if expression nested more than 256 deep');
  expect(outcome(`#if ${deep('- ')}1\n#endif`)).toContain('#if expression nested more than 256 deep');
  expect(outcome(`#define F(v) v\nF(${deep('F(')}1${deep(')')})`)).toBe('aborted');
  expect(outcome(`${deep('#if 1\n')}int v;\n${deep('#endif\n')}`)).toBe('no error');
  const chain = Array.from({ length: 10_000 }, (_, i) => `#define M${i} M${i + 1}\n`).join('');
  expect(run(`${chain}#define M10000 1\nM0`).text).toBe('1');
});
