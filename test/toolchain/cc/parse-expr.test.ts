// The lowered expression tree codegen receives: conversions as explicit casts, decay as `addr`,
// scaled pointer arithmetic, `a->m` as member(deref), literal types, folded constants and
// `_Atomic` accesses as atomic nodes (ast.ts's header is the contract these check).
import { describe, expect, test } from 'vitest';
import type { Expr } from '../../../sim/toolchain/cc/ast';
import { typeName } from '../../../sim/toolchain/cc/types';
import { fn, parseOk, returned, show } from './parse-support';

/** The returned expression of `T f(params) { decls; return expr; }`. */
function ret(params: string, expr: string, decls = '', prelude = ''): Expr {
  return returned(fn(parseOk(`${prelude}\nlong long f(${params}) { ${decls} return ${expr}; }`), 'f'));
}

/** The type of `expr`, read through the conversion to the function's return type. */
function typeOf(params: string, expr: string, prelude = ''): string {
  const unit = parseOk(`${prelude}\nvoid f(${params}) { (void)(${expr}); }`);
  const body = fn(unit, 'f').body.body[0];
  if (body.kind !== 'expr' || body.expr.kind !== 'cast') throw new Error('unexpected shape');
  return typeName(body.expr.operand.type);
}

describe('integer literals (C11 6.4.4.1, ILP32)', () => {
  test.each([
    ['1', 'int'], ['2147483647', 'int'], ['2147483648', 'long long int'], ['0x7fffffff', 'int'], ['0x80000000', 'unsigned int'],
    ['0xffffffff', 'unsigned int'], ['0x100000000', 'long long int'], ['10u', 'unsigned int'], ['10l', 'long int'], ['10ul', 'long unsigned int'],
    ['4294967296u', 'long long unsigned int'], ['1ll', 'long long int'], ['1ULL', 'long long unsigned int'], ['0b101', 'int'], ['017', 'int'],
    ["'a'", 'int'], ['sizeof(int)', 'unsigned int'],
  ])('%s has type %s', (literal, type) => {
    expect(typeOf('', literal)).toBe(type);
  });

  test('values: octal, binary, hex and char escapes', () => {
    expect(show(ret('', '017 + 0b101 * 100 + 0x10'))).toBe('531');
    expect(show(ret('', "'\\xff'"))).toBe('255');
  });
});

describe('conversions are explicit', () => {
  test('char operands are promoted to int', () => {
    expect(show(ret('char c', 'c + 1'))).toBe('(cast longlong (add (cast int c) 1))');
  });
  test('usual arithmetic conversions pick unsigned int', () => {
    expect(show(ret('unsigned u, int i', 'u < i'))).toBe('(cast longlong (lt u (cast uint i)))');
    expect(typeOf('unsigned u, int i', 'u + i')).toBe('unsigned int');
    expect(typeOf('long l, unsigned u', 'l + u')).toBe('long unsigned int');
    expect(typeOf('long long a, unsigned u', 'a + u')).toBe('long long int');
  });
  test('shifts promote each operand on its own', () => {
    expect(typeOf('char c, long long n', 'c << n')).toBe('int');
  });
  test('assignment converts to the target type', () => {
    const unit = parseOk('void f(char *p, int i) { *p = i; }');
    const s = fn(unit, 'f').body.body[0];
    expect(s.kind === 'expr' && show(s.expr)).toBe('(= (* p) (cast uchar i))');
  });
  test('arguments convert to parameter types; variadic ones are promoted', () => {
    const unit = parseOk('long long g(long long, ...);\nvoid f(char c) { g(c, c); }');
    const s = fn(unit, 'f').body.body[0];
    expect(s.kind === 'expr' && show(s.expr)).toBe('(call (& g) (cast longlong c) (cast int c))');
  });
  test('unprototyped calls default-promote', () => {
    const unit = parseOk('int g();\nvoid f(short s) { g(s); }');
    const s = fn(unit, 'f').body.body[0];
    expect(s.kind === 'expr' && show(s.expr)).toBe('(call (& g) (cast int s))');
  });
  test('!x and comparisons have type int; _Bool conversion is a cast', () => {
    expect(typeOf('int *p', '!p')).toBe('int');
    expect(show(ret('int x', '(_Bool)x'))).toBe('(cast longlong (cast bool x))');
  });
});

