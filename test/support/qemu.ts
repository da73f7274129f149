// Runs a fixture on the oracle, Debian's qemu-riscv32 user-mode emulator, as hermetically as we
// can: no network (unshare -n), an empty environment (env -i, so envp is empty and no QEMU_*
// variable leaks in), a fixed -seed (AT_RANDOM bytes), an 8 MiB stack and core dumps off. Gives the program's
// stdout, stderr and exit status, 128+N when qemu died of signal N (qemu re-raises the guest's
// fatal signal on itself, as a killed Linux process would).
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export interface RunOptions {
  args?: readonly string[];
  stdin?: string;
  /** Kill the run after this many milliseconds (reported as status -1). */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Exit code, or 128+signal when killed by a signal, or -1 on timeout. */
  status: number;
  /** The signal's name when killed by one. */
  signal?: string;
  ms: number;
}

/** Spawns argv[0] with stdin fed from a string and collects everything; shared with oslab.ts. */
export function runProcess(
  argv: readonly string[],
  stdin: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    // A program that exits without reading its stdin closes the pipe under us: not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const sigNum = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
      const status = timedOut ? -1 : code !== null ? code : 128 + (sigNum ?? 0);
      resolvePromise({
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('latin1'),
        status,
        signal: signal ?? undefined,
        ms: Date.now() - started,
      });
    });
  });
}

let unshareWorks: boolean | undefined;

/** Whether `unshare -n` can make a network namespace here (needs root or user namespaces). */
export function canUnshare(): boolean {
  if (unshareWorks === undefined) {
    const r = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    unshareWorks = !r.error && r.status === 0;
    if (!unshareWorks) {
      console.warn('oslab tests: `unshare -n` is not available here; running qemu-riscv32 without a private network namespace');
    }
  }
  return unshareWorks;
}

/** The command line that runs `elf` under qemu; exported so failures can print a repro line. */
export function qemuCommand(elf: string, args: readonly string[] = []): string[] {
  // sh sets the core limit to 0 (a guest crash would otherwise have qemu write a core file into
  // the cwd) and pins the stack limit, which qemu uses as the guest's stack size (so the stack
  // overflow fixture dies at the same depth everywhere), then execs, so the signal that kills
  // qemu is the one we observe.
  const inner = ['env', '-i', 'qemu-riscv32', '-seed', '1', elf, ...args];
  const limits = 'ulimit -c 0 && ulimit -s 8192 && exec "$@"';
  return ['sh', '-c', limits, 'sh', ...(canUnshare() ? ['unshare', '-n', ...inner] : inner)];
}

export function runQemu(elf: string, opts: RunOptions = {}): Promise<RunResult> {
  return runProcess(qemuCommand(elf, opts.args), opts.stdin ?? '', opts.timeoutMs ?? 20_000, { PATH: process.env.PATH });
}
