// What a student sees for wrong C: gcc's wording, the position, several errors per run, and
// warnings that leave the program compiling (implicit declarations, -Wformat, -Wreturn-type,
// pointer/integer mix-ups). Unsupported C features fail with one clear message each.
import { describe, expect, test } from 'vitest';
import { CompileErrors, compileToAssembly } from '../../../sim/toolchain/cc';
import { parseC } from './parse-support';

function errorsOf(source: string): string[] {
  return parseC(source).errors;
}

function warningsOf(source: string): string[] {
  const r = parseC(source);
  expect(r.errorText).toEqual([]);
  return r.warnings.map((w) => /warning: (.*)/.exec(w)?.[1] ?? w);
}

describe('errors', () => {
  test.each([
    ['int f(void) { return x; }', "'x' undeclared (first use in this function)"],
    ['int y = z;', "'z' undeclared here (not in a function)"],
    ['void f(void) { 3 = 4; }', 'lvalue required as left operand of assignment'],
    ['void f(void) { const int c = 1; c = 2; }', "assignment of read-only variable 'c'"],
    ['void f(const int *p) { *p = 2; }', 'assignment of read-only location'],
    ['void f(const int *p) { (*p)++; }', 'increment of read-only location'],
    ['void f(int a[2]) { int b[2]; b = a; }', 'assignment to expression with array type'],
    ['void f(int x) { x(); }', 'called object is not a function or function pointer'],
    ['int g(int, int);\nint f(void) { return g(1); }', "too few arguments to function 'g'"],
    ['int g(int);\nint f(void) { return g(1, 2); }', "too many arguments to function 'g'"],
    ['struct s { int a; };\nint f(struct s *p) { return p->b; }', "'struct s' has no member named 'b'"],
    ['struct s;\nint f(struct s *p) { return p->b; }', "invalid use of undefined type 'struct s'"],
    ['int f(int x) { return x.a; }', "request for member 'a' in something not a structure or union"],
    ['struct s { int a; };\nint f(struct s x) { return *x; }', "invalid type argument of unary '*' (have 'struct s')"],
    ['struct s;\nstruct s v;', "storage size of 'v' isn't known"],
    ['int x = 1;\nint x = 2;', "redefinition of 'x'"],
    ['int f(void) { return 0; }\nint f(void) { return 1; }', "redefinition of 'f'"],
    ['int x;\nchar x;', "conflicting types for 'x'; have 'char'"],
    ['int f(int);\nint f(char *);', "conflicting types for 'f'; have 'int(char *)'"],
    ['void f(int x) { switch (x) { case 1: case 1: break; } }', 'duplicate case value'],
    ['void f(void) { break; }', 'break statement not within loop or switch'],
    ['void f(void) { continue; }', 'continue statement not within a loop'],
    ['void f(void) { goto out; }', "label 'out' used but not defined"],
    ['void f(void) { a: ; a: ; }', "duplicate label 'a'"],
    ['void f(void) { case 1: ; }', 'case label not within a switch statement'],
    ['void f(int x) { switch (x) { default: default: ; } }', 'multiple default labels in one switch'],
    ['struct s { int a; };\nvoid f(struct s v) { int i = v + 1; }', "invalid operands to binary + (have 'struct s' and 'int')"],
    ['struct s { int a; };\nvoid f(struct s v) { if (v) {} }', 'used struct type value where scalar is required'],
    ['void g(void);\nint f(void) { int x = g(); return x; }', 'void value not ignored as it ought to be'],
    ['int f(void) { int x = 1 return x; }', "expected ',' or ';' before 'return'"],
    ['int f(int x) { int x; return 0; }', "'x' redeclared as different kind of symbol"],
    ['void f(void) { int y; char y; }', "redeclaration of 'y' with no linkage"],
    ['void f(int *p) { int i = p[p]; }', 'subscripted value is neither array nor pointer nor vector'],
    ['struct s { int a; };\nstruct s { int b; };', "redefinition of 'struct s'"],
    ['int f(void) { return sizeof(struct nope); }', "invalid application of 'sizeof' to incomplete type 'struct nope'"],
  ])('%s', (source, message) => {
    expect(errorsOf(source)).toContain(message);
  });

  test('errors carry file:line:col, the source line and a caret', () => {
    const r = parseC('int main(void) {\n  return nope;\n}\n');
    expect(r.errorText[0]).toBe("t.c:2:10: error: 'nope' undeclared (first use in this function)\n  return nope;\n         ^");
  });

  test('several errors are reported in one run and each undeclared name once per function', () => {
    const r = parseC('int f(void) {\n  int a = b + b;\n  a = ;\n  return c;\n}\nint g(void) { return b; }\n');
    expect(r.errors).toEqual([
      "'b' undeclared (first use in this function)",
      "expected expression before ';' token",
      "'c' undeclared (first use in this function)",
      "'b' undeclared (first use in this function)",
    ]);
  });

  test('reporting stops at 20 errors', () => {
    const source = Array.from({ length: 30 }, (_, i) => `int f${i}(void) { return missing${i}; }`).join('\n');
    const r = parseC(source);
    expect(r.errors).toHaveLength(20);
    expect(r.errors[19]).toBe("'missing19' undeclared (first use in this function)");
  });

  test('recovery continues at the next top-level declaration', () => {
    const r = parseC('int a = ;\nint f(void) { return 1 +; }\nint ok(void) { return 2; }\n');
    expect(r.errors).toHaveLength(2);
    expect(r.unit?.functions.map((f) => f.variable.name)).toContain('ok');
  });
});

