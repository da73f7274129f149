// What a generated function can see and touch: variables (globals, parameters, locals, loop
// counters) and the integer lvalues reachable through them — array elements (index masked to
// the length), struct members, pointer targets. Pointers only ever hold the address of a live
// object of exactly their target type, so every dereference the generator writes is valid.

import type { Dice } from './random';
import type { CType, IntType, StructType } from './types';

export interface Variable {
  readonly name: string;
  readonly type: CType;
  /** Loop counters are read-only, so every loop ends. */
  readonly writable: boolean;
  readonly global: boolean;
  /** Declared in an inner block: dies before the function returns, so no pointer may hold it. */
  readonly blockLocal?: boolean;
}

/** Builds an index expression below `length` (a power of two); supplied by the expression module. */
export type IndexBuilder = (length: number) => string;

export interface Lvalue {
  readonly text: string;
  readonly type: IntType;
  /** C precedence of the text: 16 postfix/primary, 15 unary (`*p`). */
  readonly prec: number;
}

interface Path {
  readonly variable: Variable;
  readonly type: IntType;
  readonly build: (index: IndexBuilder, dice: Dice) => Lvalue;
}

/** Every kind of integer lvalue reachable from the scope, one entry per shape. */
function lvaluePaths(scope: readonly Variable[]): Path[] {
  const paths: Path[] = [];
  for (const variable of scope) {
    const { name, type } = variable;
    const add = (t: IntType, build: Path['build']): void => {
      paths.push({ variable, type: t, build });
    };
    const members = (s: StructType, base: string, arrow: boolean): void => {
      for (const m of s.members) add(m.type, () => ({ text: `${base}${arrow ? '->' : '.'}${m.name}`, type: m.type, prec: 16 }));
    };
    switch (type.kind) {
      case 'int':
        add(type, () => ({ text: name, type, prec: 16 }));
        break;
      case 'struct':
        for (const m of type.members) add(m.type, () => ({ text: `${name}.${m.name}`, type: m.type, prec: 16 }));
        break;
      case 'pointer':
        if (type.target.kind === 'int') {
          const t = type.target;
          add(t, (_, dice) => (dice.chance(0.8) ? { text: `*${name}`, type: t, prec: 15 } : { text: `${name}[0]`, type: t, prec: 16 }));
        } else {
          members(type.target, name, true);
        }
        break;
      case 'array': {
        const { element, length } = type;
        if (element.kind === 'int') {
          add(element, (index, dice) =>
            dice.chance(0.85)
              ? { text: `${name}[${index(length)}]`, type: element, prec: 16 }
              : { text: `*(${name} + (${index(length)}))`, type: element, prec: 15 },
          );
        } else if (element.kind === 'struct') {
          for (const m of element.members) {
            add(m.type, (index) => ({ text: `${name}[${index(length)}].${m.name}`, type: m.type, prec: 16 }));
          }
        } else if (element.kind === 'array' && element.element.kind === 'int') {
          const inner = element.element;
          add(inner, (index) => ({ text: `${name}[${index(length)}][${index(element.length)}]`, type: inner, prec: 16 }));
        }
        break;
      }
    }
  }
  return paths;
}

/** A random integer lvalue, optionally of exactly one type or only a writable one; null if none. */
export function pickLvalue(
  scope: readonly Variable[],
  dice: Dice,
  index: IndexBuilder,
  filter: { readonly type?: IntType; readonly writable?: boolean; readonly globalOnly?: boolean; readonly lasting?: boolean } = {},
): Lvalue | null {
  const paths = lvaluePaths(scope).filter(
    (p) =>
      (!filter.type || p.type === filter.type) &&
      (!filter.writable || p.variable.writable) &&
      (!filter.globalOnly || p.variable.global) &&
      (!filter.lasting || !p.variable.blockLocal),
  );
  if (paths.length === 0) return null;
  return dice.pick(paths).build(index, dice);
}

/** Addressable objects of one struct type: struct variables and elements of struct arrays. */
export function pickStructObject(scope: readonly Variable[], dice: Dice, index: IndexBuilder, type: StructType, lasting: 'global' | 'function' | 'any'): string | null {
  const names: string[] = [];
  for (const v of scope) {
    if ((lasting === 'global' && !v.global) || (lasting === 'function' && v.blockLocal)) continue;
    if (v.type === type) names.push(v.name);
    if (v.type.kind === 'array' && v.type.element === type) names.push(`${v.name}[${index(v.type.length)}]`);
    if (v.type.kind === 'pointer' && v.type.target === type) names.push(`*${v.name}`);
  }
  return names.length === 0 ? null : dice.pick(names);
}
