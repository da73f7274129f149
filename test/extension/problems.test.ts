// The Problems view's content for a file: oslab's compiler run in-process, its errors and
// warnings placed on the right line with a squiggle over the offending name (extension/problems.ts).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskHost, loadSysroot } from '../../host/sysroot';
import { checkSource, isCheckable, parseDiagnosticText, problemsFromError, tokenEnd } from '../../extension/problems';

const options = { host: diskHost, sysroot: loadSysroot() };
const folder = mkdtempSync(join(tmpdir(), 'oslab-problems-'));

describe('checkSource', () => {
  it('finds nothing wrong in a correct program that includes libc headers', () => {
    const path = join(folder, 'hello.c');
    expect(checkSource(path, '#include <stdio.h>\nint main(void) { printf("hi\\n"); return 0; }\n', options)).toEqual([]);
  });

  it('places an undeclared identifier on its line, the squiggle over the whole name', () => {
    const path = join(folder, 'undeclared.c');
    const text = 'int main(void) {\n  int x = 1;\n  return x + counter;\n}\n';
    const problems = checkSource(path, text, options);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ file: path, line: 3, severity: 'error' });
    expect(problem.message).toMatch(/counter/);
    expect(text.split('\n')[2].slice(problem.column - 1, problem.endColumn - 1)).toBe('counter');
  });

  it('reports several errors of one file, each on its own line', () => {
    const path = join(folder, 'several.c');
    const problems = checkSource(path, 'int f(void) { return a; }\nint g(void) { return b; }\n', options);
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [1, 'error'],
      [2, 'error'],
    ]);
  });

  it('turns compiler warnings into warning problems with their line', () => {
    const path = join(folder, 'warn.c');
    const problems = checkSource(path, 'int main(void) {\n  int *p = 5;\n  return p != 0;\n}\n', options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path, line: 2, severity: 'warning' });
    expect(problems[0].message).toMatch(/int-conversion/);
  });

  it('puts an error inside an included header on the header', () => {
    const header = join(folder, 'broken.h');
    writeFileSync(header, 'int ok;\nint broken(void) { return missing; }\n');
    const path = join(folder, 'includer.c');
    const problems = checkSource(path, '#include "broken.h"\nint main(void) { return 0; }\n', options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: header, line: 2, severity: 'error' });
  });

  it('assembles .s files and reports their errors', () => {
    const path = join(folder, 'bad.s');
    const problems = checkSource(path, '.text\n.globl _start\n_start:\n  addi a0, a0\n  frobnicate a0\n', options);
    expect(problems.map((p) => [p.file, p.line, p.severity])).toEqual([
      [path, 4, 'error'],
      [path, 5, 'error'],
    ]);
    expect(checkSource(path, '.text\n.globl _start\n_start:\n  li a0, 0\n  li a7, 93\n  ecall\n', options)).toEqual([]);
  });
});

describe('the diagnostic text and ranges', () => {
  it('parses a gcc-style warning with its source line and caret', () => {
    const text = "/w/a.c:7:12: warning: initialization of 'int *' from 'int' makes pointer from integer\n  int *x = tmp_value;\n           ^";
    expect(parseDiagnosticText(text)).toEqual({ file: '/w/a.c', line: 7, column: 12, endColumn: 21, severity: 'warning', message: "initialization of 'int *' from 'int' makes pointer from integer" });
  });

  it('keeps colons in the message and rejects text that is not a diagnostic', () => {
    expect(parseDiagnosticText('a.c:1:2: error: expected \';\': got \'}\'')?.message).toBe("expected ';': got '}'");
    expect(parseDiagnosticText('In file included from a.c')).toBeNull();
  });

  it('spans a name, a number, or one punctuation character, and nothing past the line end', () => {
    expect(tokenEnd('  foo_bar(1);', 3)).toBe(10);
    expect(tokenEnd('  foo_bar(1);', 5)).toBe(10);
    expect(tokenEnd('x = 1234;', 5)).toBe(9);
    expect(tokenEnd('x = (y;', 5)).toBe(6);
    expect(tokenEnd('abc', 4)).toBe(4);
    expect(tokenEnd(undefined, 3)).toBe(3);
  });

  it('reports a crash of the compiler itself on the checked file instead of losing it', () => {
    const [problem] = problemsFromError(new TypeError('x is undefined'), '/w/a.c');
    expect(problem).toMatchObject({ file: '/w/a.c', line: 1, severity: 'error' });
    expect(problem.message).toMatch(/bug in oslab.*x is undefined/);
  });

  it('checks C sources and assembly on their own, not headers or anything else', () => {
    expect(['a.c', 'a.h', 'a.s', 'a.S', 'a.py', 'a.o'].map(isCheckable)).toEqual([true, false, true, false, false, false]);
  });
});
