// The toolchain's part of the bench: assembling and linking a generated 10,000-line program in
// process, warm (target: assemble + link < 100 ms).

import { assemble } from '../sim/toolchain/asm';
import { link } from '../sim/toolchain/link';
import { fmtFixed, type Table } from './report';

/** A program of `lines` lines in the shape compilers emit: functions of ALU work, loads and
 *  stores, branches to local labels, calls, address loads, and a data section. */
export function generateProgram(lines: number): string {
  const out = ['  .text', '  .globl _start', '_start:', '  call f0', '  li a7, 93', '  ecall'];
  let f = 0;
  while (out.length < lines - 40) {
    out.push(`  .globl f${f}`, '  .p2align 2', `  .type f${f},@function`, `f${f}:`, '  addi sp, sp, -16', '  sw ra, 12(sp)');
    for (let i = 0; i < 40; i++) {
      switch (i % 8) {
        case 0: out.push(`  li a${i % 8}, ${i * 1234567}`); break;
        case 1: out.push(`  lw a1, ${(i % 16) * 4}(sp)`); break;
        case 2: out.push(`  add a0, a0, a1`); break;
        case 3: out.push(`.LBB${f}_${i}:`, `  bnez a0, .LBB${f}_${i}`); break;
        case 4: out.push(`  lui a2, %hi(data${f % 10})`, `  lw a2, %lo(data${f % 10})(a2)`); break;
        case 5: out.push(`  la a3, data${f % 10}`); break;
        case 6: out.push(`  mul a0, a0, a2  # a comment`); break;
        default: out.push(`  call f${f + 1}`);
      }
    }
    out.push('  lw ra, 12(sp)', '  addi sp, sp, 16', '  ret', `.Lfunc_end${f}:`, `  .size f${f}, .Lfunc_end${f}-f${f}`);
    f++;
  }
  out.push(`  .globl f${f}`, `f${f}:`, '  ret', '  .data');
  for (let i = 0; i < 10; i++) out.push(`data${i}:`, `  .word ${i}, data${(i + 1) % 10}`, '  .asciz "hello"', '  .p2align 2');
  return out.join('\n') + '\n';
}

export interface ToolchainTiming {
  readonly step: string;
  readonly medianMs: number;
  readonly minMs: number;
}

/** Median and fastest of `runs` warm runs (the machine may be busy: the minimum is the cost). */
export function time(step: string, runs: number, f: () => void): ToolchainTiming {
  for (let i = 0; i < 5; i++) f(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { step, medianMs: samples[runs >> 1], minMs: samples[0] };
}

export function benchToolchain(lines: number, runs: number): { timings: ToolchainTiming[]; table: Table } {
  const source = generateProgram(lines);
  const { object } = assemble(source, { file: 'bench.s' });
  const timings = [
    time('assemble', runs, () => assemble(source, { file: 'bench.s' })),
    time('assemble with -g line tables', runs, () => assemble(source, { file: 'bench.s', debugLines: true })),
    time('link', runs, () => link([{ kind: 'object', object }])),
    time('assemble + link', runs, () => link([{ kind: 'object', object: assemble(source, { file: 'bench.s' }).object }])),
  ];
  const rows = timings.map((t) => [
    t.step,
    fmtFixed(t.medianMs, 1),
    fmtFixed(t.minMs, 1),
    t.step === 'assemble + link' ? `< 100 ms ${t.medianMs < 100 ? '✓' : '✗'}` : '',
  ]);
  return {
    timings,
    table: {
      title: `Toolchain in process, warm: a generated ${source.split('\n').length - 1}-line assembly program, ${runs} runs`,
      head: ['step', 'median ms', 'min ms', 'target'],
      align: ['left', 'right', 'right', 'left'],
      rows,
    },
  };
}
