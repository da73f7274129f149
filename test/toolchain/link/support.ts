// Test helpers for the linker and ELF tests: compile sources to RV32IMA objects with Debian's
// clang (the differential fixtures' flags, minus the link-only ones), cached by content under
// test/.build/link, and write executables where qemu-riscv32 and oslab can run them.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { baseFlags } from '../../support/build-fixtures';
import { LinkError, type LinkOptions } from '../../../sim/toolchain/link';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const workDir = join(root, 'test', '.build', 'link');

/** The fixtures' compile flags without the ones that only matter when clang links. */
export const compileFlags: readonly string[] = baseFlags.filter((f) => !['-static', '-fuse-ld=lld', '-nostdlib'].includes(f) && !f.startsWith('-Wl,'));

/** Compiles `source` with clang -c; reuses an earlier result when source, headers and flags are unchanged. */
export async function compileObject(source: string, flags: readonly string[] = [], includes: readonly string[] = []): Promise<string> {
  mkdirSync(workDir, { recursive: true });
  const args = [...compileFlags, ...flags, ...includes.map((i) => `-I${i}`)];
  const hash = createHash('sha256').update(JSON.stringify(args)).update(source).update(readFileSync(source));
  // Headers can change too: hash every header in the include directories.
  for (const dir of includes) for (const header of readdirSync(dir).filter((f) => f.endsWith('.h')).sort()) hash.update(header).update(readFileSync(join(dir, header)));
  const out = join(workDir, `${basename(source).replace(/\.[cS]$/, '')}-${hash.digest('hex').slice(0, 12)}.o`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`;
    await run('clang', [...args, '-c', source, '-o', tmp]);
    renameSync(tmp, out);
  }
  return out;
}

/** The name a compiled object had before its cache hash ("far-1a2b3c4d5e6f.o" → "far.o"). */
export function objectName(path: string): string {
  return basename(path).replace(/-[0-9a-f]{12}\.o$/, '.o');
}

/** Compiles assembly or C given as text (named `name`, e.g. "calls.S"); the source is stored by content, so concurrent tests cannot clash. */
export async function compileText(name: string, text: string, flags: readonly string[] = [], includes: readonly string[] = []): Promise<string> {
  const dir = join(workDir, 'src', createHash('sha256').update(text).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const source = join(dir, name);
  if (!existsSync(source)) {
    const tmp = `${source}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, source);
  }
  return compileObject(source, flags, includes);
}

/** Writes bytes under the work directory's out/ folder; returns the path. */
export function writeFile(name: string, bytes: Uint8Array): string {
  mkdirSync(join(workDir, 'out'), { recursive: true });
  const path = join(workDir, 'out', name);
  writeFileSync(path, bytes);
  return path;
}

/** The LinkError `run` throws (anything else, or nothing, fails the test). */
export function captureLinkError(run: () => unknown): LinkError {
  try {
    run();
  } catch (error) {
    if (error instanceof LinkError) return error;
    throw error;
  }
  throw new Error('expected a LinkError');
}

export function writeElf(name: string, bytes: Uint8Array): string {
  mkdirSync(join(workDir, 'out'), { recursive: true });
  const path = join(workDir, 'out', name);
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
  return path;
}

export async function tool(cmd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(cmd, [...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Links with ld.lld (no relaxation, like the fixtures); returns the executable's path. */
export async function lldLink(name: string, objects: readonly string[], extra: readonly string[] = []): Promise<string> {
  mkdirSync(join(workDir, 'out'), { recursive: true });
  const out = join(workDir, 'out', name);
  await run('ld.lld', ['--no-relax', ...extra, ...objects, '-o', out]);
  return out;
}

/** A fixture's clang link flags (NAME.json "ldflags") as options for our linker. */
export function linkOptionsFor(ldflags: readonly string[]): LinkOptions {
  const options: { -readonly [K in keyof LinkOptions]: LinkOptions[K] } = {};
  const sectionStart: Record<string, number> = {};
  for (const flag of ldflags.flatMap((f) => (f.startsWith('-Wl,-z,') ? [`-z=${f.slice(7)}`] : f.split(',').slice(f.startsWith('-Wl,') ? 1 : 0)))) {
    const start = /^-T(text|data|bss|rodata)=(0x[0-9a-f]+|\d+)$/i.exec(flag);
    if (flag === '-N') options.omagic = true;
    else if (flag === '-z=execstack') options.execStack = true;
    else if (flag === '-z=separate-code') options.separateCode = true;
    else if (flag.startsWith('-z=max-page-size=')) options.pageSize = Number(flag.slice('-z=max-page-size='.length));
    else if (start) sectionStart[`.${start[1]}`] = Number(start[2]);
    else throw new Error(`linkOptionsFor: no linker option for ${flag}`);
  }
  if (Object.keys(sectionStart).length > 0) options.sectionStart = sectionStart;
  return options;
}
