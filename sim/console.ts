// The host side of the machine's terminal: where a program's stdout and stderr go and where its
// stdin comes from. The CLI, the debug adapter and tests each provide one; the kernel never
// touches the host directly.

export interface HostConsole {
  /** Output of fd 1 or 2, in order. */
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /**
   * Up to `max` bytes of input: an empty array means end of file, null means nothing is ready
   * yet (the reader sleeps until `Machine.consoleReadable()` is called).
   */
  read(max: number): Uint8Array | null;
}

/** A console over fixed input that collects output: for tests and headless checks. */
export class BufferConsole implements HostConsole {
  readonly stdout: number[] = [];
  readonly stderr: number[] = [];
  private offset = 0;
  private readonly input: Uint8Array;

  constructor(input: string | Uint8Array = '') {
    this.input = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  }

  write(fd: 1 | 2, bytes: Uint8Array): void {
    const sink = fd === 1 ? this.stdout : this.stderr;
    for (const b of bytes) sink.push(b);
  }

  read(max: number): Uint8Array {
    const chunk = this.input.subarray(this.offset, this.offset + max);
    this.offset += chunk.length;
    return chunk;
  }

  text(fd: 1 | 2 = 1): string {
    return new TextDecoder().decode(new Uint8Array(fd === 1 ? this.stdout : this.stderr));
  }
}
