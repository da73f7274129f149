// The terminal's ioctls, on fds 0–2 when they are a pseudo-terminal (like /dev/pts/0) and on
// /dev/tty: its settings (TCGETS, TCSETS, TCSETSW, TCSETSF), window size, foreground process
// group (TIOCGPGRP, TIOCSPGRP), session (TIOCGSID, TIOCSCTTY), unread input (FIONREAD) and
// flushing. Without a terminal (`tty` in the config: output to a pipe or file) the fds are
// pipes and answer ENOTTY. C libraries ask before their first write: glibc (and oslab's libc)
// make stdout line-buffered only on a terminal. (Its stat is fs/stat.ts's.)

import { Errno } from './errno';
import type { FileObject } from './file';
import { groupMembers } from './job-control';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { SIGTTOU, SIGWINCH } from './signal';
import type { SyscallHandler, SyscallResult } from './syscall';
import { checkForeground, signalForeground, ttySession } from './tty';
import { L, TERMIOS_SIZE, decodeTermios, encodeTermios, flushInput, queuedInput, setTermios } from './tty-ldisc';
import { DeviceInode } from '../fs/inode';

const TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409, TCXONC = 0x540a, TCFLSH = 0x540b;
const TIOCSCTTY = 0x540e, TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
const FIONREAD = 0x541b, TIOCGSID = 0x5429;
const TCIFLUSH = 0, TCIOFLUSH = 2;
/** /dev/tty: the controlling terminal, whichever fd it was opened as. */
const DEV_TTY = { major: 5, minor: 0 };

export const TTY_SYSCALLS: Record<string, SyscallHandler> = {
  ioctl: ({ kernel, process }, [fd, request, arg]) => {
    const object = process.fds.get(fd)?.file.object;
    if (!object) return -Errno.EBADF;
    // A pipe answers FIONREAD too: the bytes waiting in it.
    if (object.kind === 'pipe' && request >>> 0 === FIONREAD) return process.aspace.writeU32(arg >>> 0, object.pipe.size) ? 0 : -Errno.EFAULT;
    return isTerminal(kernel, object) ? terminalIoctl(kernel, process, request >>> 0, arg >>> 0) : -Errno.ENOTTY;
  },
};

function isTerminal(kernel: Kernel, object: FileObject): boolean {
  if (object.kind === 'tty') return kernel.config.tty[object.stream];
  if (object.kind !== 'file' || !(object.inode instanceof DeviceInode)) return false;
  const { major, minor } = object.inode.rdev;
  return major === DEV_TTY.major && minor === DEV_TTY.minor;
}

function terminalIoctl(kernel: Kernel, process: Process, request: number, arg: number): SyscallResult {
  const tty = kernel.tty;
  const aspace = process.aspace;
  const putInt = (value: number) => (aspace.writeU32(arg, value) ? 0 : -Errno.EFAULT);
  switch (request) {
    case TCGETS:
      return aspace.copyOut(arg, encodeTermios(tty.termios)) ? 0 : -Errno.EFAULT;
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
      const check = checkForeground(kernel, process, SIGTTOU);
      if (check !== 0) return check;
      const bytes = aspace.copyIn(arg, TERMIOS_SIZE);
      if (bytes === null) return -Errno.EFAULT;
      // Output is never queued here, so TCSETSW has nothing to wait for.
      setTermios(tty, decodeTermios(bytes));
      if (request === TCSETSF) flushInput(tty);
      kernel.wake('console-input'); // a reader may be satisfied under the new settings
      return 0;
    }
    case TIOCGWINSZ:
      return aspace.copyOut(arg, winsizeBytes(tty.winsize)) ? 0 : -Errno.EFAULT;
    case TIOCSWINSZ: {
      const bytes = aspace.copyIn(arg, 8);
      if (bytes === null) return -Errno.EFAULT;
      const view = new DataView(bytes.buffer);
      const next = { rows: view.getUint16(0, true), cols: view.getUint16(2, true), xpixel: view.getUint16(4, true), ypixel: view.getUint16(6, true) };
      const changed = JSON.stringify(next) !== JSON.stringify(tty.winsize);
      tty.winsize = next;
      if (changed) signalForeground(kernel, tty, SIGWINCH);
      return 0;
    }
    case TIOCGPGRP:
      return ttySession(kernel) === process.sid ? putInt(tty.pgrp) : -Errno.ENOTTY;
    case TIOCSPGRP:
      return setForeground(kernel, process, arg);
    case TIOCGSID:
      return ttySession(kernel) === process.sid ? putInt(tty.session) : -Errno.ENOTTY;
    case TIOCSCTTY:
      return takeControl(kernel, process);
    case FIONREAD:
      return putInt(tty.termios.lflag & L.ICANON ? tty.lines.reduce((n, l) => n + l.length, 0) : queuedInput(tty));
    case TIOCOUTQ:
      return putInt(0);
    case TCFLSH: {
      if (arg > TCIOFLUSH) return -Errno.EINVAL;
      const check = checkForeground(kernel, process, SIGTTOU);
      if (check !== 0) return check;
      if (arg === TCIFLUSH || arg === TCIOFLUSH) flushInput(tty);
      return 0;
    }
    case TCSBRK:
    case TCXONC:
      return 0; // no output waits to drain, and flow control is not simulated
    default:
      return -Errno.ENOTTY;
  }
}

// tcsetpgrp: only from the terminal's session, to a group of that session; from a background
// group it first stops the caller (SIGTTOU), unless that is ignored or blocked — which is why
// a shell ignores SIGTTOU before it takes the terminal back from a job.
function setForeground(kernel: Kernel, process: Process, arg: number): SyscallResult {
  const check = checkForeground(kernel, process, SIGTTOU);
  if (check === -Errno.EIO) return -Errno.ENOTTY;
  if (check !== 0) return check;
  const bytes = process.aspace.copyIn(arg, 4);
  if (bytes === null) return -Errno.EFAULT;
  const pgrp = new DataView(bytes.buffer).getInt32(0, true);
  if (pgrp < 0) return -Errno.EINVAL;
  if (ttySession(kernel) !== process.sid) return -Errno.ENOTTY;
  const members = groupMembers(kernel, pgrp);
  if (members.length === 0) return -Errno.ESRCH;
  if (members.some((p) => p.sid !== process.sid)) return -Errno.EPERM;
  kernel.tty.pgrp = pgrp;
  return 0;
}

// TIOCSCTTY: a session leader without a terminal takes this one, if no other session has it.
function takeControl(kernel: Kernel, process: Process): SyscallResult {
  const session = ttySession(kernel);
  if (session === process.sid) return 0;
  if (process.pid !== process.sid || session !== 0) return -Errno.EPERM;
  kernel.tty.session = process.sid;
  kernel.tty.pgrp = process.pgid;
  return 0;
}

function winsizeBytes(w: { rows: number; cols: number; xpixel: number; ypixel: number }): Uint8Array {
  return new Uint8Array(new Uint16Array([w.rows, w.cols, w.xpixel, w.ypixel]).buffer);
}
