// /dev: the character devices programs expect — null (swallows writes, reads end of file), zero
// (reads zeros), full (writes fail with ENOSPC), random and urandom (the machine's seeded
// generator, so runs repeat), and tty (the controlling terminal: the console, when it is one) —
// plus /dev/fd and /dev/std{in,out,err} as links into /proc/self/fd, as udev makes them.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import type { ConsoleStream } from '../kernel/file';
import { readConsole, writeConsole } from '../kernel/tty';
import type { SyscallResult } from '../kernel/syscall';
import { DeviceInode, SymlinkInode, type DeviceIo, type SuperBlock } from './inode';
import { InodeNumbers, TmpfsDirectory } from './tmpfs';
import { ROOT_OWNER } from './vfs';

const TTY_GID = 5;
/** Linux's cap on one read from /dev/urandom's and /dev/zero's point of view: the transfer is bounded anyway. */
const CHUNK = 1 << 20;

type Behaviour = Pick<DeviceInode, 'read' | 'write'> & { openable?: (kernel: Kernel) => boolean };

class CharDevice extends DeviceInode {
  constructor(sb: SuperBlock, ino: number, perm: number, now: number, readonly rdev: { major: number; minor: number }, private readonly behaviour: Behaviour, gid = 0) {
    super(sb, ino, perm, { uid: 0, gid }, now);
  }

  read(io: DeviceIo, buf: number, length: number): SyscallResult {
    return this.behaviour.read(io, buf, length);
  }

  write(io: DeviceIo, buf: number, length: number): SyscallResult {
    return this.behaviour.write(io, buf, length);
  }

  override openable(kernel: Kernel): boolean {
    return this.behaviour.openable?.(kernel) ?? true;
  }
}

class DevLink extends SymlinkInode {
  constructor(sb: SuperBlock, ino: number, now: number, private readonly link: string) {
    super(sb, ino, 0o777, ROOT_OWNER, now);
  }
  target(): string {
    return this.link;
  }
}

/** Fills the caller's buffer with `length` bytes made by `make`. */
function produce(io: DeviceIo, buf: number, length: number, make: (n: number) => Uint8Array): SyscallResult {
  const n = Math.min(length, CHUNK);
  return io.process.aspace.copyOut(buf, make(n)) ? n : -Errno.EFAULT;
}

/** Checks that the caller's bytes are readable, then accepts them all. */
function swallow(io: DeviceIo, buf: number, length: number): SyscallResult {
  return length === 0 || io.process.aspace.copyIn(buf, Math.min(length, 1)) ? length : -Errno.EFAULT;
}

const TERMINAL: ConsoleStream = { kind: 'tty', stream: 0, target: '/dev/tty' };

/** Makes /dev and mounts it. */
export function mountDev(kernel: Kernel): void {
  const vfs = kernel.vfs;
  const sb = vfs.anonymousDevice('devtmpfs');
  const numbers = new InodeNumbers(1);
  const now = kernel.realtimeNs();
  const root = new TmpfsDirectory(sb, numbers, 0o755, ROOT_OWNER, now, null, 'dev');
  const random = (io: DeviceIo, buf: number, length: number) => produce(io, buf, length, (n) => kernel.random.fill(new Uint8Array(n)));
  const devices: [string, number, number, Behaviour, number?][] = [
    ['null', 3, 0o666, { read: () => 0, write: swallow }],
    ['zero', 5, 0o666, { read: (io, buf, length) => produce(io, buf, length, (n) => new Uint8Array(n)), write: swallow }],
    ['full', 7, 0o666, { read: (io, buf, length) => produce(io, buf, length, (n) => new Uint8Array(n)), write: () => -Errno.ENOSPC }],
    ['random', 8, 0o666, { read: random, write: swallow }],
    ['urandom', 9, 0o666, { read: random, write: swallow }],
  ];
  for (const [name, minor, perm, behaviour] of devices) root.add(kernel, name, new CharDevice(sb, numbers.take(), perm, now, { major: 1, minor }, behaviour));
  const tty: Behaviour = {
    read: (io, buf, length) => (length === 0 ? 0 : readConsole(io.kernel, io.process, TERMINAL, buf, length)),
    write: (io, buf, length) => writeConsole(io.kernel, io.process, TERMINAL, buf, length),
    openable: (k) => k.config.tty[0],
  };
  root.add(kernel, 'tty', new CharDevice(sb, numbers.take(), 0o666, now, { major: 5, minor: 0 }, tty, TTY_GID));
  const links: [string, string][] = [['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'], ['stderr', '/proc/self/fd/2']];
  for (const [name, target] of links) root.add(kernel, name, new DevLink(sb, numbers.take(), now, target));
  vfs.mount(kernel, '/dev', 'devtmpfs', root, 'rw,nosuid,relatime,mode=755');
}
