// Oracle plumbing for the assembler tests: runs llvm-mc / clang on a source, reads the resulting
// ELF object with a deliberately tiny reader (independent of sim/toolchain/elf, so a bug there
// cannot hide one here), and puts our ObjectFile into the same normalized shape: per section,
// the bytes and the relocations as (offset, type, symbol name, addend).

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ObjectFile } from '../../../sim/toolchain/object';
import { relocationName } from '../../../sim/toolchain/relocations';

export interface NormalizedRelocation {
  readonly offset: number;
  readonly type: string;
  readonly symbol: string;
  readonly addend: number;
  /** What it points at independent of how the symbol is named: `section+offset` for a local
   *  defined symbol (a label, a section symbol or an assembler temporary), else `name+addend`. */
  readonly target: string;
}

export interface NormalizedSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly nobits: boolean;
  readonly relocations: NormalizedRelocation[];
}

export interface NormalizedSymbol {
  readonly name: string;
  readonly section: string;
  readonly value: number;
  readonly size: number;
  readonly binding: string;
  readonly type: string;
}

export interface NormalizedObject {
  readonly sections: Map<string, NormalizedSection>;
  readonly symbols: NormalizedSymbol[];
}

const execFileAsync = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'oslab-asm-'));
let fileCounter = 0;

/** A fresh path in the test's scratch directory. */
export function scratchPath(name: string): string {
  return join(workDir, `${fileCounter++}-${name}`);
}

export const LLVM_MC = ['-triple=riscv32', '-mattr=+m,+a', '-filetype=obj'];
export const CLANG_FLAGS = ['--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-mno-relax'];

/** Assembles `source` with llvm-mc and reads the object. */
export function llvmMc(source: string, extra: readonly string[] = []): NormalizedObject {
  const input = scratchPath('in.s');
  const output = `${input}.o`;
  writeFileSync(input, source);
  execFileSync('llvm-mc', [...LLVM_MC, ...extra, input, '-o', output], { stdio: 'pipe' });
  return readElfObject(readFileSync(output));
}

/** Runs llvm-mc and returns its stderr (for inputs it rejects). */
export function llvmMcErrors(source: string): string {
  const input = scratchPath('bad.s');
  writeFileSync(input, source);
  try {
    execFileSync('llvm-mc', [...LLVM_MC, input, '-o', `${input}.o`], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? '');
  }
}

/** Reads an ELF32 relocatable object into the normalized shape. */
export function readElfObject(bytes: Uint8Array): NormalizedObject {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const shoff = u32(0x20);
  const shnum = u16(0x30);
  const shstrndx = u16(0x32);
  const headers = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * 40;
    return { name: u32(at), type: u32(at + 4), offset: u32(at + 16), size: u32(at + 20), link: u32(at + 24), info: u32(at + 28) };
  });
  const cString = (tableOffset: number, at: number) => {
    let end = tableOffset + at;
    while (bytes[end] !== 0) end++;
    return new TextDecoder().decode(bytes.subarray(tableOffset + at, end));
  };
  const names = headers.map((h) => cString(headers[shstrndx].offset, h.name));
  const symtab = headers.findIndex((h) => h.type === 2);
  const symbols: NormalizedSymbol[] = [];
  const symbolNames: string[] = [];
  if (symtab >= 0) {
    const strtab = headers[headers[symtab].link].offset;
    for (let at = headers[symtab].offset; at < headers[symtab].offset + headers[symtab].size; at += 16) {
      const info = bytes[at + 12];
      const shndx = u16(at + 14);
      const type = ['notype', 'object', 'func', 'section', 'file'][info & 15] ?? String(info & 15);
      const section = shndx === 0 ? 'undef' : shndx === 0xfff1 ? 'abs' : shndx === 0xfff2 ? 'common' : names[shndx];
      const name = type === 'section' ? section : cString(strtab, u32(at));
      symbolNames.push(name);
      symbols.push({ name, section, value: u32(at + 4), size: u32(at + 8), binding: ['local', 'global', 'weak'][info >> 4] ?? '?', type });
    }
  }
  const sections = new Map<string, NormalizedSection>();
  headers.forEach((h, i) => {
    if (i === 0 || h.type === 2 || h.type === 3 || h.type === 4) return;
    const nobits = h.type === 8;
    sections.set(names[i], { name: names[i], bytes: nobits ? new Uint8Array(0) : bytes.slice(h.offset, h.offset + h.size), size: h.size, nobits, relocations: [] });
  });
  headers.forEach((h) => {
    if (h.type !== 4) return;
    const target = sections.get(names[h.info]);
    for (let at = h.offset; at < h.offset + h.size; at += 12) {
      const info = u32(at + 4);
      const symbol = symbols[info >>> 8];
      const addend = view.getInt32(at + 8, true);
      target?.relocations.push({ offset: u32(at), type: relocationName(info & 0xff), symbol: symbolNames[info >>> 8] ?? '?', addend, target: targetOf(symbol, addend) });
    }
  });
  return { sections, symbols };
}

function targetOf(symbol: NormalizedSymbol | undefined, addend: number): string {
  if (!symbol) return '?';
  const local = symbol.binding === 'local' && symbol.section !== 'undef' && symbol.section !== 'abs';
  return local ? `${symbol.section}+${symbol.value + addend}` : `${symbol.name}+${addend}`;
}

