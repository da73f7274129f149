// A whole random C program from a seed: struct types, initialised globals (scalars, arrays, a 2-D
// array, structs, struct arrays, pointers), functions that each call only earlier ones, and a
// main that calls every function and, after each call, prints a checksum of all globals. The
// output is a pure function of the seed on any conforming ILP32 compiler with unsigned plain
// char, so oslab's compiler, gcc and clang must print the same lines.

import { constant, pure } from './expr';
import { helperDefinition, type HelperName } from './helpers';
import { Dice } from './random';
import type { Variable } from './scope';
import { body, emitCall, literalStruct, returnStatement, type BodyContext, type FunctionSig } from './stmt';
import { declare, INT_TYPES, type IntType, type StructType } from './types';

interface Program {
  readonly dice: Dice;
  readonly structs: StructType[];
  readonly globals: Variable[];
  readonly functions: FunctionSig[];
  readonly helpers: Set<HelperName>;
  readonly text: string[];
  names: number;
}

/** Generates the C source for `seed`: a whole program printing its checksums. */
export function generateProgram(seed: number): string {
  const p: Program = { dice: new Dice(seed), structs: [], globals: [], functions: [], helpers: new Set(), text: [], names: 0 };
  for (let i = p.dice.between(1, 3); i > 0; i--) p.structs.push(structType(p));
  const globalsText = globals(p);
  for (let i = p.dice.between(2, 6); i > 0; i--) p.text.push(functionDefinition(p, 150));
  const mainText = main(p);
  return [prelude(seed), ...p.structs.map(structDefinition), globalsText, ...[...p.helpers].sort().map(helperDefinition), checksum(p), ...p.text, mainText].join('\n');
}

function fresh(p: Program, prefix: string): string {
  return `${prefix}_${p.names++}`;
}

function structType(p: Program): StructType {
  const members = Array.from({ length: p.dice.between(1, 5) }, () => ({ name: fresh(p, 'm'), type: p.dice.pick(INT_TYPES) }));
  return { kind: 'struct', name: fresh(p, 'S'), members };
}

function structDefinition(s: StructType): string {
  return `struct ${s.name} {\n${s.members.map((m) => `  ${declare(m.type, m.name)};\n`).join('')}};\n`;
}

function structInitializer(p: Program, s: StructType): string {
  return `{ ${s.members.map((m) => constant(p.dice, m.type).text).join(', ')} }`;
}

function globals(p: Program): string {
  const lines: string[] = [];
  const add = (v: Variable, init: string): void => {
    p.globals.push(v);
    lines.push(`${p.dice.chance(0.3) ? 'static ' : ''}${declare(v.type, v.name)} = ${init};`);
  };
  for (let i = p.dice.between(3, 8); i > 0; i--) {
    const type = p.dice.pick(INT_TYPES);
    add({ name: fresh(p, 'g'), type, writable: true, global: true }, constant(p.dice, type).text);
  }
  for (let i = p.dice.between(1, 3); i > 0; i--) {
    const element = p.dice.pick(INT_TYPES);
    const length = p.dice.pick([2, 4, 8, 16]);
    const values = Array.from({ length: p.dice.between(1, length) }, () => constant(p.dice, element).text);
    add({ name: fresh(p, 'g'), type: { kind: 'array', element, length }, writable: true, global: true }, `{ ${values.join(', ')} }`);
  }
  if (p.dice.chance(0.5)) {
    const element = p.dice.pick(INT_TYPES);
    const rows = Array.from({ length: 4 }, () => `{ ${constant(p.dice, element).text}, ${constant(p.dice, element).text} }`);
    add({ name: fresh(p, 'g'), type: { kind: 'array', element: { kind: 'array', element, length: 2 }, length: 4 }, writable: true, global: true }, `{ ${rows.join(', ')} }`);
  }
  for (const s of p.structs) {
    add({ name: fresh(p, 'g'), type: s, writable: true, global: true }, structInitializer(p, s));
    if (p.dice.chance(0.4)) {
      add({ name: fresh(p, 'g'), type: { kind: 'array', element: s, length: 2 }, writable: true, global: true }, `{ ${structInitializer(p, s)} }`);
    }
  }
  for (let i = p.dice.between(0, 2); i > 0; i--) {
    const target = addressConstant(p);
    add({ name: fresh(p, 'g'), type: { kind: 'pointer', target: target.type }, writable: true, global: true }, target.text);
  }
  return lines.join('\n') + '\n';
}

