// The file tree every process sees: a tmpfs root with Linux's usual directories, the file
// systems mounted on it (/dev, /proc, /workspace, /data), and the host-provided programs in
// /bin. Mounting puts a file system's root over a directory; path lookup (path.ts) crosses into
// it, and `..` from its root climbs back to the mountpoint's parent.

import type { Kernel } from '../kernel/kernel';
import { DirectoryInode, type Inode, type SuperBlock, type TimeNs } from './inode';
import { InodeNumbers, TmpfsDirectory } from './tmpfs';

export const ROOT_OWNER = { uid: 0, gid: 0 };
export const USER_OWNER = { uid: 1000, gid: 1000 };
/** The user's home, and the working directory of programs when no workspace is mounted. */
export const HOME = '/home/user';

/** One line of /proc/mounts. */
export interface Mount {
  readonly source: string;
  readonly path: string;
  readonly sb: SuperBlock;
  readonly root: DirectoryInode;
  readonly options: string;
}

export class Vfs {
  readonly root: TmpfsDirectory;
  readonly mounts: Mount[] = [];
  private readonly rootNumbers = new InodeNumbers(1);
  private anonymousMinor = 1;

  constructor(now: TimeNs) {
    const sb: SuperBlock = { type: 'tmpfs', dev: { major: 0, minor: 1 }, blockSize: 4096, readOnly: false };
    this.root = new TmpfsDirectory(sb, this.rootNumbers, 0o755, ROOT_OWNER, now, null, '');
    this.mounts.push({ source: 'rootfs', path: '/', sb, root: this.root, options: 'rw' });
  }

  /** A new file system's device: anonymous (major 0) ones numbered in mount order, as Linux's get_anon_bdev does. */
  anonymousDevice(type: string, readOnly = false, blockSize = 4096): SuperBlock {
    return { type, dev: { major: 0, minor: ++this.anonymousMinor }, blockSize, readOnly };
  }

  /** A directory of the root file system (made with its parents when missing). */
  directory(kernel: Kernel, path: string, perm = 0o755, owner = ROOT_OWNER): DirectoryInode {
    let dir: DirectoryInode = this.root;
    for (const name of path.split('/').filter(Boolean)) {
      let next = dir.lookup(name);
      if (!next) {
        const made = dir.create(kernel, name, { type: 'dir', perm, owner });
        if (typeof made === 'number') throw new Error(`cannot make ${path}`);
        next = made;
      }
      if (!(next instanceof DirectoryInode)) throw new Error(`${path}: not a directory`);
      dir = next.mounted ?? next;
    }
    return dir;
  }

  /** Mounts `root` over the directory at `path` (made if missing). */
  mount(kernel: Kernel, path: string, source: string, root: DirectoryInode, options = 'rw'): void {
    const at = this.directory(kernel, path);
    at.mounted = root;
    root.parent = at.parent;
    root.name = at.name;
    this.mounts.push({ source, path, sb: root.sb, root, options });
  }

  /** Puts a file the machine starts with (a program in /bin, /etc/passwd) at `path` on the root file system. */
  install(kernel: Kernel, path: string, make: (sb: SuperBlock, ino: number) => Inode): Inode {
    const slash = path.lastIndexOf('/');
    const dir = this.directory(kernel, path.slice(0, slash));
    if (!(dir instanceof TmpfsDirectory)) throw new Error(`${path}: not on the root file system`);
    const inode = make(dir.sb, this.rootNumbers.take());
    dir.add(kernel, path.slice(slash + 1), inode);
    return inode;
  }

  /** The directory `path` names, for a program the host starts: /workspace or the home by default, the root if it is missing. */
  workingDirectory(path?: string): DirectoryInode {
    let dir: DirectoryInode = this.root;
    const wanted = path ?? (this.mounts.some((m) => m.path === '/workspace') ? '/workspace' : HOME);
    for (const name of wanted.split('/').filter(Boolean)) {
      let next = name === '..' ? dir.parent : name === '.' ? dir : dir.lookup(name);
      while (next instanceof DirectoryInode && next.mounted) next = next.mounted;
      if (!(next instanceof DirectoryInode)) return this.root;
      dir = next;
    }
    return dir;
  }

  /** The absolute path of a directory (getcwd): its names up to the root. */
  pathOf(dir: DirectoryInode): string {
    const names: string[] = [];
    for (let d = dir; d !== this.root && d.parent !== d; d = d.parent) names.push(d.name);
    return '/' + names.reverse().join('/');
  }
}