describe('unsupported features fail with one clear message', () => {
  test.each([
    ['double d;', "floating point is not supported by oslab's C compiler yet"],
    ['int f(void) { return 1.5; }', "floating point is not supported by oslab's C compiler yet"],
    ['struct __attribute__((packed)) s { char c; int a : 3; };', "bit-fields in a packed struct are not supported by oslab's C compiler yet"],
    ['void f(int n) { int a[n]; }', "variable length arrays are not supported by oslab's C compiler yet"],
    ['void f(void) { asm("nop"); }', "inline asm is not supported by oslab's C compiler yet"],
    ['_Thread_local int t;', "_Thread_local is not supported by oslab's C compiler yet"],
    ['int f(a, b) int a, b; { return a; }', "K&R-style parameter lists are not supported by oslab's C compiler yet"],
    ['int f(void) { return ({ 1; }); }', "statement expressions are not supported by oslab's C compiler yet"],
  ])('%s', (source, message) => {
    expect(errorsOf(source)).toEqual([message]);
  });
});

describe('warnings', () => {
  test('implicit declaration warns and the call proceeds as int foo()', () => {
    const r = parseC('int f(void) { return foo(1); }');
    expect(r.errors).toEqual([]);
    expect(r.warnings[0]).toMatch(/^t\.c:1:22: warning: implicit declaration of function 'foo' \[-Wimplicit-function-declaration\]/);
    expect(r.unit?.externs.map((v) => v.name)).toEqual(['foo']);
  });

  test('control reaches end of non-void function', () => {
    expect(warningsOf('int f(int x) { if (x) return 1; }')).toEqual(['control reaches end of non-void function [-Wreturn-type]']);
    expect(warningsOf('int f(int x) { if (x) return 1; else return 2; }')).toEqual([]);
    expect(warningsOf('int f(void) { for (;;) {} }')).toEqual([]);
    expect(warningsOf('int f(void) { while (1) { } }')).toEqual([]);
    expect(warningsOf('void exit(int);\nint f(void) { exit(1); }')).toEqual([]);
    expect(warningsOf('int f(int x) { switch (x) { case 1: return 1; default: return 2; } }')).toEqual([]);
  });

  test('main falls off its end returning 0, without a warning', () => {
    const r = parseC('int main(void) { }');
    expect(r.warnings).toEqual([]);
    const body = r.unit?.functions[0].body.body;
    expect(body?.[0]).toMatchObject({ kind: 'return', value: { kind: 'num', value: 0n } });
  });

  test('printf formats are checked against the promoted arguments', () => {
    const prelude = 'int printf(const char *, ...);\nint sprintf(char *, const char *, ...);\nint scanf(const char *, ...);\n';
    expect(warningsOf(`${prelude}void f(char *s) { printf("%d\\n", s); }`)).toEqual([
      "format '%d' expects argument of type 'int', but argument 2 has type 'char *' [-Wformat=]",
    ]);
    expect(warningsOf(`${prelude}void f(long l) { printf("%d %s", l); }`)).toEqual([
      "format '%d' expects argument of type 'int', but argument 2 has type 'long int' [-Wformat=]",
      "format '%s' expects a matching 'char *' argument [-Wformat=]",
    ]);
    expect(warningsOf(`${prelude}void f(char c, unsigned u, long long x, void *p, char *b) { printf("%c %u %x %lld %p %5.2s %%", c, u, u, x, p, b); sprintf(b, "%d", c); }`)).toEqual([]);
    expect(warningsOf(`${prelude}void f(int i) { printf("%d", i, i); }`)).toEqual(['too many arguments for format [-Wformat-extra-args]']);
    expect(warningsOf(`${prelude}void f(int i) { scanf("%d", i); }`)).toEqual([
      "format '%d' expects argument of type 'int *', but argument 2 has type 'int' [-Wformat=]",
    ]);
  });

  test('pointer/integer conversions without a cast', () => {
    expect(warningsOf('void f(void) { int *p = 5; (void)p; }')).toEqual([
      "initialization of 'int *' from 'int' makes pointer from integer without a cast [-Wint-conversion]",
    ]);
    expect(warningsOf('void f(int *p) { int x; x = p; (void)x; }')).toEqual([
      "assignment to 'int' from 'int *' makes integer from pointer without a cast [-Wint-conversion]",
    ]);
    expect(warningsOf('void g(int *);\nvoid f(char *s) { g(s); }')).toEqual([
      "passing argument 1 of 'g' from incompatible pointer type [-Wincompatible-pointer-types]",
    ]);
    expect(warningsOf('int *f(char *s) { return s; }')).toEqual([
      "returning 'char *' from a function with incompatible return type 'int *' [-Wincompatible-pointer-types]",
    ]);
    expect(warningsOf('void f(const char *s) { char *t = s; (void)t; }')).toEqual([
      "initialization discards 'const' qualifier from pointer target type [-Wdiscarded-qualifiers]",
    ]);
    expect(warningsOf('void f(void) { int *p = 0; void *v = p; p = v; (void)p; }')).toEqual([]);
  });
});

