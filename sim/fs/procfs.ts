// /proc: a file system whose files the kernel writes when they are read. The root lists the
// machine-wide files, `self`, `thread-self` and a directory per process in the table (zombies
// included); each process directory has its files (status, stat, maps, ...), its descriptors
// in fd/ as magic links, and its threads in task/. Nothing is stored: every lookup makes a
// fresh inode from the kernel's state, and inode numbers are handed out per name in order of
// first use, so they are stable for the run and the same in every run.

import type { Kernel } from '../kernel/kernel';
import type { Process } from '../kernel/proc';
import { BOOT_EPOCH_SECONDS } from '../kernel/sys-time';
import { formatMaps, formatSmaps } from '../kernel/procfs-format';
import { DirectoryInode, GeneratedInode, SymlinkInode, type DirEntry, type Inode, type SuperBlock } from './inode';
import { cmdlineText, commText, processTask, statmText, statText, statusText, type ProcTask } from './procfs-files';
import { vmaViews } from './procfs-mm';
import * as system from './procfs-system';
import { ROOT_OWNER } from './vfs';

const O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1;
const BOOT_NS = BOOT_EPOCH_SECONDS * 1e9;

/** Mounts a new /proc (the kernel does this at boot). */
export function mountProc(kernel: Kernel): void {
  const root = new ProcRoot(kernel, kernel.vfs.anonymousDevice('proc'));
  kernel.vfs.mount(kernel, '/proc', 'proc', root, 'rw,nosuid,nodev,noexec,relatime');
}

/** Inode numbers by name within one /proc: the root (named '') is made first and gets 1, as on Linux. */
class ProcNumbers {
  private readonly numbers = new Map<string, number>();

  of(key: string): number {
    let ino = this.numbers.get(key);
    if (ino === undefined) this.numbers.set(key, (ino = this.numbers.size + 1));
    return ino;
  }
}

/** What every inode of one /proc shares. */
interface Proc {
  readonly kernel: Kernel;
  readonly sb: SuperBlock;
  readonly numbers: ProcNumbers;
}

type Owner = { uid: number; gid: number };
type Text = (kernel: Kernel, reader: Process) => string;

class ProcFile extends GeneratedInode {
  constructor(proc: Proc, key: string, perm: number, owner: Owner, now: number, private readonly text: Text) {
    super(proc.sb, proc.numbers.of(key), perm, owner, now);
  }

  generate(kernel: Kernel, reader: Process): Uint8Array {
    return new TextEncoder().encode(this.text(kernel, reader));
  }
}

/** A symlink whose target the kernel computes; with `leadsTo`, a magic link to the inode itself. */
class ProcLink extends SymlinkInode {
  constructor(
    proc: Proc,
    key: string,
    perm: number,
    owner: Owner,
    now: number,
    private readonly to: (reader: Process) => string,
    private readonly leadsTo: ((reader: Process) => Inode | null) | null = null,
  ) {
    super(proc.sb, proc.numbers.of(key), perm, owner, now);
  }

  target(_kernel: Kernel, reader: Process): string {
    return this.to(reader);
  }

  override magic(_kernel: Kernel, reader: Process): Inode | null {
    return this.leadsTo ? this.leadsTo(reader) : null;
  }
}

/** The fixed entries of a directory, in the order getdents64 lists them. */
type Entries = readonly (readonly [name: string, make: () => Inode])[];

abstract class ProcDirectory extends DirectoryInode {
  constructor(
    protected readonly proc: Proc,
    key: string,
    perm: number,
    owner: Owner,
    now: number,
    parent: DirectoryInode | null,
    name: string,
  ) {
    super(proc.sb, proc.numbers.of(key), perm, owner, now, parent, name);
  }

  protected abstract fixed(): Entries;

  lookup(name: string): Inode | null {
    return this.fixed().find(([n]) => n === name)?.[1]() ?? null;
  }

  entries(): DirEntry[] {
    return this.fixed().map(([name, make]) => ({ name, inode: make() }));
  }

  override get size(): number {
    return 0;
  }
}

