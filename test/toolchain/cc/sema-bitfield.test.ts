// Bit-fields in the parser: layouts checked against clang through _Static_asserts (as
// sema-layout.test.ts does), static initializer bytes compared with clang's object, gcc's
// diagnostics for misuse, and one error (not a cascade) for what stays unsupported.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseC, parseOk } from './parse-support';

const CLANG = ['--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32'];

const LAYOUTS = `
#define CHECK(name, expr) _Static_assert(expr, name)
#define offsetof(T, m) __builtin_offsetof(T, m)
struct pte { unsigned v : 1, r : 1, w : 1, x : 1, u : 1; unsigned ppn : 22; };
CHECK("pte", sizeof(struct pte) == 4 && _Alignof(struct pte) == 4);
struct after { char a; int b : 3; char c; };
CHECK("packed into the int unit", sizeof(struct after) == 4 && offsetof(struct after, c) == 2);
struct straddle { char a; int b : 30; };
CHECK("no straddling", sizeof(struct straddle) == 8);
struct chars { char a : 4, b : 4, c : 4; };
CHECK("char units", sizeof(struct chars) == 2 && _Alignof(struct chars) == 1);
struct shorts { char a; short b : 9; short c : 9; };
CHECK("short units", sizeof(struct shorts) == 6 && _Alignof(struct shorts) == 2);
struct wide { char a; long long b : 40; long long c : 30; };
CHECK("long long units", sizeof(struct wide) == 16 && _Alignof(struct wide) == 8);
struct ll_small { long long x : 3; char y; };
CHECK("long long alignment", sizeof(struct ll_small) == 8 && offsetof(struct ll_small, y) == 1);
struct zero { char a; int : 0; char b; };
CHECK("zero width aligns, not counted", sizeof(struct zero) == 5 && _Alignof(struct zero) == 1 && offsetof(struct zero, b) == 4);
struct unnamed { char a; int : 4; char b; };
CHECK("unnamed not counted", sizeof(struct unnamed) == 3 && _Alignof(struct unnamed) == 1);
struct zero_long { char a; long long : 0; char b; };
CHECK("zero width long long", sizeof(struct zero_long) == 9);
struct bools { _Bool a : 1, b : 1; _Bool c; };
CHECK("bools", sizeof(struct bools) == 2);
enum colour { RED, GREEN, BLUE };
struct enums { enum colour c : 2; enum colour d : 2; char e; };
CHECK("enums", sizeof(struct enums) == 4 && offsetof(struct enums, e) == 1);
union ub { char c; int : 20; };
CHECK("union unnamed", sizeof(union ub) == 3 && _Alignof(union ub) == 1);
union un { unsigned low : 4; char c; };
CHECK("union named", sizeof(union un) == 4 && _Alignof(union un) == 4);
struct full { unsigned a : 32; int b : 32; unsigned long long c : 64; };
CHECK("full width", sizeof(struct full) == 16);
struct mixed { char tag; int small : 3; unsigned wide : 29; long long big : 40; short s : 9; _Bool flag : 1; };
CHECK("mixed", sizeof(struct mixed) == 16 && _Alignof(struct mixed) == 8);
struct hdr { unsigned short version : 4, ihl : 4; unsigned char tos; unsigned short len; };
CHECK("header", sizeof(struct hdr) == 4 && offsetof(struct hdr, tos) == 1 && offsetof(struct hdr, len) == 2);
`;

describe('bit-field layout agrees with clang', () => {
  test('clang accepts every assertion (the oracle is right)', () => {
    execFileSync('clang', [...CLANG, '-fsyntax-only', '-x', 'c', '-', '-w'], { input: LAYOUTS });
  });

  test('oslab accepts every assertion', () => {
    expect(parseC(LAYOUTS).errorText).toEqual([]);
  });
});

const scratch = mkdtempSync(join(tmpdir(), 'oslab-cc-bitfield-'));

/** The bytes clang puts in .data for a source defining one initialized global. */
function clangData(source: string, name: string): number[] {
  const c = join(scratch, `${name}.c`);
  writeFileSync(c, source);
  execFileSync('clang', [...CLANG, '-msmall-data-limit=0', '-c', c, '-o', c.replace(/\.c$/, '.o')]);
  const dump = execFileSync('llvm-objdump', ['-s', '-j', '.data', c.replace(/\.c$/, '.o')], { encoding: 'utf8' });
  const hex = [...dump.matchAll(/^ [0-9a-f]{4} ((?:[0-9a-f]{2,8} ?)+)/gm)].map((m) => m[1].replace(/ /g, '')).join('');
  return hex.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
}

