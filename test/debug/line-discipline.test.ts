// The program terminal's line discipline, typed at as a user would: what the screen shows (the
// echo) and what the program reads, for editing keys, Enter, ^D, ^C and output newlines.

import { describe, expect, it } from 'vitest';
import { LineDiscipline, type DisciplineAction } from '../../debug/line-discipline';

/** Types every chunk; returns the screen (echo) and what the program received, eof as ⟨EOF⟩, ^C as ⟨INT⟩. */
function type(...chunks: string[]): { screen: string; program: string } {
  const discipline = new LineDiscipline();
  const actions: DisciplineAction[] = chunks.flatMap((chunk) => discipline.input(chunk));
  let screen = '';
  let program = '';
  for (const action of actions) {
    if (action.kind === 'echo') screen += action.text;
    else if (action.kind === 'send') program += action.text;
    else program += action.kind === 'eof' ? '⟨EOF⟩' : '⟨INT⟩';
  }
  return { screen, program };
}

describe('the line discipline', () => {
  it('echoes what is typed and hands the line over only at Enter, with its newline', () => {
    expect(type('hel', 'lo')).toEqual({ screen: 'hello', program: '' });
    expect(type('hello\r')).toEqual({ screen: 'hello\r\n', program: 'hello\n' });
    expect(type('one\rtwo\r')).toEqual({ screen: 'one\r\ntwo\r\n', program: 'one\ntwo\n' });
  });

  it('takes a pasted CRLF or a bare LF as one Enter', () => {
    expect(type('a\r\nb\n').program).toBe('a\nb\n');
  });

  it('erases one character per backspace or DEL, a whole character even outside ASCII', () => {
    expect(type('abc\x7f\x7fx\r')).toEqual({ screen: 'abc\b \b\b \bx\r\n', program: 'ax\n' });
    expect(type('né\x08e\r').program).toBe('ne\n');
    expect(type('a🙂\x7f\r').program).toBe('a\n');
    // Nothing to erase: nothing echoed.
    expect(type('\x7f\x7fok\r')).toEqual({ screen: 'ok\r\n', program: 'ok\n' });
  });

  it('kills the line with ^U and the last word with ^W', () => {
    expect(type('wrong line\x15right\r').program).toBe('right\n');
    expect(type('wrong line\x15').screen).toBe('wrong line' + '\b \b'.repeat(10));
    expect(type('cat dog  \x17bird\r').program).toBe('cat bird\n');
    expect(type('one\x17\x17two\r').program).toBe('two\n');
  });

  it('sends end of file for ^D on an empty line, and flushes a partial line without newline otherwise', () => {
    expect(type('\x04').program).toBe('⟨EOF⟩');
    expect(type('abc\x04').program).toBe('abc');
    expect(type('abc\x04\x04').program).toBe('abc⟨EOF⟩');
    expect(type('line\r\x04').program).toBe('line\n⟨EOF⟩');
  });

  it('discards the line on ^C, echoes ^C and interrupts', () => {
    expect(type('half typed\x03')).toEqual({ screen: 'half typed^C', program: '⟨INT⟩' });
    expect(type('lost\x03kept\r').program).toBe('⟨INT⟩kept\n');
  });

  it('drops arrow and function keys, even split across chunks, and other control characters', () => {
    expect(type('a\x1b[Ab\x1bOPc\x1b[1;5Dd\r').program).toBe('abcd\n');
    expect(type('a\x1b', '[', 'Cb\r').program).toBe('ab\n');
    expect(type('a\x07\x01b\tc\r').program).toBe('ab\tc\n');
  });

  it('turns program newlines into CR LF and knows when a message needs a fresh line', () => {
    const discipline = new LineDiscipline();
    expect(discipline.output('a\nb\n')).toBe('a\r\nb\r\n');
    expect(discipline.freshLine()).toBe('');
    discipline.output('prompt> ');
    expect(discipline.freshLine()).toBe('\r\n');
    discipline.input('typed');
    expect(discipline.freshLine()).toBe('\r\n');
    discipline.input('\r');
    expect(discipline.freshLine()).toBe('');
  });
});
