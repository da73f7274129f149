// Inode numbers for what has no file system yet: files mapped into memory (by their contents'
// identity), MAP_SHARED anonymous objects, pipes. Handed out in order of first use, so a run's
// numbers are the same every time.

export class Inodes {
  private readonly files = new Map<string, number>();
  private shmIds = 1;
  private pipes = 1000;

  /** A mapped file's inode: stable per file identity. */
  file(id: string): number {
    let inode = this.files.get(id);
    if (inode === undefined) this.files.set(id, (inode = 1000 + this.files.size));
    return inode;
  }

  /** An identity for a new MAP_SHARED anonymous object. */
  nextShm(): number {
    return this.shmIds++;
  }

  /** A new pipe's inode (pipefs numbers them in order; 100–102 are the console's). */
  nextPipe(): number {
    return this.pipes++;
  }
}
