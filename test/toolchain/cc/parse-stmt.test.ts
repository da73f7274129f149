// Statements and declarations as codegen and the DWARF emitter receive them: switch tables,
// loops, lexical scopes, locals (with temporaries), local initializers as zero + assignments,
// function-scope statics as unique internal globals, and the unit's globals and externs.
import { describe, expect, test } from 'vitest';
import type { LexicalScope, Stmt } from '../../../sim/toolchain/cc/ast';
import { typeName } from '../../../sim/toolchain/cc/types';
import { findStmt, fn, global, parseOk, show } from './parse-support';

function exprs(body: readonly Stmt[]): string[] {
  return body.flatMap((s) => (s.kind === 'expr' ? [show(s.expr)] : []));
}

function scopeNames(scope: LexicalScope): unknown {
  return { vars: scope.variables.map((v) => v.name), children: scope.children.map(scopeNames) };
}

describe('statements', () => {
  test('switch lists its case values in order; case bodies index into them', () => {
    const unit = parseOk('int f(int x) { switch (x) { case 3: return 1; case 1 ... 2: return 2; default: return 0; case -1: break; } return 9; }');
    const sw = findStmt(fn(unit, 'f').body, (s) => s.kind === 'switch');
    expect(sw).toMatchObject({ kind: 'switch', cases: [3n, 1n, 2n, -1n], hasDefault: true });
    const range = findStmt(fn(unit, 'f').body, (s) => s.kind === 'case' && s.index === 1);
    expect(range).toMatchObject({ kind: 'case', index: 1, body: { kind: 'case', index: 2, body: { kind: 'return' } } });
  });

  test('case values convert to the promoted controlling type', () => {
    const unit = parseOk('int f(unsigned char c) { switch (c) { case 300: return 1; } return 0; }');
    expect(findStmt(fn(unit, 'f').body, (s) => s.kind === 'switch')).toMatchObject({ cases: [300n] });
  });

  test('while is a for without init and step; do-while keeps its shape', () => {
    const unit = parseOk('void f(int n) { while (n) n--; do n++; while (n < 3); }');
    const [w, d] = fn(unit, 'f').body.body;
    expect(w).toMatchObject({ kind: 'for', init: null, step: null, test: { kind: 'var' } });
    expect(d).toMatchObject({ kind: 'doWhile', test: { kind: 'binary', op: 'lt' } });
  });

  test('goto and labels', () => {
    const unit = parseOk('int f(void) { int i = 0; again: if (++i < 3) goto again; return i; }');
    expect(findStmt(fn(unit, 'f').body, (s) => s.kind === 'label')).toMatchObject({ name: 'again', body: { kind: 'if' } });
    expect(findStmt(fn(unit, 'f').body, (s) => s.kind === 'goto')).toMatchObject({ name: 'again' });
  });

  test('return converts to the return type; void return of a void call is kept as a statement', () => {
    const unit = parseOk('char f(int x) { return x; }\nvoid g(void);\nvoid h(void) { return g(); }');
    expect(fn(unit, 'f').body.body[0]).toMatchObject({ kind: 'return', value: { kind: 'cast', type: { kind: 'char' } } });
  });
});

