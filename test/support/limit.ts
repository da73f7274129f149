// A limiter for tests that each start a process of their own (the CLI, qemu): vitest's
// maxConcurrency would let more simulators than cores fight over them and make every one slower.
// Tests queue here, so each needs a timeout that covers the wait.
import { availableParallelism } from 'node:os';

/** Runs `job` when one of the slots (one per core, at least two) is free. */
export function createLimiter(slots = Math.max(2, availableParallelism())): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= slots) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
