// Differential: macro-heavy snippets, and every header of oslab's libc, preprocessed by oslab's
// `-E` and by `clang -E -P` must give the same tokens (white space normalised by lexing both
// outputs again).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { preprocess, preprocessedText } from '../../../sim/toolchain/cc/preprocess';
import { dashE, spaced } from './preprocess-support';

const CLANG_FLAGS = ['-E', '-P', '-std=c11', '--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-x', 'c', '-'];

function clangTokens(source: string, flags: readonly string[] = []): string {
  return spaced(execFileSync('clang', [...flags, ...CLANG_FLAGS], { input: source, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }));
}

function oslabTokens(text: string): string {
  return spaced(text.replace(/^# \d+ .*$/gm, ''));
}

const SNIPPETS: Readonly<Record<string, string>> = {
  'unspecified-looking recursion (C11 6.10.3.4 EXAMPLE)': `
#define f(a) a*g
#define g(a) f(a)
f(2)(9)
#define h(x) x h
#define k h(1)(2)
k`,
  'X macros': `
#define COLORS(X) X(red, 1) X(green, 2) X(blue, 4)
#define AS_ENUM(name, value) COLOR_##name = value,
#define AS_STRING(name, value) [value] = #name,
enum color { COLORS(AS_ENUM) };
const char *names[] = { COLORS(AS_STRING) };`,
  'deferred expansion (EVAL/DEFER/OBSTRUCT)': `
#define EMPTY()
#define DEFER(id) id EMPTY()
#define OBSTRUCT(...) __VA_ARGS__ DEFER(EMPTY)()
#define EXPAND(...) __VA_ARGS__
#define EVAL(...) EVAL1(EVAL1(EVAL1(__VA_ARGS__)))
#define EVAL1(...) __VA_ARGS__
#define REPEAT_INDIRECT() REPEAT
#define REPEAT(n) n DEFER(REPEAT_INDIRECT)()(n)
A: DEFER(REPEAT)(1)
B: EXPAND(DEFER(REPEAT)(2))
C: EVAL(REPEAT(3))
#define CAT(a, ...) a ## __VA_ARGS__
#define IIF(c) CAT(IIF_, c)
#define IIF_0(t, ...) __VA_ARGS__
#define IIF_1(t, ...) t
D: IIF(1)(yes, no) IIF(0)(yes, no)`,
  'stringizing and pasting': `
#define str(x) #x
#define xstr(x) str(x)
#define cat3(a, b, c) a ## b ## c
#define VER 1.2
str( a  "b\\n"  'c'  ) xstr(VER) xstr(cat3(x, , z)) cat3(,,) cat3(1, e, +) str(
  multi
  line )
xstr(__LINE__) str(@) str(/* c */ a /* d */)
#define pasted(x) L ## x
#define hash_hash # ## #
#define mkstr(a) # a
#define in_between(a) mkstr(a)
#define join(c, d) in_between(c hash_hash d)
char p[] = join(x, y);`,
  'variadic macros': `
#define LOG(fmt, ...) printf(fmt, ##__VA_ARGS__)
#define LOG2(fmt, args...) printf(fmt , ## args)
#define COUNT(...) COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define COUNT_(a, b, c, d, e, n, ...) n
#define OPT(a, ...) f(a __VA_OPT__(,) __VA_ARGS__)
LOG("x") LOG("x", 1) LOG("x", (a, b), c) LOG2("y") LOG2("y", 2)
COUNT(a) COUNT(a, b, c) COUNT((a, b), c)
OPT(1) OPT(1, 2, 3)`,
  'conditionals and arithmetic': `
#define A 3
#define B (A * 2)
#if B == 6 && defined A && (1 ? 2 : (1/0)) == 2
ok1
#endif
#if -1 > 0u
ok2
#elif 1
no2
#endif
#if (0x7fffffffffffffff + 0) > 0 && ~0u == 18446744073709551615u && (1 << 31) == 2147483648
ok3
#endif
#if __STDC_VERSION__ >= 201112L && __riscv_xlen == 32 && __SIZEOF_POINTER__ == 4 && '\\377' == 255
ok4
#endif
#ifdef __OPTIMIZE__
no5
#else
ok5
#endif`,
  'function-like names without calls, and nested parentheses': `
#define f(x) <x>
#define g f
#define id(x) x
f f (1) g(2) g id(f)(3) id(f(f(4))) f((a,b)) id()x id(
  1
)
#define LPAREN (
#define call(m) m LPAREN 5)
call(f)`,
  'edge cases: empty arguments, defined from a macro, painted names': `
#define f(x) #x
#define g(x, y) x ## y
#define h(...) [__VA_ARGS__]
#define X 1
#define D defined(X) && defined X
f(
) f( "a\\n" '\\0' ) f(a
b) g(,) g(a,) g(,b) h() h(,) h(a,) h( a , b )
#if D
d_works
#endif
#define OBJ (1 + \\
  2)
OBJ
#define paren (
#define call(x) x
call paren 1)
#define str(x) #x
#define xstr(x) str(x)
xstr(__LINE__) xstr(OBJ) str( a   b ) str(  ) xstr(f(x)) xstr("\\\\" "x")
#define EMPTY
#define LPAREN (
#define RPAREN )
#define F(x, y) x + y
#define ELLIP_FUNC(...) __VA_ARGS__
ELLIP_FUNC(F, LPAREN, 'a', 'b', RPAREN);
#define q(x) x
#define r(x,y) x ## y
q(q)(1) r(r,)(2)
#define cat(a,b) a##b
cat(1,2)cat(.,5)cat(-,>)cat(%:,%:)
#define AA BB
#define BB AA
AA BB
#define i(x) i(x)+x
i(i(1))
#define j(x) x
j(j)(3) j(j(j))(4)
#define NIL(x) x
#define G_0(arg) NIL(G_1)(arg)
#define G_1(arg) NIL(arg)
G_0(42)
`,
  'edge cases: directives in arguments, skipped #elif, placemarkers, __COUNTER__': `
#define f(a, b) a+b
f(1,
#ifdef NOPE
 9
#else
 2
#endif
)
#if 1
one
#elif garbage (((
two
#else
three
#endif
#if 0
#elif 1 + 1 == 2
elif_taken
#endif
__COUNTER__ __COUNTER__ __INCLUDE_LEVEL__
#define recur(x) x recur
recur(1)(2)(3)
#define OBJ_F f
OBJ_F(3, 4) OBJ_F
(5, 6)
#define PASTE_ARGS(a, b, c) a ## b ## c
PASTE_ARGS(, , ) PASTE_ARGS(x, , ) PASTE_ARGS(, y, ) PASTE_ARGS(, , z) PASTE_ARGS(1,2,3)
#define VA(a, ...) <a|__VA_ARGS__>
VA() VA(1) VA(1,) VA(1,2,3) VA((1,2),3)
#define STRVA(...) #__VA_ARGS__
STRVA() STRVA(a) STRVA( a , b ) STRVA(a,b)
#define EMPTY_ARG(x) [x]
EMPTY_ARG() EMPTY_ARG( ) EMPTY_ARG(/**/)
#define nested(x) x
nested(nested(nested(1)))
#define tricky(x) x ## __LINE__
tricky(L)
#define ex(x) x
ex(#) ex(##) ex(# define x)
#undef f
f(1, 2)
#if (2 || 1/0) && !(0 && 1/0) && (1 ? 1 : 1/0)
short_circuit
#endif
#if 0x10 == 16 && 017 == 15 && 10u == 10 && 'A' == 65 && '\\n' == 10
literals
#endif
#define LONGEXPR (((1 << 10) - 1) * 3 % 7)
#if LONGEXPR == 1
longexpr
#endif
`,
  'white space left by expansions to nothing': `
#define E
#define str(x) #x
#define xstr(x) str(x)
#define f(x) x
xstr(a E-b) xstr(a f()-b) xstr(E-b) xstr(a E) xstr(-E-)
`,
};

describe('differential against clang -E -P', () => {
  for (const [name, source] of Object.entries(SNIPPETS)) {
    it(name, () => {
      expect(oslabTokens(dashE(source))).toBe(clangTokens(source));
    });
  }
});

const LIBC_INCLUDE = join(__dirname, '../../../sim/libc/include');

function headersUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? headersUnder(path) : name.endsWith('.h') ? [relative(LIBC_INCLUDE, path)] : [];
  });
}

describe('differential against clang -E -P on the libc headers', () => {
  // The disk is the host, as for `oslab cc`; clang is told it is not clang, so that headers
  // choose the paths oslab's compiler takes.
  const host = { readFile: (path: string) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : null) };
  const headers = existsSync(LIBC_INCLUDE) ? headersUnder(LIBC_INCLUDE) : [];
  it.each(headers)('<%s>', (header) => {
    const source = `#include <${header}>\nint after_${header.replace(/\W/g, '_')};\n`;
    const ctx = new CompileContext({ file: 'main.c', text: source, host, systemIncludeDirs: [LIBC_INCLUDE] });
    const ours = preprocessedText(ctx, preprocess(ctx));
    expect(ctx.diag.errors.map((e) => e.message)).toEqual([]);
    expect(oslabTokens(ours)).toBe(clangTokens(source, ['-nostdinc', '-isystem', LIBC_INCLUDE, '-U__clang__']));
  });
});
