// The file tree a machine boots with: Linux's usual directories on a tmpfs root, /dev, the files
// the host provides (the programs in /bin, /etc's user database), the user's home, and the
// workspace overlay when the host gives a folder.

import type { Kernel } from '../kernel/kernel';
import { mountDev } from './devices';
import { mountProc } from './procfs';
import { mountTracing } from './tracefs';
import { mountData } from './blockfs';
import type { DiskKind } from './blockdev';
import { MemoryFile, mountWorkspace, type HostTree } from './hostfs';
import { HOME, ROOT_OWNER, USER_OWNER } from './vfs';

/** What the host puts in the machine's file tree. */
export interface MachineFiles {
  /** Files the machine starts with, by absolute path: the userland's programs in /bin (executable), and any others. */
  readonly install?: ReadonlyMap<string, Uint8Array>;
  /** The user's folder, seen at /workspace (see hostfs.ts for what writes do). */
  readonly workspace?: HostTree;
}

const ETC: Record<string, string> = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:oslab user:/home/user:/bin/sh\n',
  group: 'root:x:0:\ntty:x:5:user\nuser:x:1000:\n',
  hostname: 'oslab\n',
  'os-release': 'NAME="oslab"\nID=oslab\nPRETTY_NAME="oslab simulated Linux (riscv32)"\n',
};

/** Builds the tree; `disk` is the kind of device under /data. */
export function bootFiles(kernel: Kernel, files: MachineFiles, disk: DiskKind): void {
  const vfs = kernel.vfs;
  for (const dir of ['bin', 'etc', 'lib', 'root', 'usr/bin', 'var']) vfs.directory(kernel, dir);
  vfs.directory(kernel, 'tmp', 0o1777);
  vfs.directory(kernel, HOME, 0o755, USER_OWNER);
  mountDev(kernel);
  mountProc(kernel);
  mountTracing(kernel);
  mountData(kernel, { disk });
  const now = kernel.realtimeNs();
  const encoder = new TextEncoder();
  for (const [name, text] of Object.entries(ETC)) vfs.install(kernel, `/etc/${name}`, (sb, ino) => new MemoryFile(sb, ino, 0o644, ROOT_OWNER, now, encoder.encode(text)));
  for (const [path, bytes] of files.install ?? []) {
    const perm = path.startsWith('/bin/') || path.startsWith('/usr/bin/') ? 0o755 : 0o644;
    vfs.install(kernel, path, (sb, ino) => new MemoryFile(sb, ino, perm, ROOT_OWNER, now, bytes));
  }
  if (files.workspace) mountWorkspace(kernel, files.workspace);
}
