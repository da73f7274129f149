// The tokenizer (C11 6.4): every kind of token, literal decoding with all escapes, comments,
// line splices with true physical locations, and the lexing errors with file:line:col.

import { describe, expect, it } from 'vitest';
import { CompileContext } from '../../../sim/toolchain/cc/context';
import { tokenize } from '../../../sim/toolchain/cc/tokenize';

function lex(text: string): { tokens: ReturnType<typeof tokenize>; errors: string[] } {
  const ctx = new CompileContext({ file: 't.c', text, host: { readFile: () => null } });
  const file = ctx.addFile('t.c', 't.c', text, false);
  const tokens = tokenize(ctx, file);
  return { tokens, errors: ctx.diag.errors.map((e) => e.message) };
}

const texts = (text: string): string[] => lex(text).tokens.map((t) => t.text);
const charValue = (literal: string): number | undefined => lex(literal).tokens[0].value;
const stringBytes = (literal: string): number[] => [...(lex(literal).tokens[0].bytes ?? [])];

describe('tokens', () => {
  it('splits identifiers, numbers and punctuators by longest match', () => {
    expect(texts('x->y <<= a+++b ... .5e+3f 0x1fUL a..b')).toEqual(
      ['x', '->', 'y', '<<=', 'a', '++', '+', 'b', '...', '.5e+3f', '0x1fUL', 'a', '.', '.', 'b', '']);
    expect(texts('1.2.3e-x 0x1p-3 12_ab')).toEqual(['1.2.3e-x', '0x1p-3', '12_ab', '']);
    expect(texts('a##b # %: %:%: <: :> <% %>')).toEqual(['a', '##', 'b', '#', '#', '##', '[', ']', '{', '}', '']);
  });

  it('keeps keywords as identifiers (the preprocessor classifies them)', () => {
    expect(lex('int if').tokens.map((t) => t.kind)).toEqual(['ident', 'ident', 'eof']);
  });

  it('marks tokens at a line start and after white space or comments', () => {
    const { tokens } = lex('a b/**/c\n  d//x\ne');
    expect(tokens.map((t) => [t.text, t.atLineStart, t.hasSpace])).toEqual([
      ['a', true, false], ['b', false, true], ['c', false, true], ['d', true, true], ['e', true, false], ['', true, false]]);
  });

  it('removes line splices anywhere, keeping physical lines and columns', () => {
    const { tokens } = lex('in\\\nt x = 1\\\n2;\n"ab\\\ncd" y');
    expect(tokens.map((t) => t.text)).toEqual(['int', 'x', '=', '12', ';', '"abcd"', 'y', '']);
    expect(tokens.map((t) => `${t.loc.line}:${t.loc.column}`)).toEqual(['1:1', '2:3', '2:5', '2:7', '3:2', '4:1', '5:5', '5:6']);
    expect(tokens[6].atLineStart).toBe(false);
  });
});

describe('locations', () => {
  it('counts columns in UTF-8 bytes, as gcc and clang do, and skips a byte order mark', () => {
    const { tokens } = lex('/* é */ x "€" y\nz');
    expect(tokens.map((t) => `${t.text}@${t.loc.line}:${t.loc.column}`)).toEqual(['x@1:10', '"€"@1:12', 'y@1:18', 'z@2:1', '@2:2']);
    expect(lex('\ufeffint').tokens[0].text).toBe('int');
  });
});

describe('character constants', () => {
  it('decodes every escape', () => {
    const cases: [string, number][] = [["'a'", 97], ["'\\n'", 10], ["'\\t'", 9], ["'\\\\'", 92], ["'\\''", 39], ["'\\\"'", 34],
      ["'\\?'", 63], ["'\\a'", 7], ["'\\b'", 8], ["'\\f'", 12], ["'\\v'", 11], ["'\\r'", 13], ["'\\e'", 27], ["'\\0'", 0],
      ["'\\101'", 65], ["'\\377'", 255], ["'\\x41'", 65], ["'\\x0041'", 65], ['\'"\'', 34]];
    for (const [literal, value] of cases) expect([literal, charValue(literal)]).toEqual([literal, value]);
  });

  it('treats plain char as unsigned and packs multi-character constants like clang', () => {
    expect(charValue("'\\xff'")).toBe(255);
    expect(charValue("'ab'")).toBe(0x6162);
    expect(charValue("'abcd'")).toBe(0x61626364);
    expect(charValue("'\\xff\\xff\\xff\\xff'")).toBe(-1);
  });

  it('reports bad escapes and empty or wide constants', () => {
    expect(lex("'\\x100'").errors[0]).toContain('hex escape sequence out of range');
    expect(lex("''").errors[0]).toContain('empty character constant');
    expect(lex("L'a'").errors[0]).toContain('wide character constants are not supported');
  });
});

describe('string literals', () => {
  it('decodes escapes to bytes and text to UTF-8', () => {
    expect(stringBytes('"a\\n\\x41\\101\\0z"')).toEqual([97, 10, 65, 65, 0, 122]);
    expect(stringBytes('"é€"')).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(stringBytes('"\\u00e9"')).toEqual([0xc3, 0xa9]);
    expect(stringBytes('u8"hi"')).toEqual([104, 105]);
    expect(lex('u8"hi"').tokens[0].text).toBe('u8"hi"');
  });

  it('rejects wide strings clearly', () => {
    for (const prefix of ['L', 'u', 'U']) expect(lex(`${prefix}"x"`).errors[0]).toContain('wide strings are not supported');
  });
});

describe('lexing errors', () => {
  it('reports unterminated comments, strings and chars, and invalid characters, with file:line:col and a caret', () => {
    expect(lex('int a;\n  /* never closed').errors).toEqual(['t.c:2:3: error: unterminated comment\n  /* never closed\n  ^']);
    expect(lex('x = "abc\n;').errors[0]).toMatch(/^t\.c:1:5: error: missing terminating " character/);
    expect(lex("\n 'a").errors[0]).toMatch(/^t\.c:2:2: error: missing terminating ' character/);
    expect(lex('a @ b').errors[0]).toMatch(/^t\.c:1:3: error: invalid character '@' in source/);
  });

  it('continues after an error', () => {
    const { tokens, errors } = lex('a ` b');
    expect(errors).toHaveLength(1);
    expect(tokens.map((t) => t.text)).toEqual(['a', '`', 'b', '']);
  });
});