/** Our ObjectFile in the normalized shape. */
export function normalize(object: ObjectFile): NormalizedObject {
  const symbolNames = object.symbols.map((s) => (s.type === 'section' && typeof s.section === 'number' ? object.sections[s.section].name : s.name));
  const symbols: NormalizedSymbol[] = object.symbols.map((s, i) => ({
    name: symbolNames[i],
    section: typeof s.section === 'number' ? object.sections[s.section].name : s.section,
    value: s.value,
    size: s.size,
    binding: s.binding,
    type: s.type,
  }));
  const sections = new Map<string, NormalizedSection>();
  for (const s of object.sections) {
    sections.set(s.name, {
      name: s.name,
      bytes: s.data,
      size: s.size,
      nobits: s.type === 'nobits',
      relocations: s.relocations.map((r) => ({
        offset: r.offset,
        type: relocationName(r.type),
        symbol: symbolNames[r.symbol],
        addend: r.addend,
        target: targetOf(symbols[r.symbol], r.addend),
      })),
    });
  }
  return { sections, symbols };
}

/** Hex of a section's bytes, 4 bytes per group, for readable diffs. */
export function hex(bytes: Uint8Array): string[] {
  const words: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) words.push(Buffer.from(bytes.subarray(i, i + 4)).toString('hex'));
  return words;
}

/** Relocations as one readable line each: by symbol name, or (`resolved`) by what they point at. */
export function relocationLines(section: NormalizedSection | undefined, resolved = false): string[] {
  return (section?.relocations ?? []).map((r) =>
    resolved ? `${r.offset.toString(16)} ${r.type} ${r.target}` : `${r.offset.toString(16)} ${r.type} ${r.symbol}${r.addend ? (r.addend > 0 ? '+' : '') + r.addend : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Cached, parallel oracle runs for the compiler-output tests: clang and llvm-mc results are kept
// in the system temp directory keyed by a hash of their input, flags and tool version, so a
// second run only assembles with our side.

const cacheDir = join(tmpdir(), 'oslab-asm-oracle-cache');
let toolVersion: string | undefined;

function cacheKey(parts: readonly string[]): string {
  toolVersion ??= execFileSync('clang', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  return createHash('sha256').update([toolVersion, ...parts].join('\0')).digest('hex').slice(0, 32);
}

/** Runs `tool args` producing `output`, or reuses the cached result for the same inputs. */
async function cachedRun(tool: string, args: (output: string) => string[], keyParts: readonly string[], ext: string, cwd?: string): Promise<Buffer> {
  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `${cacheKey([tool, ...keyParts])}.${ext}`);
  if (existsSync(cached)) return readFileSync(cached);
  const output = scratchPath(`out.${ext}`);
  await execFileAsync(tool, args(output), { cwd });
  renameSync(output, cached);
  return readFileSync(cached);
}

/** `clang -S` of a C file. */
export async function clangToAssembly(cFile: string, flags: readonly string[]): Promise<string> {
  const out = await cachedRun('clang', (o) => [...CLANG_FLAGS, ...flags, '-S', cFile, '-o', o], [readFileSync(cFile, 'utf8'), ...flags, 'S'], 's');
  return out.toString('utf8');
}

/** `clang -c` of assembly text (what clang's integrated assembler makes of it). */
export async function clangObject(source: string): Promise<NormalizedObject> {
  const input = scratchPath('in.s');
  writeFileSync(input, source);
  const out = await cachedRun('clang', (o) => [...CLANG_FLAGS, '-c', input, '-o', o], [source, 'c'], 'o');
  return readElfObject(out);
}

/** `clang -E` of a .S file. */
export async function preprocess(sFile: string, flags: readonly string[]): Promise<string> {
  const out = await cachedRun('clang', (o) => ['--target=riscv32-unknown-elf', ...flags, '-E', '-P', '-x', 'assembler-with-cpp', sFile, '-o', o], [readFileSync(sFile, 'utf8'), ...flags, 'E'], 'i');
  return out.toString('utf8');
}

/** llvm-mc on assembly text, cached. The input is written under a name derived from its
 *  contents and assembled from its own directory, so that with -g the DW_AT_name and comp_dir
 *  llvm-mc records are the returned `file` and `compDir`. */
export async function llvmMcCached(source: string, extra: readonly string[] = []): Promise<{ object: NormalizedObject; file: string; compDir: string }> {
  const compDir = join(cacheDir, 'src');
  mkdirSync(compDir, { recursive: true });
  const file = `${cacheKey([source]).slice(0, 16)}.s`;
  writeFileSync(join(compDir, file), source);
  const out = await cachedRun('llvm-mc', (o) => [...LLVM_MC, ...extra, file, '-o', o], [source, ...extra, compDir, 'mc'], 'o', compDir);
  return { object: readElfObject(out), file, compDir };
}

/** Maps `items` through `f`, at most `limit` at a time. */
export async function parallelMap<T, R>(items: readonly T[], f: (item: T) => Promise<R>, limit = Math.max(2, availableParallelism())): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
