// The safe-arithmetic helpers a generated program may call (csmith's safe_math idea, smaller):
// signed +, -, * computed in the unsigned type and converted back (a modular, implementation-
// defined conversion, never undefined behaviour); / and % guarded against zero and MIN / -1.
// A program's prelude defines only the helpers it uses, so no compiler warns of unused ones.

import { INT, LLONG, UINT, ULLONG, type IntType } from './types';

export type HelperName = `fz_${'add' | 'sub' | 'mul' | 'div' | 'mod'}_${'i32' | 'i64' | 'u32' | 'u64'}`;

const C_OPERATOR = { add: '+', sub: '-', mul: '*', div: '/', mod: '%' } as const;
const SUFFIX_TYPE = { i32: INT, i64: LLONG, u32: UINT, u64: ULLONG } as const;
const MIN = { i32: '(-2147483647 - 1)', i64: '(-9223372036854775807LL - 1)' } as const;

/** The helper computing `op` in the 32- or 64-bit signed or unsigned type, and its result type. */
export function helperFor(op: keyof typeof C_OPERATOR, type: IntType): { name: HelperName; type: IntType } {
  const suffix = `${type.signed ? 'i' : 'u'}${type.bits === 64 ? '64' : '32'}` as const;
  return { name: `fz_${op}_${suffix}`, type: SUFFIX_TYPE[suffix] };
}

export function helperDefinition(name: HelperName): string {
  const [, op, suffix] = name.split('_') as [string, keyof typeof C_OPERATOR, keyof typeof SUFFIX_TYPE];
  const t = SUFFIX_TYPE[suffix].name;
  const u = suffix.endsWith('64') ? 'unsigned long long' : 'unsigned';
  const c = C_OPERATOR[op];
  let body: string;
  if (op === 'div' || op === 'mod') {
    const overflow = suffix === 'i32' || suffix === 'i64' ? ` || (a == ${MIN[suffix]} && b == -1)` : '';
    body = `return (b == 0${overflow}) ? a : a ${c} b;`;
  } else {
    body = suffix.startsWith('i') ? `return (${t})((${u})a ${c} (${u})b);` : `return a ${c} b;`;
  }
  return `static ${t} ${name}(${t} a, ${t} b) {\n  ${body}\n}\n`;
}