describe('through compileToAssembly', () => {
  const host = { readFile: () => null };

  test("a ';' forgotten at the end of a line is reported just past that line's last token, as gcc does", () => {
    const text = 'int main(void) {\n  int x = 5\n  return x\n}\n';
    let message = '';
    try {
      compileToAssembly({ file: 'semi.c', text, host });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("semi.c:2:12: error: expected ',' or ';' before 'return'\n  int x = 5\n           ^");
  });

  test('errors come out as one CompileErrors listing every error after the warnings', () => {
    const text = 'int f(void) {\n  g();\n  return x;\n}\nint h(void) { return y; }\n';
    let thrown: unknown;
    try {
      compileToAssembly({ file: 'bad.c', text, host });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompileErrors);
    const errors = thrown as CompileErrors;
    expect(errors.errors.map((e) => `${e.line}:${e.column} ${e.detail}`)).toEqual([
      "3:10 'x' undeclared (first use in this function)",
      "5:22 'y' undeclared (first use in this function)",
    ]);
    expect(errors.message.split('\n')[0]).toBe("bad.c:2:3: warning: implicit declaration of function 'g' [-Wimplicit-function-declaration]");
  });

  test('warnings alone still produce assembly', () => {
    const r = compileToAssembly({ file: 'warn.c', text: 'int f(int x) { if (x) return 1; }\n', host });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('warn.c:1:33: warning: control reaches end of non-void function [-Wreturn-type]');
    expect(r.assembly).toContain('f:');
  });
});