function oslabData(source: string): number[] {
  const global = parseOk(source).globals.find((g) => g.variable.name === 'g');
  return [...(global?.init?.bytes ?? [])];
}

describe('static initializers of bit-fields', () => {
  const cases: [string, string][] = [
    ['pte', 'struct pte { unsigned v : 1, r : 1, w : 1, x : 1, u : 1; unsigned ppn : 22; } g = { 1, 0, 1, 1, 0, 0x2abcd };'],
    ['signed', 'struct s { char tag; int small : 3; long long big : 40; short s : 9; _Bool flag : 1; } g = { 7, -2, -5, -200, 3 };'],
    ['designated', 'struct s { unsigned a : 4, : 4, b : 4; unsigned : 0; char c; unsigned d : 12; } g = { .d = 0xabc, .b = 9, 3 };'],
    ['unnamed skipped', 'struct s { unsigned char a : 3; unsigned : 5; unsigned char b : 2; int : 0; unsigned char c : 4; } g = { 5, 3, 9 };'],
    ['array of', 'struct s { unsigned lo : 16, hi : 16; } g[3] = { { 1, 2 }, [2] = { .hi = 0xffff } };'],
    ['truncated', 'struct s { unsigned a : 3; int b : 3; } g = { 0x1f, 0x1f };'],
  ];
  test.each(cases)('%s: the bytes clang emits', (name, source) => {
    expect(oslabData(source)).toEqual(clangData(source, name.replace(/ /g, '-')));
  });
});

describe('misuse is reported as gcc does', () => {
  const errors = (text: string) => parseC(text).errorText.map((e) => e.split('\n')[0].replace(/^t\.c:/, ''));

  test('widths', () => {
    expect(errors('struct s { int a : 3; unsigned b : 33; int c : -1; int d : 0; int *f : 2; _Bool e : 2; int n : a; };\n')).toEqual([
      "1:36: error: width of 'b' exceeds its type",
      "1:48: error: negative width in bit-field 'c'",
      "1:60: error: zero width for bit-field 'd'",
      "1:68: error: bit-field 'f' has invalid type",
      "1:85: error: width of 'e' exceeds its type",
      "1:96: error: 'a' undeclared here (not in a function)",
    ]);
  });

  test('address, sizeof and offsetof of a bit-field', () => {
    const source = 'struct s { int a : 3; };\nint f(struct s *p) { return sizeof(p->a) + __builtin_offsetof(struct s, a) + (int)&p->a; }\n';
    expect(errors(source)).toEqual([
      "2:29: error: 'sizeof' applied to a bit-field",
      "2:73: error: attempt to take address of bit-field structure member 'a'",
      "2:83: error: cannot take address of bit-field 'a'",
    ]);
  });

  test('a packed struct with bit-fields is one error, and its fields still work', () => {
    const source = 'struct __attribute__((packed)) s { char c; int a : 3; };\nint f(struct s *p) { p->a = 1; return p->a + p->c; }\n';
    expect(errors(source)).toEqual(["1:32: error: bit-fields in a packed struct are not supported by oslab's C compiler yet"]);
  });
});

describe('parameters in prototype scope', () => {
  test('earlier parameters size later array parameters, which decay to pointers', () => {
    const unit = parseOk(`static int sum(int n, int a[n]) { int s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
int main(int argc, char *argv[argc + 1]) { int v[2] = { argc, 1 }; return sum(2, v) + (int)sizeof(argv); }
_Static_assert(sizeof(int (*)(int n, char m[n][4])) == 4, "prototype");
`);
    const sum = unit.functions.find((f) => f.variable.name === 'sum');
    expect(sum?.params.map((p) => p.type.kind)).toEqual(['int', 'pointer']);
  });
});

describe('an unsupported feature is one error', () => {
  const errors = (text: string) => parseC(text).errorText.map((e) => e.split('\n')[0]);
  const VLA = "variable length arrays are not supported by oslab's C compiler yet";

  test('a VLA in a block, then used', () => {
    expect(errors('int f(int n) {\n  int v[n];\n  v[0] = 1;\n  return v[0] + sizeof v;\n}\n')).toEqual([`t.c:2:9: error: ${VLA}`]);
  });

  test('a two-dimensional VLA, then used', () => {
    expect(errors('int f(int n) {\n  int a[n][n];\n  a[1][2] = 3;\n  return a[1][2];\n}\n')).toEqual([`t.c:2:12: error: ${VLA}`]);
  });

  test('a _Thread_local object, then used', () => {
    expect(errors('_Thread_local int t;\nint f(void) { return t++; }\n')).toEqual([
      "t.c:1:1: error: _Thread_local is not supported by oslab's C compiler yet",
    ]);
  });
});
