// Errors: a table of bad inputs and the exact `file:line:col: error: message` each produces
// (llvm-mc's wording where it has one), the shape of a full diagnostic (source line and caret),
// that one run reports every error, and a seeded mutation fuzzer checking that no input makes
// the assembler throw anything but AssemblyErrors.

import { describe, expect, it } from 'vitest';
import { AssemblyErrors, assemble } from '../../../sim/toolchain/asm';
import { ToolchainError } from '../../../sim/toolchain/object';

/** The first line of each diagnostic for `source` (empty when it assembles). */
function errorsOf(source: string): string[] {
  try {
    assemble(source, { file: 'bad.s' });
    return [];
  } catch (e) {
    if (!(e instanceof AssemblyErrors)) throw e;
    return e.errors.map((d) => d.message.split('\n')[0]);
  }
}

const SIMM12 = 'operand must be a symbol with %lo/%pcrel_lo/%tprel_lo modifier or an integer in the range [-2048, 2047]';
const LUI = 'operand must be a symbol with %hi/%tprel_hi modifier or an integer in the range [0, 1048575]';

const TABLE: readonly (readonly [string, string])[] = [
  ['  foo a0, a1', 'bad.s:1:3: error: unrecognized instruction mnemonic'],
  ['  .foo 1', 'bad.s:1:3: error: unknown directive'],
  ['  addi a0, a1, 5000', `bad.s:1:16: error: ${SIMM12}`],
  ['  addi a0, x32, 1', 'bad.s:1:12: error: invalid operand for instruction'],
  ['  addi a0, a1', 'bad.s:1:3: error: too few operands for instruction'],
  ['  addi a0, a1, 1, 2', 'bad.s:1:19: error: invalid operand for instruction'],
  ['  add a0, a1, a2 junk', 'bad.s:1:18: error: unexpected token'],
  ['  addi a0, a1, sym', `bad.s:1:16: error: ${SIMM12}`],
  ['  slli a0, a0, 32', 'bad.s:1:16: error: immediate must be an integer in the range [0, 31]'],
  ['  lui a0, -1', `bad.s:1:11: error: ${LUI}`],
  ['  lui a0, %lo(x)', `bad.s:1:11: error: ${LUI}`],
  ['  addi a0, a0, %hi(x)', `bad.s:1:16: error: ${SIMM12}`],
  ['  csrrw a0, nosuchcsr, a1', 'bad.s:1:13: error: operand must be a valid system register name or an integer in the range [0, 4095]'],
  ['  csrrwi a0, mstatus, 32', 'bad.s:1:23: error: immediate must be an integer in the range [0, 31]'],
  ['  beq a0, a1, 4097', 'bad.s:1:15: error: immediate must be a multiple of 2 bytes in the range [-4096, 4094]'],
  ['  beq a0, a1, 3', 'bad.s:1:15: error: immediate must be a multiple of 2 bytes in the range [-4096, 4094]'],
  ['  j 0x100000', 'bad.s:1:5: error: immediate must be a multiple of 2 bytes in the range [-1048576, 1048574]'],
  ['  lw a0, 2048(a1)', `bad.s:1:10: error: ${SIMM12}`],
  ['  sw a0, 8(a1', "bad.s:1:14: error: expected ')'"],
  ['  lw a0, 8(x99)', 'bad.s:1:12: error: expected a register'],
  ['  li a0, 0x100000000', 'bad.s:1:10: error: immediate must be an integer in the range [-2147483648, 4294967295]'],
  ['  li a0, sym', 'bad.s:1:10: error: immediate must be an integer in the range [-2147483648, 4294967295]'],
  ['  la a0, 5', 'bad.s:1:10: error: operand must be a bare symbol name'],
  ['  lb a0, sym, t0', 'bad.s:1:15: error: invalid operand for instruction'],
  ['  fence rwx, w', "bad.s:1:9: error: operand must be formed of letters selected in-order from 'iorw'"],
  ['  amoadd.w.aq.rl a0, a1, (a2)', 'bad.s:1:3: error: unrecognized instruction mnemonic'],
  ['  amoadd.w a0, a1, 4(a2)', 'bad.s:1:20: error: optional integer offset must be 0'],
  ['x:\nx:', "bad.s:2:1: error: symbol 'x' is already defined (at line 1)"],
  ['  .set x, 1\nx:', "bad.s:2:1: error: symbol 'x' is already defined (by .set/.equ)"],
  ['  .byte 256', 'bad.s:1:9: error: out of range literal value'],
  ['  .half -32769', 'bad.s:1:9: error: out of range literal value'],
  ['  .word 1/0', 'bad.s:1:10: error: division by zero'],
  ['  .p2align 100', 'bad.s:1:12: error: invalid alignment value'],
  ['  .balign 3', 'bad.s:1:11: error: alignment must be a power of 2'],
  ['  .section', 'bad.s:1:11: error: expected identifier in directive'],
  ['  .equ A', 'bad.s:1:9: error: expected comma'],
  ['  1b', 'bad.s:1:3: error: unexpected token at start of statement'],
  ['  j 1b', "bad.s:1:5: error: directional label undefined: no '1:' before this '1b'"],
  ['  j 2f', "bad.s:1:5: error: directional label undefined: no '2:' after this '2f'"],
  ['  .word .Lnowhere', "bad.s:1:9: error: undefined temporary symbol '.Lnowhere'"],
  ['  call .Lnowhere', "bad.s:1:8: error: undefined temporary symbol '.Lnowhere'"],
  ['  .zero -1', 'bad.s:1:9: error: invalid number of bytes'],
  ["  .byte 'ab'", 'bad.s:1:9: error: character literal has more than one character'],
  ['  .ascii "abc', 'bad.s:1:10: error: unterminated string'],
  ['  .ascii "a\\qb"', "bad.s:1:12: error: invalid escape sequence '\\q'"],
  ['  li a0, 0x', "bad.s:1:10: error: invalid number '0x'"],
  ['  li a0, 09', "bad.s:1:10: error: invalid number '09'"],
  ['  lw a0, %pcrel_lo(nosuch)(a0)', 'bad.s:1:10: error: could not find corresponding %pcrel_hi'],
  ['  addi a0, a0, %foo(x)', "bad.s:1:16: error: unknown relocation modifier '%foo'"],
  ['  .word %lo(x) + 1', 'bad.s:1:9: error: %lo is only allowed as a whole instruction operand'],
  ['  beq a0, a1, far\n  .skip 5000\nfar:', 'bad.s:1:15: error: fixup value out of range: branch offset 5004 is not in [-4096, 4094]'],
  ['  j far\n  .skip 0x100000\nfar:', 'bad.s:1:5: error: fixup value out of range: jump offset 1048580 is not in [-1048576, 1048574]'],
  ['  .data\n  .half sym', 'bad.s:2:9: error: a 16-bit value cannot refer to a symbol (no such relocation)'],
  ['  .data\na: .word 0\n  .section .x,"a"\nb: .word a - b', 'bad.s:4:10: error: cannot represent a difference across sections'],
  ['  .bss\n  .word 1', 'bad.s:2:9: error: cannot have non-zero initializers in a nobits section (.bss)'],
  ['  .bss\n  nop', 'bad.s:2:3: error: instructions are not allowed in a nobits section (.bss)'],
  ['  .popsection', 'bad.s:1:3: error: .popsection without corresponding .pushsection'],
  ['  .endm', "bad.s:1:3: error: unexpected '.endm' without a block to close"],
  ['  .rept 3\n  nop', "bad.s:1:3: error: no matching '.endr' directive"],
  ['  .if 1\n  nop', "bad.s:1:3: error: '.if' without a matching '.endif'"],
  ['  .endif', "bad.s:1:3: error: unmatched '.endif' directive"],
  ['.macro m\n  m\n.endm\n  m', 'bad.s:4:1: error: macros nested too deeply'],
  ['  .zero 0x7fffffff', 'bad.s:1:3: error: section .text would grow past 64 MiB'],
  ['  .error "stop here"', 'bad.s:1:3: error: stop here'],
  ['  .include "x.s"', 'bad.s:1:3: error: .include is not supported: the assembler reads a single source text'],
  ['  .loc 1 2 3', "bad.s:1:8: error: unassigned file number in '.loc' directive"],
  ['  .file 1 "a.c"\n  .loc 1 2 1!7', "bad.s:2:12: error: column position out of range in '.loc' directive"],
  ['  .file 100000 "a.c"', 'bad.s:1:9: error: file number must be at most 65535'],
];