/** `&object` for a global integer object, with constant indices (a static initialiser). */
function addressConstant(p: Program): { text: string; type: IntType } {
  const options: { text: string; type: IntType }[] = [];
  for (const g of p.globals) {
    const t = g.type;
    if (t.kind === 'int') options.push({ text: `&${g.name}`, type: t });
    if (t.kind === 'array' && t.element.kind === 'int') options.push({ text: `&${g.name}[${p.dice.below(t.length)}]`, type: t.element });
    if (t.kind === 'struct') for (const m of t.members) options.push({ text: `&${g.name}.${m.name}`, type: m.type });
  }
  return p.dice.pick(options);
}

function bodyContext(p: Program, scope: Variable[], returns: FunctionSig['returns'], budget: number): BodyContext {
  return {
    dice: p.dice, scope, helpers: p.helpers, callable: [...p.functions], returns, budget,
    cost: 0, multiplier: 1, loops: 0, breakable: 0, lines: [], indent: '', fresh: (prefix) => fresh(p, prefix),
  };
}

function parameters(p: Program): Variable[] {
  const params: Variable[] = [];
  // Sometimes more than the eight argument registers, so arguments also go on the stack.
  for (let i = p.dice.chance(0.2) ? p.dice.between(6, 11) : p.dice.between(0, 4); i > 0; i--) {
    const name = fresh(p, 'p');
    const kind = p.dice.weighted({ int: 6, struct: 1, pointer: 1.5, structPointer: 0.5 });
    let type: Variable['type'] = p.dice.pick(INT_TYPES);
    if (kind === 'struct') type = p.dice.pick(p.structs);
    if (kind === 'pointer') type = { kind: 'pointer', target: addressConstant(p).type };
    if (kind === 'structPointer') type = { kind: 'pointer', target: p.dice.pick(p.structs) };
    params.push({ name, type, writable: true, global: false });
  }
  return params;
}

function functionDefinition(p: Program, budget: number): string {
  const name = fresh(p, 'f');
  const kind = p.dice.weighted({ int: 7, struct: 1.5, void: 1.5 });
  const returns = kind === 'int' ? p.dice.pick(INT_TYPES) : kind === 'struct' ? p.dice.pick(p.structs) : null;
  const params = parameters(p);
  const b = bodyContext(p, [...p.globals, ...params], returns, budget);
  b.indent = '  ';
  for (let i = p.dice.between(1, 5); i > 0; i--) b.lines.push(`  ${localDeclaration(b)}`);
  b.indent = '';
  body(b, 3, p.dice.between(2, 7));
  b.lines.push(`  ${returnStatement(b)}`);
  const signature = `${returns ? (returns.kind === 'int' ? returns.name : `struct ${returns.name}`) : 'void'} ${name}(${params.length ? params.map((v) => declare(v.type, v.name)).join(', ') : 'void'})`;
  p.functions.push({ name, returns, params, cost: b.cost + 1 });
  return `static ${signature} {\n${b.lines.join('\n')}\n}\n`;
}

/** A function-scope local (scalar, array, struct or pointer), initialised, added to the scope. */
function localDeclaration(b: BodyContext): string {
  const name = b.fresh('l');
  const kind = b.dice.weighted({ int: 6, array: 1.5, struct: 1, pointer: 1.5 });
  const structs = b.scope.map((v) => v.type).filter((t): t is StructType => t.kind === 'struct');
  let v: Variable;
  let init: string;
  if (kind === 'array') {
    const element = b.dice.pick(INT_TYPES);
    const length = b.dice.pick([2, 4, 8]);
    v = { name, type: { kind: 'array', element, length }, writable: true, global: false };
    init = `{ ${Array.from({ length: b.dice.between(1, length) }, () => pure(b, b.dice.below(2)).text).join(', ')} }`;
  } else if (kind === 'struct' && structs.length > 0) {
    const s = b.dice.pick(structs);
    v = { name, type: s, writable: true, global: false };
    init = b.dice.chance(0.5) ? `{ ${s.members.map(() => pure(b, 1).text).join(', ')} }` : literalStruct(b, s);
  } else if (kind === 'pointer') {
    const targets = b.scope.filter((x) => x.type.kind === 'int' && !x.blockLocal);
    const target = b.dice.pick(targets);
    if (target.type.kind !== 'int') throw new Error('unreachable');
    v = { name, type: { kind: 'pointer', target: target.type }, writable: true, global: false };
    init = `&${target.name}`;
  } else {
    const type = b.dice.pick(INT_TYPES);
    v = { name, type, writable: true, global: false };
    // A static local keeps its value from call to call (and needs a constant initialiser).
    if (b.dice.chance(0.15)) {
      b.scope.push(v);
      return `static ${declare(type, name)} = ${constant(b.dice, type).text};`;
    }
    init = pure(b, b.dice.below(3)).text;
  }
  b.scope.push(v);
  return `${declare(v.type, v.name)} = ${init};`;
}

