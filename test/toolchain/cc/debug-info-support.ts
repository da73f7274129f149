// Helpers for the DWARF emitter's tests: assemble the compiler's text the way the driver does,
// write the object and the linked executable to a scratch directory, and run llvm-dwarfdump on
// them (the independent oracle) next to oslab's own reader.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BufferConsole } from '../../../sim/console';
import { Machine } from '../../../sim/machine';
import { assemble } from '../../../sim/toolchain/asm';
import type { CompileContext } from '../../../sim/toolchain/cc/context';
import { writeObject } from '../../../sim/toolchain/elf/write-object';
import { stripTypedefs, type DebugInfo, type Variable } from '../../../sim/toolchain/dwarf';
import { link } from '../../../sim/toolchain/link';
import type { ObjectFile } from '../../../sim/toolchain/object';

const scratch = mkdtempSync(join(tmpdir(), 'oslab-cc-dwarf-'));
let counter = 0;

/** `.file` directives for the files codegen and the emitter numbered (as cc/index.ts writes them). */
export function fileDirectives(ctx: CompileContext): string {
  return ctx.lineTableFiles.map((f, i) => `\t.file\t${i + 1} ${JSON.stringify(f.path)}\n`).join('');
}

export interface Built {
  readonly object: ObjectFile;
  readonly objectPath: string;
  readonly executable: Uint8Array;
  readonly executablePath: string;
}

/** A path in this run's scratch directory. */
export function scratchPath(name: string): string {
  return join(scratch, `${counter++}-${name}`);
}

/** Assembles `assembly` and writes the object to disk. */
export function buildObject(assembly: string, name = 'unit'): { object: ObjectFile; objectPath: string } {
  const object = assemble(assembly, { file: `${name}.s` }).object;
  const objectPath = scratchPath(`${name}.o`);
  writeFileSync(objectPath.replace(/\.o$/, '.s'), assembly); // for reading when a test fails
  writeFileSync(objectPath, writeObject(object));
  return { object, objectPath };
}

/** Assembles `assembly`, links it (it must define `_start`), and writes both to disk. */
export function build(assembly: string, name = 'unit'): Built {
  const { object, objectPath } = buildObject(assembly, name);
  const { executable } = link([{ kind: 'object', object }], {});
  const executablePath = scratchPath(`${name}.elf`);
  writeFileSync(executablePath, executable);
  return { object, objectPath, executable, executablePath };
}

/** Compiles C with clang -g (DWARF 4) to an object: the reference our descriptions are held to. */
export function clangObject(source: string, name = 'ref'): string {
  const cPath = scratchPath(`${name}.c`);
  writeFileSync(cPath, source);
  const objectPath = cPath.replace(/\.c$/, '.o');
  execFileSync('clang', ['--target=riscv32-unknown-elf', '-march=rv32ima', '-mabi=ilp32', '-mno-relax', '-g', '-gdwarf-4', '-O0', '-c', cPath, '-o', objectPath]);
  return objectPath;
}

/**
 * Each named variable's or parameter's type as llvm-dwarfdump spells it (`const char *[2]`),
 * keyed `function/name` (`/name` at unit level; `#2`… for a name repeated in one function).
 */
export function variableTypes(path: string): Map<string, string> {
  const types = new Map<string, string>();
  let fn = '';
  for (const entry of dwarfdump(path, '--debug-info').split(/\n\s*\n/)) {
    const tag = /^0x[0-9a-f]+:( +)(\w+)/m.exec(entry);
    if (!tag) continue;
    const name = /DW_AT_name\t\("([^"]*)"\)/.exec(entry)?.[1];
    if (tag[1].length <= 3) fn = tag[2] === 'DW_TAG_subprogram' ? name ?? '' : '';
    if (!/^DW_TAG_(variable|formal_parameter)$/.test(tag[2]) || name === undefined) continue;
    const type = /DW_AT_type\t\(0x[0-9a-f]+ "([^"]*)"\)/.exec(entry)?.[1] ?? '(none)';
    let key = `${fn}/${name}`;
    for (let n = 2; types.has(key); n++) key = `${fn}/${name}#${n}`;
    types.set(key, type);
  }
  return types;
}

