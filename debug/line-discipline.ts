// A terminal's canonical-mode line discipline, as a tty does it, for the program terminals the
// debugger opens (VS Code's Pseudoterminal, `oslab tty-bridge`): keystrokes are echoed and edited
// (backspace, ^U, ^W) until Enter hands the line to the program; ^D on an empty line is end of
// file; ^C discards the line and interrupts. It lives on the host side until issue 8 gives the
// kernel's tty its own line discipline; then these terminals pass raw bytes and this goes away.
// Pure: typed text in, actions out, so both terminals share it and tests drive it directly.

export type DisciplineAction =
  /** Text to show on the terminal (the echo of what was typed or erased). */
  | { readonly kind: 'echo'; readonly text: string }
  /** Input for the program: a finished line with its "\n", or a line flushed by ^D. */
  | { readonly kind: 'send'; readonly text: string }
  | { readonly kind: 'eof' }
  | { readonly kind: 'interrupt' };

const ERASE_ONE = '\b \b';
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = 0x08;
const CTRL_U = 0x15;
const CTRL_W = 0x17;
const ESC = 0x1b;
const DEL = 0x7f;

export class LineDiscipline {
  /** The line being edited, one string per code point so that an erase removes a whole character. */
  private line: string[] = [];
  /** Inside an escape sequence (arrow keys, function keys): dropped, as the line has no cursor to move. */
  private escape: 'none' | 'esc' | 'csi' = 'none';
  /** A "\n" right after "\r" is one Enter (pasted CRLF), not two. */
  private afterCarriageReturn = false;
  private atLineStart = true;

  /** What the user typed, in order, as the actions it causes. */
  input(typed: string): DisciplineAction[] {
    const actions: DisciplineAction[] = [];
    for (const char of typed) this.key(char, actions);
    for (const action of actions) if (action.kind === 'echo') this.track(action.text);
    return actions;
  }

  /** Program output as the terminal must receive it: each "\n" a new line at column 0 (ONLCR). */
  output(text: string): string {
    this.track(text);
    return text.replace(/\n/g, '\r\n');
  }

  /** "\r\n" unless the cursor is at the start of a line: what precedes a message of the terminal's own. */
  freshLine(): string {
    if (this.atLineStart) return '';
    this.atLineStart = true;
    return '\r\n';
  }

  private key(char: string, actions: DisciplineAction[]): void {
    const code = char.codePointAt(0)!;
    const afterCarriageReturn = this.afterCarriageReturn;
    this.afterCarriageReturn = code === 0x0d;
    if (this.skipEscape(code)) return;
    switch (code) {
      case 0x0a:
        if (afterCarriageReturn) return;
        return this.enter(actions);
      case 0x0d:
        return this.enter(actions);
      case DEL:
      case BACKSPACE:
        return this.erase(1, actions);
      case CTRL_U:
        return this.erase(this.line.length, actions);
      case CTRL_W:
        return this.erase(this.wordLength(), actions);
      case CTRL_D:
        return this.endOfFile(actions);
      case CTRL_C:
        this.line = [];
        echo(actions, '^C');
        actions.push({ kind: 'interrupt' });
        return;
      case ESC:
        this.escape = 'esc';
        return;
    }
    // Other control characters mean nothing to a canonical line; tab is text.
    if (code < 0x20 && char !== '\t') return;
    this.line.push(char);
    echo(actions, char);
  }

  // ESC [ parameters final-byte (CSI), ESC O x (SS3), or ESC x: consumed whole.
  private skipEscape(code: number): boolean {
    if (this.escape === 'esc') {
      this.escape = code === 0x5b || code === 0x4f ? 'csi' : 'none';
      return true;
    }
    if (this.escape === 'csi') {
      if (code >= 0x40 && code <= 0x7e) this.escape = 'none';
      return true;
    }
    return false;
  }

  private enter(actions: DisciplineAction[]): void {
    echo(actions, '\r\n');
    actions.push({ kind: 'send', text: this.line.join('') + '\n' });
    this.line = [];
  }

  // ^D hands over what is typed so far without a newline; on an empty line that is a read of
  // zero bytes: end of file.
  private endOfFile(actions: DisciplineAction[]): void {
    if (this.line.length === 0) {
      actions.push({ kind: 'eof' });
      return;
    }
    actions.push({ kind: 'send', text: this.line.join('') });
    this.line = [];
  }

  private erase(count: number, actions: DisciplineAction[]): void {
    const n = Math.min(count, this.line.length);
    if (n === 0) return;
    this.line.length -= n;
    echo(actions, ERASE_ONE.repeat(n));
  }

  /** ^W: the blanks before the cursor, then the word before them. */
  private wordLength(): number {
    let i = this.line.length;
    while (i > 0 && /\s/.test(this.line[i - 1])) i--;
    while (i > 0 && !/\s/.test(this.line[i - 1])) i--;
    return this.line.length - i;
  }

  private track(text: string): void {
    if (text !== '') this.atLineStart = text.endsWith('\n');
  }
}

/** Adds echo text, merged with the echo just before it so that a paste shows in one write. */
function echo(actions: DisciplineAction[], text: string): void {
  const last = actions.at(-1);
  if (last?.kind === 'echo') actions[actions.length - 1] = { kind: 'echo', text: last.text + text };
  else actions.push({ kind: 'echo', text });
}
