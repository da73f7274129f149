// The macros every compilation starts with: what clang predefines for
// `--target=riscv32 -march=rv32ima -mabi=ilp32 -std=c11` that C code tests (checked against
// `clang -dM -E`), plus `__oslab__`; the dynamic ones (`__FILE__`, `__LINE__`…); and the
// -D/-U options as a `<command line>` file. `__DATE__`/`__TIME__` are fixed so that the same
// source always builds the same program on this deterministic machine.

import { useLoc } from './macro-expand';
import type { PreprocessorState } from './preprocess-stream';
import type { SourceFile } from './token';
import { decodeLiteralBody, makeToken, type PPToken } from './tokenize';

const PREDEFINED: readonly (readonly [string, string])[] = [
  ['__STDC__', '1'], ['__STDC_VERSION__', '201112L'], ['__STDC_HOSTED__', '1'], ['__STDC_UTF_16__', '1'], ['__STDC_UTF_32__', '1'],
  ['__STDC_NO_COMPLEX__', '1'], ['__STDC_NO_VLA__', '1'], ['__STDC_NO_THREADS__', '1'],
  ['__DATE__', '"Jan  1 2026"'], ['__TIME__', '"00:00:00"'],
  ['__oslab__', '1'], ['__GNUC__', '4'], ['__GNUC_MINOR__', '2'], ['__GNUC_PATCHLEVEL__', '1'], ['__GNUC_STDC_INLINE__', '1'],
  ['__NO_INLINE__', '1'], ['__USER_LABEL_PREFIX__', ''], ['__VERSION__', '"oslab cc"'],
  ['__riscv', '1'], ['__riscv_xlen', '32'], ['__riscv_mul', '1'], ['__riscv_div', '1'], ['__riscv_muldiv', '1'],
  ['__riscv_atomic', '1'], ['__riscv_float_abi_soft', '1'], ['__riscv_cmodel_medlow', '1'],
  ['__riscv_i', '2000000'], ['__riscv_m', '2000000'], ['__riscv_a', '2000000'], ['__riscv_arch_test', '1'],
  ['__ILP32__', '1'], ['_ILP32', '1'], ['__ELF__', '1'],
  ['__linux__', '1'], ['__linux', '1'], ['__unix__', '1'], ['__unix', '1'],
  ['__CHAR_BIT__', '8'], ['__CHAR_UNSIGNED__', '1'], ['__BIGGEST_ALIGNMENT__', '16'], ['__POINTER_WIDTH__', '32'],
  ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'], ['__ORDER_LITTLE_ENDIAN__', '1234'], ['__ORDER_BIG_ENDIAN__', '4321'],
  ['__ORDER_PDP_ENDIAN__', '3412'], ['__LITTLE_ENDIAN__', '1'],
  ['__ATOMIC_RELAXED', '0'], ['__ATOMIC_CONSUME', '1'], ['__ATOMIC_ACQUIRE', '2'], ['__ATOMIC_RELEASE', '3'],
  ['__ATOMIC_ACQ_REL', '4'], ['__ATOMIC_SEQ_CST', '5'],
  ['__SIZEOF_SHORT__', '2'], ['__SIZEOF_INT__', '4'], ['__SIZEOF_LONG__', '4'], ['__SIZEOF_LONG_LONG__', '8'],
  ['__SIZEOF_POINTER__', '4'], ['__SIZEOF_SIZE_T__', '4'], ['__SIZEOF_PTRDIFF_T__', '4'], ['__SIZEOF_WCHAR_T__', '4'],
  ['__SIZEOF_WINT_T__', '4'], ['__SIZEOF_FLOAT__', '4'], ['__SIZEOF_DOUBLE__', '8'], ['__SIZEOF_LONG_DOUBLE__', '16'],
  ['__SIZE_TYPE__', 'unsigned int'], ['__PTRDIFF_TYPE__', 'int'], ['__WCHAR_TYPE__', 'int'], ['__WINT_TYPE__', 'unsigned int'],
  ['__INTPTR_TYPE__', 'int'], ['__UINTPTR_TYPE__', 'unsigned int'],
  ['__INTMAX_TYPE__', 'long long int'], ['__UINTMAX_TYPE__', 'long long unsigned int'],
  ['__INT8_TYPE__', 'signed char'], ['__INT16_TYPE__', 'short'], ['__INT32_TYPE__', 'int'], ['__INT64_TYPE__', 'long long int'],
  ['__UINT8_TYPE__', 'unsigned char'], ['__UINT16_TYPE__', 'unsigned short'], ['__UINT32_TYPE__', 'unsigned int'],
  ['__UINT64_TYPE__', 'long long unsigned int'], ['__CHAR16_TYPE__', 'unsigned short'], ['__CHAR32_TYPE__', 'unsigned int'],
  ['__SCHAR_MAX__', '127'], ['__SHRT_MAX__', '32767'], ['__INT_MAX__', '2147483647'], ['__LONG_MAX__', '2147483647L'],
  ['__LONG_LONG_MAX__', '9223372036854775807LL'], ['__WCHAR_MAX__', '2147483647'], ['__WINT_MAX__', '4294967295U'],
  ['__INTMAX_MAX__', '9223372036854775807LL'], ['__UINTMAX_MAX__', '18446744073709551615ULL'],
  ['__SIZE_MAX__', '4294967295U'], ['__PTRDIFF_MAX__', '2147483647'], ['__INTPTR_MAX__', '2147483647'],
  ['__UINTPTR_MAX__', '4294967295U'], ['__SIG_ATOMIC_MAX__', '2147483647'],
  ['__INT8_MAX__', '127'], ['__INT16_MAX__', '32767'], ['__INT32_MAX__', '2147483647'], ['__INT64_MAX__', '9223372036854775807LL'],
  ['__UINT8_MAX__', '255'], ['__UINT16_MAX__', '65535'], ['__UINT32_MAX__', '4294967295U'], ['__UINT64_MAX__', '18446744073709551615ULL'],
  ['__SCHAR_WIDTH__', '8'], ['__SHRT_WIDTH__', '16'], ['__INT_WIDTH__', '32'], ['__LONG_WIDTH__', '32'], ['__LLONG_WIDTH__', '64'],
  ['__PTRDIFF_WIDTH__', '32'], ['__SIZE_WIDTH__', '32'], ['__INTPTR_WIDTH__', '32'], ['__INTMAX_WIDTH__', '64'],
];