// The machine-wide files, by name: Linux lists a directory's registered entries shortest name
// first, then alphabetically.
const SYSTEM_FILES: readonly (readonly [string, Text])[] = [
  ['stat', (kernel, reader) => system.statText(kernel, reader)],
  ['mounts', (kernel) => system.mountsText(kernel)],
  ['uptime', (kernel, reader) => system.uptimeText(kernel, reader)],
  ['cpuinfo', (kernel) => system.cpuinfoText(kernel)],
  ['loadavg', (kernel) => system.loadavgText(kernel)],
  ['meminfo', (kernel) => system.meminfoText(kernel)],
  ['version', () => system.versionText()],
  ['filesystems', (kernel) => system.filesystemsText(kernel)],
];

/** The thread of `reader` that is making the call (the one on a hart), else its first live one. */
function callingThread(kernel: Kernel, reader: Process): number {
  return kernel.current.find((t) => t?.process === reader)?.tid ?? reader.liveThreads[0]?.tid ?? reader.pid;
}

class ProcRoot extends ProcDirectory {
  constructor(kernel: Kernel, sb: SuperBlock) {
    const proc: Proc = { kernel, sb, numbers: new ProcNumbers() };
    super(proc, '', 0o555, ROOT_OWNER, BOOT_NS, null, '');
  }

  protected fixed(): Entries {
    const proc = this.proc;
    return [
      ...SYSTEM_FILES.map(([name, text]) => [name, () => new ProcFile(proc, name, 0o444, ROOT_OWNER, BOOT_NS, text)] as const),
      ['self', () => new ProcLink(proc, 'self', 0o777, ROOT_OWNER, BOOT_NS, (reader) => `${reader.pid}`)],
      ['thread-self', () => new ProcLink(proc, 'thread-self', 0o777, ROOT_OWNER, BOOT_NS, (reader) => `${reader.pid}/task/${callingThread(proc.kernel, reader)}`)],
    ];
  }

  override lookup(name: string): Inode | null {
    if (/^[1-9][0-9]*$/.test(name)) {
      const process = this.proc.kernel.processes.get(Number(name));
      return process ? new ProcPidDirectory(this.proc, this, process.pid, null) : null;
    }
    return super.lookup(name);
  }

  override entries(): DirEntry[] {
    const pids = [...this.proc.kernel.processes.keys()].sort((a, b) => a - b);
    return [...super.entries(), ...pids.map((pid) => ({ name: `${pid}`, inode: new ProcPidDirectory(this.proc, this, pid, null) }))];
  }
}

/** The task a /proc directory describes now, or null once its process or thread is gone. */
function findTask(kernel: Kernel, pid: number, tid: number | null): ProcTask | null {
  const process = kernel.processes.get(pid);
  if (!process) return null;
  if (tid === null) return processTask(process);
  const thread = process.threads.find((t) => t.tid === tid);
  return thread ? { process, thread, whole: false } : null;
}

/** A process's or thread's files: what each says, given the task (absent once it is gone, as an empty file). */
const TASK_FILES: readonly (readonly [name: string, perm: number, text: (kernel: Kernel, task: ProcTask) => string])[] = [
  ['status', 0o444, (kernel, task) => statusText(kernel, task)],
  ['comm', 0o644, (_kernel, task) => commText(task.process)],
  ['cmdline', 0o444, (_kernel, task) => cmdlineText(task.process)],
  ['stat', 0o444, (kernel, task) => statText(kernel, task)],
  ['statm', 0o444, (kernel, task) => statmText(kernel, task.process)],
  ['maps', 0o444, (kernel, task) => formatMaps(vmaViews(kernel, task.process))],
];

/** /proc/PID, or /proc/PID/task/TID when `tid` is given. */
class ProcPidDirectory extends ProcDirectory {
  private readonly prefix: string;

  constructor(proc: Proc, parent: DirectoryInode, private readonly pid: number, private readonly tid: number | null) {
    const process = proc.kernel.processes.get(pid)!;
    const prefix = tid === null ? `${pid}` : `${pid}/task/${tid}`;
    super(proc, prefix, 0o555, process, startNs(proc.kernel, process), parent, `${tid ?? pid}`);
    this.prefix = prefix;
    this.nlink = tid === null ? 4 : 3;
  }

