// libc's syscall layer is generated from the kernel's table (sim/libc/gen-syscalls.ts): the
// committed outputs must equal a fresh generation, and no syscall number libc can emit may be
// missing from the riscv32 table (a number outside it is -ENOSYS on every riscv32 kernel).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syscallByName, syscallByNumber } from '../../sim/kernel/syscall-table';
import {
  SYSCALL_HEADER_PATH, SYSCALL_STUBS_PATH, TRIVIAL_WRAPPERS, generateSyscallHeader, generateSyscallStubs,
} from '../../sim/libc/gen-syscalls';
import { testLibc } from '../support/libc';

const root = join(__dirname, '..', '..');
const sourceDir = join(root, 'sim', 'libc', 'src');

function sourceFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every `li a7, N` in assembly text: the number an ecall right after it would use. */
function a7Numbers(text: string): number[] {
  return [...text.matchAll(/\bli\s+a7,\s*(-?\d+)/g)].map((m) => Number(m[1]));
}

describe('generated syscall layer', () => {
  it('the committed header and stubs are what the generator writes now', () => {
    expect(readFileSync(join(root, SYSCALL_HEADER_PATH), 'utf8')).toBe(generateSyscallHeader());
    expect(readFileSync(join(root, SYSCALL_STUBS_PATH), 'utf8')).toBe(generateSyscallStubs());
  });

  it('names riscv32 numbers as Linux does', () => {
    const header = generateSyscallHeader();
    expect(header).toContain('#define __NR_read 63\n');
    expect(header).toContain('#define SYS_clone __NR_clone\n');
    expect(header).toContain('#define __NR_llseek 62\n');
    expect(header).not.toMatch(/__NR_(fork|open|stat|nanosleep|wait4|select|poll) /);
  });

  it('wraps only syscalls that exist, each libc name once', () => {
    const names = TRIVIAL_WRAPPERS.map(([libcName]) => libcName);
    expect(new Set(names).size).toBe(names.length);
    for (const [, syscall] of TRIVIAL_WRAPPERS) expect(syscallByName(syscall), syscall).toBeDefined();
  });

  it('every syscall number in libc assembly is in the riscv32 table', () => {
    const numbers = sourceFiles(sourceDir, /\.s$/).flatMap((f) => a7Numbers(readFileSync(f, 'utf8')));
    expect(numbers.length).toBeGreaterThan(TRIVIAL_WRAPPERS.length);
    for (const nr of numbers) expect(syscallByNumber(nr), `li a7, ${nr}`).toBeDefined();
  });

  it('every SYS_/__NR_ name the C sources use is a riscv32 syscall', () => {
    const used = sourceFiles(sourceDir, /\.[ch]$/).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\b(?:SYS|__NR)_(\w+)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(50);
    const known = new Set(generateSyscallHeader().match(/(?<=#define __NR_)\w+/g));
    for (const name of used) expect(known.has(name), name).toBe(true);
  });

  it('the built library loads a7 only with riscv32 syscall numbers', () => {
    const disassembly = execFileSync('llvm-objdump', ['-d', '--no-show-raw-insn', testLibc('clang').archivePath], {
      encoding: 'utf8', maxBuffer: 64 << 20,
    });
    const numbers = a7Numbers(disassembly);
    expect(numbers).toContain(220);
    for (const nr of numbers) expect(syscallByNumber(nr), `li a7, ${nr}`).toBeDefined();
  });
});
