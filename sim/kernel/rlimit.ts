// Resource limits (getrlimit/setrlimit through prlimit64): Linux's resource numbers and its
// defaults for an ordinary user, inherited across fork. Infinity stands for RLIM_INFINITY.

export const RLIMIT = {
  CPU: 0, FSIZE: 1, DATA: 2, STACK: 3, CORE: 4, RSS: 5, NPROC: 6, NOFILE: 7,
  MEMLOCK: 8, AS: 9, LOCKS: 10, SIGPENDING: 11, MSGQUEUE: 12, NICE: 13, RTPRIO: 14, RTTIME: 15,
} as const;

export const RLIMIT_NAMES: readonly string[] = Object.keys(RLIMIT);
export const RLIM_NLIMITS = RLIMIT_NAMES.length;

export interface Rlimit {
  soft: number;
  hard: number;
}

export class Rlimits {
  constructor(private readonly limits: Rlimit[]) {}

  get(resource: number): Rlimit {
    return { ...this.limits[resource] };
  }

  soft(resource: number): number {
    return this.limits[resource].soft;
  }

  set(resource: number, limit: Rlimit): void {
    this.limits[resource] = { ...limit };
  }

  clone(): Rlimits {
    return new Rlimits(this.limits.map((l) => ({ ...l })));
  }
}

/**
 * Linux's defaults (as `ulimit -a` shows them on a desktop): 8 MiB of stack, 1024 open files
 * (hard 65536, so a program may raise it itself), no core files, and a process limit the
 * kernel derives from memory (`nproc`, set by the kernel from max_threads / 2).
 */
export function defaultRlimits(nproc = 512): Rlimits {
  const inf = Infinity;
  const limits: Rlimit[] = RLIMIT_NAMES.map(() => ({ soft: inf, hard: inf }));
  limits[RLIMIT.STACK] = { soft: 8 * 1024 * 1024, hard: inf };
  limits[RLIMIT.CORE] = { soft: 0, hard: inf };
  limits[RLIMIT.NPROC] = { soft: nproc, hard: nproc };
  limits[RLIMIT.NOFILE] = { soft: 1024, hard: 65536 };
  limits[RLIMIT.MEMLOCK] = { soft: 8 * 1024 * 1024, hard: 8 * 1024 * 1024 };
  limits[RLIMIT.SIGPENDING] = { soft: nproc, hard: nproc };
  limits[RLIMIT.MSGQUEUE] = { soft: 819200, hard: 819200 };
  limits[RLIMIT.NICE] = { soft: 0, hard: 0 };
  limits[RLIMIT.RTPRIO] = { soft: 0, hard: 0 };
  return new Rlimits(limits);
}