/** llvm-dwarfdump's output; `--verify` failures come back as text, not exceptions. */
export function dwarfdump(path: string, ...flags: string[]): string {
  try {
    return execFileSync('llvm-dwarfdump', [...flags, path], { encoding: 'utf8' });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `FAILED\n${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
}

/** `--verify` output when it found problems; '' when clean. */
export function verifyProblems(path: string): string {
  const out = dwarfdump(path, '--verify');
  return /No errors\./.test(out) && !out.startsWith('FAILED') ? '' : out;
}

/** Per function, the nesting of its entries (`  DW_TAG_variable i`), as llvm-dwarfdump shows it. */
export function functionShapes(path: string): Map<string, string[]> {
  const shapes = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const entry of dwarfdump(path, '--debug-info').split(/\n\s*\n/)) {
    const tag = /^0x[0-9a-f]+:( +)(\w+)/m.exec(entry);
    if (!tag) continue;
    const name = /DW_AT_name\t\("([^"]*)"\)/.exec(entry)?.[1] ?? '';
    if (tag[1].length <= 3) {
      current = tag[2] === 'DW_TAG_subprogram' ? [] : null;
      if (current) shapes.set(name, current);
      continue;
    }
    current?.push(`${' '.repeat(tag[1].length - 5)}${tag[2]} ${name}`.trimEnd());
  }
  return shapes;
}

/** A program on the simulated machine, stopped at line breakpoints, and what a debugger reads from it. */
export class Session {
  readonly machine = new Machine({ cores: 1 }, new BufferConsole());
  readonly pid: number;

  constructor(readonly debug: DebugInfo, executable: Uint8Array, readonly sourcePath: string) {
    this.pid = this.machine.load(executable, { path: 'main' }).pid;
  }

  async runToLine(line: number): Promise<void> {
    const [address] = this.debug.addressesForLine(this.sourcePath, line);
    expect(address, `an address for line ${line}`).toBeDefined();
    this.machine.setBreakpoint(this.pid, address);
    if (this.machine.harts[0].pc >>> 0 === address) this.machine.stepOverBreakpoint(0);
    expect(await this.machine.run()).toMatchObject({ kind: 'stopped' });
    this.machine.clearBreakpoint(this.pid, address);
    expect(this.pc).toBe(address);
  }

  get pc(): number {
    return this.machine.harts[0].pc >>> 0;
  }

  /** The innermost variable of that name visible here, as a debugger resolves it. */
  variable(name: string): Variable {
    const visible = [...this.debug.scopesAt(this.pc).flatMap((s) => s.variables), ...this.debug.globals()];
    const v = visible.find((x) => x.name === name);
    if (!v) throw new Error(`${name} is not visible at 0x${this.pc.toString(16)}`);
    return v;
  }

  address(v: Variable): number {
    const hart = this.machine.harts[0];
    const frame = { pc: this.pc, readRegister: (r: number) => hart.regs[r] >>> 0, readMemory: (a: number, n: number) => this.machine.readMemory(this.pid, a, n) ?? undefined };
    const loc = this.debug.locate(v, frame);
    if (loc.kind !== 'memory') throw new Error(`${v.name} is not in memory`);
    return loc.address;
  }

  int(address: number): number {
    const bytes = this.machine.readMemory(this.pid, address, 4)!;
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
  }

  value(name: string): number {
    return this.int(this.address(this.variable(name)));
  }

  /** A struct member of the variable (or of what the pointer variable points at). */
  member(name: string, member: string): number {
    const v = this.variable(name);
    let type = stripTypedefs(v.type);
    let base = this.address(v);
    if (type.kind === 'pointer') {
      base = this.int(base) >>> 0;
      type = stripTypedefs(type.target);
    }
    if (type.kind !== 'struct') throw new Error(`${name} is not a struct`);
    const m = type.members.find((x) => x.name === member)!;
    return this.int(base + m.offset);
  }
}
