// What codegen gives the debugger: `.loc` rows (prologue at the function's line, prologue_end
// on the first statement, a row per statement line, epilogue_begin at the closing brace) that
// survive assembly into the line table, and frames whose slots and scopes match the code.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../sim/toolchain/cc/codegen';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { parse } from '../../../sim/toolchain/cc/parse';
import { preprocess } from '../../../sim/toolchain/cc/preprocess';
import { buildProgram, runBoth } from './codegen-support';

const source = `int g;
int f(int a, int b) {
  int x = a + b;
  {
    int y = x * 2;
    g = y;
  }
  return x;
}
int main(void) {
  return f(3, 4) == 7 && g == 14 ? 0 : 1;
}
`;

function compile(debug: boolean) {
  const ctx = new CompileContext({ file: 'dbg.c', text: source, host: { readFile: () => null }, debug });
  const unit = parse(ctx, preprocess(ctx));
  return { ctx, unit, ...generate(ctx, unit) };
}

describe('debug information from codegen', () => {
  it('emits line rows that become the line table of a running program', async () => {
    const { ctx, text } = compile(true);
    const files = ctx.lineTableFiles.map((f, i) => `\t.file\t${i + 1} "${f.path}"\n`).join('');
    const elf = await buildProgram('cg-debug', { assembly: { 'dbg.s': files + text } });
    expect((await runBoth(elf)).status).toBe(0);
    const table = execFileSync('llvm-dwarfdump', ['--debug-line', elf], { encoding: 'utf8' });
    const rows = table.split('\n').filter((l) => /^0x[0-9a-f]+\s+\d+/.test(l)).map((l) => {
      const cols = l.trim().split(/\s+/);
      return `${cols[1]}${cols.includes('prologue_end') ? ' prologue_end' : ''}${cols.includes('epilogue_begin') ? ' epilogue_begin' : ''}`;
    });
    const f = rows.slice(0, rows.indexOf('9 epilogue_begin') + 1);
    expect(f).toEqual(['2', '3 prologue_end', '5', '6', '8', '9 epilogue_begin']);
  });

  it('emits no line rows without -g, and the same instructions', () => {
    const plain = compile(false).text;
    expect(plain).not.toContain('.loc');
    const debugText = compile(true).text.split('\n').filter((l) => !l.includes('.loc')).join('\n');
    expect(debugText).toBe(plain);
  });

  it('describes every parameter and local slot below s0 and each nested scope', () => {
    const { unit, frames } = compile(false);
    const f = unit.functions.find((fn) => fn.variable.name === 'f')!;
    const frame = frames.get(f)!;
    const offsets = [...f.params, ...f.locals].map((v) => frame.slots.get(v)?.offset);
    expect(offsets.every((o) => o !== undefined && o <= -12)).toBe(true);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect([...frame.scopes.keys()]).toEqual(f.scope.children);
    expect(frame.endLabel).toMatch(/^\.L/);
  });
});
