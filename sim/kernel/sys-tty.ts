// The terminal as programs probe it: fds 0–2 are a character device (a pseudo-terminal, like
// /dev/pts/0) that answers statx and the TCGETS/TIOCGWINSZ ioctls — or, when the machine is set
// up without a terminal (`tty` in the config: output to a pipe or file), a pipe that does not. C libraries ask both before
// their first write — glibc (and oslab's libc) make stdout line-buffered only when it is a
// terminal — so without them every C program would meet ENOSYS. Kernel II's VFS takes over the
// path lookups; until then there are no files, so a path names nothing.

import { Errno } from './errno';
import type { SyscallHandler } from './syscall';
import { USER_ID } from './sys-proc';

const AT_EMPTY_PATH = 0x1000;
const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256;
const S_IFCHR = 0o020000;
const PTS_MAJOR = 136;
const TTY_GID = 5;
const TCGETS = 0x5401;
const TIOCGWINSZ = 0x5413;

// What `stty -a` shows on a fresh Linux pseudo-terminal (ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD,
// ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN) and its default control characters.
const TERMIOS_FLAGS = [0x0500, 0x0005, 0x00bf, 0x8a3b];
const TERMIOS_CC = [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0];
const WINDOW = { rows: 24, cols: 80 };

const S_IFIFO = 0o010000;
const PIPEFS_MINOR = 13;


export const TTY_SYSCALLS: Record<string, SyscallHandler> = {
  statx: ({ kernel, process }, [dirfd, pathPtr, flags, , buf]) => {
    const path = process.aspace.readString(pathPtr >>> 0);
    if (path === null) return -Errno.EFAULT;
    if (path !== '' || !(flags & AT_EMPTY_PATH)) return -Errno.ENOENT;
    const object = process.fds.get(dirfd)?.file.object;
    if (!object) return -Errno.EBADF;
    const stat = object.kind === 'pipe' ? pipeStatx(object.pipe.inode) : kernel.config.tty[object.stream] ? terminalStatx() : pipeStatx(100 + object.stream);
    return process.aspace.copyOut(buf >>> 0, stat) ? 0 : -Errno.EFAULT;
  },
  ioctl: ({ kernel, process }, [fd, request, arg]) => {
    const object = process.fds.get(fd)?.file.object;
    if (!object) return -Errno.EBADF;
    if (object.kind !== 'tty' || !kernel.config.tty[object.stream]) return -Errno.ENOTTY;
    switch (request >>> 0) {
      case TCGETS:
        return process.aspace.copyOut(arg >>> 0, termios()) ? 0 : -Errno.EFAULT;
      case TIOCGWINSZ:
        return process.aspace.copyOut(arg >>> 0, new Uint8Array(new Uint16Array([WINDOW.rows, WINDOW.cols, 0, 0]).buffer)) ? 0 : -Errno.EFAULT;
      default:
        return -Errno.ENOTTY;
    }
  },
};

// struct statx (include/uapi/linux/stat.h): the fields a C library's fstat reads.
function terminalStatx(): Uint8Array {
  const bytes = new Uint8Array(STATX_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, STATX_BASIC_STATS, true); // stx_mask
  view.setUint32(4, 1024, true); // stx_blksize
  view.setUint32(16, 1, true); // stx_nlink
  view.setUint32(20, USER_ID, true);
  view.setUint32(24, TTY_GID, true);
  view.setUint16(28, S_IFCHR | 0o620, true); // stx_mode: crw--w----
  view.setUint32(32, 3, true); // stx_ino (low word)
  view.setUint32(128, PTS_MAJOR, true); // stx_rdev_major; minor 0: /dev/pts/0
  view.setUint32(140, 24, true); // stx_dev_minor: the devpts mount
  return bytes;
}

// What a pipe from the host looks like: a FIFO on pipefs, owned by the user.
function pipeStatx(inode: number): Uint8Array {
  const bytes = new Uint8Array(STATX_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, STATX_BASIC_STATS, true);
  view.setUint32(4, 4096, true);
  view.setUint32(16, 1, true);
  view.setUint32(20, USER_ID, true);
  view.setUint32(24, USER_ID, true);
  view.setUint16(28, S_IFIFO | 0o600, true);
  view.setUint32(32, inode, true);
  view.setUint32(140, PIPEFS_MINOR, true);
  return bytes;
}

// struct termios as the kernel's TCGETS fills it (asm-generic: four flag words, c_line, c_cc[19]).
function termios(): Uint8Array {
  const bytes = new Uint8Array(36);
  const view = new DataView(bytes.buffer);
  TERMIOS_FLAGS.forEach((flag, i) => view.setUint32(i * 4, flag, true));
  bytes.set(TERMIOS_CC, 17);
  return bytes;
}
