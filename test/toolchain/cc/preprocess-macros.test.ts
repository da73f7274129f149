// Macro expansion: object-like and function-like macros, `#` and `##`, variadic macros, and
// recursion stopped by hide sets — including the C standard's own examples (C11 6.10.3.5),
// which must come out exactly as the standard prints them.

import { describe, expect, it } from 'vitest';
import { expand, run, spaced } from './preprocess-support';

describe('C11 6.10.3.5 examples', () => {
  it('EXAMPLE 3: redefinition and reexamination', () => {
    const source = `#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`;
    expect(expand(source)).toBe(spaced(`f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);
f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);
int i[] = { 1, 23, 4, 5, };
char c[2][6] = { "hello", "" };`));
  });

  it('EXAMPLE 4: stringizing and token pasting', () => {
    const source = `#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \\
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\\0d", "abc", '\\4') // this goes away
 == 0) str(: @\\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`;
    const result = run(source);
    expect(result.errors).toEqual([]);
    // Each literal as the standard shows it (adjacent literals, merged later, are joined by a space).
    expect(result.text).toBe(spaced(`printf("x" "1" "= %d, x" "2" "= %s", x1, x2);
fputs("strncmp(\\"abc\\\\0d\\", \\"abc\\", '\\\\4') == 0" ": @\\n", s);
"vers2.h"
"hello";
"hello" ", world"`));
    const bytes = result.tokens.filter((t) => t.kind === 'string').map((t) => Buffer.from(t.bytes!).toString());
    expect(bytes).toEqual(['x1= %d, x2= %s', 'strncmp("abc\\0d", "abc", \'\\4\') == 0: @\n', 'vers2.hhello', 'hello, world']);
  });

  it('EXAMPLE 5: placemarkers', () => {
    const source = `#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };`;
    expect(expand(source)).toBe(spaced('int j[] = { 123, 45, 67, 89, 10, 11, 12, };'));
  });

  it('EXAMPLE 7: variable arguments', () => {
    const source = `#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);`;
    expect(expand(source)).toBe(spaced(`fprintf(stderr, "Flag");
fprintf(stderr, "X = %d\\n", x);
puts("The first, second, and third items.");
((x>y)?puts("x>y"): printf("x is %d but y is %d", x, y));`));
  });
});

