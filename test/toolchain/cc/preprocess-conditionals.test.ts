// Conditional inclusion (C11 6.10.1): #if/#ifdef/#ifndef/#elif/#else/#endif, `defined`,
// `__has_include`, and #if arithmetic in intmax_t/uintmax_t with gcc's results.

import { describe, expect, it } from 'vitest';
import { expand, run } from './preprocess-support';

const truthOf = (condition: string, files?: Record<string, string>): string =>
  expand(`#if ${condition}\nyes\n#else\nno\n#endif`, { files });

describe('conditional groups', () => {
  it('takes the first true branch only', () => {
    const source = (n: number) => `#define N ${n}\n#if N == 1\none\n#elif N == 2\ntwo\n#elif N == 2\nagain\n#else\nother\n#endif`;
    expect([1, 2, 3].map((n) => expand(source(n)))).toEqual(['one', 'two', 'other']);
  });

  it('tests definitions with #ifdef, #ifndef and defined', () => {
    expect(expand('#define A\n#ifdef A\na\n#endif\n#ifndef B\nb\n#endif\n#if defined A && defined(A) && !defined B\nc\n#endif')).toBe('a b c');
    expect(truthOf('defined __STDC__ && defined(__riscv) && defined __FILE__ && !defined __OPTIMIZE__')).toBe('yes');
  });

  it('skips nested groups without looking inside them', () => {
    const source = '#if 0\n#if garbage (\n#error no\n#else\n don\'t @ "\n#endif\n#elif 1\nyes\n#endif';
    expect(expand(source)).toBe('yes');
  });

  it('does not expand the operand of defined', () => {
    expect(expand('#define A B\n#if defined(A) && !defined(B)\nok\n#endif')).toBe('ok');
  });

  it('answers __has_include from the search path', () => {
    const files = { 'inc/x.h': '' };
    expect(truthOf('__has_include("inc/x.h") && !__has_include(<y.h>) && defined(__has_include)', files)).toBe('yes');
    expect(expand('#if __has_include(<x.h>)\nyes\n#endif', { files, includeDirs: ['inc'] })).toBe('yes');
    expect(expand('#define HEADER "inc/x.h"\n#if __has_include(HEADER) && __has_builtin(__builtin_expect) == 0\nyes\n#endif', { files })).toBe('yes');
  });

  it('reports unbalanced directives', () => {
    expect(run('#if 1\nx').errors).toEqual(['main.c:1:2: error: unterminated conditional directive\n#if 1\n ^']);
    expect(run('#else').errors[0]).toContain('#else without #if');
    expect(run('#endif').errors[0]).toContain('#endif without #if');
    expect(run('#if 1\n#else\n#else\n#endif').errors[0]).toContain('#else after #else');
    expect(run('#if 1\n#else\n#elif 1\n#endif').errors[0]).toContain('#elif after #else');
    expect(run('#include "h.h"\n#endif', { files: { 'h.h': '#if 1\n' } }).errors).toEqual([
      'h.h:1:2: error: unterminated conditional directive\n#if 1\n ^', 'main.c:2:2: error: #endif without #if\n#endif\n ^']);
  });
});

describe('#if arithmetic', () => {
  it('computes in intmax_t with C precedence', () => {
    const cases: [string, string][] = [
      ['1 + 2 * 3 == 7', 'yes'], ['(1 + 2) * 3 == 9', 'yes'], ['-7 / 2 == -3 && -7 % 2 == -1', 'yes'],
      ['1 << 62 > 0 && 1 << 63 < 0', 'yes'], ['0x7fffffffffffffff + 1 < 0', 'yes'], ['~0 == -1', 'yes'],
      ['1 ? 2 : 0', 'yes'], ['0 ? 1 : 0', 'no'], ['(1, 0)', 'no'], ['!0 && !!5', 'yes'], ['3 > 2 > 1', 'no'],
      ['2147483647 + 1 == 2147483648', 'yes'], ['0b101 == 5 && 010 == 8 && 0x10 == 16', 'yes'],
      ['__LONG_MAX__ == 2147483647 && __INT_MAX__ == 0x7fffffff', 'yes'], ['__STDC_VERSION__ >= 201112L', 'yes'],
      ['undefined_name == 0 && !true', 'yes'], ["'a' == 97 && '\\xff' == 255 && 'ab' == 0x6162", 'yes'],
    ];
    for (const [condition, expected] of cases) expect([condition, truthOf(condition)]).toEqual([condition, expected]);
  });

  it('converts to uintmax_t when either operand is unsigned', () => {
    expect(truthOf('-1 < 0u')).toBe('no');
    expect(truthOf('-1 > 0U && 18446744073709551615 == -1 && (0 ? 1u : -1) > 0')).toBe('yes');
    expect(truthOf('-1 / 2u == 0x7fffffffffffffff')).toBe('yes');
  });

  it('lets an unevaluated operand divide by zero', () => {
    expect(truthOf('0 && 1 / 0')).toBe('no');
    expect(truthOf('1 || 1 % 0')).toBe('yes');
    expect(truthOf('1 ? 2 : 1 / 0')).toBe('yes');
  });

  it('reports bad expressions', () => {
    expect(run('#if 1 / 0\n#endif').errors).toEqual(['main.c:1:7: error: division by zero in #if\n#if 1 / 0\n      ^']);
    expect(run('#if\n#endif').errors[0]).toContain('#if with no expression');
    expect(run('#if 1.5\n#endif').errors[0]).toContain('floating constant in preprocessor expression');
    expect(run('#if (1\n#endif').errors[0]).toContain("missing ')' in expression");
    expect(run('#if 1 2\n#endif').errors[0]).toContain('missing binary operator before token "2"');
    expect(run('#if "s"\n#endif').errors[0]).toContain('token ""s"" is not valid in preprocessor expressions');
    expect(run('#if 99999999999999999999\n#endif').errors[0]).toContain('integer constant is too large for its type');
  });
});
