// The other directives — #error, #warning, #line, #pragma, #undef, the null directive, unknown
// ones — -D/-U from the options, the predefined macros, and recovery after a bad line.

import { describe, expect, it } from 'vitest';
import { expand, run } from './preprocess-support';

describe('directives', () => {
  it('#error is an error with its text; #warning a warning', () => {
    const result = run('int a;\n#error this is "bad" don\'t\n#warning careful  now\nint b;');
    expect(result.errors).toEqual(['main.c:2:2: error: #error this is "bad" don\'t\n#error this is "bad" don\'t\n ^']);
    expect(result.warnings).toEqual(['main.c:3:2: warning: #warning careful now\n#warning careful  now\n ^']);
    expect(result.text).toBe('int a ; int b ;');
  });

  it('reports unknown directives and goes on with the next line', () => {
    const result = run('#foo bar\n#\n# /* null */\nok');
    expect(result.errors).toEqual(['main.c:1:2: error: invalid preprocessing directive #foo\n#foo bar\n ^']);
    expect(result.text).toBe('ok');
  });

  it('#line renumbers the following lines and renames the file', () => {
    const { tokens } = run('a\n#line 100\nb\n__LINE__\n#line 7 "gen.y"\nc __FILE__ __LINE__');
    expect(tokens.map((t) => `${t.text}@${t.loc.file.name}:${t.loc.line}`).slice(0, 6))
      .toEqual(['a@main.c:1', 'b@main.c:100', '101@main.c:101', 'c@gen.y:7', '"gen.y"@gen.y:7', '7@gen.y:7']);
    expect(tokens[4].expandedFrom?.file.name).toBe('gen.y');
  });

  it('ignores #pragma (except once), #ident and _Pragma', () => {
    expect(expand('#pragma GCC diagnostic push\n#ident "x"\na _Pragma("GCC warning \\"x\\"") b')).toBe('a b');
  });

  it('applies -D and -U after the predefined macros', () => {
    const options = { defines: [{ name: 'A' }, { name: 'B', value: '2+3' }, { name: '__riscv_xlen', value: '64' }, { name: 'C' }], undefines: ['C', '__linux__'] };
    expect(expand('A B __riscv_xlen C __linux__', options)).toBe('1 2 + 3 64 C __linux__');
  });

  it('predefines what clang predefines for rv32ima ilp32, and not __OPTIMIZE__', () => {
    const names = '__STDC__ __STDC_VERSION__ __STDC_HOSTED__ __riscv __riscv_xlen __ILP32__ __CHAR_UNSIGNED__ __SIZE_TYPE__ __INTMAX_TYPE__ __GNUC__ __oslab__ __SIZEOF_LONG__ __LONG_MAX__ __BYTE_ORDER__';
    expect(expand(names)).toBe('1 201112L 1 1 32 1 1 unsigned int long long int 4 1 4 2147483647L 1234');
    expect(expand('#ifdef __OPTIMIZE__\nbad\n#endif\n#ifdef __STDC_NO_ATOMICS__\nbad\n#endif\n#ifdef linux\nbad\n#endif\nok')).toBe('ok');
  });

  it('reports lexing problems only in text that survives', () => {
    expect(run('#if 0\n\'unterminated\n@\n#endif\nok').errors).toEqual([]);
    expect(run('x @ y').errors).toEqual(["main.c:1:3: error: invalid character '@' in source\nx @ y\n  ^"]);
    expect(run('char *s = L"wide";').errors[0]).toContain('main.c:1:11: error: wide strings are not supported');
  });
});
