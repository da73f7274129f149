// oslab's toolchain after C, end to end: every differential fixture compiled to assembly by
// clang (-S), then assembled by oslab's assembler and linked by oslab's linker, behaves on
// qemu-riscv32 and on `oslab run` exactly as the clang + ld.lld build of the same program.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../sim/toolchain/asm';
import { link, type LinkInput } from '../../sim/toolchain/link';
import { compileFlags, fixtureDir, listFixtures, type Fixture } from '../support/build-fixtures';
import { runOslab } from '../support/oslab';
import { runQemu } from '../support/qemu';
import { clangToAssembly, parallelMap, preprocess } from './asm/support';
import { linkOptionsFor } from './link/support';

const rtDir = join(fixtureDir, 'rt');
const outDir = join(__dirname, '..', '.build', 'pipeline');
const fixtures = listFixtures();
const built = new Map<string, string>();

async function toAssembly(source: string, flags: readonly string[]): Promise<string> {
  return source.endsWith('.S') ? preprocess(source, [`-I${rtDir}`]) : clangToAssembly(source, [...compileFlags, ...flags, `-I${rtDir}`]);
}

async function buildWithOslab(fx: Fixture): Promise<string> {
  const opt = fx.cflags.some((f) => f.startsWith('-O')) ? [] : ['-O1'];
  const sources = [...(fx.runtime ? [join(rtDir, 'start.S'), join(rtDir, 'rt.c')] : []), fx.source];
  const inputs: LinkInput[] = [];
  for (const source of sources) {
    const flags = source === fx.source ? [...opt, ...fx.cflags] : ['-O1'];
    const text = await toAssembly(source, flags);
    inputs.push({ kind: 'object', object: assemble(text, { file: source.replace(/\.[cS]$/, '.s') }).object });
  }
  const { executable } = link(inputs, linkOptionsFor(fx.ldflags));
  const path = join(outDir, `${fx.name}.elf`);
  writeFileSync(path, executable, { mode: 0o755 });
  return path;
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await parallelMap(fixtures, async (fx) => built.set(fx.name, await buildWithOslab(fx)));
}, 600_000);

describe('clang -S, then oslab’s assembler and linker', () => {
  it.each(fixtures.map((fx) => [fx.name, fx] as const))('%s runs as the clang + lld build does', async (_name, fx) => {
    const options = { args: fx.args, stdin: fx.stdin };
    const reference = await runQemu(fx.elf, options);
    const ours = built.get(fx.name)!;
    const [onQemu, onOslab] = await Promise.all([runQemu(ours, options), runOslab(ours, options)]);
    expect(reference.status).toBe(fx.status);
    expect({ stdout: onQemu.stdout, status: onQemu.status }).toEqual({ stdout: reference.stdout, status: reference.status });
    expect({ stdout: onOslab.stdout, status: onOslab.status }).toEqual({ stdout: reference.stdout, status: reference.status });
  });
});