describe('diagnostics', () => {
  it.each(TABLE)('%s', (source, expected) => {
    expect(errorsOf(source)).toEqual([expected]);
  });

  it('reports a cyclic .set once per symbol in the cycle', () => {
    expect(errorsOf('  .set a, b\n  .set b, a\n  .word a')).toEqual([
      "bad.s:1:11: error: cyclic definition of symbol 'b'",
      "bad.s:2:11: error: cyclic definition of symbol 'a'",
    ]);
  });

  it('formats a diagnostic with the source line and a caret under the offending token', () => {
    const error = (() => {
      try {
        assemble('start:\n  addi a0, a1, 5000\n', { file: 'prog.s' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ToolchainError);
    expect((error as AssemblyErrors).message).toBe(`prog.s:2:16: error: ${SIMM12}\n  addi a0, a1, 5000\n               ^`);
    expect((error as AssemblyErrors).line).toBe(2);
    expect((error as AssemblyErrors).column).toBe(16);
  });

  it('reports every error of a run, in source order, including those found at the end', () => {
    expect(errorsOf('  j .Lmissing\n  addi a0, a0, 9999\n  bogus\n  .word 1/0\n')).toEqual([
      "bad.s:1:5: error: undefined temporary symbol '.Lmissing'",
      `bad.s:2:16: error: ${SIMM12}`,
      'bad.s:3:3: error: unrecognized instruction mnemonic',
      'bad.s:4:10: error: division by zero',
    ]);
  });

  it('returns warnings instead of throwing for questionable but valid input', () => {
    const { warnings } = assemble('  .option rvc\n  .fill -1, 1, 0\n', { file: 'w.s' });
    expect(warnings.map((w) => w.split('\n')[0])).toEqual([
      'w.s:1:3: warning: compressed instructions are not supported; .option rvc has no effect',
      "w.s:2:3: warning: '.fill' directive with negative repeat count has no effect",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing: mutants of valid sources must assemble or fail with AssemblyErrors, never anything else.

const SEEDS = [
  `  .text
  .globl main
  .type main, @function
main:
  addi sp, sp, -16
  sw ra, 12(sp)
  li a0, 0x12345678
  la a1, message
  lw a2, %lo(counter)(a3)
  lui a3, %hi(counter)
1: auipc t0, %pcrel_hi(counter)
  sw a2, %pcrel_lo(1b)(t0)
  beqz a0, 2f
  call puts@plt
  amoswap.w.aqrl a0, a1, (a2)
  csrr t1, cycle
  fence rw, w
2: lw ra, 12(sp)
  addi sp, sp, 16
  ret
  .size main, .-main
  .section .rodata.str1.1,"aMS",@progbits,1
message: .asciz "hello, \\"world\\"\\n"
  .data
  .p2align 2
counter: .word 1, main + 4, .Lend - counter
  .half 0x1234
  .byte 'x', 7
.Lend:
  .set SIZE, .Lend - counter
  .zero SIZE
`,
  `.macro PUSH reg
  addi sp, sp, -4
  sw \\reg, 0(sp)
.endm
  .rept 3
  PUSH a0
  .endr
  .irp r, t0, t1
  mv \\r, zero
  .endr
.if 2 > 1
  .word 1 << 4 | 3, -(5 % 3), ~0 >> 60
.else
  .word 0
.endif
  .p2align 3, 0xaa, 4
  .balign 8
  .fill 2, 4, 0xdeadbeef
  .comm buf, 64, 8
  .local small
  .comm small, 4, 4
  .section .text.f,"ax",@progbits
f: tail f
  .file 1 "x.c"
  .loc 1 10 4 prologue_end
  nop
`,
];

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

const INTERESTING = ['"', "'", '(', ')', '%', '\\', ':', ',', '.', ';', '#', '/*', '0', '9', 'x', '-', '@', '1f', '1b', '\n', ' ', 'a0', '.endm', '.endr', '.endif'];

/** One random edit: delete, duplicate or swap characters, tokens or lines, or insert something awkward. */
function mutate(source: string, next: () => number): string {
  const at = next() % (source.length + 1);
  switch (next() % 7) {
    case 0:
      return source.slice(0, at) + source.slice(at + 1 + (next() % 3));
    case 1:
      return source.slice(0, at) + source.slice(at, at + 1 + (next() % 4)).repeat(2) + source.slice(at + 1 + (next() % 4));
    case 2:
      return source.slice(0, at) + source[at + 1] + source[at] + source.slice(at + 2);
    case 3:
      return source.slice(0, at) + INTERESTING[next() % INTERESTING.length] + source.slice(at);
    case 4: {
      const words = source.split(/(\s+)/);
      const i = next() % words.length;
      words.splice(i, 1);
      return words.join('');
    }
    case 5: {
      const lines = source.split('\n');
      const i = next() % lines.length;
      lines.splice(next() % lines.length, 0, lines[i]);
      return lines.join('\n');
    }
    default: {
      const words = source.split(/(\s+)/);
      const i = next() % words.length;
      const j = next() % words.length;
      [words[i], words[j]] = [words[j], words[i]];
      return words.join('');
    }
  }
}

describe('fuzzing with mutated sources', () => {
  it('only ever throws AssemblyErrors with located messages, over 4000 mutants', () => {
    const next = xorshift(2024);
    const failures: string[] = [];
    let rejected = 0;
    for (let i = 0; i < 4000; i++) {
      let source = SEEDS[i % SEEDS.length];
      const edits = 1 + (next() % 3);
      for (let e = 0; e < edits; e++) source = mutate(source, next);
      try {
        assemble(source, { file: 'fuzz.s', debugLines: i % 2 === 0 });
      } catch (e) {
        rejected++;
        const ok = e instanceof AssemblyErrors && e.errors.every((d) => /^fuzz\.s:\d+:\d+: error: /.test(d.message) && !d.message.includes('internal assembler error'));
        if (!ok && failures.length < 5) failures.push(`${String(e instanceof Error ? e.stack : e)}\n--- source ---\n${source}`);
      }
    }
    expect(failures).toEqual([]);
    expect(rejected).toBeGreaterThan(500); // the mutations do break things
  });
});

describe('runaway input', () => {
  it('stops a macro that expands itself exponentially', () => {
    const start = performance.now();
    const errors = errorsOf('.macro m\n  m\n  m\n  nop\n.endm\n  m\n');
    expect(errors[0]).toBe('bad.s:6:1: error: macros nested too deeply');
    expect(performance.now() - start).toBeLessThan(2000);
  });
  it('stops after 50 errors', () => {
    expect(errorsOf('  bogus\n'.repeat(1000)).length).toBe(50);
  });
});
