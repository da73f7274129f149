// Type sizes, alignments and member offsets: one source of _Static_asserts that clang (the
// reference for the riscv32 ILP32 ABI) must accept, and so must we. A wrong size in our layout
// would make one assertion fail here with "static assertion failed".
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseC } from './parse-support';

const SOURCE = `
#define CHECK(name, expr) _Static_assert(expr, name)
#define offsetof(T, m) __builtin_offsetof(T, m)
CHECK("char", sizeof(char) == 1 && _Alignof(char) == 1);
CHECK("short", sizeof(short) == 2 && _Alignof(short) == 2);
CHECK("int", sizeof(int) == 4 && sizeof(long) == 4 && sizeof(void *) == 4);
CHECK("long long", sizeof(long long) == 8 && _Alignof(long long) == 8);
CHECK("bool", sizeof(_Bool) == 1);
CHECK("enum", sizeof(enum { X, Y }) == 4);
CHECK("plain char unsigned", (char)-1 > 0);
CHECK("literal types", sizeof(2147483648) == 8 && sizeof(0x80000000) == 4 && sizeof(1ll) == 8 && sizeof('a') == 4);
CHECK("unsigned compare", -1 < 0u == 0);
CHECK("usual arithmetic long/unsigned", sizeof(1L + 1u) == 4 && (1L - 2u) > 0);
CHECK("long long vs unsigned", (1LL - 2u) < 0);
CHECK("shift", (1 << 31) < 0 && (1u << 31) > 0);
CHECK("division truncates", -7 / 2 == -3 && -7 % 2 == -1);

struct a { char c; int i; short s; };
CHECK("a", sizeof(struct a) == 12 && offsetof(struct a, i) == 4 && offsetof(struct a, s) == 8);
struct b { char c; long long ll; char d; };
CHECK("b", sizeof(struct b) == 24 && _Alignof(struct b) == 8 && offsetof(struct b, d) == 16);
struct c { char x[3]; short y; };
CHECK("c", sizeof(struct c) == 6 && offsetof(struct c, y) == 4);
union u { char c[5]; int i; };
CHECK("union", sizeof(union u) == 8 && _Alignof(union u) == 4);
struct flex { int n; char data[]; };
CHECK("flex", sizeof(struct flex) == 4);
struct flex2 { char c; int data[]; };
CHECK("flex2", sizeof(struct flex2) == 4 && offsetof(struct flex2, data) == 4);
struct nest { char c; struct a inner; char d; };
CHECK("nest", sizeof(struct nest) == 20 && offsetof(struct nest, inner.s) == 12 && offsetof(struct nest, d) == 16);
struct anon { int k; union { char x; long long y; }; struct { short p, q; }; };
CHECK("anon", sizeof(struct anon) == 24 && offsetof(struct anon, y) == 8 && offsetof(struct anon, q) == 18);
struct __attribute__((packed)) pk { char a; int b; short c; };
CHECK("packed", sizeof(struct pk) == 7 && offsetof(struct pk, b) == 1 && _Alignof(struct pk) == 1);
struct al { char a; } __attribute__((aligned(16)));
CHECK("aligned", sizeof(struct al) == 16 && _Alignof(struct al) == 16);
struct alas { char a; _Alignas(8) char b; };
CHECK("alignas", sizeof(struct alas) == 16 && offsetof(struct alas, b) == 8);
struct arr2 { int m[3][5]; char t; };
CHECK("2d", sizeof(struct arr2) == 64 && offsetof(struct arr2, m[2][1]) == 44);
typedef int vec[4];
CHECK("typedef array", sizeof(vec) == 16 && sizeof(vec[2]) == 32);
int (*fp)(int);
CHECK("function pointer", sizeof fp == 4 && sizeof(*fp) == 1);
char str[] = "hello";
CHECK("string sized", sizeof str == 6 && sizeof("abc") == 4);
int grid[][3] = { {1}, {2}, {3, 4} };
CHECK("grid sized", sizeof grid == 36);
struct list { struct list *next; int v; };
CHECK("self-referential", sizeof(struct list) == 8);
enum big { NEG = -1, POS = 7 };
CHECK("enum constants", NEG + POS == 6 && sizeof(enum big) == 4);
CHECK("ternary type", sizeof(1 ? (char)1 : (short)2) == 4);
CHECK("comparison type", sizeof(1 < 2) == 4);
CHECK("not folded", !0 == 1 && ~0 == -1 && -(-2147483647 - 1) == (-2147483647 - 1));
CHECK("char arithmetic", (char)200 + (char)100 == 300 && (signed char)200 == -56);
CHECK("short wrap", (short)65535 == -1 && (unsigned short)-1 == 65535);
CHECK("bool", (_Bool)256 == 1 && (_Bool)0 == 0);
`;

describe('layout and constant folding agree with clang', () => {
  test('clang accepts every assertion (the oracle is right)', () => {
    execFileSync('clang', ['--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-fsyntax-only', '-x', 'c', '-', '-w'], { input: SOURCE });
  });

  test('oslab accepts every assertion', () => {
    const r = parseC(SOURCE);
    expect(r.errorText).toEqual([]);
  });

  test('a false assertion is reported with its message', () => {
    const r = parseC('struct s { char c; int i; };\n_Static_assert(sizeof(struct s) == 5, "size of s");\n');
    expect(r.errors).toEqual(['static assertion failed: "size of s"']);
  });
});
