// Broken C for the compiler's robustness test: seeded random mutations of good programs
// (characters and tokens deleted, duplicated, swapped; truncation; stray punctuation, keywords,
// huge numbers, unterminated strings and comments, unbalanced #if) and a fixed set of
// pathologically deep inputs (10,000 parentheses, braces, declarators, #if levels, macro calls,
// a file that includes itself), which a recursive-descent compiler must refuse with a
// diagnostic rather than overflow the JavaScript stack.

import type { Dice } from './random';

export interface Mutant {
  /** What was done, for the failure message. */
  readonly name: string;
  readonly text: string;
}

const SNIPPETS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', '->', '*', '&', '#', '##', '"', "'", '\\', '\\\n', '...', '?', ':', '=', '<<=',
  'int', 'struct', 'union', 'enum', 'return', 'sizeof', 'typedef', 'case 1:', 'default:', 'goto nowhere;', 'break;', 'continue;',
  '_Static_assert(0, "x");', '_Alignas(3)', '_Generic(', 'static', 'extern', 'register', 'const volatile', 'void', 'long long long',
  '99999999999999999999999999999', '0x', '0b102', '1e999999', '1.2.3', '0xffffffffffffffffffffULL', '077777777777777777777777',
  "'ab'", "''", '"unterminated', "'x", '/* unterminated', '//\\', '#if 1', '#if', '#else', '#endif', '#elif', '#define', '#define X(',
  '#include "no-such-file.h"', '#include <', '#include', '#line 0', '#error boom', '#pragma', '#undef', '??=', '\0', '\x7f', 'é', '@', '$', '`',
  '__VA_ARGS__', '__LINE__', 'L"wide"', 'u8"x"', '\t\v\f', '\r',
];

function tokens(text: string): string[] {
  return text.match(/[A-Za-z_]\w*|\d[\w.]*|\s+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S/g) ?? [];
}

/** One random mutation of `text`. */
export function mutate(text: string, dice: Dice): Mutant {
  const at = dice.below(text.length + 1);
  const kind = dice.weighted({ deleteChars: 2, deleteToken: 3, duplicate: 2, swapTokens: 2, truncate: 1, insert: 5 });
  switch (kind) {
    case 'deleteChars': {
      const n = dice.between(1, 20);
      return { name: `delete ${n} chars at ${at}`, text: text.slice(0, at) + text.slice(at + n) };
    }
    case 'truncate':
      return { name: `truncate at ${at}`, text: text.slice(0, at) };
    case 'duplicate': {
      const n = dice.between(1, 60);
      return { name: `duplicate ${n} chars at ${at}`, text: text.slice(0, at + n) + text.slice(at, at + n) + text.slice(at + n) };
    }
    case 'insert': {
      const snippet = dice.pick(SNIPPETS);
      return { name: `insert ${JSON.stringify(snippet)} at ${at}`, text: text.slice(0, at) + snippet + text.slice(at) };
    }
    case 'deleteToken': case 'swapTokens': {
      const list = tokens(text);
      const i = dice.below(list.length);
      if (kind === 'deleteToken') return { name: `delete token ${i} ${JSON.stringify(list[i])}`, text: [...list.slice(0, i), ...list.slice(i + 1)].join('') };
      const j = dice.below(list.length);
      [list[i], list[j]] = [list[j], list[i]];
      return { name: `swap tokens ${i} and ${j}`, text: list.join('') };
    }
  }
}

const N = 10_000;

/** A function body wrapping `statement`, with a few variables the statements can use. */
function inMain(statement: string): string {
  return `int x;\nint a[4];\nint f(int v) { return v; }\nint main(void) {\n${statement}\nreturn 0;\n}\n`;
}

/** Inputs nested 10,000 deep in every construct a recursive-descent compiler recurses on. */
export function deepInputs(): Mutant[] {
  const r = (s: string, n = N): string => s.repeat(n);
  return [
    { name: 'parentheses', text: inMain(`x = ${r('(')}1${r(')')};`) },
    { name: 'braces', text: inMain(`${r('{')}x = 1;${r('}')}`) },
    { name: 'unary minus', text: inMain(`x = ${r('- ')}1;`) },
    { name: 'logical not', text: inMain(`x = ${r('!')}1;`) },
    { name: 'casts', text: inMain(`x = ${r('(int)')}1;`) },
    { name: 'array indexing', text: inMain(`x = ${r('a[')}0${r(']')};`) },
    { name: 'calls', text: inMain(`x = ${r('f(')}0${r(')')};`) },
    { name: 'assignment chain', text: inMain(`x = ${r('x = ')}1;`) },
    { name: 'conditional chain', text: inMain(`x = ${r('x ? 1 : ')}0;`) },
    { name: 'binary chain', text: inMain(`x = 1${r(' + 1')};`) },
    { name: 'if chain', text: inMain(`${r('if (x) ')}x = 1;`) },
    { name: 'else-if chain', text: inMain(`if (x) x = 0;${r(' else if (x) x = 1;')}`) },
    { name: 'loops', text: inMain(`${r('while (x) ')}x = 0;`) },
    { name: 'pointer declarator', text: `int ${r('*')}p;\n` },
    { name: 'parenthesised declarator', text: `int ${r('(')}p${r(')')};\n` },
    { name: 'array declarator', text: `int p${r('[1]', 2000)};\n` },
    { name: 'function declarator', text: `int p${r('(void)', 2000)};\n` },
    { name: 'nested structs', text: `${r('struct { ')}int m;${r(' } m;')}\n` },
    { name: 'initializer braces', text: `int v = ${r('{')}1${r('}')};\n` },
    { name: '#if nesting', text: `${r('#if 1\n')}int v;\n${r('#endif\n')}` },
    { name: '#if expression', text: `#if ${r('(')}1${r(')')}\nint v;\n#endif\n` },
    { name: 'macro calls', text: `#define F(v) v\nint v = ${r('F(')}1${r(')')};\n` },
    { name: 'macro chain', text: `${Array.from({ length: N }, (_, i) => `#define M${i} M${i + 1}\n`).join('')}#define M${N} 1\nint v = M0;\n` },
    { name: 'self include', text: '#include __FILE__\nint v;\n' },
    { name: 'include loop via macro', text: '#define SELF __FILE__\n#include SELF\n' },
  ];
}