function main(p: Program): string {
  const b = bodyContext(p, [...p.globals], null, 4000);
  b.indent = '  ';
  for (const f of p.functions) {
    for (let calls = p.dice.between(1, 2); calls > 0; calls--) {
      emitCall(b, f);
      b.lines.push('  fz_checksum();', '  printf("%u\\n", (unsigned)(fz_crc >> 32) ^ (unsigned)fz_crc);');
    }
  }
  return `int main(void) {\n${b.lines.join('\n')}\n  printf("%llx\\n", fz_crc);\n  return 0;\n}\n`;
}

/** fz_checksum(): folds every global's value (not pointers: addresses differ) into fz_crc. */
function checksum(p: Program): string {
  const lines: string[] = [];
  for (const g of p.globals) {
    const t = g.type;
    if (t.kind === 'int') lines.push(`fz_mix(${g.name});`);
    if (t.kind === 'pointer' && t.target.kind === 'int') lines.push(`fz_mix(*${g.name});`);
    if (t.kind === 'struct') for (const m of t.members) lines.push(`fz_mix(${g.name}.${m.name});`);
    if (t.kind !== 'array') continue;
    const e = t.element;
    if (e.kind === 'int') lines.push(`for (i = 0; i < ${t.length}; i++) fz_mix(${g.name}[i]);`);
    if (e.kind === 'struct') lines.push(`for (i = 0; i < ${t.length}; i++) {${e.members.map((m) => ` fz_mix(${g.name}[i].${m.name});`).join('')} }`);
    if (e.kind === 'array') lines.push(`for (i = 0; i < ${t.length}; i++) for (j = 0; j < ${e.length}; j++) fz_mix(${g.name}[i][j]);`);
  }
  return [
    'static unsigned long long fz_crc = 14695981039346656037ULL;',
    '',
    'static void fz_mix(unsigned long long value) {',
    '  fz_crc = (fz_crc ^ value) * 1099511628211ULL;',
    '  fz_crc ^= fz_crc >> 29;',
    '}',
    '',
    'static void fz_checksum(void) {',
    '  int i = 0, j = 0;',
    ...lines.map((l) => `  ${l}`),
    '  (void)i;',
    '  (void)j;',
    '}',
    '',
  ].join('\n');
}

const GENERATED_NAME = /\b(?:[gilmpftS]_\d+|fz_\w+|main)\b/g;

/**
 * Several seeds' programs as one (a compiler run and a qemu run instead of one per seed): each
 * program's names get an `s<seed>_` prefix, its main becomes `s<seed>_main`, and the real main
 * prints `seed N` before running each, so a difference in the output names its seed.
 */
export function batchProgram(seeds: readonly number[]): string {
  const parts = seeds.map((seed) => generateProgram(seed).slice(prelude(seed).length).replace(GENERATED_NAME, (name) => `s${seed}_${name}`));
  const calls = seeds.map((seed) => `  printf("seed %u\\n", ${seed}u);\n  s${seed}_main();\n`).join('');
  return `${prelude(seeds[0]).replace(/seed \d+/, `seeds ${seeds.join(', ')}`)}${parts.join('\n')}\nint main(void) {\n${calls}  return 0;\n}\n`;
}

/** The program's first lines: what it is, and the one header it needs (printf). */
function prelude(seed: number): string {
  return `/* Random program for seed ${seed} (test/support/random-c). */\n#include <stdio.h>\n`;
}
