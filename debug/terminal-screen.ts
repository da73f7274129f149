// What a program terminal (VS Code's Pseudoterminal, `oslab tty-bridge`) keeps of its screen
// besides showing the bytes: whether the cursor is at a line's start, so that a message of its
// own ("[program exited with code 0]") begins on a fresh line. Echo, line editing, ^C and the
// "\r\n" of each "\n" are the kernel's line discipline's (sim/kernel/tty-ldisc.ts): keys and
// output pass through these terminals raw.

export class ScreenLine {
  private atLineStart = true;

  /** Notes text the screen has shown. */
  shown(text: string): void {
    if (text !== '') this.atLineStart = text.endsWith('\n');
  }

  /** "\r\n" unless the cursor is at the start of a line: what precedes a message of the terminal's own. */
  freshLine(): string {
    if (this.atLineStart) return '';
    this.atLineStart = true;
    return '\r\n';
  }
}