describe('macros', () => {
  it('stops self-reference and mutual recursion', () => {
    expect(expand('#define foo foo + 1\nfoo')).toBe('foo + 1');
    expect(expand('#define a b\n#define b a\na b')).toBe('a b');
    // The inner f comes from f's own replacement, so it stays unexpanded (gcc and clang agree).
    expect(expand('#define f(x) x f\n#define g f(1)(2)\ng')).toBe('1 f ( 2 )');
  });

  it('needs ( after a function-like macro name, even on a later line', () => {
    expect(expand('#define f(x) [x]\nf + f\n(1)')).toBe('f + [ 1 ]');
  });

  it('expands arguments first except next to # and ##', () => {
    expect(expand('#define ONE 1\n#define s(x) #x\n#define xs(x) s(x)\n#define cat(a,b) a##b\ns(ONE) xs(ONE) cat(O,NE)')).toBe('"ONE" "1" 1');
  });

  it('spells stringized arguments with one space for any white space, escaping literals', () => {
    const result = run('#define s(x) #x\ns(  a   +\n  "q\\"" \'\\\'\' /* c */ b  )');
    expect(result.tokens[0].text).toBe('"a + \\"q\\\\\\"\\" \'\\\\\'\' b"');
    expect(Buffer.from(result.tokens[0].bytes!).toString()).toBe('a + "q\\"" \'\\\'\' b');
  });

  it('handles GNU , ## __VA_ARGS__, named variadics and __VA_OPT__', () => {
    expect(expand('#define e(fmt, ...) p(fmt, ## __VA_ARGS__)\ne(a) e(a,b,c)')).toBe('p ( a ) p ( a , b , c )');
    expect(expand('#define e(fmt, args...) p(fmt, ##args)\ne(a) e(a,b)')).toBe('p ( a ) p ( a , b )');
    expect(expand('#define o(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)\no(1) o(1, 2)')).toBe('f ( 1 ) f ( 1 , 2 )');
  });

  it('pastes into new names that expand again, and rejects invalid pastes', () => {
    expect(expand('#define AB done\n#define cat(a,b) a##b\ncat(A,B) cat(1,e5) cat(<,<=)')).toBe('done 1e5 <<=');
    expect(run('#define cat(a,b) a##b\ncat(+,/)').errors[0]).toContain('pasting "+" and "/" does not give a valid preprocessing token');
  });

  it('checks argument counts and unterminated calls', () => {
    expect(run('#define f(a,b) a\nf(1)').errors[0]).toBe('main.c:2:1: error: macro "f" requires 2 arguments, but only 1 given\nf(1)\n^');
    expect(run('#define f(a) a\nf(1,2)').errors[0]).toContain('macro "f" passed 2 arguments, but takes just 1');
    expect(run('#define f(a) a\nf((1,2),3').errors[0]).toContain('main.c:2:1: error: unterminated argument list invoking macro "f"');
    expect(expand('#define f() x\n#define g(a) [a]\nf() g() g(())')).toBe('x [ ] [ ( ) ]');
  });

  it('warns on a different redefinition only', () => {
    expect(run('#define A 1 + 2\n#define A 1 + 2\n#define A 1  +  2').warnings).toEqual([]);
    expect(run('#define A 1\n#define A 2\nA').warnings[0]).toContain("main.c:2:9: warning: 'A' macro redefined");
    expect(run('#define A 1\n#undef A\n#define A 2').warnings).toEqual([]);
  });

  it('reports bad definitions', () => {
    expect(run('#define 3 x').errors[0]).toContain('macro name must be an identifier');
    expect(run('#define defined').errors[0]).toContain("'defined' cannot be used as a macro name");
    expect(run('#define f(x) #y').errors[0]).toContain("'#' is not followed by a macro parameter");
    expect(run('#define f(x) ## x').errors[0]).toContain("'##' cannot appear at either end of a macro expansion");
    expect(run('#define f(x, x) x').errors[0]).toContain('duplicate macro parameter "x"');
  });

  it('lets a macro call span lines and contain directives', () => {
    expect(expand('#define f(a, b) a+b\nf(1,\n#ifdef X\n 9\n#else\n 2\n#endif\n)')).toBe('1 + 2');
  });

  it('records where an expansion was used', () => {
    const { tokens } = run('#define ZERO (0)\nint x =\n  ZERO;');
    const paren = tokens[3];
    expect([paren.text, paren.loc.line, paren.expandedFrom?.line, paren.expandedFrom?.column]).toEqual(['(', 1, 3, 3]);
    expect(tokens[0].expandedFrom).toBeUndefined();
  });

  it('merges adjacent strings, from macros too', () => {
    const { tokens } = run('#define S "b" "c"\nchar *p = "a" S\n "d";');
    const merged = tokens.filter((t) => t.kind === 'string');
    expect(merged).toHaveLength(1);
    expect(Buffer.from(merged[0].bytes!).toString()).toBe('abcd');
    expect([merged[0].loc.line, merged[0].loc.column]).toEqual([2, 11]);
  });

  it('classifies keywords in the output only', () => {
    const { tokens } = run('#define T int\n#if 1\nT x; __attribute__ typeof _Bool foo;\n#endif');
    expect(tokens.map((t) => `${t.kind}:${t.text}`).slice(0, 6)).toEqual(['keyword:int', 'ident:x', 'punct:;', 'keyword:__attribute__', 'keyword:typeof', 'keyword:_Bool']);
  });

  it('expands the dynamic builtins where they are used', () => {
    const files = { 'h.h': '__FILE__ __LINE__ __INCLUDE_LEVEL__\n#define WHERE __FILE__ __LINE__\n' };
    expect(expand('#include "h.h"\nWHERE\n__COUNTER__ __COUNTER__ __BASE_FILE__ __DATE__ __TIME__ __INCLUDE_LEVEL__', { files }))
      .toBe('"h.h" 1 1 "main.c" 2 0 1 "main.c" "Jan  1 2026" "00:00:00" 0');
  });
});
