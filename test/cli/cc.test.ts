// `oslab cc` and `oslab run prog.c` as a user meets them: C or assembly in, a static RV32
// executable out that runs on oslab and on qemu-riscv32; objects and archives from LLVM link in; every
// mistake in a source is a file:line:col diagnostic with exit status 1, and no input is ever
// overwritten.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oslabCli } from '../support/oslab';

const dir = mkdtempSync(join(tmpdir(), 'oslab-cc-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
function oslab(...args: string[]) {
  const r = spawnSync(process.execPath, [oslabCli, ...args], { encoding: 'utf8', input: '', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const qemu = (elf: string) => spawnSync('qemu-riscv32', [elf], { encoding: 'utf8', input: '' });

const HELLO = `
    .section .rodata
msg: .asciz "hello, sum = "
    .text
    .globl main
main:
    addi sp, sp, -16
    sw   ra, 12(sp)
    li   a0, 1
    la   a1, msg
    li   a2, 13
    li   a7, 64
    ecall
    call sum_digit
    sw   a0, 8(sp)
    li   a0, 1
    addi a1, sp, 8
    li   a2, 2
    li   a7, 64
    ecall
    li   a0, 3
    lw   ra, 12(sp)
    addi sp, sp, 16
    ret
`;
// Returns the character '6' followed by a newline in a0 (as two bytes), from a loop.
const SUM = `
    .text
    .globl sum_digit
sum_digit:
    li   t0, 0
    li   t1, 1
1:  add  t0, t0, t1
    addi t1, t1, 1
    li   t2, 4
    blt  t1, t2, 1b
    addi a0, t0, '0'
    li   t3, 10 << 8
    or   a0, a0, t3
    ret
`;

describe('oslab cc', () => {
  it('assembles and links several .s files; the program runs on oslab and qemu alike', () => {
    const hello = file('hello.s', HELLO);
    const sum = file('sum.s', SUM);
    const out = join(dir, 'hello');
    expect(oslab('cc', '-o', out, hello, sum)).toMatchObject({ status: 0, stderr: '' });
    const ours = oslab('run', out);
    const theirs = qemu(out);
    expect(ours.stdout).toBe('hello, sum = 6\n');
    expect(ours.status).toBe(3);
    expect({ stdout: theirs.stdout, status: theirs.status }).toEqual({ stdout: ours.stdout, status: ours.status });
  });

  it('writes a.out when no -o is given', () => {
    file('one.s', HELLO);
    file('two.s', SUM);
    expect(oslab('cc', 'one.s', 'two.s').status).toBe(0);
    expect(existsSync(join(dir, 'a.out'))).toBe(true);
  });

  it('-c writes objects that LLVM reads and ld.lld links, and that link back in with archives', () => {
    const sum = file('sum2.s', SUM);
    expect(oslab('cc', '-c', '-o', join(dir, 'sum2.o'), sum).status).toBe(0);
    expect(execFileSync('llvm-readelf', ['-s', join(dir, 'sum2.o')], { encoding: 'utf8' })).toMatch(/GLOBAL\s+DEFAULT\s+\d+ sum_digit/);
    execFileSync('llvm-ar', ['rcs', join(dir, 'libsum.a'), join(dir, 'sum2.o')]);
    const out = join(dir, 'with-archive');
    expect(oslab('cc', '-o', out, file('hello2.s', HELLO), join(dir, 'libsum.a')).status).toBe(0);
    expect(oslab('run', out).stdout).toBe('hello, sum = 6\n');
  });

  it('-nostdlib links a program that brings its own _start', () => {
    const start = file('start.s', `
    .text
    .globl _start
_start:
    li a0, 42
    li a7, 93
    ecall
`);
    const out = join(dir, 'bare');
    expect(oslab('cc', '-nostdlib', '-o', out, start).status).toBe(0);
    expect(oslab('run', out).status).toBe(42);
    expect(qemu(out).status).toBe(42);
  });

  it('-g gives a line table llvm-dwarfdump verifies and maps back to the .s lines', () => {
    const out = join(dir, 'debug');
    expect(oslab('cc', '-g', '-o', out, file('dbg.s', HELLO), file('dbg2.s', SUM)).status).toBe(0);
    expect(execFileSync('llvm-dwarfdump', ['--verify', out], { encoding: 'utf8' })).toMatch(/No errors/);
    expect(execFileSync('llvm-dwarfdump', ['--debug-line', out], { encoding: 'utf8' })).toMatch(/dbg2\.s/);
  });

  it('reports every assembly error as file:line:col with the line and a caret, and exits 1', () => {
    const bad = file('bad.s', '    .text\nmain:\n    addi a0, a0, 5000\n    frob x1\n');
    const r = oslab('cc', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:18: error:`);
    expect(r.stderr).toContain('    addi a0, a0, 5000\n                 ^');
    expect(r.stderr).toContain(`${bad}:4:5: error: unrecognized instruction mnemonic`);
  });

  it('names the file and function of an undefined reference', () => {
    const r = oslab('cc', file('undef.s', '    .text\n    .globl main\nmain:\n    call nowhere\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/undefined reference to 'nowhere' in .*undef\.s\(\.text\+0x0\), function 'main'/);
  });

  it('refuses to overwrite an input with the output', () => {
    const src = file('keep.s', HELLO);
    const r = oslab('cc', '-o', src, src);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite input file/);
    expect(readFileSync(src, 'utf8')).toBe(HELLO);
  });

  it('compiles C with oslab libc: the course\'s test.c prints the same on oslab and qemu-riscv32', () => {
    const src = file('test.c', '#include<stdio.h>\nint main() \n{\n  int a =1;\n  int b =2;\n  int c = a + b;\n  printf("a + b = %d",c);\n  return 0;\n}\n');
    const out = join(dir, 'test');
    expect(oslab('cc', '-g', '-O0', '-o', out, src)).toMatchObject({ status: 0, stderr: '' });
    expect(qemu(out)).toMatchObject({ status: 0, stdout: 'a + b = 3' });
    expect(oslab('run', out)).toMatchObject({ status: 0, stdout: 'a + b = 3' });
    expect(oslab('run', src)).toMatchObject({ status: 0, stdout: 'a + b = 3' });
  });

  it('stops at -E, -S and -c like gcc, writing next to the working directory', () => {
    const src = file('stages.c', '#define TWICE(x) ((x) * 2)\nint twice(int v) { return TWICE(v); }\n');
    const pre = oslab('cc', '-E', src);
    expect(pre.status).toBe(0);
    expect(pre.stdout).toContain('return ((v) * 2);');
    expect(oslab('cc', '-S', src).status).toBe(0);
    expect(readFileSync(join(dir, 'stages.s'), 'utf8')).toMatch(/^twice:/m);
    expect(oslab('cc', '-c', src).status).toBe(0);
    expect(execFileSync('llvm-nm', [join(dir, 'stages.o')], { encoding: 'utf8' })).toMatch(/ T twice/);
  });

  it('reports C errors as file:line:col with the line and a caret, several per run, status 1', () => {
    const r = oslab('cc', file('broken.c', 'int main(void) {\n  int x = ;\n  return y;\n}\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken\.c:2:11: error: .*\n  int x = ;\n {10}\^/);
    expect(r.stderr).toMatch(/broken\.c:3:10: error: .*'y' undeclared/);
    expect(r.stderr).not.toMatch(/    at /); // never a stack trace
  });

  it('turns __builtin_trap() into an illegal instruction: SIGILL on oslab and on qemu-riscv32', () => {
    const src = file('trap.c', '#include <stdio.h>\nint main(void) {\n  puts("before");\n  __builtin_trap();\n  puts("after");\n}\n');
    const out = join(dir, 'trap');
    expect(oslab('cc', '-o', out, src).status).toBe(0);
    expect(qemu(out).status).toBe(null); // qemu dies of the signal itself
    // On a terminal stdout is line-buffered, so "before" is out before the trap; into a pipe it
    // is fully buffered and dies with the process, as on Linux.
    const run = oslab('run', '--tty', out);
    expect(run).toMatchObject({ status: 128 + 4, stdout: 'before\r\n' }); // the terminal's ONLCR
    expect(run.stderr).toMatch(/Illegal instruction \[SIGILL\]/);
    expect(oslab('run', out)).toMatchObject({ status: 128 + 4, stdout: '' });
  });

  it('says plainly that floating point is not supported yet', () => {
    const r = oslab('cc', file('float.c', 'int main(void) {\n  double d = 1.5;\n  return (int)d;\n}\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/float\.c:2:\d+: error: floating point is not supported/);
  });

  it('rejects unknown options and missing inputs with one line and status 2', () => {
    expect(oslab('cc', '-O9', 'x.s')).toMatchObject({ status: 2, stderr: "oslab: unknown option '-O9' (see oslab cc --help)\n" });
    expect(oslab('cc')).toMatchObject({ status: 2 });
    expect(oslab('cc', join(dir, 'missing.s')).stderr).toMatch(/cannot read .*missing\.s: ENOENT/);
  });
});

describe('oslab run PROGRAM.s', () => {
  it('assembles, links and runs an assembly program in one step', () => {
    const r = oslab('run', file('hello3.s', HELLO + SUM));
    expect(r).toMatchObject({ status: 3, stdout: 'hello, sum = 6\n' });
  });

  it('stops at assembly errors with the diagnostics and status 1, running nothing', () => {
    const r = oslab('run', file('broken.s', '    .text\n    .globl main\nmain:\n    lw a0, 0(q7)\n'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/broken\.s:4:\d+: error: /);
  });
});
