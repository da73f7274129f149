// What every Node entry point (the CLI, the debug adapter, the bench) puts in a machine's file
// tree: the userland's programs from the sysroot's bin/ folder, installed in /bin, and the
// user's folder seen at /workspace through the overlay — read from disk as the machine asks,
// written back only when the user opted in to write-through (`--mount-rw`).

import { mkdirSync, openSync, readSync, closeSync, readdirSync, lstatSync, readlinkSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { HostStat, HostTree, HostWriter, MachineFiles } from '../sim/machine';
import { sysrootDir } from './sysroot';

export interface FilesChoice {
  /** The host folder seen at /workspace; none when omitted. */
  readonly workspace?: string;
  /** Let the machine's changes under /workspace reach the host folder. */
  readonly writeThrough?: boolean;
}

export function machineFiles(choice: FilesChoice): MachineFiles {
  return { install: userland(), workspace: choice.workspace ? hostTree(choice.workspace, choice.writeThrough ?? false) : undefined };
}

/** The sysroot's programs, as /bin/NAME → bytes (none when the sysroot has no bin/ folder). */
function userland(): Map<string, Uint8Array> {
  const dir = join(sysrootDir(), 'bin');
  const files = new Map<string, Uint8Array>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) files.set(`/bin/${name}`, readFileSync(join(dir, name)));
  return files;
}

/** A host folder as the machine's overlay reads it; paths that would leave the folder name nothing. */
export function hostTree(root: string, writeThrough: boolean): HostTree {
  const base = resolve(root);
  const at = (path: string): string | null => {
    const full = resolve(base, path);
    return full === base || full.startsWith(base + sep) ? full : null;
  };
  const writer: HostWriter = {
    writeFile: (path, bytes) => {
      const full = at(path);
      if (full) writeFileSync(full, bytes);
    },
    mkdir: (path) => {
      const full = at(path);
      if (full) mkdirSync(full, { recursive: true });
    },
    remove: (path, directory) => {
      const full = at(path);
      if (full) rmSync(full, { recursive: directory, force: true });
    },
    rename: (from, to) => {
      const a = at(from), b = at(to);
      if (a && b) renameSync(a, b);
    },
  };
  return {
    stat: (path): HostStat | null => {
      const full = at(path);
      if (!full) return null;
      try {
        const st = lstatSync(full);
        const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : null;
        if (!kind) return null;
        return { kind, size: st.size, mtimeMs: Math.floor(st.mtimeMs), perm: st.mode & 0o7777, target: kind === 'symlink' ? readlinkSync(full) : undefined };
      } catch {
        return null;
      }
    },
    list: (path) => {
      const full = at(path);
      try {
        return full ? readdirSync(full) : [];
      } catch {
        return [];
      }
    },
    read: (path, offset, length) => {
      const full = at(path);
      const out = new Uint8Array(length);
      if (!full) return out;
      const fd = openSync(full, 'r');
      try {
        readSync(fd, out, 0, length, offset);
      } finally {
        closeSync(fd);
      }
      return out;
    },
    writer: writeThrough ? writer : undefined,
  };
}