/** Names `defined` and `#ifdef` see as macros though they are operators of #if. */
export const HAS_OPERATORS: ReadonlySet<string> = new Set([
  '__has_include', '__has_include_next', '__has_builtin', '__has_attribute', '__has_feature', '__has_extension',
  '__has_c_attribute', '__has_cpp_attribute', '__has_warning',
]);

/** The `<built-in>` and `<command line>` sources, run as files before the main file. */
export function predefinedSource(state: PreprocessorState): { builtin: SourceFile; commandLine: SourceFile } {
  const { defines = [], undefines = [] } = state.ctx.options;
  const builtinText = PREDEFINED.map(([name, value]) => `#define ${name} ${value}\n`).join('');
  const commandLine = [
    ...defines.map(({ name, value }) => `#define ${name} ${(value ?? '1').replace(/\n/g, ' ')}\n`),
    ...undefines.map((name) => `#undef ${name}\n`),
  ].join('');
  return {
    builtin: { name: '<built-in>', path: '<built-in>', text: builtinText, id: 0, system: true },
    commandLine: { name: '<command line>', path: '<command line>', text: commandLine, id: 0, system: true },
  };
}

/** Defines the macros whose value depends on where they are expanded. */
export function defineDynamicMacros(state: PreprocessorState, builtin: SourceFile): void {
  const loc = { file: builtin, line: 1, column: 1 };
  const define = (name: string, dynamic: (use: PPToken) => PPToken) =>
    state.macros.set(name, { name, params: null, variadic: false, body: [], loc, dynamic });
  const number = (use: PPToken, value: number) => makeToken('number', String(value), use.loc, false, false);
  define('__FILE__', (use) => stringToken(use, useLoc(use).file.name));
  define('__BASE_FILE__', (use) => stringToken(use, state.baseFile?.name ?? ''));
  define('__LINE__', (use) => number(use, presumedLine(state, use)));
  define('__COUNTER__', (use) => number(use, state.counter++));
  define('__INCLUDE_LEVEL__', (use) => number(use, state.fileDepth - 1));
}

// Inside a macro call spread over lines, `__LINE__` is the line of the call's `)`, as in clang
// (C11 leaves it unspecified): the last line read from the file unless the use is later still.
function presumedLine(state: PreprocessorState, use: PPToken): number {
  const at = useLoc(use);
  const read = state.lastFileLoc;
  if (use.expandedFrom === undefined || read === null || read.file !== at.file) return at.line;
  return Math.max(read.line, at.line);
}

/** A string literal token for `text` (as `__FILE__` spells a path: `\` and `"` escaped). */
export function stringToken(at: PPToken, text: string): PPToken {
  const body = text.replace(/[\\"]/g, '\\$&');
  return makeToken('string', `"${body}"`, at.loc, false, false, { bytes: decodeLiteralBody(body).bytes });
}
