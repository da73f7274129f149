// /sys/kernel/tracing: the kernel's own tracer, reached through files as Linux's ftrace is. A
// pid written to set_event_pid is traced with the processes it forks from then on (ftrace's
// event-fork option); trace_pipe gives the trace, consumed as it is read, one line per system
// call, signal and exit in strace's format (the same decoder as `oslab run --trace`). A read
// waits for lines; unlike ftrace's it sees end of file once every traced process has ended and
// every line is read, so `trace CMD` (the userland's strace) knows when to stop. The files are
// the user's: the machine has one user, and tracing is what it is for.

import { Errno } from '../kernel/errno';
import type { Kernel } from '../kernel/kernel';
import { SyscallTracer } from '../kernel/strace/tracer';
import { sleep, type SyscallResult } from '../kernel/syscall';
import { GeneratedInode, StreamInode, type DeviceIo, type SuperBlock } from './inode';
import { InodeNumbers, TmpfsDirectory } from './tmpfs';
import { ROOT_OWNER, USER_OWNER } from './vfs';

/** What the tracer has: the traced pids and the lines not read yet. */
class TraceSession {
  readonly pids = new Set<number>();
  pending = '';

  constructor(
    private readonly kernel: Kernel,
    readonly tracer: SyscallTracer,
  ) {}

  /** The lines the tracer holds back for a later event (the last exits), once nothing else will come. */
  release(): void {
    this.pending += this.tracer.flush().map((line) => line + '\n').join('');
  }

  /** Whether anything traced can still add lines. */
  get live(): boolean {
    for (const pid of this.pids) if (this.kernel.processes.get(pid)?.alive) return true;
    return false;
  }
}

/** set_event_pid: reading lists the traced pids; writing adds pids (O_TRUNC clears them first). */
class EventPidFile extends GeneratedInode {
  constructor(sb: SuperBlock, ino: number, now: number, private readonly session: TraceSession) {
    super(sb, ino, 0o644, USER_OWNER, now);
  }

  generate(): Uint8Array {
    return new TextEncoder().encode([...this.session.pids].map((p) => `${p}\n`).join(''));
  }

  override accept(_kernel: Kernel, bytes: Uint8Array): number {
    const words = new TextDecoder().decode(bytes).split(/\s+/).filter(Boolean);
    if (words.some((w) => !/^\d+$/.test(w))) return -Errno.EINVAL;
    for (const word of words) this.session.pids.add(Number(word));
    return bytes.length;
  }

  override truncated(): void {
    this.session.pids.clear();
  }
}

/** trace_pipe: the trace, consumed as it is read. */
class TracePipe extends StreamInode {
  readonly type = 'reg' as const;

  constructor(sb: SuperBlock, ino: number, now: number, private readonly session: TraceSession) {
    super(sb, ino, 0o444, USER_OWNER, now);
  }

  read(io: DeviceIo, buf: number, length: number): SyscallResult {
    const session = this.session;
    if (session.pending === '' && !session.live) session.release();
    if (session.pending === '') return session.live ? sleep({ kind: 'trace' }) : 0;
    const bytes = new TextEncoder().encode(session.pending);
    const taken = bytes.subarray(0, length);
    if (!io.process.aspace.copyOut(buf, taken)) return -Errno.EFAULT;
    session.pending = new TextDecoder().decode(bytes.subarray(taken.length));
    return taken.length;
  }

  write(): SyscallResult {
    return -Errno.EINVAL;
  }
}

/** Makes /sys/kernel/tracing and starts listening to the kernel's events for the traced pids. */
export function mountTracing(kernel: Kernel): void {
  const vfs = kernel.vfs;
  vfs.directory(kernel, 'sys/kernel');
  const sb = vfs.anonymousDevice('tracefs');
  const numbers = new InodeNumbers(1);
  const now = kernel.realtimeNs();
  const root = new TmpfsDirectory(sb, numbers, 0o755, ROOT_OWNER, now, null, 'tracing');
  const tracer = new SyscallTracer((pid, va, length) => kernel.processes.get(pid)?.aspace.peek(va >>> 0, length) ?? null, {
    cyclesToNs: (cycles) => kernel.cyclesToNs(cycles),
    stackPointer: (tid) => {
      const thread = kernel.thread(tid);
      return thread ? (thread.hart >= 0 ? kernel.harts[thread.hart].regs[2] : thread.regs[2]) >>> 0 : null;
    },
  });
  const session = new TraceSession(kernel, tracer);
  root.add(kernel, 'set_event_pid', new EventPidFile(sb, numbers.take(), now, session));
  root.add(kernel, 'trace_pipe', new TracePipe(sb, numbers.take(), now, session));
  kernel.events.subscribe((event) => {
    if (session.pids.size === 0 || !('pid' in event)) return;
    if (event.kind === 'process' && session.pids.has(event.ppid)) session.pids.add(event.pid);
    if (!session.pids.has(event.pid)) return;
    const lines = tracer.lines(event);
    if (lines.length === 0) return;
    session.pending += lines.map((line) => line + '\n').join('');
    kernel.wake('trace');
  });
  vfs.mount(kernel, '/sys/kernel/tracing', 'tracefs', root, 'rw,nosuid,nodev,noexec,relatime');
}