  protected fixed(): Entries {
    const { proc, pid, tid, prefix } = this;
    const process = proc.kernel.processes.get(pid);
    if (!process || !findTask(proc.kernel, pid, tid)) return [];
    const now = startNs(proc.kernel, process);
    const file = (name: string, perm: number, text: (kernel: Kernel, task: ProcTask) => string) =>
      new ProcFile(proc, `${prefix}/${name}`, perm, process, now, (kernel) => {
        const task = findTask(kernel, pid, tid);
        return task ? text(kernel, task) : '';
      });
    const link = (name: string, to: () => string, leadsTo: (() => Inode | null) | null) =>
      new ProcLink(proc, `${prefix}/${name}`, 0o777, process, now, to, leadsTo);
    const files = TASK_FILES.map(([name, perm, text]) => [name, () => file(name, perm, text)] as const);
    return [
      ...(tid === null ? [['task', () => new ProcTaskDirectory(proc, this, pid)] as const] : []),
      ['fd', () => new ProcFdDirectory(proc, this, pid, prefix)],
      ...files,
      ['cwd', () => link('cwd', () => (process.alive ? proc.kernel.vfs.pathOf(process.cwd) : ''), () => (process.alive ? process.cwd : null))],
      ['root', () => link('root', () => '/', () => proc.kernel.vfs.root)],
      ['exe', () => link('exe', () => process.path, null)],
      ['mounts', () => file('mounts', 0o444, (kernel) => system.mountsText(kernel))],
      ['smaps', () => file('smaps', 0o444, (kernel, task) => formatSmaps(vmaViews(kernel, task.process)))],
    ];
  }
}

/** When a process started, as a file time (its /proc entries carry it). */
function startNs(kernel: Kernel, process: Process): number {
  return BOOT_NS + Math.floor(kernel.cyclesToNs(process.startCycles));
}

/** /proc/PID/task: a directory per thread of the process (its leader alone once it is a zombie). */
class ProcTaskDirectory extends ProcDirectory {
  constructor(proc: Proc, parent: DirectoryInode, private readonly pid: number) {
    const process = proc.kernel.processes.get(pid)!;
    super(proc, `${pid}/task`, 0o555, process, startNs(proc.kernel, process), parent, 'task');
  }

  protected fixed(): Entries {
    const process = this.proc.kernel.processes.get(this.pid);
    if (!process) return [];
    const threads = process.alive ? process.liveThreads : process.threads.filter((t) => t.tid === process.pid);
    return threads.map((t) => [`${t.tid}`, () => new ProcPidDirectory(this.proc, this, this.pid, t.tid)] as const);
  }
}

/** /proc/PID/fd: one magic link per open descriptor, named by its number. */
class ProcFdDirectory extends ProcDirectory {
  constructor(proc: Proc, parent: DirectoryInode, private readonly pid: number, private readonly prefix: string) {
    const process = proc.kernel.processes.get(pid)!;
    super(proc, `${prefix}/fd`, 0o500, process, startNs(proc.kernel, process), parent, 'fd');
  }

  protected fixed(): Entries {
    const process = this.proc.kernel.processes.get(this.pid);
    if (!process) return [];
    const fds = [...process.fds.keys()].sort((a, b) => a - b);
    return fds.map((fd) => [`${fd}`, () => new ProcFdLink(this.proc, `${this.prefix}/fd/${fd}`, process, fd)] as const);
  }

  override get size(): number {
    return this.proc.kernel.processes.get(this.pid)?.fds.size ?? 0;
  }
}

// proc_fd_link's inode: readable and/or writable by the owner as the descriptor is, always
// searchable, and 64 bytes long whatever it points to.
class ProcFdLink extends SymlinkInode {
  constructor(proc: Proc, key: string, private readonly process: Process, private readonly fd: number) {
    const flags = process.fds.get(fd)?.file.flags ?? O_RDONLY;
    const mode = flags & O_ACCMODE;
    const perm = 0o100 | (mode !== O_WRONLY ? 0o400 : 0) | (mode !== O_RDONLY ? 0o200 : 0);
    super(proc.sb, proc.numbers.of(key), perm, process, startNs(proc.kernel, process));
  }

  target(): string {
    return this.process.fds.get(this.fd)?.file.target ?? '';
  }

  override magic(): Inode | null {
    const object = this.process.fds.get(this.fd)?.file.object;
    return object?.kind === 'file' ? object.inode : null;
  }

  override get size(): number {
    return 64;
  }
}
