// `-E`: preprocessed tokens as text the way gcc writes it. `# line "file" flags` markers say
// where text comes from (flag 1 entering an include, 2 returning to the includer, 3 in a system
// header); short gaps between lines are kept as blank lines so the output's lines stay near the
// source's. Tokens from a macro expansion print on the line of the macro's use, and a space goes
// between two tokens wherever printing them together would lex differently.

import type { CompileContext } from './context';
import type { SourceFile, Token } from './token';

/** Longest run of blank lines printed before a line marker is shorter (gcc uses 8). */
const MAX_BLANK_LINES = 8;

const MULTI_CHAR_PUNCTUATORS = new Set(['<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&',
  '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##', '//', '/*', '..', '%:', '<:', ':>', '<%', '%>']);

export function preprocessedText(ctx: CompileContext, tokens: readonly Token[]): string {
  const main = ctx.files[0];
  const parts: string[] = [];
  const includeStack: SourceFile[] = [];
  let file: SourceFile | null = null;
  let line = 1;
  let previous: Token | null = null;
  const marker = (to: SourceFile, at: number, flag: string) => {
    if (previous !== null) parts.push('\n');
    parts.push(`# ${at} ${JSON.stringify(to.name)}${flag}${to.system ? ' 3' : ''}\n`);
  };
  if (main !== undefined) {
    marker(main, 1, '');
    includeStack.push(main);
    file = main;
  }
  for (const token of tokens) {
    if (token.kind === 'eof') break;
    const at = token.expandedFrom ?? token.loc;
    if (at.file !== file) {
      const flag = enterOrLeave(includeStack, at.file);
      marker(at.file, at.line, flag);
      file = at.file;
      line = at.line;
      previous = null;
    } else if (at.line > line) {
      if (at.line - line > MAX_BLANK_LINES) marker(at.file, at.line, '');
      else parts.push('\n'.repeat(at.line - line));
      line = at.line;
      previous = null;
    }
    if (previous === null) {
      if (token.expandedFrom === undefined) parts.push(' '.repeat(Math.max(0, token.loc.column - 1)));
    } else if (token.hasSpace || wouldPaste(previous, token)) {
      parts.push(' ');
    }
    parts.push(token.text);
    previous = token;
  }
  parts.push('\n');
  return parts.join('');
}

// The flag of a marker moving to `to`: back to a file on the include stack is 2, anything else
// is a newly entered include (1). Files whose name `#line` changed are neither.
function enterOrLeave(stack: SourceFile[], to: SourceFile): string {
  const index = stack.indexOf(to);
  if (index >= 0) {
    stack.length = index + 1;
    return ' 2';
  }
  if (stack.some((f) => f.id === to.id)) return '';
  stack.push(to);
  return ' 1';
}

// Would `a` followed directly by `b` be read back as other tokens?
function wouldPaste(a: Token, b: Token): boolean {
  const last = a.text[a.text.length - 1];
  const first = b.text[0];
  if (last === undefined || first === undefined) return false;
  const word = /[\w$]/;
  if (word.test(last) && (word.test(first) || (a.kind === 'number' && first === '.'))) return true;
  if (a.kind === 'number' && /[eEpP]$/.test(a.text) && (first === '+' || first === '-')) return true;
  if (a.kind !== 'punct' || (b.kind !== 'punct' && !(a.text === '.' && b.kind === 'number'))) return false;
  if (a.text === '.' && /^\d/.test(b.text)) return true;
  return MULTI_CHAR_PUNCTUATORS.has(last + first) || MULTI_CHAR_PUNCTUATORS.has(a.text + b.text);
}
