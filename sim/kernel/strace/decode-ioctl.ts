// ioctl as strace's term_ioctl prints the terminal requests: structs read after the call for
// the getters (TCGETS, TIOCGWINSZ) and before for the setters, ints through a pointer for the
// process-group and byte-count requests (`[1234]`), plain values for TCFLSH/TCXONC/TCSBRK, and
// nothing for requests without an argument. Unknown requests show as _IOC(...), their argument in hex.

import { IOCTL_REQUESTS, TCFLSH_QUEUES, TCXONC_ACTIONS, flagsText, xlatText, type Xlat } from './decode-flags';
import { termiosText, winsizeText } from './decode-structs';
import { intPointerText, structArg, succeeded, type CallContext } from './call-context';
import { hex } from './quote';

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409, TCXONC = 0x540a, TCFLSH = 0x540b;
const TIOCSCTTY = 0x540e, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
// TIOCGPGRP, TIOCOUTQ, FIONREAD, TIOCGETD, TIOCGSID: the kernel writes the int.
const INT_OUT = new Set([0x540f, 0x5411, 0x541b, 0x5424, 0x5429]);
// TIOCSPGRP, FIONBIO, TIOCSETD, FIOASYNC: the kernel reads it.
const INT_IN = new Set([0x5410, 0x5421, 0x5423, 0x5452]);
// TIOCEXCL, TIOCNXCL, TIOCNOTTY, FIONCLEX, FIOCLEX.
const NO_ARGUMENT = new Set([0x540c, 0x540d, 0x5422, 0x5450, 0x5451]);

function requestArg(ctx: CallContext, request: number): string | null {
  const arg = ctx.args[2];
  switch (request) {
    case TCGETS:
      return structArg(ctx, arg, succeeded(ctx), termiosText);
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
      return structArg(ctx, arg, true, termiosText);
    case TIOCGWINSZ:
      return structArg(ctx, arg, succeeded(ctx), winsizeText);
    case TIOCSWINSZ:
      return structArg(ctx, arg, true, winsizeText);
    case TCFLSH:
      return xlatText(TCFLSH_QUEUES, arg, 'TC???');
    case TCXONC:
      return xlatText(TCXONC_ACTIONS, arg, 'TC???');
    case TCSBRK:
    case TIOCSCTTY:
      return String(arg | 0);
    default:
      if (INT_OUT.has(request)) return intPointerText(ctx, arg, succeeded(ctx));
      if (INT_IN.has(request)) return intPointerText(ctx, arg, true);
      if (NO_ARGUMENT.has(request)) return null;
      return arg >>> 0 === 0 ? '0' : hex(arg);
  }
}

const IOC_DIRECTIONS: Xlat = [[2, '_IOC_READ'], [1, '_IOC_WRITE']];

// An unknown request split into the fields of its _IOC() encoding (asm-generic/ioctl.h).
function requestText(request: number): string {
  const known = IOCTL_REQUESTS.find(([v]) => v === request);
  if (known) return known[1];
  const printfHex = (n: number) => (n === 0 ? '0' : hex(n));
  const direction = flagsText(IOC_DIRECTIONS, request >>> 30, '_IOC_NONE');
  return `_IOC(${direction}, ${printfHex((request >>> 8) & 0xff)}, ${printfHex(request & 0xff)}, ${printfHex((request >>> 16) & 0x3fff)})`;
}

export function ioctl(ctx: CallContext): string[] {
  const request = ctx.args[1] >>> 0;
  const head = [String(ctx.args[0] | 0), requestText(request)];
  const arg = requestArg(ctx, request);
  return arg === null ? head : [...head, arg];
}
