// Static initializers against clang: every global's bytes and relocations must equal what
// `clang -S` puts in .data/.rodata/.bss for the same source (brace elision, designators,
// strings, address constants, unions, packed structs, long long, negative values).
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import type { TranslationUnit } from '../../../sim/toolchain/cc/ast';
import { parseOk } from './parse-support';

interface Data {
  bytes: number[];
  relocations: string[];
}

// Reads clang's data directives back into bytes (little-endian) and `offset:symbol+addend` strings.
function clangData(source: string): Map<string, Data> {
  const asm = execFileSync('clang', ['--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-S', '-o', '-', '-x', 'c', '-', '-w'], { input: source, encoding: 'utf8' });
  const out = new Map<string, Data>();
  let current: Data | null = null;
  for (const raw of asm.split('\n')) {
    const line = raw.trim();
    const label = /^([A-Za-z_.][\w.]*):$/.exec(line);
    if (label) {
      current = label[1].startsWith('.L') && !label[1].startsWith('.L.str') ? current : { bytes: [], relocations: [] };
      if (!label[1].startsWith('.L') || label[1].startsWith('.L.str')) out.set(label[1], current as Data);
      continue;
    }
    const m = /^\.(word|half|byte|quad|zero|asciz|ascii)\s+(.*)$/.exec(line);
    if (!m || !current) continue;
    const [, directive, arg] = m;
    if (directive === 'zero') current.bytes.push(...new Array(Number(arg)).fill(0));
    else if (directive === 'asciz' || directive === 'ascii') {
      const text = JSON.parse(arg.replace(/\\(\d{3})/g, (_s, o: string) => `\\u${parseInt(o, 8).toString(16).padStart(4, '0')}`)) as string;
      current.bytes.push(...[...text].map((c) => c.charCodeAt(0)), ...(directive === 'asciz' ? [0] : []));
    } else {
      const size = { word: 4, half: 2, byte: 1, quad: 8 }[directive] as number;
      if (/^-?\d+$/.test(arg)) {
        let v = BigInt.asUintN(size * 8, BigInt(arg));
        for (let i = 0; i < size; i++, v >>= 8n) current.bytes.push(Number(v & 0xffn));
      } else {
        const [symbol, addend = '0'] = arg.split(/(?=[+-])/);
        current.relocations.push(`${current.bytes.length}:${symbol.replace(/^\.L\.str(\.\d+)?$/, 'STR')}${Number(addend) >= 0 ? '+' : ''}${Number(addend)}`);
        current.bytes.push(...new Array(size).fill(0));
      }
    }
  }
  return out;
}

function ourData(unit: TranslationUnit, name: string): Data {
  const g = unit.globals.find((x) => x.variable.name === name);
  if (!g) throw new Error(`no global ${name}`);
  const size = g.init ? g.init.bytes.length : 0;
  const bytes = g.init ? [...g.init.bytes] : [];
  const relocations = (g.init?.relocations ?? []).map((r) => `${r.offset}:${r.symbol.replace(/^\.L\.str\.\d+$/, 'STR')}${r.addend >= 0 ? '+' : ''}${r.addend}`);
  void size;
  return { bytes, relocations };
}

const SOURCE = `
struct point { int x, y; };
struct rect { struct point a, b; char tag; };
struct rect r1 = { { 1, 2 }, { 3, 4 }, 'z' };
struct rect r2 = { 1, 2, 3, 4, 5 };
struct rect r3 = { .b = { 3, 4 }, .a.y = 7, 9 };
struct rect r4 = { .tag = 1, .a = { .y = -1 } };
int arr[] = { 1, 2, [5] = 3, 4 };
int grid[2][3] = { 1, 2, 3, { 4 } };
int grid2[][2] = { [1][1] = 5, 6 };
char s1[8] = "hello";
char s2[] = "hi\\n";
char s3[3] = "abc";
char s4[2][4] = { "ab", "cde" };
char *ps = "world";
const char *names[] = { "a", "bc", 0 };
int *pa = arr + 2;
int *pm = &r1.b.y;
char *pc = s1 + 1;
long long ll = -2;
unsigned long long ull = 0x123456789abcdefULL;
short sh[3] = { 1, -1 };
signed char sc = -3;
_Bool flag = 42;
union u { char c; int i; } un1 = { 'x' };
union u un2 = { .i = 0x01020304 };
struct __attribute__((packed)) pk { char a; int b; } pk1 = { 1, 0x11223344 };
struct fp { int (*f)(void); int n; };
int fn0(void) { return 0; }
struct fp table[] = { { fn0, 1 }, { 0, 2 } };
int (*fptr)(void) = &fn0;
enum { A = 3, B } e1 = B;
int folded = (3 * 4 - 2) << 2 | 1;
unsigned int neg = -1;
int casted = (char)300;
struct point zero = { 0 };
int bss_int;
struct nested { int a[2]; struct point p; } nested1 = { { 1 }, .p.x = 2, 3 };
int *compound = (int[]){ 7, 8 };
`;

describe('static initializers match clang -S', () => {
  const unit = parseOk(SOURCE);
  const clang = clangData(SOURCE);
  const names = ['r1', 'r2', 'r3', 'r4', 'arr', 'grid', 'grid2', 's1', 's2', 's3', 's4', 'ps', 'names', 'pa', 'pm', 'pc', 'll', 'ull', 'sh', 'sc', 'flag',
    'un1', 'un2', 'pk1', 'table', 'fptr', 'e1', 'folded', 'neg', 'casted', 'nested1'];
  for (const name of names) {
    test(name, () => {
      const theirs = clang.get(name);
      expect(theirs, `clang emitted ${name}`).toBeDefined();
      const ours = ourData(unit, name);
      expect(ours.relocations).toEqual(theirs?.relocations);
      expect(ours.bytes).toEqual(theirs?.bytes);
    });
  }

  test('zero-initialised objects go to .bss (init null) with their full size', () => {
    for (const name of ['zero', 'bss_int']) {
      const g = unit.globals.find((x) => x.variable.name === name);
      expect(g?.init).toBeNull();
      expect(clang.get(name)?.bytes.every((b) => b === 0)).toBe(true);
    }
  });

  test('const objects and string literals are read-only; literals are not user-visible', () => {
    const names = unit.globals.find((g) => g.variable.name === 'names');
    expect(names?.readonly).toBe(false);
    const literal = unit.globals.find((g) => g.variable.name.startsWith('.L.str'));
    expect(literal?.readonly).toBe(true);
    expect(literal?.userVisible).toBe(false);
    expect(literal?.variable.internal).toBe(true);
  });

  test('arrays sized by their initializer', () => {
    const size = (n: string) => unit.globals.find((g) => g.variable.name === n)?.variable.type;
    expect(size('arr')).toMatchObject({ kind: 'array', length: 7 });
    expect(size('grid2')).toMatchObject({ kind: 'array', length: 3 });
    expect(size('s2')).toMatchObject({ kind: 'array', length: 4 });
    expect(size('names')).toMatchObject({ kind: 'array', length: 3 });
  });
});