describe('scopes and locals', () => {
  test('blocks that declare get nested lexical scopes; the others pass theirs up', () => {
    const unit = parseOk('void f(int p) { int a; { int b; { { int c; } } } for (int i = 0; i < 1; i++) { int d; } { } }');
    const f = fn(unit, 'f');
    expect(scopeNames(f.scope)).toEqual({
      vars: ['a'],
      children: [
        { vars: ['b'], children: [{ vars: ['c'], children: [] }] },
        { vars: ['i'], children: [{ vars: ['d'], children: [] }] },
      ],
    });
    expect(f.locals.map((v) => v.name)).toEqual(['a', 'b', 'c', 'i', 'd']);
    expect(f.params.map((v) => [v.name, v.kind])).toEqual([['p', 'param']]);
    expect(f.body.scope).toBe(f.scope);
  });

  test('inner declarations shadow outer ones, typedef names included', () => {
    const unit = parseOk('typedef int T;\nint f(void) { T x = 1; { int T = 2; x = T; } return x; }');
    expect(fn(unit, 'f').locals.map((v) => [v.name, typeName(v.type)])).toEqual([['x', 'T'], ['T', 'int']]);
  });

  test('aggregate locals are zeroed then assigned; scalars are assigned', () => {
    const unit = parseOk('void f(int v) { int a[4] = { 1, [2] = v }; struct { int x; char s[3]; } st = { .s = "hi" }; int n = 5; }');
    expect(exprs(fn(unit, 'f').body.body)).toEqual([
      '(zero a)', '(= (* (& a)) 1)', '(= (* (add (& a) 8)) v)',
      '(zero st)', '(= (* (& (. st s))) 104)', '(= (* (add (& (. st s)) 1)) 105)',
      '(= n 5)',
    ]);
  });

  test('a local array sized by its initializer', () => {
    const unit = parseOk('void f(void) { char s[] = "abc"; int a[] = { 1, 2, 3, 4, 5 }; }');
    expect(fn(unit, 'f').locals.map((v) => typeName(v.type))).toEqual(['char[4]', 'int[5]']);
  });

  test('_Alignas above the type\'s alignment is recorded on the variable', () => {
    const unit = parseOk('_Alignas(8) int g;\nvoid f(void) { _Alignas(16) char buf[3]; _Alignas(1) int plain; static _Alignas(32) char s; }');
    expect(fn(unit, 'f').locals.map((v) => v.align)).toEqual([16, undefined]);
    expect(global(unit, 'g').variable.align).toBe(8);
    expect(global(unit, 's').variable.align).toBe(32);
  });

  test('function-scope statics are internal globals with unique symbols', () => {
    const unit = parseOk('int f(void) { static int n = 3; return ++n; }\nint g(void) { static int n; return n; }');
    const statics = unit.globals.filter((g) => g.variable.name === 'n');
    expect(statics.map((g) => g.variable.internal)).toEqual([true, true]);
    expect(new Set(statics.map((g) => g.variable.symbol)).size).toBe(2);
    expect(statics[0].init?.bytes).toEqual(new Uint8Array([3, 0, 0, 0]));
    expect(statics[1].init).toBeNull();
    expect(fn(unit, 'f').scope.variables.map((v) => v.name)).toEqual(['n']);
  });
});

describe('the translation unit', () => {
  test('tentative definitions merge with a later definition; extern then definition is one object', () => {
    const unit = parseOk('int a;\nint a;\nint a = 4;\nextern int b;\nint b = 2;\nint c;\nextern int arr[];\nint arr[3];');
    expect(unit.globals.map((g) => g.variable.name)).toEqual(['a', 'b', 'c', 'arr']);
    expect(global(unit, 'a').init?.bytes).toEqual(new Uint8Array([4, 0, 0, 0]));
    expect(global(unit, 'c').init).toBeNull();
    expect(typeName(global(unit, 'arr').variable.type)).toBe('int[3]');
  });

  test('externs list what is used but defined elsewhere', () => {
    const unit = parseOk('extern int used, unused;\nint put(int);\nint never(void);\nint f(void) { return put(used); }');
    expect(unit.externs.map((v) => [v.name, v.kind])).toEqual([['used', 'global'], ['put', 'function']]);
  });

  test('static functions and globals are internal; string literals are .L.str objects', () => {
    const unit = parseOk('static int hidden;\nstatic int helper(void) { return hidden; }\nconst char *msg(void) { return "hey"; }');
    expect(global(unit, 'hidden').variable.internal).toBe(true);
    expect(fn(unit, 'helper').variable.internal).toBe(true);
    const literal = unit.globals.find((g) => g.variable.symbol.startsWith('.L.str.'));
    expect(literal).toMatchObject({ readonly: true, userVisible: false, init: { bytes: new Uint8Array([104, 101, 121, 0]) } });
  });

  test('identical string literals share one object', () => {
    const unit = parseOk('const char *a(void) { return "aaab"; }\nconst char *b(void) { return "aaab"; }\nconst char *c(void) { return "aaa"; }');
    const literals = unit.globals.filter((g) => g.variable.symbol.startsWith('.L.str.'));
    expect(literals.map((g) => new TextDecoder().decode(g.init?.bytes))).toEqual(['aaab\0', 'aaa\0']);
  });

  test('const globals are read-only', () => {
    const unit = parseOk('const int k = 3;\nconst char table[2] = { 1, 2 };\nchar *const p = 0;');
    expect(['k', 'table', 'p'].map((n) => global(unit, n).readonly)).toEqual([true, true, true]);
  });

  test('complex declarators', () => {
    const unit = parseOk('void (*signal(int sig, void (*handler)(int)))(int);\nint (*(*fpa)[3])(char);\nchar *(*names)[4];');
    const types = unit.globals.map((g) => typeName(g.variable.type));
    expect(types).toEqual(['int (*(*)[3])(char)', 'char *(*)[4]']);
    const decl = parseOk('void (*signal(int, void (*)(int)))(int);\nvoid *f(void) { return (void *)signal; }');
    expect(decl.externs.map((v) => typeName(v.type))).toEqual(['void (*(int, void (*)(int)))(int)']);
  });
});
