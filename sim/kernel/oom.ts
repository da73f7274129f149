// Running out of physical frames: first drop cached pages nobody maps (writing dirty ones of
// block-backed files back first), then kill the process with the most resident memory with
// SIGKILL and a reason (Linux's OOM killer, with resident pages as its badness). The fault or
// syscall that ran out then retries.

import { reclaimDirty } from '../fs/writeback';
import type { Kernel } from './kernel';
import type { Process } from './proc';
import { SIGKILL } from './signal';

export function outOfMemory(kernel: Kernel): void {
  // Clean pages first; dirty pages of block-backed files can go once written back.
  if (kernel.pageCache.shrink() > 0 || reclaimDirty(kernel) > 0) return;
  let victim: Process | undefined;
  for (const p of kernel.liveProcesses) if (!victim || p.aspace.residentPages > victim.aspace.residentPages) victim = p;
  if (!victim) throw new Error('out of memory with no process to kill');
  const message = `Out of memory: Killed process ${victim.pid} (${victim.comm}) anon-rss:${victim.aspace.residentPages * 4}kB`;
  kernel.notices.push(message);
  kernel.events.push({ kind: 'notice', cycles: kernel.now(), message });
  kernel.killProcess(victim, SIGKILL, message);
}
