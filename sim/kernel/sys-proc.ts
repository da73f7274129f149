// Process and thread identity and lifetime syscalls: exit, exit_group, getpid and friends,
// set_tid_address.

import type { SyscallHandler } from './syscall';
import { NO_RETURN } from './syscall';

/** Everyone runs as an ordinary user: uid and gid 1000, like a desktop Linux account. */
export const USER_ID = 1000;

export const PROC_SYSCALLS: Record<string, SyscallHandler> = {
  exit: ({ kernel, thread }, [code]) => {
    kernel.exitThread(thread, code & 0xff);
    return NO_RETURN;
  },
  exit_group: ({ kernel, process }, [code]) => {
    kernel.exitProcess(process, { kind: 'exited', code: code & 0xff });
    return NO_RETURN;
  },
  getpid: ({ process }) => process.pid,
  getppid: ({ process }) => process.ppid,
  gettid: ({ thread }) => thread.tid,
  getuid: () => USER_ID,
  geteuid: () => USER_ID,
  getgid: () => USER_ID,
  getegid: () => USER_ID,
  set_tid_address: ({ thread }, [tidptr]) => {
    thread.clearChildTid = tidptr >>> 0;
    return thread.tid;
  },
};