describe('pointers', () => {
  test('subscripts scale: a[i] is *(a + i*4)', () => {
    expect(show(ret('int *p, int i', 'p[i]'))).toBe('(cast longlong (* (add p (mul i 4))))');
    expect(show(ret('int *p, int i', 'i[p]'))).toBe('(cast longlong (* (add p (mul i 4))))');
  });
  test('arrays decay to a pointer to their first element', () => {
    const e = ret('', 'a[1]', 'int a[3];');
    expect(show(e)).toBe('(cast longlong (* (add (& a) 4)))');
  });
  test('pointer difference divides by the element size', () => {
    expect(show(ret('int *p, int *q', 'p - q'))).toBe('(cast longlong (div (sub (cast int p) (cast int q)) 4))');
  });
  test('++ and += on pointers step by the element size', () => {
    const unit = parseOk('void f(long long *p) { p++; p += 2; }');
    const [a, b] = fn(unit, 'f').body.body;
    expect(a.kind === 'expr' && show(a.expr)).toBe('(post8 p)');
    expect(b.kind === 'expr' && show(b.expr)).toBe('(add= p 16)');
  });
  test('a->m is member(deref(a))', () => {
    expect(show(ret('struct s { int x, y; } *a', 'a->y'))).toBe('(cast longlong (. (* a) y))');
  });
  test('void * converts to and from other object pointers silently; function designators decay', () => {
    const unit = parseOk('int g(void);\nvoid f(void *v) { int *p = v; int (*fp)(void) = g; (void)p; (void)fp; }');
    expect(unit.functions.length).toBe(1);
  });
});

describe('constant folding', () => {
  test('sizeof, _Alignof, enum constants and arithmetic fold to num', () => {
    expect(show(ret('', '(1 << 4) + sizeof(int) * 2 + _Alignof(long long) + B', '', 'enum { A, B };'))).toBe('33');
  });
  test('sizeof does not evaluate its operand', () => {
    expect(show(ret('int x', 'sizeof(x++)'))).toBe('4');
  });
  test('casts of constants fold with wrapping', () => {
    expect(show(ret('', '(signed char)200 + (unsigned short)-1'))).toBe('65479');
  });
  test('a constant condition selects its branch', () => {
    expect(show(ret('', '1 ? 2 : 3'))).toBe('2');
  });
});

describe('atomics', () => {
  const prelude = '_Atomic int counter;';
  test('reads are atomic loads, stores atomic stores, ++ and += atomic read-modify-writes', () => {
    const unit = parseOk(`${prelude}\nint f(void) { counter = 5; counter++; ++counter; counter += 2; return counter; }`);
    const shown = fn(unit, 'f').body.body.map((s) => (s.kind === 'expr' || s.kind === 'return') && (s.kind === 'expr' ? show(s.expr) : s.value && show(s.value)));
    expect(shown).toEqual([
      '(atomic-store (& counter) 5)', '(atomic-add-old (& counter) 1)', '(atomic-add (& counter) 1)', '(atomic-add (& counter) 2)', '(atomic-load (& counter))',
    ]);
  });
  test('builtins: memory orders are dropped when constant', () => {
    expect(show(ret('int *p', '__atomic_fetch_add(p, 1, 5)'))).toBe('(cast longlong (atomic-add-old p 1))');
    expect(show(ret('int *p', '__sync_add_and_fetch(p, 1)'))).toBe('(cast longlong (atomic-add p 1))');
    expect(show(ret('int *p, int *e', '__atomic_compare_exchange_n(p, e, 3, 0, 5, 5)'))).toBe('(cast longlong (cas p e 3))');
  });
});

describe('calls and temporaries', () => {
  test('a struct-returning call gets an artificial return buffer in the locals', () => {
    const unit = parseOk('struct s { int a[4]; } make(void);\nint f(void) { return make().a[2]; }');
    const f = fn(unit, 'f');
    expect(f.locals).toHaveLength(1);
    expect(f.locals[0].artificial).toBe(true);
    expect(typeName(f.locals[0].type)).toBe('struct s');
  });
  test('compound literals are lvalues initialized where they appear', () => {
    expect(show(ret('', '*(int[]){ 7, 8 }'))).toBe('(cast longlong (* (& (* (, (zero .compoundliteral0) (, (= (* (& .compoundliteral0)) 7) (, (= (* (add (& .compoundliteral0) 4)) 8) (& .compoundliteral0))))))))');
  });
  test('GNU a ?: b evaluates a once', () => {
    expect(show(ret('', 'g() ?: 3', '', 'int g(void);'))).toBe('(cast longlong (, (= .elvis0 (call (& g))) (? .elvis0 .elvis0 3)))');
  });
  test('__func__ is a string object holding the function name', () => {
    const unit = parseOk('const char *f(void) { return __func__; }');
    const literal = unit.globals.find((g) => g.variable.name.startsWith('.L.str'));
    expect(new TextDecoder().decode(literal?.init?.bytes)).toBe('f\0');
  });
});
